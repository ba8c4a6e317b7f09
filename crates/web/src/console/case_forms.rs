//! Filing a case and recording its acts from the console (CASE-1, CASE-2): plain forms, one per
//! kind of act, read into the core's typed command; the rules decide, and a violation comes back
//! as the same form with every problem named by its rule (422), nothing written.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDateTime;
use sanxiang_app::cases::{ActInput, DraftRequest, NewCase};
use sanxiang_app::{Actor, AppError};
use sanxiang_core::case::payload::{
    Art18Checklist, CoercionKind, CoercionMeasure, Filing, HearingHeld, HearingNotice, Item,
    Notice, Payment, PenaltyDecision, Remedies, Service, ServiceMethod, Transcript, TranscriptKind,
};
use sanxiang_core::case::{ActPayload, Command, Party, PartyId, Penalty, ProcedureKind, Stage};
use sanxiang_core::ids::{CreditCode, IdNumber};
use sanxiang_core::instrument::Witness;
use sanxiang_core::instrument::draft::InspectionDetails;
use sanxiang_core::rule::Violation;
use serde::Deserialize;

use super::form::Fields;
use super::{FieldErrors, Nav};
use crate::error::{PageError, render_status};
use crate::session::PageActor;
use crate::state::AppState;

/// The procedures a case may be filed in from the console, with their labels.
const FILE_KINDS: [ProcedureKind; 4] = [
    ProcedureKind::PenaltyOrdinary,
    ProcedureKind::Inspection,
    ProcedureKind::Coercion,
    ProcedureKind::Licensing,
];

fn code<T: serde::Serialize>(v: &T) -> String {
    sanxiang_app::cases::code(v)
}

fn parse_code<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
}

