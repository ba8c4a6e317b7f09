//! Filing a case and recording its acts from the console (CASE-1, CASE-2): plain forms, one per
//! kind of act, read into the core's typed command; the rules decide, and a violation comes back
//! as the same form with every problem named by its rule (422), nothing written.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDateTime;
use sanxiang_app::cases::{ActInput, DraftRequest, NewCase};
use sanxiang_app::{Actor, AppError};
use sanxiang_core::case::payload::{Filing, SpecialLimitation};
use sanxiang_core::case::{ActPayload, Command, Party, PartyId, ProcedureKind};
use sanxiang_core::ids::{CreditCode, IdNumber};
use sanxiang_core::rule::Violation;
use serde::Deserialize;

use super::act_payload::number;
use super::act_payload::read_payload;
use super::form::Fields;
use super::{FieldErrors, Nav};
use crate::error::{PageError, render_status};
use crate::query::Query;
use crate::session::PageActor;
use crate::state::AppState;

/// The procedures a case may be filed in from the console, with their labels.
const FILE_KINDS: [ProcedureKind; 4] = [
    ProcedureKind::PenaltyOrdinary,
    ProcedureKind::Inspection,
    ProcedureKind::Coercion,
    ProcedureKind::Licensing,
];

/// The officers of an act, by certificate number; the first is the signed-in recorder, the
/// others confirm with their password beside (`officer_N_password`, CASE-2).
const OFFICER_FIELDS: [&str; 3] = ["officer_1", "officer_2", "officer_3"];

fn code<T: serde::Serialize>(v: &T) -> String {
    sanxiang_app::cases::code(v)
}

pub(super) fn parse_code<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
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
    let officers = f.certificates(&OFFICER_FIELDS);
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
        // P1: another law's period, when the officer names it (years and the law).
        let special_limitation = match f.optional("special_limitation_citation") {
            Some(citation) => number(f, "special_limitation_years", "法律规定的追责期限（年）")
                .map(|years| SpecialLimitation { years, citation }),
            None => None,
        };
        ActPayload::Filing(Filing {
            party: party?,
            cause,
            violation_on: violation_on?,
            continuing_until: None,
            discovered_on: discovered_on?,
            serious_harm: f.checked("serious_harm"),
            special_limitation,
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
            confirmations: f.confirmations(&OFFICER_FIELDS[1..]),
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
    ("preservation_handled", "对先行登记保存的证据作出处理决定"),
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
    ("emergency_approval", "紧急实施的强制措施补办批准"),
    ("coercion_extension", "延长强制措施期限"),
    ("coercion_release", "解除强制措施"),
    ("correction_notice", "一次性告知补正材料"),
    ("acceptance", "受理"),
    ("licensing_extension", "延长许可决定期限"),
    ("licensing_decision", "许可决定"),
    ("service", "送达"),
    ("payment", "缴纳罚款"),
    ("recusal", "回避决定"),
    (
        "pause",
        "中止计算期限（听证、检测、检验、检疫、鉴定、公告）",
    ),
    ("resume", "恢复计算期限"),
    ("decision_extension", "延长办案期限（负责人批准）"),
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
            "preservation_handled",
            "notice",
            "reply",
            "hearing_request",
            "hearing_notice",
            "hearing_held",
            "pause",
            "resume",
            "decision_extension",
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
            "emergency_approval",
            "coercion_extension",
            "pause",
            "resume",
            "coercion_release",
            "service",
            "recusal",
            "not_applicable",
            "close",
        ],
        ProcedureKind::Licensing => &[
            "correction_notice",
            "acceptance",
            "pause",
            "resume",
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
    /// Evidence under 先行登记保存: (seq, label).
    preservations: Vec<(u64, String)>,
    /// Every earlier act, for a correction: (seq, label).
    prior: Vec<(u64, String)>,
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
    let preservations = acts_where(|p| matches!(p, ActPayload::Preservation { .. }));
    let prior = acts_where(|_| true);
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
            preservations,
            prior,
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
    let officers = f.certificates(&OFFICER_FIELDS);
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
    // A statement or hearing request that came by post: its postmark date counts.
    let posted_on = match super::form::parse_date(&f.get("posted_on"), "posted_on", "邮戳日期")
    {
        Ok(d) => d,
        Err(v) => {
            f.problems.push(v);
            None
        }
    };
    let result = match payload {
        Some(payload) if f.problems.is_empty() => {
            let mut command = Command::new(officers, payload);
            command.place = f.optional("place");
            command.posted_on = posted_on;
            command.late_reason = f.optional("late_reason");
            command.evidence = f.all("evidence");
            // CASE-2: a correction is a new act naming the one it replaces (core checks that it
            // exists and is of the same kind).
            command.corrects = f.optional("corrects").and_then(|v| v.parse().ok());
            let confirmations = f.confirmations(&OFFICER_FIELDS[1..]);
            record(&state, &actor, id, command, at, draft, confirmations).await
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
    confirmations: Vec<sanxiang_app::cases::Confirmation>,
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
                confirmations,
            },
        )
        .await?;
    Ok(u64::try_from(case.act_count).unwrap_or(0))
}
