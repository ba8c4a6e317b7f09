//! 行政强制措施: 查封扣押 and 冻结 (P13; A3 is checked in `officers`).

use chrono::{Days, NaiveDate};

use super::act::ActPayload;
use super::command::{Command, Decision, Outcome};
use super::context::ActContext;
use super::deadlines::DeadlineSpec;
use super::flow::run;
use super::payload::{CoercionKind, CoercionMeasure};
use super::state::CaseState;
use crate::calendar::Period;
use crate::rule::Violation;

/// Longest initial term and longest total extension (S3 Arts 25, 32).
pub const TERM_DAYS: u32 = 30;
pub const EXTENSION_DAYS: u32 = 30;

/// Decides a command in a coercive-measure case.
pub fn decide(
    state: &CaseState,
    cmd: &Command,
    ctx: &ActContext,
) -> Result<Decision, Vec<Violation>> {
    run(state, Vec::new(), cmd, ctx, check)
}

fn term_due(start: NaiveDate, days: u32) -> NaiveDate {
    start
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

fn check(state: &CaseState, cmd: &Command, ctx: &ActContext, out: &mut Outcome) {
    let allowed = matches!(
        cmd.payload,
        ActPayload::Filing(_)
            | ActPayload::Recusal { .. }
            | ActPayload::Transcript(_)
            | ActPayload::CoercionApproval { .. }
            | ActPayload::CoercionMeasure(_)
            | ActPayload::EmergencyApproval { .. }
            | ActPayload::CoercionExtension { .. }
            | ActPayload::CoercionRelease { .. }
            | ActPayload::Pause { .. }
            | ActPayload::Resume
            | ActPayload::Service(_)
            | ActPayload::NotApplicable { .. }
            | ActPayload::Close { .. }
            | ActPayload::Archive
    );
    if !allowed {
        out.hard("CASE-1", "payload", "行政强制措施程序不包含此类执法行为");
        return;
    }
    if state.filed_on.is_none() && !matches!(cmd.payload, ActPayload::Filing(_)) {
        out.hard("CASE-1", "payload", "须先立案");
        return;
    }
    // S3 Art 19: a measure not approved after the fact must be released at once.
    for m in state
        .measures
        .iter()
        .filter(|m| m.approved == Some(false) && !m.released)
    {
        let releasing =
            matches!(cmd.payload, ActPayload::CoercionRelease { measure, .. } if measure == m.seq);
        out.require(
            releasing,
            "P13",
            "payload",
            format!(
                "P13 紧急实施的强制措施（序号{}）未获批准，应当立即解除",
                m.seq
            ),
        );
    }
    let today = ctx.date();
    match &cmd.payload {
        ActPayload::Filing(_) => {
            out.require(state.filed_on.is_none(), "CASE-1", "payload", "本案已立案");
        }
        ActPayload::CoercionApproval { approved_by } => out.require(
            !approved_by.trim().is_empty(),
            "P13",
            "approved_by",
            "P13 审批须载明批准的负责人",
        ),
        ActPayload::CoercionMeasure(m) => check_measure(state, m, ctx, out),
        ActPayload::EmergencyApproval {
            measure,
            approved_by,
            ..
        } => {
            match state.measure(*measure) {
                Some(m) if m.emergency && m.approved.is_none() => {
                    if today > term_due(m.started_on, 1) {
                        out.warn(
                            "P13",
                            "payload",
                            "P13 紧急情况下当场实施的，应当在二十四小时内向负责人报告并补办批准手续",
                        );
                    }
                }
                _ => out.hard("P13", "measure", "P13 未找到待补办批准的紧急强制措施"),
            }
            out.require(
                !approved_by.trim().is_empty(),
                "P13",
                "approved_by",
                "P13 审批须载明批准的负责人",
            );
            out.close("P13/24h");
        }
        ActPayload::CoercionExtension {
            measure,
            days,
            reasons,
            approved_by,
        } => match state.measure(*measure).filter(|m| !m.released) {
            Some(m) => {
                let due = term_due(m.started_on, m.counted_days());
                out.require(
                    today <= due,
                    "P13",
                    "payload",
                    format!("P13 强制措施期限已于{due}届满，不能延长"),
                );
                out.require(
                    *days >= 1 && m.extended_days.saturating_add(*days) <= EXTENSION_DAYS,
                    "P13",
                    "days",
                    "P13 情况复杂的，经批准可以延长，但延长期限不得超过三十日",
                );
                out.require(
                    !reasons.trim().is_empty() && !approved_by.trim().is_empty(),
                    "P13",
                    "reasons",
                    "P13 延长期限须经负责人批准，并书面告知当事人理由",
                );
                // Only this measure's term moves; the others keep theirs (S3 Arts 25, 32).
                split_legacy_term(state, &[m.seq], out);
                out.close(&term_key(m.seq));
                out.open(term_deadline(
                    m.seq,
                    m.started_on,
                    m.counted_days().saturating_add(*days),
                ));
            }
            None => out.hard("P13", "measure", "P13 未找到未解除的强制措施"),
        },
        ActPayload::Pause { reason, measures } => check_pause(state, reason, measures, today, out),
        ActPayload::Resume => {
            let tested: Vec<_> = state
                .measures
                .iter()
                .filter(|m| !m.released)
                .filter_map(|m| m.testing_since.map(|since| (m, since)))
                .collect();
            if state.paused_since.is_none() {
                out.hard("P13", "payload", "P13 期限未处于中止计算状态");
            }
            // Each tested measure's term again, moved by its own days of testing.
            let seqs: Vec<u64> = tested.iter().map(|(m, _)| m.seq).collect();
            split_legacy_term(state, &seqs, out);
            for (m, since) in tested {
                let paused = u32::try_from((today - since).num_days().max(0)).unwrap_or(0);
                out.close(&term_key(m.seq));
                out.open(term_deadline(
                    m.seq,
                    m.started_on,
                    m.counted_days().saturating_add(paused),
                ));
            }
        }
        ActPayload::CoercionRelease {
            measure,
            ground,
            property_returned,
        } => {
            match state.measure(*measure) {
                Some(m) if !m.released => out.require(
                    m.kind == CoercionKind::Freeze || *property_returned,
                    "P13",
                    "property_returned",
                    "P13 解除查封扣押应当立即退还财物",
                ),
                _ => out.hard("P13", "measure", "P13 未找到未解除的强制措施"),
            }
            out.require(
                !ground.trim().is_empty(),
                "P13",
                "ground",
                "P13 解除须载明法定事由",
            );
            split_legacy_term(state, &[*measure], out);
            out.close(&term_key(*measure));
        }
        ActPayload::Close { .. } => out.require(
            state.measures.iter().all(|m| m.released),
            "P13",
            "payload",
            "P13 尚有未解除的强制措施",
        ),
        _ => {}
    }
}

/// S3 Art 25(3): the time a seized thing is tested, quarantined or appraised is not counted in
/// its term; that time must be definite and told to the party in writing (the reason says what
/// and how long; the written notice is served as a document of this act). The pause names the
/// measures whose things are tested: the others' terms run on.
fn check_pause(
    state: &CaseState,
    reason: &str,
    measures: &[u64],
    today: NaiveDate,
    out: &mut Outcome,
) {
    out.require(
        !measures.is_empty(),
        "P13",
        "measures",
        "P13 须写明送检测、检验、检疫或者技术鉴定的是哪一项查封扣押",
    );
    for seq in measures {
        match state.measure(*seq) {
            Some(m) if m.pausable() && today <= term_due(m.started_on, m.counted_days()) => {
                out.require(
                    m.testing_since.is_none(),
                    "P13",
                    "measures",
                    format!("P13 第{seq}项强制措施已处于检测等期间"),
                );
            }
            _ => out.hard(
                "P13",
                "measures",
                format!(
                    "P13 第{seq}项不是未届满、未解除的查封扣押，不能扣除检测、检验、检疫或者技术鉴定的期间"
                ),
            ),
        }
    }
    out.require(
        state.paused_since.is_none(),
        "P13",
        "payload",
        "P13 期限已处于中止计算状态",
    );
    out.require(
        !reason.trim().is_empty(),
        "P13",
        "reason",
        "P13 须写明检测、检验、检疫或者技术鉴定的事项和期间，并书面告知当事人",
    );
}

/// The key of measure `seq`'s term deadline: each measure keeps its own term and alarm (S3
/// Arts 25, 32).
pub fn term_key(seq: u64) -> String {
    format!("P13/措施{seq}")
}

/// Records made before terms were kept per measure have one `P13` deadline for all: it is
/// closed and each measure in force (but `except`, which the caller reopens) gets its own.
fn split_legacy_term(state: &CaseState, except: &[u64], out: &mut Outcome) {
    if state.deadline("P13").is_none() {
        return;
    }
    out.close("P13");
    for m in state
        .measures
        .iter()
        .filter(|m| !m.released && !except.contains(&m.seq))
    {
        out.open(term_deadline(m.seq, m.started_on, m.counted_days()));
    }
}

/// The Art 18 steps this measure's checklist leaves undone. A 冻结 takes only items (1)
/// approval, (2) two officers, (3) the certificate and (7) the 现场笔录 (S3 Art 30(1)): the
/// party is not told beforehand (Art 30(2)), so notice, hearing, signatures and a witness are not
/// asked for. Approval and the two officers are checked with the act itself.
fn art18_missing(m: &CoercionMeasure) -> Vec<&'static str> {
    let c = &m.checklist;
    let freeze = m.measure == CoercionKind::Freeze;
    let steps = [
        (true, c.certificate_shown, "出示执法身份证件"),
        (!freeze, c.party_notified, "通知当事人到场"),
        (
            !freeze,
            c.reasons_basis_rights_told,
            "当场告知当事人采取行政强制措施的理由、依据以及当事人依法享有的权利、救济途径",
        ),
        (!freeze, c.party_heard, "听取当事人的陈述和申辩"),
        (true, c.onsite_record_made, "制作现场笔录"),
        (
            !freeze,
            c.signed_or_refusal_noted,
            "现场笔录由当事人和执法人员签名或者盖章，当事人拒绝的在笔录中予以注明",
        ),
        (
            !freeze,
            c.party_present || c.witness_signed,
            "当事人不到场的，邀请见证人到场并在现场笔录上签名或者盖章",
        ),
        (!freeze, c.other_legal_steps, "法律、法规规定的其他程序"),
    ];
    steps
        .into_iter()
        .filter(|(applies, done, _)| *applies && !done)
        .map(|(_, _, step)| step)
        .collect()
}

