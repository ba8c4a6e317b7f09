//! The HTTP server: the router on hyper's HTTP/1 connections, with the limits that keep a slow or
//! greedy client from holding the server (SEC-2; values in docs/security.md):
//! - a request's headers must arrive within `header_timeout`, which also bounds how long a
//!   kept-alive connection may sit idle before its next request;
//! - a request body may pause at most `body_idle_timeout` between two pieces (large uploads
//!   keep flowing; a body shorter than its Content-Length is cut off);
//! - one client address holds at most `max_connections_per_client` connections; more are closed
//!   as they are accepted.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tower::ServiceExt as _;
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::state::AppState;

/// Connection limits (configuration: `header_timeout_secs`, `body_idle_timeout_secs`,
/// `max_connections_per_client`).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_timeout: Duration,
    pub body_idle_timeout: Duration,
    pub max_connections_per_client: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(15),
            body_idle_timeout: Duration::from_secs(30),
            max_connections_per_client: 256,
        }
    }
}

/// How long open connections may take to finish their requests after shutdown is asked for.
const DRAIN: Duration = Duration::from_secs(30);

/// Open connections per client address; a slot gives its place back when dropped.
#[derive(Default, Clone)]
struct Clients(Arc<Mutex<HashMap<IpAddr, usize>>>);

struct Slot {
    clients: Clients,
    ip: IpAddr,
}

impl Clients {
    fn take(&self, ip: IpAddr, max: usize) -> Option<Slot> {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let n = map.entry(ip).or_insert(0);
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(Slot {
            clients: self.clone(),
            ip,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        // A poisoned map is still a count: never refuse everyone because one thread panicked.
        let mut map = self.clients.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = map.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.ip);
            }
        }
    }
}

/// Serves `router` on `listener` with `limits` until `shutdown` resolves, then lets open
/// requests finish (at most [`DRAIN`]).
pub async fn serve_router(
    router: axum::Router,
    listener: tokio::net::TcpListener,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let service = tower::ServiceBuilder::new()
        .layer(RequestBodyTimeoutLayer::new(limits.body_idle_timeout))
        .service(router);
    let clients = Clients::default();
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some(slot) = clients.take(peer.ip(), limits.max_connections_per_client) else {
            tracing::warn!(
                limit = limits.max_connections_per_client,
                "connection refused: too many connections from one client address"
            );
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = service.clone();
        let hyper_service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            service.clone().oneshot(req)
        });
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .serve_connection(TokioIo::new(stream), hyper_service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _slot = slot;
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after the shutdown drain; closing them");
    }
    Ok(())
}

/// Serves the application's routes (see [`serve_router`]).
pub async fn serve_with(
    state: AppState,
    listener: tokio::net::TcpListener,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_router(crate::router(state), listener, limits, shutdown).await
}
