//! SeaORM entities, one file per table. Relations are expressed in repository queries.

pub mod agency;
pub mod app_user;
pub mod audit_log;
pub mod case_act;
pub mod case_counter;
pub mod cases;
pub mod catalog_item;
pub mod catalog_version;
pub mod certificate;
pub mod certificate_event;
pub mod deadline;
pub mod entrustment;
pub mod evidence;
pub mod evidence_upload;
pub mod holiday;
pub mod instrument;
pub mod instrument_counter;
pub mod law_article;
pub mod ledger_checkpoint;
pub mod ledger_leaf;
pub mod ledger_meta;
pub mod ledger_node;
pub mod ledger_timestamp;
pub mod legal_adviser;
pub mod officer;
pub mod session;
