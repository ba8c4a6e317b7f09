//! 决定 (P2, P5, P6, P7, P8, P9, P12, L1 gate), the deadlines service opens (P5, P6, P10, P11,
//! P12) and payment (P2, P11).

use chrono::Months;

use super::super::command::Outcome;
use super::super::context::ActContext;
use super::super::deadlines::{DeadlineSpec, surcharge_on};
use super::super::model::{Penalty, ProcedureKind, yuan};
use super::super::payload::{
    OnSpotGround, Payment, PenaltyDecision, Service, review_first_for_penalty,
};
use super::super::state::CaseState;
use super::hearing_required;
use crate::calendar::Period;

/// P9 (and P2 for the on-the-spot decision): the required contents.
fn check_contents(d: &PenaltyDecision, out: &mut Outcome) {
    let text = [
        ("party.name", d.party.name.as_str(), "当事人姓名或者名称"),
        (
            "party.service_address",
            d.party.service_address.as_str(),
            "当事人地址",
        ),
        ("facts", d.facts.as_str(), "违法事实"),
        ("basis", d.basis.as_str(), "处罚依据"),
        ("performance", d.performance.as_str(), "履行方式和期限"),
        ("organ", d.organ.as_str(), "作出决定的行政机关名称"),
        (
            "remedies.review_organ",
            d.remedies.review_organ.as_str(),
            "申请行政复议的途径",
        ),
    ];
    for (field, value, name) in text {
        out.require(
            !value.trim().is_empty(),
            "P9",
            field,
            format!("P9 决定书缺少“{name}”"),
        );
    }
    out.require(
        !d.penalties.is_empty(),
        "P9",
        "penalties",
        "P9 决定书缺少“处罚种类”",
    );
    out.require(
        d.on_the_spot || !d.evidence.is_empty(),
        "P9",
        "evidence",
        "P9 决定书缺少“证据”",
    );
    out.require(d.sealed, "P9", "sealed", "P9 决定书须加盖行政机关印章");
    out.require(
        d.remedies.review_days >= 60,
        "P12",
        "remedies.review_days",
        "P12 决定书告知的行政复议期限不得少于六十日",
    );
    check_review_first(d, out);
}

/// P12 (复议法 2023 Art 23): an on-the-spot decision from 2024-01-01 tells the party to apply for
/// 复议 first and offers no direct lawsuit; any other decision offers both, the lawsuit within
/// 6 months (行诉法 Art 46) at a named court.
fn check_review_first(d: &PenaltyDecision, out: &mut Outcome) {
    let required = review_first_for_penalty(d.on_the_spot, d.decided_on);
    if required && !d.remedies.review_first {
        out.hard(
            "P12",
            "remedies.review_first",
            "P12 当场作出的行政处罚决定，应当告知当事人先向行政复议机关申请行政复议，对复议决定不服的再提起行政诉讼（《行政复议法》第二十三条，2024年1月1日起施行）",
        );
    }
    if !required && d.remedies.review_first {
        out.hard(
            "P12",
            "remedies.review_first",
            "P12 本决定不属于复议前置情形，不得告知当事人须先申请行政复议（《行政复议法》第二十三条）",
        );
    }
    if !d.remedies.review_first {
        out.require(
            !d.remedies.court.trim().is_empty(),
            "P9",
            "remedies.court",
            "P9 决定书缺少“提起行政诉讼的途径”",
        );
        out.require(
            d.remedies.litigation_months >= 6,
            "P12",
            "remedies.litigation_months",
            "P12 决定书告知的行政诉讼期限不得少于六个月",
        );
    }
}

/// P2: the simplified procedure's limits.
fn check_simple(state: &CaseState, d: &PenaltyDecision, ctx: &ActContext, out: &mut Outcome) {
    let limits = &ctx.config.simple_limits;
    let limit = limits.limit_for(&d.party);
    let only_warning_or_fine = d
        .penalties
        .iter()
        .all(|p| matches!(p, Penalty::Warning | Penalty::Fine { .. }));
    let fine: i64 = d.penalties.iter().map(Penalty::magnitude).sum();
    if !only_warning_or_fine || fine > limit {
        out.hard(
            "P2",
            "penalties",
            format!(
                "P2 简易程序仅适用于警告或者罚款{}元以下（{}）",
                yuan(limit),
                limits.citation
            ),
        );
    }
    out.require(
        d.facts_conclusive,
        "P2",
        "facts_conclusive",
        "P2 简易程序仅适用于违法事实确凿的情形",
    );
    out.require(
        d.on_the_spot,
        "P2",
        "on_the_spot",
        "P2 简易程序须当场作出决定",
    );
    out.require(
        d.instrument_no
            .as_deref()
            .is_some_and(|n| !n.trim().is_empty()),
        "P2",
        "instrument_no",
        "P2 当场处罚决定书须为预定格式、编有号码的决定书",
    );
    out.require(
        state.decision.is_none(),
        "P2",
        "payload",
        "P2 已作出处罚决定",
    );
}