/// The P13 deadline of measure `seq`, started on `start`, whose term now counts `days`.
fn term_deadline(seq: u64, start: NaiveDate, days: u32) -> DeadlineSpec {
    DeadlineSpec {
        rule: term_key(seq),
        what: format!("第{seq}项强制措施期限届满"),
        start,
        period: Period::Days {
            n: days,
            roll_forward: false,
        },
        due: term_due(start, days),
    }
}

fn check_measure(state: &CaseState, m: &CoercionMeasure, ctx: &ActContext, out: &mut Outcome) {
    out.require(
        m.emergency || state.coercion_approved,
        "P13",
        "approval",
        "P13 实施行政强制措施须事先经行政机关负责人批准（情况紧急的除外）",
    );
    out.require(
        (1..=TERM_DAYS).contains(&m.term_days),
        "P13",
        "term_days",
        "P13 查封、扣押、冻结的期限不得超过三十日",
    );
    out.require(
        !m.items.is_empty(),
        "P13",
        "items",
        "P13 须开列清单，载明物品名称、数量",
    );
    out.require(
        !m.reasons.trim().is_empty() && !m.basis.trim().is_empty(),
        "P13",
        "reasons",
        "P13 决定须载明理由和依据",
    );
    for step in art18_missing(m) {
        out.hard(
            "P13",
            "checklist",
            format!("P13 行政强制法第十八条程序未履行：{step}"),
        );
    }
    let today = ctx.date();
    out.open(term_deadline(state.next_seq, today, m.term_days));
    if m.emergency {
        out.open(DeadlineSpec::compute(
            "P13/24h",
            "紧急实施后报告负责人并补办批准手续",
            today,
            Period::Days {
                n: 1,
                roll_forward: false,
            },
            &ctx.calendar,
        ));
    }
    if m.measure == CoercionKind::Freeze {
        out.open(DeadlineSpec::compute(
            "P13/冻结决定",
            "交付冻结决定书",
            today,
            Period::Workdays(3),
            &ctx.calendar,
        ));
    }
}
