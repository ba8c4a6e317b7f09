//! Evidence linked to cases (CASE-4): the blobs live in the evidence store (content-addressed
//! by SM3); these rows say which case each belongs to, what it is and who uploaded it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0006_evidence"
    }
}

fn to_case(table: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_case_id"))
        .from(table, "case_id")
        .to("cases", "id")
        .on_delete(ForeignKeyAction::Restrict)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("evidence_upload")
                    .col(string("upload_id").primary_key())
                    .col(big_integer("case_id"))
                    .col(big_integer_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut to_case("evidence_upload"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("evidence")
                    .col(big_pk_auto("id"))
                    .col(big_integer("case_id"))
                    .col(string("sm3"))
                    .col(string("sha256"))
                    .col(string("chunk_root"))
                    .col(big_integer("size"))
                    .col(string("kind"))
                    .col(string("content_type"))
                    .col(string("file_name"))
                    .col(string_null("device_serial"))
                    .col(timestamp_with_time_zone_null("capture_start"))
                    .col(timestamp_with_time_zone_null("capture_end"))
                    .col(big_integer_null("uploaded_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut to_case("evidence"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_evidence_case_id_sm3")
                    .table("evidence")
                    .col("case_id")
                    .col("sm3")
                    .unique()
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("evidence").take())
            .await?;
        manager
            .drop_table(Table::drop().table("evidence_upload").take())
            .await
    }
}
