//! CASE-6: the 法制审核人员 assigned to a case by a head of its agency. A reviewer reads the cases
//! assigned to them, not every case of the agency.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0013_case_reviewer"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("case_reviewer")
                    .col(big_integer("case_id"))
                    .col(big_integer("user_id"))
                    .col(big_integer_null("assigned_by"))
                    .col(timestamp_with_time_zone("assigned_at"))
                    .primary_key(Index::create().col("case_id").col("user_id"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_case_reviewer_user_id")
                    .table("case_reviewer")
                    .col("user_id")
                    .col("case_id")
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("case_reviewer").take())
            .await
    }
}
