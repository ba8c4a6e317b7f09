//! Dashboard, imports and exports, the calendar, the audit log and users.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use sanxiang_app::AppError;
use sanxiang_app::spreadsheet::ImportProblem;
use sanxiang_core::rule::Violation;
use sanxiang_store::entity::{app_user, audit_log};
use sanxiang_store::repo::PageRequest;
use sanxiang_store::repo::audit::AuditFilter;
use sanxiang_store::repo::officers::OfficerFilter;
use serde::Deserialize;

use super::case_forms::parse_code;
use super::{Nav, Pager, query_string};
use crate::api::OfficerQuery;
use crate::error::{PageError, render, render_status, status_and_detail};
use crate::query::Query;
use crate::session::PageActor;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard {
    nav: Nav,
    agencies: u64,
    officers: u64,
    active: u64,
    expired: u64,
    warnings: Vec<String>,
    today: String,
    calendar_version: String,
    /// CASE-5: open deadline alarms in scope (none for roles that do not read cases).
    alarms: Vec<sanxiang_store::entity::alarm::Model>,
    alarms_total: u64,
    can_acknowledge: bool,
    /// CASE-2: acts awaiting the signed-in officer's confirmation (`mine`), and a head's list of
    /// acts in scope whose named officers have not confirmed (`in_scope`).
    confirmations: sanxiang_app::cases::Confirmations,
    /// CASE-2: late entries (补录) in a head's or supervisor's scope: how many, the latest.
    late_total: u64,
    late: Vec<LateRow>,
}

/// One 补录 on the dashboard.
struct LateRow {
    case_id: i64,
    case_no: String,
    seq: i64,
    kind: &'static str,
    at: String,
    recorded_at: String,
}

pub async fn dashboard(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
) -> Result<Response, PageError> {
    let count = |f: OfficerFilter| {
        let state = state.clone();
        let actor = actor.clone();
        async move {
            state
                .app
                .list_officers(&actor, &f, PageRequest::new(1, 1))
                .await
                .map(|p| p.total)
        }
    };
    use sanxiang_core::registry::CertificateStatus as S;
    let officers = count(OfficerFilter::default()).await?;
    let active = count(OfficerFilter {
        status: Some(S::Active),
        ..Default::default()
    })
    .await?;
    let expired = count(OfficerFilter {
        status: Some(S::Expired),
        ..Default::default()
    })
    .await?;
    let agencies = state
        .app
        .list_agencies(&actor, &Default::default(), PageRequest::new(1, 1))
        .await?
        .total;
    let warnings = state
        .app
        .reviewer_ratios(&actor)
        .await?
        .into_iter()
        .filter_map(|r| {
            r.warning
                .map(|w| format!("{}：{}（{}）", r.agency_name, w.message, w.rule))
        })
        .collect();
    let (alarms, alarms_total) = if actor
        .role
        .allows(sanxiang_core::auth::Permission::ReadCases)
    {
        let page = state
            .app
            .alarms(&actor, true, PageRequest::new(1, 20))
            .await?;
        (page.items, page.total)
    } else {
        (Vec::new(), 0)
    };
    let confirmations = state.app.pending_confirmations(&actor).await?;
    let (late_total, late) = state.app.late_entries(&actor).await?;
    let late = late
        .into_iter()
        .map(|r| LateRow {
            case_id: r.case_id,
            case_no: r.case_no,
            seq: r.seq,
            kind: parse_code::<sanxiang_core::case::ActKind>(&r.kind)
                .map_or("执法行为", sanxiang_core::case::ActKind::label_zh),
            at: r.at.format("%Y-%m-%d %H:%M").to_string(),
            recorded_at: r
                .recorded_at
                .with_timezone(&sanxiang_app::cst())
                .format("%Y-%m-%d %H:%M")
                .to_string(),
        })
        .collect();
    Ok(render(&Dashboard {
        nav: Nav::of(&actor),
        confirmations,
        late_total,
        late,
        alarms,
        alarms_total,
        can_acknowledge: actor
            .role
            .allows(sanxiang_core::auth::Permission::RecordActs),
        agencies,
        officers,
        active,
        expired,
        warnings,
        today: state.app.today().to_string(),
        calendar_version: state.app.calendar().version().as_str().to_owned(),
    }))
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    nav: Nav,
    message: String,
    problems: Vec<ImportProblem>,
}

pub async fn import_page(PageActor(actor): PageActor) -> Response {
    render(&ImportPage {
        nav: Nav::of(&actor),
        message: String::new(),
        problems: Vec::new(),
    })
}

