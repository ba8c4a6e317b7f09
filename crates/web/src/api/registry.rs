//! Registry endpoints (REG-1..3).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use sanxiang_app::forms::{
    AdviserForm, AgencyForm, EntrustmentForm, OfficerForm, StatusChangeForm,
};
use sanxiang_core::registry::CertificateStatus;
use sanxiang_store::repo::PageRequest;
use sanxiang_store::repo::agencies::AgencyFilter;
use sanxiang_store::repo::officers::OfficerFilter;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::query::Query;
use crate::session::ApiActor;
use crate::state::AppState;

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
pub struct OfficerQuery {
    #[serde(deserialize_with = "crate::query::empty_as_none")]
    pub agency_id: Option<i64>,
    pub name: Option<String>,
    pub certificate_no: Option<String>,
    /// active | suspended | expired | revoked
    pub status: Option<String>,
    pub category: Option<String>,
    #[serde(deserialize_with = "crate::query::empty_as_none")]
    pub reviewers_only: Option<bool>,
    #[serde(deserialize_with = "crate::query::empty_as_none")]
    #[param(value_type = Option<u64>, minimum = 1, maximum = 10000000)]
    pub page: Option<crate::query::PageNo>,
    #[serde(deserialize_with = "crate::query::empty_as_none")]
    #[param(value_type = Option<u64>, minimum = 1, maximum = 200)]
    pub per_page: Option<crate::query::PerPage>,
}

impl OfficerQuery {
    pub fn filter(&self) -> OfficerFilter {
        OfficerFilter {
            agency_id: self.agency_id,
            name: self.name.clone(),
            certificate_no: self.certificate_no.clone(),
            status: self
                .status
                .as_deref()
                .and_then(CertificateStatus::from_code),
            category: self.category.clone(),
            reviewers_only: self.reviewers_only.unwrap_or(false),
        }
    }

    pub fn page(&self) -> PageRequest {
        crate::query::page_request(self.page, self.per_page, 20)
    }
}

/// One officer in JSON: personal data masked unless asked for (and then audited).
pub fn officer_json(
    row: &sanxiang_store::repo::officers::OfficerRow,
    today: chrono::NaiveDate,
) -> Value {
    let o = &row.officer;
    let cert = row.certificate.as_ref().map(|c| {
        let stored = CertificateStatus::from_code(&c.status).unwrap_or(CertificateStatus::Active);
        let status = CertificateStatus::effective(stored, c.valid_from, c.valid_until, today);
        json!({
            "id": c.id, "number": c.number, "category": c.category, "area": c.area,
            "issued_by": c.issued_by, "valid_from": c.valid_from, "valid_until": c.valid_until,
            "status": status.code(), "status_label": status.label_zh(),
        })
    });
    json!({
        "id": o.id, "agency_id": o.agency_id, "agency_name": row.agency_name, "name": o.name,
        "sex": o.sex, "id_number": o.id_number, "phone": o.phone, "post": o.post,
        "is_reviewer": o.is_reviewer, "legal_qualified": o.legal_qualified,
        "legal_qualified_on": o.legal_qualified_on, "certificate": cert,
    })
}

/// An officer in JSON without personal data: lists and write responses never carry it.
fn officer_json_public(
    row: &sanxiang_store::repo::officers::OfficerRow,
    today: chrono::NaiveDate,
) -> Value {
    let mut v = officer_json(row, today);
    v["id_number"] = Value::Null;
    v["phone"] = Value::Null;
    v
}

/// List officers in the caller's scope, filtered and paginated.
#[utoipa::path(get, path = "/api/v1/officers", params(OfficerQuery), tag = "registry",
    responses((status = 200, description = "{items, total, page, per_page}"), (status = 401, body = crate::error::ErrorBody)))]
pub async fn list_officers(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<OfficerQuery>,
) -> Result<Json<Value>, ApiError> {
    let page = state
        .app
        .list_officers(&actor, &q.filter(), q.page())
        .await?;
    let today = state.app.today();
    let items: Vec<Value> = page
        .items
        .iter()
        .map(|r| officer_json_public(r, today))
        .collect();
    Ok(Json(
        json!({"items": items, "total": page.total, "page": page.page, "per_page": page.per_page}),
    ))
}

