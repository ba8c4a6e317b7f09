//! Evidence over HTTP (CASE-4, CASE-6): resumable chunked uploads (create → PUT parts at any
//! offset, in any order, retried safely → status to resume → complete) and reads with HTTP
//! range requests for playback. Every read is logged.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sanxiang_app::AppError;
use sanxiang_app::evidence::NewUpload;
use sanxiang_core::rule::Violation;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::query::Query;
use crate::session::ApiActor;
use crate::state::AppState;

/// Largest part accepted in one request (the store takes up to 64 MiB, 4 MiB-aligned).
pub const PART_LIMIT: usize = 64 * 1024 * 1024 + 4096;

fn invalid(field: &str, message: impl Into<String>) -> ApiError {
    ApiError::from(AppError::invalid(Violation::hard(
        "CASE-4",
        Some(field),
        message,
    )))
}

/// Start an upload into a case. Returns the upload's status (id, chunk size).
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence/uploads", params(("id" = i64, Path)),
    request_body = NewUpload, tag = "evidence",
    responses((status = 201, description = "{id, chunk_size, received, …}"), (status = 403, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(case_id): Path<i64>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let new: NewUpload = serde_json::from_slice(&body).map_err(|e| {
        tracing::info!(error = %e, "upload request is not the documented JSON");
        let problem = super::cases::json_problem_zh(&e);
        invalid("body", format!("请求内容无效：{problem}"))
    })?;
    let status = state.app.evidence_create(&actor, case_id, new).await?;
    Ok((StatusCode::CREATED, Json(json!(status))))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PartQuery {
    /// Byte offset of the part (a multiple of 4 MiB unless it is the last part).
    offset: u64,
}

/// Store one part. Repeating a part with the same bytes is accepted; different bytes are refused.
#[utoipa::path(put, path = "/api/v1/evidence/uploads/{upload}", params(("upload" = String, Path), PartQuery),
    tag = "evidence", request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, description = "the upload's status"), (status = 422, body = crate::error::ErrorBody)))]
pub async fn put_part(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(upload): Path<String>,
    Query(q): Query<PartQuery>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Result<Json<Value>, ApiError> {
    let body = read_part(&headers, body).await?;
    let status = state
        .app
        .evidence_put(&actor, &upload, q.offset, body)
        .await?;
    Ok(Json(json!(status)))
}

/// A part's bytes, read frame by frame into one buffer of the declared length: one copy, and no
/// list of frames held beside it (parts are large; two or three are in flight per upload). The
/// buffer is aligned so that the store writes its chunks past the page cache without copying
/// them again (`sanxiang_evidence::direct`).
async fn read_part(headers: &HeaderMap, mut body: axum::body::Body) -> Result<Bytes, ApiError> {
    use http_body_util::BodyExt as _;
    let too_large = || invalid("body", format!("每个分段不得超过{} MiB", PART_LIMIT >> 20));
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > PART_LIMIT) {
        return Err(too_large());
    }
    let (mut buf, start) = sanxiang_app::evidence::part_buffer(declared.unwrap_or(0));
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            tracing::info!(error = %e, "evidence part: the request body broke off");
            invalid("body", "上传内容读取中断，请重新上传该分段")
        })?;
        if let Ok(data) = frame.into_data() {
            if buf.len() - start + data.len() > PART_LIMIT {
                return Err(too_large());
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok(Bytes::from(buf).slice(start..))
}

/// What has been received (to resume after a dropped connection).
#[utoipa::path(get, path = "/api/v1/evidence/uploads/{upload}", params(("upload" = String, Path)), tag = "evidence",
    responses((status = 200, description = "received ranges, missing chunks")))]
pub async fn status(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(upload): Path<String>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(
        state.app.evidence_status(&actor, &upload).await?
    )))
}

