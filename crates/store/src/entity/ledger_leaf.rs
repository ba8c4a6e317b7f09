//! Table `ledger_leaf`. LOG-1: one leaf of the global log per recorded entry; appended, never updated.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "ledger_leaf")]
pub struct Model {
    /// Position in the log, from 0, without gaps.
    #[sea_orm(primary_key, auto_increment = false)]
    pub idx: i64,
    /// The canonical entry bytes (`sanxiang-entry/v1`).
    pub entry: Vec<u8>,
    /// RFC 6962 leaf hash of `entry`.
    pub leaf_hash: Vec<u8>,
    pub appended_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
