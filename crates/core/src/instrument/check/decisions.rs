//! Required elements of the documents issued to the party: notices and decisions.

use super::Checker;
use crate::case::context::SimpleLimits;
use crate::case::model::Penalty;
use crate::case::payload::{Remedies, review_first_for_penalty};
use crate::instrument::content::{
    EvidencePreservationNotice, HearingNotice, OnSpotPenaltyDecision, PenaltyDecisionDoc,
    PenaltyPriorNotice, SeizureDecision,
};
use crate::instrument::parts::{LegalBasis, PartyKind};

/// S2 Art 56: the handling decision on preserved evidence is due within 7 working days.
const PRESERVATION_WORKING_DAYS: u32 = 7;
/// S2 Art 64: a hearing is requested within 5 working days of the notice.
pub const HEARING_REQUEST_WORKING_DAYS: u32 = 5;
/// S3 Art 25: a seizure lasts at most 30 days (an extension is a separate written notice).
const SEIZURE_MAX_DAYS: u32 = 30;

fn bases_ok(bases: &[LegalBasis]) -> bool {
    !bases.is_empty()
        && bases
            .iter()
            .all(|b| !b.law.trim().is_empty() && !b.article.trim().is_empty())
}

fn penalties_ok(penalties: &[Penalty]) -> bool {
    !penalties.is_empty() && penalties.iter().all(|p| p.magnitude() >= 0)
}

impl Checker {
    /// P12: 复议 within 60 days to a named organ; 诉讼 within 6 months at a named court, unless
    /// the law puts 复议 first (`review_first`, 复议法 2023 Art 23), which the document must
    /// then say and which no other document may claim.
    fn remedies(&mut self, rule: &str, remedies: &Remedies, review_first: bool) {
        let named = !remedies.review_organ.trim().is_empty()
            && (remedies.review_first || !remedies.court.trim().is_empty());
        self.require(rule, "remedies", named, "救济途径和期限");
        let short =
            remedies.review_days < 60 || (!remedies.review_first && remedies.litigation_months < 6);
        if short {
            let message = format!(
                "{}的救济期限短于法定期限：行政复议不少于六十日，行政诉讼不少于六个月",
                self.kind.label_zh()
            );
            self.invalid("P12", "remedies", message);
        }
        if review_first && !remedies.review_first {
            let message = format!(
                "{}应当告知当事人先向行政复议机关申请行政复议，对复议决定不服的再提起行政诉讼（《行政复议法》第二十三条）",
                self.kind.label_zh()
            );
            self.invalid("P12", "remedies.review_first", message);
        }
        if !review_first && remedies.review_first {
            let message = format!(
                "{}不属于复议前置情形，不得告知当事人须先申请行政复议（《行政复议法》第二十三条）",
                self.kind.label_zh()
            );
            self.invalid("P12", "remedies.review_first", message);
        }
    }
}

/// P4 (S2 Art 56): the head's approval, the items, and the 7-working-day handling period.
pub(super) fn preservation_notice(c: &mut Checker, d: &EvidencePreservationNotice) {
    let doc = c.doc();
    c.party(&doc, &d.party, false);
    c.text(
        &doc,
        "suspected_violation",
        &d.suspected_violation,
        "涉嫌违法行为",
    );
    c.require(&doc, "basis", bases_ok(&d.basis), "法律依据");
    c.text("P4", "approved_by", &d.approved_by, "行政机关负责人批准");
    let items_ok = !d.items.is_empty() && d.items.iter().all(|i| !i.name.trim().is_empty());
    c.require("P4", "items", items_ok, "先行登记保存的证据物品");
    c.text(&doc, "storage_place", &d.storage_place, "保存地点");
    c.text(&doc, "storage_manner", &d.storage_manner, "保存方式");
    if d.decide_within_working_days == 0 || d.decide_within_working_days > PRESERVATION_WORKING_DAYS
    {
        c.invalid(
            "P4",
            "decide_within_working_days",
            "先行登记保存证据通知书：处理决定期限应为七个工作日以内".to_owned(),
        );
    }
    c.officers(&doc, "officers", &d.officers, 2);
}

/// P5 (S2 Art 44): intended penalty, facts, reasons, basis, the rights; P6: the 5 working days.
pub(super) fn prior_notice(c: &mut Checker, d: &PenaltyPriorNotice) {
    c.party("P5", &d.party, false);
    c.text("P5", "facts", &d.facts, "违法事实");
    c.text("P5", "reasons", &d.reasons, "理由");
    c.require("P5", "basis", bases_ok(&d.basis), "处罚依据");
    c.require(
        "P5",
        "penalties",
        penalties_ok(&d.penalties),
        "拟作出的行政处罚",
    );
    c.require("P5", "rights_told", d.rights_told, "陈述、申辩的权利");
    if d.hearing_offered {
        c.require(
            "P6",
            "hearing_request_working_days",
            d.hearing_request_working_days == Some(HEARING_REQUEST_WORKING_DAYS),
            "要求听证的权利及五个工作日的申请期限",
        );
    }
    c.text("P5", "organ", &d.organ, "行政机关名称");
}

