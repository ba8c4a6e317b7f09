//! Table `certificate_event`. REG-2: each status change of a certificate, appended, never updated.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "certificate_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub certificate_id: i64,
    /// `issue`, `suspend`, `reinstate` or `revoke`.
    pub change: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: String,
    pub actor_id: Option<i64>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
