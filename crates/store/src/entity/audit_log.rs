//! Table `audit_log`. SEC-4: every write and every read of a person's details.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub actor_role: String,
    /// e.g. `officer.create`, `officer.read_personal`, `login.failed`.
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    /// `ok` or `denied`.
    pub outcome: String,
    /// JSON before the write (personal fields masked).
    pub before: Option<String>,
    /// JSON after the write (personal fields masked).
    pub after: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
