//! Case pages (CASE-1, CASE-2, CASE-6): the list in scope and a case's timeline.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse as _, Response};
use sanxiang_app::cases::RecordedAct;
use sanxiang_app::instruments::IssuedInstrument;
use sanxiang_core::case::{ProcedureKind, Stage};
use sanxiang_store::entity::cases;
use sanxiang_store::repo::cases::CaseFilter;
use serde::Deserialize;

use super::{Nav, Pager, query_string};
use crate::error::{PageError, render};
use crate::query::Query;
use crate::session::PageActor;
use crate::state::AppState;

fn from_code<T: serde::de::DeserializeOwned>(code: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(code.to_owned())).ok()
}

fn kind_label(code: &str) -> &'static str {
    from_code::<ProcedureKind>(code).map_or("", |k| k.label_zh())
}

fn stage_label(code: &str) -> &'static str {
    from_code::<Stage>(code).map_or("", |s| s.label_zh())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: Option<String>,
    #[serde(deserialize_with = "crate::query::empty_as_none")]
    page: Option<crate::query::PageNo>,
}

#[derive(Template)]
#[template(path = "cases.html")]
struct ListPage {
    nav: Nav,
    rows: Vec<(cases::Model, &'static str, &'static str)>,
    q: String,
    pager: Pager,
    can_record: bool,
}

pub async fn list(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let filter = CaseFilter {
        q: q.q.clone(),
        ..CaseFilter::default()
    };
    let page = state
        .app
        .list_cases(
            &actor,
            &filter,
            crate::query::page_request(q.page, None, 20),
        )
        .await?;
    let base = query_string(&[("q", q.q.clone().unwrap_or_default())]);
    let pager = Pager::new(page.page, page.pages(), page.total, &base);
    Ok(render(&ListPage {
        nav: Nav::of(&actor),
        rows: page
            .items
            .into_iter()
            .map(|c| {
                let (k, s) = (kind_label(&c.kind), stage_label(&c.stage));
                (c, k, s)
            })
            .collect(),
        q: q.q.unwrap_or_default(),
        pager,
        can_record: actor
            .role
            .allows(sanxiang_core::auth::Permission::RecordActs),
    }))
}

/// One line of the timeline.
struct TimelineRow {
    seq: u64,
    at: String,
    label: &'static str,
    officers: String,
    place: String,
    corrects: Option<u64>,
    /// CASE-2 补录: when it was recorded and why.
    late: Option<String>,
    ledger_index: i64,
    warnings: Vec<String>,
    /// Documents issued with the act: (link to the PDF, number and title).
    documents: Vec<(String, String)>,
    /// Evidence files attached to the act: (link, file name).
    files: Vec<(String, String)>,
}

