//! Table `ledger_timestamp`. LOG-4: the RFC 3161 token a time-stamping authority issued over a
//! checkpoint's text; it bounds in trusted time every entry the checkpoint covers.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "ledger_timestamp")]
pub struct Model {
    /// The stamped checkpoint.
    #[sea_orm(primary_key, auto_increment = false)]
    pub checkpoint_size: i64,
    /// The TimeStampToken (CMS SignedData), DER.
    #[serde(skip)]
    pub token: Vec<u8>,
    /// genTime of the token.
    pub gen_time: DateTimeUtc,
    /// The TSA that signed it (subject of its certificate).
    pub tsa: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
