//! Table `case_reviewer`: a 法制审核人员 (user) assigned to a case (CASE-6).

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "case_reviewer")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub assigned_by: Option<i64>,
    pub assigned_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
