//! Table `law_article`: statute articles, so a legal basis links to the words of the law.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "law_article")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub law_slug: String,
    pub law_title: String,
    pub number: i32,
    pub label: String,
    pub chapter: Option<String>,
    pub section: Option<String>,
    /// Paragraphs joined by newlines.
    pub text: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
