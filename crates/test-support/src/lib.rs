//! What every crate's tests share: the databases to run on — SQLite always, PostgreSQL when
//! `SANXIANG_TEST_DATABASE_URL` names a server (required under `CI=true`) — each test with a
//! fresh, empty database of its own.
#![allow(clippy::disallowed_methods)] // the wall clock only makes database names unique

use std::sync::atomic::{AtomicU64, Ordering};

use sea_orm::{ConnectionTrait, Database};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The backends to run on. PostgreSQL is reported as skipped when its URL is unset — except
/// under CI (`CI=true`), where a missing backend is a failure, not a skip.
pub fn backends() -> Vec<Backend> {
    let mut v = vec![Backend::Sqlite];
    if std::env::var("SANXIANG_TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty()) {
        v.push(Backend::Postgres);
    } else if std::env::var("CI").is_ok_and(|c| c == "true") {
        panic!(
            "CI=true but SANXIANG_TEST_DATABASE_URL is not set: the PostgreSQL backend is required"
        );
    } else {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            eprintln!("SKIPPED PostgreSQL backend: SANXIANG_TEST_DATABASE_URL is not set (./scripts/test --with-postgres runs it)");
        });
    }
    v
}

/// A name no other test of this or a concurrent run uses.
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    )
}

/// A fresh, empty database URL on the backend (an SQLite file in a new temporary directory, or
/// a new database on the PostgreSQL server).
pub async fn fresh_database(backend: Backend) -> String {
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(unique("sanxiang_test"));
            std::fs::create_dir_all(&dir).expect("temp dir");
            format!("sqlite://{}?mode=rwc", dir.join("test.db").display())
        }
        Backend::Postgres => {
            let base = std::env::var("SANXIANG_TEST_DATABASE_URL").expect("postgres url");
            let name = unique("sx");
            let admin = Database::connect(&base)
                .await
                .expect("connect to PostgreSQL");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            admin.close().await.ok();
            let (prefix, _) = base.rsplit_once('/').expect("url with database name");
            format!("{prefix}/{name}")
        }
    }
}
