//! When an act happened is evidence (CASE-2: "who, when, where, what"). The officer claims the
//! act's time; the server keeps its own recording time beside it. A claimed time in the future
//! is refused, as is one before the case's previous act (date-based rules could otherwise be
//! bypassed by back-dating); an act recorded long after it happened is a 补录 (late entry) that
//! states why, is marked on the timeline and counted for supervisors.

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::command::{Command, Outcome};
use super::context::ActContext;
use super::state::CaseState;

/// A 补录: recorded well after the act, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateEntry {
    /// The server's time of recording (China Standard Time).
    pub recorded_at: NaiveDateTime,
    pub reason: String,
}

/// The 补录 `cmd` is, if it is one: recorded by a signed-in user more than the configured
/// interval after its claimed time. Records the system enters itself (demonstration data,
/// migrations: no attestation) are not late entries.
pub(crate) fn late_entry(cmd: &Command, ctx: &ActContext) -> Option<LateEntry> {
    ctx.attestation.as_ref()?;
    let after = Duration::minutes(i64::from(ctx.config.late_entry_after_minutes));
    (ctx.recorded_at - ctx.at > after).then(|| LateEntry {
        recorded_at: ctx.recorded_at,
        reason: cmd.late_reason.clone().unwrap_or_default(),
    })
}

/// CASE-2: the claimed time is not in the future (beyond the allowed clock skew), not before
/// the case's previous act (a correction may keep the time of the act it replaces), and a late
/// entry states its reason.
pub(crate) fn check_act_time(
    state: &CaseState,
    cmd: &Command,
    ctx: &ActContext,
    out: &mut Outcome,
) {
    let skew = Duration::minutes(i64::from(ctx.config.clock_skew_minutes));
    if ctx.at > ctx.recorded_at + skew {
        out.hard(
            "CASE-2",
            "at",
            format!(
                "CASE-2 执法行为时间（{}）晚于现在（{}），不能预先记录",
                ctx.at.format("%Y-%m-%d %H:%M"),
                ctx.recorded_at.format("%Y-%m-%d %H:%M")
            ),
        );
    }
    if let Some(last) = state.last_at.filter(|_| cmd.corrects.is_none())
        && ctx.at < last
    {
        out.hard(
            "CASE-2",
            "at",
            format!(
                "CASE-2 执法行为时间（{}）早于本案上一项执法行为的时间（{}）",
                ctx.at.format("%Y-%m-%d %H:%M"),
                last.format("%Y-%m-%d %H:%M")
            ),
        );
    }
    if let Some(late) = late_entry(cmd, ctx) {
        if late.reason.trim().is_empty() {
            out.hard(
                "CASE-2",
                "late_reason",
                format!(
                    "CASE-2 该执法行为发生于{}，现在记录属于补录，须说明补录理由",
                    ctx.at.format("%Y-%m-%d %H:%M")
                ),
            );
        } else {
            out.warn(
                "CASE-2",
                "late_reason",
                format!(
                    "CASE-2 补录：执法行为发生于{}，记录于{}（{}）",
                    ctx.at.format("%Y-%m-%d %H:%M"),
                    late.recorded_at.format("%Y-%m-%d %H:%M"),
                    late.reason.trim()
                ),
            );
        }
    } else if cmd
        .late_reason
        .as_deref()
        .is_some_and(|r| !r.trim().is_empty())
    {
        out.hard(
            "CASE-2",
            "late_reason",
            "CASE-2 本执法行为不属于补录，不填写补录理由",
        );
    }
}
