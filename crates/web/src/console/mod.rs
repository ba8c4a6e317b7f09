//! `/console`: staff pages in Chinese. Plain HTML forms; no JavaScript required.

mod act_payload;
mod admin;
mod agencies;
mod auth;
mod case_forms;
mod cases;
mod catalog_items;
mod catalogs;
mod evidence;
mod form;
mod officers;

use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use sanxiang_app::Actor;
use sanxiang_core::auth::Permission;
use sanxiang_core::rule::Violation;

use crate::error::render_status;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(admin::dashboard))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/cases", get(cases::list).post(case_forms::file_case))
        .route("/cases/new", get(case_forms::new_case_form))
        .route("/cases/{id}", get(cases::detail))
        .route("/cases/{id}/acts", post(case_forms::record_act))
        .route("/cases/{id}/acts/new", get(case_forms::act_form))
        .route("/cases/{id}/evidence", get(evidence::page))
        .route("/cases/{id}/access", get(cases::access_log))
        .route("/cases/{id}/reviewers", post(cases::assign_reviewer))
        .route("/cases/{id}/officers", post(cases::assign_officer))
        .route("/static/upload.js", get(evidence::upload_js))
        .route("/deadlines", get(cases::deadlines))
        .route("/alarms/{id}/acknowledge", post(admin::acknowledge_alarm))
        .route("/cases/{id}/acts/{seq}/confirm", post(cases::confirm_act))
        .route("/officers", get(officers::list).post(officers::create))
        .route("/officers/new", get(officers::new_form))
        .route(
            "/officers/{id}",
            get(officers::detail).post(officers::update),
        )
        .route("/officers/{id}/edit", get(officers::edit_form))
        .route("/officers/{id}/certificates", post(officers::issue))
        .route("/certificates/{id}/status", post(officers::change_status))
        .route("/agencies", get(agencies::list).post(agencies::create))
        .route("/agencies/new", get(agencies::new_form))
        .route(
            "/agencies/{id}",
            get(agencies::detail).post(agencies::update),
        )
        .route("/agencies/{id}/edit", get(agencies::edit_form))
        .route("/entrustments", post(agencies::create_entrustment))
        .route("/reviewers", get(agencies::reviewers))
        .route("/advisers", post(agencies::create_adviser))
        .route("/catalogs", get(catalogs::list).post(catalogs::create))
        .route("/catalogs/import", post(catalogs::import))
        .route("/catalogs/{id}", get(catalogs::detail))
        .route("/catalogs/{id}/publish", post(catalogs::publish))
        .route("/catalogs/{id}/delete", post(catalogs::delete))
        .route("/catalogs/{id}/new-version", post(catalogs::new_version))
        .route("/catalogs/{id}/diff", get(catalogs::diff))
        .route("/catalogs/{id}/{file}", get(catalogs::export))
        .route("/catalogs/{id}/items", post(catalog_items::create_item))
        .route(
            "/catalogs/{id}/items/new",
            get(catalog_items::new_item_form),
        )
        .route(
            "/catalogs/{id}/items/{item}",
            post(catalog_items::update_item),
        )
        .route(
            "/catalogs/{id}/items/{item}/edit",
            get(catalog_items::edit_item_form),
        )
        .route(
            "/catalogs/{id}/items/{item}/delete",
            post(catalog_items::delete_item),
        )
        .route("/import", get(admin::import_page))
        .route("/import/{kind}", post(admin::import))
        .route("/export/officers.xlsx", get(admin::export_officers))
        .route("/export/agencies.xlsx", get(admin::export_agencies))
        .route("/calendar", get(admin::calendar_page))
        .route("/calendar/notice", post(admin::calendar_import))
        .route("/audit", get(admin::audit_page))
        .route("/users", get(admin::users_page))
        .route("/users/{username}/{action}", post(admin::user_action))
}

/// What the page frame needs to know about the signed-in user.
pub struct Nav {
    pub display_name: String,
    pub role: &'static str,
    pub can_write: bool,
    pub can_audit: bool,
    pub can_manage: bool,
}

impl Nav {
    pub fn of(a: &Actor) -> Nav {
        Nav {
            display_name: a.display_name.clone(),
            role: a.role.label_zh(),
            can_write: a.role.allows(Permission::WriteRegistry),
            can_audit: a.role.allows(Permission::ReadAuditLog),
            can_manage: a.role.allows(Permission::ManageUsers)
                || a.role.allows(Permission::ManageRoles),
        }
    }
}

/// Form errors keyed by field, for re-rendering a form with messages next to its inputs.
#[derive(Default)]
pub struct FieldErrors(pub Vec<Violation>);

impl FieldErrors {
    pub fn get(&self, field: &str) -> String {
        self.0
            .iter()
            .filter(|v| v.field.as_deref() == Some(field))
            .map(|v| format!("{}（{}）", v.message, v.rule))
            .collect::<Vec<_>>()
            .join("；")
    }

    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }
}

#[derive(Template)]
#[template(path = "not_found.html")]
struct NotFound;

pub fn not_found() -> Response {
    render_status(StatusCode::NOT_FOUND, &NotFound)
}

/// Pagination links for a list with a stable URL.
pub struct Pager {
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    pub fn new(page: u64, pages: u64, total: u64, base_query: &str) -> Pager {
        let link = |p: u64| {
            if base_query.is_empty() {
                format!("?page={p}")
            } else {
                format!("?{base_query}&page={p}")
            }
        };
        Pager {
            page,
            pages,
            total,
            prev: (page > 1).then(|| link(page - 1)),
            next: (page < pages).then(|| link(page + 1)),
        }
    }
}

/// Encodes query pairs (skipping empty values) for pagination links.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    let kept: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    serde_urlencoded::to_string(kept).unwrap_or_default()
}
