//! R2–R5, A3, A7: who acts and how the act is recorded.
#![allow(clippy::unwrap_used)]

mod case_support;

use case_support::*;
use sanxiang_core::case::payload::{Transcript, TranscriptKind};
use sanxiang_core::case::*;
use sanxiang_core::rule::Severity;

fn filed() -> Case {
    let mut case = Case::new(ProcedureKind::PenaltyOrdinary);
    case.ok(at(2024, 3, 6), ab(), filing(person()));
    case
}

#[test]
fn r2_certificate_must_be_effective_and_cover_category_and_area() {
    let mut case = filed();
    let err = case
        .try_at(
            at(2024, 3, 7),
            vec![a(), dd(), e(), cert("湘Z9999")],
            transcript(
                TranscriptKind::Inquiry,
                vec![a(), dd(), e(), cert("湘Z9999")],
            ),
        )
        .unwrap_err();
    let r2: Vec<_> = err.iter().filter(|v| v.rule == "R2").collect();
    assert_eq!(r2.len(), 3, "{err:#?}");
    // Each message names whose certificate it is.
    assert!(r2.iter().any(|v| v.message.contains("赵六")
        && v.message.contains("湘A0004")
        && v.message.contains("暂扣")));
    assert!(
        r2.iter()
            .any(|v| v.message.contains("钱七") && v.message.contains(CATEGORY))
    );
    assert!(r2.iter().any(|v| v.message.contains("湘Z9999")));

    let mut cx = ctx(at(2024, 3, 7));
    cx.matter_area = "430103".into();
    let err = case
        .try_with(&cx, ab(), transcript(TranscriptKind::Inquiry, ab()))
        .unwrap_err();
    // Neither officer is certified for the area, so R3 fails too.
    assert_eq!(rules(&err), vec!["R2", "R2", "R3"]);
    assert!(err[0].message.contains("张三") && err[0].message.contains("430103"));
}

#[test]
fn r3_two_certified_officers_required() {
    let mut case = filed();
    let err = case
        .try_at(
            at(2024, 3, 7),
            vec![a()],
            transcript(TranscriptKind::Inspection, vec![a()]),
        )
        .unwrap_err();
    assert_eq!(rules(&err), vec!["R3"]);
    assert!(err[0].message.contains("执法人员不得少于两人"));

    // The same officer twice is one officer; a suspended certificate does not count.
    let err = case
        .try_at(
            at(2024, 3, 7),
            vec![a(), a()],
            transcript(TranscriptKind::Inspection, vec![a()]),
        )
        .unwrap_err();
    assert!(has(&err, "R3"));
    let err = case
        .try_at(
            at(2024, 3, 7),
            vec![a(), dd()],
            transcript(TranscriptKind::Inspection, vec![a(), dd()]),
        )
        .unwrap_err();
    assert!(has(&err, "R3") && has(&err, "R2"));

    // Personal service is on site too.
    let err = case
        .try_at(
            at(2024, 3, 7),
            vec![a()],
            personal_service(1, d(2024, 3, 7)),
        )
        .unwrap_err();
    assert!(has(&err, "R3"));

    // A configured statutory exception allows one officer.
    let mut cx = ctx(at(2024, 3, 7));
    cx.config
        .single_officer_exceptions
        .push((ActKind::Transcript, "某法第X条".into()));
    assert!(
        case.try_with(
            &cx,
            vec![a()],
            transcript(TranscriptKind::Inspection, vec![a()])
        )
        .is_ok()
    );

    assert!(
        case.try_at(
            at(2024, 3, 8),
            ab(),
            transcript(TranscriptKind::Inspection, ab())
        )
        .is_ok()
    );
}

