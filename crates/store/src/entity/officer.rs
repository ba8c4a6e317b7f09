//! Table `officer`. REG-2 执法人员 (and REG-3 reviewers: `is_reviewer`).

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "officer")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub agency_id: i64,
    pub name: String,
    /// `M` or `F`.
    pub sex: String,
    /// Personal data: shown masked; reading it is audited.
    pub id_number: Option<String>,
    /// Personal data.
    pub phone: Option<String>,
    /// 岗位
    pub post: String,
    /// REG-3: works as a legal reviewer (法制审核人员).
    pub is_reviewer: bool,
    /// R8: holds 法律职业资格.
    pub legal_qualified: bool,
    pub legal_qualified_on: Option<Date>,
    /// R8: date of the first legal review performed.
    pub first_review_on: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
