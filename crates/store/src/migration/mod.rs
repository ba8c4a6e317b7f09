//! One migration set for SQLite and PostgreSQL (SeaORM renders the DDL for each backend).

use sea_orm_migration::prelude::*;

mod m0001_foundation;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m0001_foundation::Migration)]
    }
}
