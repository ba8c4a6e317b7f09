//! A case's evidence page (CASE-4): the files with their hashes and capture data, playback and
//! download through range requests, and the resumable upload (`static/upload.js`, usable on a
//! phone: the file input offers the camera).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use sanxiang_store::entity::evidence;

use super::Nav;
use crate::error::{PageError, render};
use crate::session::PageActor;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "case_evidence.html")]
struct EvidencePage {
    nav: Nav,
    case: sanxiang_store::entity::cases::Model,
    files: Vec<evidence::Model>,
    can_upload: bool,
}

pub async fn page(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let files = state.app.evidence_list(&actor, id).await?;
    let case = state.app.case_view(&actor, id).await?.case;
    Ok(render(&EvidencePage {
        nav: Nav::of(&actor),
        can_upload: actor
            .role
            .allows(sanxiang_core::auth::Permission::RecordActs),
        case,
        files,
    }))
}

/// The upload script (our own, no third-party code).
pub async fn upload_js() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/javascript; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        include_str!("../../static/upload.js"),
    )
        .into_response()
}

/// A file size for people: 1.5 MB, 820 KB.
pub fn human_size(bytes: &i64) -> String {
    let bytes = *bytes;
    let b = bytes as f64;
    if b >= 1024.0 * 1024.0 * 1024.0 {
        format!("{:.1} GB", b / 1024.0 / 1024.0 / 1024.0)
    } else if b >= 1024.0 * 1024.0 {
        format!("{:.1} MB", b / 1024.0 / 1024.0)
    } else if b >= 1024.0 {
        format!("{:.0} KB", b / 1024.0)
    } else {
        format!("{bytes} B")
    }
}
