//! Calendar use cases (W1–W7): load the calendar from the holiday table, import a new notice,
//! recompute open deadlines when the calendar changes.

use sanxiang_core::auth::Permission;
use sanxiang_core::calendar::{
    Deadline, HolidayEntry, HolidayTable, Period, WorkCalendar, parse_notice_csv, parse_notice_json,
};
use sanxiang_core::rule::Violation;
use sanxiang_store::{Store, repo};
use serde::Serialize;
use serde_json::json;

use crate::{Actor, App, AppError};

pub(crate) async fn load(store: &Store) -> Result<WorkCalendar, AppError> {
    let entries = repo::calendar::entries(store.db()).await?;
    let table = HolidayTable::from_entries(entries)
        .map_err(|e| AppError::Internal(format!("stored holiday table is invalid: {e}")))?;
    Ok(WorkCalendar::new(table))
}

/// What importing a notice changed.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeImported {
    pub notice_year: i32,
    pub entries: usize,
    pub old_version: String,
    pub new_version: String,
    /// Open deadlines whose due date moved.
    pub deadlines_moved: usize,
    pub deadlines_checked: usize,
}

/// Parses a notice file: holiday-cn JSON when it starts with `{`, CSV otherwise.
pub fn parse_notice(text: &str) -> Result<Vec<HolidayEntry>, Violation> {
    let r = if text.trim_start().starts_with('{') {
        parse_notice_json(text)
    } else {
        parse_notice_csv(text)
    };
    r.map_err(|e| Violation::hard("W7", Some("file"), e.message_zh()))
}

impl App {
    /// Replaces notice `year` with `entries`, then recomputes every open deadline on the new
    /// calendar (W7), all in one transaction.
    pub async fn import_notice(
        &self,
        actor: &Actor,
        year: i32,
        entries: Vec<HolidayEntry>,
    ) -> Result<NoticeImported, AppError> {
        actor.require(Permission::ManageCalendar)?;
        let old = self.calendar();
        let table = old
            .table()
            .with_notice(year, entries.clone())
            .map_err(|e| AppError::invalid(Violation::hard("W7", Some("file"), e.message_zh())))?;
        let new = WorkCalendar::new(table);
        let txn = self.store().begin_write().await?;
        repo::calendar::replace_notice(&txn, year, &entries).await?;
        let open = repo::deadlines::open(&txn).await?;
        let checked = open.len();
        let mut moved = 0;
        for m in open {
            let d = repo::deadlines::to_core(&m)?.recompute(&new);
            if d.due != m.due {
                moved += 1;
            }
            repo::deadlines::set_computed(&txn, m, &d).await?;
        }
        let mut e = actor.audit("calendar.import_notice", "holiday", Some(i64::from(year)));
        e.before = Some(json!({"version": old.version().as_str()}));
        e.after = Some(
            json!({"version": new.version().as_str(), "entries": entries.len(), "deadlines_moved": moved}),
        );
        repo::audit::append(&txn, e, self.now()).await?;
        txn.commit().await?;
        let report = NoticeImported {
            notice_year: year,
            entries: entries.len(),
            old_version: old.version().as_str().to_owned(),
            new_version: new.version().as_str().to_owned(),
            deadlines_moved: moved,
            deadlines_checked: checked,
        };
        self.set_calendar(new);
        Ok(report)
    }

    /// Computes a deadline on the current calendar and stores it as open.
    pub async fn open_deadline(
        &self,
        subject_kind: &str,
        subject_id: i64,
        rule: &str,
        start: chrono::NaiveDate,
        period: Period,
    ) -> Result<sanxiang_store::entity::deadline::Model, AppError> {
        let d = Deadline::compute(rule, start, period, &self.calendar());
        Ok(
            repo::deadlines::insert(self.store().db(), subject_kind, subject_id, &d, self.now())
                .await?,
        )
    }
}
