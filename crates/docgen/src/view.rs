//! The data a template receives in `sys.inputs`: the content as serialised by core (`doc`), the
//! document's metadata (`meta`) and labels only Rust knows how to word (`view`), such as penalty
//! descriptions with yuan amounts.

use serde_json::{Value, json};

use sanxiang_core::case::model::Penalty;
use sanxiang_core::instrument::{DeliveryMethod, InstrumentContent, PartyKind, SeizureAction};

use crate::render::DocMeta;
use crate::templates::template_version;

pub(crate) fn inputs(
    content: &InstrumentContent,
    meta: &DocMeta,
) -> Result<Value, serde_json::Error> {
    let kind = content.kind();
    let tagged = serde_json::to_value(content)?;
    let doc = tagged.get("data").cloned().unwrap_or(Value::Null);
    let title = meta
        .title_override
        .clone()
        .unwrap_or_else(|| kind.label_zh().to_owned());
    Ok(json!({
        "doc": doc,
        "meta": {
            "title": title,
            "agency": meta.agency_name,
            "number": meta.number,
            "issued_on": meta.issued_on.format("%Y-%m-%d").to_string(),
            "template_version": template_version(kind),
        },
        "view": view(content),
    }))
}

fn penalties(list: &[Penalty]) -> Vec<String> {
    list.iter().map(Penalty::label_zh).collect()
}

fn party_kind(kind: PartyKind) -> &'static str {
    match kind {
        PartyKind::Person => "公民",
        PartyKind::Organisation => "法人或其他组织",
    }
}

fn view(content: &InstrumentContent) -> Value {
    use InstrumentContent as C;
    match content {
        C::PenaltyPriorNotice(d) => json!({
            "penalties": penalties(&d.penalties),
            "party_kind": party_kind(d.party.kind),
        }),
        C::PenaltyDecision(d) => json!({
            "penalties": penalties(&d.penalties),
            "party_kind": party_kind(d.party.kind),
        }),
        C::OnSpotPenaltyDecision(d) => json!({
            "penalties": penalties(&d.penalties),
            "party_kind": party_kind(d.party.kind),
        }),
        C::SeizureDecision(d) => json!({
            "action": match d.action {
                SeizureAction::Seal => "查封",
                SeizureAction::Seize => "扣押",
            },
            "party_kind": party_kind(d.party.kind),
        }),
        C::ServiceReceipt(d) => json!({
            "method": match d.method {
                DeliveryMethod::Personal => "直接送达",
                DeliveryMethod::Left => "留置送达",
                DeliveryMethod::Post => "邮寄送达",
                DeliveryMethod::Electronic => "电子送达",
                DeliveryMethod::Entrusted => "委托送达",
            },
        }),
        _ => json!({}),
    }
}
