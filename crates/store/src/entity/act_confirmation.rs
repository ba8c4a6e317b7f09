//! Table `act_confirmation`: a named officer's confirmation of an act, pending or given (CASE-2).

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "act_confirmation")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub certificate_no: String,
    pub agency_id: i64,
    pub case_no: String,
    pub act_kind: String,
    pub act_at: DateTime,
    pub requested_by: Option<i64>,
    pub requested_at: DateTimeUtc,
    pub confirmed_by: Option<i64>,
    pub confirmed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
