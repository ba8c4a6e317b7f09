//! CASE-2 and R3: who vouches for an act. The signed-in officer records it and must be one of
//! its officers (core); every other named officer confirms with their own sign-in — on the same
//! device with their password as the act is recorded, or later from their own account — before
//! they count toward R3, before a document is issued in their name, and before they join the
//! case. Acts recorded with officers yet to confirm are listed for them and for the head.

use sanxiang_core::case::{Attestation, Command};
use sanxiang_core::registry::CertificateNo;
use sanxiang_core::rule::Violation;
use sanxiang_store::entity::act_confirmation;
use sanxiang_store::repo;
use serde::Deserialize;

use crate::{Actor, App, AppError};

/// A named officer's confirmation given on the recording device: their certificate number and
/// their own password.
#[derive(Clone, Deserialize, utoipa::ToSchema)]
pub struct Confirmation {
    pub certificate_no: String,
    pub password: String,
}

impl std::fmt::Debug for Confirmation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Confirmation")
            .field("certificate_no", &self.certificate_no)
            .field("password", &"***")
            .finish()
    }
}

/// The acts awaiting confirmation: the reader's own, and those in a head's scope.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Confirmations {
    pub mine: Vec<act_confirmation::Model>,
    pub in_scope: Vec<act_confirmation::Model>,
}

fn refused(message: String) -> AppError {
    AppError::invalid(Violation::hard("CASE-2", Some("confirmations"), message))
}

impl App {
    /// The certificates of the officer an account is linked to.
    pub(crate) async fn own_certificates(&self, actor: &Actor) -> Result<Vec<String>, AppError> {
        let Some(officer_id) = actor.officer_id else {
            return Ok(Vec::new());
        };
        Ok(
            repo::certificates::for_officer(self.store().db(), officer_id)
                .await?
                .into_iter()
                .map(|c| c.number)
                .collect(),
        )
    }

    /// Who vouches for `cmd` recorded by `actor` with `confirmations`. `None` for the system
    /// itself (the demonstration data): it records no one's act in their presence. A wrong
    /// password is refused (and counted like a wrong sign-in, per colleague and recorder).
    pub(super) async fn attestation(
        &self,
        actor: &Actor,
        cmd: &Command,
        confirmations: &[Confirmation],
    ) -> Result<Option<Attestation>, AppError> {
        if actor.user_id <= 0 {
            return Ok(None);
        }
        let db = self.store().db();
        let recorder = self
            .own_certificates(actor)
            .await?
            .iter()
            .filter_map(|n| CertificateNo::parse(n).ok())
            .collect::<Vec<_>>();
        let now = self.now();
        let mut confirmed = Vec::new();
        for c in confirmations {
            let Ok(no) = CertificateNo::parse(c.certificate_no.trim()) else {
                return Err(refused(format!(
                    "确认人的执法证号“{}”无效",
                    c.certificate_no.trim()
                )));
            };
            if recorder.contains(&no) {
                // The recorder vouches by being signed in; a password typed for them adds nothing.
                continue;
            }
            if !cmd.officers.contains(&no) {
                return Err(refused(format!(
                    "执法证号{no}不是本行为需要确认的其他执法人员"
                )));
            }
            let holder = repo::certificates::by_number(db, no.as_str()).await?;
            let user = match holder {
                Some(cert) => repo::users::by_officer(db, cert.officer_id).await?,
                None => None,
            };
            let key = format!("confirm:{}", no.as_str());
            if let Err(r) = self.confirm_throttle(|t| t.check(&key, actor.user_id, now)) {
                return Err(AppError::Throttled {
                    retry_after_secs: r.retry_after_secs,
                });
            }
            let right = match &user {
                Some(u) => {
                    crate::auth::verify_password(c.password.clone(), u.password_hash.clone()).await
                }
                None => {
                    return Err(refused(format!(
                        "执法证号{no}的执法人员没有可登录的账户，无法确认（请系统管理员关联账户）"
                    )));
                }
            };
            if !right {
                self.confirm_throttle(|t| t.failed(&key, actor.user_id, now));
                return Err(refused(format!("执法证号{no}的执法人员确认密码错误")));
            }
            self.confirm_throttle(|t| t.succeeded(&key, actor.user_id));
            confirmed.push(no);
        }
        Ok(Some(Attestation {
            recorder,
            confirmed,
        }))
    }

    fn confirm_throttle<T>(
        &self,
        f: impl FnOnce(&mut sanxiang_core::throttle::LoginThrottle<i64>) -> T,
    ) -> T {
        let mut t = self
            .confirm_attempts
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        f(&mut t)
    }

