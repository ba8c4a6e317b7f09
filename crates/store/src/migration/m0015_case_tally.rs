//! How many cases each agency has per procedure, stage and state: the case list's total without
//! counting rows. Counting up to 10,001 matching rows cost PostgreSQL several milliseconds a
//! page once acts had touched the rows (an index-only scan must then visit the table), which at
//! a province's size made the count most of the page's cost. Kept in the transactions that file
//! a case and advance it; filled here from the cases already filed.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0015_case_tally"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("case_tally")
                    .col(big_integer("agency_id"))
                    .col(string_len("kind", 64))
                    .col(string_len("stage", 64))
                    .col(boolean("closed"))
                    .col(big_integer("n"))
                    .primary_key(
                        Index::create()
                            .col("agency_id")
                            .col("kind")
                            .col("stage")
                            .col("closed"),
                    )
                    .take(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO case_tally (agency_id, kind, stage, closed, n) \
                 SELECT agency_id, kind, stage, closed, COUNT(*) FROM cases \
                 GROUP BY agency_id, kind, stage, closed",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("case_tally").take())
            .await
    }
}
