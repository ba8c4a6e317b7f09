//! Table `agency`. REG-1 执法主体.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "agency")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub name: String,
    pub short_name: String,
    /// `AgencyNature` code.
    pub nature: String,
    pub credit_code: Option<String>,
    /// GB/T 2260 code of the division the agency belongs to (drives supervisors' scope).
    pub division_code: String,
    pub parent_id: Option<i64>,
    /// `Funding` code.
    pub funding: String,
    /// 编制数
    pub staffing: i32,
    /// 执法类别 / 领域, e.g. 市场监管.
    pub category: String,
    /// 职责职权
    pub duties: String,
    pub legal_representative: String,
    pub address: String,
    pub complaint_phone: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
