//! Penalty rules P1, P2, P4–P12 and A1, with boundary values.
#![allow(clippy::unwrap_used)]

mod case_support;

use case_support::*;
use sanxiang_core::calendar::WorkCalendar;
use sanxiang_core::case::payload::{
    Filing, HearingNotice, OnSpotGround, Payment, PenaltyDecision, Service, ServiceMethod,
    TranscriptKind,
};
use sanxiang_core::case::*;

/// An ordinary case filed 2024-09-02, investigated, with a notice served on Friday 2024-09-27,
/// just before the National Day holiday (Oct 1–7 off; Sun Sep 29 and Sat Oct 12 are working days).
fn noticed(party: Party, penalties: Vec<Penalty>, hearing: bool) -> (Case, u64) {
    let mut case = Case::new(ProcedureKind::PenaltyOrdinary);
    case.ok(at(2024, 9, 2), ab(), filing(party));
    case.ok(
        at(2024, 9, 3),
        ab(),
        transcript(TranscriptKind::Inspection, ab()),
    );
    let n = case.ok(at(2024, 9, 26), ab(), notice(penalties, hearing));
    case.ok(at(2024, 9, 27), ab(), personal_service(n, d(2024, 9, 27)));
    (case, n)
}

#[test]
fn the_fifth_working_day_after_sep_27_2024_is_oct_10() {
    let cal = WorkCalendar::builtin();
    assert_eq!(cal.add_workdays(d(2024, 9, 27), 5), d(2024, 10, 10));
    assert_eq!(cal.add_workdays(d(2024, 9, 27), 6), d(2024, 10, 11));
}

#[test]
fn p1_limitation_two_years_or_five_with_serious_harm() {
    let with = |violation_on, until, discovered_on, serious_harm| {
        ActPayload::Filing(Filing {
            party: person(),
            cause: "x".into(),
            violation_on,
            continuing_until: until,
            discovered_on,
            serious_harm,
            special_limitation: None,
            complex_or_serious: false,
            review_required: false,
            approved_by: "局长".into(),
        })
    };
    let try_file = |p| Case::new(ProcedureKind::PenaltyOrdinary).try_at(at(2024, 6, 1), ab(), p);
    assert!(try_file(with(d(2022, 3, 1), None, d(2024, 3, 1), false)).is_ok());
    let err = try_file(with(d(2022, 3, 1), None, d(2024, 3, 2), false)).unwrap_err();
    assert_eq!(rules(&err), vec!["P1"]);
    // Five years for life, health or financial safety with harmful consequences.
    assert!(try_file(with(d(2019, 3, 2), None, d(2024, 3, 2), true)).is_ok());
    assert!(try_file(with(d(2019, 3, 1), None, d(2024, 3, 2), true)).is_err());
    // A continuing act counts from its end.
    assert!(
        try_file(with(
            d(2020, 1, 1),
            Some(d(2022, 3, 1)),
            d(2024, 3, 1),
            false
        ))
        .is_ok()
    );
}

/// P1 (处罚法 Art 36: "法律另有规定的除外"): a case may record another law's period, e.g. 税收征收
/// 管理法 Art 86 (5 years), instead of misusing "serious harm"; a regulation or rule cannot set
/// one.
#[test]
fn p1_a_special_laws_limitation_period_replaces_the_two_years() {
    let with = |special: Option<(u32, &str)>| {
        ActPayload::Filing(Filing {
            party: org(),
            cause: "未按规定期限办理纳税申报".into(),
            violation_on: d(2020, 3, 1),
            continuing_until: None,
            discovered_on: d(2024, 3, 1),
            serious_harm: false,
            special_limitation: special.map(|(years, citation)| payload::SpecialLimitation {
                years,
                citation: citation.into(),
            }),
            complex_or_serious: false,
            review_required: false,
            approved_by: "局长".into(),
        })
    };
    let try_file = |p| Case::new(ProcedureKind::PenaltyOrdinary).try_at(at(2024, 6, 1), ab(), p);
    // Four years after: too late under the 2 years of Art 36 ...
    let err = try_file(with(None)).unwrap_err();
    assert!(err[0].message.contains("第三十六条"), "{err:?}");
    // ... in time under the tax law's 5 years.
    let tax = "《中华人民共和国税收征收管理法》第八十六条";
    assert!(try_file(with(Some((5, tax)))).is_ok());
    // Only a law may set it: not a regulation or a rule.
    for citation in ["《某省税务行政处罚办法》第十条", "《某某条例》第五条", ""]
    {
        let err = try_file(with(Some((5, citation)))).unwrap_err();
        assert!(
            err.iter()
                .any(|v| v.field.as_deref() == Some("special_limitation.citation")),
            "{citation}: {err:?}"
        );
    }
    // And the law's period still ends: six years after is too late under 5.
    let late = ActPayload::Filing(Filing {
        discovered_on: d(2025, 3, 2),
        ..match with(Some((5, tax))) {
            ActPayload::Filing(f) => f,
            _ => unreachable!(),
        }
    });
    let err = Case::new(ProcedureKind::PenaltyOrdinary)
        .try_at(at(2025, 6, 1), ab(), late)
        .unwrap_err();
    assert!(err.iter().any(|v| v.message.contains(tax)), "{err:?}");
}

