//! Table `catalog_item`: one item of a catalog version, its domain value as JSON in `data`
//! (a `Matter`, `MajorReviewRule`, `SpotCheckItem`, `AvRule`, `DiscretionStandard` or
//! `ServiceGuide`), with the columns lists sort and filter by.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "catalog_item")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub version_id: i64,
    pub agency_id: i64,
    pub seq: i32,
    pub code: Option<String>,
    pub name: String,
    /// `MatterKind::code` for powers and guides.
    pub matter_kind: Option<String>,
    pub data: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