#[test]
fn r4_transcript_lists_the_certificates_shown() {
    let mut case = filed();
    let err = case
        .try_at(
            at(2024, 3, 7),
            ab(),
            transcript(TranscriptKind::Inquiry, vec![a()]),
        )
        .unwrap_err();
    assert_eq!(rules(&err), vec!["R4"]);
    assert!(err[0].message.contains("湘A0002"));
    let err = case
        .try_at(
            at(2024, 3, 7),
            ab(),
            transcript(TranscriptKind::Inquiry, vec![]),
        )
        .unwrap_err();
    assert!(rules(&err).iter().all(|r| *r == "R4") && err.len() == 3);
}

#[test]
fn r5_recused_officer_is_excluded_from_later_acts() {
    let mut case = filed();
    let cmd = transcript(TranscriptKind::Inquiry, vec![a(), b(), c()]);
    assert!(
        case.try_at(at(2024, 3, 7), vec![a(), b(), c()], cmd.clone())
            .is_ok()
    );
    case.ok(
        at(2024, 3, 8),
        vec![a()],
        ActPayload::Recusal {
            officer: b(),
            reason: "与当事人有亲属关系".into(),
            decided_by: "局长".into(),
        },
    );
    let err = case
        .try_at(at(2024, 3, 9), vec![a(), b(), c()], cmd)
        .unwrap_err();
    assert_eq!(rules(&err), vec!["R5"]);
    assert!(err[0].message.contains("湘A0002"));
}

#[test]
fn a3_seizure_requires_an_av_record_and_contentious_steps_warn() {
    use sanxiang_core::case::payload::{Art18Checklist, CoercionKind, CoercionMeasure, Item};
    let mut case = Case::new(ProcedureKind::Coercion);
    case.ok(at(2024, 3, 6), ab(), filing(org()));
    case.ok(
        at(2024, 3, 6),
        vec![a()],
        ActPayload::CoercionApproval {
            approved_by: "局长".into(),
        },
    );
    let seize = ActPayload::CoercionMeasure(CoercionMeasure {
        measure: CoercionKind::Seizure,
        emergency: false,
        items: vec![Item {
            name: "过期奶粉".into(),
            quantity: "20箱".into(),
        }],
        term_days: 30,
        checklist: full_checklist(),
        reasons: "涉嫌违法".into(),
        basis: "《食品安全法》第一百一十条".into(),
    });
    let mut cx = ctx(at(2024, 3, 7));
    cx.av_attached = false;
    let err = case.try_with(&cx, ab(), seize.clone()).unwrap_err();
    assert_eq!(rules(&err), vec!["A3"]);
    cx.av_attached = true;
    assert!(case.try_with(&cx, ab(), seize).is_ok());

    // By circumstance: an on-site inspection without a recording is allowed with a warning.
    let mut case = filed();
    let mut cx = ctx(at(2024, 3, 7));
    cx.av_attached = false;
    cx.av_requirement = AvRequirement::ByCircumstance;
    let ok = case
        .try_with(&cx, ab(), transcript(TranscriptKind::Inspection, ab()))
        .unwrap();
    assert_eq!(ok.warnings.len(), 1);
    assert_eq!(ok.warnings[0].severity, Severity::Warn);
    assert_eq!(ok.warnings[0].rule, "A3");
    // Full process: blocked.
    cx.av_requirement = AvRequirement::FullProcess;
    assert!(has(
        &case
            .try_with(&cx, ab(), transcript(TranscriptKind::Inspection, ab()))
            .unwrap_err(),
        "A3"
    ));

    fn full_checklist() -> Art18Checklist {
        Art18Checklist {
            certificate_shown: true,
            party_notified: true,
            reasons_basis_rights_told: true,
            party_heard: true,
            onsite_record_made: true,
            signed_or_refusal_noted: true,
            party_present: true,
            witness_signed: false,
            other_legal_steps: true,
        }
    }
}

