//! Required elements of documents (§10): one test per kind, named after the rule that requires
//! the element, proving that its absence blocks issuing.
#![allow(clippy::unwrap_used)]

use sanxiang_core::case::model::Penalty;
use sanxiang_core::instrument::sample::{sample, sample_date};
use sanxiang_core::instrument::*;

fn rules_of(content: &InstrumentContent) -> Vec<(String, Option<String>)> {
    check_required(content, sample_date())
        .into_iter()
        .inspect(|v| assert!(v.is_hard(), "required elements are HARD: {v}"))
        .map(|v| (v.rule, v.field))
        .collect()
}

fn assert_blocks(content: &InstrumentContent, rule: &str, field: &str) {
    let found = rules_of(content);
    assert!(
        found
            .iter()
            .any(|(r, f)| r == rule && f.as_deref() == Some(field)),
        "expected {rule} on {field}, got {found:?}"
    );
}

macro_rules! with {
    ($kind:ident, |$d:ident| $edit:expr) => {{
        let mut content = sample(InstrumentKind::$kind);
        if let InstrumentContent::$kind(ref mut $d) = content {
            $edit;
        } else {
            panic!("sample of the wrong kind");
        }
        content
    }};
}

#[test]
fn every_sample_is_complete_and_of_its_kind() {
    for kind in InstrumentKind::ALL {
        let content = sample(kind);
        assert_eq!(content.kind(), kind);
        assert_eq!(check_required(&content, sample_date()), vec![], "{kind:?}");
    }
}

#[test]
fn content_serialises_tagged_by_kind_and_round_trips() {
    for kind in InstrumentKind::ALL {
        let content = sample(kind);
        let json = serde_json::to_value(&content).unwrap();
        assert_eq!(json["kind"], kind.template_name());
        assert!(json["data"].is_object());
        let back: InstrumentContent = serde_json::from_value(json).unwrap();
        assert_eq!(back, content);
    }
}

#[test]
fn kinds_have_titles_template_names_and_number_words() {
    use InstrumentKind as K;
    assert_eq!(K::PenaltyDecision.label_zh(), "行政处罚决定书");
    assert_eq!(K::PenaltyDecision.number_word(), Some("罚"));
    assert_eq!(K::PenaltyPriorNotice.number_word(), Some("告"));
    assert_eq!(K::FilingApproval.number_word(), Some("立"));
    assert_eq!(K::SeizureDecision.number_word(), Some("强"));
    assert_eq!(K::HearingNotice.number_word(), Some("听"));
    for unnumbered in [
        K::InspectionRecord,
        K::InquiryRecord,
        K::HearingRecord,
        K::SeizureList,
        K::ServiceReceipt,
    ] {
        assert_eq!(unnumbered.number_word(), None, "{unnumbered:?}");
    }
    let names: std::collections::HashSet<_> = K::ALL.iter().map(|k| k.template_name()).collect();
    assert_eq!(names.len(), K::ALL.len());
    for kind in K::ALL {
        let json = serde_json::to_value(kind).unwrap();
        assert_eq!(json, kind.template_name());
    }
    assert_eq!(K::ClosingReport.doc_rule(), "DOC-CLOSING-REPORT");
}

#[test]
fn p9_decision_without_remedies_is_blocked_with_the_chinese_element_name() {
    let content = with!(PenaltyDecision, |d| d.remedies.review_organ.clear());
    let violations = check_required(&content, sample_date());
    let v = violations.iter().find(|v| v.rule == "P9").unwrap();
    assert_eq!(v.field.as_deref(), Some("remedies"));
    assert_eq!(v.message, "行政处罚决定书缺少：救济途径和期限");
}

#[test]
fn p9_decision_requires_address_evidence_basis_and_performance() {
    let content = with!(PenaltyDecision, |d| {
        d.party.address.clear();
        d.evidence.clear();
        d.basis.clear();
        d.performance_deadline = " ".into();
    });
    for field in ["party.address", "evidence", "basis", "performance"] {
        assert_blocks(&content, "P9", field);
    }
}

#[test]
fn p12_decision_with_a_shortened_review_period_is_blocked() {
    let content = with!(PenaltyDecision, |d| d.remedies.review_days = 15);
    assert_blocks(&content, "P12", "remedies");
}

/// P12 at its limits. 行政复议法 (2023) Art 20: review may be applied for within 60 days
/// ("法律规定的申请期限超过六十日的除外": a longer period is lawful); 行政诉讼法 (2017) Art 46:
/// a suit within six months. One day or one month short is refused; the period itself and a
/// longer one are printed.
#[test]
fn p12_review_60_days_and_litigation_6_months_are_the_floor() {
    let p12 = |content: &InstrumentContent| {
        check_required(content, sample_date())
            .iter()
            .any(|v| v.rule == "P12" && v.field.as_deref() == Some("remedies"))
    };
    for (days, months, refused) in [
        (59, 6, true),
        (60, 5, true),
        (60, 6, false),
        (90, 6, false),
        (60, 12, false),
    ] {
        let content = with!(PenaltyDecision, |d| {
            d.remedies.review_days = days;
            d.remedies.litigation_months = months;
        });
        assert_eq!(p12(&content), refused, "{days} days, {months} months");
    }
}