/// P5, P6, P7 and the L1 gate for the ordinary procedure.
fn check_ordinary(state: &CaseState, d: &PenaltyDecision, ctx: &ActContext, out: &mut Outcome) {
    let today = ctx.date();
    out.require(
        !d.on_the_spot,
        "P2",
        "on_the_spot",
        "P2 普通程序不能当场作出决定",
    );
    out.require(
        state.decision.is_none(),
        "P9",
        "payload",
        "P9 已作出处罚决定",
    );
    let Some(notice) = &state.notice else {
        out.hard("P5", "notice", "P5 未经事先告知，不得作出行政处罚决定");
        return;
    };
    let Some(served_on) = notice.served_on else {
        out.hard(
            "P5",
            "notice",
            "P5 事先告知书尚未送达，不得作出行政处罚决定",
        );
        return;
    };
    let reply_due = match ctx.config.reply_period {
        Period::Workdays(n) => ctx.calendar.add_workdays(served_on, n),
        Period::Days { n, roll_forward } => ctx.calendar.add_days(served_on, n, roll_forward),
    };
    out.require(
        state.reply_waived || today > reply_due,
        "P5",
        "notice",
        format!("P5 陈述申辩期限（至{reply_due}）尚未届满，且当事人未明确放弃"),
    );
    for p in &d.penalties {
        let covered = notice
            .penalties
            .iter()
            .any(|n| n.same_kind(p) && n.magnitude() >= p.magnitude());
        out.require(
            covered,
            "P5",
            "penalties",
            format!(
                "P5 决定的处罚（{}）超出事先告知的处罚，须重新告知",
                p.label_zh()
            ),
        );
    }
    let t = &ctx.config.hearing_thresholds;
    if hearing_required(&d.penalties, &d.party, t) && !notice.hearing_offered {
        out.hard(
            "P6",
            "penalties",
            "P6 决定的处罚应当听证，但告知时未告知听证权利，须重新告知",
        );
    }
    if notice.hearing_offered {
        if state.hearing.requested_on.is_some() {
            out.require(
                state.hearing.held || state.hearing.waived,
                "P6",
                "hearing",
                "P6 当事人已申请听证，须依听证笔录作出决定",
            );
        } else {
            let due = ctx.calendar.add_workdays(served_on, 5);
            out.require(
                state.reply_waived || today > due,
                "P6",
                "hearing",
                format!("P6 听证申请期限（至{due}）尚未届满"),
            );
        }
    }
    out.require(
        !state.complex_or_serious || state.deliberated,
        "P7",
        "deliberation",
        "P7 情节复杂或者重大违法行为须经行政机关负责人集体讨论，尚无集体讨论记录",
    );
    for v in (ctx.config.review_gate)(state, &d.penalties) {
        out.violations.push(v);
    }
    if let Some(p8) = state.deadline("P8") {
        if p8.is_missed_on(today) {
            out.warn(
                "P8",
                "decided_on",
                format!("P8 已超过作出处罚决定的期限（{}）", p8.due),
            );
        }
        out.close("P8");
    }
}

pub(super) fn check_decision(
    state: &CaseState,
    d: &PenaltyDecision,
    ctx: &ActContext,
    out: &mut Outcome,
) {
    check_contents(d, out);
    out.require(
        d.decided_on == ctx.date(),
        "P9",
        "decided_on",
        "P9 决定书日期应为作出决定当日",
    );
    if state.kind == ProcedureKind::PenaltySimple {
        check_simple(state, d, ctx, out);
    } else {
        check_ordinary(state, d, ctx, out);
    }
    // S2 Art 61: hand over on announcement, otherwise within 7 working days; on the spot, at once.
    let days = if d.on_the_spot { 0 } else { 7 };
    out.open(DeadlineSpec::compute(
        "P10",
        "送达行政处罚决定书",
        ctx.date(),
        Period::Workdays(days),
        &ctx.calendar,
    ));
}