fn simple_case() -> Case {
    Case::new(ProcedureKind::PenaltySimple)
}

#[test]
fn p2_simple_procedure_only_for_a_warning_or_a_small_fine() {
    let try_decide = |party: Party, p: Vec<Penalty>| {
        simple_case().try_at(
            at(2024, 5, 6),
            ab(),
            decision(party, p, d(2024, 5, 6), true),
        )
    };
    assert!(try_decide(person(), vec![Penalty::Warning]).is_ok());
    assert!(try_decide(person(), vec![Penalty::Fine { fen: 20_000 }]).is_ok());
    let err = try_decide(person(), vec![Penalty::Fine { fen: 20_001 }]).unwrap_err();
    assert_eq!(rules(&err), vec!["P2"]);
    assert!(err[0].message.contains("200.00"));
    assert!(try_decide(org(), vec![Penalty::Fine { fen: 300_000 }]).is_ok());
    assert!(try_decide(org(), vec![Penalty::Fine { fen: 300_001 }]).is_err());
    assert!(try_decide(person(), vec![Penalty::ConfiscateGains { fen: 100 }]).is_err());
    // A lower sector limit applies; a higher one is capped by the statute.
    let mut cx = ctx(at(2024, 5, 6));
    cx.config.simple_limits.person_fen = 5_000;
    let p = decision(person(), vec![fine(100)], d(2024, 5, 6), true);
    assert!(simple_case().try_with(&cx, ab(), p.clone()).is_err());
    cx.config.simple_limits.person_fen = 1_000_000;
    assert!(simple_case().try_with(&cx, ab(), p).is_ok());
    let p = decision(
        person(),
        vec![Penalty::Fine { fen: 20_001 }],
        d(2024, 5, 6),
        true,
    );
    assert!(simple_case().try_with(&cx, ab(), p).is_err());
}

#[test]
fn p2_on_the_spot_collection_up_to_100_yuan_with_a_receipt() {
    let pay = |fen: i64, ground: OnSpotGround, receipt: bool| {
        let mut case = simple_case();
        let dec = case.ok(
            at(2024, 5, 6),
            ab(),
            decision(person(), vec![Penalty::Fine { fen }], d(2024, 5, 6), true),
        );
        case.ok(at(2024, 5, 6), ab(), personal_service(dec, d(2024, 5, 6)));
        case.try_at(
            at(2024, 5, 6),
            ab(),
            ActPayload::Payment(Payment {
                amount_fen: fen,
                paid_on: d(2024, 5, 6),
                on_the_spot: Some(ground),
                receipt_no: receipt.then(|| "No.0001".into()),
            }),
        )
    };
    assert!(pay(10_000, OnSpotGround::SmallFine, true).is_ok());
    assert_eq!(
        rules(&pay(10_001, OnSpotGround::SmallFine, true).unwrap_err()),
        vec!["P2"]
    );
    assert!(pay(15_000, OnSpotGround::Remote, true).is_ok());
    assert_eq!(
        rules(&pay(5_000, OnSpotGround::SmallFine, false).unwrap_err()),
        vec!["P2"]
    );
}

#[test]
fn p4_preservation_needs_approval_and_a_decision_in_seven_working_days() {
    let mut case = Case::new(ProcedureKind::PenaltyOrdinary);
    case.ok(at(2024, 9, 2), ab(), filing(person()));
    let err = case
        .try_at(
            at(2024, 9, 3),
            ab(),
            ActPayload::Preservation {
                approval: 1,
                items: vec!["账簿".into()],
            },
        )
        .unwrap_err();
    assert_eq!(rules(&err), vec!["P4"]);
    let approval = case.ok(
        at(2024, 9, 3),
        vec![a()],
        ActPayload::PreservationApproval {
            approved_by: "局长".into(),
        },
    );
    let out = case
        .try_at(
            at(2024, 9, 27),
            ab(),
            ActPayload::Preservation {
                approval,
                items: vec!["账簿".into()],
            },
        )
        .unwrap();
    let p4 = out.opens.iter().find(|s| s.rule == "P4").unwrap();
    assert_eq!(p4.due, d(2024, 10, 12)); // 7 working days across National Day (Sat 10-12 is one)
    let seq = out.acts[0].seq;
    // Closing with the preservation unhandled is blocked.
    assert!(has(
        &case
            .try_at(
                at(2024, 10, 14),
                ab(),
                ActPayload::Close {
                    summary: "x".into()
                }
            )
            .unwrap_err(),
        "P4"
    ));
    let late = case
        .try_at(
            at(2024, 10, 14),
            ab(),
            ActPayload::PreservationHandled {
                preservation: seq,
                outcome: "解除".into(),
            },
        )
        .unwrap();
    assert_eq!(rules(&late.warnings), vec!["P4"]);
    assert!(case.state().deadline("P4").is_none());
}

