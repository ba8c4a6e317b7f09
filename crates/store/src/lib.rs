//! sanxiang-store: SeaORM entities, the one migration set, and repositories.
//!
//! Architecture invariant: every query of scoped data goes through a repository function that
//! takes the caller's [`Scope`](sanxiang_core::auth::Scope); scope is never applied in templates.

pub mod entity;
mod error;
pub mod migration;
pub mod repo;
mod scope;

use std::time::Duration;

use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbBackend};
use sea_orm_migration::MigratorTrait;

pub use error::StoreError;
pub use repo::Page;
pub use sea_orm::{ConnectionTrait, DatabaseTransaction, TransactionTrait};

/// A connection pool to SQLite or PostgreSQL, chosen by the URL.
#[derive(Clone, Debug)]
pub struct Store {
    db: DatabaseConnection,
}

impl Store {
    /// Connects to `sqlite://PATH?mode=rwc` or `postgres://…`. SQLite runs in WAL mode with
    /// foreign keys on and a busy timeout, and `synchronous=FULL` so that an acknowledged write
    /// survives a crash.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        let mut opts = ConnectOptions::new(url.to_owned());
        opts.sqlx_logging(false)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(30));
        if url.starts_with("sqlite:") {
            opts.max_connections(8).min_connections(1);
            opts.map_sqlx_sqlite_opts(|o| {
                use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
                    // Reads go through the page cache without copying; temp tables in memory.
                    .pragma("mmap_size", "268435456")
                    .pragma("temp_store", "memory")
                    .create_if_missing(true)
            });
        } else {
            opts.max_connections(16).min_connections(1);
        }
        let db = Database::connect(opts).await?;
        Ok(Store { db })
    }

    /// Applies pending migrations.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        migration::Migrator::up(&self.db, None).await?;
        Ok(())
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn backend(&self) -> &'static str {
        match self.db.get_database_backend() {
            DbBackend::Sqlite => "sqlite",
            DbBackend::Postgres => "postgres",
            _ => "other",
        }
    }

    /// A cheap round trip, for `/healthz`.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.db.ping().await?;
        Ok(())
    }
}
