//! Public ledger proofs (LOG-3): no sign-in; anyone may check.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::query::Query;
use crate::state::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct InclusionQuery {
    /// Entry position, from 0.
    index: u64,
    /// Tree size (from a signed checkpoint).
    size: u64,
}

/// Inclusion proof of entry `index` in the tree of `size` entries (RFC 9162 §2.1.3), hashes in hex.
#[utoipa::path(get, path = "/api/v1/ledger/proof/inclusion", params(InclusionQuery), tag = "ledger",
    responses((status = 200, description = "{hash, index, size, leaf_hash, root, proof}"),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn inclusion(
    State(state): State<AppState>,
    Query(q): Query<InclusionQuery>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(
        state.app.ledger_inclusion(q.index, q.size).await?
    )))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ConsistencyQuery {
    /// The older tree size (≥ 1).
    from: u64,
    /// The newer tree size.
    to: u64,
}

/// Consistency proof between two tree sizes (RFC 9162 §2.1.4), hashes in hex.
#[utoipa::path(get, path = "/api/v1/ledger/proof/consistency", params(ConsistencyQuery), tag = "ledger",
    responses((status = 200, description = "{hash, from, to, from_root, to_root, proof}"),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn consistency(
    State(state): State<AppState>,
    Query(q): Query<ConsistencyQuery>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(
        state.app.ledger_consistency(q.from, q.to).await?
    )))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct TlogProofQuery {
    /// Entry position, from 0.
    index: u64,
}

/// LOG-3: a C2SP `tlog-proof@v1` file for entry `index` against the latest checkpoint, the
/// entry's bytes as extra data; check it offline with `sanxiang ledger verify-proof`.
#[utoipa::path(get, path = "/api/v1/ledger/proof/tlog", params(TlogProofQuery), tag = "ledger",
    responses((status = 200, description = "c2sp.org/tlog-proof@v1 text", content_type = "text/plain"),
              (status = 404, description = "not yet covered by a checkpoint")))]
pub async fn tlog_proof(
    State(state): State<AppState>,
    Query(q): Query<TlogProofQuery>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let p = state.app.ledger_tlog_proof(q.index).await?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/plain; charset=utf-8",
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"entry.tlog-proof\"",
            ),
        ],
        p.to_text(),
    )
        .into_response())
}

/// The current size of the log.
#[utoipa::path(get, path = "/api/v1/ledger/size", tag = "ledger", responses((status = 200, description = "{size}")))]
pub async fn size(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!({"size": state.app.ledger_size().await?})))
}

/// LOG-2: the latest signed checkpoint (C2SP tlog-checkpoint signed note), 404 before the first.
pub async fn checkpoint(
    State(state): State<AppState>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    Ok(match state.app.ledger_latest_checkpoint().await? {
        Some(note) => (
            [
                (
                    axum::http::header::CONTENT_TYPE,
                    "text/plain; charset=utf-8",
                ),
                (axum::http::header::CACHE_CONTROL, "no-cache"),
            ],
            note,
        )
            .into_response(),
        None => (
            axum::http::StatusCode::NOT_FOUND,
            "尚无检查点 / no checkpoint yet\n",
        )
            .into_response(),
    })
}

/// C2SP tlog-tiles: hash tiles `/ledger/tile/<L>/<N>[.p/<W>]` and entry bundles
/// `/ledger/tile/entries/<N>[.p/<W>]`. A full tile never changes, so it may be cached forever.
pub async fn tile(
    State(state): State<AppState>,
    axum::extract::Path(rest): axum::extract::Path<String>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let path = format!("tile/{rest}");
    let immutable = !path.contains(".p/");
    Ok(match state.app.ledger_tile(&path).await? {
        Some(bytes) => (
            [
                (axum::http::header::CONTENT_TYPE, "application/octet-stream"),
                (
                    axum::http::header::CACHE_CONTROL,
                    if immutable {
                        "public, max-age=31536000, immutable"
                    } else {
                        "no-cache"
                    },
                ),
            ],
            bytes,
        )
            .into_response(),
        None => (
            axum::http::StatusCode::NOT_FOUND,
            "没有该瓦片 / no such tile\n",
        )
            .into_response(),
    })
}
