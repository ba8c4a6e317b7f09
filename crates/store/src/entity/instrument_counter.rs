//! Table `instrument_counter`: the last document number given per agency, number word and year
//! (gap-free numbering of 文书).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "instrument_counter")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub agency_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub word: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i32,
    pub last: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
