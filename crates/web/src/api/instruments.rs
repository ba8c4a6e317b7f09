//! Issued documents (文书) of a case: the list, and each PDF by its SM3 (the hash listed in the
//! act and its ledger entry). Documents are issued with acts (`POST /api/v1/cases/{id}/acts`,
//! field `issue`). Every download is logged (CASE-6).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use sanxiang_app::instruments::IssuedInstrument;

use crate::error::ApiError;
use crate::session::ApiActor;
use crate::state::AppState;

/// The documents issued in a case, in act order: kind, title, number, date, SM3, size.
#[utoipa::path(get, path = "/api/v1/cases/{id}/instruments", params(("id" = i64, Path)), tag = "cases",
    responses((status = 200, body = Vec<IssuedInstrument>), (status = 403, body = crate::error::ErrorBody),
              (status = 404, body = crate::error::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(case_id): Path<i64>,
) -> Result<Json<Vec<IssuedInstrument>>, ApiError> {
    Ok(Json(state.app.instruments_list(&actor, case_id).await?))
}

/// One document's PDF/A (`application/pdf`, shown inline); the read is logged.
#[utoipa::path(get, path = "/api/v1/cases/{id}/instruments/{sm3}",
    params(("id" = i64, Path), ("sm3" = String, Path, description = "SM3 of the PDF, hex")), tag = "cases",
    responses((status = 200, content_type = "application/pdf"), (status = 403, body = crate::error::ErrorBody),
              (status = 404, body = crate::error::ErrorBody)))]
pub async fn read(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((case_id, sm3)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    let (doc, pdf) = state.app.instrument_pdf(&actor, case_id, &sm3).await?;
    // The file name may hold Chinese (the number): RFC 5987 `filename*`, with an ASCII fallback.
    let disposition = format!(
        "inline; filename=\"{}.pdf\"; filename*=UTF-8''{}.pdf",
        doc.kind,
        crate::download::rfc5987(&doc.number.clone().unwrap_or_else(|| doc.label.clone()))
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        pdf,
    )
        .into_response())
}
