//! CASE-5 alarms: a daily job turns the open case deadlines into alarms — 临期 (due within three
//! working days) and 逾期 (overdue) — once per deadline and level, so that officers and heads
//! see what needs doing on their dashboard and acknowledge it. The job runs at start and then
//! whenever the date (China Standard Time) changes; `sanxiang alarms raise` runs it by hand.

use std::time::Duration;

use chrono::NaiveDate;
use sanxiang_core::auth::{Permission, Scope};
use sanxiang_store::entity::alarm;
use sanxiang_store::repo::alarms::NewAlarm;
use sanxiang_store::repo::{self, Page, PageRequest};

use crate::{Actor, App, AppError};

/// Working days before the due date at which a deadline alarms (CASE-5).
pub const DUE_SOON_WORKDAYS: u32 = 3;

/// How often the job looks whether the date changed.
const POLL: Duration = Duration::from_secs(600);

/// What one run raised.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AlarmRun {
    pub open_deadlines: usize,
    pub raised: u64,
}

impl App {
    /// Raises today's alarms (idempotent: an alarm already raised is not raised again).
    pub async fn raise_alarms(&self) -> Result<AlarmRun, AppError> {
        let today = self.today();
        let soon = self.calendar().add_workdays(today, DUE_SOON_WORKDAYS);
        let db = self.store().db();
        let open =
            repo::deadlines::open_case_deadlines(db, &Scope::All, None, u64::MAX >> 1).await?;
        let alarms: Vec<NewAlarm> = open
            .iter()
            // CASE-5: the party's own periods are shown on the case, not alarmed.
            .filter(|d| sanxiang_core::case::alarms_the_agency(&d.deadline.rule))
            .filter_map(|d| {
                let level = if d.deadline.due < today {
                    "overdue"
                } else if d.deadline.due <= soon {
                    "due_soon"
                } else {
                    return None;
                };
                Some(NewAlarm {
                    deadline_id: d.deadline.id,
                    case_id: d.case_id,
                    agency_id: d.agency_id,
                    rule: d.deadline.rule.clone(),
                    what: format!("案件{}（{}）：{}", d.case_no, d.cause, d.deadline.what),
                    due: d.deadline.due,
                    level,
                })
            })
            .collect();
        let raised = repo::alarms::raise(db, alarms, today).await?;
        if raised > 0 {
            tracing::warn!(raised, today = %today, "deadline alarms raised");
        }
        Ok(AlarmRun {
            open_deadlines: open.len(),
            raised,
        })
    }

    /// Runs [`App::raise_alarms`] now and again whenever the date changes.
    pub fn start_alarm_job(&self) {
        let app = self.clone();
        tokio::spawn(async move {
            let mut done: Option<NaiveDate> = None;
            loop {
                let today = app.today();
                if done != Some(today) {
                    match app.raise_alarms().await {
                        Ok(_) => done = Some(today),
                        Err(e) => tracing::error!(error = %e, "raising deadline alarms failed"),
                    }
                }
                tokio::time::sleep(POLL).await;
            }
        });
    }

    /// Alarms in the actor's scope (open ones only, or all); an officer's or a reviewer's are those of
    /// their own cases (CASE-5, CASE-6).
    pub async fn alarms(
        &self,
        actor: &Actor,
        open_only: bool,
        page: PageRequest,
    ) -> Result<Page<alarm::Model>, AppError> {
        actor.require(Permission::ReadCases)?;
        let own = self.own_cases(actor).await?;
        Ok(repo::alarms::list(
            self.store().db(),
            &actor.scope,
            own.as_ref(),
            open_only,
            page,
        )
        .await?)
    }

    /// Marks an alarm as seen (已知悉); audited.
    pub async fn acknowledge_alarm(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        actor.require(Permission::RecordActs)?;
        let db = self.store().db();
        let own = self.own_cases(actor).await?;
        let r = repo::alarms::acknowledge(
            db,
            &actor.scope,
            own.as_ref(),
            id,
            (actor.user_id > 0).then_some(actor.user_id),
            self.now(),
        )
        .await;
        self.scoped(actor, "alarm", id, r).await?;
        repo::audit::append(
            db,
            actor.audit("alarm.acknowledge", "alarm", Some(id)),
            self.now(),
        )
        .await?;
        Ok(())
    }
}