#[test]
fn p5_no_decision_without_served_notice() {
    let dec = |on| decision(person(), vec![fine(1000)], on, false);
    // No notice.
    let mut case = Case::new(ProcedureKind::PenaltyOrdinary);
    case.ok(at(2024, 9, 2), ab(), filing(person()));
    assert_eq!(
        rules(
            &case
                .try_at(at(2024, 10, 20), ab(), dec(d(2024, 10, 20)))
                .unwrap_err()
        ),
        vec!["P5"]
    );
    // Notice not served.
    let n = case.ok(at(2024, 9, 26), ab(), notice(vec![fine(1000)], false));
    assert_eq!(
        rules(
            &case
                .try_at(at(2024, 10, 20), ab(), dec(d(2024, 10, 20)))
                .unwrap_err()
        ),
        vec!["P5"]
    );
    // Served on 09-27: the 5-working-day reply period runs to 10-10; the decision may follow on 10-11.
    case.ok(at(2024, 9, 27), ab(), personal_service(n, d(2024, 9, 27)));
    let err = case
        .try_at(at(2024, 10, 10), ab(), dec(d(2024, 10, 10)))
        .unwrap_err();
    assert_eq!(rules(&err), vec!["P5"]);
    assert!(err[0].message.contains("2024-10-10"));
    assert!(
        case.try_at(at(2024, 10, 11), ab(), dec(d(2024, 10, 11)))
            .is_ok()
    );
}

#[test]
fn p5_waiver_allows_an_early_decision_but_not_a_heavier_penalty() {
    let (mut case, _) = noticed(person(), vec![fine(1000)], false);
    case.ok(
        at(2024, 9, 29),
        vec![a()],
        ActPayload::Reply {
            waived: true,
            statement: String::new(),
        },
    );
    let heavier = decision(
        person(),
        vec![Penalty::Fine { fen: 100_001 }],
        d(2024, 9, 30),
        false,
    );
    let err = case.try_at(at(2024, 9, 30), ab(), heavier).unwrap_err();
    assert_eq!(rules(&err), vec!["P5"]);
    let other_kind = decision(
        person(),
        vec![fine(1000), Penalty::Warning],
        d(2024, 9, 30),
        false,
    );
    assert!(has(
        &case.try_at(at(2024, 9, 30), ab(), other_kind).unwrap_err(),
        "P5"
    ));
    assert!(
        case.try_at(
            at(2024, 9, 30),
            ab(),
            decision(person(), vec![fine(800)], d(2024, 9, 30), false)
        )
        .is_ok()
    );
}

#[test]
fn p6_hearing_must_be_offered_above_the_thresholds() {
    let t = HearingThresholds::default();
    assert!(!penalty::hearing_required(
        &[Penalty::Fine { fen: 300_000 }],
        &person(),
        &t
    ));
    assert!(penalty::hearing_required(
        &[Penalty::Fine { fen: 300_001 }],
        &person(),
        &t
    ));
    assert!(!penalty::hearing_required(
        &[Penalty::Fine { fen: 5_000_000 }],
        &org(),
        &t
    ));
    assert!(penalty::hearing_required(
        &[Penalty::Fine { fen: 5_000_001 }],
        &org(),
        &t
    ));
    assert!(penalty::hearing_required(
        &[Penalty::RevokeLicence],
        &person(),
        &t
    ));
    assert!(penalty::hearing_required(
        &[Penalty::ConfiscateGains { fen: 300_001 }],
        &person(),
        &t
    ));
    assert!(!penalty::hearing_required(&[Penalty::Warning], &org(), &t));

    let mut case = Case::new(ProcedureKind::PenaltyOrdinary);
    case.ok(at(2024, 9, 2), ab(), filing(person()));
    let err = case
        .try_at(
            at(2024, 9, 26),
            ab(),
            notice(vec![Penalty::Fine { fen: 300_001 }], false),
        )
        .unwrap_err();
    assert_eq!(rules(&err), vec!["P6"]);
    assert!(
        case.try_at(
            at(2024, 9, 26),
            ab(),
            notice(vec![Penalty::Fine { fen: 300_000 }], false)
        )
        .is_ok()
    );
}

