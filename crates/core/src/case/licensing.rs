//! 行政许可 (P14). All the organ's periods are working days (S4 Art 82). When the 5-day
//! correction period passes without a notice, the next command first records 视为受理
//! automatically (HARD auto-recording).

use super::act::{Act, ActPayload};
use super::command::{Command, Decision, Outcome, auto_act};
use super::context::ActContext;
use super::deadlines::DeadlineSpec;
use super::flow::run;
use super::state::CaseState;
use chrono::NaiveDate;

use crate::calendar::Period;
use crate::rule::Violation;

pub const CORRECTION_WORKDAYS: u32 = 5;
pub const DECISION_WORKDAYS: u32 = 20;
pub const EXTENSION_WORKDAYS: u32 = 10;
const CORRECTION_RULE: &str = "P14/补正";

/// Decides a command in a licensing case.
pub fn decide(
    state: &CaseState,
    cmd: &Command,
    ctx: &ActContext,
) -> Result<Decision, Vec<Violation>> {
    let (current, pre) = match deemed_acceptance(state, ctx) {
        Some(deemed) => {
            // The command applies to the state that includes the automatic act.
            let mut s = state.clone();
            s.apply_act(&deemed);
            (s, vec![deemed])
        }
        None => (state.clone(), Vec::new()),
    };
    run(&current, pre, cmd, ctx, check)
}

/// The 视为受理 act due before anything else is recorded, if the correction period passed.
pub fn deemed_acceptance(state: &CaseState, ctx: &ActContext) -> Option<Act> {
    let l = &state.licensing;
    let received = l.received_on?;
    if l.materials_complete || l.correction_notified || l.accepted_on.is_some() {
        return None;
    }
    let due = ctx.calendar.add_workdays(received, CORRECTION_WORKDAYS);
    if ctx.date() <= due {
        return None;
    }
    Some(auto_act(
        state.next_seq,
        ctx,
        ActPayload::DeemedAccepted {
            received_on: received,
        },
        vec![DeadlineSpec::compute(
            "P14",
            "作出行政许可决定",
            received,
            Period::Workdays(DECISION_WORKDAYS),
            &ctx.calendar,
        )],
        vec![CORRECTION_RULE.into()],
    ))
}

