//! The steps every procedure shares: lifecycle guards, corrections, service proof (P10),
//! "not applicable", closing (A1) and archiving; and the driver that runs a procedure's checks
//! and turns a command into acts.

use super::act::{Act, ActPayload};
use super::command::{Command, Decision, Outcome, make_act};
use super::context::ActContext;
use super::officers::{check_acting_body, check_av, check_officers, check_record};
use super::payload::ServiceMethod;
use super::state::CaseState;
use super::timing::check_act_time;
use crate::rule::Violation;

/// A procedure's own checks for one command, run against the state the command applies to.
pub(crate) type ProcedureCheck = fn(&CaseState, &Command, &ActContext, &mut Outcome);

/// Runs the common and the procedure's checks; `pre` are automatic acts recorded first (their
/// effect is already in `state`).
pub(crate) fn run(
    state: &CaseState,
    pre: Vec<Act>,
    cmd: &Command,
    ctx: &ActContext,
    check: ProcedureCheck,
) -> Result<Decision, Vec<Violation>> {
    let mut out = Outcome::default();
    check_lifecycle(state, cmd, &mut out);
    check_act_time(state, cmd, ctx, &mut out);
    check_correction(state, cmd, &mut out);
    check_acting_body(state, cmd, ctx, &mut out);
    check_officers(state, cmd, ctx, &mut out);
    check_record(cmd, &mut out);
    check_av(cmd, ctx, &mut out);
    check_common_payload(state, cmd, ctx, &mut out);
    check(state, cmd, ctx, &mut out);
    if out.violations.iter().any(Violation::is_hard) {
        return Err(out
            .violations
            .into_iter()
            .filter(Violation::is_hard)
            .collect());
    }
    if let ActPayload::Close { .. } = cmd.payload {
        // Closing ends every alarm.
        for d in &state.open_deadlines {
            out.close(&d.spec.rule);
        }
    }
    let act = make_act(state, cmd, ctx, &out);
    let mut opens: Vec<_> = pre.iter().flat_map(|a| a.opens.clone()).collect();
    let mut closes: Vec<_> = pre.iter().flat_map(|a| a.closes.clone()).collect();
    opens.extend(out.opens);
    closes.extend(out.closes);
    let mut acts = pre;
    acts.push(act);
    Ok(Decision {
        acts,
        opens,
        closes,
        warnings: out.violations,
    })
}

fn check_lifecycle(state: &CaseState, cmd: &Command, out: &mut Outcome) {
    if state.archived {
        out.hard("CASE-2", "payload", "案件已归档，不能再记录执法行为");
    } else if state.closed && !matches!(cmd.payload, ActPayload::Archive) {
        out.hard("CASE-2", "payload", "案件已结案，只能归档");
    }
}

/// CASE-2: a correction names an existing act of the same kind; the case state is then rebuilt
/// with the new act in its place.
fn check_correction(state: &CaseState, cmd: &Command, out: &mut Outcome) {
    let Some(target) = cmd.corrects else { return };
    match state.acts.get(&target) {
        None => out.hard(
            "CASE-2",
            "corrects",
            format!("被更正的执法行为（序号{target}）不存在"),
        ),
        Some(kind) if *kind != cmd.payload.kind() => out.hard(
            "CASE-2",
            "corrects",
            format!("更正记录须与被更正的执法行为（序号{target}）类型相同"),
        ),
        Some(_) => {}
    }
}