#[test]
fn p6_request_within_five_working_days_across_a_holiday() {
    let (case, _) = noticed(person(), vec![fine(5000)], true);
    let p6 = case.state().deadline("P6").cloned().unwrap();
    assert_eq!(p6.due, d(2024, 10, 10));
    let mut on_5th = Case {
        kind: case.kind,
        acts: case.acts.clone(),
    };
    assert!(
        on_5th
            .try_at(at(2024, 10, 10), vec![a()], ActPayload::HearingRequest)
            .is_ok()
    );
    assert!(on_5th.state().deadline("P6").is_none());
    let mut on_6th = Case {
        kind: case.kind,
        acts: case.acts.clone(),
    };
    let err = on_6th
        .try_at(at(2024, 10, 11), vec![a()], ActPayload::HearingRequest)
        .unwrap_err();
    assert_eq!(rules(&err), vec!["P6"]);
}

#[test]
fn p6_host_is_not_an_investigator_and_notice_is_seven_working_days_ahead() {
    let (mut case, _) = noticed(person(), vec![fine(5000)], true);
    case.ok(at(2024, 9, 29), vec![a()], ActPayload::HearingRequest);
    let hn = |on, host| {
        ActPayload::HearingNotice(HearingNotice {
            hearing_on: on,
            host,
            public: true,
        })
    };
    // Notified Oct 8: the 7th working day after is Oct 16 (Sat Oct 12 is a make-up working day).
    let err = case
        .try_at(at(2024, 10, 8), vec![a()], hn(d(2024, 10, 15), c()))
        .unwrap_err();
    assert_eq!(rules(&err), vec!["P6"]);
    let err = case
        .try_at(at(2024, 10, 8), vec![a()], hn(d(2024, 10, 16), a()))
        .unwrap_err();
    assert_eq!(rules(&err), vec!["P6"]);
    assert!(err[0].message.contains("调查人员"));
    let notice = case.ok(at(2024, 10, 8), vec![a()], hn(d(2024, 10, 16), c()));
    case.ok(
        at(2024, 10, 8),
        ab(),
        personal_service(notice, d(2024, 10, 8)),
    );
    let held = hearing_held;
    assert!(has(
        &case
            .try_at(at(2024, 10, 16), vec![c()], held(b()))
            .unwrap_err(),
        "P6"
    ));
    case.ok(at(2024, 10, 16), vec![c()], held(c()));
    assert!(case.state().hearing.held);
}

#[test]
fn p7_collective_discussion_record_before_the_decision() {
    let mut case = Case::new(ProcedureKind::PenaltyOrdinary);
    let ActPayload::Filing(mut f) = filing(org()) else {
        unreachable!()
    };
    f.complex_or_serious = true;
    case.ok(at(2024, 9, 2), ab(), ActPayload::Filing(f));
    let n = case.ok(at(2024, 9, 26), ab(), notice(vec![fine(1000)], false));
    case.ok(at(2024, 9, 27), ab(), personal_service(n, d(2024, 9, 27)));
    let dec = decision(org(), vec![fine(1000)], d(2024, 10, 14), false);
    assert_eq!(
        rules(
            &case
                .try_at(at(2024, 10, 14), ab(), dec.clone())
                .unwrap_err()
        ),
        vec!["P7"]
    );
    case.ok(
        at(2024, 10, 12),
        vec![],
        ActPayload::Deliberation {
            participants: vec!["局长".into(), "副局长".into()],
            conclusion: "同意".into(),
        },
    );
    assert!(case.try_at(at(2024, 10, 14), ab(), dec).is_ok());
}

#[test]
fn p8_ninety_days_from_filing_with_pauses_and_a_late_warning() {
    let (mut case, _) = noticed(person(), vec![fine(1000)], false);
    assert_eq!(case.state().deadline("P8").unwrap().due, d(2024, 12, 1));
    case.ok(
        at(2024, 10, 14),
        vec![a()],
        ActPayload::Pause {
            reason: "检测".into(),
            measures: Vec::new(),
        },
    );
    case.ok(at(2024, 10, 24), vec![a()], ActPayload::Resume);
    assert_eq!(case.state().deadline("P8").unwrap().due, d(2024, 12, 11));
    let late = case
        .try_at(
            at(2024, 12, 12),
            ab(),
            decision(person(), vec![fine(1000)], d(2024, 12, 12), false),
        )
        .unwrap();
    assert_eq!(rules(&late.warnings), vec!["P8"]);
    assert!(case.state().deadline("P8").is_none());
}

