//! Every route in one place.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router, middleware};
use serde_json::json;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use crate::state::AppState;
use crate::{api, console, metrics, portal, session};

/// Uploads (XLSX imports, notices) are small; evidence streaming comes with its own limit later.
pub(crate) const BODY_LIMIT: usize = 16 * 1024 * 1024;

pub fn router(state: AppState) -> Router {
    let api_v1 = Router::new()
        .route("/session", post(api::login).delete(api::logout))
        .route(
            "/officers",
            get(api::list_officers).post(api::create_officer),
        )
        .route(
            "/officers/{id}",
            get(api::get_officer).put(api::update_officer),
        )
        .route("/officers/{id}/certificates", post(api::issue_certificate))
        .route(
            "/certificates/{id}/status",
            post(api::change_certificate_status),
        )
        .route(
            "/agencies",
            get(api::list_agencies).post(api::create_agency),
        )
        .route(
            "/agencies/{id}",
            get(api::get_agency).put(api::update_agency),
        )
        .route("/entrustments", post(api::create_entrustment))
        .route("/reviewer-ratios", get(api::reviewer_ratios))
        .route(
            "/advisers",
            get(api::list_advisers).post(api::create_adviser),
        )
        .route("/calendar/workday", get(api::is_workday))
        .route("/calendar/add-workdays", get(api::add_workdays))
        .route("/calendar/add-days", get(api::add_days))
        .route("/cases", get(api::cases::list).post(api::cases::file))
        .route("/cases/{id}", get(api::cases::get))
        .route(
            "/cases/{id}/acts",
            axum::routing::post(api::cases::record_act),
        )
        .route(
            "/cases/{id}/evidence/uploads",
            axum::routing::post(api::evidence::create),
        )
        .route("/cases/{id}/evidence", get(api::evidence::list))
        .route("/cases/{id}/archive", get(api::cases::archive))
        .route("/deadlines", get(api::cases::deadlines))
        .route("/confirmations", get(api::cases::confirmations))
        .route(
            "/cases/{id}/acts/{seq}/confirm",
            post(api::cases::confirm_act),
        )
        .route("/cases/{id}/evidence/{sm3}", get(api::evidence::read))
        .route("/cases/{id}/instruments", get(api::instruments::list))
        .route("/cases/{id}/instruments/{sm3}", get(api::instruments::read))
        .route(
            "/evidence/uploads/{upload}",
            // The part's size limit is enforced as it is read (`api::evidence::read_part`).
            get(api::evidence::status).put(api::evidence::put_part),
        )
        .route(
            "/evidence/uploads/{upload}/complete",
            axum::routing::post(api::evidence::complete),
        )
        .route("/ledger/size", get(api::ledger::size))
        .route("/ledger/proof/inclusion", get(api::ledger::inclusion))
        .route("/ledger/proof/consistency", get(api::ledger::consistency))
        .route("/ledger/proof/tlog", get(api::ledger::tlog_proof))
        .route("/public/agencies", get(api::public::agencies))
        .route("/public/agencies.csv", get(api::public::agencies_csv))
        .route("/public/agencies/{id}", get(api::public::agency))
        .route("/public/officers", get(api::public::officers))
        .route("/public/officers.csv", get(api::public::officers_csv))
        .route("/public/officers/{number}", get(api::public::officer))
        .route("/public/catalogs/{kind}", get(api::public::catalog))
        .route("/public/catalog-items/{id}", get(api::public::catalog_item))
        .route("/public/laws", get(api::public::laws))
        .route("/public/laws/{slug}", get(api::public::law));

    Router::new()
        .route("/healthz", get(healthz))
        .route("/ledger/checkpoint", get(api::ledger::checkpoint))
        .route("/ledger/tile/{*rest}", get(api::ledger::tile))
        .route("/metrics", get(metrics_text))
        .nest("/api/v1", api_v1)
        .merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", api::ApiDoc::openapi()))
        .nest("/console", console::routes())
        .merge(portal::routes())
        .fallback(|| async { console::not_found() })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(crate::text::hygiene))
        // Inside the metrics layer, so that a panic is counted as the 500 it is answered with.
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn_with_state(state.clone(), session::csrf))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(middleware::from_fn(session::security_headers))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.app.store().ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({"status": "ok", "database": state.app.store().backend()})),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable"})),
            )
        }
    }
}

/// A panic in a handler (a bug): logged once by the panic hook, answered 500 in Chinese; the
/// connection stays up.
fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    tracing::error!("a request handler panicked; answered 500");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(json!({"error": {"code": "internal", "message": "系统内部错误，请稍后重试"}})),
    )
        .into_response()
}

/// `/metrics` answers loopback clients only (SEC-2: request counts by route are operational
/// data, not public); a monitoring agent elsewhere reads it through `metrics_listen`.
async fn metrics_text(State(state): State<AppState>, req: Request) -> impl IntoResponse {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    if !peer.is_some_and(|ip| ip.is_loopback()) {
        return console::not_found();
    }
    metrics_body(&state)
}

/// `/metrics` alone, for the separate metrics listener (`metrics_listen`), any client.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route(
            "/metrics",
            get(|State(state): State<AppState>| async move { metrics_body(&state) }),
        )
        .with_state(state)
}

/// The metrics text in the Prometheus format.
fn metrics_body(state: &AppState) -> axum::response::Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
        .into_response()
}