impl TimelineRow {
    fn of(
        r: &RecordedAct,
        case_id: i64,
        issued: &[IssuedInstrument],
        evidence: &[sanxiang_store::entity::evidence::Model],
        confirmations: &[sanxiang_store::entity::act_confirmation::Model],
    ) -> TimelineRow {
        // CASE-2: a named officer who has not confirmed the act is marked as such.
        let mark = |c: &str| {
            let asked = confirmations.iter().find(|k| {
                u64::try_from(k.seq).is_ok_and(|s| s == r.act.seq) && k.certificate_no == c
            });
            match asked {
                Some(k) if k.confirmed_at.is_none() => format!("{c}（待本人确认）"),
                Some(_) => format!("{c}（已本人确认）"),
                None => c.to_owned(),
            }
        };
        TimelineRow {
            seq: r.act.seq,
            at: r.act.at.format("%Y-%m-%d %H:%M").to_string(),
            label: r.act.kind().label_zh(),
            officers: r
                .act
                .officers
                .iter()
                .map(|c| mark(c.as_str()))
                .collect::<Vec<_>>()
                .join("、"),
            place: r.act.place.clone().unwrap_or_default(),
            corrects: r.act.corrects,
            late: r.act.late_entry.as_ref().map(|l| {
                format!(
                    "{}补录：{}",
                    l.recorded_at.format("%Y-%m-%d %H:%M"),
                    l.reason
                )
            }),
            ledger_index: r.ledger_index,
            warnings: r
                .warnings
                .iter()
                .map(|w| format!("{}（{}）", w.message, w.rule))
                .collect(),
            documents: issued
                .iter()
                .filter(|d| u64::try_from(d.act_seq).is_ok_and(|s| s == r.act.seq))
                .map(|d| {
                    (
                        format!("/api/v1/cases/{case_id}/instruments/{}", d.sm3),
                        d.title(),
                    )
                })
                .collect(),
            files: r
                .act
                .evidence
                .iter()
                .map(|sm3| {
                    let name = evidence
                        .iter()
                        .find(|e| &e.sm3 == sm3)
                        .map_or_else(|| sm3.chars().take(12).collect(), |e| e.file_name.clone());
                    (format!("/api/v1/cases/{case_id}/evidence/{sm3}"), name)
                })
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    nav: Nav,
    case: cases::Model,
    kind: &'static str,
    stage: &'static str,
    timeline: Vec<TimelineRow>,
    deadlines: Vec<(String, String, String)>,
    /// The user records acts and the case is not archived (a closed case still takes 归档).
    can_record: bool,
    /// The user may review who read the case (CASE-6).
    can_review_access: bool,
    act_kinds: Vec<(&'static str, &'static str)>,
    /// The 法制审核人员 assigned to the case (CASE-6), and those a head may add.
    reviewers: Vec<sanxiang_app::cases::AssignedReviewer>,
    assignable: Vec<(i64, String)>,
    can_assign: bool,
    /// The party (A8: masked unless the reader is one of the case's officers).
    party: Option<sanxiang_app::cases::PartyView>,
}

pub async fn detail(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let v = state.app.case_view(&actor, id).await?;
    let evidence = state.app.evidence_list(&actor, id).await?;
    let (reviewers, assignable) = state.app.case_reviewers(&actor, &v.case).await?;
    let can_assign = sanxiang_app::cases::may_assign_reviewers(actor.role) && !v.state.archived;
    Ok(render(&CasePage {
        reviewers,
        assignable,
        can_assign,
        nav: Nav::of(&actor),
        can_record: actor
            .role
            .allows(sanxiang_core::auth::Permission::RecordActs)
            && !v.state.archived,
        can_review_access: sanxiang_app::cases::may_review_access(actor.role),
        act_kinds: if v.state.closed {
            vec![("archive", "归档")]
        } else {
            super::case_forms::act_kinds(v.state.kind)
        },
        kind: kind_label(&v.case.kind),
        stage: v.state.stage.label_zh(),
        party: v.party.clone(),
        timeline: v
            .acts
            .iter()
            .map(|r| TimelineRow::of(r, v.case.id, &v.instruments, &evidence, &v.confirmations))
            .collect(),
        deadlines: v
            .state
            .open_deadlines
            .iter()
            .map(|d| {
                (
                    d.spec.rule.clone(),
                    d.spec.what.clone(),
                    d.spec.due.to_string(),
                )
            })
            .collect(),
        case: v.case,
    }))
}

#[derive(Template)]
#[template(path = "deadlines.html")]
struct DeadlinesPage {
    nav: Nav,
    rows: Vec<sanxiang_app::cases::DeadlineAlarm>,
}

/// CASE-5: the alarm list of open deadlines in scope.
pub async fn deadlines(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
) -> Result<Response, PageError> {
    let rows = state.app.case_deadlines(&actor, 500).await?;
    Ok(render(&DeadlinesPage {
        nav: Nav::of(&actor),
        rows,
    }))
}

#[derive(Template)]
#[template(path = "case_access.html")]
struct AccessPage {
    nav: Nav,
    case_id: i64,
    case_no: String,
    rows: Vec<(sanxiang_store::entity::audit_log::Model, &'static str)>,
    pager: Pager,
}

/// CASE-6: the case's access log, for its agency's heads and supervisors in scope.
pub async fn access_log(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let (case, log) = state
        .app
        .case_access_log(&actor, id, crate::query::page_request(q.page, None, 50))
        .await?;
    let pager = Pager::new(log.page, log.pages(), log.total, "");
    Ok(render(&AccessPage {
        nav: Nav::of(&actor),
        case_id: case.id,
        case_no: case.case_no,
        rows: log
            .items
            .into_iter()
            .map(|e| {
                let label = sanxiang_app::cases::access_label(&e.action);
                (e, label)
            })
            .collect(),
        pager,
    }))
}

#[derive(Deserialize)]
pub struct AssignForm {
    reviewer: i64,
}

/// CASE-6: a head assigns a 法制审核人员 to the case, back to the case page.
pub async fn assign_reviewer(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<AssignForm>,
) -> Result<Response, PageError> {
    state.app.assign_reviewer(&actor, id, form.reviewer).await?;
    Ok(axum::response::Redirect::to(&format!("/console/cases/{id}#reviewers")).into_response())
}

#[derive(serde::Deserialize)]
pub struct AssignOfficerForm {
    certificate_no: String,
}

/// CASE-6: a head assigns an officer of the agency to the case, back to the case page.
pub async fn assign_officer(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<AssignOfficerForm>,
) -> Result<Response, PageError> {
    state
        .app
        .assign_officer(&actor, id, &form.certificate_no)
        .await?;
    Ok(axum::response::Redirect::to(&format!("/console/cases/{id}#reviewers")).into_response())
}

/// CASE-2: the signed-in officer confirms an act they were named in (back to the case).
pub async fn confirm_act(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path((id, seq)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    state.app.confirm_act(&actor, id, seq).await?;
    Ok(axum::response::Redirect::to(&format!("/console/cases/{id}#act-{seq}")).into_response())
}