#[test]
fn p2_on_spot_decision_without_officer_or_place_is_blocked() {
    let content = with!(OnSpotPenaltyDecision, |d| {
        d.officers.clear();
        d.place.clear();
    });
    assert_blocks(&content, "P2", "officers");
    assert_blocks(&content, "P2", "place");
}

#[test]
fn p2_on_spot_fine_above_200_yuan_for_a_citizen_is_blocked() {
    let ok = with!(OnSpotPenaltyDecision, |d| d.penalties =
        vec![Penalty::Fine { fen: 20_000 }]);
    assert_eq!(check_required(&ok, sample_date()), vec![]);
    let over = with!(OnSpotPenaltyDecision, |d| d.penalties =
        vec![Penalty::Fine { fen: 20_001 }]);
    assert_blocks(&over, "P2", "penalties");
    let heavy = with!(OnSpotPenaltyDecision, |d| d.penalties =
        vec![Penalty::RevokeLicence]);
    assert_blocks(&heavy, "P2", "penalties");
}

#[test]
fn p2_on_spot_decision_needs_signature_or_noted_refusal() {
    let content = with!(OnSpotPenaltyDecision, |d| d.party_signed = false);
    assert_blocks(&content, "P2", "party_signed");
    let noted = with!(OnSpotPenaltyDecision, |d| {
        d.party_signed = false;
        d.refusal_note = Some("当事人拒绝签收".into());
    });
    assert_eq!(check_required(&noted, sample_date()), vec![]);
}

#[test]
fn p5_prior_notice_without_intended_penalty_or_rights_is_blocked() {
    let content = with!(PenaltyPriorNotice, |d| {
        d.penalties.clear();
        d.rights_told = false;
        d.reasons.clear();
    });
    for field in ["penalties", "rights_told", "reasons"] {
        assert_blocks(&content, "P5", field);
    }
}

#[test]
fn p6_prior_notice_offering_a_hearing_states_five_working_days() {
    let content = with!(PenaltyPriorNotice, |d| d.hearing_request_working_days =
        Some(3));
    assert_blocks(&content, "P6", "hearing_request_working_days");
    let no_hearing = with!(PenaltyPriorNotice, |d| {
        d.hearing_offered = false;
        d.hearing_request_working_days = None;
    });
    assert_eq!(check_required(&no_hearing, sample_date()), vec![]);
}

#[test]
fn p6_hearing_notice_without_host_or_closed_without_reason_is_blocked() {
    let content = with!(HearingNotice, |d| {
        d.host.clear();
        d.public = false;
    });
    assert_blocks(&content, "P6", "host");
    assert_blocks(&content, "P6", "not_public_reason");
}

#[test]
fn p6_hearing_record_host_may_not_be_an_investigator_nor_three_agents() {
    let content = with!(HearingRecord, |d| {
        d.host = d.investigators[0].name.clone();
        d.agents = vec!["甲".into(), "乙".into(), "丙".into()];
    });
    assert_blocks(&content, "P6", "host");
    assert_blocks(&content, "P6", "agents");
}

#[test]
fn a7_record_with_neither_party_signature_nor_refusal_and_witness_is_blocked() {
    let unsigned = with!(InspectionRecord, |d| d.signatures.party_signed = false);
    assert_blocks(&unsigned, "A7", "signatures");
    let refused_no_witness = with!(InquiryRecord, |d| {
        d.signatures.party_signed = false;
        d.signatures.refusal_note = Some("拒绝签名".into());
    });
    assert_blocks(&refused_no_witness, "A7", "signatures");
    let refused_witnessed = with!(InquiryRecord, |d| {
        d.signatures.party_signed = false;
        d.signatures.refusal_note = Some("拒绝签名".into());
        d.signatures.witness = Some(Witness {
            name: "社区工作人员周某".into(),
            identity: "雨湖区广场街道办事处".into(),
        });
    });
    assert_eq!(check_required(&refused_witnessed, sample_date()), vec![]);
    let hearing = with!(HearingRecord, |d| d.signatures.officers_signed = false);
    assert_blocks(&hearing, "A7", "signatures.officers_signed");
}

#[test]
fn doc_inspection_record_needs_time_span_place_and_two_certified_officers() {
    let content = with!(InspectionRecord, |d| {
        d.header.ended_at = d.header.started_at;
        d.header.place.clear();
        d.header.officers.truncate(1);
        d.header.rights_notified = false;
    });
    for field in [
        "header.ended_at",
        "header.place",
        "header.officers",
        "header.rights_notified",
    ] {
        assert_blocks(&content, "DOC-INSPECTION-RECORD", field);
    }
}