#[test]
fn p9_decision_contents_all_missing_elements_reported() {
    let (mut case, _) = noticed(person(), vec![fine(1000)], false);
    let ActPayload::Decision(mut dec) =
        decision(person(), vec![fine(1000)], d(2024, 10, 11), false)
    else {
        unreachable!()
    };
    dec.facts = String::new();
    dec.basis = " ".into();
    dec.sealed = false;
    dec.evidence.clear();
    let err = case
        .try_at(at(2024, 10, 11), ab(), ActPayload::Decision(dec))
        .unwrap_err();
    assert_eq!(rules(&err), vec!["P9", "P9", "P9", "P9"]);
}

#[test]
fn p12_remedy_periods_on_the_decision() {
    let (mut case, _) = noticed(person(), vec![fine(1000)], false);
    let ActPayload::Decision(dec) = decision(person(), vec![fine(1000)], d(2024, 10, 11), false)
    else {
        unreachable!()
    };
    let mut short = PenaltyDecision { ..dec.clone() };
    short.remedies.review_days = 59;
    short.remedies.litigation_months = 3;
    let err = case
        .try_at(at(2024, 10, 11), ab(), ActPayload::Decision(short))
        .unwrap_err();
    assert_eq!(rules(&err), vec!["P12", "P12"]);
    let seq = case.ok(at(2024, 10, 11), ab(), ActPayload::Decision(dec));
    case.ok(
        at(2024, 10, 14),
        ab(),
        personal_service(seq, d(2024, 10, 14)),
    );
    let state = case.state();
    assert_eq!(state.deadline("P12").unwrap().due, d(2024, 12, 13));
    assert_eq!(state.deadline("P12/诉讼").unwrap().due, d(2025, 4, 14));
}

#[test]
fn p10_service_proof_matches_the_method_and_late_service_warns() {
    let (mut case, _) = noticed(person(), vec![fine(1000)], false);
    let seq = case.ok(
        at(2024, 10, 11),
        ab(),
        decision(person(), vec![fine(1000)], d(2024, 10, 11), false),
    );
    assert_eq!(case.state().deadline("P10").unwrap().due, d(2024, 10, 21));
    let serve = |method, on| {
        ActPayload::Service(Service {
            of_act: seq,
            recipient: "王某".into(),
            method,
            served_on: on,
        })
    };
    let post = serve(
        ServiceMethod::Post {
            return_receipt_on: None,
        },
        d(2024, 10, 15),
    );
    assert_eq!(
        rules(&case.try_at(at(2024, 10, 16), vec![a()], post).unwrap_err()),
        vec!["P10"]
    );
    let post = serve(
        ServiceMethod::Post {
            return_receipt_on: Some(d(2024, 10, 14)),
        },
        d(2024, 10, 15),
    );
    assert_eq!(
        rules(&case.try_at(at(2024, 10, 16), vec![a()], post).unwrap_err()),
        vec!["P10"]
    );
    let email = serve(
        ServiceMethod::Electronic {
            consent_on_file: false,
            arrived_on: Some(d(2024, 10, 15)),
        },
        d(2024, 10, 15),
    );
    assert_eq!(
        rules(&case.try_at(at(2024, 10, 16), vec![a()], email).unwrap_err()),
        vec!["P10"]
    );
    let left = serve(
        ServiceMethod::Left {
            refusal_reason: "拒收".into(),
            witness: None,
            av_record: None,
        },
        d(2024, 10, 16),
    );
    assert_eq!(
        rules(&case.try_at(at(2024, 10, 16), ab(), left).unwrap_err()),
        vec!["P10"]
    );
    let public = serve(
        ServiceMethod::PublicNotice {
            published_on: d(2024, 10, 16),
            reason: "下落不明".into(),
        },
        d(2024, 11, 14),
    );
    assert!(has(
        &case
            .try_at(at(2024, 10, 16), vec![a()], public)
            .unwrap_err(),
        "P10"
    ));
    let public = serve(
        ServiceMethod::PublicNotice {
            published_on: d(2024, 10, 16),
            reason: "下落不明".into(),
        },
        d(2024, 11, 15),
    );
    assert!(
        case.clone_case()
            .try_at(at(2024, 10, 16), vec![a()], public)
            .is_ok()
    );
    // Posted, received on the 8th working day: served, with a P10 warning.
    let post = serve(
        ServiceMethod::Post {
            return_receipt_on: Some(d(2024, 10, 23)),
        },
        d(2024, 10, 23),
    );
    let out = case.try_at(at(2024, 10, 24), vec![a()], post).unwrap();
    assert_eq!(rules(&out.warnings), vec!["P10"]);
    assert_eq!(case.state().deadline("P11").unwrap().due, d(2024, 11, 7));
}

