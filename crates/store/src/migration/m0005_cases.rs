//! Cases and their acts (CASE-1, CASE-2). The table is `cases`: `case` is an SQL keyword.
//! Acts are appended, never updated; `cases` holds the projection the lists need.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0005_cases"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("cases")
                    .col(big_pk_auto("id"))
                    .col(string_uniq("case_no"))
                    .col(big_integer("agency_id"))
                    .col(string("kind"))
                    .col(string("matter_category"))
                    .col(string("matter_area"))
                    .col(string("cause"))
                    .col(string("party_name"))
                    .col(string("stage"))
                    .col(big_integer("act_count"))
                    .col(blob("chain_head"))
                    .col(boolean("closed"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(big_integer_null("created_by"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_cases_agency_id")
                            .from("cases", "agency_id")
                            .to("agency", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_cases_agency_id_created_at")
                    .table("cases")
                    .col("agency_id")
                    .col("created_at")
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("case_act")
                    .col(big_integer("case_id"))
                    .col(big_integer("seq"))
                    .col(string("kind"))
                    .col(date_time("at"))
                    .col(blob("body"))
                    .col(big_integer_uniq("ledger_index"))
                    .col(blob("chain_head"))
                    .col(text("warnings"))
                    .col(big_integer_null("recorded_by"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .primary_key(Index::create().col("case_id").col("seq"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_case_act_case_id")
                            .from("case_act", "case_id")
                            .to("cases", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("case_act").take())
            .await?;
        manager
            .drop_table(Table::drop().table("cases").take())
            .await
    }
}
