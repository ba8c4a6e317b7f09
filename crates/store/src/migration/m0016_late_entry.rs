//! CASE-2: whether an act is a 补录 (recorded well after it happened), so that supervisors can
//! count and list late entries without opening sealed act bodies. Existing acts are not late.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0016_late_entry"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("case_act")
                    .add_column(boolean("late_entry").default(false))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("case_act")
                    .drop_column("late_entry")
                    .take(),
            )
            .await
    }
}
