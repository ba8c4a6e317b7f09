//! Gap-free case numbers per agency and year, taken inside the recording transaction; an index
//! for an agency's case list filtered by procedure.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0008_case_counter"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("case_counter")
                    .col(big_integer("agency_id"))
                    .col(integer("year"))
                    .col(big_integer("last"))
                    .primary_key(Index::create().col("agency_id").col("year"))
                    .take(),
            )
            .await?;
        // An agency's list filtered by procedure, newest first, without scanning the agency.
        manager
            .create_index(
                Index::create()
                    .name("ix_cases_agency_id_kind_created_at")
                    .table("cases")
                    .col("agency_id")
                    .col("kind")
                    .col("created_at")
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("case_counter").take())
            .await
    }
}
