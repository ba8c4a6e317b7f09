//! 行政检查: start (a filing with its basis), 检查笔录, result. The record rules (R2–R4, A3,
//! A7) are the common ones.

use super::act::ActPayload;
use super::command::{Command, Decision, Outcome};
use super::context::ActContext;
use super::flow::run;
use super::state::CaseState;
use crate::rule::Violation;

/// Decides a command in an inspection case.
pub fn decide(
    state: &CaseState,
    cmd: &Command,
    ctx: &ActContext,
) -> Result<Decision, Vec<Violation>> {
    run(state, Vec::new(), cmd, ctx, check)
}

fn check(state: &CaseState, cmd: &Command, _ctx: &ActContext, out: &mut Outcome) {
    let allowed = matches!(
        cmd.payload,
        ActPayload::Filing(_)
            | ActPayload::Recusal { .. }
            | ActPayload::Transcript(_)
            | ActPayload::InspectionResult { .. }
            | ActPayload::Service(_)
            | ActPayload::NotApplicable { .. }
            | ActPayload::Close { .. }
            | ActPayload::Archive
    );
    if !allowed {
        out.hard("CASE-1", "payload", "行政检查程序不包含此类执法行为");
        return;
    }
    match &cmd.payload {
        ActPayload::Filing(_) => {
            out.require(state.filed_on.is_none(), "CASE-1", "payload", "检查已启动");
        }
        _ if state.filed_on.is_none() => out.hard("CASE-1", "payload", "检查尚未启动"),
        ActPayload::InspectionResult { findings } => out.require(
            !findings.trim().is_empty(),
            "A1",
            "findings",
            "A1 检查结果须载明检查情况",
        ),
        _ => {}
    }
}
