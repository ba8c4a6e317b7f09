//! The ledger's storage: leaves and complete-subtree node hashes of the global log.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0002_ledger"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("ledger_leaf")
                    .col(big_integer("idx").primary_key())
                    .col(blob("entry"))
                    .col(blob("leaf_hash"))
                    .col(timestamp_with_time_zone("appended_at"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("ledger_node")
                    .col(small_integer("level"))
                    .col(big_integer("idx"))
                    .col(blob("hash"))
                    .primary_key(Index::create().col("level").col("idx"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("ledger_meta")
                    .col(string("name").primary_key())
                    .col(string("value"))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["ledger_meta", "ledger_node", "ledger_leaf"] {
            manager.drop_table(Table::drop().table(t).take()).await?;
        }
        Ok(())
    }
}