#[test]
fn r4_record_without_certificates_shown_is_blocked() {
    let content = with!(InquiryRecord, |d| d.header.certificates_shown = false);
    assert_blocks(&content, "R4", "header.certificates_shown");
}

#[test]
fn doc_inquiry_record_without_questions_is_blocked() {
    let content = with!(InquiryRecord, |d| d.questions.clear());
    assert_blocks(&content, "DOC-INQUIRY-RECORD", "questions");
}

#[test]
fn a8_unmasked_id_number_in_a_document_is_blocked() {
    let content = with!(OnSpotPenaltyDecision, |d| d.party.id_display =
        "11010519491231002X".into());
    assert_blocks(&content, "A8", "party.id_display");
    let witness = with!(InquiryRecord, |d| d.interviewee.identity =
        "11010519491231002X".into());
    assert_blocks(&witness, "A8", "interviewee.identity");
}

#[test]
fn p3_filing_approval_with_one_officer_is_blocked() {
    let content = with!(FilingApproval, |d| d.officers.truncate(1));
    assert_blocks(&content, "P3", "officers");
}

#[test]
fn doc_filing_approval_without_head_approval_date_is_blocked() {
    let content = with!(FilingApproval, |d| {
        d.head_approval.signed_on = None;
        d.cause.clear();
    });
    assert_blocks(&content, "DOC-FILING-APPROVAL", "head_approval");
    assert_blocks(&content, "DOC-FILING-APPROVAL", "cause");
}

#[test]
fn p4_preservation_without_head_approval_or_beyond_seven_working_days_is_blocked() {
    let content = with!(EvidencePreservationNotice, |d| {
        d.approved_by.clear();
        d.decide_within_working_days = 10;
        d.items.clear();
    });
    for field in ["approved_by", "decide_within_working_days", "items"] {
        assert_blocks(&content, "P4", field);
    }
}

#[test]
fn p7_collective_discussion_without_conclusion_or_quorum_is_blocked() {
    let content = with!(CollectiveDiscussion, |d| {
        d.conclusion.clear();
        d.participants.truncate(1);
        d.participants_signed = false;
    });
    for field in ["conclusion", "participants", "participants_signed"] {
        assert_blocks(&content, "P7", field);
    }
}

#[test]
fn p13_seizure_decision_beyond_thirty_days_or_without_items_is_blocked() {
    let content = with!(SeizureDecision, |d| {
        d.term_days = 31;
        d.items.clear();
        d.reasons.clear();
    });
    for field in ["term_days", "items", "reasons"] {
        assert_blocks(&content, "P13", field);
    }
}

#[test]
fn p13_seizure_list_without_quantities_or_decision_number_is_blocked() {
    let content = with!(SeizureList, |d| {
        d.items[0].quantity.clear();
        d.decision_number.clear();
    });
    assert_blocks(&content, "P13", "items");
    assert_blocks(&content, "P13", "decision_number");
}

#[test]
fn p10_service_receipt_needs_date_and_signature_or_refusal_with_witness_or_video() {
    let unsigned = with!(ServiceReceipt, |d| {
        d.recipient_signed = false;
        d.received_on = None;
    });
    assert_blocks(&unsigned, "P10", "recipient_signed");
    assert_blocks(&unsigned, "P10", "received_on");
    let left_bare = with!(ServiceReceipt, |d| {
        d.method = DeliveryMethod::Left;
        d.recipient_signed = false;
    });
    assert_blocks(&left_bare, "P10", "refusal_reason");
    assert_blocks(&left_bare, "P10", "witness");
    let left_recorded = with!(ServiceReceipt, |d| {
        d.method = DeliveryMethod::Left;
        d.recipient_signed = false;
        d.refusal_reason = Some("拒绝签收".into());
        d.av_record = Some("执法记录仪视频 AV-2026-0012".into());
    });
    assert_eq!(check_required(&left_recorded, sample_date()), vec![]);
}

#[test]
fn doc_closing_report_without_execution_is_blocked() {
    let content = with!(ClosingReport, |d| d.execution.clear());
    assert_blocks(&content, "DOC-CLOSING-REPORT", "execution");
}

#[test]
fn every_missing_element_is_reported_not_only_the_first() {
    let content = with!(PenaltyDecision, |d| {
        d.facts.clear();
        d.organ.clear();
    });
    let found = rules_of(&content);
    assert_eq!(found.len(), 2, "{found:?}");
}

/// P13 (行政强制法 Art 24(2)): the 查封扣押决定书 lists party, reasons, basis and term, the
/// items, remedies, organ, seal and date; a storage place is not among them (a 查封 on site has
/// none), so its absence does not block issuing.
#[test]
fn p13_seizure_decision_needs_no_storage_place() {
    let content = with!(SeizureDecision, |d| d.storage_place = String::new());
    assert_eq!(rules_of(&content), vec![]);
    let content = with!(SeizureDecision, |d| d.term_days = 31);
    assert_blocks(&content, "P13", "term_days");
}
