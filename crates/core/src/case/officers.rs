//! Rules on who acts and how it is recorded, common to every procedure: R2 certificates, R3 two
//! officers, R4 certificate shown, R5 recusal, A3 audio-visual recording, A7 signatures.

use std::collections::BTreeSet;

use super::act::ActPayload;
use super::command::{Command, Outcome};
use super::context::ActContext;
use super::model::AvRequirement;
use super::payload::{CoercionKind, ServiceMethod, TranscriptKind};
use super::state::CaseState;
use crate::registry::{CertificateNo, CertificateStatus};

/// On-site acts, 询问, 检查, 强制 and personal service: R3 needs two officers, A3 applies.
pub fn is_on_site(payload: &ActPayload) -> bool {
    match payload {
        ActPayload::Transcript(_)
        | ActPayload::Preservation { .. }
        | ActPayload::CoercionMeasure(_)
        | ActPayload::CoercionRelease { .. } => true,
        ActPayload::Decision(d) => d.on_the_spot,
        ActPayload::Service(s) => matches!(
            s.method,
            ServiceMethod::Personal { .. } | ServiceMethod::Left { .. }
        ),
        _ => false,
    }
}

/// Steps A3 asks to record "according to circumstances".
fn is_contentious(payload: &ActPayload) -> bool {
    match payload {
        ActPayload::Transcript(t) => t.kind != TranscriptKind::Inquiry,
        ActPayload::Preservation { .. } | ActPayload::HearingHeld(_) => true,
        ActPayload::Service(s) => matches!(
            s.method,
            ServiceMethod::Left { .. } | ServiceMethod::PublicNotice { .. }
        ),
        _ => false,
    }
}

/// R2, R3, R5: the officers named by the command.
pub(crate) fn check_officers(
    state: &CaseState,
    cmd: &Command,
    ctx: &ActContext,
    out: &mut Outcome,
) {
    let date = ctx.date();
    check_recorder(cmd, ctx, out);
    let mut certified = BTreeSet::new();
    let mut unconfirmed = Vec::new();
    for no in &cmd.officers {
        if state.recused.contains(no) {
            out.hard(
                "R5",
                "officers",
                format!("R5 执法证号{no}的执法人员已决定回避，不得参与本案后续执法行为"),
            );
        }
        let Some(officer) = ctx.officers.iter().find(|o| &o.certificate_no == no) else {
            out.hard(
                "R2",
                "officers",
                format!("R2 执法证号{no}不在执法人员名录中，不能参与执法"),
            );
            continue;
        };
        let who = format!("{}（执法证号{}）", officer.name, no);
        let mut ok = true;
        if officer.status != CertificateStatus::Active {
            ok = false;
            out.hard(
                "R2",
                "officers",
                format!(
                    "R2 {who}的执法证在{date}的状态为“{}”，不能执法",
                    officer.status.label_zh()
                ),
            );
        }
        if !officer.categories.iter().any(|c| c == &ctx.matter_category) {
            ok = false;
            out.hard(
                "R2",
                "officers",
                format!("R2 {who}的执法证不含执法类别“{}”", ctx.matter_category),
            );
        }
        if !officer.areas.iter().any(|a| a == &ctx.matter_area) {
            ok = false;
            out.hard(
                "R2",
                "officers",
                format!("R2 {who}的执法证不含执法区域“{}”", ctx.matter_area),
            );
        }
        if ok {
            // R3 with CASE-2: an officer counts once they vouched for the act themselves.
            match &ctx.attestation {
                Some(a) if !a.vouches(no) => unconfirmed.push(who),
                _ => {
                    certified.insert(no.clone());
                }
            }
        }
    }
    let kind = cmd.payload.kind();
    let excepted = ctx
        .config
        .single_officer_exceptions
        .iter()
        .any(|(k, _)| *k == kind);
    if is_on_site(&cmd.payload) && !excepted && certified.len() < 2 {
        let pending = if unconfirmed.is_empty() {
            String::new()
        } else {
            format!(
                "；{}尚未本人确认（在本设备输入其密码，或由其本人登录后记录）",
                unconfirmed.join("、")
            )
        };
        out.hard(
            "R3",
            "officers",
            format!(
                "R3 执法人员不得少于两人：本行为仅有{}名持有效执法证并本人确认的执法人员{pending}",
                certified.len()
            ),
        );
    }
}

/// CASE-2: an act is recorded by one of the officers who carried it out, signed in as
/// themselves; nobody records acts in colleagues' names alone.
fn check_recorder(cmd: &Command, ctx: &ActContext, out: &mut Outcome) {
    let Some(a) = &ctx.attestation else {
        return;
    };
    if a.recorder.is_empty() {
        out.hard(
            "CASE-2",
            "officers",
            "CASE-2 您的账户未关联执法人员，不能记录执法行为（请系统管理员关联）",
        );
    } else if !cmd.officers.iter().any(|no| a.recorder.contains(no)) {
        out.hard(
            "CASE-2",
            "officers",
            format!(
                "CASE-2 记录执法行为的须是实施该行为的执法人员本人：您的执法证号{}不在本行为的执法人员中",
                a.recorder
                    .iter()
                    .map(CertificateNo::as_str)
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        );
    }
}

/// R4: the command's officers whose certificate is not among those recorded as shown.
fn not_shown<'a>(
    cmd: &'a Command,
    shown: &'a [CertificateNo],
) -> impl Iterator<Item = &'a CertificateNo> {
    cmd.officers.iter().filter(|no| !shown.contains(no))
}