pub(crate) async fn read_file(
    mut mp: Multipart,
) -> Result<(Vec<u8>, Vec<(String, String)>), AppError> {
    let mut file = None;
    let mut fields = Vec::new();
    while let Some(field) = mp.next_field().await.map_err(|_| {
        AppError::invalid(Violation::hard("INT-3", Some("file"), "上传内容无法读取"))
    })? {
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.map_err(|_| {
            AppError::invalid(Violation::hard("INT-3", Some("file"), "上传内容无法读取"))
        })?;
        if name == "file" {
            file = Some(bytes.to_vec());
        } else {
            fields.push((name, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    let file = file.filter(|f| !f.is_empty()).ok_or_else(|| {
        AppError::invalid(Violation::hard(
            "REQUIRED",
            Some("file"),
            "请选择要上传的文件",
        ))
    })?;
    Ok((file, fields))
}

pub async fn import(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(kind): Path<String>,
    mp: Multipart,
) -> Result<Response, PageError> {
    let nav = Nav::of(&actor);
    let result = match read_file(mp).await {
        Ok((bytes, _)) => match kind.as_str() {
            "officers" => state.app.import_officers(&actor, &bytes).await,
            "agencies" => state.app.import_agencies(&actor, &bytes).await,
            _ => return Ok(super::not_found()),
        },
        Err(e) => Err(e),
    };
    Ok(match result {
        Ok(r) => render(&ImportPage {
            nav,
            message: format!("导入成功：共{}条", r.imported),
            problems: Vec::new(),
        }),
        Err(AppError::ImportRejected(problems)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ImportPage {
                nav,
                message: format!(
                    "导入失败：发现{}处问题，未导入任何数据。请修改后重新上传。",
                    problems.len()
                ),
                problems,
            },
        ),
        Err(e @ AppError::Invalid(_)) => {
            let (status, d) = status_and_detail(&e);
            render_status(
                status,
                &ImportPage {
                    nav,
                    message: d.message,
                    problems: Vec::new(),
                },
            )
        }
        Err(e) => return Err(e.into()),
    })
}

fn xlsx(bytes: Vec<u8>, name: &str) -> Response {
    crate::download::attachment(crate::download::XLSX, name, bytes)
}

pub async fn export_officers(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Query(q): Query<OfficerQuery>,
) -> Result<Response, PageError> {
    Ok(xlsx(
        state.app.export_officers(&actor, &q.filter()).await?,
        "officers.xlsx",
    ))
}

pub async fn export_agencies(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
) -> Result<Response, PageError> {
    Ok(xlsx(
        state.app.export_agencies(&actor).await?,
        "agencies.xlsx",
    ))
}

pub struct MonthDay {
    pub day: u32,
    pub workday: bool,
    pub name: String,
    pub weekend: bool,
}

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    nav: Nav,
    version: String,
    years: String,
    year: i32,
    month: u32,
    provisional: bool,
    lead: Vec<u32>,
    days: Vec<MonthDay>,
    message: String,
    can_import: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MonthQuery {
    month: String,
}

async fn calendar_render(
    state: &AppState,
    actor: &sanxiang_app::Actor,
    month: &str,
    message: String,
    status: StatusCode,
) -> Response {
    let today = state.app.today();
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .unwrap_or_else(|_| today.with_day(1).unwrap_or(today));
    let cal = state.app.calendar();
    let mut days = Vec::new();
    let mut d = first;
    while d.month() == first.month() {
        days.push(MonthDay {
            day: d.day(),
            workday: cal.is_workday(d),
            name: cal
                .table()
                .get(d)
                .map(|e| e.name.clone())
                .unwrap_or_default(),
            weekend: d.weekday().number_from_monday() >= 6,
        });
        d = d.succ_opt().unwrap_or(d);
        if d == first {
            break;
        }
    }
    let years = cal.table().covered_years();
    let span = match (years.first(), years.last()) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => "无".into(),
    };
    render_status(
        status,
        &CalendarPage {
            nav: Nav::of(actor),
            version: cal.version().as_str().to_owned(),
            years: span,
            year: first.year(),
            month: first.month(),
            provisional: cal.is_provisional(first),
            lead: (1..first.weekday().number_from_monday()).collect(),
            days,
            message,
            can_import: actor
                .role
                .allows(sanxiang_core::auth::Permission::ManageCalendar),
        },
    )
}

pub async fn calendar_page(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Query(q): Query<MonthQuery>,
) -> Response {
    calendar_render(&state, &actor, &q.month, String::new(), StatusCode::OK).await
}

pub async fn calendar_import(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    mp: Multipart,
) -> Result<Response, PageError> {
    let r = async {
        let (bytes, fields) = read_file(mp).await?;
        let year = fields
            .iter()
            .find(|(k, _)| k == "year")
            .and_then(|(_, v)| v.trim().parse::<i32>().ok())
            .ok_or_else(|| {
                AppError::invalid(Violation::hard(
                    "REQUIRED",
                    Some("year"),
                    "请填写通知所属年度",
                ))
            })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            AppError::invalid(Violation::hard(
                "W7",
                Some("file"),
                "文件应为UTF-8编码的CSV或JSON",
            ))
        })?;
        let entries = sanxiang_app::calendar::parse_notice(&text).map_err(AppError::invalid)?;
        state.app.import_notice(&actor, year, entries).await
    }
    .await;
    match r {
        Ok(rep) => Ok(calendar_render(
            &state,
            &actor,
            &format!("{}-01", rep.notice_year),
            format!(
                "已导入{}年放假通知（{}条），日历版本 {} → {}；重新计算了{}个未到期期限，其中{}个到期日变化。",
                rep.notice_year, rep.entries, rep.old_version, rep.new_version, rep.deadlines_checked, rep.deadlines_moved
            ),
            StatusCode::OK,
        )
        .await),
        Err(e @ AppError::Invalid(_)) => {
            let (status, d) = status_and_detail(&e);
            Ok(calendar_render(&state, &actor, "", format!("导入失败：{}", d.message), status).await)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    nav: Nav,
    rows: Vec<audit_log::Model>,
    action: String,
    entity: String,
    pager: Pager,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AuditQuery {
    action: String,
    entity: String,
    #[serde(deserialize_with = "crate::query::empty_as_none")]
    page: Option<crate::query::PageNo>,
}

pub async fn audit_page(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let filter = AuditFilter {
        action: Some(q.action.clone()),
        entity: Some(q.entity.clone()),
        ..Default::default()
    };
    let page = state
        .app
        .audit_log(
            &actor,
            &filter,
            crate::query::page_request(q.page, None, 50),
        )
        .await?;
    let base = query_string(&[("action", q.action.clone()), ("entity", q.entity.clone())]);
    let pager = Pager::new(page.page, page.pages(), page.total, &base);
    Ok(render(&AuditPage {
        nav: Nav::of(&actor),
        rows: page.items,
        action: q.action,
        entity: q.entity,
        pager,
    }))
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    nav: Nav,
    users: Vec<(app_user::Model, &'static str)>,
    roles: Vec<(&'static str, &'static str)>,
    can_lock: bool,
    can_set_role: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RoleForm {
    role: String,
    certificate_no: String,
}

/// Lock, unlock, link to an officer or change the role of a user (SEC-1: system admin locks and
/// links; security admin unlocks and assigns roles).
pub async fn user_action(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path((username, action)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    // Lock and unlock buttons post no fields; the role and officer forms have one each.
    let form: RoleForm = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    match action.as_str() {
        "lock" => state.app.set_user_locked(&actor, &username, true).await?,
        "officer" => {
            let no = Some(form.certificate_no.trim()).filter(|n| !n.is_empty());
            state.app.link_user_officer(&actor, &username, no).await?
        }
        "unlock" => state.app.set_user_locked(&actor, &username, false).await?,
        "role" => {
            let role = sanxiang_core::auth::Role::from_code(&form.role).ok_or_else(|| {
                AppError::invalid(Violation::hard("SEC-1", Some("role"), "角色无效"))
            })?;
            state.app.set_user_role(&actor, &username, role).await?
        }
        _ => return Ok(super::not_found()),
    }
    Ok(axum::response::Redirect::to("/console/users").into_response())
}

pub async fn users_page(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
) -> Result<Response, PageError> {
    let users = state
        .app
        .list_users(&actor)
        .await?
        .into_iter()
        .map(|u| {
            let r = sanxiang_core::auth::Role::from_code(&u.role)
                .map(|r| r.label_zh())
                .unwrap_or("");
            (u, r)
        })
        .collect();
    use sanxiang_core::auth::{Permission, Role};
    Ok(render(&UsersPage {
        nav: Nav::of(&actor),
        users,
        roles: Role::ALL.iter().map(|r| (r.code(), r.label_zh())).collect(),
        can_lock: actor.role.allows(Permission::ManageUsers),
        can_set_role: actor.role.allows(Permission::ManageRoles),
    }))
}

/// CASE-5: 已知悉 on an alarm, back to the dashboard.
pub async fn acknowledge_alarm(
    State(state): State<AppState>,
    PageActor(actor): PageActor,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    state.app.acknowledge_alarm(&actor, id).await?;
    Ok(axum::response::Redirect::to("/console#alarms").into_response())
}
