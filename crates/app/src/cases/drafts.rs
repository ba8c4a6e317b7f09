//! Documents drafted from the case record for an act about to be recorded (the console's
//! "同时出具文书"): the case's party, the officers' names from the registry and the agency's name
//! fill the document (`sanxiang_core::instrument::draft`); the act then issues it as usual.

use chrono::NaiveDateTime;
use sanxiang_core::auth::{Permission, Scope};
use sanxiang_core::case::{ActPayload, Command};
use sanxiang_core::instrument::draft::{self, DraftContext, InspectionDetails};
use sanxiang_core::instrument::{InstrumentContent, Officer, ServedDocument};
use sanxiang_store::repo;

use crate::{Actor, App, AppError};

/// Which document to draft with the act, and what only the form knows.
pub enum DraftRequest {
    /// 现场检查笔录 with an inspection transcript.
    InspectionRecord(InspectionDetails),
    /// 行政处罚事先告知书 with a 事先告知 act; `contact`: 联系人、电话、地址.
    PriorNotice { contact: String },
    /// 送达回证 with a 送达 act (listing the documents of the served act).
    ServiceReceipt,
}

impl App {
    /// The document `request` asks for, drafted for `cmd` in case `case_id` at `at`.
    /// A request that does not fit the act (a notice with a transcript) is a 422.
    pub async fn draft_document(
        &self,
        actor: &Actor,
        case_id: i64,
        cmd: &Command,
        at: NaiveDateTime,
        request: DraftRequest,
    ) -> Result<InstrumentContent, AppError> {
        actor.require(Permission::RecordActs)?;
        let db = self.store().db();
        let case = self.writable_case(actor, case_id).await?;
        let (_, state) = self.load_acts(&case).await?;
        let agency = repo::agencies::get(db, &Scope::All, case.agency_id).await?;
        let mut officers = Vec::new();
        for no in &cmd.officers {
            let name = repo::certificates::with_officer_by_number(db, no.as_str())
                .await?
                .map(|(_, o)| o.name)
                .unwrap_or_default();
            officers.push(Officer {
                name,
                certificate_no: no.as_str().to_owned(),
            });
        }
        let config = self.config_of(&agency);
        let ctx = DraftContext {
            state: &state,
            officers,
            organ: &agency.name,
            at,
            reply_period: config.reply_period,
        };
        let mismatch = || {
            AppError::invalid(sanxiang_core::rule::Violation::hard(
                "DOC",
                Some("issue"),
                "所选文书与本执法行为不对应",
            ))
        };
        match (request, &cmd.payload) {
            (DraftRequest::InspectionRecord(details), ActPayload::Transcript(t)) => {
                draft::inspection_record(&ctx, t, details).ok_or_else(mismatch)
            }
            (DraftRequest::PriorNotice { contact }, ActPayload::Notice(n)) => {
                let evidence = self
                    .evidence_list(actor, case_id)
                    .await?
                    .into_iter()
                    .filter(|e| cmd.evidence.contains(&e.sm3))
                    .map(|e| e.file_name)
                    .collect();
                Ok(draft::prior_notice(&ctx, n, evidence, &contact))
            }
            (DraftRequest::ServiceReceipt, ActPayload::Service(svc)) => {
                let seq = i64::try_from(svc.of_act).unwrap_or(i64::MAX);
                let documents = self
                    .instruments_of(case.id)
                    .await?
                    .into_iter()
                    .filter(|i| i.act_seq == seq)
                    .map(|i| ServedDocument {
                        title: i.label,
                        number: i.number,
                    })
                    .collect();
                draft::service_receipt(&ctx, svc, documents).ok_or_else(mismatch)
            }
            _ => Err(mismatch()),
        }
    }
}
