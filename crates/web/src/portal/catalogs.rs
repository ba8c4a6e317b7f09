//! Catalog pages (PUB-1): 权责清单 by agency and kind, the other lists in force, guides with
//! flowcharts. Legal bases link to the statute's article when the statute is loaded.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use sanxiang_app::catalogs::{InForce, ItemValue};
use sanxiang_app::public::PublicItem;
use sanxiang_core::catalog::MatterKind;
use sanxiang_core::catalog::legal_basis::LegalRef;
use sanxiang_core::catalog::version::CatalogKind;
use sanxiang_store::entity::catalog_item;
use sanxiang_store::repo::PageRequest;
use serde::Deserialize;

use super::registry::canonical;
use super::{PER_PAGE, clean, not_found, page_of};
use crate::console::{Pager, query_string};
use crate::error::{PageError, render};
use crate::query::Query;
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct ItemsQuery {
    pub agency: Option<String>,
    pub kind: Option<String>,
    pub page: Option<String>,
}

/// A legal reference with the link to its article, when we have the statute.
pub struct BasisLink {
    pub label: String,
    pub href: Option<String>,
}

pub(crate) fn basis_links(refs: &[LegalRef], slugs: &HashMap<String, String>) -> Vec<BasisLink> {
    refs.iter()
        .map(|r| BasisLink {
            label: r.label_zh(),
            href: slugs.get(&r.law).map(|slug| match r.article {
                Some(a) => format!("/laws/{slug}#a{a}"),
                None => format!("/laws/{slug}"),
            }),
        })
        .collect()
}

pub struct AgencyOption {
    pub id: i64,
    pub name: String,
    pub selected: bool,
}

fn agency_options(in_force: &[InForce], selected: Option<i64>) -> Vec<AgencyOption> {
    in_force
        .iter()
        .map(|f| AgencyOption {
            id: f.agency.id,
            name: f.agency.name.clone(),
            selected: Some(f.agency.id) == selected,
        })
        .collect()
}

pub struct ItemRow {
    pub id: i64,
    pub seq: i32,
    pub code: String,
    pub name: String,
    pub agency: String,
    pub value: ItemValue,
}

fn rows(items: Vec<catalog_item::Model>, in_force: &[InForce], kind: CatalogKind) -> Vec<ItemRow> {
    let names: HashMap<i64, &str> = in_force
        .iter()
        .map(|f| (f.version.id, f.agency.name.as_str()))
        .collect();
    items
        .into_iter()
        .filter_map(|it| {
            let value = ItemValue::from_stored(kind, &it.data).ok()?;
            Some(ItemRow {
                id: it.id,
                seq: it.seq,
                code: it.code.clone().unwrap_or_default(),
                agency: names
                    .get(&it.version_id)
                    .copied()
                    .unwrap_or_default()
                    .to_owned(),
                name: it.name,
                value,
            })
        })
        .collect()
}

#[derive(Template)]
#[template(path = "portal/powers.html")]
struct PowersPage {
    canonical: String,
    agencies: Vec<AgencyOption>,
    kinds: Vec<(&'static str, &'static str, bool)>,
    rows: Vec<ItemRow>,
    pager: Pager,
}

fn agency_param(s: &Option<String>) -> Option<i64> {
    s.as_deref().and_then(|a| a.parse().ok())
}

pub async fn powers(
    State(s): State<AppState>,
    Query(q): Query<ItemsQuery>,
) -> Result<Response, PageError> {
    let agency = agency_param(&q.agency);
    let kind = q.kind.as_deref().and_then(MatterKind::from_code);
    let page = page_of(q.page.as_deref());
    let (all, _) = s
        .app
        .public_items(CatalogKind::Powers, None, None, PageRequest::new(1, 1))
        .await?;
    let (in_force, list) = s
        .app
        .public_items(
            CatalogKind::Powers,
            agency,
            kind.map(MatterKind::code),
            PageRequest::new(page, PER_PAGE),
        )
        .await?;
    let base = query_string(&[
        ("agency", agency.map(|a| a.to_string()).unwrap_or_default()),
        (
            "kind",
            kind.map(|k| k.code().to_owned()).unwrap_or_default(),
        ),
    ]);
    Ok(render(&PowersPage {
        canonical: canonical("/powers", &base, page),
        agencies: agency_options(&all, agency),
        kinds: MatterKind::ALL
            .iter()
            .map(|k| (k.code(), k.label_zh(), Some(*k) == kind))
            .collect(),
        pager: Pager::new(list.page, list.pages(), list.total, &base),
        rows: rows(list.items, &in_force, CatalogKind::Powers),
    }))
}

#[derive(Template)]
#[template(path = "portal/matter.html")]
struct MatterPage {
    canonical: String,
    p: PublicItem,
    m: sanxiang_core::catalog::Matter,
    basis: Vec<BasisLink>,
    guides: Vec<(i64, String)>,
}

