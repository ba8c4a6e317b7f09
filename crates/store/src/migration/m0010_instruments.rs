//! Issued documents (文书): one immutable row per issued PDF, and gap-free document numbers per
//! agency, number word and year, taken inside the recording transaction.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0010_instruments"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("instrument_counter")
                    .col(big_integer("agency_id"))
                    .col(string("word"))
                    .col(integer("year"))
                    .col(big_integer("last"))
                    .primary_key(Index::create().col("agency_id").col("word").col("year"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("instrument")
                    .col(big_pk_auto("id"))
                    .col(big_integer("case_id"))
                    .col(big_integer("act_seq"))
                    .col(string("kind"))
                    .col(string_null("number"))
                    .col(string("sm3"))
                    .col(string("sha256"))
                    .col(big_integer("size"))
                    .col(integer("pages"))
                    .col(integer("template_version"))
                    .col(date("issued_on"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_instrument_case_id")
                            .from("instrument", "case_id")
                            .to("cases", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .take(),
            )
            .await?;
        // A case's documents in act order, and the download by SM3.
        manager
            .create_index(
                Index::create()
                    .name("ix_instrument_case_id_act_seq")
                    .table("instrument")
                    .col("case_id")
                    .col("act_seq")
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_instrument_case_id_sm3")
                    .table("instrument")
                    .col("case_id")
                    .col("sm3")
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("instrument").take())
            .await?;
        manager
            .drop_table(Table::drop().table("instrument_counter").take())
            .await
    }
}
