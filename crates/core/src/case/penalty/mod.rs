//! 行政处罚: the simplified (简易) and ordinary (普通) procedures of S2.
//!
//! - [`filing`]: 立案 (P1, P3, P8 start), evidence preservation (P4), pauses (P8).
//! - [`hearing`]: 事先告知, 陈述申辩 and 听证 (P5, P6).
//! - [`decision`]: 法制审核 gate, 集体讨论, 决定 (P2, P5, P7, P9, P12), service deadlines (P10,
//!   P11) and payment (P2, P11).

mod decision;
mod filing;
mod hearing;

pub use hearing::hearing_required;

use super::act::ActPayload;
use super::command::{Command, Decision, Outcome};
use super::context::ActContext;
use super::flow::run;
use super::model::ProcedureKind;
use super::state::CaseState;
use crate::rule::Violation;

/// Decides a command in a penalty case (either procedure).
pub fn decide(
    state: &CaseState,
    cmd: &Command,
    ctx: &ActContext,
) -> Result<Decision, Vec<Violation>> {
    run(state, Vec::new(), cmd, ctx, check)
}

fn check(state: &CaseState, cmd: &Command, ctx: &ActContext, out: &mut Outcome) {
    let simple = state.kind == ProcedureKind::PenaltySimple;
    let allowed = if simple {
        matches!(
            cmd.payload,
            ActPayload::Transcript(_)
                | ActPayload::Decision(_)
                | ActPayload::Service(_)
                | ActPayload::Payment(_)
                | ActPayload::Recusal { .. }
                | ActPayload::NotApplicable { .. }
                | ActPayload::Close { .. }
                | ActPayload::Archive
        )
    } else {
        !matches!(
            cmd.payload,
            ActPayload::CoercionApproval { .. }
                | ActPayload::CoercionMeasure(_)
                | ActPayload::EmergencyApproval { .. }
                | ActPayload::CoercionExtension { .. }
                | ActPayload::CoercionRelease { .. }
                | ActPayload::Application { .. }
                | ActPayload::CorrectionNotice { .. }
                | ActPayload::Acceptance { .. }
                | ActPayload::DeemedAccepted { .. }
                | ActPayload::LicensingExtension { .. }
                | ActPayload::LicensingDecision { .. }
                | ActPayload::InspectionResult { .. }
        )
    };
    if !allowed {
        out.hard(
            "CASE-1",
            "payload",
            format!("{}不包含此类执法行为", state.kind.label_zh()),
        );
        return;
    }
    if !simple
        && state.filed_on.is_none()
        && !matches!(
            cmd.payload,
            ActPayload::Filing(_) | ActPayload::Recusal { .. }
        )
    {
        out.hard("CASE-1", "payload", "普通程序案件须先立案");
        return;
    }
    match &cmd.payload {
        ActPayload::Filing(f) => filing::check_filing(state, f, cmd, ctx, out),
        ActPayload::Preservation { approval, .. } => {
            filing::check_preservation(state, *approval, ctx, out);
        }
        ActPayload::PreservationHandled { preservation, .. } => {
            filing::check_preservation_handled(state, *preservation, ctx, out);
        }
        ActPayload::Pause { .. }
        | ActPayload::Resume
        | ActPayload::DecisionPeriodExtension { .. } => {
            filing::check_pause(state, cmd, ctx, out);
        }
        ActPayload::Notice(n) => hearing::check_notice(state, n, ctx, out),
        ActPayload::Reply { .. } | ActPayload::HearingRequest => {
            hearing::check_reply(state, cmd, ctx, out);
        }
        ActPayload::HearingNotice(n) => hearing::check_hearing_notice(state, n, ctx, out),
        ActPayload::HearingHeld(h) => hearing::check_hearing_held(state, h, ctx, out),
        ActPayload::Decision(d) => decision::check_decision(state, d, ctx, out),
        ActPayload::Service(s) => decision::service_deadlines(state, s, ctx, out),
        ActPayload::Payment(p) => decision::check_payment(state, p, ctx, out),
        ActPayload::Close { .. } => {
            out.require(
                state.preservations.values().all(|handled| *handled),
                "P4",
                "preservation",
                "P4 尚有先行登记保存的证据未作出处理决定",
            );
        }
        _ => {}
    }
}
