//! CASE-6 调阅: who read a case. Every read of a case, its documents and its evidence (and every
//! refused attempt) is in the audit log under the case; heads of the case's agency and
//! supervisors in scope review it here. Reviewing is itself logged.

use sanxiang_core::auth::{Permission, Role};
use sanxiang_store::entity::{audit_log, cases};
use sanxiang_store::repo::audit::AuditFilter;
use sanxiang_store::repo::{self, Page, PageRequest};

use crate::{Actor, App, AppError};

/// The roles that review a case's access log.
pub fn may_review_access(role: Role) -> bool {
    matches!(role, Role::Head | Role::Supervisor)
}

impl App {
    /// The case and its access log, newest first.
    pub async fn case_access_log(
        &self,
        actor: &Actor,
        case_id: i64,
        page: PageRequest,
    ) -> Result<(cases::Model, Page<audit_log::Model>), AppError> {
        actor.require(Permission::ReadCases)?;
        if !may_review_access(actor.role) {
            return Err(AppError::Forbidden);
        }
        let db = self.store().db();
        let case = self
            .scoped(
                actor,
                "case",
                case_id,
                repo::cases::get(db, &actor.scope, case_id).await,
            )
            .await?;
        let filter = AuditFilter {
            entity: Some("case".into()),
            entity_id: Some(case.id),
            ..AuditFilter::default()
        };
        let log = repo::audit::list(db, &filter, page).await?;
        repo::audit::append(
            db,
            actor.audit("access_log.read", "case", Some(case.id)),
            self.now(),
        )
        .await?;
        Ok((case, log))
    }
}

/// What an access-log action means, for people.
pub fn access_label(action: &str) -> &'static str {
    match action {
        "read" => "查阅案件",
        "instrument.read" => "查阅文书",
        "evidence.read" => "查阅证据",
        "evidence.attach" => "上传证据",
        "case.archive_export" => "导出归档包",
        "case.access" => "越权访问（已拒绝）",
        "access_log.read" => "查阅调阅记录",
        "case.file" => "立案",
        "case.record_act" => "记录执法行为",
        "party.open" => "当事人凭查询码查阅",
        "party.instrument_read" => "当事人下载文书",
        _ => "其他",
    }
}