fn check_common_payload(state: &CaseState, cmd: &Command, ctx: &ActContext, out: &mut Outcome) {
    // A postmark date belongs to what the party sends: its statement or its hearing request.
    if cmd.posted_on.is_some()
        && !matches!(
            cmd.payload,
            ActPayload::Reply { .. } | ActPayload::HearingRequest
        )
    {
        out.hard(
            "CASE-2",
            "posted_on",
            "邮戳日期只适用于当事人邮寄的陈述申辩或者听证申请",
        );
    }
    match &cmd.payload {
        ActPayload::Service(s) => check_service_proof(state, s, ctx, out),
        ActPayload::Recusal {
            reason, decided_by, ..
        } => {
            out.require(
                !reason.trim().is_empty() && !decided_by.trim().is_empty(),
                "R5",
                "reason",
                "R5 回避决定须载明理由和决定人",
            );
        }
        ActPayload::NotApplicable { stage, reason } => {
            out.require(
                !reason.trim().is_empty(),
                "A1",
                "reason",
                format!("A1 “{}”环节不适用须说明理由", stage.label_zh()),
            );
            out.require(
                !state.stages_recorded.contains(stage),
                "A1",
                "stage",
                format!("A1 “{}”环节已有记录，不能注明不适用", stage.label_zh()),
            );
        }
        ActPayload::Close { .. } => {
            for stage in state.kind.required_stages() {
                out.require(
                    state.stage_accounted(*stage),
                    "A1",
                    "stages",
                    format!(
                        "A1 结案前各环节须有记录或注明不适用的理由：缺少“{}”环节",
                        stage.label_zh()
                    ),
                );
            }
        }
        ActPayload::Archive => {
            out.require(state.closed, "A1", "payload", "A1 案件尚未结案，不能归档");
        }
        _ => {}
    }
}

/// P10: the proof matches the method, and the service date is the one the proof gives.
fn check_service_proof(
    state: &CaseState,
    s: &super::payload::Service,
    ctx: &ActContext,
    out: &mut Outcome,
) {
    out.require(
        state.acts.contains_key(&s.of_act),
        "P10",
        "of_act",
        format!("P10 被送达的执法行为（序号{}）不存在", s.of_act),
    );
    out.require(
        !state.served.contains_key(&s.of_act),
        "P10",
        "of_act",
        format!("P10 序号{}的文书已送达", s.of_act),
    );
    let today = ctx.date();
    match &s.method {
        ServiceMethod::Personal { receipt_signed } => {
            out.require(
                *receipt_signed,
                "P10",
                "method",
                "P10 直接送达须有受送达人在送达回证上签名或盖章",
            );
            out.require(
                s.served_on == today,
                "P10",
                "served_on",
                "P10 直接送达以送达回证上的签收日期为送达日期，应为本次送达当日",
            );
        }
        ServiceMethod::Left {
            refusal_reason,
            witness,
            av_record,
        } => {
            out.require(
                !refusal_reason.trim().is_empty() && (witness.is_some() || av_record.is_some()),
                "P10",
                "method",
                "P10 留置送达须注明拒收事由，并有见证人或拍照、录像记录",
            );
            out.require(
                s.served_on == today,
                "P10",
                "served_on",
                "P10 留置送达以留置之日为送达日期",
            );
        }
        ServiceMethod::Post { return_receipt_on } => match return_receipt_on {
            Some(d) => out.require(
                *d == s.served_on && *d <= today,
                "P10",
                "served_on",
                "P10 邮寄送达以回执上注明的收件日期为送达日期",
            ),
            None => out.hard("P10", "method", "P10 邮寄送达须有回执"),
        },
        ServiceMethod::Electronic {
            consent_on_file,
            arrived_on,
        } => {
            out.require(
                *consent_on_file,
                "P10",
                "method",
                "P10 电子送达（含传真、电子邮件）须经受送达人同意",
            );
            match arrived_on {
                Some(d) => out.require(
                    *d == s.served_on && *d <= today,
                    "P10",
                    "served_on",
                    "P10 电子送达以到达受送达人特定系统的日期为送达日期",
                ),
                None => out.hard("P10", "method", "P10 电子送达须有到达记录"),
            }
        }
        ServiceMethod::PublicNotice {
            published_on,
            reason,
        } => {
            out.require(
                !reason.trim().is_empty(),
                "P10",
                "method",
                "P10 公告送达须在案卷中记明原因",
            );
            let deemed = ctx.calendar.add_days(*published_on, 30, false);
            out.require(
                s.served_on == deemed,
                "P10",
                "served_on",
                format!("P10 公告送达自发出公告之日起经过三十日视为送达，即{deemed}"),
            );
        }
    }
}
