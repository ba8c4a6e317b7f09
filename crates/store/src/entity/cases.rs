//! Table `cases` (GLOSSARY `Case`; `case` is an SQL keyword). The projection of a case's acts
//! that lists and filters need; the record itself is `case_act`.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "cases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The case's public number; also its id in the ledger's entries.
    #[sea_orm(unique)]
    pub case_no: String,
    pub agency_id: i64,
    /// `ProcedureKind` code.
    pub kind: String,
    /// The matter's 执法类别 and 执法区域 (checked against the officers' certificates, R2).
    pub matter_category: String,
    pub matter_area: String,
    /// 案由
    pub cause: String,
    /// The party's name (its identifiers are only in the sealed acts).
    pub party_name: String,
    /// `Stage` code after the latest act.
    pub stage: String,
    pub act_count: i64,
    /// Case-chain head after the latest act (`sanxiang-case/v1`).
    #[serde(skip)]
    pub chain_head: Vec<u8>,
    pub closed: bool,
    pub created_at: DateTimeUtc,
    pub created_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