#[derive(Template)]
#[template(path = "case_new.html")]
struct NewCasePage {
    nav: Nav,
    f: Fields,
    errors: FieldErrors,
    agencies: Vec<(i64, String)>,
    kinds: Vec<(String, &'static str)>,
}

async fn new_case_page(
    state: &AppState,
    actor: &Actor,
    f: Fields,
    errors: Vec<Violation>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let agencies = state
        .app
        .agencies_in_scope(actor)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    Ok(render_status(
        status,
        &NewCasePage {
            nav: Nav::of(actor),
            f,
            errors: FieldErrors(errors),
            agencies,
            kinds: FILE_KINDS.iter().map(|k| (code(k), k.label_zh())).collect(),
        },
    ))
}

pub async fn new_case_form(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
) -> Result<Response, PageError> {
    let f = Fields::new(vec![
        ("agency_id".into(), actor.agency_id.to_string()),
        ("kind".into(), code(&ProcedureKind::PenaltyOrdinary)),
        ("party_kind".into(), "organisation".into()),
    ]);
    new_case_page(&state, &actor, f, Vec::new(), StatusCode::OK).await
}

/// The party of a filing: a natural person by 公民身份号码, an organisation by 统一社会信用代码.
fn party(f: &mut Fields) -> Option<Party> {
    let name = f.required("party_name", "当事人姓名或名称");
    let id = f.get("party_id");
    let address = f.required("party_address", "送达地址");
    let id = match f.get("party_kind").as_str() {
        "person" => IdNumber::parse(&id)
            .map(|id_number| PartyId::Person { id_number })
            .map_err(|e| e.to_violation(Some("party_id"))),
        _ => CreditCode::parse(&id)
            .map(|credit_code| PartyId::Organisation { credit_code })
            .map_err(|e| e.to_violation(Some("party_id"))),
    };
    match id {
        Ok(id) => Some(Party {
            name,
            id,
            service_address: address,
            agents: Vec::new(),
        }),
        Err(v) => {
            f.problems.push(v);
            None
        }
    }
}

fn read_new_case(f: &mut Fields) -> Option<NewCase> {
    let agency_id = f.get("agency_id").parse::<i64>().ok();
    let kind = parse_code::<ProcedureKind>(&f.get("kind")).filter(|k| FILE_KINDS.contains(k));
    let officers = f.certificates(&["officer_1", "officer_2", "officer_3"]);
    let matter_category = f.required("matter_category", "执法类别");
    let matter_area = f.required("matter_area", "执法区域");
    let party = party(f);
    let at = f.datetime("at", "立案时间");
    if agency_id.is_none() {
        f.problems.push(Violation::hard(
            "REQUIRED",
            Some("agency_id"),
            "请选择执法主体",
        ));
    }
    if kind.is_none() {
        f.problems
            .push(Violation::hard("REQUIRED", Some("kind"), "请选择程序"));
    }
    let payload = if kind == Some(ProcedureKind::Licensing) {
        // P14: a licensing case starts with the application received.
        ActPayload::Application {
            applicant: party?,
            item: f.required("cause", "申请事项"),
            materials_complete: f.checked("materials_complete"),
        }
    } else {
        let cause = f.required("cause", "案由");
        let violation_on = f.date("violation_on", "违法行为发生日期");
        let discovered_on = f.date("discovered_on", "发现日期");
        let approved_by = f.required("approved_by", "批准立案的负责人");
        ActPayload::Filing(Filing {
            party: party?,
            cause,
            violation_on: violation_on?,
            continuing_until: None,
            discovered_on: discovered_on?,
            serious_harm: f.checked("serious_harm"),
            complex_or_serious: f.checked("complex_or_serious"),
            review_required: f.checked("review_required"),
            approved_by,
        })
    };
    let mut command = Command::new(officers, payload);
    command.place = f.optional("place");
    Some(NewCase {
        agency_id: agency_id?,
        kind: kind?,
        matter_category,
        matter_area,
        first_act: ActInput {
            command,
            at,
            issue: Vec::new(),
        },
    })
}

/// CASE-1: 立案 from the console.
pub async fn file_case(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let mut f = Fields::new(pairs);
    let new = read_new_case(&mut f);
    let result = match new {
        Some(new) if f.problems.is_empty() => state.app.file_case(&actor, new).await,
        _ => Err(AppError::Invalid(std::mem::take(&mut f.problems))),
    };
    match result {
        Ok(case) => Ok(Redirect::to(&format!("/console/cases/{}", case.id)).into_response()),
        Err(AppError::Invalid(v)) => {
            new_case_page(&state, &actor, f, v, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Every kind of act the console records, with its form's title.
pub const ACT_KINDS: &[(&str, &str)] = &[
    ("transcript", "笔录（现场检查、询问、现场笔录）"),
    ("inspection_result", "检查结果"),
    ("preservation_approval", "先行登记保存审批"),
    ("preservation", "先行登记保存证据"),
    ("notice", "行政处罚事先告知"),
    ("reply", "陈述申辩"),
    ("hearing_request", "当事人要求听证"),
    ("hearing_notice", "听证通知"),
    ("hearing_held", "举行听证"),
    ("legal_review", "法制审核意见"),
    ("deliberation", "集体讨论"),
    ("decision", "行政处罚决定"),
    ("coercion_approval", "行政强制措施审批"),
    ("coercion_measure", "实施查封扣押或冻结"),
    ("coercion_extension", "延长强制措施期限"),
    ("coercion_release", "解除强制措施"),
    ("correction_notice", "一次性告知补正材料"),
    ("acceptance", "受理"),
    ("licensing_extension", "延长许可决定期限"),
    ("licensing_decision", "许可决定"),
    ("service", "送达"),
    ("payment", "缴纳罚款"),
    ("recusal", "回避决定"),
    ("pause", "中止计算办案期限（听证、检测、公告）"),
    ("resume", "恢复计算办案期限"),
    ("not_applicable", "环节不适用"),
    ("close", "结案"),
    ("archive", "归档"),
];

/// The kinds of act a case of `kind` takes, in the order of such a case.
pub fn act_kinds(kind: ProcedureKind) -> Vec<(&'static str, &'static str)> {
    let codes: &[&str] = match kind {
        ProcedureKind::PenaltyOrdinary => &[
            "transcript",
            "preservation_approval",
            "preservation",
            "notice",
            "reply",
            "hearing_request",
            "hearing_notice",
            "hearing_held",
            "pause",
            "resume",
            "legal_review",
            "deliberation",
            "decision",
            "service",
            "payment",
            "recusal",
            "not_applicable",
            "close",
        ],
        ProcedureKind::PenaltySimple => &["service", "payment", "not_applicable", "close"],
        ProcedureKind::Inspection => &[
            "transcript",
            "inspection_result",
            "service",
            "recusal",
            "not_applicable",
            "close",
        ],
        ProcedureKind::Coercion => &[
            "transcript",
            "coercion_approval",
            "coercion_measure",
            "coercion_extension",
            "coercion_release",
            "service",
            "recusal",
            "not_applicable",
            "close",
        ],
        ProcedureKind::Licensing => &[
            "correction_notice",
            "acceptance",
            "licensing_extension",
            "licensing_decision",
            "service",
            "not_applicable",
            "close",
        ],
    };
    codes
        .iter()
        .filter_map(|c| ACT_KINDS.iter().find(|(k, _)| k == c).copied())
        .collect()
}

fn act_label(kind: &str) -> Option<&'static str> {
    ACT_KINDS.iter().find(|(k, _)| *k == kind).map(|(_, l)| *l)
}

#[derive(Deserialize, Default)]
pub struct ActQuery {
    pub kind: Option<String>,
}

#[derive(Template)]
#[template(path = "case_act.html")]
struct ActPage {
    nav: Nav,
    case: sanxiang_store::entity::cases::Model,
    kind: String,
    label: &'static str,
    f: Fields,
    errors: FieldErrors,
    /// Files of the case that may be attached: (SM3, file name, kind).
    files: Vec<(String, String, String)>,
    /// Acts whose document may be served: (seq, label).
    servable: Vec<(u64, String)>,
    /// Coercive measures carried out, and evidence-preservation approvals: (seq, label).
    measures: Vec<(u64, String)>,
    approvals: Vec<(u64, String)>,
    stages: Vec<(String, &'static str)>,
}

async fn act_page(
    state: &AppState,
    actor: &Actor,
    id: i64,
    kind: String,
    f: Fields,
    errors: Vec<Violation>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let Some(label) = act_label(&kind) else {
        return Ok(super::not_found());
    };
    let view = state.app.case_view(actor, id).await?;
    let files = state
        .app
        .evidence_list(actor, id)
        .await?
        .into_iter()
        .map(|e| (e.sm3, e.file_name, e.kind))
        .collect();
    let servable = view
        .acts
        .iter()
        .filter(|r| {
            matches!(
                r.act.payload,
                ActPayload::Notice(_)
                    | ActPayload::Decision(_)
                    | ActPayload::HearingNotice(_)
                    | ActPayload::CoercionMeasure(_)
            )
        })
        .map(|r| (r.act.seq, r.act.kind().label_zh().to_owned()))
        .collect();
    let acts_where = |p: fn(&ActPayload) -> bool| -> Vec<(u64, String)> {
        view.acts
            .iter()
            .filter(|r| p(&r.act.payload))
            .map(|r| {
                (
                    r.act.seq,
                    format!(
                        "{} {}",
                        r.act.kind().label_zh(),
                        r.act.at.format("%Y-%m-%d")
                    ),
                )
            })
            .collect()
    };
    let measures = acts_where(|p| matches!(p, ActPayload::CoercionMeasure(_)));
    let approvals = acts_where(|p| matches!(p, ActPayload::PreservationApproval { .. }));
    let stages = parse_code::<ProcedureKind>(&view.case.kind)
        .map(|k| {
            k.required_stages()
                .iter()
                .map(|s| (code(s), s.label_zh()))
                .collect()
        })
        .unwrap_or_default();
    Ok(render_status(
        status,
        &ActPage {
            nav: Nav::of(actor),
            case: view.case,
            kind,
            label,
            f,
            errors: FieldErrors(errors),
            files,
            servable,
            measures,
            approvals,
            stages,
        },
    ))
}

pub async fn act_form(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
    Query(q): Query<ActQuery>,
) -> Result<Response, PageError> {
    let kind = q.kind.unwrap_or_default();
    let f = Fields::new(vec![
        ("rights_notified".into(), "on".into()),
        ("officers_signed".into(), "on".into()),
        ("rights_told".into(), "on".into()),
    ]);
    act_page(&state, &actor, id, kind, f, Vec::new(), StatusCode::OK).await
}

/// Non-empty lines of a textarea.
fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn number(f: &mut Fields, name: &str, label: &str) -> Option<u32> {
    let v = f.get(name);
    let n = v.parse::<u32>().ok();
    if n.is_none() {
        f.problems.push(Violation::hard(
            "REQUIRED",
            Some(name),
            format!("{label}应为整数"),
        ));
    }
    n
}

/// The sequence number of an earlier act chosen in a select.
fn seq_field(f: &mut Fields, name: &str, rule: &str, message: &str) -> u64 {
    f.get(name).parse::<u64>().unwrap_or_else(|_| {
        f.problems
            .push(Violation::hard(rule, Some(name), message.to_owned()));
        0
    })
}

fn one_certificate(
    f: &mut Fields,
    name: &str,
    label: &str,
) -> Option<sanxiang_core::registry::CertificateNo> {
    if f.get(name).is_empty() {
        f.problems.push(Violation::hard(
            "REQUIRED",
            Some(name),
            format!("请填写{label}"),
        ));
        return None;
    }
    f.certificates(&[name]).pop()
}

fn penalties(f: &mut Fields) -> Vec<Penalty> {
    let mut out = Vec::new();
    if f.checked("warning") {
        out.push(Penalty::Warning);
    }
    if let Some(fen) = f.yuan("fine_yuan", "罚款金额") {
        out.push(Penalty::Fine { fen });
    }
    if let Some(fen) = f.yuan("gains_yuan", "没收违法所得金额") {
        out.push(Penalty::ConfiscateGains { fen });
    }
    if out.is_empty() {
        f.problems.push(Violation::hard(
            "P5",
            Some("fine_yuan"),
            "请填写拟作出（或决定）的行政处罚",
        ));
    }
    out
}

/// The form of one act kind read into its payload (and the document to draft with it).
fn read_payload(
    f: &mut Fields,
    kind: &str,
    party: Option<&Party>,
    organ: &str,
    at: NaiveDateTime,
    officers: &[sanxiang_core::registry::CertificateNo],
) -> (Option<ActPayload>, Option<DraftRequest>) {
    let payload = match kind {
        "transcript" => {
            let tk = match f.get("transcript_kind").as_str() {
                "inquiry" => TranscriptKind::Inquiry,
                "on_site" => TranscriptKind::OnSite,
                _ => TranscriptKind::Inspection,
            };
            let content = f.required("content", "笔录内容");
            let t = Transcript {
                kind: tk,
                certificates_shown: if f.checked("certificates_shown") {
                    officers.to_vec()
                } else {
                    Vec::new()
                },
                rights_notified: f.checked("rights_notified"),
                content,
                officers_signed: f.checked("officers_signed"),
                party_signed: f.checked("party_signed"),
                refusal_note: f.optional("refusal_note"),
                witness: f.optional("witness"),
            };
            let draft = (f.checked("issue") && tk == TranscriptKind::Inspection).then(|| {
                DraftRequest::InspectionRecord(InspectionDetails {
                    started_at: f.datetime("started_at", "检查开始时间").unwrap_or(at),
                    place: f.get("place"),
                    present_person: f.get("present_person"),
                    recorder: f.get("recorder"),
                    witness: t.witness.clone().map(|name| Witness {
                        name,
                        identity: f.get("witness_identity"),
                    }),
                })
            });
            return (Some(ActPayload::Transcript(t)), draft);
        }
        "notice" => {
            let n = Notice {
                penalties: penalties(f),
                facts: f.required("facts", "违法事实"),
                reasons: f.required("reasons", "理由"),
                basis: f.required("basis", "处罚依据"),
                rights_told: f.checked("rights_told"),
                hearing_offered: f.checked("hearing_offered"),
            };
            let draft = f.checked("issue").then(|| DraftRequest::PriorNotice {
                contact: f.get("contact"),
            });
            return (Some(ActPayload::Notice(n)), draft);
        }
        "reply" => Some(ActPayload::Reply {
            waived: f.checked("waived"),
            statement: f.get("statement"),
        }),
        "legal_review" => Some(ActPayload::LegalReview {
            passed: f.get("passed") == "yes",
            reviewer: f.required("reviewer", "审核人员"),
            opinion: f.required("opinion", "审核意见"),
        }),
        "deliberation" => Some(ActPayload::Deliberation {
            participants: f
                .required("participants", "参加人员")
                .split(['、', ',', '，'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            conclusion: f.required("conclusion", "讨论结论"),
        }),
        "decision" => {
            let Some(party) = party.cloned() else {
                f.problems.push(Violation::hard(
                    "P9",
                    Some("facts"),
                    "本案没有立案记载的当事人",
                ));
                return (None, None);
            };
            let penalties = penalties(f);
            let decided_on = f.date("decided_on", "决定日期");
            Some(ActPayload::Decision(PenaltyDecision {
                party,
                facts: f.required("facts", "违法事实"),
                evidence: f
                    .get("evidence_list")
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect(),
                penalties,
                basis: f.required("basis", "处罚依据"),
                performance: f.required("performance", "履行方式和期限"),
                remedies: Remedies::statutory(
                    &f.required("review_organ", "行政复议机关"),
                    &f.required("court", "人民法院"),
                ),
                organ: organ.to_owned(),
                decided_on: decided_on.unwrap_or(at.date()),
                sealed: f.checked("sealed"),
                on_the_spot: false,
                instrument_no: None,
                facts_conclusive: false,
            }))
        }
        "service" => {
            let of_act = f.get("of_act").parse::<u64>().ok();
            if of_act.is_none() {
                f.problems
                    .push(Violation::hard("P10", Some("of_act"), "请选择送达的文书"));
            }
            let served_on = f.date("served_on", "送达日期");
            let method = match f.get("method").as_str() {
                "post" => ServiceMethod::Post {
                    return_receipt_on: served_on,
                },
                "left" => ServiceMethod::Left {
                    refusal_reason: f.required("refusal_reason", "拒收理由"),
                    witness: f.optional("service_witness"),
                    av_record: f.optional("av_record"),
                },
                _ => ServiceMethod::Personal {
                    receipt_signed: f.checked("receipt_signed"),
                },
            };
            let draft = f.checked("issue").then_some(DraftRequest::ServiceReceipt);
            let service = ActPayload::Service(Service {
                of_act: of_act.unwrap_or(0),
                recipient: f.required("recipient", "受送达人"),
                method,
                served_on: served_on.unwrap_or(at.date()),
            });
            return (Some(service), draft);
        }
        "payment" => Some(ActPayload::Payment(Payment {
            amount_fen: f.yuan("amount_yuan", "缴纳金额").unwrap_or(0),
            paid_on: f.date("paid_on", "缴纳日期").unwrap_or(at.date()),
            on_the_spot: None,
            receipt_no: f.optional("receipt_no"),
        })),
        "not_applicable" => match parse_code::<Stage>(&f.get("stage")) {
            Some(stage) => Some(ActPayload::NotApplicable {
                stage,
                reason: f.required("reason", "不适用的理由"),
            }),
            None => {
                f.problems
                    .push(Violation::hard("A1", Some("stage"), "请选择环节"));
                None
            }
        },
        "close" => Some(ActPayload::Close {
            summary: f.required("summary", "结案报告摘要"),
        }),
        "archive" => Some(ActPayload::Archive),
        "inspection_result" => Some(ActPayload::InspectionResult {
            findings: f.required("findings", "检查结果"),
        }),
        "preservation_approval" => Some(ActPayload::PreservationApproval {
            approved_by: f.required("approved_by", "批准的负责人"),
        }),
        "preservation" => Some(ActPayload::Preservation {
            approval: seq_field(f, "approval", "P4", "请选择先行登记保存的审批"),
            items: lines(&f.required("items", "登记保存的物品")),
        }),
        "hearing_request" => Some(ActPayload::HearingRequest),
        "hearing_notice" => {
            let host = one_certificate(f, "host", "听证主持人执法证号");
            let hearing_on = f.date("hearing_on", "听证日期").unwrap_or(at.date());
            let public = f.checked("public");
            host.map(|host| {
                ActPayload::HearingNotice(HearingNotice {
                    hearing_on,
                    host,
                    public,
                })
            })
        }
        "hearing_held" => {
            let host = one_certificate(f, "host", "听证主持人执法证号");
            let (party_appeared, absence_excused, record_signed) = (
                f.checked("party_appeared"),
                f.checked("absence_excused"),
                f.checked("record_signed"),
            );
            let (refusal_note, witness) = (f.optional("refusal_note"), f.optional("witness"));
            host.map(|host| {
                ActPayload::HearingHeld(HearingHeld {
                    host,
                    party_appeared,
                    absence_excused,
                    record_signed,
                    refusal_note,
                    witness,
                })
            })
        }
        "recusal" => {
            let officer = one_certificate(f, "recused", "回避人员执法证号");
            let reason = f.required("reason", "回避理由");
            let decided_by = f.required("decided_by", "决定回避的负责人");
            officer.map(|officer| ActPayload::Recusal {
                officer,
                reason,
                decided_by,
            })
        }
        "pause" => Some(ActPayload::Pause {
            reason: f.required("reason", "中止的理由"),
        }),
        "resume" => Some(ActPayload::Resume),
        "coercion_approval" => Some(ActPayload::CoercionApproval {
            approved_by: f.required("approved_by", "批准的负责人"),
        }),
        "coercion_measure" => Some(ActPayload::CoercionMeasure(CoercionMeasure {
            measure: if f.get("measure") == "freeze" {
                CoercionKind::Freeze
            } else {
                CoercionKind::Seizure
            },
            emergency: f.checked("emergency"),
            items: lines(&f.required("items", "查封扣押的场所、设施或者财物清单"))
                .into_iter()
                .map(|l| match l.rsplit_once(['，', ',', ' ']) {
                    Some((name, quantity)) => Item {
                        name: name.trim().to_owned(),
                        quantity: quantity.trim().to_owned(),
                    },
                    None => Item {
                        name: l,
                        quantity: String::new(),
                    },
                })
                .collect(),
            term_days: number(f, "term_days", "期限（日）").unwrap_or(0),
            checklist: Art18Checklist {
                certificate_shown: f.checked("certificate_shown"),
                party_notified: f.checked("party_notified"),
                reasons_basis_rights_told: f.checked("reasons_basis_rights_told"),
                party_heard: f.checked("party_heard"),
                onsite_record_made: f.checked("onsite_record_made"),
                signed_or_refusal_noted: f.checked("signed_or_refusal_noted"),
                party_present: f.checked("party_present"),
                witness_signed: f.checked("witness_signed"),
                other_legal_steps: f.checked("other_legal_steps"),
            },
            reasons: f.required("reasons", "理由"),
            basis: f.required("basis", "依据"),
        })),
        "coercion_extension" => Some(ActPayload::CoercionExtension {
            measure: seq_field(f, "measure", "P13", "请选择强制措施"),
            days: number(f, "days", "延长天数").unwrap_or(0),
            reasons: f.required("reasons", "延长的理由"),
            approved_by: f.required("approved_by", "批准的负责人"),
        }),
        "coercion_release" => Some(ActPayload::CoercionRelease {
            measure: seq_field(f, "measure", "P13", "请选择强制措施"),
            ground: f.required("ground", "解除的理由"),
            property_returned: f.checked("property_returned"),
        }),
        "correction_notice" => Some(ActPayload::CorrectionNotice {
            missing: lines(&f.required("missing", "需要补正的全部内容")),
        }),
        "acceptance" => Some(ActPayload::Acceptance {
            receipt_sealed_and_dated: f.checked("receipt_sealed_and_dated"),
        }),
        "licensing_extension" => Some(ActPayload::LicensingExtension {
            days: number(f, "days", "延长天数").unwrap_or(0),
            approved_by: f.required("approved_by", "批准的负责人"),
            reasons_told: f.checked("reasons_told"),
        }),
        "licensing_decision" => Some(ActPayload::LicensingDecision {
            granted: f.get("granted") != "no",
            reasons: f.required("reasons", "决定的理由"),
        }),
        _ => None,
    };
    (payload, None)
}

/// CASE-2: records one act (and issues the drafted document with it when asked).
pub async fn record_act(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let mut f = Fields::new(pairs);
    let kind = f.get("kind");
    if act_label(&kind).is_none() {
        return Ok(super::not_found());
    }
    let view = state.app.case_view(&actor, id).await?;
    let organ = state
        .app
        .agencies_in_scope(&actor)
        .await?
        .into_iter()
        .find(|a| a.id == view.case.agency_id)
        .map(|a| a.name)
        .unwrap_or_default();
    let officers = f.certificates(&["officer_1", "officer_2", "officer_3"]);
    let at = f
        .datetime("at", "行为时间")
        .unwrap_or_else(|| state.app.now_local());
    let (payload, draft) = read_payload(
        &mut f,
        &kind,
        view.state.party.as_ref(),
        &organ,
        at,
        &officers,
    );
    let result = match payload {
        Some(payload) if f.problems.is_empty() => {
            let mut command = Command::new(officers, payload);
            command.place = f.optional("place");
            command.evidence = f.all("evidence");
            record(&state, &actor, id, command, at, draft).await
        }
        _ => Err(AppError::Invalid(std::mem::take(&mut f.problems))),
    };
    match result {
        Ok(seq) => Ok(Redirect::to(&format!("/console/cases/{id}#act-{seq}")).into_response()),
        Err(AppError::Invalid(v)) => {
            act_page(
                &state,
                &actor,
                id,
                kind,
                f,
                v,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// Drafts the asked document, records the act with it; the new act's sequence number.
async fn record(
    state: &AppState,
    actor: &Actor,
    id: i64,
    command: Command,
    at: NaiveDateTime,
    draft: Option<DraftRequest>,
) -> Result<u64, AppError> {
    let issue = match draft {
        Some(request) => vec![
            state
                .app
                .draft_document(actor, id, &command, at, request)
                .await?,
        ],
        None => Vec::new(),
    };
    let case = state
        .app
        .record_act(
            actor,
            id,
            ActInput {
                command,
                at: Some(at),
                issue,
            },
        )
        .await?;
    Ok(u64::try_from(case.act_count).unwrap_or(0))
}
