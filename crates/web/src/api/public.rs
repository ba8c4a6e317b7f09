//! `/api/v1/public/…`: the portal's content as open data (PUB-1, PUB-5, REG-4), no sign-in.
//! JSON lists are paginated (`page`, `per_page` ≤ 100); every list also comes as CSV (UTF-8 with a
//! BOM, for Excel and WPS) by adding `.csv` to its path. Public fields only: never ID numbers,
//! phones or addresses of persons.

use axum::Json;
use axum::extract::{Path, State};

use axum::response::{IntoResponse, Response};
use sanxiang_app::AppError;
use sanxiang_app::catalogs::export;
use sanxiang_app::public::PublicOfficer;
use sanxiang_core::catalog::MatterKind;
use sanxiang_core::catalog::version::CatalogKind;
use sanxiang_core::registry::AgencyNature;
use sanxiang_store::entity::{agency, catalog_item};
use sanxiang_store::repo::PageRequest;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::portal::clean;
use crate::query::Query;
use crate::state::AppState;

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicQuery {
    /// Agencies: part of the name. Officers: a name, or a whole certificate number.
    pub q: Option<String>,
    /// Catalog items: one agency.
    pub agency: Option<i64>,
    /// Catalog items of 权责清单 and guides: one matter kind (`licensing`, `penalty`, …).
    pub matter_kind: Option<String>,
    #[param(value_type = Option<u64>, minimum = 1, maximum = 10000000)]
    pub page: Option<crate::query::PageNo>,
    #[param(value_type = Option<u64>, minimum = 1, maximum = 200)]
    pub per_page: Option<crate::query::PerPage>,
}

impl PublicQuery {
    fn page(&self) -> PageRequest {
        let per_page = self
            .per_page
            .map_or(20, crate::query::PerPage::get)
            .min(100);
        PageRequest::new(self.page.map_or(1, crate::query::PageNo::get), per_page)
    }

    fn q(&self) -> String {
        clean(self.q.as_deref().unwrap_or(""), 50)
    }
}

fn csv(bytes: Vec<u8>, name: &str) -> Response {
    crate::download::attachment(crate::download::CSV, name, bytes)
}

/// `name` or `name.csv`: the resource and whether CSV was asked for.
fn split_csv(s: &str) -> (&str, bool) {
    match s.strip_suffix(".csv") {
        Some(base) => (base, true),
        None => (s, false),
    }
}

fn agency_json(a: &agency::Model) -> Value {
    json!({
        "id": a.id,
        "name": a.name,
        "short_name": a.short_name,
        "nature": a.nature,
        "nature_label": AgencyNature::parse(&a.nature).map(|n| n.label_zh()),
        "credit_code": a.credit_code,
        "division_code": a.division_code,
        "parent_id": a.parent_id,
        "category": a.category,
        "duties": a.duties,
        "legal_representative": a.legal_representative,
        "address": a.address,
        "complaint_phone": a.complaint_phone,
    })
}

const AGENCY_COLUMNS: &[&str] = &[
    "编号",
    "主体名称",
    "简称",
    "主体性质",
    "统一社会信用代码",
    "行政区划代码",
    "执法领域",
    "职责职权",
    "法定代表人",
    "办公地址",
    "投诉举报电话",
];

fn agency_row(a: &agency::Model) -> Vec<String> {
    vec![
        a.id.to_string(),
        a.name.clone(),
        a.short_name.clone(),
        AgencyNature::parse(&a.nature)
            .map(|n| n.label_zh().to_owned())
            .unwrap_or_default(),
        a.credit_code.clone().unwrap_or_default(),
        a.division_code.clone(),
        a.category.clone(),
        a.duties.clone(),
        a.legal_representative.clone(),
        a.address.clone(),
        a.complaint_phone.clone(),
    ]
}

/// 执法主体 (G1), a page of them; `agencies.csv` is all of them.
#[utoipa::path(get, path = "/api/v1/public/agencies", tag = "public", params(PublicQuery),
    responses((status = 200, description = "{items, total, page, per_page}")))]
