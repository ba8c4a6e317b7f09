//! Cases over the API (CASE-1, CASE-2, CASE-6): file a case, record acts, read the timeline.
//! Bodies are parsed here so that a malformed command is a 422 naming what is wrong.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use sanxiang_app::AppError;
use sanxiang_app::cases::{ActInput, CaseView, NewCase};
use sanxiang_core::rule::Violation;
use sanxiang_store::repo::cases::CaseFilter;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::query::Query;
use crate::session::ApiActor;
use crate::state::AppState;

/// What is wrong with a JSON body, in Chinese, naming the field where the parser names one.
pub(crate) fn json_problem_zh(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let quoted = text.split('`').nth(1).unwrap_or_default();
    if e.is_syntax() || e.is_eof() {
        "不是完整、有效的JSON".to_owned()
    } else if text.starts_with("missing field") {
        format!("缺少字段“{quoted}”")
    } else if text.starts_with("unknown field") {
        format!("没有字段“{quoted}”")
    } else if text.starts_with("unknown variant") {
        format!("“{quoted}”不是允许的取值")
    } else if text.starts_with("invalid type") || text.starts_with("invalid value") {
        "某字段的类型或取值不对".to_owned()
    } else {
        "内容与接口说明不符".to_owned()
    }
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        // The parser's own (English) words go to the log; the client reads where it stopped.
        tracing::info!(error = %e, "request body is not the documented JSON");
        // An input error of its own, not a rule: the body is not the JSON the API documents.
        ApiError::from(AppError::invalid(Violation::hard(
            "JSON",
            Some("body"),
            format!(
                "请求内容无效：{}（第{}行第{}列）",
                json_problem_zh(&e),
                e.line(),
                e.column()
            ),
        )))
    })
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
pub struct CaseQuery {
    #[serde(deserialize_with = "crate::query::empty_as_none")]
    agency_id: Option<i64>,
    /// Substring of the case number, cause or party name.
    q: Option<String>,
    kind: Option<String>,
    stage: Option<String>,
    #[serde(deserialize_with = "crate::query::empty_as_none")]
    closed: Option<bool>,
    #[serde(deserialize_with = "crate::query::empty_as_none")]
    #[param(value_type = Option<u64>, minimum = 1, maximum = 10000000)]
    page: Option<crate::query::PageNo>,
    #[serde(deserialize_with = "crate::query::empty_as_none")]
    #[param(value_type = Option<u64>, minimum = 1, maximum = 200)]
    per_page: Option<crate::query::PerPage>,
}

/// Cases in the caller's scope, newest first. `total` is exact up to 10,000; 10,001 means more.
#[utoipa::path(get, path = "/api/v1/cases", params(CaseQuery), tag = "cases",
    responses((status = 200, description = "{items, total, page, per_page}")))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<CaseQuery>,
) -> Result<Json<Value>, ApiError> {
    let filter = CaseFilter {
        agency_id: q.agency_id,
        q: q.q,
        kind: q.kind,
        stage: q.stage,
        closed: q.closed,
        ..CaseFilter::default()
    };
    let page = crate::query::page_request(q.page, q.per_page, 20);
    let p = state.app.list_cases(&actor, &filter, page).await?;
    Ok(Json(json!(p)))
}

