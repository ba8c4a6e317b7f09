//! Registry use cases (REG-1..3): agencies, entrustments, officers, certificates, reviewers.

use sanxiang_core::auth::Permission;
use sanxiang_core::registry::{
    CertificateStatus, EntrustmentDraft, ReviewerRatio, StatusChange, check_entrustment,
    check_reviewer_ratio,
};
use sanxiang_core::rule::Violation;
use sanxiang_store::entity::{agency, certificate, entrustment, officer};
use sanxiang_store::repo::officers::{OfficerFilter, OfficerRow};
use sanxiang_store::repo::{self, Page, PageRequest, agencies::AgencyFilter};
use sea_orm::ActiveValue::{NotSet, Set};
use serde::Serialize;
use serde_json::json;

use crate::forms::{
    self, AgencyDraft, AgencyForm, CertificateDraft, Check, EntrustmentForm, OfficerDraft,
    OfficerForm, StatusChangeForm,
};
use crate::{Actor, App, AppError};

/// Masks all but the first `keep_head` and last `keep_tail` characters.
pub fn mask(s: &str, keep_head: usize, keep_tail: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= keep_head + keep_tail {
        return "*".repeat(chars.len());
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < keep_head || i >= chars.len() - keep_tail {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

/// An officer as JSON with personal data masked (for the audit log and lists).
pub fn officer_json_masked(o: &officer::Model) -> serde_json::Value {
    json!({
        "id": o.id,
        "agency_id": o.agency_id,
        "name": o.name,
        "sex": o.sex,
        "id_number": o.id_number.as_deref().map(|s| mask(s, 6, 4)),
        "phone": o.phone.as_deref().map(|s| mask(s, 3, 4)),
        "post": o.post,
        "is_reviewer": o.is_reviewer,
        "legal_qualified": o.legal_qualified,
        "legal_qualified_on": o.legal_qualified_on,
    })
}

fn agency_active(d: &AgencyDraft, now: chrono::DateTime<chrono::Utc>) -> agency::ActiveModel {
    agency::ActiveModel {
        id: NotSet,
        name: Set(d.name.clone()),
        short_name: Set(d.short_name.clone()),
        nature: Set(d.nature.code().to_owned()),
        credit_code: Set(d.credit_code.as_ref().map(|c| c.as_str().to_owned())),
        division_code: Set(d.division_code.as_str().to_owned()),
        parent_id: Set(d.parent_id),
        funding: Set(d.funding.code().to_owned()),
        staffing: Set(d.staffing),
        category: Set(d.category.clone()),
        duties: Set(d.duties.clone()),
        legal_representative: Set(d.legal_representative.clone()),
        address: Set(d.address.clone()),
        complaint_phone: Set(d.complaint_phone.clone()),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

impl App {
    pub async fn list_agencies(
        &self,
        actor: &Actor,
        filter: &AgencyFilter,
        page: PageRequest,
    ) -> Result<Page<agency::Model>, AppError> {
        actor.require(Permission::ReadRegistry)?;
        Ok(repo::agencies::list(self.store().db(), &actor.scope, filter, page).await?)
    }

    pub async fn agencies_in_scope(&self, actor: &Actor) -> Result<Vec<agency::Model>, AppError> {
        actor.require(Permission::ReadRegistry)?;
        Ok(self.store().agencies_in_scope(&actor.scope).await?)
    }

    pub async fn get_agency(&self, actor: &Actor, id: i64) -> Result<agency::Model, AppError> {
        actor.require(Permission::ReadRegistry)?;
        self.scoped(
            actor,
            "agency",
            id,
            repo::agencies::get(self.store().db(), &actor.scope, id).await,
        )
        .await
    }

    /// Turns an out-of-scope result into 403 and records the denied attempt.
    pub(crate) async fn scoped<T>(
        &self,
        actor: &Actor,
        entity: &str,
        id: i64,
        r: Result<T, sanxiang_store::StoreError>,
    ) -> Result<T, AppError> {
        match r {
            Err(sanxiang_store::StoreError::OutOfScope) => {
                let mut e = actor.audit(&format!("{entity}.access"), entity, Some(id));
                e.denied = true;
                repo::audit::append(self.store().db(), e, self.now()).await?;
                Err(AppError::Forbidden)
            }
            other => Ok(other?),
        }
    }

    async fn check_parent(&self, actor: &Actor, d: &AgencyDraft) -> Result<(), AppError> {
        if let Some(pid) = d.parent_id {
            match repo::agencies::get(self.store().db(), &actor.scope, pid).await {
                Ok(_) => {}
                Err(sanxiang_store::StoreError::NotFound) => {
                    return Err(AppError::invalid(Violation::hard(
                        "REG-1",
                        Some("parent_id"),
                        "上级主体不存在",
                    )));
                }
                Err(e) => return Err(e.into()),
            }
        }
        if let sanxiang_core::auth::Scope::Division(prefix) = &actor.scope
            && !d.division_code.as_str().starts_with(prefix.as_str())
        {
            return Err(AppError::invalid(Violation::hard(
                "SEC-1",
                Some("division_code"),
                "行政区划不在您的管辖范围内",
            )));
        }
        Ok(())
    }

    pub async fn create_agency(
        &self,
        actor: &Actor,
        form: &AgencyForm,
    ) -> Result<agency::Model, AppError> {
        actor.require(Permission::WriteRegistry)?;
        if matches!(actor.scope, sanxiang_core::auth::Scope::Agency(_)) {
            // An agency's own staff cannot create other agencies.
            return Err(AppError::Forbidden);
        }
        let d = form.parse().map_err(AppError::Invalid)?;
        self.check_parent(actor, &d).await?;
        let txn = self.store().begin_write().await?;
        let a = insert_agency(&txn, actor, &d, self.now()).await?;
        txn.commit().await?;
        self.public_changed();
        self.store().forget_agencies();
        Ok(a)
    }

    pub async fn update_agency(
        &self,
        actor: &Actor,
        id: i64,
        form: &AgencyForm,
    ) -> Result<agency::Model, AppError> {
        actor.require(Permission::WriteRegistry)?;
        let before = self.get_agency(actor, id).await?;
        let d = form.parse().map_err(AppError::Invalid)?;
        if d.parent_id == Some(id) {
            return Err(AppError::invalid(Violation::hard(
                "REG-1",
                Some("parent_id"),
                "上级主体不能是其自身",
            )));
        }
        self.check_parent(actor, &d).await?;
        let mut am = agency_active(&d, self.now());
        am.id = Set(id);
        am.created_at = Set(before.created_at);
        let txn = self.store().begin_write().await?;
        let a = repo::agencies::update(&txn, am).await?;
        let mut e = actor.audit("agency.update", "agency", Some(id));
        e.before = Some(json!(before));
        e.after = Some(json!(a));
        repo::audit::append(&txn, e, self.now()).await?;
        txn.commit().await?;
        self.public_changed();
        self.store().forget_agencies();
        Ok(a)
    }

    pub async fn list_officers(
        &self,
        actor: &Actor,
        filter: &OfficerFilter,
        page: PageRequest,
    ) -> Result<Page<OfficerRow>, AppError> {
        actor.require(Permission::ReadRegistry)?;
        Ok(
            repo::officers::list(self.store().db(), &actor.scope, filter, page, self.today())
                .await?,
        )
    }

    /// Loads an officer. With `personal`, the unmasked ID number and phone are returned and the
    /// read is audited; otherwise they are masked.
    pub async fn get_officer(
        &self,
        actor: &Actor,
        id: i64,
        personal: bool,
    ) -> Result<OfficerRow, AppError> {
        actor.require(Permission::ReadRegistry)?;
        let mut row = self
            .scoped(
                actor,
                "officer",
                id,
                repo::officers::get(self.store().db(), &actor.scope, id).await,
            )
            .await?;
        if personal {
            repo::audit::append(
                self.store().db(),
                actor.audit("officer.read_personal", "officer", Some(id)),
                self.now(),
            )
            .await?;
        } else {
            row.officer.id_number = row.officer.id_number.as_deref().map(|s| mask(s, 6, 4));
            row.officer.phone = row.officer.phone.as_deref().map(|s| mask(s, 3, 4));
        }
        Ok(row)
    }

    pub async fn certificates_of(
        &self,
        actor: &Actor,
        officer_id: i64,
    ) -> Result<Vec<certificate::Model>, AppError> {
        self.get_officer(actor, officer_id, false).await?;
        Ok(repo::certificates::for_officer(self.store().db(), officer_id).await?)
    }

    pub async fn certificate_events(
        &self,
        actor: &Actor,
        certificate_id: i64,
    ) -> Result<Vec<sanxiang_store::entity::certificate_event::Model>, AppError> {
        let c = repo::certificates::get(self.store().db(), certificate_id).await?;
        self.get_officer(actor, c.officer_id, false).await?;
        Ok(repo::certificates::events(self.store().db(), certificate_id).await?)
    }

    /// The officer's agency must be in the actor's scope (403 otherwise, audited).
    async fn require_agency(
        &self,
        actor: &Actor,
        agency_id: i64,
    ) -> Result<agency::Model, AppError> {
        match repo::agencies::get(self.store().db(), &actor.scope, agency_id).await {
            Err(sanxiang_store::StoreError::NotFound) => Err(AppError::invalid(Violation::hard(
                "REQUIRED",
                Some("agency_id"),
                "所属执法主体不存在",
            ))),
            r => self.scoped(actor, "agency", agency_id, r).await,
        }
    }

    pub async fn create_officer(
        &self,
        actor: &Actor,
        form: &OfficerForm,
    ) -> Result<OfficerRow, AppError> {
        actor.require(Permission::WriteRegistry)?;
        let d = form.parse().map_err(AppError::Invalid)?;
        self.require_agency(actor, d.agency_id).await?;
        let txn = self.store().begin_write().await?;
        let o = insert_officer(&txn, actor, &d, self.now()).await?;
        txn.commit().await?;
        self.public_changed();
        Ok(repo::officers::get(self.store().db(), &actor.scope, o.id).await?)
    }

    pub async fn update_officer(
        &self,
        actor: &Actor,
        id: i64,
        form: &OfficerForm,
    ) -> Result<OfficerRow, AppError> {
        actor.require(Permission::WriteRegistry)?;
        let before = self
            .scoped(
                actor,
                "officer",
                id,
                repo::officers::get(self.store().db(), &actor.scope, id).await,
            )
            .await?;
        let mut d = form.parse().map_err(AppError::Invalid)?;
        self.require_agency(actor, d.agency_id).await?;
        // Editing does not re-issue certificates; new ones are issued separately.
        d.certificate = None;
        let mut am = officer_active(&d, self.now());
        am.id = Set(id);
        am.created_at = Set(before.officer.created_at);
        am.first_review_on = Set(before.officer.first_review_on);
        if d.id_number.is_none() {
            // An empty field keeps the stored number (forms never echo it back).
            am.id_number = Set(before.officer.id_number.clone());
        }
        let txn = self.store().begin_write().await?;
        let o = repo::officers::update(&txn, am).await?;
        let mut e = actor.audit("officer.update", "officer", Some(id));
        e.before = Some(officer_json_masked(&before.officer));
        e.after = Some(officer_json_masked(&o));
        repo::audit::append(&txn, e, self.now()).await?;
        txn.commit().await?;
        self.public_changed();
        Ok(repo::officers::get(self.store().db(), &actor.scope, id).await?)
    }

    /// Issues a new certificate to an officer (REG-2).
    pub async fn issue_certificate(
        &self,
        actor: &Actor,
        officer_id: i64,
        form: &OfficerForm,
    ) -> Result<certificate::Model, AppError> {
        actor.require(Permission::WriteRegistry)?;
        self.scoped(
            actor,
            "officer",
            officer_id,
            repo::officers::get(self.store().db(), &actor.scope, officer_id).await,
        )
        .await?;
        let mut c = Check::default();
        let draft = form.parse_certificate_only(&mut c);
        let draft = match draft {
            Some(d) if c.violations.is_empty() => d,
            _ => {
                if c.violations.is_empty() {
                    c.violations.push(Violation::hard(
                        "REQUIRED",
                        Some("certificate_no"),
                        "执法证号不能为空",
                    ));
                }
                return Err(AppError::Invalid(c.violations));
            }
        };
        let txn = self.store().begin_write().await?;
        let cert = insert_certificate(&txn, actor, officer_id, &draft, self.now()).await?;
        txn.commit().await?;
        self.public_changed();
        Ok(cert)
    }

    /// Records a status change of a certificate (REG-2): suspend, reinstate or revoke.
    pub async fn change_certificate_status(
        &self,
        actor: &Actor,
        certificate_id: i64,
        form: &StatusChangeForm,
    ) -> Result<certificate::Model, AppError> {
        actor.require(Permission::WriteRegistry)?;
        let cert = repo::certificates::get(self.store().db(), certificate_id).await?;
        self.scoped(
            actor,
            "officer",
            cert.officer_id,
            repo::officers::get(self.store().db(), &actor.scope, cert.officer_id).await,
        )
        .await?;
        let change = StatusChange::from_code(form.change.trim()).ok_or_else(|| {
            AppError::invalid(Violation::hard(
                "REG-2",
                Some("change"),
                "状态变更类型应为暂扣、恢复或注销",
            ))
        })?;
        let txn = self.store().begin_write().await?;
        let c = record_status_change(
            &txn,
            actor,
            cert,
            change,
            &form.reason,
            self.today(),
            self.now(),
        )
        .await?;
        txn.commit().await?;
        self.public_changed();
        Ok(c)
    }

    pub async fn entrustments_of(
        &self,
        actor: &Actor,
        agency_id: i64,
    ) -> Result<Vec<entrustment::Model>, AppError> {
        self.get_agency(actor, agency_id).await?;
        Ok(repo::entrustments::for_agency(self.store().db(), &actor.scope, agency_id).await?)
    }

    /// Records an entrustment (R1) after checking every rule.
    pub async fn create_entrustment(
        &self,
        actor: &Actor,
        form: &EntrustmentForm,
    ) -> Result<entrustment::Model, AppError> {
        actor.require(Permission::WriteRegistry)?;
        let (draft, mut v) = form.parse();
        let Some(d) = draft else {
            return Err(AppError::Invalid(v));
        };
        let entrusting = self.require_agency(actor, d.entrusting_id).await?;
        let entrusted = repo::agencies::get(
            self.store().db(),
            &sanxiang_core::auth::Scope::All,
            d.entrusted_id,
        )
        .await?;
        let nature = |a: &agency::Model| {
            sanxiang_core::registry::AgencyNature::parse(&a.nature)
                .unwrap_or(sanxiang_core::registry::AgencyNature::Organ)
        };
        v.extend(check_entrustment(&EntrustmentDraft {
            entrusting_id: d.entrusting_id,
            entrusting_nature: nature(&entrusting),
            entrusted_id: d.entrusted_id,
            entrusted_nature: nature(&entrusted),
            scope: &d.scope,
            valid_from: d.valid_from,
            valid_until: d.valid_until,
            publication_url: &d.publication_url,
        }));
        if !v.is_empty() {
            return Err(AppError::Invalid(v));
        }
        let txn = self.store().begin_write().await?;
        let m = repo::entrustments::insert(
            &txn,
            entrustment::ActiveModel {
                id: NotSet,
                entrusting_id: Set(d.entrusting_id),
                entrusted_id: Set(d.entrusted_id),
                document_no: Set(d.document_no),
                scope: Set(d.scope),
                valid_from: Set(d.valid_from),
                valid_until: Set(d.valid_until),
                publication_url: Set(d.publication_url),
                created_at: Set(self.now()),
            },
        )
        .await?;
        let mut e = actor.audit("entrustment.create", "entrustment", Some(m.id));
        e.after = Some(json!(m));
        repo::audit::append(&txn, e, self.now()).await?;
        txn.commit().await?;
        self.public_changed();
        Ok(m)
    }

    /// REG-3 / R8: reviewers and officers per agency in scope, with the 5% warning.
    pub async fn reviewer_ratios(&self, actor: &Actor) -> Result<Vec<AgencyRatio>, AppError> {
        actor.require(Permission::ReadRegistry)?;
        let counts = repo::officers::reviewer_counts(self.store().db(), &actor.scope).await?;
        let agencies = repo::agencies::all(self.store().db(), &actor.scope).await?;
        Ok(agencies
            .into_iter()
            .map(|a| {
                let (reviewers, officers) = counts.get(&a.id).copied().unwrap_or((0, 0));
                let ratio = ReviewerRatio {
                    reviewers,
                    officers,
                };
                AgencyRatio {
                    agency_id: a.id,
                    agency_name: a.name,
                    percent: ratio.percent_label(),
                    warning: check_reviewer_ratio(ratio),
                    ratio,
                }
            })
            .collect())
    }

    /// Adds a legal adviser or public lawyer to an agency or to a shared pool (REG-3). Only an
    /// administrator or supervisor (scope beyond one agency) adds to a shared pool.
    pub async fn create_adviser(
        &self,
        actor: &Actor,
        form: &forms::AdviserForm,
    ) -> Result<sanxiang_store::entity::legal_adviser::Model, AppError> {
        actor.require(Permission::WriteRegistry)?;
        let d = form.parse().map_err(AppError::Invalid)?;
        match d.agency_id {
            Some(id) => {
                self.require_agency(actor, id).await?;
            }
            None if matches!(actor.scope, sanxiang_core::auth::Scope::Agency(_)) => {
                return Err(AppError::Forbidden);
            }
            None => {}
        }
        let txn = self.store().begin_write().await?;
        let m = repo::advisers::insert(
            &txn,
            sanxiang_store::entity::legal_adviser::ActiveModel {
                id: NotSet,
                agency_id: Set(d.agency_id),
                name: Set(d.name),
                kind: Set(d.kind.to_owned()),
                organisation: Set(d.organisation),
                pool: Set(d.pool),
                legal_qualified: Set(d.legal_qualified),
                valid_until: Set(d.valid_until),
                created_at: Set(self.now()),
            },
        )
        .await?;
        let mut e = actor.audit("adviser.create", "legal_adviser", Some(m.id));
        e.after = Some(json!(m));
        repo::audit::append(&txn, e, self.now()).await?;
        txn.commit().await?;
        Ok(m)
    }

    pub async fn advisers(
        &self,
        actor: &Actor,
    ) -> Result<Vec<sanxiang_store::entity::legal_adviser::Model>, AppError> {
        actor.require(Permission::ReadRegistry)?;
        Ok(repo::advisers::list(self.store().db(), &actor.scope).await?)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AgencyRatio {
    pub agency_id: i64,
    pub agency_name: String,
    pub ratio: ReviewerRatio,
    pub percent: String,
    pub warning: Option<Violation>,
}

fn actor_id(actor: &Actor) -> Option<i64> {
    (actor.user_id > 0).then_some(actor.user_id)
}

fn officer_active(d: &OfficerDraft, now: chrono::DateTime<chrono::Utc>) -> officer::ActiveModel {
    officer::ActiveModel {
        id: NotSet,
        agency_id: Set(d.agency_id),
        name: Set(d.name.clone()),
        sex: Set(d.sex.clone()),
        id_number: Set(d.id_number.as_ref().map(|i| i.as_str().to_owned())),
        phone: Set(d.phone.clone()),
        post: Set(d.post.clone()),
        is_reviewer: Set(d.is_reviewer),
        legal_qualified: Set(d.legal_qualified),
        legal_qualified_on: Set(d.legal_qualified_on),
        first_review_on: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// Inserts an officer (and certificate) inside the caller's transaction, with audit entries.
pub(crate) async fn insert_officer(
    txn: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    d: &OfficerDraft,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<officer::Model, AppError> {
    let o = repo::officers::insert(txn, officer_active(d, now)).await?;
    let mut e = actor.audit("officer.create", "officer", Some(o.id));
    e.after = Some(officer_json_masked(&o));
    repo::audit::append(txn, e, now).await?;
    if let Some(c) = &d.certificate {
        insert_certificate(txn, actor, o.id, c, now).await?;
    }
    Ok(o)
}

async fn insert_certificate(
    txn: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    officer_id: i64,
    c: &CertificateDraft,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<certificate::Model, AppError> {
    let cert = repo::certificates::insert(
        txn,
        certificate::ActiveModel {
            id: NotSet,
            officer_id: Set(officer_id),
            number: Set(c.number.as_str().to_owned()),
            category: Set(c.category.clone()),
            area: Set(c.area.clone()),
            issued_by: Set(c.issued_by.clone()),
            valid_from: Set(c.valid_from),
            valid_until: Set(c.valid_until),
            status: Set(CertificateStatus::Active.code().to_owned()),
            created_at: Set(now),
        },
        actor_id(actor),
        now,
    )
    .await?;
    let mut e = actor.audit("certificate.issue", "certificate", Some(cert.id));
    e.after = Some(json!(cert));
    repo::audit::append(txn, e, now).await?;
    Ok(cert)
}

/// REG-2: applies a status change to a certificate inside the caller's transaction: checks the
/// transition against the status effective `today`, appends the event and the audit entry.
pub(crate) async fn record_status_change(
    txn: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    cert: certificate::Model,
    change: StatusChange,
    reason: &str,
    today: chrono::NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<certificate::Model, AppError> {
    let stored = CertificateStatus::from_code(&cert.status).unwrap_or(CertificateStatus::Active);
    let effective = CertificateStatus::effective(stored, cert.valid_from, cert.valid_until, today);
    let to = change.apply(effective, reason).map_err(AppError::invalid)?;
    let before = json!(cert);
    let c = repo::certificates::change_status(
        txn,
        cert,
        change.code(),
        to.code(),
        reason.trim(),
        actor_id(actor),
        now,
    )
    .await?;
    let mut e = actor.audit(
        &format!("certificate.{}", change.code()),
        "certificate",
        Some(c.id),
    );
    e.before = Some(before);
    e.after = Some(json!(c));
    repo::audit::append(txn, e, now).await?;
    Ok(c)
}

/// Inserts an agency inside the caller's transaction (imports, demo), with an audit entry.
pub(crate) async fn insert_agency(
    txn: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    d: &AgencyDraft,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<agency::Model, AppError> {
    let a = repo::agencies::insert(txn, agency_active(d, now)).await?;
    let mut e = actor.audit("agency.create", "agency", Some(a.id));
    e.after = Some(json!(a));
    repo::audit::append(txn, e, now).await?;
    Ok(a)
}