pub async fn agencies(
    State(s): State<AppState>,
    Query(q): Query<PublicQuery>,
) -> Result<Json<Value>, ApiError> {
    let query = Some(q.q()).filter(|q| !q.is_empty());
    let list = s.app.public_agencies(query, q.page()).await?;
    Ok(Json(json!({
        "items": list.items.iter().map(agency_json).collect::<Vec<_>>(),
        "total": list.total, "page": list.page, "per_page": list.per_page,
    })))
}

/// Every 执法主体 as CSV.
#[utoipa::path(get, path = "/api/v1/public/agencies.csv", tag = "public",
    responses((status = 200, description = "CSV", content_type = "text/csv")))]
pub async fn agencies_csv(State(s): State<AppState>) -> Result<Response, ApiError> {
    let all = s.app.public_all_agencies().await?;
    let rows: Vec<Vec<String>> = all.iter().map(agency_row).collect();
    Ok(csv(export::to_csv(AGENCY_COLUMNS, &rows)?, "agencies.csv"))
}

/// One 执法主体 with its entrustments, the catalogs it has in force and its number of officers.
#[utoipa::path(get, path = "/api/v1/public/agencies/{id}", tag = "public",
    params(("id" = i64, Path)),
    responses((status = 200), (status = 404, body = crate::error::ErrorBody)))]
pub async fn agency(
    State(s): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    let a = s.app.public_agency(id).await?;
    let mut v = agency_json(&a.agency);
    v["parent"] = json!(a.parent);
    v["officers"] = json!(a.officers);
    v["entrustments"] = a
        .entrustments
        .iter()
        .map(|(e, entrusting, entrusted)| {
            json!({
                "document_no": e.document_no, "entrusting": entrusting, "entrusted": entrusted,
                "scope": e.scope, "valid_from": e.valid_from, "valid_until": e.valid_until,
                "publication_url": e.publication_url,
            })
        })
        .collect();
    v["catalogs"] = a
        .catalogs
        .iter()
        .map(|c| {
            json!({
                "version_id": c.id, "kind": c.kind, "title": c.title, "version_no": c.version_no,
                "effective_from": c.effective_from, "effective_to": c.effective_to,
                "items": c.item_count, "content_sm3": c.content_sm3,
            })
        })
        .collect();
    Ok(Json(v))
}

fn officer_json(o: &PublicOfficer, today: chrono::NaiveDate) -> Value {
    let st = o.status(today);
    json!({
        "name": o.name, "agency_id": o.agency_id, "agency": o.agency_name,
        "certificate_no": o.certificate_no, "category": o.category, "area": o.area,
        "issued_by": o.issued_by, "valid_from": o.valid_from, "valid_until": o.valid_until,
        "status": st.code(), "status_label": st.label_zh(),
    })
}

const OFFICER_COLUMNS: &[&str] = &[
    "姓名",
    "执法主体",
    "执法证号",
    "执法类别",
    "执法区域",
    "发证机关",
    "有效期起",
    "有效期止",
    "状态",
];

/// REG-4: officers found by a name or a whole certificate number (an empty query finds none).
#[utoipa::path(get, path = "/api/v1/public/officers", tag = "public", params(PublicQuery),
    responses((status = 200, description = "{items, total, page, per_page}")))]
pub async fn officers(
    State(s): State<AppState>,
    Query(q): Query<PublicQuery>,
) -> Result<Json<Value>, ApiError> {
    let query = q.q();
    let page = q.page();
    let dir = s.app.public_directory().await?;
    let today = s.app.today();
    let (items, total) = if query.is_empty() {
        (Vec::new(), 0)
    } else if let Some(o) = dir.get(&query) {
        (vec![officer_json(o, today)], 1)
    } else {
        let offset = usize::try_from(page.offset()).unwrap_or(usize::MAX);
        let limit = usize::try_from(page.per_page).unwrap_or(20);
        let (found, total) = dir.by_name(&query, offset, limit);
        (
            found.iter().map(|o| officer_json(o, today)).collect(),
            total,
        )
    };
    Ok(Json(json!({
        "items": items, "total": total, "page": page.page, "per_page": page.per_page,
    })))
}

