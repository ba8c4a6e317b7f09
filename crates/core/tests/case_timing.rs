//! CASE-2: the act's time is evidence. The server's recording time stands beside the claimed
//! time; the future and back-dating before the previous act are refused; a late entry (补录)
//! states why and is marked.
#![allow(clippy::unwrap_used)]

mod case_support;

use case_support::*;
use chrono::Duration;
use sanxiang_core::case::payload::TranscriptKind;
use sanxiang_core::case::*;

/// A signed-in officer's context: claimed time `at`, recorded at `recorded`.
fn signed_in(at: chrono::NaiveDateTime, recorded: chrono::NaiveDateTime) -> ActContext {
    let mut cx = ctx(at);
    cx.recorded_at = recorded;
    cx.attestation = Some(Attestation {
        recorder: vec![a()],
        confirmed: vec![b()],
    });
    cx
}

fn filed() -> Case {
    let mut case = Case::new(ProcedureKind::PenaltyOrdinary);
    let cx = signed_in(at(2024, 9, 2), at(2024, 9, 2));
    case.try_with(&cx, ab(), filing(person())).unwrap();
    case
}

fn inspection() -> ActPayload {
    transcript(TranscriptKind::Inspection, ab())
}

#[test]
fn case2_a_claimed_time_in_the_future_is_refused_beyond_the_clock_skew() {
    let mut case = filed();
    let now = at(2024, 9, 3);
    let ahead = |minutes| signed_in(now + Duration::minutes(minutes), now);
    let err = case.try_with(&ahead(6), ab(), inspection()).unwrap_err();
    assert!(
        err.iter()
            .any(|v| v.rule == "CASE-2" && v.field.as_deref() == Some("at")),
        "{err:?}"
    );
    case.try_with(&ahead(5), ab(), inspection()).unwrap();
}

#[test]
fn case2_an_act_cannot_be_dated_before_the_cases_previous_act() {
    let mut case = filed();
    let now = at(2024, 9, 5);
    case.try_with(&signed_in(at(2024, 9, 4), now), ab(), inspection())
        .unwrap();
    // Back-dated before the inspection (to slip in before a deadline): refused.
    let err = case
        .try_with(
            &signed_in(at(2024, 9, 4) - Duration::hours(1), now),
            ab(),
            inspection(),
        )
        .unwrap_err();
    assert!(
        err.iter().any(|v| v.message.contains("早于本案上一项")),
        "{err:?}"
    );
    // A correction may keep the time of the act it replaces.
    let mut cmd = Command::new(ab(), inspection());
    cmd.corrects = Some(2);
    let cx = signed_in(at(2024, 9, 4), now);
    assert!(decide(&case.state(), &cmd, &cx).is_ok());
}

#[test]
fn case2_a_late_entry_needs_a_reason_and_is_marked_on_the_act() {
    let mut case = filed();
    let happened = at(2024, 9, 3);
    let recorded = happened + Duration::hours(30);
    let cx = signed_in(happened, recorded);
    let err = case.try_with(&cx, ab(), inspection()).unwrap_err();
    assert!(
        err.iter()
            .any(|v| v.field.as_deref() == Some("late_reason")),
        "{err:?}"
    );
    let mut cmd = Command::new(ab(), inspection());
    cmd.late_reason = Some("现场无网络，返回后补录".into());
    let out = decide(&case.state(), &cmd, &cx).unwrap();
    let act = &out.acts[0];
    let late = act.late_entry.as_ref().unwrap();
    assert_eq!(late.recorded_at, recorded);
    assert_eq!(late.reason, "现场无网络，返回后补录");
    assert_eq!(act.at, happened, "the claimed time stays the act's time");
    assert!(out.warnings.iter().any(|w| w.message.contains("补录")));
    // Within the interval it is an ordinary act, and a reason is refused as noise.
    let on_time = signed_in(happened, happened + Duration::hours(23));
    assert!(decide(&case.state(), &cmd, &on_time).is_err());
    let plain = Command::new(ab(), inspection());
    let out = decide(&case.state(), &plain, &on_time).unwrap();
    assert!(out.acts[0].late_entry.is_none());
}

#[test]
fn case2_the_late_entry_interval_is_configuration() {
    let case = filed();
    let happened = at(2024, 9, 3);
    let mut cx = signed_in(happened, happened + Duration::hours(3));
    cx.config.late_entry_after_minutes = 120;
    let plain = Command::new(ab(), inspection());
    let err = decide(&case.state(), &plain, &cx).unwrap_err();
    assert!(
        err.iter()
            .any(|v| v.field.as_deref() == Some("late_reason"))
    );
}