#[test]
fn a7_transcript_is_final_only_with_signatures_or_refusal_and_witness() {
    let mut case = filed();
    let unsigned = Transcript {
        kind: TranscriptKind::Inquiry,
        certificates_shown: ab(),
        rights_notified: true,
        content: "询问内容".into(),
        officers_signed: true,
        party_signed: false,
        refusal_note: None,
        witness: None,
    };
    let err = case
        .try_at(
            at(2024, 3, 7),
            ab(),
            ActPayload::Transcript(unsigned.clone()),
        )
        .unwrap_err();
    assert_eq!(rules(&err), vec!["A7"]);
    // A refusal note alone is not enough; with a witness it is.
    let refused = Transcript {
        refusal_note: Some("当事人拒绝签名".into()),
        ..unsigned.clone()
    };
    assert!(
        case.try_at(
            at(2024, 3, 7),
            ab(),
            ActPayload::Transcript(refused.clone())
        )
        .is_err()
    );
    let witnessed = Transcript {
        witness: Some("社区干部刘某".into()),
        ..refused
    };
    assert!(
        case.try_at(at(2024, 3, 7), ab(), ActPayload::Transcript(witnessed))
            .is_ok()
    );
    // Officers must sign too.
    let no_officers = Transcript {
        officers_signed: false,
        party_signed: true,
        ..unsigned
    };
    assert!(has(
        &case
            .try_at(at(2024, 3, 8), ab(), ActPayload::Transcript(no_officers))
            .unwrap_err(),
        "A7"
    ));
}

fn attested(
    recorder: Vec<sanxiang_core::registry::CertificateNo>,
    confirmed: Vec<sanxiang_core::registry::CertificateNo>,
) -> ActContext {
    let mut cx = ctx(at(2024, 3, 7));
    cx.attestation = Some(Attestation {
        recorder,
        confirmed,
    });
    cx
}

#[test]
fn case2_the_signed_in_officer_must_be_one_of_the_acts_officers() {
    let mut case = filed();
    // Officer 王五 names 张三 and 李四, neither of them himself.
    let err = case
        .try_with(
            &attested(vec![c()], vec![a(), b()]),
            ab(),
            transcript(TranscriptKind::Inquiry, ab()),
        )
        .unwrap_err();
    assert_eq!(rules(&err), vec!["CASE-2"]);
    assert!(err[0].message.contains(c().as_str()), "{err:#?}");
    // An account linked to no officer records no act.
    let err = case
        .try_with(
            &attested(vec![], vec![]),
            ab(),
            transcript(TranscriptKind::Inquiry, ab()),
        )
        .unwrap_err();
    assert!(has(&err, "CASE-2"));
    // 张三 records, 李四 confirmed: accepted.
    case.try_with(
        &attested(vec![a()], vec![b()]),
        ab(),
        transcript(TranscriptKind::Inquiry, ab()),
    )
    .unwrap();
}

#[test]
fn r3_case2_a_second_officer_counts_only_once_they_confirmed_themselves() {
    let mut case = filed();
    // 张三 records an inspection naming 李四, who did not confirm: one officer only.
    let err = case
        .try_with(
            &attested(vec![a()], vec![]),
            ab(),
            transcript(TranscriptKind::Inspection, ab()),
        )
        .unwrap_err();
    assert_eq!(rules(&err), vec!["R3"]);
    assert!(
        err[0].message.contains("李四") && err[0].message.contains("尚未本人确认"),
        "{err:#?}"
    );
    // A confirmation by someone not named does not help either.
    let err = case
        .try_with(
            &attested(vec![a()], vec![c()]),
            ab(),
            transcript(TranscriptKind::Inspection, ab()),
        )
        .unwrap_err();
    assert_eq!(rules(&err), vec!["R3"]);
    // A step not on site needs no second confirmation (R3 does not apply to it).
    let mut other = filed();
    other
        .try_with(
            &attested(vec![a()], vec![]),
            ab(),
            notice(vec![fine(1000)], false),
        )
        .unwrap();
    // 李四 confirmed: the inspection stands.
    case.try_with(
        &attested(vec![a()], vec![b()]),
        ab(),
        transcript(TranscriptKind::Inspection, ab()),
    )
    .unwrap();
}