/// P6 (S2 Art 64): time, place, host; a closed hearing says why.
pub(super) fn hearing_notice(c: &mut Checker, d: &HearingNotice) {
    c.party("P6", &d.party, false);
    c.text("P6", "cause", &d.cause, "案由");
    c.text("P6", "place", &d.place, "听证地点");
    c.text("P6", "host", &d.host, "听证主持人");
    if !d.public {
        let reason = d
            .not_public_reason
            .as_deref()
            .is_some_and(|r| !r.trim().is_empty());
        c.require("P6", "not_public_reason", reason, "不公开听证的理由");
    }
    c.text("P6", "organ", &d.organ, "行政机关名称");
}

/// P9 (S2 Art 59); remedies P12. The date is the document's date, always present.
pub(super) fn penalty_decision(c: &mut Checker, d: &PenaltyDecisionDoc) {
    c.party("P9", &d.party, true);
    c.text("P9", "facts", &d.facts, "违法事实");
    c.require("P9", "evidence", !d.evidence.is_empty(), "证据");
    c.require(
        "P9",
        "penalties",
        penalties_ok(&d.penalties),
        "行政处罚的种类",
    );
    c.require("P9", "basis", bases_ok(&d.basis), "行政处罚的依据");
    let performance =
        !d.performance_manner.trim().is_empty() && !d.performance_deadline.trim().is_empty();
    c.require("P9", "performance", performance, "履行方式和期限");
    c.remedies("P9", &d.remedies, false);
    c.text("P9", "organ", &d.organ, "作出决定的行政机关名称");
}

/// P2 (S2 Arts 51–52): violation, type and basis, amount, time, place, remedies, organ,
/// officer; a warning or a fine within the simplified-procedure limit.
pub(super) fn on_spot_decision(c: &mut Checker, d: &OnSpotPenaltyDecision) {
    c.party("P2", &d.party, false);
    c.text("P2", "violation", &d.violation, "违法行为");
    c.text("P2", "place", &d.place, "违法行为发生地点");
    c.require("P2", "basis", bases_ok(&d.basis), "行政处罚依据");
    c.require(
        "P2",
        "penalties",
        penalties_ok(&d.penalties),
        "处罚种类和罚款数额",
    );
    let simple_only = d
        .penalties
        .iter()
        .all(|p| matches!(p, Penalty::Warning | Penalty::Fine { .. }));
    let fined: i64 = d
        .penalties
        .iter()
        .map(|p| match p {
            Penalty::Fine { fen } => *fen,
            _ => 0,
        })
        .sum();
    let limit = match d.party.kind {
        PartyKind::Person => SimpleLimits::STATUTE_PERSON_FEN,
        PartyKind::Organisation => SimpleLimits::STATUTE_ORGANISATION_FEN,
    };
    if !simple_only || fined > limit {
        c.invalid(
            "P2",
            "penalties",
            "当场行政处罚仅限警告或者对公民二百元以下、对法人或者其他组织三千元以下罚款".to_owned(),
        );
    }
    c.text(
        "P2",
        "performance_manner",
        &d.performance_manner,
        "罚款缴纳方式",
    );
    // 复议法 2023 Art 23(1)(一): on-the-spot decisions from 2024-01-01 go to 复议 first.
    let review_first = review_first_for_penalty(true, c.issued_on);
    c.remedies("P2", &d.remedies, review_first);
    c.text("P2", "organ", &d.organ, "行政机关名称");
    c.officers("P2", "officers", &d.officers, 1);
    let refused = d
        .refusal_note
        .as_deref()
        .is_some_and(|n| !n.trim().is_empty());
    c.require(
        "P2",
        "party_signed",
        d.party_signed || refused,
        "当事人签收或拒绝签收的记载",
    );
}

/// P13 (S3 Art 24(2)): party; reasons, basis and term; items; remedies; organ, seal, date.
pub(super) fn seizure_decision(c: &mut Checker, d: &SeizureDecision) {
    c.party("P13", &d.party, true);
    c.text("P13", "reasons", &d.reasons, "查封、扣押的理由");
    c.require("P13", "basis", bases_ok(&d.basis), "查封、扣押的依据");
    if d.term_days == 0 || d.term_days > SEIZURE_MAX_DAYS {
        c.invalid(
            "P13",
            "term_days",
            "查封扣押决定书：查封、扣押期限应为三十日以内".to_owned(),
        );
    }
    let items_ok = !d.items.is_empty()
        && d.items
            .iter()
            .all(|i| !i.name.trim().is_empty() && !i.quantity.trim().is_empty());
    c.require(
        "P13",
        "items",
        items_ok,
        "查封、扣押场所、设施或者财物的名称、数量",
    );
    // Art 24(2) lists no storage place: printed when given, never required.
    c.remedies("P13", &d.remedies, false);
    c.text("P13", "organ", &d.organ, "行政机关名称");
}
