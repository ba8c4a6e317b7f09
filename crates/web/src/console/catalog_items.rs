//! Editing a draft catalog's items one by one (CAT-1..6, C2): a form for 权责清单 matters, the
//! item's JSON for the other kinds, checked by the same rules as the API; a published version is
//! never edited.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use sanxiang_app::catalogs::ItemValue;
use sanxiang_app::{Actor, AppError};
use sanxiang_core::catalog::version::CatalogKind;
use sanxiang_core::catalog::{Matter, MatterKind};
use sanxiang_core::rule::Violation;
use sanxiang_store::entity::{catalog_item, catalog_version};
use serde::Deserialize;

use super::catalogs::kind_of;
use super::{FieldErrors, Nav};
use crate::error::{PageError, render_status};
use crate::session::PageActor;
use crate::state::AppState;

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
    serde_json::to_string_pretty(&value.to_value()).unwrap_or_default()
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
    let v = state.app.catalog_version_head(Some(actor), id).await?;
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