/// REG-4: one certificate by its number.
#[utoipa::path(get, path = "/api/v1/public/officers/{number}", tag = "public",
    params(("number" = String, Path, description = "执法证号")),
    responses((status = 200), (status = 404, body = crate::error::ErrorBody)))]
pub async fn officer(
    State(s): State<AppState>,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    let dir = s.app.public_directory().await?;
    let o = dir.get(&clean(&number, 40)).ok_or(AppError::NotFound)?;
    Ok(Json(officer_json(o, s.app.today())).into_response())
}

/// Every certificate as CSV (public fields only).
#[utoipa::path(get, path = "/api/v1/public/officers.csv", tag = "public",
    responses((status = 200, description = "CSV", content_type = "text/csv")))]
pub async fn officers_csv(State(s): State<AppState>) -> Result<Response, ApiError> {
    let dir = s.app.public_directory().await?;
    let today = s.app.today();
    let rows: Vec<Vec<String>> = dir
        .iter()
        .map(|o| {
            vec![
                o.name.clone(),
                o.agency_name.clone(),
                o.certificate_no.clone(),
                o.category.clone(),
                o.area.clone(),
                o.issued_by.clone(),
                o.valid_from.to_string(),
                o.valid_until.to_string(),
                o.status(today).label_zh().to_owned(),
            ]
        })
        .collect();
    Ok(csv(export::to_csv(OFFICER_COLUMNS, &rows)?, "officers.csv"))
}

fn item_json(it: &catalog_item::Model, agency: &str) -> Value {
    json!({
        "id": it.id, "version_id": it.version_id, "agency_id": it.agency_id, "agency": agency,
        "seq": it.seq, "code": it.code, "name": it.name, "matter_kind": it.matter_kind,
        "value": serde_json::from_str::<Value>(&it.data).unwrap_or(Value::Null),
    })
}

