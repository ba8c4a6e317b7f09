//! Agency pages (REG-1), entrustments (R1) and the reviewer ratio (REG-3 / R8).

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use sanxiang_app::AppError;
use sanxiang_app::forms::{AgencyForm, EntrustmentForm};
use sanxiang_app::registry::AgencyRatio;
use sanxiang_core::registry::{AgencyNature, Funding};
use sanxiang_store::entity::{agency, legal_adviser};

use super::{FieldErrors, Nav, Pager, query_string};
use crate::api::AgencyQuery;
use crate::error::{PageError, render, render_status};
use crate::query::Query;
use crate::session::PageActor;
use crate::state::AppState;

fn nature_label(code: &str) -> &'static str {
    AgencyNature::parse(code)
        .map(|n| n.label_zh())
        .unwrap_or("")
}

fn funding_label(code: &str) -> &'static str {
    Funding::parse(code).map(|f| f.label_zh()).unwrap_or("")
}

#[derive(Template)]
#[template(path = "agencies.html")]
struct ListPage {
    nav: Nav,
    rows: Vec<(agency::Model, &'static str)>,
    q: String,
    nature: String,
    natures: Vec<(&'static str, &'static str)>,
    pager: Pager,
}

pub async fn list(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Query(q): Query<AgencyQuery>,
) -> Result<Response, PageError> {
    let page = state
        .app
        .list_agencies(
            &actor,
            &q.filter(),
            crate::query::page_request(q.page, q.per_page, 20),
        )
        .await?;
    let base = query_string(&[
        ("q", q.q.clone().unwrap_or_default()),
        ("nature", q.nature.clone().unwrap_or_default()),
    ]);
    let pager = Pager::new(page.page, page.pages(), page.total, &base);
    Ok(render(&ListPage {
        nav: Nav::of(&actor),
        rows: page
            .items
            .into_iter()
            .map(|a| {
                let n = nature_label(&a.nature);
                (a, n)
            })
            .collect(),
        q: q.q.unwrap_or_default(),
        nature: q.nature.unwrap_or_default(),
        natures: AgencyNature::ALL
            .iter()
            .map(|n| (n.code(), n.label_zh()))
            .collect(),
        pager,
    }))
}

pub struct EntrustmentView {
    pub document_no: String,
    pub entrusting: String,
    pub entrusted: String,
    pub scope: String,
    pub term: String,
    pub publication_url: String,
}

#[derive(Template)]
#[template(path = "agency.html")]
struct DetailPage {
    nav: Nav,
    a: agency::Model,
    nature: &'static str,
    funding: &'static str,
    division_name: String,
    parent_name: String,
    entrustments: Vec<EntrustmentView>,
    agencies: Vec<(i64, String)>,
    errors: FieldErrors,
    entrustment: EntrustmentForm,
}

async fn detail_page(
    state: &AppState,
    actor: &sanxiang_app::Actor,
    id: i64,
    errors: FieldErrors,
    entrustment: EntrustmentForm,
    status: StatusCode,
) -> Result<Response, PageError> {
    let a = state.app.get_agency(actor, id).await?;
    let all = state.app.agencies_in_scope(actor).await?;
    let name_of = |id: i64| {
        all.iter()
            .find(|x| x.id == id)
            .map(|x| x.name.clone())
            .unwrap_or_else(|| format!("#{id}"))
    };
    let entrustments = state
        .app
        .entrustments_of(actor, id)
        .await?
        .into_iter()
        .map(|e| EntrustmentView {
            document_no: e.document_no,
            entrusting: name_of(e.entrusting_id),
            entrusted: name_of(e.entrusted_id),
            scope: e.scope,
            term: format!("{} 至 {}", e.valid_from, e.valid_until),
            publication_url: e.publication_url,
        })
        .collect();
    let division_name = sanxiang_core::ids::DivisionCode::parse(&a.division_code)
        .map(|d| d.full_name())
        .unwrap_or_default();
    let parent_name = a.parent_id.map(name_of).unwrap_or_default();
    Ok(render_status(
        status,
        &DetailPage {
            nav: Nav::of(actor),
            nature: nature_label(&a.nature),
            funding: funding_label(&a.funding),
            division_name,
            parent_name,
            entrustments,
            agencies: all.iter().map(|x| (x.id, x.name.clone())).collect(),
            errors,
            entrustment,
            a,
        },
    ))
}

pub async fn detail(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let form = EntrustmentForm {
        entrusting_id: id.to_string(),
        ..Default::default()
    };
    detail_page(
        &state,
        &actor,
        id,
        FieldErrors::default(),
        form,
        StatusCode::OK,
    )
    .await
}

pub async fn create_entrustment(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Form(form): Form<EntrustmentForm>,
) -> Result<Response, PageError> {
    let back = form
        .entrusting_id
        .trim()
        .parse::<i64>()
        .unwrap_or(actor.agency_id);
    match state.app.create_entrustment(&actor, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/console/agencies/{back}")).into_response()),
        Err(AppError::Invalid(v)) => {
            detail_page(
                &state,
                &actor,
                back,
                FieldErrors(v),
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "agency_form.html")]
struct FormPage {
    nav: Nav,
    title: &'static str,
    action: String,
    form: AgencyForm,
    errors: FieldErrors,
    agencies: Vec<(i64, String)>,
    natures: Vec<(&'static str, &'static str)>,
    fundings: Vec<(&'static str, &'static str)>,
}

async fn form_page(
    state: &AppState,
    actor: &sanxiang_app::Actor,
    id: Option<i64>,
    form: AgencyForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, PageError> {
    let agencies = state.app.agencies_in_scope(actor).await?;
    Ok(render_status(
        status,
        &FormPage {
            nav: Nav::of(actor),
            title: if id.is_some() {
                "编辑执法主体"
            } else {
                "新增执法主体"
            },
            action: id
                .map(|i| format!("/console/agencies/{i}"))
                .unwrap_or_else(|| "/console/agencies".into()),
            form,
            errors,
            agencies: agencies
                .into_iter()
                .filter(|a| Some(a.id) != id)
                .map(|a| (a.id, a.name))
                .collect(),
            natures: AgencyNature::ALL
                .iter()
                .map(|n| (n.code(), n.label_zh()))
                .collect(),
            fundings: Funding::ALL
                .iter()
                .map(|f| (f.code(), f.label_zh()))
                .collect(),
        },
    ))
}

pub async fn new_form(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
) -> Result<Response, PageError> {
    let form = AgencyForm {
        nature: "organ".into(),
        funding: "full".into(),
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

async fn submitted(
    state: &AppState,
    actor: &sanxiang_app::Actor,
    id: Option<i64>,
    form: AgencyForm,
    r: Result<agency::Model, AppError>,
) -> Result<Response, PageError> {
    match r {
        Ok(a) => Ok(Redirect::to(&format!("/console/agencies/{}", a.id)).into_response()),
        Err(AppError::Invalid(v)) => {
            form_page(
                state,
                actor,
                id,
                form,
                FieldErrors(v),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(AppError::Conflict { field, message }) => {
            let v = vec![sanxiang_core::rule::Violation::hard(
                "REG-1",
                Some(&field),
                message,
            )];
            form_page(state, actor, id, form, FieldErrors(v), StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn create(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Form(form): Form<AgencyForm>,
) -> Result<Response, PageError> {
    let r = state.app.create_agency(&actor, &form).await;
    submitted(&state, &actor, None, form, r).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let a = state.app.get_agency(&actor, id).await?;
    let form = AgencyForm {
        name: a.name,
        short_name: a.short_name,
        nature: a.nature,
        credit_code: a.credit_code.unwrap_or_default(),
        division_code: a.division_code,
        parent_id: a.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        funding: a.funding,
        staffing: a.staffing.to_string(),
        category: a.category,
        duties: a.duties,
        legal_representative: a.legal_representative,
        address: a.address,
        complaint_phone: a.complaint_phone,
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
    Form(form): Form<AgencyForm>,
) -> Result<Response, PageError> {
    let r = state.app.update_agency(&actor, id, &form).await;
    submitted(&state, &actor, Some(id), form, r).await
}

#[derive(Template)]
#[template(path = "reviewers.html")]
struct ReviewersPage {
    nav: Nav,
    ratios: Vec<AgencyRatio>,
    advisers: Vec<legal_adviser::Model>,
    agencies: Vec<(i64, String)>,
    form: sanxiang_app::forms::AdviserForm,
    errors: FieldErrors,
}

async fn reviewers_page(
    state: &AppState,
    actor: &sanxiang_app::Actor,
    form: sanxiang_app::forms::AdviserForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, PageError> {
    Ok(render_status(
        status,
        &ReviewersPage {
            nav: Nav::of(actor),
            ratios: state.app.reviewer_ratios(actor).await?,
            advisers: state.app.advisers(actor).await?,
            agencies: state
                .app
                .agencies_in_scope(actor)
                .await?
                .into_iter()
                .map(|a| (a.id, a.name))
                .collect(),
            form,
            errors,
        },
    ))
}

pub async fn create_adviser(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Form(form): Form<sanxiang_app::forms::AdviserForm>,
) -> Result<Response, PageError> {
    match state.app.create_adviser(&actor, &form).await {
        Ok(_) => Ok(Redirect::to("/console/reviewers").into_response()),
        Err(AppError::Invalid(v)) => {
            reviewers_page(
                &state,
                &actor,
                form,
                FieldErrors(v),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn reviewers(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
) -> Result<Response, PageError> {
    let form = sanxiang_app::forms::AdviserForm {
        agency_id: actor.agency_id.to_string(),
        ..Default::default()
    };
    reviewers_page(&state, &actor, form, FieldErrors::default(), StatusCode::OK).await
}