/// R2 (REG-2 history): the status at a time is the last change made at or before it; before
/// the first change, the status it changed from; with no history, the current one.
#[test]
fn r2_status_at_a_time_comes_from_the_certificates_history() {
    use sanxiang_core::registry::{CertificateStatus as S, StatusEvent, status_at};
    let t = |h: u32| at(2026, 11, 23).date().and_hms_opt(h, 0, 0).unwrap();
    let history = [
        StatusEvent {
            at: t(8),
            from: None,
            to: S::Active,
        },
        StatusEvent {
            at: t(10),
            from: Some(S::Active),
            to: S::Suspended,
        },
        StatusEvent {
            at: t(12),
            from: Some(S::Suspended),
            to: S::Active,
        },
    ];
    assert_eq!(status_at(&history, S::Active, t(7)), S::Active);
    assert_eq!(status_at(&history, S::Active, t(9)), S::Active);
    assert_eq!(status_at(&history, S::Active, t(10)), S::Suspended);
    assert_eq!(status_at(&history, S::Active, t(11)), S::Suspended);
    assert_eq!(status_at(&history, S::Active, t(12)), S::Active);
    // Imported with no issue event: before its first change, what it changed from.
    assert_eq!(status_at(&history[1..], S::Active, t(9)), S::Active);
    assert_eq!(status_at(&[], S::Revoked, t(9)), S::Revoked);
}

fn entrusted(entrustments: Vec<EntrustmentTerm>) -> ActingBody {
    ActingBody {
        nature: Some(sanxiang_core::registry::AgencyNature::Entrusted),
        entrustments,
    }
}

fn term(from: (i32, u32, u32), until: (i32, u32, u32), scope: &str) -> EntrustmentTerm {
    EntrustmentTerm {
        valid_from: d(from.0, from.1, from.2),
        valid_until: d(until.0, until.1, until.2),
        scope: scope.into(),
    }
}

/// R1 (处罚法 Art 20): an entrusted body acts only within an entrustment in force on the act
/// date whose stated matters include the case's category; (行政强制法 Art 17) never a coercive
/// measure. An organ acts on its own powers.
#[test]
fn r1_an_entrusted_body_acts_only_within_its_entrustments_term_and_matters() {
    let file = |body: ActingBody, kind: ProcedureKind| {
        let mut cx = ctx(at(2024, 9, 2));
        cx.acting_body = body;
        Case::new(kind).try_with(&cx, ab(), filing(person()))
    };
    let category = ctx(at(2024, 9, 2)).matter_category;
    let ok = term(
        (2024, 1, 1),
        (2024, 12, 31),
        &format!("{category}领域的部分行政处罚权"),
    );
    assert!(file(entrusted(vec![ok.clone()]), ProcedureKind::PenaltyOrdinary).is_ok());
    // Expired, or not yet in force.
    let old = term((2022, 1, 1), (2023, 12, 31), &category);
    let err = file(entrusted(vec![old]), ProcedureKind::PenaltyOrdinary).unwrap_err();
    assert!(
        err.iter()
            .any(|v| v.rule == "R1" && v.message.contains("没有有效的委托"))
    );
    // Another matter.
    let other = term((2024, 1, 1), (2024, 12, 31), "文化市场");
    let err = file(entrusted(vec![other]), ProcedureKind::PenaltyOrdinary).unwrap_err();
    assert!(
        err.iter()
            .any(|v| v.rule == "R1" && v.message.contains("委托事项"))
    );
    // Coercive measures cannot be entrusted at all.
    let err = file(entrusted(vec![ok]), ProcedureKind::Coercion).unwrap_err();
    assert!(
        err.iter()
            .any(|v| v.rule == "R1" && v.message.contains("第十七条"))
    );
    // An organ needs no entrustment.
    let organ = ActingBody {
        nature: Some(sanxiang_core::registry::AgencyNature::Organ),
        entrustments: Vec::new(),
    };
    assert!(file(organ, ProcedureKind::Coercion).is_ok());
}
