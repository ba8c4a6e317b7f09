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
    Filing, Notice, Payment, PenaltyDecision, Remedies, Service, ServiceMethod, Transcript,
    TranscriptKind,
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
const FILE_KINDS: [ProcedureKind; 3] = [
    ProcedureKind::PenaltyOrdinary,
    ProcedureKind::Inspection,
    ProcedureKind::Coercion,
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
    let cause = f.required("cause", "案由");
    let violation_on = f.date("violation_on", "违法行为发生日期");
    let discovered_on = f.date("discovered_on", "发现日期");
    let approved_by = f.required("approved_by", "批准立案的负责人");
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
    let filing = Filing {
        party: party?,
        cause,
        violation_on: violation_on?,
        continuing_until: None,
        discovered_on: discovered_on?,
        serious_harm: f.checked("serious_harm"),
        complex_or_serious: f.checked("complex_or_serious"),
        review_required: f.checked("review_required"),
        approved_by,
    };
    let mut command = Command::new(officers, ActPayload::Filing(filing));
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

/// The kinds of act the console records, in the order of a case.
pub const ACT_KINDS: [(&str, &str); 11] = [
    ("transcript", "笔录（现场检查、询问、现场笔录）"),
    ("notice", "行政处罚事先告知"),
    ("reply", "陈述申辩"),
    ("legal_review", "法制审核意见"),
    ("deliberation", "集体讨论"),
    ("decision", "行政处罚决定"),
    ("service", "送达"),
    ("payment", "缴纳罚款"),
    ("not_applicable", "环节不适用"),
    ("close", "结案"),
    ("archive", "归档"),
];

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
            Some(ActPayload::Service(Service {
                of_act: of_act.unwrap_or(0),
                recipient: f.required("recipient", "受送达人"),
                method,
                served_on: served_on.unwrap_or(at.date()),
            }))
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
