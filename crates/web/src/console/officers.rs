//! Officer pages (REG-2/REG-3): list with filters, detail, create, edit, certificates.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use sanxiang_app::AppError;
use sanxiang_app::forms::{OfficerForm, StatusChangeForm};
use sanxiang_core::registry::CertificateStatus;
use sanxiang_store::entity::certificate;
use serde::Deserialize;

use super::{FieldErrors, Nav, Pager, query_string};
use crate::api::OfficerQuery;
use crate::error::{PageError, render, render_status};
use crate::query::Query;
use crate::session::PageActor;
use crate::state::AppState;

pub struct CertView {
    pub id: i64,
    pub number: String,
    pub category: String,
    pub area: String,
    pub issued_by: String,
    pub valid_from: String,
    pub valid_until: String,
    pub status: &'static str,
    pub status_label: &'static str,
}

fn cert_view(c: &certificate::Model, today: chrono::NaiveDate) -> CertView {
    let stored = CertificateStatus::from_code(&c.status).unwrap_or(CertificateStatus::Active);
    let s = CertificateStatus::effective(stored, c.valid_from, c.valid_until, today);
    CertView {
        id: c.id,
        number: c.number.clone(),
        category: c.category.clone(),
        area: c.area.clone(),
        issued_by: c.issued_by.clone(),
        valid_from: c.valid_from.to_string(),
        valid_until: c.valid_until.to_string(),
        status: s.code(),
        status_label: s.label_zh(),
    }
}

pub struct Row {
    pub id: i64,
    pub name: String,
    pub agency_name: String,
    pub post: String,
    pub reviewer: bool,
    pub cert: Option<CertView>,
}

#[derive(Template)]
#[template(path = "officers.html")]
struct ListPage {
    nav: Nav,
    rows: Vec<Row>,
    agencies: Vec<(i64, String)>,
    agency_id: String,
    name: String,
    certificate_no: String,
    status: String,
    statuses: Vec<(&'static str, &'static str)>,
    pager: Pager,
    export_query: String,
}

pub async fn list(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Query(q): Query<OfficerQuery>,
) -> Result<Response, PageError> {
    let page = state
        .app
        .list_officers(&actor, &q.filter(), q.page())
        .await?;
    let agencies = state.app.agencies_in_scope(&actor).await?;
    let today = state.app.today();
    let base = query_string(&[
        (
            "agency_id",
            q.agency_id.map(|i| i.to_string()).unwrap_or_default(),
        ),
        ("name", q.name.clone().unwrap_or_default()),
        (
            "certificate_no",
            q.certificate_no.clone().unwrap_or_default(),
        ),
        ("status", q.status.clone().unwrap_or_default()),
    ]);
    let pager = Pager::new(page.page, page.pages(), page.total, &base);
    Ok(render(&ListPage {
        nav: Nav::of(&actor),
        rows: page
            .items
            .iter()
            .map(|r| Row {
                id: r.officer.id,
                name: r.officer.name.clone(),
                agency_name: r.agency_name.clone(),
                post: r.officer.post.clone(),
                reviewer: r.officer.is_reviewer,
                cert: r.certificate.as_ref().map(|c| cert_view(c, today)),
            })
            .collect(),
        agencies: agencies.into_iter().map(|a| (a.id, a.name)).collect(),
        agency_id: q.agency_id.map(|i| i.to_string()).unwrap_or_default(),
        name: q.name.unwrap_or_default(),
        certificate_no: q.certificate_no.unwrap_or_default(),
        status: q.status.unwrap_or_default(),
        statuses: CertificateStatus::ALL
            .iter()
            .map(|s| (s.code(), s.label_zh()))
            .collect(),
        pager,
        export_query: base,
    }))
}

