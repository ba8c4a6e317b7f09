//! 我的案件 (CASE-6): a party enters the case number and the access code printed on its 送达回证
//! and sees the documents served on it. No account: a signed cookie bound to the one case, for
//! an hour, path `/my-case`. Attempts are limited per address; a wrong code and an unknown case
//! number get the same answer.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use sanxiang_app::AppError;
use sanxiang_app::cases::PartyCase;
use serde::Deserialize;

use super::clean;
use crate::error::{PageError, render_status};
use crate::state::AppState;

const COOKIE: &str = "sx_party";
const HOURS: i64 = 1;

#[derive(Template)]
#[template(path = "portal/my_case.html")]
struct MyCasePage {
    canonical: String,
    error: String,
    case_no: String,
    view: Option<PartyCase>,
}

/// The case this browser was let into, if any.
fn granted(state: &AppState, headers: &HeaderMap) -> Option<i64> {
    state
        .app
        .party_token_case(&crate::session::cookie(headers, COOKIE)?)
}

fn page(error: String, case_no: String, view: Option<PartyCase>, status: StatusCode) -> Response {
    render_status(
        status,
        &MyCasePage {
            canonical: "/my-case".into(),
            error,
            case_no,
            view,
        },
    )
}

pub async fn show(State(s): State<AppState>, headers: HeaderMap) -> Result<Response, PageError> {
    let view = match granted(&s, &headers) {
        Some(id) => Some(s.app.party_case(id).await?),
        None => None,
    };
    Ok(page(String::new(), String::new(), view, StatusCode::OK))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OpenForm {
    case_no: String,
    code: String,
}

pub async fn open(
    State(s): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Form(f): Form<OpenForm>,
) -> Result<Response, PageError> {
    let case_no = clean(&f.case_no, 40);
    if !s.party_limiter.allow(peer.ip()) {
        return Ok(page(
            "查询过于频繁，请一分钟后再试".into(),
            case_no,
            None,
            StatusCode::TOO_MANY_REQUESTS,
        ));
    }
    match s.app.party_open(&case_no, &f.code).await {
        Ok(case) => {
            let expires = s.app.now().timestamp() + HOURS * 3600;
            let token = s.app.party_token(case.id, expires)?;
            let cookie = format!(
                "{COOKIE}={token}; Path=/my-case; HttpOnly; SameSite=Strict; Max-Age={}{}",
                HOURS * 3600,
                if s.secure_cookies { "; Secure" } else { "" }
            );
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/my-case")).into_response())
        }
        Err(AppError::Invalid(v)) => Ok(page(
            v.first().map(|v| v.message.clone()).unwrap_or_default(),
            case_no,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        Err(e) => Err(e.into()),
    }
}

pub async fn leave() -> Response {
    (
        [(
            header::SET_COOKIE,
            format!("{COOKIE}=; Path=/my-case; HttpOnly; SameSite=Strict; Max-Age=0"),
        )],
        Redirect::to("/my-case"),
    )
        .into_response()
}

/// A served document's PDF, for the browser let into its case.
pub async fn document(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(sm3): Path<String>,
) -> Result<Response, PageError> {
    let Some(case_id) = granted(&s, &headers) else {
        return Ok(Redirect::to("/my-case").into_response());
    };
    let (doc, bytes) = s.app.party_document(case_id, &clean(&sm3, 64)).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{}.pdf\"", doc.sm3),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
