//! Catalog pages (CAT-1..6, C2): versions by agency and kind, a version's items, drafts edited
//! item by item or imported from CSV/XLSX, publishing with effective dates, starting a new
//! version from an old one, comparing two versions, exporting in the import layout.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use sanxiang_app::catalogs::{CatalogImport, ItemChange, ItemValue};
use sanxiang_app::spreadsheet::ImportProblem;
use sanxiang_app::{Actor, AppError};
use sanxiang_core::auth::Permission;
use sanxiang_core::catalog::av::requirement_label_zh;
use sanxiang_core::catalog::version::CatalogKind;
use sanxiang_core::catalog::{Matter, MatterKind};
use sanxiang_core::rule::Violation;
use sanxiang_store::entity::{catalog_item, catalog_version};
use sanxiang_store::repo::PageRequest;
use serde::Deserialize;

use super::admin::read_file;
use super::{FieldErrors, Nav, Pager};
use crate::error::{PageError, render, render_status};
use crate::session::PageActor;
use crate::state::AppState;

fn kinds() -> Vec<(&'static str, &'static str)> {
    CatalogKind::ALL
        .iter()
        .map(|k| (k.code(), k.label_zh()))
        .collect()
}

fn kind_of(v: &catalog_version::Model) -> Result<CatalogKind, AppError> {
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

fn date_field(s: &str, field: &str, label: &str) -> Result<Option<NaiveDate>, Violation> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            Violation::hard(
                "DATE",
                Some(field),
                format!("{label}“{s}”不是日期，格式为2026-01-01"),
            )
        })
}

/// C2: publishing fixes the version for good.
pub async fn publish(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
    Form(form): Form<PublishForm>,
) -> Result<Response, PageError> {
    let from = date_field(&form.effective_from, "effective_from", "施行日期");
    let to = date_field(&form.effective_to, "effective_to", "废止日期");
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
        "export.xlsx" => (
            true,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "export.csv" => (false, "text/csv; charset=utf-8"),
        _ => return Ok(super::not_found()),
    };
    let bytes = state.app.catalog_export(&actor, id, xlsx).await?;
    let name = format!("catalog-{id}.{}", if xlsx { "xlsx" } else { "csv" });
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
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
    let page = PageRequest::new(1, 1);
    let (a, _) = state
        .app
        .catalog_version(Some(&actor), id, None, page)
        .await?;
    let (b, _) = state
        .app
        .catalog_version(Some(&actor), other, None, page)
        .await?;
    let (from, to) = if a.version_no <= b.version_no {
        (a, b)
    } else {
        (b, a)
    };
    let changes = state.app.catalog_diff(&actor, from.id, to.id).await?;
    Ok(render(&DiffPage {
        nav: Nav::of(&actor),
        from,
        to,
        changes,
    }))
}

/// The fields of a matter (权责清单 item) as a form; other kinds are edited as JSON.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ItemForm {
    pub seq: String,
    pub code: String,
    pub name: String,
    pub sub_item: String,
    pub kind: String,
    pub kind_label: String,
    pub level: String,
    pub unit: String,
    pub basis_text: String,
    pub time_limit: String,
    pub fees: String,
    pub responsibilities: String,
    pub notes: String,
    /// The whole item as JSON (every kind but 权责清单).
    pub json: String,
}

impl ItemForm {
    fn of(value: &ItemValue) -> ItemForm {
        match value {
            ItemValue::Matter(m) => {
                let o = |s: &Option<String>| s.clone().unwrap_or_default();
                ItemForm {
                    seq: m.seq.to_string(),
                    code: o(&m.code),
                    name: m.name.clone(),
                    sub_item: o(&m.sub_item),
                    kind: m.kind.code().into(),
                    kind_label: m.kind_label.clone(),
                    level: o(&m.level),
                    unit: o(&m.unit),
                    basis_text: m.basis_text.clone(),
                    time_limit: o(&m.time_limit),
                    fees: o(&m.fees),
                    responsibilities: o(&m.responsibilities),
                    notes: o(&m.notes),
                    json: String::new(),
                }
            }
            other => ItemForm {
                json: stored_json(other),
                ..ItemForm::default()
            },
        }
    }

