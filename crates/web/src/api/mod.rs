//! `/api/v1`: the JSON API. Each handler's `#[utoipa::path]` is its OpenAPI entry.

mod auth;
mod calendar;
pub mod cases;
pub mod evidence;
pub mod instruments;
pub mod ledger;
pub mod public;
mod registry;

use utoipa::OpenApi;

pub use auth::{login, logout};
pub use calendar::{add_days, add_workdays, is_workday};
pub use registry::*;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "sanxiang API",
        description = "行政执法“三项制度”系统开放接口：执法主体、执法人员与执法证、法制审核人员、工作日历、案件、证据、文书、防篡改日志；`/api/v1/public/…` 为无需登录的公开数据（执法主体、执法人员查询、清单、法律法规），列表另有CSV下载。",
        version = "1"
    ),
    paths(
        auth::login,
        auth::logout,
        registry::list_officers,
        registry::create_officer,
        registry::get_officer,
        registry::update_officer,
        registry::issue_certificate,
        registry::change_certificate_status,
        registry::list_agencies,
        registry::create_agency,
        registry::get_agency,
        registry::update_agency,
        registry::create_entrustment,
        registry::reviewer_ratios,
        registry::list_advisers,
        registry::create_adviser,
        calendar::is_workday,
        calendar::add_workdays,
        calendar::add_days,
        cases::list,
        cases::file,
        cases::get,
        cases::record_act,
        cases::archive,
        cases::deadlines,
        cases::confirmations,
        cases::confirm_act,
        evidence::create,
        evidence::put_part,
        evidence::status,
        evidence::complete,
        evidence::list,
        evidence::read,
        instruments::list,
        instruments::read,
        ledger::inclusion,
        ledger::tlog_proof,
        ledger::consistency,
        ledger::size,
        public::agencies,
        public::agencies_csv,
        public::agency,
        public::officers,
        public::officers_csv,
        public::officer,
        public::catalog,
        public::catalog_item,
        public::laws,
        public::law,
    ),
    components(schemas(
        crate::error::ErrorBody,
        crate::error::ErrorDetail,
        sanxiang_app::forms::OfficerForm,
        sanxiang_app::forms::AgencyForm,
        sanxiang_app::forms::EntrustmentForm,
        sanxiang_app::forms::StatusChangeForm,
        sanxiang_app::forms::AdviserForm,
        sanxiang_app::cases::NewCase,
        sanxiang_app::cases::ActInput,
        sanxiang_app::evidence::NewUpload,
        sanxiang_app::instruments::IssuedInstrument,
        auth::LoginBody,
    ))
)]
pub struct ApiDoc;
