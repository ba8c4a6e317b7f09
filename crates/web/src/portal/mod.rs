//! The public portal (PUB-1, REG-4): no sign-in, Chinese, plain HTML that works without
//! JavaScript, every list paginated with a stable URL, every page with a canonical link.
//! It shows public fields only: never ID numbers, phones or addresses of persons.

mod catalogs;
mod laws;
mod party;
mod registry;
mod search;
pub(crate) mod svg;

use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use crate::error::render_status;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(search::home))
        .route("/search", get(search::search))
        .route("/agencies", get(registry::agencies))
        .route("/agencies/{id}", get(registry::agency))
        .route("/officers", get(registry::officers))
        .route("/officers/{number}", get(registry::officer))
        .route("/officers/{number}/qr.svg", get(registry::officer_qr))
        .route("/powers", get(catalogs::powers))
        .route("/powers/{id}", get(catalogs::matter))
        .route("/discretion", get(catalogs::discretion))
        .route("/spot-checks", get(catalogs::spot_checks))
        .route("/av", get(catalogs::av))
        .route("/major-review", get(catalogs::major_review))
        .route("/guides", get(catalogs::guides))
        .route("/guides/{id}", get(catalogs::guide))
        .route("/guides/{id}/flowchart.svg", get(catalogs::flowchart_svg))
        .route("/laws", get(laws::laws))
        .route("/laws/{slug}", get(laws::law))
        .route("/remedies", get(laws::remedies))
        .route("/my-case", get(party::show).post(party::open))
        .route("/my-case/leave", axum::routing::post(party::leave))
        .route("/my-case/documents/{sm3}", get(party::document))
}

/// Page numbers from the query, clamped (a stable URL for every page).
/// A malformed page number (`page=abc`) is page 1, not an error.
pub(crate) fn page_of(p: Option<&str>) -> u64 {
    p.and_then(|p| p.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .clamp(1, 100_000)
}

pub(crate) const PER_PAGE: u64 = 20;

#[derive(Template)]
#[template(path = "portal/not_found.html")]
struct NotFound<'a> {
    canonical: String,
    what: &'a str,
}

/// A public "nothing here" page: 404 with a way back.
pub(crate) fn not_found(canonical: String, what: &str) -> Response {
    render_status(StatusCode::NOT_FOUND, &NotFound { canonical, what })
}

/// Keeps user text for display and links: no control characters, at most `max` characters.
pub(crate) fn clean(s: &str, max: usize) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .take(max)
        .collect::<String>()
        .trim()
        .to_owned()
}
