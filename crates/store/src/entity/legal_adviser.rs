//! Table `legal_adviser`. REG-3 法律顾问 / 公职律师 pool.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "legal_adviser")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The agency that engaged the adviser; `None` for the shared pool of a system.
    pub agency_id: Option<i64>,
    pub name: String,
    /// `adviser` (法律顾问) or `public_lawyer` (公职律师).
    pub kind: String,
    /// Law firm or employing unit.
    pub organisation: String,
    /// The system whose shared pool the adviser belongs to (e.g. 市场监管系统).
    pub pool: String,
    pub legal_qualified: bool,
    pub valid_until: Option<Date>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