trait CloneCase {
    fn clone_case(&self) -> Case;
}
impl CloneCase for Case {
    fn clone_case(&self) -> Case {
        Case {
            kind: self.kind,
            acts: self.acts.clone(),
        }
    }
}

#[test]
fn p11_surcharge_is_three_percent_a_day_capped_at_the_fine() {
    assert_eq!(late_surcharge(100_000, 0), 0);
    assert_eq!(late_surcharge(100_000, 1), 3_000);
    assert_eq!(late_surcharge(100_000, 33), 99_000);
    assert_eq!(late_surcharge(100_000, 34), 100_000);
    assert_eq!(late_surcharge(100_000, u32::MAX), 100_000);
    assert_eq!(late_surcharge(333, 1), 9); // rounded down to the fen
    assert_eq!(late_surcharge(i64::MAX, u32::MAX), i64::MAX);
    assert_eq!(late_surcharge(-5, 3), 0);
    assert_eq!(surcharge_on(100_000, d(2024, 11, 7), d(2024, 11, 7)), 0);
    assert_eq!(surcharge_on(100_000, d(2024, 11, 7), d(2024, 11, 9)), 6_000);
}

#[test]
fn p11_payment_after_fifteen_days_warns_with_the_surcharge() {
    let (mut case, _) = noticed(person(), vec![fine(1000)], false);
    let seq = case.ok(
        at(2024, 10, 11),
        ab(),
        decision(person(), vec![fine(1000)], d(2024, 10, 11), false),
    );
    case.ok(
        at(2024, 10, 14),
        ab(),
        personal_service(seq, d(2024, 10, 14)),
    );
    assert_eq!(case.state().deadline("P11").unwrap().due, d(2024, 10, 29));
    let pay = |fen| {
        ActPayload::Payment(Payment {
            amount_fen: fen,
            paid_on: d(2024, 10, 31),
            on_the_spot: None,
            receipt_no: None,
        })
    };
    let out = case
        .clone_case()
        .try_at(at(2024, 10, 31), vec![a()], pay(100_000))
        .unwrap();
    assert_eq!(rules(&out.warnings), vec!["P11", "P11"]);
    assert!(
        out.warnings.iter().any(|w| w.message.contains("60.00")),
        "{:?}",
        out.warnings
    );
    let out = case
        .try_at(at(2024, 10, 31), vec![a()], pay(106_000))
        .unwrap();
    assert_eq!(rules(&out.warnings), vec!["P11"]);
    assert!(case.state().deadline("P11").is_none());
}

#[test]
fn a1_case_closes_only_when_each_stage_has_a_record_or_a_reason() {
    let mut case = simple_case();
    let seq = case.ok(
        at(2024, 5, 6),
        ab(),
        decision(person(), vec![Penalty::Warning], d(2024, 5, 6), true),
    );
    let close = ActPayload::Close {
        summary: "结案".into(),
    };
    let err = case
        .try_at(at(2024, 5, 6), vec![a()], close.clone())
        .unwrap_err();
    assert_eq!(rules(&err), vec!["A1", "A1"]);
    case.ok(at(2024, 5, 6), ab(), personal_service(seq, d(2024, 5, 6)));
    let na = |reason: &str| ActPayload::NotApplicable {
        stage: Stage::Execution,
        reason: reason.into(),
    };
    assert_eq!(
        rules(&case.try_at(at(2024, 5, 6), vec![a()], na(" ")).unwrap_err()),
        vec!["A1"]
    );
    case.ok(at(2024, 5, 6), vec![a()], na("警告无需执行"));
    case.ok(at(2024, 5, 6), vec![a()], close);
    assert!(has(
        &case
            .try_at(
                at(2024, 5, 7),
                ab(),
                transcript(TranscriptKind::Inquiry, ab())
            )
            .unwrap_err(),
        "CASE-2"
    ));
    case.ok(at(2024, 5, 7), vec![a()], ActPayload::Archive);
    assert!(case.state().archived);
    assert!(
        case.try_at(at(2024, 5, 8), vec![a()], ActPayload::Archive)
            .is_err()
    );
}

/// An on-the-spot decision of ¥100 against a person, its remedies as given.
fn on_the_spot(on: chrono::NaiveDate, review_first: bool, court: &str) -> ActPayload {
    let ActPayload::Decision(mut dec) = decision(person(), vec![fine(100)], on, true) else {
        unreachable!()
    };
    dec.remedies.review_first = review_first;
    dec.remedies.court = court.into();
    ActPayload::Decision(dec)
}