#[derive(Template)]
#[template(path = "officer.html")]
struct DetailPage {
    nav: Nav,
    id: i64,
    name: String,
    sex: &'static str,
    agency_id: i64,
    agency_name: String,
    id_number: String,
    phone: String,
    post: String,
    reviewer: bool,
    legal_qualified: bool,
    legal_qualified_on: String,
    personal: bool,
    certs: Vec<CertView>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DetailQuery {
    personal: Option<String>,
}

pub async fn detail(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
    Query(q): Query<DetailQuery>,
) -> Result<Response, PageError> {
    let personal = q.personal.as_deref() == Some("1");
    let row = state.app.get_officer(&actor, id, personal).await?;
    let certs = state.app.certificates_of(&actor, id).await?;
    let today = state.app.today();
    let o = row.officer;
    Ok(render(&DetailPage {
        nav: Nav::of(&actor),
        id,
        sex: if o.sex == "F" { "女" } else { "男" },
        agency_id: o.agency_id,
        agency_name: row.agency_name,
        id_number: o.id_number.unwrap_or_default(),
        phone: o.phone.unwrap_or_default(),
        post: o.post,
        reviewer: o.is_reviewer,
        legal_qualified: o.legal_qualified,
        legal_qualified_on: o
            .legal_qualified_on
            .map(|d| d.to_string())
            .unwrap_or_default(),
        name: o.name,
        personal,
        certs: certs.iter().map(|c| cert_view(c, today)).collect(),
    }))
}

#[derive(Template)]
#[template(path = "officer_form.html")]
struct FormPage {
    nav: Nav,
    title: &'static str,
    action: String,
    is_new: bool,
    form: OfficerForm,
    errors: FieldErrors,
    agencies: Vec<(i64, String)>,
}

async fn form_page(
    state: &AppState,
    actor: &sanxiang_app::Actor,
    id: Option<i64>,
    form: OfficerForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, PageError> {
    let agencies = state.app.agencies_in_scope(actor).await?;
    Ok(render_status(
        status,
        &FormPage {
            nav: Nav::of(actor),
            title: if id.is_some() {
                "编辑执法人员"
            } else {
                "新增执法人员"
            },
            action: id
                .map(|i| format!("/console/officers/{i}"))
                .unwrap_or_else(|| "/console/officers".into()),
            is_new: id.is_none(),
            form,
            errors,
            agencies: agencies.into_iter().map(|a| (a.id, a.name)).collect(),
        },
    ))
}

pub async fn new_form(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
) -> Result<Response, PageError> {
    let form = OfficerForm {
        agency_id: actor.agency_id.to_string(),
        ..Default::default()
    };
    form_page(
        &state,
        &actor,
        None,
        form,
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

pub async fn create(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Form(form): Form<OfficerForm>,
) -> Result<Response, PageError> {
    match state.app.create_officer(&actor, &form).await {
        Ok(row) => {
            Ok(Redirect::to(&format!("/console/officers/{}", row.officer.id)).into_response())
        }
        Err(AppError::Invalid(v)) => {
            form_page(
                &state,
                &actor,
                None,
                form,
                FieldErrors(v),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(AppError::Conflict { field, message }) => {
            let v = vec![sanxiang_core::rule::Violation::hard(
                "REG-2",
                Some(&field),
                message,
            )];
            form_page(
                &state,
                &actor,
                None,
                form,
                FieldErrors(v),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let row = state.app.get_officer(&actor, id, false).await?;
    let o = row.officer;
    let form = OfficerForm {
        agency_id: o.agency_id.to_string(),
        name: o.name,
        sex: o.sex,
        // Personal data is not echoed into the form; an empty field keeps what is stored.
        id_number: String::new(),
        phone: o.phone.unwrap_or_default(),
        post: o.post,
        is_reviewer: if o.is_reviewer { "是" } else { "否" }.into(),
        legal_qualified: if o.legal_qualified { "是" } else { "否" }.into(),
        legal_qualified_on: o
            .legal_qualified_on
            .map(|d| d.to_string())
            .unwrap_or_default(),
        ..Default::default()
    };
    form_page(
        &state,
        &actor,
        Some(id),
        form,
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
    Form(mut form): Form<OfficerForm>,
) -> Result<Response, PageError> {
    if form.phone.contains('*') {
        // The masked phone shown in the form means "unchanged".
        let row = state.app.get_officer(&actor, id, true).await?;
        form.phone = row.officer.phone.unwrap_or_default();
    }
    match state.app.update_officer(&actor, id, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/console/officers/{id}")).into_response()),
        Err(AppError::Invalid(v)) => {
            form_page(
                &state,
                &actor,
                Some(id),
                form,
                FieldErrors(v),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn issue(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
    Form(form): Form<OfficerForm>,
) -> Result<Response, PageError> {
    state.app.issue_certificate(&actor, id, &form).await?;
    Ok(Redirect::to(&format!("/console/officers/{id}")).into_response())
}

pub async fn change_status(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
    Form(form): Form<StatusChangeForm>,
) -> Result<Response, PageError> {
    let c = state
        .app
        .change_certificate_status(&actor, id, &form)
        .await?;
    Ok(Redirect::to(&format!("/console/officers/{}", c.officer_id)).into_response())
}
