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
mod session;
mod state;

pub use router::router;
pub use state::AppState;

use std::net::SocketAddr;

/// Serves until `shutdown` resolves. The listener may be bound to port 0 (tests).
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
