//! Errors mapped to responses in one place: JSON for `/api`, HTML pages for `/console`.
//! Status codes: 401 not signed in, 403 outside permission or scope, 404 no such record,
//! 409 a unique value already used, 422 a rule or validation failure, 423 account locked,
//! 500 anything unexpected (detail in the log only).
//! 503: a facility the request needs is missing on this server (e.g. fonts for documents).

use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use sanxiang_app::AppError;
use sanxiang_app::spreadsheet::ImportProblem;
use sanxiang_core::rule::Violation;
use serde::Serialize;

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable machine code, e.g. `validation_failed`, `conflict`, `forbidden`.
    pub code: &'static str,
    /// The first offending field, when there is one.
    pub field: Option<String>,
    /// The rule ID of the first violation (e.g. `ID-CHECKSUM`, `R1`, `SEC-2`).
    pub rule: Option<String>,
    /// Chinese message for users.
    pub message: String,
    /// Every violation (validation failures).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Object>)]
    pub violations: Vec<Violation>,
    /// Every problem of a rejected import (row, column, value, rule, message).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Object>)]
    pub problems: Vec<ImportProblem>,
}

pub(crate) fn status_and_detail(e: &AppError) -> (StatusCode, ErrorDetail) {
    let d = |code, message: &str| ErrorDetail {
        code,
        field: None,
        rule: None,
        message: message.to_owned(),
        violations: Vec::new(),
        problems: Vec::new(),
    };
    match e {
        AppError::Invalid(v) => {
            let first = v.first();
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorDetail {
                    code: "validation_failed",
                    field: first.and_then(|v| v.field.clone()),
                    rule: first.map(|v| v.rule.clone()),
                    message: first.map(|v| v.message.clone()).unwrap_or_default(),
                    violations: v.clone(),
                    problems: Vec::new(),
                },
            )
        }
        AppError::ImportRejected(p) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorDetail {
                code: "import_rejected",
                field: None,
                rule: p.first().map(|p| p.rule.clone()),
                message: format!("导入文件有{}处问题，未导入任何数据", p.len()),
                violations: Vec::new(),
                problems: p.clone(),
            },
        ),
        AppError::Unauthenticated => (StatusCode::UNAUTHORIZED, d("unauthenticated", "请先登录")),
        AppError::BadCredentials => (
            StatusCode::UNAUTHORIZED,
            d("bad_credentials", "用户名或密码错误"),
        ),
        AppError::Locked => (
            StatusCode::LOCKED,
            d("locked", "账户已停用或锁定，请联系安全管理员解锁"),
        ),
        AppError::Throttled { retry_after_secs } => (
            StatusCode::TOO_MANY_REQUESTS,
            d(
                "throttled",
                &format!(
                    "密码错误次数过多，请{}后再试（安全管理员可解锁）",
                    wait_zh(*retry_after_secs)
                ),
            ),
        ),
        AppError::Forbidden => (
            StatusCode::FORBIDDEN,
            d("forbidden", "无权访问：超出您的权限或数据范围"),
        ),
        AppError::NotFound => (StatusCode::NOT_FOUND, d("not_found", "记录不存在")),
        AppError::Conflict { field, message } => (
            StatusCode::CONFLICT,
            ErrorDetail {
                field: Some(field.clone()),
                ..d("conflict", message)
            },
        ),
        AppError::Unavailable(message) => {
            tracing::warn!(reason = %message, "service unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, d("unavailable", message))
        }
        AppError::Internal(detail) => {
            tracing::error!(error = %detail, "internal error");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                d("internal", "系统内部错误，请稍后重试"),
            )
        }
    }
}

/// A wait for people: 45秒, 15分钟.
fn wait_zh(secs: u64) -> String {
    if secs < 60 {
        format!("{secs}秒")
    } else {
        format!("{}分钟", secs.div_ceil(60))
    }
}

/// `Retry-After` on a throttled answer.
fn retry_after(e: &AppError, resp: &mut Response) {
    if let AppError::Throttled { retry_after_secs } = e
        && let Ok(v) = retry_after_secs.to_string().parse()
    {
        resp.headers_mut()
            .insert(axum::http::header::RETRY_AFTER, v);
    }
}

/// An error answered as JSON.
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error) = status_and_detail(&self.0);
        let mut resp = (status, Json(ErrorBody { error })).into_response();
        retry_after(&self.0, &mut resp);
        resp
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    status: u16,
    detail: ErrorDetail,
}

/// An error answered as an HTML page; 401 redirects to the sign-in page.
pub struct PageError(pub AppError);

impl<E: Into<AppError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if matches!(self.0, AppError::Unauthenticated) {
            return Redirect::to("/console/login").into_response();
        }
        let (status, detail) = status_and_detail(&self.0);
        let mut resp = render_status(
            status,
            &ErrorPage {
                status: status.as_u16(),
                detail,
            },
        );
        retry_after(&self.0, &mut resp);
        resp
    }
}

/// A refusal at the edge, before any use case (a query parameter or a text that does not
/// parse): JSON under `/api`, the plain error page elsewhere; Chinese either way, naming the
/// field when there is one.
pub(crate) fn edge_refusal(
    api: bool,
    status: StatusCode,
    code: &'static str,
    field: Option<String>,
    message: String,
) -> Response {
    let detail = ErrorDetail {
        code,
        field,
        rule: None,
        message,
        violations: Vec::new(),
        problems: Vec::new(),
    };
    if api {
        (status, Json(ErrorBody { error: detail })).into_response()
    } else {
        render_status(
            status,
            &ErrorPage {
                status: status.as_u16(),
                detail,
            },
        )
    }
}

/// Renders a template with a status; a template failure is a logged 500.
pub(crate) fn render_status(status: StatusCode, t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "系统内部错误").into_response()
        }
    }
}

pub(crate) fn render(t: &impl Template) -> Response {
    render_status(StatusCode::OK, t)
}
