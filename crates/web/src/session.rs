//! Sessions, the CSRF check and the login rate limit (SEC-2).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{FromRequestParts, Request};
use axum::http::{HeaderMap, Method, StatusCode, header, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sanxiang_app::{Actor, AppError};

use crate::error::{ApiError, PageError};
use crate::state::AppState;

pub const COOKIE: &str = "sx_session";

pub fn cookie_token(headers: &HeaderMap) -> Option<String> {
    cookie(headers, COOKIE).filter(|v| v.len() <= 128)
}

/// The value of the cookie `name`, if present, non-empty and at most 256 characters.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 256)
}

pub fn set_cookie(token: &str, secure: bool) -> String {
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{}",
        if secure { "; Secure" } else { "" }
    )
}

pub fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

async fn actor_from(parts: &Parts, state: &AppState) -> Result<Actor, AppError> {
    let token = cookie_token(&parts.headers).ok_or(AppError::Unauthenticated)?;
    state.app.session_actor(&token).await
}

/// The signed-in caller of an API handler (401 JSON otherwise).
pub struct ApiActor(pub Actor);

impl FromRequestParts<AppState> for ApiActor {
    type Rejection = ApiError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ApiActor(actor_from(parts, state).await?))
    }
}

/// The signed-in caller of a console page (redirect to sign-in otherwise).
pub struct PageActor(pub Actor);

impl FromRequestParts<AppState> for PageActor {
    type Rejection = PageError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(PageActor(actor_from(parts, state).await?))
    }
}

/// CSRF: unsafe methods must come from our own origin. Browsers send `Sec-Fetch-Site` or
/// `Origin` on cross-site requests; requests with neither are not from a browser page. An
/// `Origin` must match scheme, host and port: `https` when the server is configured behind
/// HTTPS (`secure_cookies`), `http` otherwise.
pub async fn csrf(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    if same_origin(req.headers(), state.secure_cookies) {
        next.run(req).await
    } else {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-site request refused");
        (StatusCode::FORBIDDEN, "跨站请求已拒绝（CSRF）").into_response()
    }
}

fn same_origin(h: &HeaderMap, https: bool) -> bool {
    match h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some("same-origin") | Some("none") => true,
        Some(_) => false,
        None => match h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            None => true,
            Some(origin) => {
                let Some(host) = h.get(header::HOST).and_then(|v| v.to_str().ok()) else {
                    return false;
                };
                let scheme = if https { "https" } else { "http" };
                origin.eq_ignore_ascii_case(&format!("{scheme}://{host}"))
            }
        },
    }
}

/// At most `LIMIT` sign-in attempts per client address per minute.
#[derive(Default)]
pub struct LoginLimiter {
    hits: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl LoginLimiter {
    const LIMIT: u32 = 10;
    const WINDOW: Duration = Duration::from_secs(60);

    /// Counts an attempt; `false` when the address is over the limit.
    pub fn allow(&self, ip: IpAddr) -> bool {
        let Ok(mut hits) = self.hits.lock() else {
            return true;
        };
        let now = Instant::now();
        if hits.len() > 10_000 {
            hits.retain(|_, (start, _)| now.duration_since(*start) < Self::WINDOW);
        }
        let e = hits.entry(ip).or_insert((now, 0));
        if now.duration_since(e.0) >= Self::WINDOW {
            *e = (now, 0);
        }
        e.1 += 1;
        e.1 <= Self::LIMIT
    }
}

/// Security headers on every response (SEC-2). Scripts only from our own files (no inline
/// script can run, whatever a stored text holds). Staff pages, the API and the party's pages
/// may carry personal data: never stored by a browser or proxy cache.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let private = is_private(req.uri().path());
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    let set = |h: &mut HeaderMap, k: &'static str, v: &'static str| {
        if !h.contains_key(k) {
            h.insert(k, axum::http::HeaderValue::from_static(v));
        }
    };
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-frame-options", "DENY");
    set(h, "referrer-policy", "same-origin");
    set(
        h,
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    if private {
        h.insert(
            header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
    }
    resp
}

/// Paths whose answers may hold personal data: everything but the public portal, the open data,
/// the ledger and the static files.
fn is_private(path: &str) -> bool {
    let public = path.starts_with("/api/v1/public/")
        || path.starts_with("/api/v1/ledger/")
        || path.starts_with("/ledger/")
        || path.starts_with("/console/static/")
        || path == "/healthz";
    let staff = path.starts_with("/console") || path.starts_with("/api/");
    (staff && !public) || path.starts_with("/my-case")
}
