//! `check_required`: the elements a document must carry before it may be issued (§10, HARD).
//!
//! Each violation names the rulebook rule that requires the element (P2, P4, P5, P6, P7, P9,
//! P10, P12, P13, A7, A8, R4). Elements §10 lists without a rule ID of their own (the 笔录
//! header, the 立案审批表 and the 结案报告 forms) use `DOC-<KIND>` (see
//! [`InstrumentKind::doc_rule`]). Every missing element is reported, not only the first.

mod decisions;
mod records;

/// 要求听证 period printed on a prior notice (P6, S2 Art 64): five working days.
pub use decisions::HEARING_REQUEST_WORKING_DAYS;

use chrono::NaiveDate;

use crate::calendar::Period;
use crate::case::CaseConfig;
use crate::ids::IdNumber;
use crate::rule::Violation;

use super::content::InstrumentContent;
use super::kind::InstrumentKind;
use super::parts::{Officer, Opinion, PartyInfo, PartyKind, RecordHeader, Signatures, Witness};

/// Every missing or malformed required element of `content`, issued on `issued_on` (the rules
/// in force that day decide some elements, e.g. P12's 复议前置), as HARD violations.
pub fn check_required(content: &InstrumentContent, issued_on: NaiveDate) -> Vec<Violation> {
    let mut c = Checker::new(content.kind(), issued_on);
    match content {
        InstrumentContent::FilingApproval(d) => records::filing_approval(&mut c, d),
        InstrumentContent::InspectionRecord(d) => records::inspection_record(&mut c, d),
        InstrumentContent::InquiryRecord(d) => records::inquiry_record(&mut c, d),
        InstrumentContent::EvidencePreservationNotice(d) => {
            decisions::preservation_notice(&mut c, d)
        }
        InstrumentContent::PenaltyPriorNotice(d) => decisions::prior_notice(&mut c, d),
        InstrumentContent::HearingNotice(d) => decisions::hearing_notice(&mut c, d),
        InstrumentContent::HearingRecord(d) => records::hearing_record(&mut c, d),
        InstrumentContent::CollectiveDiscussion(d) => records::collective_discussion(&mut c, d),
        InstrumentContent::PenaltyDecision(d) => decisions::penalty_decision(&mut c, d),
        InstrumentContent::OnSpotPenaltyDecision(d) => decisions::on_spot_decision(&mut c, d),
        InstrumentContent::SeizureDecision(d) => decisions::seizure_decision(&mut c, d),
        InstrumentContent::SeizureList(d) => records::seizure_list(&mut c, d),
        InstrumentContent::ServiceReceipt(d) => records::service_receipt(&mut c, d),
        InstrumentContent::ClosingReport(d) => records::closing_report(&mut c, d),
    }
    c.out
}

/// The elements the case's configuration decides (P5): a 事先告知书 prints the 陈述申辩 period
/// the decision will wait for, so the printed period and the enforced one are one value.
pub fn check_configured(content: &InstrumentContent, config: &CaseConfig) -> Vec<Violation> {
    match content {
        InstrumentContent::PenaltyPriorNotice(d) if d.reply_period != config.reply_period => {
            vec![Violation::hard(
                "P5",
                Some("reply_period"),
                format!(
                    "行政处罚事先告知书的陈述申辩期限（{}）与本机关规定并据以作出决定的期限（{}）不一致",
                    period_zh(d.reply_period),
                    period_zh(config.reply_period)
                ),
            )]
        }
        _ => Vec::new(),
    }
}

fn period_zh(p: Period) -> String {
    match p {
        Period::Workdays(n) => format!("{n}个工作日"),
        Period::Days { n, .. } => format!("{n}日"),
    }
}

/// Collects violations for one document; messages read `<title>缺少：<element>`.
pub(super) struct Checker {
    kind: InstrumentKind,
    issued_on: NaiveDate,
    out: Vec<Violation>,
}

impl Checker {
    fn new(kind: InstrumentKind, issued_on: NaiveDate) -> Self {
        Checker {
            kind,
            issued_on,
            out: Vec::new(),
        }
    }

    /// The `DOC-<KIND>` rule of this document.
    fn doc(&self) -> String {
        self.kind.doc_rule()
    }

