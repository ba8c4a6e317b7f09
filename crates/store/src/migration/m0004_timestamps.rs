//! RFC 3161 timestamp tokens over signed checkpoints (LOG-4, trusted time).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0004_timestamps"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("ledger_timestamp")
                    .col(big_integer("checkpoint_size").primary_key())
                    .col(blob("token"))
                    .col(timestamp_with_time_zone("gen_time"))
                    .col(text("tsa"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("ledger_timestamp", "checkpoint_size")
                            .to("ledger_checkpoint", "size"),
                    )
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("ledger_timestamp").take())
            .await
    }
}
