//! Table `entrustment`. R1 委托书.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "entrustment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub entrusting_id: i64,
    pub entrusted_id: i64,
    /// 委托书文号
    pub document_no: String,
    pub scope: String,
    pub valid_from: Date,
    pub valid_until: Date,
    pub publication_url: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
