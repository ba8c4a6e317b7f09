//! CASE-6 调阅, decided here: who may read a case, and who read it.
//!
//! A case is read by the roles that read cases within their data scope (the agency for agency
//! roles, the division for supervisors); an officer, moreover, only reads the cases they act in
//! (a certificate of theirs is among the case's officers), and a 法制审核人员 the cases a head of
//! the agency assigned them to. Every read of a case, its documents
//! and its evidence, and every refused attempt, is in the audit log under the case; heads of the
//! case's agency and supervisors in scope review it here. Reviewing is itself logged.

use sanxiang_core::auth::{Permission, Role};
use sanxiang_store::entity::{audit_log, cases};
use sanxiang_store::repo::audit::AuditFilter;
use sanxiang_store::repo::cases::OwnCases;
use sanxiang_store::repo::{self, Page, PageRequest};

use crate::{Actor, App, AppError};

/// The roles that review a case's access log.
pub fn may_review_access(role: Role) -> bool {
    matches!(role, Role::Head | Role::Supervisor)
}

impl App {
    /// The cases an actor's reads are limited to within their scope: an officer's (by their
    /// certificates) and a reviewer's (assigned by a head); `None` for roles that read every case
    /// in their scope. An officer's account not linked to an officer reads no case (`sanxiang
    /// user link`, or the users page, links it).
    pub(crate) async fn own_cases(&self, actor: &Actor) -> Result<Option<OwnCases>, AppError> {
        match actor.role {
            Role::Reviewer => Ok(Some(OwnCases::Reviewer(actor.user_id))),
            Role::Officer => Ok(Some(OwnCases::Certificates(
                self.own_certificates(actor).await?,
            ))),
            _ => Ok(None),
        }
    }

    /// CASE-6: the case, if `actor` may read it; 403 (audited) otherwise.
    pub(crate) async fn readable_case(
        &self,
        actor: &Actor,
        case_id: i64,
    ) -> Result<cases::Model, AppError> {
        self.case_for(actor, case_id).await
    }

    /// The case, if `actor` may record in it: as for reading. Naming oneself in an act does not
    /// open a case (CASE-2): an officer joins by confirming an act they were named in.
    pub(crate) async fn writable_case(
        &self,
        actor: &Actor,
        case_id: i64,
    ) -> Result<cases::Model, AppError> {
        self.case_for(actor, case_id).await
    }

    async fn case_for(&self, actor: &Actor, case_id: i64) -> Result<cases::Model, AppError> {
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
        if repo::cases::is_own_case(db, case.id, &mine).await? {
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
        "case.assign_reviewer" => "指定法制审核人员",
        "case.assign_officer" => "指定承办执法人员",
        "case.confirm_act" => "执法人员本人确认",
        "case.file" => "立案",
        "case.record_act" => "记录执法行为",
        "party.open" => "当事人凭查询码查阅",
        "party.instrument_read" => "当事人下载文书",
        _ => "其他",
    }
}

/// A 法制审核人员 assigned to a case.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AssignedReviewer {
    pub user_id: i64,
    pub display_name: String,
    pub assigned_at: chrono::DateTime<chrono::Utc>,
}

/// The roles that assign reviewers to a case: the heads of its agency.
pub fn may_assign_reviewers(role: Role) -> bool {
    role == Role::Head
}

impl App {
    /// CASE-6: a head of the case's agency assigns one of the agency's 法制审核人员 (a user with
    /// that role) to the case; from then on that reviewer reads it. Audited under the case.
    pub async fn assign_reviewer(
        &self,
        actor: &Actor,
        case_id: i64,
        user_id: i64,
    ) -> Result<(), AppError> {
        if !may_assign_reviewers(actor.role) {
            return Err(AppError::Forbidden);
        }
        let case = self.readable_case(actor, case_id).await?;
        let db = self.store().db();
        let reviewer = match repo::users::get(db, user_id).await {
            Ok(u) => Some(u),
            Err(sanxiang_store::StoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        };
        let eligible = reviewer.is_some_and(|u| {
            u.role == Role::Reviewer.code() && u.agency_id == case.agency_id && !u.disabled
        });
        if !eligible {
            return Err(AppError::invalid(sanxiang_core::rule::Violation::hard(
                "CASE-6",
                Some("reviewer"),
                "只能指定本机关的法制审核人员",
            )));
        }
        let by = (actor.user_id > 0).then_some(actor.user_id);
        let now = self.now();
        let txn = self.store().begin_write().await?;
        repo::cases::assign_reviewer(&txn, case.id, user_id, by, now).await?;
        let mut audit = actor.audit("case.assign_reviewer", "case", Some(case.id));
        audit.after = Some(serde_json::json!({ "reviewer_user_id": user_id }));
        repo::audit::append(&txn, audit, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The reviewers assigned to a case, and the agency's reviewers a head may assign (CASE-6).
    pub async fn case_reviewers(
        &self,
        actor: &Actor,
        case: &cases::Model,
    ) -> Result<(Vec<AssignedReviewer>, Vec<(i64, String)>), AppError> {
        actor.require(Permission::ReadCases)?;
        let db = self.store().db();
        let all =
            repo::users::of_agency_with_role(db, case.agency_id, Role::Reviewer.code()).await?;
        let assigned: Vec<AssignedReviewer> = repo::cases::reviewers_of(db, case.id)
            .await?
            .into_iter()
            .map(|r| AssignedReviewer {
                display_name: all
                    .iter()
                    .find(|u| u.id == r.user_id)
                    .map(|u| u.display_name.clone())
                    .unwrap_or_else(|| format!("用户{}", r.user_id)),
                user_id: r.user_id,
                assigned_at: r.assigned_at,
            })
            .collect();
        let assignable = all
            .into_iter()
            .filter(|u| assigned.iter().all(|a| a.user_id != u.id))
            .map(|u| (u.id, u.display_name))
            .collect();
        Ok((assigned, assignable))
    }
}