    /// CASE-2: the acts awaiting the signed-in officer's own confirmation, and — for a head or
    /// supervisor — those in their scope awaiting any named officer's.
    pub async fn pending_confirmations(&self, actor: &Actor) -> Result<Confirmations, AppError> {
        use sanxiang_core::auth::Role;
        let db = self.store().db();
        let mine = self.own_certificates(actor).await?;
        let in_scope = if matches!(actor.role, Role::Head | Role::Supervisor) {
            repo::confirmations::pending_in_scope(db, &actor.scope, 200).await?
        } else {
            Vec::new()
        };
        Ok(Confirmations {
            mine: repo::confirmations::pending_for(db, &mine).await?,
            in_scope,
        })
    }

    /// CASE-2: the late entries (补录) of the cases in a head's or supervisor's scope: how many,
    /// and the latest 50 (nothing for other roles).
    pub async fn late_entries(
        &self,
        actor: &Actor,
    ) -> Result<(u64, Vec<repo::cases::LateEntryRow>), AppError> {
        use sanxiang_core::auth::Role;
        if !matches!(actor.role, Role::Head | Role::Supervisor) {
            return Ok((0, Vec::new()));
        }
        Ok(repo::cases::late_entries(self.store().db(), &actor.scope, 50).await?)
    }

    /// CASE-2: the signed-in officer confirms act `seq` of a case they were named in; from then
    /// on they count as having acted in it and read it (CASE-6). Audited.
    pub async fn confirm_act(&self, actor: &Actor, case_id: i64, seq: i64) -> Result<(), AppError> {
        let mine = self.own_certificates(actor).await?;
        let db = self.store().db();
        let Some(row) = repo::confirmations::pending_of_act(db, case_id, seq, &mine).await? else {
            return Err(AppError::NotFound);
        };
        // In scope (the agency's), whatever the own-case list says: being named is the invitation.
        self.scoped(
            actor,
            "case",
            case_id,
            repo::cases::get(db, &actor.scope, case_id).await,
        )
        .await?;
        let now = self.now();
        let txn = self.store().begin_write().await?;
        if !repo::confirmations::confirm(
            &txn,
            case_id,
            seq,
            &row.certificate_no,
            actor.user_id,
            now,
        )
        .await?
        {
            return Err(AppError::NotFound);
        }
        repo::cases::add_officers(&txn, case_id, std::slice::from_ref(&row.certificate_no)).await?;
        let mut audit = actor.audit("case.confirm_act", "case", Some(case_id));
        audit.after = Some(serde_json::json!({"seq": seq, "certificate_no": row.certificate_no}));
        repo::audit::append(&txn, audit, now).await?;
        txn.commit()
            .await
            .map_err(sanxiang_store::StoreError::from)?;
        Ok(())
    }
}

impl App {
    /// CASE-6, CASE-2: a head of the case's agency assigns an officer of the agency, with an
    /// effective certificate, to the case: they then read it and record in it. Audited.
    pub async fn assign_officer(
        &self,
        actor: &Actor,
        case_id: i64,
        certificate_no: &str,
    ) -> Result<(), AppError> {
        use sanxiang_core::registry::CertificateStatus;
        if !super::may_assign_reviewers(actor.role) {
            return Err(AppError::Forbidden);
        }
        let case = self.readable_case(actor, case_id).await?;
        let db = self.store().db();
        let refuse =
            |m: &str| AppError::invalid(Violation::hard("CASE-6", Some("certificate_no"), m));
        let no =
            CertificateNo::parse(certificate_no.trim()).map_err(|e| refuse(&e.message_zh()))?;
        let cert = repo::certificates::by_number(db, no.as_str())
            .await?
            .ok_or_else(|| refuse("执法人员名录中没有这个执法证号"))?;
        let officer = match repo::officers::get(db, &actor.scope, cert.officer_id).await {
            Err(sanxiang_store::StoreError::OutOfScope | sanxiang_store::StoreError::NotFound) => {
                return Err(refuse("只能指定本机关的执法人员"));
            }
            other => other?,
        };
        let stored = CertificateStatus::from_code(&cert.status)
            .ok_or_else(|| AppError::Internal(format!("certificate {}: status", cert.id)))?;
        let status =
            CertificateStatus::effective(stored, cert.valid_from, cert.valid_until, self.today());
        if officer.officer.agency_id != case.agency_id {
            return Err(refuse("只能指定本机关的执法人员"));
        }
        if status != CertificateStatus::Active {
            return Err(refuse(&format!(
                "该执法证当前状态为“{}”，不能承办案件",
                status.label_zh()
            )));
        }
        let now = self.now();
        let txn = self.store().begin_write().await?;
        repo::cases::add_officers(&txn, case.id, std::slice::from_ref(&cert.number)).await?;
        let mut audit = actor.audit("case.assign_officer", "case", Some(case.id));
        audit.after = Some(serde_json::json!({ "certificate_no": cert.number }));
        repo::audit::append(&txn, audit, now).await?;
        txn.commit()
            .await
            .map_err(sanxiang_store::StoreError::from)?;
        Ok(())
    }
}