/// Complete the upload: the file becomes evidence of the case (201), or is quarantined when its
/// bytes disagree with the declared hashes (422, never attached).
#[utoipa::path(post, path = "/api/v1/evidence/uploads/{upload}/complete", params(("upload" = String, Path)),
    tag = "evidence", responses((status = 201, description = "the evidence"), (status = 422, body = crate::error::ErrorBody)))]
pub async fn complete(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(upload): Path<String>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let row = state.app.evidence_complete(&actor, &upload).await?;
    Ok((StatusCode::CREATED, Json(json!(row))))
}

/// The files of a case.
#[utoipa::path(get, path = "/api/v1/cases/{id}/evidence", params(("id" = i64, Path)), tag = "evidence",
    responses((status = 200, description = "the case's evidence")))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(case_id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(state.app.evidence_list(&actor, case_id).await?)))
}

/// `bytes=a-b`, `bytes=a-` or `bytes=-n` against a file of `size` bytes → `[start, end)`.
fn parse_range(h: &str, size: u64) -> Option<(u64, u64)> {
    let spec = h.strip_prefix("bytes=")?.trim();
    if spec.contains(',') {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let (start, end) = match (a.trim(), b.trim()) {
        ("", n) => {
            let n: u64 = n.parse().ok()?;
            (size.saturating_sub(n), size)
        }
        (a, "") => (a.parse().ok()?, size),
        (a, b) => (
            a.parse().ok()?,
            b.parse::<u64>().ok()?.saturating_add(1).min(size),
        ),
    };
    (start < end && end <= size).then_some((start, end))
}

/// A file of a case, with HTTP range requests (206) for playback; the read is logged.
#[utoipa::path(get, path = "/api/v1/cases/{id}/evidence/{sm3}", params(("id" = i64, Path), ("sm3" = String, Path)),
    tag = "evidence", responses((status = 200), (status = 206), (status = 416)))]
pub async fn read(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((case_id, sm3)): Path<(i64, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let file = state.app.evidence_file(&actor, case_id, &sm3).await?;
    let size = u64::try_from(file.size).unwrap_or_default();
    let range = match headers.get(header::RANGE).and_then(|v| v.to_str().ok()) {
        None => None,
        Some(h) => match parse_range(h, size) {
            Some(r) => Some(r),
            None => {
                return Ok((
                    StatusCode::RANGE_NOT_SATISFIABLE,
                    [(header::CONTENT_RANGE, format!("bytes */{size}"))],
                )
                    .into_response());
            }
        },
    };
    // SEC-2: the declared type is the uploader's word; what the browser is told comes from the
    // file's own bytes, and only media that run nothing are shown inline.
    let inline = state.app.evidence_inline_type(&file).await?;
    let bytes = state.app.evidence_read(&actor, &file, range).await?;
    let disposition = match inline {
        Some(_) => "inline".to_owned(),
        None => format!(
            "attachment; filename=\"evidence-{}\"; filename*=UTF-8''{}",
            file.sm3.get(..16).unwrap_or_default(),
            crate::download::rfc5987(if file.file_name.is_empty() {
                &file.sm3
            } else {
                &file.file_name
            })
        ),
    };
    let mut resp = (
        [
            (
                header::CONTENT_TYPE,
                inline.unwrap_or("application/octet-stream").to_owned(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::ACCEPT_RANGES, "bytes".to_owned()),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response();
    if inline != Some("application/pdf") {
        // Even a file opened directly runs nothing and reaches nothing of ours (a PDF keeps the
        // general policy: browsers refuse their PDF viewer in a sandbox).
        resp.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            axum::http::HeaderValue::from_static(
                "sandbox; default-src 'none'; img-src 'self'; media-src 'self'",
            ),
        );
    }
    if let Some((start, end)) = range {
        *resp.status_mut() = StatusCode::PARTIAL_CONTENT;
        if let Ok(v) = format!("bytes {start}-{}/{size}", end - 1).parse() {
            resp.headers_mut().insert(header::CONTENT_RANGE, v);
        }
    }
    Ok(resp)
}
