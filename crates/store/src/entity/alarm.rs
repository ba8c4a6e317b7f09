//! Table `alarm`: a deadline alarm raised by the daily job (CASE-5), one per deadline and level.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "alarm")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub deadline_id: i64,
    pub case_id: i64,
    pub agency_id: i64,
    pub rule: String,
    pub what: String,
    pub due: Date,
    /// `due_soon` (within 3 working days) or `overdue`.
    pub level: String,
    pub raised_on: Date,
    pub acknowledged_at: Option<DateTimeUtc>,
    pub acknowledged_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
