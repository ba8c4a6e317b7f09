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

use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbBackend, DbErr};
use sea_orm_migration::MigratorTrait;

pub use error::StoreError;
pub use repo::Page;
pub use sea_orm::{ConnectionTrait, DatabaseTransaction, TransactionTrait};

/// A connection pool to SQLite or PostgreSQL, chosen by the URL.
#[derive(Clone, Debug)]
pub struct Store {
    db: DatabaseConnection,
    agencies: std::sync::Arc<repo::agencies::AgencyCache>,
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
        Ok(Store {
            db,
            agencies: Default::default(),
        })
    }

    /// Applies pending migrations.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        migration::Migrator::up(&self.db, None).await?;
        Ok(())
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Begins a transaction that writes. On SQLite it takes the write lock at `BEGIN IMMEDIATE`,
    /// waiting up to the busy timeout for it: a deferred transaction that read first would be
    /// refused at its first write ("database is locked", SQLITE_BUSY_SNAPSHOT, which no busy
    /// timeout waits out) whenever another writer committed in between (SEC-2).
    pub async fn begin_write(&self) -> Result<sea_orm::DatabaseTransaction, DbErr> {
        use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait as _};
        match self.db.get_database_backend() {
            DbBackend::Sqlite => {
                self.db
                    .begin_with_options(TransactionOptions {
                        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                        ..TransactionOptions::default()
                    })
                    .await
            }
            _ => self.db.begin().await,
        }
    }

    pub fn backend(&self) -> &'static str {
        match self.db.get_database_backend() {
            DbBackend::Sqlite => "sqlite",
            DbBackend::Postgres => "postgres",
            _ => "other",
        }
    }

    /// Every agency in `scope`, ordered by id, for select boxes and name lookups. Read through a
    /// short-lived cache (agencies change rarely); writes through `repo::agencies` in this
    /// process call [`Store::forget_agencies`].
    pub async fn agencies_in_scope(
        &self,
        scope: &sanxiang_core::auth::Scope,
    ) -> Result<Vec<entity::agency::Model>, StoreError> {
        let all = self.agencies.all(&self.db).await?;
        Ok(all
            .iter()
            .filter(|a| scope.covers(a.id, &a.division_code))
            .cloned()
            .collect())
    }

    /// Drops the cached agency list (after an agency write).
    pub fn forget_agencies(&self) {
        self.agencies.forget();
    }

    /// A cheap round trip, for `/healthz`.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.db.ping().await?;
        Ok(())
    }
}
