//! Cases (CASE-1, CASE-2): filing a case and recording its acts. Core decides every command
//! against the replayed state; an accepted act is written with its ledger entry in one
//! transaction (the sequencer's unit of work): the sealed act row, the case projection and the
//! entry commit together or not at all.

mod access;
mod archive;
mod attest;
mod context;
mod drafts;
mod issue;
mod party;
mod personal;
mod record;

use sanxiang_core::auth::Permission;
use sanxiang_core::case::{Act, ActPayload, CaseState, Command, ProcedureKind};
use sanxiang_core::rule::Violation;
use sanxiang_store::entity::cases;
use sanxiang_store::repo::cases::CaseFilter;
use sanxiang_store::repo::{self, Page, PageRequest};
use serde::{Deserialize, Serialize};

use crate::{Actor, App, AppError};

pub use access::{AssignedReviewer, access_label, may_assign_reviewers, may_review_access};
pub use attest::{Confirmation, Confirmations};
pub use drafts::DraftRequest;
pub use party::{PartyCase, normalize_code};
pub use personal::{PartyView, mask_address, redact};
pub use record::{StateCache, code};

/// A command as submitted: the command and when it took place (default: now). The command's
/// `evidence` lists the SM3 (hex) of files already uploaded to the case; whether an audio or
/// video record covers the act (A3) is decided from them, never claimed by the client.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ActInput {
    #[schema(value_type = Object)]
    #[serde(flatten)]
    pub command: Command,
    /// Local time (China Standard Time) of the act, `YYYY-MM-DDTHH:MM:SS`; default now.
    #[schema(value_type = Option<String>)]
    pub at: Option<chrono::NaiveDateTime>,
    /// Documents (文书) issued with the act: each is checked for its required elements (422
    /// naming the rule), numbered, rendered to PDF/A, stored as evidence of the case, and its
    /// PDF's SM3 listed in the act's `instruments` and attached to its ledger entry.
    #[schema(value_type = Vec<Object>)]
    #[serde(default)]
    pub issue: Vec<sanxiang_core::instrument::InstrumentContent>,
    /// CASE-2, R3: the other named officers confirming on this device with their own password
    /// (the signed-in officer is the recorder and must be one of the act's officers).
    #[serde(default)]
    pub confirmations: Vec<Confirmation>,
}

/// A new case: where it belongs and its first act (立案, or the on-the-spot decision of the
/// simplified procedure).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewCase {
    pub agency_id: i64,
    #[schema(value_type = String)]
    pub kind: ProcedureKind,
    /// 执法类别 of the matter (must be covered by the officers' certificates, R2).
    pub matter_category: String,
    /// 执法区域 of the matter.
    pub matter_area: String,
    pub first_act: ActInput,
}

/// A case with its acts and replayed state, as its officers see it.
#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    pub case: cases::Model,
    pub acts: Vec<RecordedAct>,
    #[serde(skip)]
    pub state: CaseState,
    /// The documents issued in the case, in act order.
    pub instruments: Vec<crate::instruments::IssuedInstrument>,
    /// The party, masked unless `personal_data`.
    pub party: Option<PartyView>,
    /// The reader is among the case's officers and sees personal identifiers in full (A8);
    /// for anyone else, acts are given out through [`redact`].
    pub personal_data: bool,
    /// CASE-2: the confirmations asked of named officers, given or still awaited, by act.
    pub confirmations: Vec<sanxiang_store::entity::act_confirmation::Model>,
}

/// One act of the timeline with its place in the ledger.
#[derive(Debug, Clone, Serialize)]
pub struct RecordedAct {
    pub act: Act,
    pub ledger_index: i64,
    pub warnings: Vec<Violation>,
    pub recorded_at: chrono::DateTime<chrono::Utc>,
}

