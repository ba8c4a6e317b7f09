//! Table `certificate`. REG-2 行政执法证. `status` is the stored status; expiry is derived from the date.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "certificate")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub officer_id: i64,
    #[sea_orm(unique)]
    pub number: String,
    /// 执法类别
    pub category: String,
    /// 执法区域
    pub area: String,
    /// 发证机关
    pub issued_by: String,
    pub valid_from: Date,
    pub valid_until: Date,
    /// `CertificateStatus` code (never `expired`).
    pub status: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