/// P12, 复议法 2023 Art 23(1)(一) and (2) (in force 2024-01-01, Art 90): against an on-the-spot
/// decision the party must apply for 复议 first, and the organ must say so; no direct lawsuit is
/// offered (no court needed), and no lawsuit deadline opens at service.
#[test]
fn p12_on_the_spot_decision_from_2024_tells_review_first_and_opens_no_lawsuit_deadline() {
    let day = d(2024, 1, 2);
    let mut case = simple_case();
    let err = case
        .try_at(
            at(2024, 1, 2),
            ab(),
            on_the_spot(day, false, "芙蓉区人民法院"),
        )
        .unwrap_err();
    assert!(
        err.iter()
            .any(|v| v.rule == "P12" && v.field.as_deref() == Some("remedies.review_first")),
        "{err:?}"
    );
    let seq = case.ok(at(2024, 1, 2), ab(), on_the_spot(day, true, ""));
    case.ok(at(2024, 1, 2), ab(), personal_service(seq, day));
    let state = case.state();
    assert_eq!(state.deadline("P12").unwrap().due, d(2024, 3, 4));
    assert!(state.deadline("P12/诉讼").is_none());
}

/// P12: before 2024-01-01 (复议法 1999/2017 Art 9, 行诉法 Art 44) an on-the-spot decision could be
/// sued directly: the old remedies stand and 复议前置 must not be printed; an ordinary
/// decision is never 复议前置 (it is none of Art 23(1)'s situations).
#[test]
fn p12_review_first_only_for_on_the_spot_decisions_from_2024() {
    let day = d(2023, 12, 29);
    let mut case = simple_case();
    let err = case
        .try_at(at(2023, 12, 29), ab(), on_the_spot(day, true, ""))
        .unwrap_err();
    assert!(err.iter().any(|v| v.rule == "P12"), "{err:?}");
    let seq = case.ok(
        at(2023, 12, 29),
        ab(),
        on_the_spot(day, false, "芙蓉区人民法院"),
    );
    case.ok(at(2023, 12, 29), ab(), personal_service(seq, day));
    assert!(case.state().deadline("P12/诉讼").is_some());

    let (mut ordinary, _) = noticed(person(), vec![fine(1000)], false);
    let ActPayload::Decision(mut dec) =
        decision(person(), vec![fine(1000)], d(2024, 10, 11), false)
    else {
        unreachable!()
    };
    dec.remedies.review_first = true;
    let err = ordinary
        .try_at(at(2024, 10, 11), ab(), ActPayload::Decision(dec))
        .unwrap_err();
    assert!(err.iter().any(|v| v.rule == "P12"), "{err:?}");
}

/// P6 (S2 Art 64(2), Art 85): the 7 working days before the hearing run from the day the 听证通知
/// reached the party. Drafted on Oct 8 for Oct 16 (7 working days), but served by post on Oct 9:
/// only 6 remain, so the hearing cannot be held on that date; an unserved notice neither.
#[test]
fn p6_hearing_notice_seven_working_days_count_from_its_service_not_its_drafting() {
    let (mut case, _) = noticed(person(), vec![fine(5000)], true);
    case.ok(at(2024, 9, 29), vec![a()], ActPayload::HearingRequest);
    let notice = case.ok(
        at(2024, 10, 8),
        vec![a()],
        ActPayload::HearingNotice(HearingNotice {
            hearing_on: d(2024, 10, 16),
            host: c(),
            public: true,
        }),
    );
    let held = hearing_held(c());
    let unserved = case
        .try_at(at(2024, 10, 16), vec![c()], held.clone())
        .unwrap_err();
    assert!(
        unserved.iter().any(|v| v.message.contains("尚未送达")),
        "{unserved:?}"
    );
    let mut late = Case {
        kind: case.kind,
        acts: case.acts.clone(),
    };
    late.ok(
        at(2024, 10, 10),
        ab(),
        ActPayload::Service(Service {
            of_act: notice,
            recipient: "王某".into(),
            method: ServiceMethod::Post {
                return_receipt_on: Some(d(2024, 10, 9)),
            },
            served_on: d(2024, 10, 9),
        }),
    );
    let err = late
        .try_at(at(2024, 10, 16), vec![c()], held.clone())
        .unwrap_err();
    assert!(
        err.iter()
            .any(|v| v.rule == "P6" && v.message.contains("不足七个工作日")),
        "{err:?}"
    );
    case.ok(
        at(2024, 10, 8),
        ab(),
        personal_service(notice, d(2024, 10, 8)),
    );
    case.ok(at(2024, 10, 16), vec![c()], held);
}

