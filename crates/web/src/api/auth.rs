use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::error::ApiError;
use crate::session::{clear_cookie, cookie_token, set_cookie};
use crate::state::AppState;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct LoginBody {
    pub username: String,
    pub password: String,
}

/// Sign in; sets the session cookie. A wrong password and an unknown user get the same 401;
/// after 5 wrong passwords for a name from one address, that address gets 429 for 15 minutes
/// (the account still signs in from elsewhere).
#[utoipa::path(post, path = "/api/v1/session", request_body = LoginBody, tag = "session",
    responses((status = 200, description = "signed in"), (status = 401, body = crate::error::ErrorBody),
              (status = 423, description = "disabled or locked by an administrator"), (status = 429, description = "too many attempts (Retry-After)")))]
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Json(body): Json<LoginBody>,
) -> Result<Response, ApiError> {
    if !state.limiter.allow(peer.ip()) {
        return Ok((StatusCode::TOO_MANY_REQUESTS, Json(json!({"error": {"code": "rate_limited", "message": "登录尝试过于频繁，请稍后再试"}}))).into_response());
    }
    let s = state
        .app
        .login(&body.username, &body.password, peer.ip())
        .await?;
    Ok((
        [(
            header::SET_COOKIE,
            set_cookie(&s.token, state.secure_cookies),
        )],
        Json(json!({
            "username": s.actor.username,
            "display_name": s.actor.display_name,
            "role": s.actor.role.code(),
            "agency_id": s.actor.agency_id,
        })),
    )
        .into_response())
}

/// Sign out.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session", responses((status = 204)))]
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(t) = cookie_token(&headers) {
        state.app.logout(&t).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, clear_cookie())],
    )
        .into_response())
}
