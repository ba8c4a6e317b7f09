//! sanxiang-web: the HTTP adapter. `/api/v1` (JSON, OpenAPI at `/api/openapi.json`, Swagger UI
//! at `/api/docs`), `/console` (staff pages, plain HTML forms, no JS required), `/healthz`,
//! `/metrics`. Handlers only parse, call `sanxiang-app` and render.

mod api;
mod console;
mod download;
mod error;
mod metrics;
mod portal;
mod query;
mod router;
mod server;
mod session;
mod state;
mod text;

pub use router::{metrics_router, router};
pub use server::{Limits, serve_router, serve_with};
pub use state::AppState;

/// Serves until `shutdown` resolves, with the default connection [`Limits`]. The listener may be
/// bound to port 0 (tests).
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(state, listener, Limits::default(), shutdown).await
}