/// P2 (S2 Arts 68, 69): collecting on the spot under Art 68 (¥100 or less, or hard to collect
/// later) belongs to decisions made on the spot under Art 51; after an ordinary decision only
/// Art 69 (remote area, the party asks) allows it.
#[test]
fn p2_art68_collection_only_after_an_on_the_spot_decision_art69_also_after_an_ordinary_one() {
    let (mut case, _) = noticed(person(), vec![fine(100)], false);
    let dec = case.ok(
        at(2024, 10, 11),
        ab(),
        decision(person(), vec![fine(100)], d(2024, 10, 11), false),
    );
    case.ok(
        at(2024, 10, 11),
        ab(),
        personal_service(dec, d(2024, 10, 11)),
    );
    let pay = |ground| {
        ActPayload::Payment(Payment {
            amount_fen: 10_000,
            paid_on: d(2024, 10, 11),
            on_the_spot: Some(ground),
            receipt_no: Some("No.0002".into()),
        })
    };
    for ground in [OnSpotGround::SmallFine, OnSpotGround::Impractical] {
        let err = case
            .try_at(at(2024, 10, 11), ab(), pay(ground))
            .unwrap_err();
        assert!(
            err.iter()
                .any(|v| v.rule == "P2" && v.message.contains("第六十九条")),
            "{err:?}"
        );
    }
    case.ok(at(2024, 10, 11), ab(), pay(OnSpotGround::Remote));
}

/// P6 (处罚法 Art 64(1)) with the rule that time in the post is not counted: a hearing request
/// posted on the 5th working day after the notice was served is in time though it arrives
/// later; posted on the 6th it is late; a postmark outside the notice's service and the day of
/// arrival is refused, and only the party's submissions carry one.
#[test]
fn p6_a_hearing_request_sent_by_post_is_in_time_when_posted_in_time() {
    let (case, _) = noticed(person(), vec![fine(5000)], true);
    // Served Sep 27, 2024: the 5th working day is Oct 10 (the National Day holiday between).
    let posted = |on| {
        let mut c = Case {
            kind: case.kind,
            acts: case.acts.clone(),
        };
        let mut cmd = Command::new(vec![a()], ActPayload::HearingRequest);
        cmd.posted_on = Some(on);
        let cx = ctx(at(2024, 10, 14));
        decide(&c.state(), &cmd, &cx).map(|d| {
            c.acts.extend(d.acts.iter().cloned());
            c
        })
    };
    let in_time = posted(d(2024, 10, 10)).unwrap();
    assert_eq!(
        in_time.acts.last().unwrap().posted_on,
        Some(d(2024, 10, 10))
    );
    assert!(in_time.state().hearing.requested_on.is_some());
    let err = posted(d(2024, 10, 11)).unwrap_err();
    assert!(
        err.iter()
            .any(|v| v.rule == "P6" && v.message.contains("邮戳")),
        "{err:?}"
    );
    let err = posted(d(2024, 10, 15)).unwrap_err();
    assert!(err.iter().any(|v| v.field.as_deref() == Some("posted_on")));
    // Without a postmark, the day it arrives counts: Oct 14 is late.
    let mut c = Case {
        kind: case.kind,
        acts: case.acts.clone(),
    };
    assert!(
        c.try_at(at(2024, 10, 14), vec![a()], ActPayload::HearingRequest)
            .is_err()
    );
    // A postmark on an officer's act is refused.
    let mut cmd = Command::new(ab(), transcript(TranscriptKind::Inquiry, ab()));
    cmd.posted_on = Some(d(2024, 10, 10));
    let err = decide(&case.state(), &cmd, &ctx(at(2024, 10, 14))).unwrap_err();
    assert!(err.iter().any(|v| v.field.as_deref() == Some("posted_on")));
}

/// R4 (处罚法 Art 52): officers deciding on the spot show their certificates to the party; the
/// decision records which were shown, and one not shown is refused.
#[test]
fn r4_on_the_spot_decision_records_the_certificates_shown() {
    let ActPayload::Decision(mut dec) = decision(person(), vec![fine(100)], d(2024, 5, 6), true)
    else {
        unreachable!()
    };
    dec.certificates_shown = vec![a()];
    let err = simple_case()
        .try_at(at(2024, 5, 6), ab(), ActPayload::Decision(dec.clone()))
        .unwrap_err();
    assert!(
        err.iter()
            .any(|v| v.rule == "R4" && v.message.contains(b().as_str())),
        "{err:?}"
    );
    dec.certificates_shown = ab();
    assert!(
        simple_case()
            .try_at(at(2024, 5, 6), ab(), ActPayload::Decision(dec))
            .is_ok()
    );
}