/// R4 and A7 for 笔录; A7 for the hearing record; R4 for a decision made on the spot.
pub(crate) fn check_record(cmd: &Command, out: &mut Outcome) {
    match &cmd.payload {
        // S2 Art 52: officers deciding on the spot show their certificates to the party.
        ActPayload::Decision(d) if d.on_the_spot => {
            for no in not_shown(cmd, &d.certificates_shown) {
                out.hard(
                    "R4",
                    "certificates_shown",
                    format!(
                        "R4 当场作出行政处罚决定，执法人员（执法证号{no}）应当向当事人出示执法证件（《行政处罚法》第五十二条）"
                    ),
                );
            }
        }
        ActPayload::Transcript(t) => {
            if t.certificates_shown.is_empty() {
                out.hard("R4", "certificates_shown", "R4 笔录须记载出示的执法证号");
            }
            for no in not_shown(cmd, &t.certificates_shown) {
                out.hard(
                    "R4",
                    "certificates_shown",
                    format!("R4 笔录未记载执法人员（执法证号{no}）出示执法证"),
                );
            }
            out.require(
                t.rights_notified,
                "P4",
                "rights_notified",
                "P4 笔录须记载已告知当事人权利（含申请回避的权利）",
            );
            out.require(
                !t.content.trim().is_empty(),
                "P4",
                "content",
                "P4 笔录内容不能为空",
            );
            out.require(
                t.is_signed(),
                "A7",
                "signatures",
                "A7 笔录须由当事人和执法人员签名，或注明拒签情况并由见证人签名，方可定稿",
            );
        }
        ActPayload::HearingHeld(h) => {
            let signed = h.record_signed || (h.refusal_note.is_some() && h.witness.is_some());
            out.require(
                signed,
                "A7",
                "record_signed",
                "A7 听证笔录须经签名，或注明拒签情况并由见证人签名",
            );
        }
        _ => {}
    }
}

/// A3: full-process recording for 查封扣押 (and for on-site acts of a full-process matter);
/// WARN for contentious steps of a by-circumstance matter.
pub(crate) fn check_av(cmd: &Command, ctx: &ActContext, out: &mut Outcome) {
    if ctx.av_attached {
        return;
    }
    let seizure = matches!(&cmd.payload, ActPayload::CoercionMeasure(m) if m.measure == CoercionKind::Seizure);
    if seizure {
        out.hard(
            "A3",
            "av_record",
            "A3 查封扣押须全过程音像记录，未附覆盖本行为的音像记录不得记录",
        );
    } else if ctx.av_requirement == AvRequirement::FullProcess && is_on_site(&cmd.payload) {
        out.hard(
            "A3",
            "av_record",
            "A3 本事项要求全过程音像记录，未附覆盖本行为的音像记录不得记录",
        );
    } else if ctx.av_requirement == AvRequirement::ByCircumstance && is_contentious(&cmd.payload) {
        out.warn(
            "A3",
            "av_record",
            "A3 本环节应根据情况进行音像记录，未附音像记录",
        );
    }
}

/// R1 (S2 Arts 18–21; S3 Art 17): an entrusted body acts only within an entrustment in force on
/// the act date whose stated matters include the case's 执法类别, and never carries out a
/// coercive measure (行政强制措施权不得委托).
pub(crate) fn check_acting_body(
    state: &CaseState,
    cmd: &Command,
    ctx: &ActContext,
    out: &mut Outcome,
) {
    if ctx.acting_body.nature != Some(crate::registry::AgencyNature::Entrusted) {
        return;
    }
    let coercive = state.kind == super::model::ProcedureKind::Coercion
        || matches!(
            cmd.payload,
            ActPayload::CoercionApproval { .. }
                | ActPayload::CoercionMeasure(_)
                | ActPayload::EmergencyApproval { .. }
        );
    if coercive {
        out.hard(
            "R1",
            "agency_id",
            "R1 行政强制措施权不得委托，受委托组织不能实施行政强制措施（《行政强制法》第十七条）",
        );
        return;
    }
    let date = ctx.date();
    let in_force: Vec<_> = ctx
        .acting_body
        .entrustments
        .iter()
        .filter(|e| e.valid_from <= date && date <= e.valid_until)
        .collect();
    if in_force.is_empty() {
        out.hard(
            "R1",
            "agency_id",
            format!("R1 受委托组织在{date}没有有效的委托，不能以委托机关名义实施（《行政处罚法》第二十条）"),
        );
    } else if !in_force
        .iter()
        .any(|e| e.scope.contains(ctx.matter_category.trim()))
    {
        out.hard(
            "R1",
            "matter_category",
            format!(
                "R1 委托书载明的委托事项不包括执法类别“{}”（《行政处罚法》第二十条）",
                ctx.matter_category
            ),
        );
    }
}
