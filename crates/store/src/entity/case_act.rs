//! Table `case_act` (GLOSSARY `Act`). CASE-2: one recorded act, appended, never updated; its
//! body is the act as JSON sealed with SM4-GCM (it carries parties' identifiers and addresses).

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "case_act")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_id: i64,
    /// Position in the case, from 1, without gaps.
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    /// `ActKind` code.
    pub kind: String,
    /// When the act took place (China Standard Time).
    pub at: DateTime,
    #[serde(skip)]
    pub body: Vec<u8>,
    /// Position of the act's entry in the global log.
    #[sea_orm(unique)]
    pub ledger_index: i64,
    /// Case-chain head after this act.
    #[serde(skip)]
    pub chain_head: Vec<u8>,
    /// WARN violations recorded with the act (JSON).
    pub warnings: String,
    pub recorded_by: Option<i64>,
    pub recorded_at: DateTimeUtc,
    /// CASE-2: a 补录, recorded well after `at` (the reason is in the sealed body).
    pub late_entry: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