pub async fn matter(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let canonical = format!("/powers/{}", clean(&id, 20));
    let Ok(id) = id.parse::<i64>() else {
        return Ok(not_found(canonical, "事项"));
    };
    let p = match s.app.public_item(id).await {
        Ok(p) => p,
        Err(sanxiang_app::AppError::NotFound) => return Ok(not_found(canonical, "事项")),
        Err(e) => return Err(e.into()),
    };
    let ItemValue::Matter(m) = p.value.clone() else {
        return Ok(not_found(canonical, "事项"));
    };
    let slugs = s.app.law_slugs().await?;
    let (_, guides) = s
        .app
        .public_items(CatalogKind::Guides, None, None, PageRequest::new(1, 100))
        .await?;
    let guides = guides
        .items
        .into_iter()
        .filter_map(
            |g| match ItemValue::from_stored(CatalogKind::Guides, &g.data) {
                Ok(ItemValue::Guide(guide)) if guide.matter_name == m.name => {
                    Some((g.id, guide.title))
                }
                _ => None,
            },
        )
        .collect();
    Ok(render(&MatterPage {
        canonical,
        basis: basis_links(&m.basis, &slugs),
        p,
        m,
        guides,
    }))
}

#[derive(Template)]
#[template(path = "portal/list.html")]
struct ListPage {
    canonical: String,
    path: &'static str,
    title: &'static str,
    intro: &'static str,
    kind_code: &'static str,
    flat: bool,
    agencies: Vec<AgencyOption>,
    rows: Vec<ItemRow>,
    pager: Pager,
    versions: Vec<InForce>,
}

async fn list(
    s: &AppState,
    q: &ItemsQuery,
    kind: CatalogKind,
    path: &'static str,
    intro: &'static str,
) -> Result<Response, PageError> {
    let agency = agency_param(&q.agency);
    let page = page_of(q.page.as_deref());
    let (all, _) = s
        .app
        .public_items(kind, None, None, PageRequest::new(1, 1))
        .await?;
    let (in_force, list) = s
        .app
        .public_items(kind, agency, None, PageRequest::new(page, PER_PAGE))
        .await?;
    let base = query_string(&[("agency", agency.map(|a| a.to_string()).unwrap_or_default())]);
    Ok(render(&ListPage {
        canonical: canonical(path, &base, page),
        path,
        title: kind.label_zh(),
        intro,
        kind_code: kind.code(),
        flat: matches!(kind, CatalogKind::SpotCheck | CatalogKind::MajorReview),
        agencies: agency_options(&all, agency),
        pager: Pager::new(list.page, list.pages(), list.total, &base),
        rows: rows(list.items, &in_force, kind),
        versions: in_force,
    }))
}

pub async fn discretion(
    State(s): State<AppState>,
    Query(q): Query<ItemsQuery>,
) -> Result<Response, PageError> {
    list(&s, &q, CatalogKind::Discretion, "/discretion", "行政处罚裁量基准依法公布，处罚应在对应档次的幅度内作出；超出幅度的须书面说明理由并经法制审核。").await
}

pub async fn spot_checks(
    State(s): State<AppState>,
    Query(q): Query<ItemsQuery>,
) -> Result<Response, PageError> {
    list(&s, &q, CatalogKind::SpotCheck, "/spot-checks", "未列入随机抽查事项清单的事项不得开展随机抽查。抽查对象和执法检查人员随机抽取，结果依法公开。").await
}

pub async fn av(
    State(s): State<AppState>,
    Query(q): Query<ItemsQuery>,
) -> Result<Response, PageError> {
    list(&s, &q, CatalogKind::Av, "/av", "查封扣押、强制拆除等直接涉及人身自由、生命健康、重大财产权益的现场执法活动，实行全过程音像记录。").await
}

pub async fn major_review(
    State(s): State<AppState>,
    Query(q): Query<ItemsQuery>,
) -> Result<Response, PageError> {
    list(&s, &q, CatalogKind::MajorReview, "/major-review", "列入目录的重大执法决定，作出决定前须经法制审核；未经法制审核或者审核未通过的，不得作出决定（《中华人民共和国行政处罚法》第五十八条）。").await
}

pub async fn guides(
    State(s): State<AppState>,
    Query(q): Query<ItemsQuery>,
) -> Result<Response, PageError> {
    list(
        &s,
        &q,
        CatalogKind::Guides,
        "/guides",
        "服务指南列明办理依据、条件、材料、时限、收费和救济渠道，并附执法流程图。",
    )
    .await
}

#[derive(Template)]
#[template(path = "portal/guide.html")]
struct GuidePage {
    canonical: String,
    p: PublicItem,
    g: sanxiang_core::catalog::guide::ServiceGuide,
    basis: Vec<BasisLink>,
    svg: String,
}

async fn load_guide(
    s: &AppState,
    id: &str,
) -> Result<Option<(PublicItem, sanxiang_core::catalog::guide::ServiceGuide)>, PageError> {
    let Ok(id) = id.parse::<i64>() else {
        return Ok(None);
    };
    match s.app.public_item(id).await {
        Ok(p) => match p.value.clone() {
            ItemValue::Guide(g) => Ok(Some((p, g))),
            _ => Ok(None),
        },
        Err(sanxiang_app::AppError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

pub async fn guide(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let canonical = format!("/guides/{}", clean(&id, 20));
    let Some((p, g)) = load_guide(&s, &id).await? else {
        return Ok(not_found(canonical, "服务指南"));
    };
    let slugs = s.app.law_slugs().await?;
    Ok(render(&GuidePage {
        canonical,
        basis: basis_links(&g.basis, &slugs),
        svg: super::svg::flowchart(&g.flowchart, &format!("{}流程图", g.matter_name)),
        p,
        g,
    }))
}

pub async fn flowchart_svg(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let Some((_, g)) = load_guide(&s, &id).await? else {
        return Ok(not_found(format!("/guides/{}", clean(&id, 20)), "服务指南"));
    };
    let svg = super::svg::flowchart(&g.flowchart, &format!("{}流程图", g.matter_name));
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}