fn check(state: &CaseState, cmd: &Command, ctx: &ActContext, out: &mut Outcome) {
    let allowed = matches!(
        cmd.payload,
        ActPayload::Application { .. }
            | ActPayload::CorrectionNotice { .. }
            | ActPayload::Acceptance { .. }
            | ActPayload::LicensingExtension { .. }
            | ActPayload::LicensingDecision { .. }
            | ActPayload::Pause { .. }
            | ActPayload::Resume
            | ActPayload::Transcript(_)
            | ActPayload::Recusal { .. }
            | ActPayload::Service(_)
            | ActPayload::NotApplicable { .. }
            | ActPayload::Close { .. }
            | ActPayload::Archive
    );
    if !allowed {
        out.hard("CASE-1", "payload", "行政许可程序不包含此类执法行为");
        return;
    }
    let l = &state.licensing;
    if l.received_on.is_none() && !matches!(cmd.payload, ActPayload::Application { .. }) {
        out.hard("CASE-1", "payload", "尚未收到许可申请");
        return;
    }
    let today = ctx.date();
    match &cmd.payload {
        ActPayload::Application { .. } => {
            out.require(
                l.received_on.is_none(),
                "CASE-1",
                "payload",
                "已收到许可申请",
            );
            if let ActPayload::Application {
                materials_complete: false,
                ..
            } = cmd.payload
            {
                out.open(DeadlineSpec::compute(
                    CORRECTION_RULE,
                    "一次告知申请人需要补正的全部内容",
                    today,
                    Period::Workdays(CORRECTION_WORKDAYS),
                    &ctx.calendar,
                ));
            }
        }
        ActPayload::CorrectionNotice { missing } => {
            if l.deemed_accepted {
                out.hard(
                    "P14",
                    "payload",
                    "P14 逾期未告知补正，申请已自收到之日起视为受理，不能再要求补正",
                );
            }
            out.require(
                !l.materials_complete && !l.correction_notified && l.accepted_on.is_none(),
                "P14",
                "payload",
                "P14 补正须一次告知，且仅适用于材料不齐全的申请",
            );
            out.require(
                !missing.is_empty(),
                "P14",
                "missing",
                "P14 须一次告知需要补正的全部内容",
            );
            out.close(CORRECTION_RULE);
        }
        ActPayload::Acceptance {
            receipt_sealed_and_dated,
        } => {
            out.require(l.accepted_on.is_none(), "P14", "payload", "P14 申请已受理");
            out.require(
                *receipt_sealed_and_dated,
                "P14",
                "receipt_sealed_and_dated",
                "P14 受理须出具加盖专用印章并注明日期的书面凭证",
            );
            out.close(CORRECTION_RULE);
            out.open(DeadlineSpec::compute(
                "P14",
                "作出行政许可决定",
                today,
                Period::Workdays(DECISION_WORKDAYS),
                &ctx.calendar,
            ));
        }
        ActPayload::LicensingExtension {
            days,
            approved_by,
            reasons_told,
        } => {
            out.require(
                l.accepted_on.is_some() && l.granted.is_none() && !l.extended,
                "P14",
                "payload",
                "P14 只能在受理后、决定前延长一次",
            );
            out.require(
                (1..=EXTENSION_WORKDAYS).contains(days)
                    && !approved_by.trim().is_empty()
                    && *reasons_told,
                "P14",
                "days",
                "P14 经本机关负责人批准可延长十日，并应将延长理由告知申请人",
            );
            if let Some(old) = state.deadline("P14") {
                out.close("P14");
                out.open(old.extended(*days, &ctx.calendar));
            }
        }
        // S4 Art 45: the time a hearing, tender, auction, inspection, testing, quarantine,
        // appraisal or expert review takes is not counted in the decision period.
        ActPayload::Pause { reason, .. } => {
            out.require(
                l.accepted_on.is_some() && l.granted.is_none() && state.paused_since.is_none(),
                "P14",
                "payload",
                "P14 只能在受理后、决定前中止计算期限，且不能重复中止",
            );
            out.require(
                !reason.trim().is_empty(),
                "P14",
                "reason",
                "P14 中止计算期限须说明听证、检验、检测、鉴定、专家评审等事由",
            );
        }
        ActPayload::Resume => match (state.paused_since, state.deadline("P14")) {
            (Some(since), Some(old)) => {
                // The working days the pause took move the due date by as many working days.
                let paused = workdays_between(&ctx.calendar, since, today);
                out.close("P14");
                out.open(old.extended(paused, &ctx.calendar));
            }
            (Some(_), None) => {}
            (None, _) => out.hard("P14", "payload", "P14 期限未处于中止计算状态"),
        },
        ActPayload::LicensingDecision { granted, reasons } => {
            out.require(
                l.accepted_on.is_some() && l.granted.is_none(),
                "P14",
                "payload",
                "P14 申请尚未受理，或已作出决定",
            );
            out.require(
                *granted || !reasons.trim().is_empty(),
                "P14",
                "reasons",
                "P14 不予许可须说明理由",
            );
            if let Some(due) = state.deadline("P14").filter(|d| d.is_missed_on(today)) {
                out.warn(
                    "P14",
                    "payload",
                    format!("P14 已超过作出许可决定的期限（{}）", due.due),
                );
            }
            out.close("P14");
        }
        _ => {}
    }
}

/// Working days in `[from, to)`.
fn workdays_between(
    calendar: &crate::calendar::WorkCalendar,
    from: NaiveDate,
    to: NaiveDate,
) -> u32 {
    from.iter_days()
        .take_while(|d| *d < to)
        .filter(|d| calendar.is_workday(*d))
        .count()
        .try_into()
        .unwrap_or(u32::MAX)
}
