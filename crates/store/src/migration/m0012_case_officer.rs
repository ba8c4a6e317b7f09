//! CASE-6: who acted in each case (certificate numbers), so that an officer's list and reads are
//! limited to the cases they act in. Filled when acts are recorded; databases from before are
//! filled at the server's next start (the acts are sealed: only the app can read them).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0012_case_officer"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("case_officer")
                    .col(big_integer("case_id"))
                    .col(string("certificate_no"))
                    .primary_key(Index::create().col("case_id").col("certificate_no"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_case_officer_certificate_no")
                    .table("case_officer")
                    .col("certificate_no")
                    .col("case_id")
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("case_officer").take())
            .await
    }
}