/// C2: the items of the catalogs of `kind` in force today (`powers`, `discretion`, `spot_check`,
/// `av`, `major_review`, `guides`); `{kind}.csv` gives every item of the flat kinds (powers,
/// spot_check, major_review) in their import layout.
#[utoipa::path(get, path = "/api/v1/public/catalogs/{kind}", tag = "public",
    params(("kind" = String, Path, description = "catalog kind, optionally with `.csv`"), PublicQuery),
    responses((status = 200, description = "{items, total, page, per_page}, or CSV"),
              (status = 404, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn catalog(
    State(s): State<AppState>,
    Path(kind): Path<String>,
    Query(q): Query<PublicQuery>,
) -> Result<Response, ApiError> {
    let (kind, as_csv) = split_csv(&kind);
    let kind = CatalogKind::from_code(kind).ok_or(AppError::NotFound)?;
    let matter_kind = q
        .matter_kind
        .as_deref()
        .and_then(MatterKind::from_code)
        .map(MatterKind::code);
    if as_csv {
        return catalog_csv(&s, kind, q.agency).await;
    }
    let (in_force, page) = s
        .app
        .public_items(kind, q.agency, matter_kind, q.page())
        .await?;
    let agency_of = |version: i64| {
        in_force
            .iter()
            .find(|f| f.version.id == version)
            .map(|f| f.agency.name.as_str())
            .unwrap_or("")
    };
    Ok(Json(json!({
        "kind": kind.code(), "kind_label": kind.label_zh(),
        "versions": in_force.iter().map(|f| json!({
            "version_id": f.version.id, "agency_id": f.agency.id, "agency": f.agency.name,
            "title": f.version.title, "version_no": f.version.version_no,
            "effective_from": f.version.effective_from, "content_sm3": f.version.content_sm3,
        })).collect::<Vec<_>>(),
        "items": page.items.iter().map(|it| item_json(it, agency_of(it.version_id))).collect::<Vec<_>>(),
        "total": page.total, "page": page.page, "per_page": page.per_page,
    }))
    .into_response())
}

async fn catalog_csv(
    s: &AppState,
    kind: CatalogKind,
    agency: Option<i64>,
) -> Result<Response, ApiError> {
    let in_force: Vec<_> = s
        .app
        .catalogs_in_force(kind, s.app.today())
        .await?
        .into_iter()
        .filter(|f| agency.is_none_or(|a| f.agency.id == a))
        .collect();
    let mut columns: Option<&[&str]> = None;
    let mut rows = Vec::new();
    for f in &in_force {
        let items = s.app.public_version_items(f.version.id).await?;
        if let Some((cols, mut r)) = export::rows(&f.version, &items) {
            columns = Some(cols);
            rows.append(&mut r);
        }
    }
    let columns = match columns {
        Some(c) => c,
        None => match kind {
            CatalogKind::Powers => sanxiang_core::catalog::import::POWERS_COLUMNS,
            CatalogKind::MajorReview => sanxiang_core::catalog::import::MAJOR_REVIEW_COLUMNS,
            CatalogKind::SpotCheck => sanxiang_core::catalog::import::SPOT_CHECK_COLUMNS,
            _ => {
                return Err(AppError::invalid(sanxiang_core::rule::Violation::hard(
                    "CAT-EXPORT",
                    Some("kind"),
                    "该类清单没有表格格式，请通过接口获取JSON",
                ))
                .into());
            }
        },
    };
    Ok(csv(
        export::to_csv(columns, &rows)?,
        &format!("{}.csv", kind.code()),
    ))
}

/// One published catalog item (also of versions no longer in force, marked so).
#[utoipa::path(get, path = "/api/v1/public/catalog-items/{id}", tag = "public",
    params(("id" = i64, Path)),
    responses((status = 200), (status = 404, body = crate::error::ErrorBody)))]
pub async fn catalog_item(
    State(s): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    let p = s.app.public_item(id).await?;
    let mut v = item_json(&p.item, &p.agency.name);
    v["in_force"] = json!(p.in_force);
    v["version"] = json!({
        "id": p.version.id, "kind": p.version.kind, "title": p.version.title,
        "version_no": p.version.version_no, "effective_from": p.version.effective_from,
        "effective_to": p.version.effective_to, "content_sm3": p.version.content_sm3,
    });
    Ok(Json(v))
}

/// The statutes loaded (slug and title).
#[utoipa::path(get, path = "/api/v1/public/laws", tag = "public", responses((status = 200)))]
pub async fn laws(State(s): State<AppState>) -> Result<Json<Value>, ApiError> {
    let mut laws: Vec<(String, String)> = s
        .app
        .law_slugs()
        .await?
        .into_iter()
        .map(|(title, slug)| (slug, title))
        .collect();
    laws.sort();
    Ok(Json(json!({
        "items": laws.into_iter().map(|(slug, title)| json!({"slug": slug, "title": title})).collect::<Vec<_>>()
    })))
}

/// A statute's articles (number, label, chapter, section, text).
#[utoipa::path(get, path = "/api/v1/public/laws/{slug}", tag = "public",
    params(("slug" = String, Path)),
    responses((status = 200), (status = 404, body = crate::error::ErrorBody)))]
pub async fn law(
    State(s): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let articles = s.app.law_text(&clean(&slug, 60)).await?;
    let title = articles.first().map(|a| a.law_title.clone());
    Ok(Json(json!({
        "slug": slug, "title": title,
        "articles": articles.iter().map(|a| json!({
            "number": a.number, "label": a.label, "chapter": a.chapter, "section": a.section,
            "text": a.text,
        })).collect::<Vec<_>>(),
    })))
}
