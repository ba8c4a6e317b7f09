//! Query strings at the edge: every parameter is parsed into a bounded type, and a parameter that
//! does not parse is a 400 naming it (in Chinese for users), never a panic further in (SEC-2).
//! HTML forms send empty strings for "no value" (a select left on 全部).

use std::fmt;
use std::str::FromStr;

use axum::extract::FromRequestParts;
use axum::http::{StatusCode, request::Parts};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

/// The largest page number any list accepts: past every real list (10,000,000 pages of one row),
/// and small enough that `(page - 1) * per_page` stays far inside `i64`.
pub const MAX_PAGE: u64 = 10_000_000;
/// The largest page size of the API's lists.
pub const MAX_PER_PAGE: u64 = 200;

/// A 1-based page number, 1..=[`MAX_PAGE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageNo(u64);

/// A page size, 1..=[`MAX_PER_PAGE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerPage(u64);

/// Why a bounded number did not parse (its text is the user's message).
#[derive(Debug)]
pub struct OutOfRange(String);

impl fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn bounded(s: &str, max: u64, what: &str) -> Result<u64, OutOfRange> {
    s.trim()
        .parse::<u64>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| OutOfRange(format!("{what}应为1至{max}之间的整数")))
}

impl FromStr for PageNo {
    type Err = OutOfRange;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        bounded(s, MAX_PAGE, "页码").map(PageNo)
    }
}

impl FromStr for PerPage {
    type Err = OutOfRange;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        bounded(s, MAX_PER_PAGE, "每页条数").map(PerPage)
    }
}

/// Query values arrive as text; the bounded types parse from it.
macro_rules! from_query_text {
    ($($t:ty),*) => {$(
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
            }
        }
    )*};
}
from_query_text!(PageNo, PerPage);

impl PageNo {
    pub fn get(self) -> u64 {
        self.0
    }
}

impl PerPage {
    pub fn get(self) -> u64 {
        self.0
    }
}

/// `page` and `per_page` (defaults 1 and `per_page`) as the store's page request.
pub fn page_request(
    page: Option<PageNo>,
    per_page: Option<PerPage>,
    default_per_page: u64,
) -> sanxiang_store::repo::PageRequest {
    sanxiang_store::repo::PageRequest::new(
        page.map_or(1, PageNo::get),
        per_page.map_or(default_per_page, PerPage::get),
    )
}

/// Deserializes `""` (and absent) as `None`, otherwise parses the value.
pub fn empty_as_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: std::fmt::Display,
{
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => s
            .trim()
            .parse::<T>()
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

/// The query string as `T`; a parameter that does not parse is a 400 naming it: JSON under
/// `/api`, a plain Chinese page elsewhere.
pub struct Query<T>(pub T);

/// A query string that did not parse.
#[derive(Debug)]
pub struct BadQuery {
    field: Option<String>,
    message: String,
    api: bool,
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = BadQuery;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let raw = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(raw.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(Query)
            .map_err(|e| {
                let path = e.path().to_string();
                let field = (path != "." && !path.is_empty()).then_some(path);
                let e = e.into_inner();
                tracing::info!(field = ?field, error = %e, "bad query string");
                BadQuery {
                    message: match &field {
                        Some(f) => format!("查询参数 {f} 无效：{e}"),
                        None => format!("查询参数无效：{e}"),
                    },
                    field,
                    // Nested routers see their own part of the path; the original says /api.
                    api: parts
                        .extensions
                        .get::<axum::extract::OriginalUri>()
                        .map_or(parts.uri.path(), |u| u.0.path())
                        .starts_with("/api/"),
                }
            })
    }
}

impl IntoResponse for BadQuery {
    fn into_response(self) -> Response {
        crate::error::edge_refusal(
            self.api,
            StatusCode::BAD_REQUEST,
            "bad_request",
            self.field,
            self.message,
        )
    }
}
