//! Whole-procedure walk-throughs, P13 and P14, replay determinism and corrections.
#![allow(clippy::unwrap_used)]

mod case_support;

use case_support::*;
use sanxiang_core::case::coercion::term_key;
use sanxiang_core::case::payload::{
    Art18Checklist, CoercionKind, CoercionMeasure, HearingHeld, HearingNotice, Item, Payment,
    TranscriptKind,
};
use sanxiang_core::case::*;

/// Replaying the acts, also after a JSON round trip, gives the same state.
fn assert_replay_deterministic(case: &Case) {
    let json = serde_json::to_string(&case.acts).unwrap();
    let back: Vec<Act> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, case.acts);
    assert_eq!(CaseState::replay(case.kind, &back), case.state());
    // Applying the acts one by one gives the same state as replay.
    let mut s = CaseState::new(case.kind);
    for act in &case.acts {
        s.apply_act(act);
    }
    assert_eq!(s, case.state());
}

#[test]
fn simple_procedure_from_decision_to_archive() {
    let mut case = Case::new(ProcedureKind::PenaltySimple);
    let dec = case.ok(
        at(2024, 5, 6),
        ab(),
        decision(person(), vec![fine(50)], d(2024, 5, 6), true),
    );
    case.ok(at(2024, 5, 6), ab(), personal_service(dec, d(2024, 5, 6)));
    case.ok(
        at(2024, 5, 6),
        ab(),
        ActPayload::Payment(Payment {
            amount_fen: 5_000,
            paid_on: d(2024, 5, 6),
            on_the_spot: Some(payload_ground()),
            receipt_no: Some("No.0001".into()),
        }),
    );
    case.ok(
        at(2024, 5, 6),
        vec![a()],
        ActPayload::Close {
            summary: "结案".into(),
        },
    );
    case.ok(at(2024, 5, 7), vec![a()], ActPayload::Archive);
    let s = case.state();
    assert_eq!(s.stage, Stage::Archiving);
    assert!(s.closed && s.archived && s.open_deadlines.is_empty());
    assert_replay_deterministic(&case);

    fn payload_ground() -> payload::OnSpotGround {
        payload::OnSpotGround::SmallFine
    }
}

#[test]
fn ordinary_procedure_with_hearing_review_discussion_decision_service_payment() {
    let mut case = Case::new(ProcedureKind::PenaltyOrdinary);
    let ActPayload::Filing(mut f) = filing(org()) else {
        unreachable!()
    };
    f.complex_or_serious = true;
    case.ok(at(2024, 9, 2), ab(), ActPayload::Filing(f));
    case.ok(
        at(2024, 9, 3),
        ab(),
        transcript(TranscriptKind::Inspection, ab()),
    );
    case.ok(
        at(2024, 9, 4),
        ab(),
        transcript(TranscriptKind::Inquiry, ab()),
    );
    let penalties = vec![Penalty::Fine { fen: 8_000_000 }];
    let n = case.ok(at(2024, 9, 20), ab(), notice(penalties.clone(), true));
    case.ok(at(2024, 9, 23), ab(), personal_service(n, d(2024, 9, 23)));
    case.ok(at(2024, 9, 24), vec![a()], ActPayload::HearingRequest);
    case.ok(
        at(2024, 9, 24),
        vec![a()],
        ActPayload::Pause {
            reason: "听证".into(),
            measures: Vec::new(),
        },
    );
    let hn = case.ok(
        at(2024, 9, 25),
        vec![a()],
        ActPayload::HearingNotice(HearingNotice {
            hearing_on: d(2024, 10, 14),
            host: c(),
            public: true,
        }),
    );
    case.ok(at(2024, 9, 25), ab(), personal_service(hn, d(2024, 9, 25)));
    case.ok(
        at(2024, 10, 14),
        vec![c()],
        ActPayload::HearingHeld(HearingHeld {
            host: c(),
            party_appeared: true,
            absence_excused: false,
            record_signed: true,
            refusal_note: None,
            witness: None,
        }),
    );
    case.ok(at(2024, 10, 15), vec![a()], ActPayload::Resume);
    let dec = decision(org(), penalties, d(2024, 10, 18), false);
    // A hearing was held: the default gate wants a passed legal review; P7 a discussion.
    let err = case
        .try_at(at(2024, 10, 18), ab(), dec.clone())
        .unwrap_err();
    assert_eq!(rules(&err), vec!["P7", "L1"]);
    case.ok(
        at(2024, 10, 16),
        vec![],
        ActPayload::LegalReview {
            passed: true,
            reviewer: "法制科".into(),
            opinion: "同意".into(),
        },
    );
    case.ok(
        at(2024, 10, 17),
        vec![],
        ActPayload::Deliberation {
            participants: vec!["局长".into()],
            conclusion: "同意".into(),
        },
    );
    let seq = case.ok(at(2024, 10, 18), ab(), dec);
    case.ok(
        at(2024, 10, 21),
        ab(),
        personal_service(seq, d(2024, 10, 21)),
    );
    case.ok(
        at(2024, 11, 1),
        vec![a()],
        ActPayload::Payment(Payment {
            amount_fen: 8_000_000,
            paid_on: d(2024, 11, 1),
            on_the_spot: None,
            receipt_no: None,
        }),
    );
    case.ok(
        at(2024, 11, 2),
        vec![a()],
        ActPayload::Close {
            summary: "结案".into(),
        },
    );
    case.ok(at(2024, 11, 4), vec![a()], ActPayload::Archive);
    let s = case.state();
    assert!(s.hearing.held && s.deliberated && s.review_passed == Some(true));
    assert_eq!(
        s.decision.as_ref().unwrap().served_on,
        Some(d(2024, 10, 21))
    );
    assert!(s.archived);
    assert_replay_deterministic(&case);
}

