//! Catalogs (CAT-1..6): versions with their items, and statute articles for legal-basis links.
//! A published version's rows are never updated (the repository refuses; C2).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0009_catalogs"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("catalog_version")
                    .col(big_pk_auto("id"))
                    .col(big_integer("agency_id"))
                    .col(string("kind"))
                    .col(integer("version_no"))
                    .col(string("title"))
                    .col(string("status"))
                    .col(date_null("effective_from"))
                    .col(date_null("effective_to"))
                    .col(string_null("source_list_id"))
                    .col(string_null("source_issuer"))
                    .col(string_null("source_url"))
                    .col(text_null("note"))
                    .col(integer("item_count"))
                    .col(string_null("content_sm3"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("published_at"))
                    .col(big_integer_null("published_by"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_catalog_version_agency_id")
                            .from("catalog_version", "agency_id")
                            .to("agency", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_catalog_version_agency_kind_no")
                    .table("catalog_version")
                    .col("agency_id")
                    .col("kind")
                    .col("version_no")
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("catalog_item")
                    .col(big_pk_auto("id"))
                    .col(big_integer("version_id"))
                    .col(big_integer("agency_id"))
                    .col(integer("seq"))
                    .col(string_null("code"))
                    .col(string("name"))
                    .col(string_null("matter_kind"))
                    .col(text("data"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_catalog_item_version_id")
                            .from("catalog_item", "version_id")
                            .to("catalog_version", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        // A version's items by kind in list order (the portal's paginated lists).
        manager
            .create_index(
                Index::create()
                    .name("ix_catalog_item_version_kind_seq")
                    .table("catalog_item")
                    .col("version_id")
                    .col("matter_kind")
                    .col("seq")
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("law_article")
                    .col(big_pk_auto("id"))
                    .col(string("law_slug"))
                    .col(string("law_title"))
                    .col(integer("number"))
                    .col(string("label"))
                    .col(string_null("chapter"))
                    .col(string_null("section"))
                    .col(text("text"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_law_article_slug_number")
                    .table("law_article")
                    .col("law_slug")
                    .col("number")
                    .unique()
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["law_article", "catalog_item", "catalog_version"] {
            manager.drop_table(Table::drop().table(t).take()).await?;
        }
        Ok(())
    }
}