impl App {
    /// CASE-1: files a case with its first act. Returns the case.
    pub async fn file_case(&self, actor: &Actor, new: NewCase) -> Result<cases::Model, AppError> {
        actor.require(Permission::RecordActs)?;
        // The agency must be in the actor's scope.
        let db = self.store().db();
        self.scoped(
            actor,
            "agency",
            new.agency_id,
            repo::agencies::get(db, &actor.scope, new.agency_id).await,
        )
        .await?;
        let cause = match &new.first_act.command.payload {
            ActPayload::Filing(f) => f.cause.trim().to_owned(),
            ActPayload::Decision(d) if new.kind == ProcedureKind::PenaltySimple => {
                d.facts.trim().to_owned()
            }
            ActPayload::Application { item, .. } if new.kind == ProcedureKind::Licensing => {
                item.trim().to_owned()
            }
            _ => {
                return Err(AppError::invalid(Violation::hard(
                    "CASE-1",
                    Some("payload"),
                    "新案件的第一项行为应为立案（简易程序为当场处罚决定，许可为申请）",
                )));
            }
        };
        let case = cases::Model {
            id: 0,
            case_no: String::new(),
            agency_id: new.agency_id,
            kind: code(&new.kind),
            matter_category: new.matter_category.trim().to_owned(),
            matter_area: new.matter_area.trim().to_owned(),
            cause,
            party_name: String::new(),
            stage: String::new(),
            act_count: 0,
            chain_head: vec![0; 32],
            closed: false,
            created_at: self.now(),
            created_by: (actor.user_id > 0).then_some(actor.user_id),
        };
        self.record(actor, record::Target::New(case), new.first_act)
            .await
    }

    /// CASE-2: records an act in a case. A HARD rule violation is a 422 naming the rule and
    /// nothing is written.
    pub async fn record_act(
        &self,
        actor: &Actor,
        case_id: i64,
        input: ActInput,
    ) -> Result<cases::Model, AppError> {
        actor.require(Permission::RecordActs)?;
        let case = self.writable_case(actor, case_id).await?;
        self.record(actor, record::Target::Existing(case), input)
            .await
    }

    /// CASE-6: a case with its timeline; the read is logged.
    pub async fn case_view(&self, actor: &Actor, case_id: i64) -> Result<CaseView, AppError> {
        actor.require(Permission::ReadCases)?;
        let db = self.store().db();
        let case = self.readable_case(actor, case_id).await?;
        let (acts, state) = self.load_acts(&case).await?;
        repo::audit::append(db, actor.audit("read", "case", Some(case.id)), self.now()).await?;
        let instruments = self.instruments_of(case.id).await?;
        // An officer reads only the cases they act in (`readable_case`), so an officer reading
        // is one of the case's officers.
        let personal_data = actor.role == sanxiang_core::auth::Role::Officer;
        let confirmations = repo::confirmations::for_case(db, case.id).await?;
        Ok(CaseView {
            confirmations,
            party: state
                .party
                .as_ref()
                .map(|p| PartyView::of(p, personal_data)),
            personal_data,
            case,
            acts,
            state,
            instruments,
        })
    }

    /// The cases in the actor's scope.
    pub async fn list_cases(
        &self,
        actor: &Actor,
        filter: &CaseFilter,
        page: PageRequest,
    ) -> Result<Page<cases::Model>, AppError> {
        actor.require(Permission::ReadCases)?;
        let mut filter = filter.clone();
        filter.own = self.own_cases(actor).await?;
        Ok(repo::cases::list(self.store().db(), &actor.scope, &filter, page).await?)
    }
}

/// An open case deadline with its alarm state (CASE-5).
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineAlarm {
    #[serde(flatten)]
    pub deadline: repo::deadlines::CaseDeadline,
    /// `overdue`, `due_soon` (within 3 working days) or `open`.
    pub alarm: &'static str,
}

impl App {
    /// CASE-5: the open deadlines of the cases in the actor's scope, earliest first, each with
    /// its alarm state as of today.
    pub async fn case_deadlines(
        &self,
        actor: &Actor,
        limit: u64,
    ) -> Result<Vec<DeadlineAlarm>, AppError> {
        actor.require(Permission::ReadCases)?;
        let today = self.today();
        let soon = self.calendar().add_workdays(today, 3);
        let rows = repo::deadlines::open_case_deadlines(
            self.store().db(),
            &actor.scope,
            self.own_cases(actor).await?.as_ref(),
            limit,
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|d| {
                let alarm = if d.deadline.due < today {
                    "overdue"
                } else if d.deadline.due <= soon {
                    "due_soon"
                } else {
                    "open"
                };
                DeadlineAlarm { deadline: d, alarm }
            })
            .collect())
    }
}