    /// The JSON value the app checks (`parse_item`), or the form's own field errors.
    fn value(&self, kind: CatalogKind) -> Result<serde_json::Value, Vec<Violation>> {
        if kind != CatalogKind::Powers {
            return serde_json::from_str(&self.json).map_err(|e| {
                vec![Violation::hard(
                    "CAT-EDIT",
                    Some("json"),
                    format!("不是有效的JSON：第{}行第{}列", e.line(), e.column()),
                )]
            });
        }
        let mut out = Vec::new();
        let seq = self.seq.trim().parse::<u32>().unwrap_or_else(|_| {
            out.push(Violation::hard("CAT-1", Some("seq"), "序号须为正整数"));
            0
        });
        let kind = MatterKind::from_code(self.kind.trim()).unwrap_or_else(|| {
            out.push(Violation::hard("CAT-1", Some("kind"), "请选择事项类别"));
            MatterKind::Other
        });
        if !out.is_empty() {
            return Err(out);
        }
        let opt = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let label = opt(&self.kind_label).unwrap_or_else(|| kind.label_zh().to_owned());
        let m = Matter {
            seq,
            code: opt(&self.code),
            name: self.name.trim().to_owned(),
            sub_item: opt(&self.sub_item),
            kind,
            kind_label: label,
            level: opt(&self.level),
            unit: opt(&self.unit),
            basis_text: self.basis_text.trim().to_owned(),
            basis: Vec::new(),
            time_limit: opt(&self.time_limit),
            fees: opt(&self.fees),
            responsibilities: opt(&self.responsibilities),
            notes: opt(&self.notes),
        };
        serde_json::to_value(&m)
            .map_err(|e| vec![Violation::hard("CAT-EDIT", None, format!("无法保存：{e}"))])
    }
}

fn stored_json(value: &ItemValue) -> String {
    let v = match value {
        ItemValue::Matter(x) => serde_json::to_value(x),
        ItemValue::MajorReview(x) => serde_json::to_value(x),
        ItemValue::SpotCheck(x) => serde_json::to_value(x),
        ItemValue::Av(x) => serde_json::to_value(x),
        ItemValue::Discretion(x) => serde_json::to_value(x),
        ItemValue::Guide(x) => serde_json::to_value(x),
    };
    v.ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "catalog_item.html")]
struct ItemPage {
    nav: Nav,
    v: catalog_version::Model,
    kind: &'static str,
    powers: bool,
    action: String,
    title: &'static str,
    form: ItemForm,
    errors: FieldErrors,
    matter_kinds: Vec<(&'static str, &'static str)>,
}

fn item_page(
    actor: &Actor,
    v: catalog_version::Model,
    item: Option<&catalog_item::Model>,
    form: ItemForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, PageError> {
    let kind = kind_of(&v)?;
    let action = match item {
        Some(it) => format!("/console/catalogs/{}/items/{}", v.id, it.id),
        None => format!("/console/catalogs/{}/items", v.id),
    };
    Ok(render_status(
        status,
        &ItemPage {
            nav: Nav::of(actor),
            kind: kind.label_zh(),
            powers: kind == CatalogKind::Powers,
            action,
            title: if item.is_some() {
                "编辑条目"
            } else {
                "新增条目"
            },
            form,
            errors,
            matter_kinds: MatterKind::ALL
                .iter()
                .map(|k| (k.code(), k.label_zh()))
                .collect(),
            v,
        },
    ))
}

/// A blank item of the version's kind: a form for matters, a JSON template otherwise.
fn blank(kind: CatalogKind, next_seq: i32) -> ItemForm {
    let json = match kind {
        CatalogKind::Powers => String::new(),
        CatalogKind::MajorReview => r#"{
  "item_no": "",
  "applies_to": {"type": "kind", "kind": "penalty"},
  "criterion": "",
  "triggers": []
}"#
        .into(),
        CatalogKind::SpotCheck => r#"{
  "seq": "",
  "name": "",
  "content": "",
  "target": "",
  "class": "一般检查事项",
  "method": "现场检查",
  "ratio": "",
  "frequency": ""
}"#
        .into(),
        CatalogKind::Av => r#"{
  "item_no": "",
  "act": "on_site_enforcement",
  "requirement": "full_process",
  "note": ""
}"#
        .into(),
        CatalogKind::Discretion => r#"{
  "matter": "",
  "violation": "",
  "basis_text": "",
  "tiers": []
}"#
        .into(),
        CatalogKind::Guides => r#"{
  "title": "",
  "matter_name": "",
  "kind": "licensing",
  "basis_text": "",
  "time_limit": "",
  "fees": "",
  "remedies": [],
  "flowchart": {"nodes": [], "edges": []}
}"#
        .into(),
    };
    ItemForm {
        seq: next_seq.to_string(),
        kind: MatterKind::Licensing.code().into(),
        json,
        ..ItemForm::default()
    }
}