/// File a case with its first act (立案; 当场处罚决定 for the simplified procedure; 申请 for
/// licensing). A rule violation is a 422 naming the rule; nothing is written.
#[utoipa::path(post, path = "/api/v1/cases", request_body = NewCase, tag = "cases",
    responses((status = 201, description = "the case"), (status = 403, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn file(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let new: NewCase = parse(&body)?;
    let case = state.app.file_case(&actor, new).await?;
    Ok((StatusCode::CREATED, Json(json!(case))))
}

/// Record an act in a case.
#[utoipa::path(post, path = "/api/v1/cases/{id}/acts", params(("id" = i64, Path)), request_body = ActInput,
    tag = "cases", responses((status = 201, description = "the case after the act"),
              (status = 403, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn record_act(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let input: ActInput = parse(&body)?;
    let case = state.app.record_act(&actor, id, input).await?;
    Ok((StatusCode::CREATED, Json(json!(case))))
}

/// A case with its party, timeline (every act with its ledger position) and open deadlines.
/// The read is logged (CASE-6). A natural person's ID number and address are in full for the
/// case's officers only, masked for other readers (A8; `personal_data` says which).
#[utoipa::path(get, path = "/api/v1/cases/{id}", params(("id" = i64, Path)), tag = "cases",
    responses((status = 200), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    let v: CaseView = state.app.case_view(&actor, id).await?;
    // A8: readers other than the case's officers get natural persons' identifiers masked.
    let acts: Vec<Value> = v
        .acts
        .iter()
        .map(|r| {
            let mut a = json!(r);
            if !v.personal_data {
                sanxiang_app::cases::redact(&mut a["act"]);
            }
            a
        })
        .collect();
    Ok(Json(json!({
        "case": v.case,
        "party": v.party,
        "personal_data": v.personal_data,
        "acts": acts,
        "stage": v.state.stage,
        "stage_label": v.state.stage.label_zh(),
        "deadlines": v.state.open_deadlines.iter().map(|d| &d.spec).collect::<Vec<_>>(),
    })))
}

/// CASE-7: the case's archive package (`sanxiang-archive/v1`, a tar file) — its acts, their
/// proofs, the checkpoint with cosignatures and timestamp, the keys and every attached file —
/// for `sanxiang ledger verify`. 409 while its latest acts await the next checkpoint.
#[utoipa::path(get, path = "/api/v1/cases/{id}/archive", params(("id" = i64, Path)), tag = "cases",
    responses((status = 200, content_type = "application/x-tar"), (status = 403, body = crate::error::ErrorBody),
              (status = 409, body = crate::error::ErrorBody)))]
pub async fn archive(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    // Written to an unlinked temporary file, then streamed: packages can be gigabytes.
    let path = std::env::temp_dir().join(format!(
        "sanxiang-archive-{}-{}.tar",
        std::process::id(),
        rand::random::<u64>()
    ));
    let file = std::fs::File::options()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| ApiError::from(AppError::Internal(format!("archive temp file: {e}"))))?;
    let reader = file
        .try_clone()
        .map_err(|e| ApiError::from(AppError::Internal(format!("archive temp file: {e}"))))?;
    let _ = std::fs::remove_file(&path);
    let case = state.app.case_archive(&actor, id, file).await?;
    let mut reader = tokio::fs::File::from_std(reader);
    use tokio::io::AsyncSeekExt as _;
    reader
        .seek(std::io::SeekFrom::Start(0))
        .await
        .map_err(|e| ApiError::from(AppError::Internal(format!("archive temp file: {e}"))))?;
    let body = axum::body::Body::from_stream(tokio_util::io::ReaderStream::new(reader));
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/x-tar".to_owned(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}.sxarchive.tar\"", case.case_no),
            ),
        ],
        body,
    )
        .into_response())
}

/// CASE-5: open deadlines of the cases in scope, earliest first, with their alarm state
/// (`overdue`, `due_soon` within 3 working days, `open`).
#[utoipa::path(get, path = "/api/v1/deadlines", tag = "cases", responses((status = 200)))]
pub async fn deadlines(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(state.app.case_deadlines(&actor, 500).await?)))
}

/// CASE-2: the acts awaiting the signed-in officer's own confirmation (`mine`), and for a head
/// or supervisor those in scope awaiting any named officer's (`in_scope`).
#[utoipa::path(get, path = "/api/v1/confirmations", tag = "cases", responses((status = 200)))]
pub async fn confirmations(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(state.app.pending_confirmations(&actor).await?)))
}

/// CASE-2: the signed-in officer confirms act `seq` of a case they were named in (they then
/// count as having acted in it, and read it). 404 when nothing awaits their confirmation there.
#[utoipa::path(post, path = "/api/v1/cases/{id}/acts/{seq}/confirm",
    params(("id" = i64, Path), ("seq" = i64, Path)), tag = "cases",
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn confirm_act(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, seq)): Path<(i64, i64)>,
) -> Result<axum::http::StatusCode, ApiError> {
    state.app.confirm_act(&actor, id, seq).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
