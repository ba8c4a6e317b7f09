//! Catalog pages (CAT-1..6, C2): versions by agency and kind, a version's items, drafts edited
//! item by item or imported from CSV/XLSX, publishing with effective dates, starting a new
//! version from an old one, comparing two versions, exporting in the import layout.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use sanxiang_app::catalogs::{CatalogImport, ItemChange, ItemValue};
use sanxiang_app::spreadsheet::ImportProblem;
use sanxiang_app::{Actor, AppError};
use sanxiang_core::auth::Permission;
use sanxiang_core::catalog::av::requirement_label_zh;
use sanxiang_core::catalog::version::CatalogKind;
use sanxiang_core::rule::Violation;
use sanxiang_store::entity::catalog_version;
use sanxiang_store::repo::PageRequest;
use serde::Deserialize;

use super::admin::read_file;
use super::form::parse_date;
use super::{FieldErrors, Nav, Pager};
use crate::error::{PageError, render, render_status};
use crate::query::Query;
use crate::session::PageActor;
use crate::state::AppState;

fn kinds() -> Vec<(&'static str, &'static str)> {
    CatalogKind::ALL
        .iter()
        .map(|k| (k.code(), k.label_zh()))
        .collect()
}

pub(super) fn kind_of(v: &catalog_version::Model) -> Result<CatalogKind, AppError> {
    CatalogKind::from_code(&v.kind)
        .ok_or_else(|| AppError::Internal(format!("unknown catalog kind {}", v.kind)))
}

fn status_label(v: &catalog_version::Model) -> &'static str {
    if v.status == "published" {
        "已发布"
    } else {
        "草稿"
    }
}

/// One line per item for the version's table.
fn summary(value: &ItemValue) -> String {
    let s = match value {
        ItemValue::Matter(m) => format!("{}；{}", m.kind_label, m.basis_text),
        ItemValue::MajorReview(r) => r.criterion.clone(),
        ItemValue::SpotCheck(s) => format!("{}；{}；{}", s.target, s.method, s.ratio),
        ItemValue::Av(a) => format!(
            "{}：{}{}",
            a.act.label_zh(),
            requirement_label_zh(a.requirement),
            a.note
        ),
        ItemValue::Discretion(d) => format!("{}；{}档", d.matter, d.tiers.len()),
        ItemValue::Guide(g) => format!("{}；{}", g.matter_name, g.time_limit),
    };
    let mut out: String = s.chars().take(90).collect();
    if s.chars().count() > 90 {
        out.push('…');
    }
    out
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    pub agency_id: Option<String>,
    pub kind: Option<String>,
}

pub struct VersionRow {
    pub v: catalog_version::Model,
    pub agency: String,
    pub kind: &'static str,
    pub status: &'static str,
}

