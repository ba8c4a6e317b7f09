//! 事先告知, 陈述申辩 and 听证 (P5, P6).

use super::super::act::ActPayload;
use super::super::command::{Command, Outcome};
use super::super::context::{ActContext, HearingThresholds};
use super::super::model::{Party, Penalty, yuan};
use super::super::payload::{HearingHeld, HearingNotice, Notice};
use super::super::state::CaseState;

/// P6 (S2 Art 63(1)): whether these penalties require offering a hearing to this party: a
/// "较大数额" fine or confiscation (the local threshold and its boundary), 降低资质等级、吊销或者
/// 暂扣许可证件, 责令停产停业、责令关闭、限制从业 (and 限制开展生产经营活动), and "其他较重的
/// 行政处罚" (an unlisted kind is offered a hearing: offering one is never unlawful).
pub fn hearing_required(penalties: &[Penalty], party: &Party, t: &HearingThresholds) -> bool {
    let fines: i64 = penalties
        .iter()
        .filter(|p| matches!(p, Penalty::Fine { .. }))
        .map(Penalty::magnitude)
        .sum();
    let confiscated: i64 = penalties
        .iter()
        .filter(|p| {
            matches!(
                p,
                Penalty::ConfiscateGains { .. } | Penalty::ConfiscateProperty { .. }
            )
        })
        .map(Penalty::magnitude)
        .sum();
    (fines > 0 && t.is_large(fines, party))
        || (confiscated > 0 && t.is_large(confiscated, party))
        || penalties.iter().any(|p| {
            matches!(
                p,
                Penalty::LowerQualification
                    | Penalty::RevokeLicence
                    | Penalty::SuspendLicence { .. }
                    | Penalty::SuspendBusiness
                    | Penalty::Closure
                    | Penalty::PracticeBan { .. }
                    | Penalty::RestrictActivities { .. }
                    | Penalty::Other { .. }
            )
        })
}

fn hearing_message(party: &Party, t: &HearingThresholds) -> String {
    format!(
        "P6 拟作出的处罚依法应告知当事人要求听证的权利（较大数额标准：{}元{}，{}）",
        yuan(t.limit_for(party)),
        t.boundary_zh(),
        t.citation
    )
}

pub(super) fn check_notice(state: &CaseState, n: &Notice, ctx: &ActContext, out: &mut Outcome) {
    out.require(
        state.decision.is_none(),
        "P5",
        "payload",
        "P5 已作出处罚决定，不能再行告知",
    );
    out.require(
        !n.penalties.is_empty(),
        "P5",
        "penalties",
        "P5 告知书须载明拟作出的行政处罚",
    );
    for (field, value, name) in [
        ("facts", &n.facts, "事实"),
        ("reasons", &n.reasons, "理由"),
        ("basis", &n.basis, "依据"),
    ] {
        out.require(
            !value.trim().is_empty(),
            "P5",
            field,
            format!("P5 告知书须载明拟作出处罚的{name}"),
        );
    }
    out.require(
        n.rights_told,
        "P5",
        "rights_told",
        "P5 告知书须告知当事人陈述、申辩的权利",
    );
    if let Some(party) = &state.party {
        let t = &ctx.config.hearing_thresholds;
        if hearing_required(&n.penalties, party, t) && !n.hearing_offered {
            out.hard("P6", "hearing_offered", hearing_message(party, t));
        }
    }
    if !state
        .stages_recorded
        .contains(&super::super::model::Stage::Investigation)
    {
        out.warn("P4", "payload", "P4 尚无调查取证记录");
    }
}

