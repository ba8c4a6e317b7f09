//! CASE-5 alarms raised by the daily job: one row per deadline and level (due soon, overdue),
//! so that running the job twice raises nothing twice; acknowledged by a head or an officer.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0011_alarms"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("alarm")
                    .col(big_pk_auto("id"))
                    .col(big_integer("deadline_id"))
                    .col(big_integer("case_id"))
                    .col(big_integer("agency_id"))
                    .col(string("rule"))
                    .col(string("what"))
                    .col(date("due"))
                    .col(string("level"))
                    .col(date("raised_on"))
                    .col(timestamp_with_time_zone_null("acknowledged_at"))
                    .col(big_integer_null("acknowledged_by"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_alarm_deadline_level")
                    .table("alarm")
                    .col("deadline_id")
                    .col("level")
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_alarm_agency_ack")
                    .table("alarm")
                    .col("agency_id")
                    .col("acknowledged_at")
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("alarm").take())
            .await
    }
}
