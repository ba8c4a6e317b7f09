//! Table `catalog_version`: one version of one agency's catalog of one kind (C2).

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "catalog_version")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub agency_id: i64,
    /// `CatalogKind::code`.
    pub kind: String,
    /// 1, 2, … per agency and kind.
    pub version_no: i32,
    pub title: String,
    /// `draft` or `published`.
    pub status: String,
    pub effective_from: Option<Date>,
    pub effective_to: Option<Date>,
    /// Where the list was published, for imported lists.
    pub source_list_id: Option<String>,
    pub source_issuer: Option<String>,
    pub source_url: Option<String>,
    pub note: Option<String>,
    pub item_count: i32,
    /// SM3 of the canonical item JSON, set when published: the version's fingerprint.
    pub content_sm3: Option<String>,
    pub created_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
    pub published_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