fn checklist() -> Art18Checklist {
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

fn seizure(emergency: bool, term_days: u32, checklist: Art18Checklist) -> ActPayload {
    ActPayload::CoercionMeasure(CoercionMeasure {
        measure: CoercionKind::Seizure,
        emergency,
        items: vec![Item {
            name: "过期奶粉".into(),
            quantity: "20箱".into(),
        }],
        term_days,
        checklist,
        reasons: "涉嫌违法".into(),
        basis: "《食品安全法》第一百一十条".into(),
    })
}

#[test]
fn p13_seizure_needs_prior_approval_or_emergency_the_art18_steps_and_a_30_day_term() {
    let mut case = Case::new(ProcedureKind::Coercion);
    case.ok(at(2024, 3, 4), ab(), filing(org()));
    let err = case
        .try_at(at(2024, 3, 5), ab(), seizure(false, 30, checklist()))
        .unwrap_err();
    assert_eq!(rules(&err), vec!["P13"]);
    let err = case
        .try_at(at(2024, 3, 5), ab(), seizure(true, 31, checklist()))
        .unwrap_err();
    assert_eq!(rules(&err), vec!["P13"]);
    let absent = Art18Checklist {
        party_present: false,
        certificate_shown: false,
        ..checklist()
    };
    let err = case
        .try_at(at(2024, 3, 5), ab(), seizure(true, 30, absent))
        .unwrap_err();
    assert_eq!(rules(&err), vec!["P13", "P13"]);
    // Emergency: recorded, with a 24-hour report alarm; not approved → only release is allowed.
    let out = case
        .try_at(at(2024, 3, 5), ab(), seizure(true, 30, checklist()))
        .unwrap();
    let m = out.acts[0].seq;
    assert!(
        out.opens
            .iter()
            .any(|s| s.rule == "P13/24h" && s.due == d(2024, 3, 6))
    );
    case.ok(
        at(2024, 3, 6),
        vec![a()],
        ActPayload::EmergencyApproval {
            measure: m,
            approved: false,
            approved_by: "局长".into(),
        },
    );
    let err = case
        .try_at(
            at(2024, 3, 6),
            ab(),
            transcript(TranscriptKind::OnSite, ab()),
        )
        .unwrap_err();
    assert_eq!(rules(&err), vec!["P13"]);
    let release = |returned| ActPayload::CoercionRelease {
        measure: m,
        ground: "未获批准".into(),
        property_returned: returned,
    };
    assert!(has(
        &case
            .try_at(at(2024, 3, 6), ab(), release(false))
            .unwrap_err(),
        "P13"
    ));
    case.ok(at(2024, 3, 6), ab(), release(true));
}

/// A coercion case filed on 2024-03-04 with the head's prior approval of a measure.
fn approved_coercion_case() -> Case {
    let mut case = Case::new(ProcedureKind::Coercion);
    case.ok(at(2024, 3, 4), ab(), filing(org()));
    case.ok(
        at(2024, 3, 4),
        vec![a()],
        ActPayload::CoercionApproval {
            approved_by: "局长".into(),
        },
    );
    case
}

/// P13 (S3 Art 25): the days a seized thing is tested are not counted in the term; the pause
/// needs a stated reason and a measure still in force, and is not repeated.
#[test]
fn p13_testing_time_is_not_counted_in_the_seizure_term() {
    let mut case = approved_coercion_case();
    let pause = |reason: &str| ActPayload::Pause {
        reason: reason.into(),
        measures: vec![3],
    };
    // Nothing seized yet: nothing to pause.
    assert_eq!(
        rules(
            &case
                .try_at(at(2024, 3, 4), vec![a()], pause("检测"))
                .unwrap_err()
        ),
        vec!["P13"]
    );
    let m = case.ok(at(2024, 3, 5), ab(), seizure(false, 30, checklist()));
    assert_eq!(m, 3);
    let term = |case: &Case| case.state().deadline(&term_key(m)).unwrap().due;
    assert_eq!(term(&case), d(2024, 4, 4));
    assert_eq!(
        rules(
            &case
                .try_at(at(2024, 3, 10), vec![a()], pause(" "))
                .unwrap_err()
        ),
        vec!["P13"]
    );
    case.ok(
        at(2024, 3, 10),
        vec![a()],
        pause("送检：抽样检验，检验期间15日，已书面告知当事人"),
    );
    assert!(
        case.try_at(at(2024, 3, 11), vec![a()], pause("再次"))
            .is_err()
    );
    // Resumed after 15 days: the term ends 15 days later.
    case.ok(at(2024, 3, 25), vec![a()], ActPayload::Resume);
    assert_eq!(term(&case), d(2024, 4, 19));
    assert_eq!(case.state().measure(m).unwrap().paused_days, 15);
    // An extension counts from the moved end.
    case.ok(at(2024, 4, 15), vec![a()], extend(m, 10));
    assert_eq!(term(&case), d(2024, 4, 29));
    assert!(
        case.try_at(at(2024, 4, 16), vec![a()], ActPayload::Resume)
            .is_err(),
        "not paused"
    );
    assert_replay_deterministic(&case);
}

#[test]
fn coercion_walkthrough_with_approval_extension_and_release() {
    let mut case = approved_coercion_case();
    let m = case.ok(at(2024, 3, 5), ab(), seizure(false, 30, checklist()));
    case.ok(at(2024, 3, 5), ab(), personal_service(m, d(2024, 3, 5)));
    assert_eq!(
        case.state().deadline(&term_key(m)).unwrap().due,
        d(2024, 4, 4)
    );
    let ext = |days| extend(m, days);
    assert_eq!(
        rules(&case.try_at(at(2024, 4, 1), vec![a()], ext(31)).unwrap_err()),
        vec!["P13"]
    );
    case.ok(at(2024, 4, 1), vec![a()], ext(20));
    assert_eq!(
        case.state().deadline(&term_key(m)).unwrap().due,
        d(2024, 4, 24)
    );
    // The total extension is at most 30 days.
    assert!(case.try_at(at(2024, 4, 10), vec![a()], ext(11)).is_err());
    case.ok(at(2024, 4, 10), vec![a()], ext(10));
    assert_eq!(
        case.state().deadline(&term_key(m)).unwrap().due,
        d(2024, 5, 4)
    );
    let close = ActPayload::Close {
        summary: "结案".into(),
    };
    assert!(has(
        &case
            .try_at(at(2024, 4, 20), vec![a()], close.clone())
            .unwrap_err(),
        "P13"
    ));
    case.ok(
        at(2024, 4, 20),
        ab(),
        ActPayload::CoercionRelease {
            measure: m,
            ground: "已查清".into(),
            property_returned: true,
        },
    );
    assert!(case.state().deadline(&term_key(m)).is_none());
    case.ok(at(2024, 4, 20), vec![a()], close);
    case.ok(at(2024, 4, 22), vec![a()], ActPayload::Archive);
    assert_replay_deterministic(&case);
}

fn application(complete: bool) -> ActPayload {
    ActPayload::Application {
        applicant: org(),
        item: "食品经营许可".into(),
        materials_complete: complete,
    }
}

#[test]
fn p14_licensing_with_correction_extension_and_decision() {
    let mut case = Case::new(ProcedureKind::Licensing);
    let out = case
        .try_at(at(2024, 9, 27), vec![a()], application(false))
        .unwrap();
    assert_eq!(out.opens[0].due, d(2024, 10, 10)); // 5 working days across National Day
    case.ok(
        at(2024, 10, 10),
        vec![a()],
        ActPayload::CorrectionNotice {
            missing: vec!["营业执照".into()],
        },
    );
    case.ok(
        at(2024, 10, 21),
        vec![a()],
        ActPayload::Acceptance {
            receipt_sealed_and_dated: true,
        },
    );
    assert_eq!(case.state().deadline("P14").unwrap().due, d(2024, 11, 18));
    let ext = |days| ActPayload::LicensingExtension {
        days,
        approved_by: "局长".into(),
        reasons_told: true,
    };
    assert_eq!(
        rules(
            &case
                .try_at(at(2024, 11, 15), vec![a()], ext(11))
                .unwrap_err()
        ),
        vec!["P14"]
    );
    case.ok(at(2024, 11, 15), vec![a()], ext(10));
    assert_eq!(case.state().deadline("P14").unwrap().due, d(2024, 12, 2));
    assert!(case.try_at(at(2024, 11, 16), vec![a()], ext(5)).is_err());
    let dec = case.ok(
        at(2024, 11, 20),
        vec![a()],
        ActPayload::LicensingDecision {
            granted: true,
            reasons: String::new(),
        },
    );
    case.ok(
        at(2024, 11, 21),
        ab(),
        personal_service(dec, d(2024, 11, 21)),
    );
    case.ok(
        at(2024, 11, 22),
        vec![a()],
        ActPayload::Close {
            summary: "办结".into(),
        },
    );
    assert_replay_deterministic(&case);
}

#[test]
fn p14_time_for_testing_or_a_hearing_is_not_counted_in_the_decision_period() {
    let mut case = Case::new(ProcedureKind::Licensing);
    case.ok(at(2024, 10, 21), vec![a()], application(true));
    case.ok(
        at(2024, 10, 21),
        vec![a()],
        ActPayload::Acceptance {
            receipt_sealed_and_dated: true,
        },
    );
    assert_eq!(case.state().deadline("P14").unwrap().due, d(2024, 11, 18));
    // Nothing to resume before a pause, and a pause needs its reason.
    assert!(has(
        &case
            .try_at(at(2024, 10, 28), vec![a()], ActPayload::Resume)
            .unwrap_err(),
        "P14"
    ));
    assert!(has(
        &case
            .try_at(
                at(2024, 10, 28),
                vec![a()],
                ActPayload::Pause {
                    reason: " ".into(),
                    measures: Vec::new()
                }
            )
            .unwrap_err(),
        "P14"
    ));
    // Testing from Mon 28 Oct to Mon 4 Nov: five working days not counted.
    case.ok(
        at(2024, 10, 28),
        vec![a()],
        ActPayload::Pause {
            reason: "委托检验机构检验".into(),
            measures: Vec::new(),
        },
    );
    case.ok(at(2024, 11, 4), vec![a()], ActPayload::Resume);
    assert_eq!(case.state().deadline("P14").unwrap().due, d(2024, 11, 25));
    assert_replay_deterministic(&case);
}

#[test]
fn p14_no_correction_notice_in_five_working_days_is_deemed_accepted() {
    let mut case = Case::new(ProcedureKind::Licensing);
    case.ok(at(2024, 9, 27), vec![a()], application(false));
    // On the 6th working day the correction notice is refused and 视为受理 is recorded first.
    let notice = ActPayload::CorrectionNotice {
        missing: vec!["营业执照".into()],
    };
    let err = case
        .try_at(at(2024, 10, 11), vec![a()], notice)
        .unwrap_err();
    assert!(has(&err, "P14"));
    let out = case
        .try_at(
            at(2024, 10, 11),
            vec![a()],
            ActPayload::LicensingDecision {
                granted: true,
                reasons: String::new(),
            },
        )
        .unwrap();
    assert_eq!(out.acts.len(), 2);
    assert_eq!(out.acts[0].kind(), ActKind::DeemedAccepted);
    assert!(out.acts[0].officers.is_empty());
    assert_eq!((out.acts[0].seq, out.acts[1].seq), (2, 3));
    let s = case.state();
    assert!(s.licensing.deemed_accepted);
    assert_eq!(s.licensing.accepted_on, Some(d(2024, 9, 27)));
    assert_replay_deterministic(&case);
}

#[test]
fn inspection_walkthrough() {
    let mut case = Case::new(ProcedureKind::Inspection);
    assert!(
        case.try_at(
            at(2024, 6, 3),
            ab(),
            transcript(TranscriptKind::Inspection, ab())
        )
        .is_err()
    );
    case.ok(at(2024, 6, 3), ab(), filing(org()));
    case.ok(
        at(2024, 6, 3),
        ab(),
        transcript(TranscriptKind::Inspection, ab()),
    );
    case.ok(
        at(2024, 6, 3),
        vec![a()],
        ActPayload::InspectionResult {
            findings: "未发现问题".into(),
        },
    );
    case.ok(
        at(2024, 6, 4),
        vec![a()],
        ActPayload::Close {
            summary: "结案".into(),
        },
    );
    assert_replay_deterministic(&case);
}

#[test]
fn a_correction_is_a_new_act_that_takes_the_place_of_the_corrected_one() {
    let mut case = Case::new(ProcedureKind::PenaltyOrdinary);
    case.ok(at(2024, 9, 2), ab(), filing(person()));
    let n = case.ok(at(2024, 9, 20), ab(), notice(vec![fine(1000)], false));
    let mut cmd = Command::new(ab(), notice(vec![fine(800)], false));
    cmd.corrects = Some(n);
    let out = decide(&case.state(), &cmd, &ctx(at(2024, 9, 21))).unwrap();
    case.acts.extend(out.acts);
    assert_eq!(case.acts.len(), 3);
    assert_eq!(case.acts[1].payload.penalties().unwrap(), &[fine(1000)]); // untouched
    let s = case.state();
    assert_eq!(s.notice.as_ref().unwrap().penalties, vec![fine(800)]);
    assert_eq!(s.notice.as_ref().unwrap().seq, n);
    assert_eq!(s.next_seq, 4);
    // A correction must name an existing act of the same kind.
    let mut bad = Command::new(ab(), notice(vec![fine(800)], false));
    bad.corrects = Some(1);
    assert!(has(
        &decide(&s, &bad, &ctx(at(2024, 9, 21))).unwrap_err(),
        "CASE-2"
    ));
    bad.corrects = Some(99);
    assert!(has(
        &decide(&s, &bad, &ctx(at(2024, 9, 21))).unwrap_err(),
        "CASE-2"
    ));
}

#[test]
fn stored_certificate_numbers_are_validated_when_read_back() {
    let mut case = Case::new(ProcedureKind::Inspection);
    case.ok(at(2024, 6, 3), ab(), filing(org()));
    let json = serde_json::to_string(&case.acts)
        .unwrap()
        .replace("湘A0001", "x y");
    assert!(serde_json::from_str::<Vec<Act>>(&json).is_err());
}

/// P13: the head extends measure `measure` by `days` for a complex case.
fn extend(measure: u64, days: u32) -> ActPayload {
    ActPayload::CoercionExtension {
        measure,
        days,
        reasons: "情况复杂".into(),
        approved_by: "局长".into(),
    }
}

fn freeze(checklist: Art18Checklist) -> ActPayload {
    ActPayload::CoercionMeasure(CoercionMeasure {
        measure: CoercionKind::Freeze,
        emergency: false,
        items: vec![Item {
            name: "账户6222 0000 0000 0000存款".into(),
            quantity: "50000元".into(),
        }],
        term_days: 30,
        checklist,
        reasons: "涉嫌违法所得".into(),
        basis: "《中华人民共和国税收征收管理法》第三十八条".into(),
    })
}

/// P13 (S3 Art 30(1)): a freeze takes only Art 18 items (1), (2), (3) and (7); the party is not
/// told beforehand (Art 30(2)), so notifying, hearing, signatures and a witness are not asked.
#[test]
fn p13_freeze_needs_only_art18_items_1_2_3_7_and_no_warning_to_the_party() {
    let mut case = approved_coercion_case();
    let unwarned = Art18Checklist {
        certificate_shown: true,
        onsite_record_made: true,
        ..Art18Checklist::default()
    };
    let out = case.try_at(at(2024, 3, 5), ab(), freeze(unwarned)).unwrap();
    // Art 31: the 冻结决定书 within 3 (working) days; Art 32: the 30-day term.
    assert!(out.opens.iter().any(|s| s.rule == "P13/冻结决定"));
    assert!(
        out.opens
            .iter()
            .any(|s| s.rule == term_key(3) && s.due == d(2024, 4, 4))
    );
    // Item (3) and item (7) still apply.
    let bare = Art18Checklist::default();
    let err = case.try_at(at(2024, 3, 5), ab(), freeze(bare)).unwrap_err();
    assert_eq!(rules(&err), vec!["P13", "P13"]);
    // Item (2): one officer is refused (R3).
    assert!(
        case.try_at(at(2024, 3, 5), vec![a()], freeze(unwarned))
            .is_err()
    );
    // A seizure with the same checklist still needs every Art 18 step (Art 24).
    assert!(
        case.try_at(at(2024, 3, 5), ab(), seizure(false, 30, unwarned))
            .is_err()
    );
}

/// P13 (S3 Art 25(3)): testing time is per measure; extending one measure (Art 25(1)) moves
/// only its own term, and every other measure keeps its term and its alarm.
#[test]
fn p13_each_measure_keeps_its_own_term_through_testing_and_extension() {
    let mut case = approved_coercion_case();
    let first = case.ok(at(2024, 3, 5), ab(), seizure(false, 30, checklist()));
    let second = case.ok(at(2024, 3, 8), ab(), seizure(false, 20, checklist()));
    let due = |case: &Case, m: u64| case.state().deadline(&term_key(m)).map(|s| s.due);
    assert_eq!(due(&case, first), Some(d(2024, 4, 4)));
    assert_eq!(due(&case, second), Some(d(2024, 3, 28)));
    // Testing the first measure's things for 10 days: only its term moves.
    let pause = |measures: Vec<u64>| ActPayload::Pause {
        reason: "送检：抽样检验10日，已书面告知当事人".into(),
        measures,
    };
    assert!(has(
        &case
            .try_at(at(2024, 3, 10), vec![a()], pause(vec![]))
            .unwrap_err(),
        "P13"
    ));
    case.ok(at(2024, 3, 10), vec![a()], pause(vec![first]));
    case.ok(at(2024, 3, 20), vec![a()], ActPayload::Resume);
    assert_eq!(due(&case, first), Some(d(2024, 4, 14)));
    assert_eq!(due(&case, second), Some(d(2024, 3, 28)));
    assert_eq!(case.state().measure(second).unwrap().paused_days, 0);
    // Extending the second: the first keeps its term and alarm.
    case.ok(at(2024, 3, 25), vec![a()], extend(second, 15));
    assert_eq!(due(&case, first), Some(d(2024, 4, 14)));
    assert_eq!(due(&case, second), Some(d(2024, 4, 12)));
    // Releasing the first leaves the second's alarm open.
    case.ok(
        at(2024, 4, 1),
        ab(),
        ActPayload::CoercionRelease {
            measure: first,
            ground: "检验合格".into(),
            property_returned: true,
        },
    );
    assert_eq!(due(&case, first), None);
    assert_eq!(due(&case, second), Some(d(2024, 4, 12)));
    assert_replay_deterministic(&case);
}

/// Records written before terms were kept per measure carry one `P13` deadline; the next change
/// splits it so that each measure in force has its own (P13, S3 Art 25).
#[test]
fn p13_an_older_record_with_one_term_for_all_measures_is_split_on_the_next_change() {
    let mut case = approved_coercion_case();
    let first = case.ok(at(2024, 3, 5), ab(), seizure(false, 30, checklist()));
    let second = case.ok(at(2024, 3, 8), ab(), seizure(false, 20, checklist()));
    // Rewrite the two measures' deadlines as the older code stored them: one key.
    for act in &mut case.acts {
        for spec in &mut act.opens {
            if spec.rule.starts_with("P13/措施") {
                spec.rule = "P13".into();
            }
        }
    }
    case.ok(at(2024, 3, 25), vec![a()], extend(second, 15));
    let s = case.state();
    assert!(s.deadline("P13").is_none());
    assert_eq!(s.deadline(&term_key(first)).unwrap().due, d(2024, 4, 4));
    assert_eq!(s.deadline(&term_key(second)).unwrap().due, d(2024, 4, 12));
}
