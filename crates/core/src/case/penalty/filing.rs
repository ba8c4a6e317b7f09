//! 立案 (P1 limitation, P3 officers, P8 start), 先行登记保存 (P4) and pauses of the decision
//! period (P8).

use chrono::{Months, NaiveDate};

use super::super::act::ActPayload;
use super::super::command::{Command, Outcome};
use super::super::context::ActContext;
use super::super::deadlines::DeadlineSpec;
use super::super::model::ProcedureKind;
use super::super::payload::{Filing, SpecialLimitation};
use super::super::state::CaseState;
use crate::calendar::Period;

/// The P1 limitation: the last day on which discovering the violation still allows a penalty.
pub fn limitation_ends(filing: &Filing) -> NaiveDate {
    let start = filing.continuing_until.unwrap_or(filing.violation_on);
    start
        .checked_add_months(Months::new(12u32.saturating_mul(limitation_years(filing))))
        .unwrap_or(NaiveDate::MAX)
}

/// S2 Art 36: 2 years, 5 with serious harm to life, health or financial safety, or the period
/// another law sets ("法律另有规定的除外").
fn limitation_years(filing: &Filing) -> u32 {
    match &filing.special_limitation {
        Some(s) => s.years,
        None if filing.serious_harm => 5,
        None => 2,
    }
}

/// Longest special period accepted (the longest known in a law is 5 years; 20 bounds typing
/// errors without judging the law).
const SPECIAL_LIMITATION_MAX_YEARS: u32 = 20;

/// P1: only a law (法律) may set another period; a regulation or rule (条例, 规定, 办法) cannot.
fn check_special_limitation(s: &SpecialLimitation, out: &mut Outcome) {
    out.require(
        (1..=SPECIAL_LIMITATION_MAX_YEARS).contains(&s.years),
        "P1",
        "special_limitation.years",
        format!("P1 法律规定的追责期限应为1至{SPECIAL_LIMITATION_MAX_YEARS}年"),
    );
    let c = s.citation.trim();
    let names_a_law = c.contains("法》") && !c.contains("办法》") && c.contains('条');
    out.require(
        names_a_law,
        "P1",
        "special_limitation.citation",
        "P1 另行规定追责期限的须是法律（《行政处罚法》第三十六条“法律另有规定的除外”），请写明法律名称和条文；行政法规、规章不能另定期限",
    );
}

pub(super) fn check_filing(
    state: &CaseState,
    f: &Filing,
    cmd: &Command,
    ctx: &ActContext,
    out: &mut Outcome,
) {
    out.require(state.filed_on.is_none(), "CASE-1", "payload", "本案已立案");
    out.require(
        !f.approved_by.trim().is_empty(),
        "P3",
        "approved_by",
        "P3 立案须经行政机关负责人批准",
    );
    if cmd.officers.len() < 2 {
        out.warn("P3", "officers", "P3 立案审批表应指定两名以上办案人员");
    }
    if let Some(end) = f.continuing_until {
        out.require(
            end >= f.violation_on,
            "P1",
            "continuing_until",
            "P1 连续或继续状态的终了日期不得早于违法行为发生日期",
        );
    }
    out.require(
        f.discovered_on <= ctx.date() && f.discovered_on >= f.violation_on,
        "P1",
        "discovered_on",
        "P1 发现日期应在违法行为发生之后、立案之前",
    );
    if let Some(s) = &f.special_limitation {
        check_special_limitation(s, out);
    }
    let last = limitation_ends(f);
    let years = limitation_years(f);
    let basis = f.special_limitation.as_ref().map_or_else(
        || "《行政处罚法》第三十六条".to_owned(),
        |s| s.citation.clone(),
    );
    out.require(
        f.discovered_on <= last,
        "P1",
        "discovered_on",
        format!("P1 违法行为在{years}年内未被发现（期限至{last}届满，{basis}），不再给予行政处罚"),
    );
    if state.kind == ProcedureKind::PenaltyOrdinary {
        out.open(DeadlineSpec::compute(
            "P8",
            "作出行政处罚决定",
            ctx.date(),
            Period::Days {
                n: 90,
                roll_forward: false,
            },
            &ctx.calendar,
        ));
    }
}

