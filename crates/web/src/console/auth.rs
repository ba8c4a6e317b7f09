use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use sanxiang_app::AppError;
use serde::Deserialize;

use crate::error::{render, render_status, status_and_detail};
use crate::session::{clear_cookie, cookie_token, set_cookie};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    error: String,
    username: String,
}

pub async fn login_page() -> Response {
    render(&LoginPage {
        error: String::new(),
        username: String::new(),
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
}

pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Form(f): Form<LoginForm>,
) -> Response {
    if !state.limiter.allow(peer.ip()) {
        return render_status(
            StatusCode::TOO_MANY_REQUESTS,
            &LoginPage {
                error: "登录尝试过于频繁，请一分钟后再试".into(),
                username: f.username,
            },
        );
    }
    match state.app.login(&f.username, &f.password, peer.ip()).await {
        Ok(s) => (
            [(
                header::SET_COOKIE,
                set_cookie(&s.token, state.secure_cookies),
            )],
            Redirect::to("/console"),
        )
            .into_response(),
        Err(e @ (AppError::BadCredentials | AppError::Locked | AppError::Throttled { .. })) => {
            let (status, d) = status_and_detail(&e);
            render_status(
                status,
                &LoginPage {
                    error: d.message,
                    username: f.username,
                },
            )
        }
        Err(e) => crate::error::PageError(e).into_response(),
    }
}

pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(t) = cookie_token(&headers)
        && let Err(e) = state.app.logout(&t).await
    {
        return crate::error::PageError(e).into_response();
    }
    (
        [(header::SET_COOKIE, clear_cookie())],
        Redirect::to("/console/login"),
    )
        .into_response()
}
