//! sanxiang-ledger: tamper evidence (LOG-1..4). Pure computation over bytes: hashing (SM3 by
//! default, SHA-256 selectable), the RFC 6962 tree and its proofs, C2SP tlog-tiles paths, and
//! C2SP signed notes and checkpoints. Storage and HTTP live in other crates.

pub mod chain;
pub mod checkpoint;
pub mod cosignature;
pub mod entry;
pub mod hash;
pub mod note;
pub mod package;
pub mod proof;
pub mod seal;
pub mod stored;
pub mod tiles;
pub mod tlog_proof;
pub mod tree;
pub mod witness;