pub(super) fn check_preservation(
    state: &CaseState,
    approval: u64,
    ctx: &ActContext,
    out: &mut Outcome,
) {
    out.require(
        state.preservation_approvals.contains(&approval),
        "P4",
        "approval",
        "P4 先行登记保存须经行政机关负责人批准，未找到批准记录",
    );
    out.open(DeadlineSpec::compute(
        "P4",
        "对先行登记保存的证据作出处理决定",
        ctx.date(),
        Period::Workdays(7),
        &ctx.calendar,
    ));
}

pub(super) fn check_preservation_handled(
    state: &CaseState,
    preservation: u64,
    ctx: &ActContext,
    out: &mut Outcome,
) {
    match state.preservations.get(&preservation) {
        Some(false) => {}
        Some(true) => out.hard("P4", "preservation", "P4 该先行登记保存已作出处理决定"),
        None => out.hard("P4", "preservation", "P4 未找到该先行登记保存记录"),
    }
    if let Some(d) = state.deadline("P4").filter(|d| d.is_missed_on(ctx.date())) {
        out.warn(
            "P4",
            "preservation",
            format!("P4 先行登记保存应在七个工作日内（{}前）作出处理决定", d.due),
        );
    }
    if state.preservations.values().filter(|h| !**h).count() <= 1 {
        out.close("P4");
    }
}

/// P8: pauses (hearing, testing, public notice) and approved extensions move the due date.
pub(super) fn check_pause(state: &CaseState, cmd: &Command, ctx: &ActContext, out: &mut Outcome) {
    let today = ctx.date();
    let moved = |out: &mut Outcome, days: u32| {
        if let Some(old) = state.deadline("P8") {
            out.close("P8");
            out.open(old.extended(days, &ctx.calendar));
        }
    };
    match &cmd.payload {
        ActPayload::Pause { reason, .. } => {
            out.require(
                state.paused_since.is_none(),
                "P8",
                "payload",
                "P8 案件已处于中止计算状态",
            );
            out.require(
                !reason.trim().is_empty(),
                "P8",
                "reason",
                "P8 中止计算期限须说明理由",
            );
            out.require(state.decision.is_none(), "P8", "payload", "P8 已作出决定");
        }
        ActPayload::Resume => match state.paused_since {
            Some(since) => {
                let days = u32::try_from((today - since).num_days().max(0)).unwrap_or(0);
                moved(out, days);
            }
            None => out.hard("P8", "payload", "P8 案件未处于中止计算状态"),
        },
        ActPayload::DecisionPeriodExtension {
            days,
            approved_by,
            collective,
        } => {
            out.require(state.decision.is_none(), "P8", "payload", "P8 已作出决定");
            // A correction takes the place of an earlier extension: it is not one more.
            let earlier = state
                .decision_extensions
                .saturating_sub(u32::from(cmd.corrects.is_some()));
            check_extension(earlier, *days, approved_by, *collective, ctx, out);
            moved(out, *days);
        }
        _ => {}
    }
}

/// P8 (S2 Art 60): the 90 days apply "unless a law, regulation or rule provides otherwise";
/// the statute grants no extension of its own, so an extension needs the sector rule that
/// allows it (configured per sector or agency), within its count and length, approved by the
/// head, and decided collectively from the second on where the rule says so.
fn check_extension(
    earlier: u32,
    days: u32,
    approved_by: &str,
    collective: bool,
    ctx: &ActContext,
    out: &mut Outcome,
) {
    out.require(
        !approved_by.trim().is_empty(),
        "P8",
        "approved_by",
        "P8 延长办案期限须写明批准的负责人",
    );
    let Some(rule) = &ctx.config.decision_extensions else {
        out.hard(
            "P8",
            "payload",
            "P8 《行政处罚法》第六十条未规定延长办案期限，本机关也未配置允许延长的法律、法规或者规章，不能延长",
        );
        return;
    };
    out.require(
        earlier < rule.max_extensions,
        "P8",
        "payload",
        format!(
            "P8 本案已延长{earlier}次，{}规定最多延长{}次",
            rule.citation, rule.max_extensions
        ),
    );
    out.require(
        (1..=rule.max_days).contains(&days),
        "P8",
        "days",
        format!(
            "P8 每次延长不得超过{}日（{}）",
            rule.max_days, rule.citation
        ),
    );
    if rule.collective_after_first && earlier >= 1 {
        out.require(
            collective,
            "P8",
            "collective",
            format!(
                "P8 再次延长须经行政机关负责人集体讨论决定（{}）",
                rule.citation
            ),
        );
    }
}
