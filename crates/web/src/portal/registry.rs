//! 执法主体 and 执法人员 pages (G1, REG-4).

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use sanxiang_app::public::{PublicAgency, PublicOfficer};
use sanxiang_store::entity::agency;
use sanxiang_store::repo::PageRequest;
use serde::Deserialize;

use super::{PER_PAGE, clean, not_found, page_of};
use crate::console::{Pager, query_string};
use crate::error::{PageError, render};
use crate::query::Query;
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    pub q: Option<String>,
    pub page: Option<String>,
}

#[derive(Template)]
#[template(path = "portal/agencies.html")]
struct AgenciesPage {
    canonical: String,
    q: String,
    agencies: Vec<agency::Model>,
    pager: Pager,
}

pub async fn agencies(
    State(s): State<AppState>,
    Query(f): Query<ListQuery>,
) -> Result<Response, PageError> {
    let q = clean(f.q.as_deref().unwrap_or(""), 50);
    let page = page_of(f.page.as_deref());
    let list = s
        .app
        .public_agencies(
            Some(q.clone()).filter(|q| !q.is_empty()),
            PageRequest::new(page, PER_PAGE),
        )
        .await?;
    let base = query_string(&[("q", q.clone())]);
    let canonical = canonical("/agencies", &base, page);
    Ok(render(&AgenciesPage {
        canonical,
        pager: Pager::new(list.page, list.pages(), list.total, &base),
        q,
        agencies: list.items,
    }))
}

/// `/path?query&page=n`, the page left out when it is 1 (one canonical URL per page).
pub(crate) fn canonical(path: &str, base: &str, page: u64) -> String {
    let mut q = base.to_owned();
    if page > 1 {
        if !q.is_empty() {
            q.push('&');
        }
        q.push_str(&format!("page={page}"));
    }
    if q.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{q}")
    }
}

#[derive(Template)]
#[template(path = "portal/agency.html")]
struct AgencyPage {
    canonical: String,
    a: PublicAgency,
}

pub async fn agency(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let canonical = format!("/agencies/{}", clean(&id, 20));
    let Ok(id) = id.parse::<i64>() else {
        return Ok(not_found(canonical, "执法主体"));
    };
    match s.app.public_agency(id).await {
        Ok(a) => Ok(render(&AgencyPage { canonical, a })),
        Err(sanxiang_app::AppError::NotFound) => Ok(not_found(canonical, "执法主体")),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "portal/officers.html")]
struct OfficersPage {
    canonical: String,
    q: String,
    searched: bool,
    officers: Vec<(Arc<PublicOfficer>, &'static str, &'static str)>,
    pager: Pager,
}

/// REG-4: lookup by certificate number (straight to its page) or by name.
pub async fn officers(
    State(s): State<AppState>,
    Query(f): Query<ListQuery>,
) -> Result<Response, PageError> {
    let q = clean(f.q.as_deref().unwrap_or(""), 50);
    let dir = s.app.public_directory().await?;
    if !q.is_empty() && dir.get(&q).is_some() {
        return Ok(Redirect::to(&format!("/officers/{q}")).into_response());
    }
    let page = page_of(f.page.as_deref());
    let (items, total) = if q.is_empty() {
        (Vec::new(), 0)
    } else {
        let offset = usize::try_from((page - 1) * PER_PAGE).unwrap_or(usize::MAX);
        dir.by_name(&q, offset, PER_PAGE as usize)
    };
    let today = s.app.today();
    let officers = items
        .into_iter()
        .map(|o| {
            let st = o.status(today);
            (o, st.label_zh(), st.code())
        })
        .collect();
    let base = query_string(&[("q", q.clone())]);
    let total = total as u64;
    Ok(render(&OfficersPage {
        canonical: canonical("/officers", &base, page),
        searched: !q.is_empty(),
        q,
        officers,
        pager: Pager::new(page, total.div_ceil(PER_PAGE).max(1), total, &base),
    }))
}

#[derive(Template)]
#[template(path = "portal/officer.html")]
struct OfficerPage {
    canonical: String,
    o: Arc<PublicOfficer>,
    status_label: &'static str,
    status_code: &'static str,
}

#[derive(Template)]
#[template(path = "portal/officer_missing.html")]
struct OfficerMissing {
    canonical: String,
    number: String,
}

/// The absolute URL of a portal path, for QR codes (scanned outside the browser).
pub(crate) fn absolute(headers: &HeaderMap, secure: bool, path: &str) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    format!("{}://{host}{path}", if secure { "https" } else { "http" })
}

/// A certificate's public page; an unknown number is a plain "未查询到" page (200).
pub async fn officer(
    State(s): State<AppState>,
    Path(number): Path<String>,
) -> Result<Response, PageError> {
    let number = clean(&number, 40);
    let canonical = format!("/officers/{number}");
    let dir = s.app.public_directory().await?;
    let Some(o) = dir.get(&number).cloned() else {
        return Ok(render(&OfficerMissing { canonical, number }));
    };
    let st = o.status(s.app.today());
    Ok(render(&OfficerPage {
        canonical,
        status_label: st.label_zh(),
        status_code: st.code(),
        o,
    }))
}

/// The QR code alone (for printing on the certificate card).
pub async fn officer_qr(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(number): Path<String>,
) -> Result<Response, PageError> {
    let number = clean(&number, 40);
    let dir = s.app.public_directory().await?;
    if dir.get(&number).is_none() {
        return Ok(not_found(format!("/officers/{number}"), "执法证"));
    }
    let url = absolute(&headers, s.secure_cookies, &format!("/officers/{number}"));
    let svg = super::svg::qr(&url, &format!("执法证 {number} 的查询二维码"));
    // The code only encodes the page's address: browsers may keep it for a day.
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        svg,
    )
        .into_response())
}
