//! The context a command is decided against: the officers as the registry says on the act
//! date (R2), the calendar, the matter, and the jurisdiction's configuration.

use chrono::NaiveDateTime;
use sanxiang_core::auth::Scope;
use sanxiang_core::case::{
    ActContext, ActingBody, CaseConfig, Command, EntrustmentTerm, OfficerOnDuty, ProcedureKind,
};
use sanxiang_core::catalog::MatterKind;
use sanxiang_core::catalog::av::{AvAct, av_requirement};
use sanxiang_core::registry::{
    AgencyNature, CertificateNo, CertificateStatus, StatusEvent, status_at,
};
use sanxiang_store::entity::{agency, cases, certificate_event};
use sanxiang_store::repo;

use crate::{App, AppError};

/// Splits a certificate's 执法类别/执法区域 field into its items (`、`, `,`, `，`, `;`).
fn items(field: &str) -> Vec<String> {
    field
        .split(['、', ',', '，', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A recorded status change in China Standard Time (REG-2); an unknown status is corrupt data.
fn status_event(number: &str, e: &certificate_event::Model) -> Result<StatusEvent, AppError> {
    let status = |code: &str| {
        CertificateStatus::from_code(code).ok_or_else(|| {
            AppError::Internal(format!(
                "certificate {number}: unknown status {code:?} in its history"
            ))
        })
    };
    Ok(StatusEvent {
        at: e.at.with_timezone(&crate::clock::cst()).naive_local(),
        from: e.from_status.as_deref().map(status).transpose()?,
        to: status(&e.to_status)?,
    })
}

impl App {
    /// The case rules of `agency`: the local rules of its sector (执法类别) and its own.
    pub(super) fn config_of(&self, agency: &agency::Model) -> CaseConfig {
        self.local_rules
            .config_for(&agency.category, agency.credit_code.as_deref())
    }

    /// R1: the acting body's nature and, for an entrusted body, the entrustments it holds.
    async fn acting_body(&self, agency: &agency::Model) -> Result<ActingBody, AppError> {
        let nature = AgencyNature::parse(&agency.nature)
            .ok_or_else(|| AppError::Internal(format!("agency {}: unknown nature", agency.id)))?;
        let entrustments = if nature == AgencyNature::Entrusted {
            repo::entrustments::for_agency(self.store().db(), &Scope::All, agency.id)
                .await?
                .into_iter()
                .filter(|e| e.entrusted_id == agency.id)
                .map(|e| EntrustmentTerm {
                    valid_from: e.valid_from,
                    valid_until: e.valid_until,
                    scope: e.scope,
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok(ActingBody {
            nature: Some(nature),
            entrustments,
        })
    }

    pub(super) async fn act_context(
        &self,
        case: &cases::Model,
        cmd: &Command,
        at: NaiveDateTime,
        av_attached: bool,
    ) -> Result<ActContext, AppError> {
        let db = self.store().db();
        let agency = repo::agencies::get(db, &Scope::All, case.agency_id).await?;
        let mut officers = Vec::new();
        let mut numbers: Vec<&CertificateNo> = cmd.officers.iter().collect();
        if let sanxiang_core::case::ActPayload::Transcript(t) = &cmd.payload {
            numbers.extend(t.certificates_shown.iter());
        }
        numbers.sort();
        numbers.dedup();
        let mut found = Vec::new();
        for no in numbers {
            if let Some((c, o)) =
                repo::certificates::with_officer_by_number(db, no.as_str()).await?
            {
                found.push((no.clone(), c, o));
            }
        }
        // R2: each certificate's status as it stood at the act's time, from its history.
        let ids: Vec<i64> = found.iter().map(|(_, c, _)| c.id).collect();
        let events = repo::certificates::events_of(db, &ids).await?;
        for (no, c, o) in found {
            let stored = CertificateStatus::from_code(&c.status).ok_or_else(|| {
                AppError::Internal(format!("certificate {}: unknown status", c.number))
            })?;
            let history = events
                .iter()
                .filter(|e| e.certificate_id == c.id)
                .map(|e| status_event(&c.number, e))
                .collect::<Result<Vec<_>, _>>()?;
            officers.push(OfficerOnDuty {
                name: o.name,
                certificate_no: no,
                status: CertificateStatus::effective(
                    status_at(&history, stored, at),
                    c.valid_from,
                    c.valid_until,
                    at.date(),
                ),
                categories: items(&c.category),
                areas: items(&c.area),
            });
        }
        // A3: the national floor for this act, raised by the agency's 音像记录事项清单 in force.
        let rules = self.av_rules_in_force(case.agency_id, at.date()).await?;
        let kind: ProcedureKind =
            serde_json::from_value(serde_json::Value::String(case.kind.clone()))
                .map_err(|e| AppError::Internal(format!("case {}: kind: {e}", case.id)))?;
        let av_requirement = av_requirement(
            &rules,
            AvAct::of_payload(&cmd.payload),
            MatterKind::of_procedure(kind),
            None,
        )
        .requirement;
        Ok(ActContext {
            at,
            recorded_at: self.now().with_timezone(&crate::clock::cst()).naive_local(),
            calendar: self.calendar(),
            officers,
            acting_body: self.acting_body(&agency).await?,
            matter_category: case.matter_category.clone(),
            matter_area: case.matter_area.clone(),
            av_requirement,
            av_attached,
            config: self.config_of(&agency),
            // Set by the recording use case, which knows who records and who confirmed.
            attestation: None,
        })
    }
}