#[derive(Template)]
#[template(path = "catalogs.html")]
struct ListPage {
    nav: Nav,
    can_edit: bool,
    rows: Vec<VersionRow>,
    agencies: Vec<(i64, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    agency_id: String,
    kind: String,
    message: String,
    problems: Vec<ImportProblem>,
    errors: FieldErrors,
}

async fn list_page(
    state: &AppState,
    actor: &Actor,
    q: ListQuery,
    message: String,
    problems: Vec<ImportProblem>,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, PageError> {
    let agency_id = q.agency_id.as_deref().and_then(|a| a.parse().ok());
    let kind = q.kind.as_deref().and_then(CatalogKind::from_code);
    let rows = state
        .app
        .catalog_versions(actor, agency_id, kind)
        .await?
        .into_iter()
        .map(|(v, agency)| VersionRow {
            kind: CatalogKind::from_code(&v.kind).map_or("", |k| k.label_zh()),
            status: status_label(&v),
            agency,
            v,
        })
        .collect();
    let agencies = state
        .app
        .agencies_in_scope(actor)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    Ok(render_status(
        status,
        &ListPage {
            nav: Nav::of(actor),
            can_edit: actor.role.allows(Permission::WriteCatalogs),
            rows,
            agencies,
            kinds: kinds(),
            agency_id: q.agency_id.unwrap_or_default(),
            kind: q.kind.unwrap_or_default(),
            message,
            problems,
            errors,
        },
    ))
}

pub async fn list(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    list_page(
        &state,
        &actor,
        q,
        String::new(),
        Vec::new(),
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewDraftForm {
    pub agency_id: String,
    pub kind: String,
    pub title: String,
}

fn parse_new_draft(f: &NewDraftForm) -> Result<(i64, CatalogKind, String), Vec<Violation>> {
    let mut out = Vec::new();
    let agency = f.agency_id.trim().parse::<i64>().ok();
    if agency.is_none() {
        out.push(Violation::hard(
            "REQUIRED",
            Some("agency_id"),
            "请选择执法主体",
        ));
    }
    let kind = CatalogKind::from_code(f.kind.trim());
    if kind.is_none() {
        out.push(Violation::hard("REQUIRED", Some("kind"), "请选择清单类别"));
    }
    let title = f.title.trim();
    if title.is_empty() {
        out.push(Violation::hard("REQUIRED", Some("title"), "请填写清单标题"));
    }
    match (agency, kind) {
        (Some(a), Some(k)) if out.is_empty() => Ok((a, k, title.to_owned())),
        _ => Err(out),
    }
}

pub async fn create(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Form(form): Form<NewDraftForm>,
) -> Result<Response, PageError> {
    let result = match parse_new_draft(&form) {
        Ok((agency, kind, title)) => {
            state
                .app
                .catalog_new_draft(&actor, agency, kind, title)
                .await
        }
        Err(v) => Err(AppError::Invalid(v)),
    };
    match result {
        Ok(v) => Ok(Redirect::to(&format!("/console/catalogs/{}", v.id)).into_response()),
        Err(AppError::Invalid(v)) => {
            list_page(
                &state,
                &actor,
                ListQuery::default(),
                "未能新建草稿，请按提示修改。".into(),
                Vec::new(),
                FieldErrors(v),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// CAT console import: a file of one of the published layouts becomes a new draft, all rows or
/// none; every bad cell is listed with its row, column and rule.
pub async fn import(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    mp: Multipart,
) -> Result<Response, PageError> {
    let result = match read_file(mp).await {
        Ok((bytes, fields)) => {
            let field = |name: &str| {
                fields
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.trim().to_owned())
                    .unwrap_or_default()
            };
            match field("agency_id").parse::<i64>() {
                Ok(agency_id) => {
                    let title = Some(field("title")).filter(|t| !t.is_empty());
                    state
                        .app
                        .catalog_import(
                            &actor,
                            CatalogImport {
                                agency_id,
                                title,
                                bytes,
                            },
                        )
                        .await
                }
                Err(_) => Err(AppError::invalid(Violation::hard(
                    "REQUIRED",
                    Some("agency_id"),
                    "请选择执法主体",
                ))),
            }
        }
        Err(e) => Err(e),
    };
    let fail = |message: String, problems, errors| {
        list_page(
            &state,
            &actor,
            ListQuery::default(),
            message,
            problems,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    match result {
        Ok(v) => Ok(Redirect::to(&format!("/console/catalogs/{}", v.id)).into_response()),
        Err(AppError::ImportRejected(problems)) => {
            fail(
                format!(
                    "导入失败：发现{}处问题，未导入任何数据。请修改后重新上传。",
                    problems.len()
                ),
                problems,
                FieldErrors::default(),
            )
            .await
        }
        Err(AppError::Invalid(v)) => {
            let message = v.first().map(|v| v.message.clone()).unwrap_or_default();
            fail(format!("导入失败：{message}"), Vec::new(), FieldErrors(v)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct VersionQuery {
    pub page: Option<String>,
}

pub struct ItemRow {
    pub id: i64,
    pub seq: i32,
    pub code: String,
    pub name: String,
    pub summary: String,
}

#[derive(Template)]
#[template(path = "catalog.html")]
struct VersionPage {
    nav: Nav,
    v: catalog_version::Model,
    agency: String,
    kind: &'static str,
    status: &'static str,
    draft: bool,
    can_edit: bool,
    can_publish: bool,
    has_table: bool,
    items: Vec<ItemRow>,
    pager: Pager,
    others: Vec<(i64, String)>,
    errors: FieldErrors,
    publish: PublishForm,
}

async fn version_page(
    state: &AppState,
    actor: &Actor,
    id: i64,
    page: u64,
    errors: FieldErrors,
    publish: PublishForm,
    status: StatusCode,
) -> Result<Response, PageError> {
    let (v, items) = state
        .app
        .catalog_version(Some(actor), id, None, PageRequest::new(page, 50))
        .await?;
    let kind = kind_of(&v)?;
    let versions = state
        .app
        .catalog_versions(actor, Some(v.agency_id), Some(kind))
        .await?;
    let agency = versions
        .iter()
        .find(|(x, _)| x.id == v.id)
        .map(|(_, a)| a.clone())
        .unwrap_or_default();
    let others = versions
        .iter()
        .filter(|(x, _)| x.id != v.id)
        .map(|(x, _)| {
            (
                x.id,
                format!("第{}版（{}）{}", x.version_no, status_label(x), x.title),
            )
        })
        .collect();
    let pager = Pager::new(items.page, items.pages(), items.total, "");
    let rows = items
        .items
        .into_iter()
        .map(|it| ItemRow {
            summary: ItemValue::from_stored(kind, &it.data)
                .map(|v| summary(&v))
                .unwrap_or_default(),
            id: it.id,
            seq: it.seq,
            code: it.code.unwrap_or_default(),
            name: it.name,
        })
        .collect();
    let draft = v.status == "draft";
    Ok(render_status(
        status,
        &VersionPage {
            nav: Nav::of(actor),
            kind: kind.label_zh(),
            status: status_label(&v),
            draft,
            can_edit: actor.role.allows(Permission::WriteCatalogs),
            can_publish: actor.role.allows(Permission::PublishCatalogs),
            has_table: matches!(
                kind,
                CatalogKind::Powers | CatalogKind::MajorReview | CatalogKind::SpotCheck
            ),
            agency,
            items: rows,
            pager,
            others,
            errors,
            publish,
            v,
        },
    ))
}

pub async fn detail(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
    Query(q): Query<VersionQuery>,
) -> Result<Response, PageError> {
    let page = crate::portal::page_of(q.page.as_deref());
    version_page(
        &state,
        &actor,
        id,
        page,
        FieldErrors::default(),
        PublishForm::default(),
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PublishForm {
    pub effective_from: String,
    pub effective_to: String,
}

/// C2: publishing fixes the version for good.
pub async fn publish(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
    Form(form): Form<PublishForm>,
) -> Result<Response, PageError> {
    let from = parse_date(&form.effective_from, "effective_from", "施行日期");
    let to = parse_date(&form.effective_to, "effective_to", "废止日期");
    let result = match (from, to) {
        (Ok(from), Ok(to)) => state.app.catalog_publish(&actor, id, from, to).await,
        (a, b) => Err(AppError::Invalid(
            [a.err(), b.err()].into_iter().flatten().collect(),
        )),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/console/catalogs/{id}")).into_response()),
        Err(AppError::Invalid(v)) => {
            version_page(
                &state,
                &actor,
                id,
                1,
                FieldErrors(v),
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn delete(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    state.app.catalog_delete_draft(&actor, id).await?;
    Ok(Redirect::to("/console/catalogs").into_response())
}

pub async fn new_version(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let v = state.app.catalog_draft_from(&actor, id).await?;
    Ok(Redirect::to(&format!("/console/catalogs/{}", v.id)).into_response())
}

/// `export.csv` or `export.xlsx`, in the import layout.
pub async fn export(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path((id, file)): Path<(i64, String)>,
) -> Result<Response, PageError> {
    let (xlsx, mime) = match file.as_str() {
        "export.xlsx" => (true, crate::download::XLSX),
        "export.csv" => (false, crate::download::CSV),
        _ => return Ok(super::not_found()),
    };
    let bytes = state.app.catalog_export(&actor, id, xlsx).await?;
    let name = format!("catalog-{id}.{}", if xlsx { "xlsx" } else { "csv" });
    Ok(crate::download::attachment(mime, &name, bytes))
}

#[derive(Deserialize, Default)]
pub struct DiffQuery {
    pub with: Option<String>,
}

#[derive(Template)]
#[template(path = "catalog_diff.html")]
struct DiffPage {
    nav: Nav,
    from: catalog_version::Model,
    to: catalog_version::Model,
    changes: Vec<ItemChange>,
}

/// Compares the older of the two versions with the newer (by version number).
pub async fn diff(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
    Query(q): Query<DiffQuery>,
) -> Result<Response, PageError> {
    let Some(other) = q.with.as_deref().and_then(|w| w.trim().parse::<i64>().ok()) else {
        return Ok(Redirect::to(&format!("/console/catalogs/{id}")).into_response());
    };
    let (from, to, changes) = state.app.catalog_diff(&actor, id, other).await?;
    Ok(render(&DiffPage {
        nav: Nav::of(&actor),
        from,
        to,
        changes,
    }))
}