pub(super) fn check_reply(state: &CaseState, cmd: &Command, ctx: &ActContext, out: &mut Outcome) {
    let Some(notice) = &state.notice else {
        out.hard("P5", "payload", "P5 尚未进行事先告知");
        return;
    };
    let Some(served_on) = notice.served_on else {
        out.hard("P5", "payload", "P5 事先告知书尚未送达");
        return;
    };
    // Sent by post: the postmark date counts (在途时间不计入期间); it lies between the service
    // of the notice and the day the letter arrived.
    let submitted_on = match cmd.posted_on {
        Some(posted) => {
            let rule = if matches!(cmd.payload, ActPayload::HearingRequest) {
                "P6"
            } else {
                "P5"
            };
            out.require(
                posted >= served_on && posted <= ctx.date(),
                rule,
                "posted_on",
                format!(
                    "{rule} 邮戳日期应在告知书送达（{served_on}）之后、收到之日（{}）之前",
                    ctx.date()
                ),
            );
            posted
        }
        None => ctx.date(),
    };
    match &cmd.payload {
        ActPayload::Reply { waived, statement } => {
            out.require(
                *waived || !statement.trim().is_empty(),
                "P5",
                "statement",
                "P5 陈述申辩内容不能为空",
            );
            if *waived {
                // An express waiver of the right to be heard, including the hearing.
                out.close("P5");
                out.close("P6");
            }
        }
        ActPayload::HearingRequest => {
            out.require(
                notice.hearing_offered,
                "P6",
                "payload",
                "P6 本案未告知听证权利，不适用听证程序",
            );
            out.require(
                state.hearing.requested_on.is_none(),
                "P6",
                "payload",
                "P6 当事人已申请听证",
            );
            let due = ctx.calendar.add_workdays(served_on, 5);
            out.require(
                submitted_on <= due,
                "P6",
                "requested_on",
                format!("P6 当事人应在告知书送达后五个工作日内（{due}前，邮寄的以邮戳日期为准）提出听证申请"),
            );
            out.close("P6");
        }
        _ => {}
    }
}

pub(super) fn check_hearing_notice(
    state: &CaseState,
    n: &HearingNotice,
    ctx: &ActContext,
    out: &mut Outcome,
) {
    out.require(
        state.hearing.requested_on.is_some(),
        "P6",
        "payload",
        "P6 当事人未申请听证",
    );
    // The notice cannot reach the party before today: a date sooner than 7 working days from
    // today can never be lawful. Whether it is in the end is decided by the service date.
    let earliest = ctx
        .calendar
        .add_workdays(ctx.date(), HEARING_NOTICE_WORKING_DAYS);
    out.require(
        n.hearing_on >= earliest,
        "P6",
        "hearing_on",
        format!("P6 应在举行听证的七个工作日前通知当事人，听证日期不得早于{earliest}"),
    );
    check_host(state, &n.host, out);
}

/// S2 Art 64(2), 85: the party is notified 7 working days before the hearing.
const HEARING_NOTICE_WORKING_DAYS: u32 = 7;

/// P6 (S2 Art 64(2)): the 7 working days run from the day the 听证通知 reached the party (its
/// service), not from the day it was drafted; a notice served too late needs a new date.
fn check_notice_served_in_time(state: &CaseState, ctx: &ActContext, out: &mut Outcome) {
    let Some(hearing_on) = state.hearing.notified_for else {
        return;
    };
    match state.hearing.notice_served_on {
        None => out.hard("P6", "payload", "P6 听证通知书尚未送达当事人，不能举行听证"),
        Some(served_on) => {
            let earliest = ctx
                .calendar
                .add_workdays(served_on, HEARING_NOTICE_WORKING_DAYS);
            out.require(
                hearing_on >= earliest,
                "P6",
                "payload",
                format!(
                    "P6 听证通知书于{served_on}送达，距听证日期（{hearing_on}）不足七个工作日，须重新通知（最早{earliest}）"
                ),
            );
        }
    }
}

fn check_host(state: &CaseState, host: &crate::registry::CertificateNo, out: &mut Outcome) {
    out.require(
        !state.investigators.contains(host),
        "P6",
        "host",
        format!("P6 听证主持人（执法证号{host}）不得由本案调查人员担任"),
    );
    out.require(
        !state.recused.contains(host),
        "R5",
        "host",
        format!("R5 执法证号{host}的人员已回避，不得主持听证"),
    );
}

pub(super) fn check_hearing_held(
    state: &CaseState,
    h: &HearingHeld,
    ctx: &ActContext,
    out: &mut Outcome,
) {
    match state.hearing.notified_for {
        Some(day) => out.require(
            ctx.date() >= day,
            "P6",
            "payload",
            format!("P6 听证应于通知的日期（{day}）举行"),
        ),
        None => out.hard("P6", "payload", "P6 尚未发出听证通知"),
    }
    check_notice_served_in_time(state, ctx, out);
    out.require(!state.hearing.held, "P6", "payload", "P6 听证已举行");
    check_host(state, &h.host, out);
}
