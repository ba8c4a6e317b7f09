//! CASE-2: the officers named by an act who have not yet confirmed it with their own sign-in
//! (a row per act and certificate; `confirmed_at` is set when they do). Listed for the officer
//! and for the agency's head; documents are not issued in an unconfirmed officer's name.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0014_act_confirmation"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("act_confirmation")
                    .col(big_integer("case_id"))
                    .col(big_integer("seq"))
                    .col(string_len("certificate_no", 64))
                    .col(big_integer("agency_id"))
                    .col(string_len("case_no", 64))
                    .col(string_len("act_kind", 64))
                    .col(date_time("act_at"))
                    .col(big_integer_null("requested_by"))
                    .col(timestamp_with_time_zone("requested_at"))
                    .col(big_integer_null("confirmed_by"))
                    .col(timestamp_with_time_zone_null("confirmed_at"))
                    .primary_key(
                        Index::create()
                            .col("case_id")
                            .col("seq")
                            .col("certificate_no"),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_act_confirmation_certificate")
                    .table("act_confirmation")
                    .col("certificate_no")
                    .col("confirmed_at")
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_act_confirmation_agency")
                    .table("act_confirmation")
                    .col("agency_id")
                    .col("confirmed_at")
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("act_confirmation").take())
            .await
    }
}