pub(super) fn service_deadlines(
    state: &CaseState,
    s: &Service,
    ctx: &ActContext,
    out: &mut Outcome,
) {
    let cal = &ctx.calendar;
    if let Some(n) = state.notice.as_ref().filter(|n| n.seq == s.of_act) {
        out.open(DeadlineSpec::compute(
            "P5",
            "陈述申辩期限届满",
            s.served_on,
            ctx.config.reply_period,
            cal,
        ));
        if n.hearing_offered {
            out.open(DeadlineSpec::compute(
                "P6",
                "听证申请期限届满",
                s.served_on,
                Period::Workdays(5),
                cal,
            ));
        }
    }
    let Some(d) = state.decision.as_ref().filter(|d| d.seq == s.of_act) else {
        return;
    };
    if let Some(p10) = state
        .deadline("P10")
        .filter(|p| p.is_missed_on(s.served_on))
    {
        out.warn(
            "P10",
            "served_on",
            format!("P10 决定书应在{}前送达", p10.due),
        );
    }
    out.close("P10");
    if d.fine_fen() > 0 {
        out.open(DeadlineSpec::compute(
            "P11",
            "缴纳罚款",
            s.served_on,
            Period::Days {
                n: 15,
                roll_forward: true,
            },
            cal,
        ));
    }
    out.open(DeadlineSpec::compute(
        "P12",
        "申请行政复议期限届满",
        s.served_on,
        Period::Days {
            n: 60,
            roll_forward: true,
        },
        cal,
    ));
    let six_months = s
        .served_on
        .checked_add_months(Months::new(6))
        .map_or(0, |end| (end - s.served_on).num_days());
    // P12: under 复议前置 the party cannot sue the decision itself: no lawsuit period runs.
    if review_first_for_penalty(d.on_the_spot, d.decided_on) {
        return;
    }
    out.open(DeadlineSpec::compute(
        "P12/诉讼",
        "提起行政诉讼期限届满",
        s.served_on,
        Period::Days {
            n: u32::try_from(six_months).unwrap_or(0),
            roll_forward: true,
        },
        cal,
    ));
}

pub(super) fn check_payment(state: &CaseState, p: &Payment, ctx: &ActContext, out: &mut Outcome) {
    let Some(d) = &state.decision else {
        out.hard("P11", "payload", "P11 尚无处罚决定，不能收缴罚款");
        return;
    };
    let fine = d.fine_fen();
    out.require(fine > 0, "P11", "payload", "P11 处罚决定未包含罚款");
    out.require(
        p.amount_fen > 0,
        "P11",
        "amount_fen",
        "P11 缴纳金额须大于零",
    );
    if let Some(ground) = p.on_the_spot {
        // S2 Art 68 (¥100 or less; hard to collect later) applies only to decisions made on the
        // spot under Art 51; an ordinary decision may be collected on the spot only under
        // Art 69 (remote area, at the party's request).
        if ground != OnSpotGround::Remote && !d.on_the_spot {
            out.hard(
                "P2",
                "on_the_spot",
                "P2 《行政处罚法》第六十八条的当场收缴仅适用于当场作出的行政处罚决定；普通程序作出的罚款决定只有在边远、水上、交通不便地区且当事人提出时才可以当场收缴（第六十九条）",
            );
        }
        let limit = ctx.config.simple_limits.on_spot_limit();
        if ground == OnSpotGround::SmallFine && fine > limit {
            out.hard(
                "P2",
                "on_the_spot",
                format!(
                    "P2 当场收缴罚款仅限{}元以下，或有难以执行、边远地区等法定情形",
                    yuan(limit)
                ),
            );
        }
        out.require(
            p.receipt_no
                .as_deref()
                .is_some_and(|r| !r.trim().is_empty()),
            "P2",
            "receipt_no",
            "P2 当场收缴罚款必须向当事人出具专用票据",
        );
    }
    let owed = match state.deadline("P11") {
        Some(due) => {
            let extra = surcharge_on(fine, due.due, p.paid_on);
            if extra > 0 {
                out.warn(
                    "P11",
                    "paid_on",
                    format!(
                        "P11 逾期缴纳罚款，每日按罚款数额的百分之三加处罚款，共{}元",
                        yuan(extra)
                    ),
                );
            }
            fine.saturating_add(extra)
        }
        None => fine,
    };
    if state.paid_fen.saturating_add(p.amount_fen) >= owed {
        out.close("P11");
    } else {
        out.warn(
            "P11",
            "amount_fen",
            format!("P11 尚未缴足，应缴{}元", yuan(owed)),
        );
    }
}
