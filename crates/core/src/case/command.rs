//! Commands and their outcome: a command proposes an act; deciding it yields the act(s) to
//! append, or every HARD violation found.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::act::{Act, ActPayload, Gps};
use super::context::ActContext;
use super::deadlines::DeadlineSpec;
use super::serde_cert;
use super::state::CaseState;
use crate::registry::CertificateNo;
use crate::rule::Violation;

/// A proposed act. The time comes from [`ActContext::at`], the sequence number from the state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Command {
    #[serde(with = "serde_cert::vec")]
    pub officers: Vec<CertificateNo>,
    pub place: Option<String>,
    pub gps: Option<Gps>,
    pub payload: ActPayload,
    #[serde(default)]
    pub instruments: Vec<String>,
    #[serde(default)]
    pub evidence: Vec<String>,
    pub corrects: Option<u64>,
    /// A submission of the party that came by post: the postmark date. A period is kept when
    /// the submission was posted within it (在途时间不计入期间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub posted_on: Option<NaiveDate>,
    /// Why an act is recorded well after it happened (a 补录, CASE-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_reason: Option<String>,
}

impl Command {
    pub fn new(officers: Vec<CertificateNo>, payload: ActPayload) -> Command {
        Command {
            officers,
            place: None,
            gps: None,
            payload,
            instruments: Vec::new(),
            evidence: Vec::new(),
            corrects: None,
            posted_on: None,
            late_reason: None,
        }
    }
}

/// The outcome of an accepted command.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The acts to append, in order (an automatic act such as 视为受理 may precede the
    /// command's own act).
    pub acts: Vec<Act>,
    /// Deadlines opened, also stored on the acts.
    pub opens: Vec<DeadlineSpec>,
    /// Rule IDs of deadlines closed.
    pub closes: Vec<String>,
    /// WARN violations: the act is recorded, the warning is shown and audited.
    pub warnings: Vec<Violation>,
}

/// What a procedure's checks produce for one command.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub violations: Vec<Violation>,
    pub opens: Vec<DeadlineSpec>,
    pub closes: Vec<String>,
}

impl Outcome {
    pub fn hard(&mut self, rule: &str, field: &str, message: impl Into<String>) {
        self.violations
            .push(Violation::hard(rule, Some(field), message));
    }

    pub fn warn(&mut self, rule: &str, field: &str, message: impl Into<String>) {
        self.violations
            .push(Violation::warn(rule, Some(field), message));
    }

    /// Adds a HARD violation unless `ok`.
    pub fn require(&mut self, ok: bool, rule: &str, field: &str, message: impl Into<String>) {
        if !ok {
            self.hard(rule, field, message);
        }
    }

    pub fn open(&mut self, spec: DeadlineSpec) {
        self.opens.push(spec);
    }

    pub fn close(&mut self, rule: &str) {
        if !self.closes.iter().any(|r| r == rule) {
            self.closes.push(rule.into());
        }
    }
}

/// Builds the act a command becomes.
pub(crate) fn make_act(state: &CaseState, cmd: &Command, ctx: &ActContext, out: &Outcome) -> Act {
    Act {
        seq: state.next_seq,
        at: ctx.at,
        officers: cmd.officers.clone(),
        place: cmd.place.clone(),
        gps: cmd.gps,
        payload: cmd.payload.clone(),
        instruments: cmd.instruments.clone(),
        evidence: cmd.evidence.clone(),
        corrects: cmd.corrects,
        posted_on: cmd.posted_on,
        late_entry: super::timing::late_entry(cmd, ctx),
        opens: out.opens.clone(),
        closes: out.closes.clone(),
    }
}

/// An act recorded by the system itself (no officer), e.g. 视为受理.
pub(crate) fn auto_act(
    seq: u64,
    ctx: &ActContext,
    payload: ActPayload,
    opens: Vec<DeadlineSpec>,
    closes: Vec<String>,
) -> Act {
    Act {
        seq,
        at: ctx.at,
        officers: Vec::new(),
        place: None,
        gps: None,
        payload,
        instruments: Vec::new(),
        evidence: Vec::new(),
        corrects: None,
        posted_on: None,
        late_entry: None,
        opens,
        closes,
    }
}
