//! CASE-6 调阅, decided here: who may read a case, and who read it.
//!
//! A case is read by the roles that read cases within their data scope (the agency for agency
//! roles, the division for supervisors); an officer, moreover, only reads the cases they act in
//! (a certificate of theirs is among the case's officers). Every read of a case, its documents
//! and its evidence, and every refused attempt, is in the audit log under the case; heads of the
//! case's agency and supervisors in scope review it here. Reviewing is itself logged.

use sanxiang_core::auth::{Permission, Role};
use sanxiang_core::case::Command;
use sanxiang_store::entity::{audit_log, cases};
use sanxiang_store::repo::audit::AuditFilter;
use sanxiang_store::repo::{self, Page, PageRequest};

use crate::{Actor, App, AppError};

/// The roles that review a case's access log.
pub fn may_review_access(role: Role) -> bool {
    matches!(role, Role::Head | Role::Supervisor)
}

impl App {
    /// The certificates an actor's reads are limited to (an officer's own cases); `None` for
    /// roles that read every case in their scope. An officer's account not linked to an officer
    /// reads no case (`sanxiang user link`, or the users page, links it).
    pub(crate) async fn own_cases(&self, actor: &Actor) -> Result<Option<Vec<String>>, AppError> {
        if actor.role != Role::Officer {
            return Ok(None);
        }
        let Some(officer_id) = actor.officer_id else {
            return Ok(Some(Vec::new()));
        };
        let certificates = repo::certificates::for_officer(self.store().db(), officer_id)
            .await?
            .into_iter()
            .map(|c| c.number)
            .collect();
        Ok(Some(certificates))
    }

    /// CASE-6: the case, if `actor` may read it; 403 (audited) otherwise.
    pub(crate) async fn readable_case(
        &self,
        actor: &Actor,
        case_id: i64,
    ) -> Result<cases::Model, AppError> {
        self.case_for(actor, case_id, None).await
    }

    /// The case, if `actor` may record `cmd` in it: as for reading, except that an officer named
    /// by the command may join a case they have not acted in yet.
    pub(crate) async fn writable_case(
        &self,
        actor: &Actor,
        case_id: i64,
        cmd: &Command,
    ) -> Result<cases::Model, AppError> {
        self.case_for(actor, case_id, Some(cmd)).await
    }

    async fn case_for(
        &self,
        actor: &Actor,
        case_id: i64,
        cmd: Option<&Command>,
    ) -> Result<cases::Model, AppError> {
        let db = self.store().db();
        let case = self
            .scoped(
                actor,
                "case",
                case_id,
                repo::cases::get(db, &actor.scope, case_id).await,
            )
            .await?;
        let Some(mine) = self.own_cases(actor).await? else {
            return Ok(case);
        };
        let named = cmd.is_some_and(|c| {
            c.officers
                .iter()
                .any(|o| mine.iter().any(|m| m == o.as_str()))
        });
        if named || (!mine.is_empty() && repo::cases::is_case_officer(db, case.id, &mine).await?) {
            return Ok(case);
        }
        let mut e = actor.audit("case.access", "case", Some(case.id));
        e.denied = true;
        repo::audit::append(db, e, self.now()).await?;
        Err(AppError::Forbidden)
    }

    /// Fills the case officers of a database from before they were recorded (the acts are
    /// sealed, so only here can they be read). Does nothing once filled; returns the cases seen.
    pub async fn backfill_case_officers(&self) -> Result<u64, AppError> {
        let db = self.store().db();
        if !repo::cases::case_officers_missing(db).await? {
            return Ok(0);
        }
        let mut seen = 0;
        let mut page = 1;
        loop {
            let batch = repo::cases::list(
                db,
                &sanxiang_core::auth::Scope::All,
                &Default::default(),
                PageRequest::new(page, 500),
            )
            .await?;
            if batch.items.is_empty() {
                break;
            }
            for case in &batch.items {
                let (_, state) = self.load_acts(case).await?;
                let officers: Vec<String> = state
                    .officers
                    .iter()
                    .map(|c| c.as_str().to_owned())
                    .collect();
                repo::cases::add_officers(db, case.id, &officers).await?;
                seen += 1;
            }
            page += 1;
        }
        tracing::info!(cases = seen, "case officers filled from the recorded acts");
        Ok(seen)
    }

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
