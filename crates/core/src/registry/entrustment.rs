//! R1 (行政处罚法 Art 20, 行政强制法 Art 17): written entrustment of enforcement powers.

use chrono::NaiveDate;

use super::AgencyNature;
use crate::rule::Violation;

/// What is needed to check an entrustment before it is recorded.
#[derive(Debug, Clone)]
pub struct EntrustmentDraft<'a> {
    pub entrusting_id: i64,
    pub entrusting_nature: AgencyNature,
    pub entrusted_id: i64,
    pub entrusted_nature: AgencyNature,
    /// The matters and powers entrusted (委托事项和权限).
    pub scope: &'a str,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    /// Where both parties published the 委托书.
    pub publication_url: &'a str,
}

/// R1: the 委托书 states matters, powers and term; it is published; the entrusted body may not
/// sub-entrust; 行政强制 powers can never be entrusted. Returns every violation.
pub fn check_entrustment(e: &EntrustmentDraft<'_>) -> Vec<Violation> {
    let mut v = Vec::new();
    if e.entrusting_id == e.entrusted_id {
        v.push(Violation::hard(
            "R1",
            Some("entrusted_id"),
            "委托机关与受委托组织不能相同",
        ));
    }
    if e.entrusting_nature == AgencyNature::Entrusted {
        v.push(Violation::hard(
            "R1",
            Some("entrusting_id"),
            "受委托组织不得再委托其他组织实施行政处罚",
        ));
    }
    if e.entrusted_nature != AgencyNature::Entrusted {
        v.push(Violation::hard(
            "R1",
            Some("entrusted_id"),
            "受委托方应登记为“受委托组织”",
        ));
    }
    if e.scope.trim().is_empty() {
        v.push(Violation::hard(
            "R1",
            Some("scope"),
            "委托书应当载明委托的具体事项和权限",
        ));
    }
    if e.scope.contains("行政强制") || e.scope.contains("查封") || e.scope.contains("扣押")
    {
        v.push(Violation::hard(
            "R1",
            Some("scope"),
            "行政强制措施权不得委托（行政强制法第十七条）",
        ));
    }
    if e.valid_until < e.valid_from {
        v.push(Violation::hard(
            "R1",
            Some("valid_until"),
            "委托期限的截止日期不能早于起始日期",
        ));
    }
    let url = e.publication_url.trim();
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        v.push(Violation::hard(
            "R1",
            Some("publication_url"),
            "委托书应当向社会公布，请填写公布网址（http:// 或 https:// 开头）",
        ));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft<'a>() -> EntrustmentDraft<'a> {
        EntrustmentDraft {
            entrusting_id: 1,
            entrusting_nature: AgencyNature::Organ,
            entrusted_id: 2,
            entrusted_nature: AgencyNature::Entrusted,
            scope: "城市道路占道经营的行政处罚",
            valid_from: NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
            valid_until: NaiveDate::from_ymd_opt(2028, 12, 31).expect("date"),
            publication_url: "https://example.gov.cn/wts/1.html",
        }
    }

    #[test]
    fn r1_valid_entrustment_passes() {
        assert!(check_entrustment(&draft()).is_empty());
    }

    #[test]
    fn r1_entrusted_body_cannot_sub_entrust() {
        let mut d = draft();
        d.entrusting_nature = AgencyNature::Entrusted;
        let v = check_entrustment(&d);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].field.as_deref(), Some("entrusting_id"));
    }

    #[test]
    fn r1_coercion_powers_cannot_be_entrusted() {
        let mut d = draft();
        d.scope = "查封、扣押场所设施";
        assert!(
            check_entrustment(&d)
                .iter()
                .any(|v| v.field.as_deref() == Some("scope"))
        );
    }

    #[test]
    fn r1_reports_all_violations_at_once() {
        let mut d = draft();
        d.scope = "";
        d.publication_url = "";
        d.valid_until = NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
        assert_eq!(check_entrustment(&d).len(), 3);
    }
}
