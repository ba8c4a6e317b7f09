//! One migration set for SQLite and PostgreSQL (SeaORM renders the DDL for each backend).

use sea_orm_migration::prelude::*;

mod m0001_foundation;
mod m0002_ledger;
mod m0003_checkpoints;
mod m0004_timestamps;
mod m0005_cases;
mod m0006_evidence;
mod m0007_deadline_what;
mod m0008_case_counter;
mod m0009_catalogs;
mod m0010_instruments;
mod m0011_alarms;
mod m0012_case_officer;
mod m0013_case_reviewer;
mod m0014_act_confirmation;
mod m0015_case_tally;
mod m0016_late_entry;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_ledger::Migration),
            Box::new(m0003_checkpoints::Migration),
            Box::new(m0004_timestamps::Migration),
            Box::new(m0005_cases::Migration),
            Box::new(m0006_evidence::Migration),
            Box::new(m0007_deadline_what::Migration),
            Box::new(m0008_case_counter::Migration),
            Box::new(m0009_catalogs::Migration),
            Box::new(m0010_instruments::Migration),
            Box::new(m0011_alarms::Migration),
            Box::new(m0012_case_officer::Migration),
            Box::new(m0013_case_reviewer::Migration),
            Box::new(m0014_act_confirmation::Migration),
            Box::new(m0015_case_tally::Migration),
            Box::new(m0016_late_entry::Migration),
        ]
    }
}
