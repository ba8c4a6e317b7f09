//! Random command sequences never panic, and the acts they produce never add up to a state that
//! breaks an invariant; replay is deterministic.
#![allow(clippy::unwrap_used)]

mod case_support;

use case_support::*;
use proptest::prelude::*;
use sanxiang_core::case::payload::{
    HearingHeld, HearingNotice, Payment, Service, ServiceMethod, TranscriptKind,
};
use sanxiang_core::case::*;

fn payload(choice: u8, n: u64, fen: i64, day: NaiveDateLike) -> ActPayload {
    let on = day.0;
    match choice % 16 {
        0 => filing(person()),
        1 => transcript(TranscriptKind::Inspection, ab()),
        2 => notice(vec![Penalty::Fine { fen }], (choice / 16).is_multiple_of(2)),
        3 => personal_service(n, on),
        4 => ActPayload::Reply {
            waived: (choice / 16).is_multiple_of(3),
            statement: "申辩".into(),
        },
        5 => ActPayload::HearingRequest,
        6 => ActPayload::HearingNotice(HearingNotice {
            hearing_on: on,
            host: c(),
            public: true,
        }),
        7 => ActPayload::HearingHeld(HearingHeld {
            host: c(),
            party_appeared: true,
            absence_excused: false,
            record_signed: true,
            refusal_note: None,
            witness: None,
        }),
        8 => decision(
            person(),
            vec![Penalty::Fine { fen }],
            on,
            (choice / 16).is_multiple_of(5),
        ),
        9 => ActPayload::Payment(Payment {
            amount_fen: fen,
            paid_on: on,
            on_the_spot: None,
            receipt_no: None,
        }),
        10 => ActPayload::Recusal {
            officer: b(),
            reason: "回避".into(),
            decided_by: "局长".into(),
        },
        11 => ActPayload::NotApplicable {
            stage: Stage::Hearing,
            reason: "未申请".into(),
        },
        12 => ActPayload::Close {
            summary: "结案".into(),
        },
        13 => ActPayload::Archive,
        14 => ActPayload::Service(Service {
            of_act: n,
            recipient: "王某".into(),
            method: ServiceMethod::Post {
                return_receipt_on: Some(on),
            },
            served_on: on,
        }),
        _ => ActPayload::Pause {
            reason: "检测".into(),
            measures: Vec::new(),
        },
    }
}

#[derive(Debug, Clone, Copy)]
struct NaiveDateLike(chrono::NaiveDate);

fn step() -> impl Strategy<Value = (u8, u64, i64, u32, u8)> {
    (any::<u8>(), 0u64..12, 0i64..10_000_000, 0u32..20, 0u8..4)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_commands_never_panic_nor_break_invariants(
        simple in any::<bool>(),
        steps in prop::collection::vec(step(), 1..40),
    ) {
        let kind = if simple { ProcedureKind::PenaltySimple } else { ProcedureKind::PenaltyOrdinary };
        let mut case = Case::new(kind);
        let mut day = d(2024, 9, 2);
        let mut cx = ctx(at(2024, 9, 2));
        for (choice, n, fen, advance, who) in steps {
            day = day + chrono::Days::new(u64::from(advance));
            let officers = match who { 0 => vec![a()], 1 => ab(), 2 => vec![a(), b(), c()], _ => vec![] };
            let p = payload(choice, n, fen, NaiveDateLike(day));
            cx.at = day.and_hms_opt(9, 0, 0).unwrap();
            let before = case.state();
            if let Ok(out) = decide(&before, &Command::new(officers.clone(), p), &cx) {
                // Accepted acts never carry a HARD violation, and follow on without gaps.
                prop_assert!(out.warnings.iter().all(|w| !w.is_hard()));
                prop_assert_eq!(out.acts[0].seq, before.next_seq);
                // R5: a recused officer takes part in nothing later.
                prop_assert!(officers.iter().all(|o| !before.recused.contains(o)));
                case.acts.extend(out.acts);
            }
            let s = case.state();
            // Invariants of the ordinary procedure.
            if let (ProcedureKind::PenaltyOrdinary, Some(dec)) = (kind, &s.decision) {
                let notice = s.notice.as_ref();
                prop_assert!(notice.is_some_and(|n| n.served_on.is_some()), "decision without served notice");
                for p in &dec.penalties {
                    prop_assert!(notice.unwrap().penalties.iter().any(|n| n.same_kind(p) && n.magnitude() >= p.magnitude()));
                }
            }
            if let (ProcedureKind::PenaltySimple, Some(dec)) = (kind, &s.decision) {
                prop_assert!(dec.fine_fen() <= 20_000);
            }
            prop_assert!(!s.archived || s.closed);
            if s.closed {
                prop_assert!(kind.required_stages().iter().all(|st| s.stage_accounted(*st)));
            }
        }
        // Replay is deterministic, including through JSON.
        let json = serde_json::to_string(&case.acts).unwrap();
        let back: Vec<Act> = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(CaseState::replay(kind, &back), case.state());
    }

    #[test]
    fn replay_of_arbitrary_act_lists_never_panics(
        kinds in prop::collection::vec((any::<u8>(), 0u64..8, any::<i64>(), proptest::option::of(0u64..8)), 0..30),
    ) {
        let acts: Vec<Act> = kinds
            .into_iter()
            .enumerate()
            .map(|(i, (choice, n, fen, corrects))| Act {
                seq: i as u64 + 1,
                at: at(2024, 1, 1),
                officers: ab(),
                place: None,
                gps: None,
                payload: payload(choice, n, fen, NaiveDateLike(d(2024, 1, 2))),
                instruments: vec![],
                evidence: vec![],
                corrects,
                posted_on: None,
                late_entry: None,
                opens: vec![],
                closes: vec![],
            })
            .collect();
        for kind in [ProcedureKind::PenaltyOrdinary, ProcedureKind::Coercion, ProcedureKind::Licensing] {
            let _ = CaseState::replay(kind, &acts);
        }
    }

    #[test]
    fn surcharge_never_exceeds_the_fine(fine in any::<i64>(), days in any::<u32>()) {
        let s = late_surcharge(fine, days);
        prop_assert!(s >= 0);
        prop_assert!(s <= fine.max(0));
    }
}