    /// Reports `element` as missing unless `present`.
    fn require(&mut self, rule: &str, field: &str, present: bool, element: &str) {
        if !present {
            let message = format!("{}缺少：{element}", self.kind.label_zh());
            self.out.push(Violation::hard(rule, Some(field), message));
        }
    }

    fn text(&mut self, rule: &str, field: &str, value: &str, element: &str) {
        self.require(rule, field, !value.trim().is_empty(), element);
    }

    /// A rule broken by a present but wrong value (not a missing element).
    fn invalid(&mut self, rule: &str, field: &str, message: String) {
        self.out.push(Violation::hard(rule, Some(field), message));
    }

    /// Name (and, where `with_address`, the address) of the party; A8: a citizen's ID number
    /// only masked.
    fn party(&mut self, rule: &str, party: &PartyInfo, with_address: bool) {
        self.text(rule, "party.name", &party.name, "当事人姓名或名称");
        if with_address {
            self.text(rule, "party.address", &party.address, "当事人住所或地址");
        }
        if party.kind == PartyKind::Person {
            self.masked_id("party.id_display", &party.id_display);
        }
    }

    fn witness(&mut self, field: &str, witness: &Witness) {
        self.masked_id(field, &witness.identity);
    }

    /// A8: documents are kept and published; a full, valid ID number must not be printed.
    fn masked_id(&mut self, field: &str, value: &str) {
        if IdNumber::parse(value).is_ok() {
            let message = format!(
                "{}中的公民身份号码未脱敏，应仅显示前六位和后四位",
                self.kind.label_zh()
            );
            self.invalid("A8", field, message);
        }
    }

    /// At least `min` officers, each with a certificate number (R4).
    fn officers(&mut self, rule: &str, field: &str, officers: &[Officer], min: usize) {
        let complete = officers
            .iter()
            .all(|o| !o.name.trim().is_empty() && !o.certificate_no.trim().is_empty());
        let element = if min > 1 {
            format!("{min}名以上执法人员姓名及执法证号")
        } else {
            "执法人员姓名及执法证号".to_owned()
        };
        self.require(rule, field, officers.len() >= min && complete, &element);
    }

    fn opinion(&mut self, rule: &str, field: &str, opinion: &Opinion, element: &str) {
        let complete = !opinion.text.trim().is_empty()
            && !opinion.signed_by.trim().is_empty()
            && opinion.signed_on.is_some();
        self.require(
            rule,
            field,
            complete,
            &format!("{element}（意见、签名及日期）"),
        );
    }

    /// §10 笔录: time span, place, officers with certificates, certificate shown, rights told.
    fn record_header(&mut self, header: &RecordHeader) {
        let doc = self.doc();
        self.require(
            &doc,
            "header.ended_at",
            header.ended_at > header.started_at,
            "起止时间（结束时间应晚于开始时间）",
        );
        self.text(&doc, "header.place", &header.place, "地点");
        self.officers(&doc, "header.officers", &header.officers, 2);
        self.text(&doc, "header.recorder", &header.recorder, "记录人");
        self.require(
            "R4",
            "header.certificates_shown",
            header.certificates_shown,
            "出示执法证件的记载",
        );
        self.require(
            &doc,
            "header.rights_notified",
            header.rights_notified,
            "告知权利（含申请回避）的记载",
        );
    }

    /// A7: the party checked and signed, or a refusal is noted and a witness signed.
    fn signatures(&mut self, sig: &Signatures) {
        self.require(
            "A7",
            "signatures.officers_signed",
            sig.officers_signed,
            "执法人员签名",
        );
        let refused = sig
            .refusal_note
            .as_deref()
            .is_some_and(|n| !n.trim().is_empty());
        let witnessed = sig
            .witness
            .as_ref()
            .is_some_and(|w| !w.name.trim().is_empty());
        let ok = (sig.party_checked && sig.party_signed) || (refused && witnessed);
        self.require(
            "A7",
            "signatures",
            ok,
            "当事人核对签名，或拒绝签名的记载及见证人签名",
        );
        if let Some(w) = &sig.witness {
            self.witness("signatures.witness.identity", w);
        }
    }
}
