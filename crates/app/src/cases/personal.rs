//! A8 and CASE-3: a natural person's identifiers (公民身份号码, 送达地址) are shown in full only
//! to the case's officers, who need them for the duty; heads, reviewers and supervisors reading
//! the case see them masked, in the console and in the API alike. An organisation's credit code
//! and address are public by law and shown as they are.

use sanxiang_core::case::{Party, PartyId};
use serde::Serialize;
use serde_json::Value;

/// The party as the case page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartyView {
    pub name: String,
    /// 公民 or 法人或其他组织.
    pub kind: &'static str,
    /// What the identifier is: 公民身份号码 or 统一社会信用代码.
    pub id_label: &'static str,
    /// The identifier, masked for a person unless shown in full.
    pub id: String,
    /// 送达地址, masked for a person unless shown in full.
    pub service_address: String,
    /// 委托代理人.
    pub agents: Vec<String>,
    /// Whether something was masked.
    pub masked: bool,
}

impl PartyView {
    /// The party for a reader; `full` for the case's officers.
    pub fn of(party: &Party, full: bool) -> PartyView {
        let (kind, id_label, id, masked) = match &party.id {
            PartyId::Person { id_number } if full => {
                ("公民", "公民身份号码", id_number.as_str().to_owned(), false)
            }
            PartyId::Person { id_number } => ("公民", "公民身份号码", id_number.masked(), true),
            PartyId::Organisation { credit_code } => (
                "法人或其他组织",
                "统一社会信用代码",
                credit_code.as_str().to_owned(),
                false,
            ),
        };
        let service_address = if masked {
            mask_address(&party.service_address)
        } else {
            party.service_address.clone()
        };
        PartyView {
            name: party.name.clone(),
            kind,
            id_label,
            id,
            service_address,
            agents: party.agents.clone(),
            masked,
        }
    }
}

/// Longest name of one administrative level (e.g. `新疆维吾尔自治区` is 8).
const LEVEL_MAX: usize = 8;

/// An address with only its administrative divisions kept (province, city, county: at most
/// three), the street, building and number hidden, e.g. `湖南省长沙市岳麓区＊＊＊＊`. A level
/// is a run of at most eight characters ending in 省/市/区/县/旗/州/盟; `小区` and `社区` are
/// places, not levels, so they end the kept part.
pub fn mask_address(address: &str) -> String {
    let chars: Vec<char> = address.trim().chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    let mut kept = 0;
    for _ in 0..3 {
        let level_end = chars[kept..]
            .iter()
            .take(LEVEL_MAX)
            .position(|c| "省市区县旗州盟".contains(*c))
            .map(|i| kept + i);
        match level_end {
            Some(end) if end > kept && !(chars[end] == '区' && "小社".contains(chars[end - 1])) =>
            {
                kept = end + 1;
            }
            _ => break,
        }
    }
    let prefix: String = chars[..kept].iter().collect();
    format!("{prefix}＊＊＊＊")
}

/// Masks, in an act as JSON, every natural-person party (the filing's, the decision's, the
/// applicant) for a reader who is not among the case's officers: ID number and address. Parties
/// are found by their shape (`id.type == "person"`), so a payload added later is covered
/// without a change here.
pub fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let person = map
                .get("id")
                .and_then(|id| id.get("type"))
                .is_some_and(|t| t == "person");
            if person {
                if let Some(Value::Object(id)) = map.get_mut("id")
                    && let Some(Value::String(n)) = id.get_mut("id_number")
                {
                    *n = sanxiang_core::ids::IdNumber::parse(n)
                        .map(|n| n.masked())
                        .unwrap_or_else(|_| "＊＊＊＊".to_owned());
                }
                if let Some(Value::String(a)) = map.get_mut("service_address") {
                    *a = mask_address(a);
                }
            }
            for v in map.values_mut() {
                redact(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sanxiang_core::ids::{CreditCode, IdNumber};

    const ID: &str = "11010519491231002X";

    fn person() -> Party {
        Party {
            name: "张三".into(),
            id: PartyId::Person {
                id_number: IdNumber::parse(ID).unwrap(),
            },
            service_address: "湖南省长沙市岳麓区麓山南路1号".into(),
            agents: vec!["李四".into()],
        }
    }

    #[test]
    fn a8_a_person_is_masked_for_readers_who_are_not_the_cases_officers() {
        let v = PartyView::of(&person(), false);
        assert_eq!(v.id, "110105********002X");
        assert_eq!(v.service_address, "湖南省长沙市岳麓区＊＊＊＊");
        assert!(v.masked);
        let full = PartyView::of(&person(), true);
        assert_eq!(full.id, ID);
        assert_eq!(full.service_address, "湖南省长沙市岳麓区麓山南路1号");
        assert!(!full.masked);
    }

    #[test]
    fn a8_a_masked_address_keeps_the_divisions_only() {
        for (address, masked) in [
            ("示范县幸福里3栋201", "示范县＊＊＊＊"),
            ("长沙市开福区幸福小区5栋", "长沙市开福区＊＊＊＊"),
            (
                "新疆维吾尔自治区乌鲁木齐市天山区解放路1号",
                "新疆维吾尔自治区乌鲁木齐市天山区＊＊＊＊",
            ),
            ("幸福小区5栋", "＊＊＊＊"),
            ("人民路8号", "＊＊＊＊"),
            ("", ""),
        ] {
            assert_eq!(mask_address(address), masked, "{address}");
        }
    }

    #[test]
    fn a8_an_organisation_is_shown_as_published() {
        let org = Party {
            name: "某某食品有限公司".into(),
            id: PartyId::Organisation {
                credit_code: CreditCode::parse("91350100M000100Y43").unwrap(),
            },
            service_address: "湖南省长沙市岳麓区麓山南路2号".into(),
            agents: vec![],
        };
        let v = PartyView::of(&org, false);
        assert_eq!(v.id, "91350100M000100Y43");
        assert_eq!(v.service_address, org.service_address);
        assert!(!v.masked);
    }

    #[test]
    fn a8_a_redacted_act_holds_no_full_id_number_or_address() {
        let party = serde_json::to_value(person()).unwrap();
        // Parties nested anywhere in a payload are found.
        let mut value = serde_json::json!({"payload": {"filing": {"party": party}}, "seq": 1});
        redact(&mut value);
        let text = value.to_string();
        assert!(!text.contains(ID) && !text.contains("麓山南路"), "{text}");
        assert!(text.contains("110105********002X") && text.contains("李四"));
    }
}