/// Register an officer, optionally with a certificate.
#[utoipa::path(post, path = "/api/v1/officers", request_body = OfficerForm, tag = "registry",
    responses((status = 201, description = "created"), (status = 403, body = crate::error::ErrorBody),
              (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_officer(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Json(form): Json<OfficerForm>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let row = state.app.create_officer(&actor, &form).await?;
    let v = officer_json_public(&row, state.app.today());
    Ok((StatusCode::CREATED, Json(v)))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
pub struct PersonalQuery {
    /// `true` returns unmasked ID number and phone; the read is audited.
    #[serde(deserialize_with = "crate::query::empty_as_none")]
    pub personal: Option<bool>,
}

/// One officer. Personal data is masked unless `personal=true` (audited).
#[utoipa::path(get, path = "/api/v1/officers/{id}", params(("id" = i64, Path), PersonalQuery), tag = "registry",
    responses((status = 200), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_officer(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    Query(q): Query<PersonalQuery>,
) -> Result<Json<Value>, ApiError> {
    let row = state
        .app
        .get_officer(&actor, id, q.personal.unwrap_or(false))
        .await?;
    Ok(Json(officer_json(&row, state.app.today())))
}

/// Update an officer (certificates are issued and changed separately).
#[utoipa::path(put, path = "/api/v1/officers/{id}", request_body = OfficerForm, params(("id" = i64, Path)), tag = "registry",
    responses((status = 200), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn update_officer(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    Json(form): Json<OfficerForm>,
) -> Result<Json<Value>, ApiError> {
    let row = state.app.update_officer(&actor, id, &form).await?;
    let v = officer_json_public(&row, state.app.today());
    Ok(Json(v))
}

/// Issue a new certificate to an officer (fields `certificate_*` of OfficerForm).
#[utoipa::path(post, path = "/api/v1/officers/{id}/certificates", request_body = OfficerForm, params(("id" = i64, Path)), tag = "registry",
    responses((status = 201), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn issue_certificate(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    Json(form): Json<OfficerForm>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let c = state.app.issue_certificate(&actor, id, &form).await?;
    Ok((StatusCode::CREATED, Json(json!(c))))
}

/// Suspend, reinstate or revoke a certificate (a recorded status change).
#[utoipa::path(post, path = "/api/v1/certificates/{id}/status", request_body = StatusChangeForm, params(("id" = i64, Path)), tag = "registry",
    responses((status = 200), (status = 422, body = crate::error::ErrorBody)))]
pub async fn change_certificate_status(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    Json(form): Json<StatusChangeForm>,
) -> Result<Json<Value>, ApiError> {
    let c = state
        .app
        .change_certificate_status(&actor, id, &form)
        .await?;
    Ok(Json(json!(c)))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
pub struct AgencyQuery {
    pub q: Option<String>,
    pub nature: Option<String>,
    pub category: Option<String>,
    #[serde(deserialize_with = "crate::query::empty_as_none")]
    #[param(value_type = Option<u64>, minimum = 1, maximum = 10000000)]
    pub page: Option<crate::query::PageNo>,
    #[serde(deserialize_with = "crate::query::empty_as_none")]
    #[param(value_type = Option<u64>, minimum = 1, maximum = 200)]
    pub per_page: Option<crate::query::PerPage>,
}

impl AgencyQuery {
    pub fn filter(&self) -> AgencyFilter {
        AgencyFilter {
            q: self.q.clone(),
            nature: self.nature.clone(),
            category: self.category.clone(),
        }
    }
}

/// List agencies in the caller's scope.
#[utoipa::path(get, path = "/api/v1/agencies", params(AgencyQuery), tag = "registry", responses((status = 200)))]
pub async fn list_agencies(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<AgencyQuery>,
) -> Result<Json<Value>, ApiError> {
    let page = crate::query::page_request(q.page, q.per_page, 20);
    Ok(Json(json!(
        state.app.list_agencies(&actor, &q.filter(), page).await?
    )))
}

/// Register an agency (REG-1).
#[utoipa::path(post, path = "/api/v1/agencies", request_body = AgencyForm, tag = "registry",
    responses((status = 201), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_agency(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Json(form): Json<AgencyForm>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(json!(state.app.create_agency(&actor, &form).await?)),
    ))
}

/// One agency with its entrustments.
#[utoipa::path(get, path = "/api/v1/agencies/{id}", params(("id" = i64, Path)), tag = "registry",
    responses((status = 200), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_agency(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    let a = state.app.get_agency(&actor, id).await?;
    let e = state.app.entrustments_of(&actor, id).await?;
    Ok(Json(json!({"agency": a, "entrustments": e})))
}

/// Update an agency.
#[utoipa::path(put, path = "/api/v1/agencies/{id}", request_body = AgencyForm, params(("id" = i64, Path)), tag = "registry",
    responses((status = 200), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn update_agency(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    Json(form): Json<AgencyForm>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(
        state.app.update_agency(&actor, id, &form).await?
    )))
}

/// Record an entrustment (R1: scope, term, publication; no sub-entrustment).
#[utoipa::path(post, path = "/api/v1/entrustments", request_body = EntrustmentForm, tag = "registry",
    responses((status = 201), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_entrustment(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Json(form): Json<EntrustmentForm>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(json!(state.app.create_entrustment(&actor, &form).await?)),
    ))
}

/// Reviewers per agency with the R8 5% warning.
#[utoipa::path(get, path = "/api/v1/reviewer-ratios", tag = "registry", responses((status = 200)))]
pub async fn reviewer_ratios(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(state.app.reviewer_ratios(&actor).await?)))
}

/// Legal advisers and public lawyers: the caller's agencies' and the shared pools (REG-3).
#[utoipa::path(get, path = "/api/v1/advisers", tag = "registry", responses((status = 200)))]
pub async fn list_advisers(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(state.app.advisers(&actor).await?)))
}

/// Add a legal adviser or public lawyer (REG-3).
#[utoipa::path(post, path = "/api/v1/advisers", request_body = AdviserForm, tag = "registry",
    responses((status = 201), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_adviser(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Json(form): Json<AdviserForm>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(json!(state.app.create_adviser(&actor, &form).await?)),
    ))
}
