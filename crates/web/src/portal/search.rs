//! Home page and Chinese full-text search (PUB-1).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use sanxiang_search::{DocKind, Hit, SearchQuery};
use serde::Deserialize;

use super::registry::canonical;
use super::{PER_PAGE, clean, page_of};
use crate::console::{Pager, query_string};
use crate::error::{PageError, render};
use crate::query::Query;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "portal/home.html")]
struct Home {
    canonical: String,
}

pub async fn home() -> Response {
    render(&Home {
        canonical: "/".into(),
    })
}

#[derive(Deserialize, Default)]
pub struct SearchParams {
    pub q: Option<String>,
    pub kind: Option<String>,
    pub page: Option<String>,
}

#[derive(Template)]
#[template(path = "portal/search.html")]
struct SearchPage {
    canonical: String,
    q: String,
    kinds: Vec<(&'static str, &'static str, bool)>,
    hits: Vec<Hit>,
    pager: Pager,
    unavailable: bool,
}

pub async fn search(
    State(s): State<AppState>,
    Query(p): Query<SearchParams>,
) -> Result<Response, PageError> {
    let q = clean(p.q.as_deref().unwrap_or(""), 100);
    let kind = p.kind.as_deref().and_then(DocKind::parse);
    let page = page_of(p.page.as_deref()).min(1 + sanxiang_search::MAX_OFFSET as u64 / PER_PAGE);
    let base = query_string(&[
        ("q", q.clone()),
        (
            "kind",
            kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
        ),
    ]);
    let kinds = DocKind::ALL
        .iter()
        .map(|k| (k.as_str(), k.label(), Some(*k) == kind))
        .collect();
    let Some(index) = s.app.search_index() else {
        return Ok(render(&SearchPage {
            canonical: canonical("/search", &base, page),
            q,
            kinds,
            hits: Vec::new(),
            pager: Pager::new(1, 1, 0, &base),
            unavailable: true,
        }));
    };
    let query = SearchQuery {
        text: q.clone(),
        kinds: kind.into_iter().collect(),
        offset: usize::try_from((page - 1) * PER_PAGE).unwrap_or(0),
        limit: PER_PAGE as usize,
    };
    let results = tokio::task::spawn_blocking(move || index.search(&query))
        .await
        .map_err(|e| sanxiang_app::AppError::Internal(e.to_string()))?
        .map_err(|e| sanxiang_app::AppError::Internal(e.to_string()))?;
    let total = results.total as u64;
    Ok(render(&SearchPage {
        canonical: canonical("/search", &base, page),
        q,
        kinds,
        hits: results.hits,
        pager: Pager::new(page, total.div_ceil(PER_PAGE).max(1), total, &base),
        unavailable: false,
    }))
}
