//! Case procedures as rule-checked state machines (CASE-1, CASE-2, CASE-5).
//!
//! A case is its list of [`Act`]s. [`CaseState::replay`] rebuilds the state from them; [`decide`]
//! checks a [`Command`] against the state and an [`ActContext`] and returns the act(s) to append
//! with the deadlines they open and close, or every HARD [`Violation`] found. Pure: the app
//! supplies the time, the calendar and the registry's view of the officers, stores the acts and
//! appends each to the ledger.
//!
//! - [`model`]: procedures, stages, parties, officers on duty, penalties.
//! - [`act`], [`payload`]: the records and their data (serde, stored as JSON).
//! - [`state`]: rebuilding the state by replay.
//! - [`context`]: the act's context and the jurisdiction's configuration.
//! - [`officers`]: R2–R5, A3, A7; [`flow`]: lifecycle, corrections, P10 proof, A1.
//! - [`penalty`], [`coercion`], [`licensing`], [`inspection`]: one `decide` per procedure.
//! - [`deadlines`]: deadline specs and the P11 surcharge.

pub mod act;
pub mod coercion;
pub mod command;
pub mod context;
pub mod deadlines;
mod flow;
pub mod inspection;
pub mod licensing;
pub mod local_rules;
pub mod model;
pub mod officers;
pub mod payload;
pub mod penalty;
mod serde_cert;
pub mod state;
pub mod timing;

pub use act::{Act, ActKind, ActPayload, Gps};
pub use command::{Command, Decision};
pub use context::{
    ActContext, ActingBody, Attestation, CaseConfig, DecisionExtensions, EntrustmentTerm,
    HearingThresholds, ReviewGate, SimpleLimits, default_review_gate,
};
pub use deadlines::{DeadlineSpec, alarms_the_agency, late_surcharge, surcharge_on};
pub use model::{
    AvRequirement, Fen, OfficerOnDuty, Party, PartyId, Penalty, ProcedureKind, Stage, yuan,
};
pub use state::CaseState;

use crate::rule::Violation;

/// Decides a command with the procedure of the case's kind.
pub fn decide(
    state: &CaseState,
    cmd: &Command,
    ctx: &ActContext,
) -> Result<Decision, Vec<Violation>> {
    match state.kind {
        ProcedureKind::PenaltySimple | ProcedureKind::PenaltyOrdinary => {
            penalty::decide(state, cmd, ctx)
        }
        ProcedureKind::Coercion => coercion::decide(state, cmd, ctx),
        ProcedureKind::Inspection => inspection::decide(state, cmd, ctx),
        ProcedureKind::Licensing => licensing::decide(state, cmd, ctx),
    }
}
