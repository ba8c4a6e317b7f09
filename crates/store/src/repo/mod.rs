//! Repositories: the only way the app reads and writes. Functions take any connection or
//! transaction (`&impl ConnectionTrait`) so a use case can run several in one transaction.

pub mod advisers;
pub mod agencies;
pub mod alarms;
pub mod audit;
pub mod calendar;
pub mod cases;
pub mod catalogs;
pub mod certificates;
pub mod confirmations;
pub mod deadlines;
pub mod entrustments;
pub mod evidence;
pub mod instruments;
pub mod ledger;
pub mod officers;
pub mod sessions;
pub mod users;

use serde::Serialize;

/// One page of a list.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    /// 1-based.
    pub page: u64,
    pub per_page: u64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            page: self.page,
            per_page: self.per_page,
        }
    }
}

/// A requested page: 1-based page number (clamped to 1..=[`PageRequest::MAX_PAGE`]) and page
/// size (clamped to 1..=200), so that its offset always fits the databases' `BIGINT`.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub page: u64,
    pub per_page: u64,
}

impl PageRequest {
    /// Past any real list; the web edge refuses larger numbers with a 400 naming the field.
    pub const MAX_PAGE: u64 = 10_000_000;

    pub fn new(page: u64, per_page: u64) -> PageRequest {
        PageRequest {
            page: page.clamp(1, Self::MAX_PAGE),
            per_page: per_page.clamp(1, 200),
        }
    }

    pub fn offset(&self) -> u64 {
        (self.page - 1) * self.per_page
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest::new(1, 20)
    }
}

/// Escapes `%` and `_` for a LIKE pattern and wraps it as a substring match.
pub(crate) fn contains_pattern(s: &str) -> String {
    let escaped = s
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}
