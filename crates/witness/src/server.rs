//! The HTTP witness: `POST /add-checkpoint` as C2SP tlog-witness specifies.
//!
//! Requests for one origin are handled one at a time (a mutex per origin holds the recorded
//! checkpoint), so checking the old size and recording the new checkpoint are atomic; the new
//! state is on disk before the cosignature is returned.

use crate::config::WitnessConfig;
use crate::store::WitnessStore;
use anyhow::Context as _;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use sanxiang_ledger::cosignature::CosignatureSigner;
use sanxiang_ledger::witness::{
    AddCheckpointRequest, ForkProof, KnownLog, Outcome, Recorded, decide, note_origin,
};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::sync::Mutex;

/// Content type of the 409 body carrying the recorded tree size.
const TLOG_SIZE: &str = "text/x.tlog.size";
const TEXT: &str = "text/plain; charset=utf-8";

struct Witness {
    signer: CosignatureSigner,
    logs: Vec<KnownLog>,
    store: WitnessStore,
    /// Recorded checkpoint per origin; the mutex serialises requests for that origin.
    records: HashMap<String, Mutex<Option<Recorded>>>,
}

/// Builds the witness service: loads and re-verifies the recorded state of every configured log.
/// Fails if the state directory is unusable or a recorded checkpoint no longer verifies.
pub fn router(config: &WitnessConfig) -> anyhow::Result<Router> {
    let (signer, logs) = config.resolve()?;
    let store = WitnessStore::open(&config.state_dir)?;
    let mut records = HashMap::with_capacity(logs.len());
    for log in &logs {
        let recorded = match store.load(&log.origin)? {
            Some(note) => Some(
                Recorded::open(&note, &log.keys)
                    .with_context(|| format!("recorded state of log {:?}", log.origin))?,
            ),
            None => None,
        };
        records.insert(log.origin.clone(), Mutex::new(recorded));
    }
    let witness = Arc::new(Witness {
        signer,
        logs,
        store,
        records,
    });
    Ok(Router::new()
        .route("/add-checkpoint", post(add_checkpoint))
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .with_state(witness))
}

/// Serves the witness on `listener` until the task is dropped or the server fails.
pub async fn serve(listener: tokio::net::TcpListener, config: WitnessConfig) -> anyhow::Result<()> {
    let app = router(&config)?;
    tracing::info!(addr = ?listener.local_addr().ok(), logs = config.logs.len(), "witness listening");
    axum::serve(listener, app).await?;
    Ok(())
}

fn text(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, TEXT)], body).into_response()
}

/// The witness is its own service: it cosigns with its own clock, not the log's.
#[allow(clippy::disallowed_methods)]
fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

async fn add_checkpoint(State(w): State<Arc<Witness>>, body: Bytes) -> Response {
    let req = match AddCheckpointRequest::parse(&body) {
        Ok(r) => r,
        Err(e) => return text(StatusCode::BAD_REQUEST, format!("{e}\n")),
    };
    let origin = match note_origin(&req.checkpoint) {
        Ok(o) => o,
        Err(e) => {
            return text(
                StatusCode::BAD_REQUEST,
                format!("malformed checkpoint note: {e}\n"),
            );
        }
    };
    let Some(slot) = w.records.get(&origin) else {
        return text(
            StatusCode::NOT_FOUND,
            format!("unknown log origin {origin:?}\n"),
        );
    };
    let mut recorded = slot.lock().await;
    match decide(&w.logs, recorded.as_ref(), &req) {
        Outcome::Cosign { state } => {
            let line = match w.signer.cosign(state.note().as_bytes(), now_secs()) {
                Ok(l) => l,
                Err(e) => {
                    tracing::error!(%origin, error = %e, "cosigning failed");
                    return text(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "cosigning failed\n".into(),
                    );
                }
            };
            let store = w.store.clone();
            let (o, note) = (origin.clone(), state.note().to_owned());
            let saved = tokio::task::spawn_blocking(move || store.save(&o, &note)).await;
            if let Err(e) = saved
                .map_err(anyhow::Error::from)
                .and_then(|r| r.map_err(Into::into))
            {
                tracing::error!(%origin, error = %e, "could not persist witness state");
                return text(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "could not persist state\n".into(),
                );
            }
            tracing::info!(%origin, size = state.checkpoint().size, "cosigned");
            *recorded = Some(state);
            text(StatusCode::OK, line)
        }
        Outcome::Conflict { recorded_size } => (
            StatusCode::CONFLICT,
            [(header::CONTENT_TYPE, TLOG_SIZE)],
            format!("{recorded_size}\n"),
        )
            .into_response(),
        Outcome::Reject { status, reason } => {
            tracing::info!(%origin, status, %reason, "checkpoint refused");
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
            text(status, format!("{reason}\n"))
        }
        Outcome::Fork(proof) => record_fork(&w, &origin, *proof).await,
    }
}

async fn record_fork(w: &Witness, origin: &str, proof: ForkProof) -> Response {
    let store = w.store.clone();
    let saved = tokio::task::spawn_blocking(move || store.save_fork(&proof)).await;
    match saved {
        Ok(Ok(path)) => {
            tracing::error!(%origin, path = %path.display(), "LOG FORK DETECTED: fork proof written");
            text(
                StatusCode::CONFLICT,
                "fork detected: this checkpoint is inconsistent with the recorded one; \
                 a fork proof was recorded\n"
                    .into(),
            )
        }
        Ok(Err(e)) => {
            tracing::error!(%origin, error = %e, "LOG FORK DETECTED but the proof could not be written");
            text(
                StatusCode::INTERNAL_SERVER_ERROR,
                "could not persist fork proof\n".into(),
            )
        }
        Err(e) => {
            tracing::error!(%origin, error = %e, "LOG FORK DETECTED but the proof could not be written");
            text(
                StatusCode::INTERNAL_SERVER_ERROR,
                "could not persist fork proof\n".into(),
            )
        }
    }
}