async fn draft(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<catalog_version::Model, AppError> {
    let (v, _) = state
        .app
        .catalog_version(Some(actor), id, None, PageRequest::new(1, 1))
        .await?;
    if v.status != "draft" {
        return Err(AppError::invalid(Violation::hard(
            "C2",
            None,
            "已发布的版本不能修改，请以其为基础新建版本",
        )));
    }
    Ok(v)
}

pub async fn new_item_form(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let v = draft(&state, &actor, id).await?;
    let form = blank(kind_of(&v)?, v.item_count.saturating_add(1));
    item_page(
        &actor,
        v,
        None,
        form,
        FieldErrors::default(),
        StatusCode::OK,
    )
}

pub async fn edit_item_form(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path((id, item_id)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let (v, item) = state.app.catalog_item(&actor, item_id).await?;
    if v.id != id {
        return Ok(super::not_found());
    }
    let value = ItemValue::from_stored(kind_of(&v)?, &item.data).map_err(AppError::Internal)?;
    item_page(
        &actor,
        v,
        Some(&item),
        ItemForm::of(&value),
        FieldErrors::default(),
        StatusCode::OK,
    )
}

async fn save_item(
    state: &AppState,
    actor: &Actor,
    id: i64,
    item_id: Option<i64>,
    form: ItemForm,
) -> Result<Response, PageError> {
    let v = draft(state, actor, id).await?;
    let kind = kind_of(&v)?;
    let result = match form.value(kind) {
        Ok(value) => state.app.catalog_put_item(actor, id, item_id, &value).await,
        Err(v) => Err(AppError::Invalid(v)),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/console/catalogs/{id}")).into_response()),
        Err(AppError::Invalid(violations)) => {
            let item = match item_id {
                Some(i) => Some(state.app.catalog_item(actor, i).await?.1),
                None => None,
            };
            // A JSON item's violations have no form field of their own: shown at the JSON.
            let violations = violations
                .into_iter()
                .map(|mut x| {
                    if kind != CatalogKind::Powers || x.field.is_none() {
                        x.field = Some(if kind == CatalogKind::Powers {
                            "name".into()
                        } else {
                            "json".into()
                        });
                    }
                    x
                })
                .collect();
            item_page(
                actor,
                v,
                item.as_ref(),
                form,
                FieldErrors(violations),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn create_item(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
    Form(form): Form<ItemForm>,
) -> Result<Response, PageError> {
    save_item(&state, &actor, id, None, form).await
}

pub async fn update_item(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path((id, item_id)): Path<(i64, i64)>,
    Form(form): Form<ItemForm>,
) -> Result<Response, PageError> {
    save_item(&state, &actor, id, Some(item_id), form).await
}

pub async fn delete_item(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path((id, item_id)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    state.app.catalog_remove_item(&actor, id, item_id).await?;
    Ok(Redirect::to(&format!("/console/catalogs/{id}")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON a new item starts from has the shape of its kind (else saving it could never work).
    #[test]
    fn cat_edit_blank_items_decode_as_their_kind() {
        for kind in CatalogKind::ALL {
            if kind == CatalogKind::Powers {
                continue;
            }
            let form = blank(kind, 1);
            assert!(
                ItemValue::from_stored(kind, &form.json).is_ok(),
                "{kind:?}: {:?}",
                ItemValue::from_stored(kind, &form.json)
            );
        }
    }
}
