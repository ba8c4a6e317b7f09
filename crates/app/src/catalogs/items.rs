//! The item type of each catalog kind, stored as JSON in `catalog_item.data`.

use sanxiang_core::catalog::av::AvRule;
use sanxiang_core::catalog::discretion::DiscretionStandard;
use sanxiang_core::catalog::guide::ServiceGuide;
use sanxiang_core::catalog::legal_basis::parse_legal_basis;
use sanxiang_core::catalog::major::MajorReviewRule;
use sanxiang_core::catalog::spot_check::SpotCheckItem;
use sanxiang_core::catalog::version::CatalogKind;
use sanxiang_core::catalog::{Matter, MatterKind};
use sanxiang_core::rule::Violation;
use sanxiang_store::repo::catalogs::NewItem;

#[derive(Debug, Clone, PartialEq)]
pub enum ItemValue {
    Matter(Matter),
    MajorReview(MajorReviewRule),
    SpotCheck(SpotCheckItem),
    Av(AvRule),
    Discretion(DiscretionStandard),
    Guide(ServiceGuide),
}

impl ItemValue {
    pub fn kind(&self) -> CatalogKind {
        match self {
            Self::Matter(_) => CatalogKind::Powers,
            Self::MajorReview(_) => CatalogKind::MajorReview,
            Self::SpotCheck(_) => CatalogKind::SpotCheck,
            Self::Av(_) => CatalogKind::Av,
            Self::Discretion(_) => CatalogKind::Discretion,
            Self::Guide(_) => CatalogKind::Guides,
        }
    }

    /// The item as the JSON of its type (what is stored, what the API and the editor show).
    pub fn to_value(&self) -> serde_json::Value {
        let v = match self {
            Self::Matter(x) => serde_json::to_value(x),
            Self::MajorReview(x) => serde_json::to_value(x),
            Self::SpotCheck(x) => serde_json::to_value(x),
            Self::Av(x) => serde_json::to_value(x),
            Self::Discretion(x) => serde_json::to_value(x),
            Self::Guide(x) => serde_json::to_value(x),
        };
        v.unwrap_or_default()
    }

    fn json(&self) -> String {
        self.to_value().to_string()
    }

    /// The row to store; list columns (code, name, kind) are derived from the value.
    pub fn to_new_item(&self, seq: i32) -> NewItem {
        let (seq, code, name, kind) = match self {
            Self::Matter(m) => (
                i32::try_from(m.seq).unwrap_or(seq),
                m.code.clone(),
                m.display_name(),
                Some(m.kind),
            ),
            Self::MajorReview(r) => (
                seq,
                Some(r.item_no.clone()),
                r.criterion.clone(),
                match r.applies_to {
                    sanxiang_core::catalog::major::AppliesTo::Kind(k) => Some(k),
                    sanxiang_core::catalog::major::AppliesTo::Any => None,
                },
            ),
            Self::SpotCheck(s) => (
                seq,
                Some(s.seq.clone()),
                s.name.clone(),
                Some(MatterKind::Inspection),
            ),
            Self::Av(a) => (
                seq,
                Some(a.item_no.clone()),
                a.act.label_zh().to_owned(),
                a.matter_kind,
            ),
            Self::Discretion(d) => (seq, None, d.violation.clone(), Some(MatterKind::Penalty)),
            Self::Guide(g) => (seq, None, g.title.clone(), Some(g.kind)),
        };
        NewItem {
            seq,
            code,
            name,
            matter_kind: kind.map(|k| k.code().to_owned()),
            data: self.json(),
        }
    }

    pub fn from_stored(kind: CatalogKind, data: &str) -> Result<ItemValue, String> {
        let value: serde_json::Value = serde_json::from_str(data).map_err(|e| e.to_string())?;
        decode(kind, &value)
    }
}

fn decode(kind: CatalogKind, value: &serde_json::Value) -> Result<ItemValue, String> {
    fn de<T: serde::de::DeserializeOwned>(v: &serde_json::Value) -> Result<T, String> {
        T::deserialize(v).map_err(|e| e.to_string())
    }
    Ok(match kind {
        CatalogKind::Powers => ItemValue::Matter(de(value)?),
        CatalogKind::MajorReview => ItemValue::MajorReview(de(value)?),
        CatalogKind::SpotCheck => ItemValue::SpotCheck(de(value)?),
        CatalogKind::Av => ItemValue::Av(de(value)?),
        CatalogKind::Discretion => ItemValue::Discretion(de(value)?),
        CatalogKind::Guides => ItemValue::Guide(de(value)?),
    })
}

/// An edited item: the JSON must be of the catalog's item type, and pass that type's checks.
/// The legal-basis references are re-derived from the text (never trusted from the client).
pub fn parse_item(
    kind: CatalogKind,
    value: &serde_json::Value,
) -> Result<ItemValue, Vec<Violation>> {
    let item = decode(kind, value).map_err(|e| {
        tracing::info!(error = %e, "catalog item JSON rejected");
        vec![Violation::hard(
            kind_rule(kind),
            None,
            format!(
                "条目格式不符合{}的字段要求：{}",
                kind.label_zh(),
                explain(&e)
            ),
        )]
    })?;
    let mut problems = Vec::new();
    let item = match item {
        ItemValue::Matter(m) => {
            if m.name.trim().is_empty() {
                problems.push(Violation::hard("CAT-1", Some("name"), "事项名称不能为空"));
            }
            let text = m.basis_text.clone();
            ItemValue::Matter(m.with_basis(&text))
        }
        ItemValue::SpotCheck(mut s) => {
            if s.name.trim().is_empty() {
                problems.push(Violation::hard("CAT-3", Some("name"), "抽查事项不能为空"));
            }
            s.basis = parse_legal_basis(&s.basis_text);
            ItemValue::SpotCheck(s)
        }
        ItemValue::Discretion(d) => {
            if d.tiers.is_empty() {
                problems.push(Violation::hard(
                    "CAT-2",
                    Some("tiers"),
                    "裁量基准至少须有一个裁量档次",
                ));
            }
            ItemValue::Discretion(d)
        }
        ItemValue::Guide(mut g) => {
            problems.extend(g.check());
            g.basis = parse_legal_basis(&g.basis_text);
            ItemValue::Guide(g)
        }
        other => other,
    };
    if problems.is_empty() {
        Ok(item)
    } else {
        Err(problems)
    }
}

fn kind_rule(kind: CatalogKind) -> &'static str {
    match kind {
        CatalogKind::Powers => "CAT-1",
        CatalogKind::Discretion => "CAT-2",
        CatalogKind::SpotCheck => "CAT-3",
        CatalogKind::Av => "CAT-4",
        CatalogKind::MajorReview => "CAT-5",
        CatalogKind::Guides => "CAT-6",
    }
}

/// A JSON decoding error in Chinese, naming the field or value when serde does (the English
/// text goes to the log only).
fn explain(e: &str) -> String {
    let quoted = |s: &str| s.split('`').nth(1).unwrap_or_default().to_owned();
    if e.starts_with("missing field") {
        format!("缺少字段“{}”", quoted(e))
    } else if e.starts_with("unknown variant") {
        format!("取值“{}”无效", quoted(e))
    } else if e.starts_with("unknown field") {
        format!("没有字段“{}”", quoted(e))
    } else if e.starts_with("invalid type") {
        "某个字段的类型不对（文字、数字、列表须与说明一致）".to_owned()
    } else {
        "内容不完整或格式不对".to_owned()
    }
}
