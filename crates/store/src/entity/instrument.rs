//! Table `instrument`: one issued document (文书). Inserted with the act that issued it, never
//! updated; the PDF is the evidence store's blob named by `sm3` (also an `evidence` row).

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "instrument")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub case_id: i64,
    /// The act that issued it.
    pub act_seq: i64,
    /// `InstrumentKind` code.
    pub kind: String,
    /// 文号; none for kinds without a number word (records, lists, receipts).
    pub number: Option<String>,
    /// SM3 of the PDF, hex (the blob's name; in the act's `instruments`).
    pub sm3: String,
    pub sha256: String,
    pub size: i64,
    pub pages: i32,
    pub template_version: i32,
    pub issued_on: Date,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
