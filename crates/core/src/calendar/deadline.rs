//! `Deadline`: a period computed on a calendar, with the calendar version it was computed on
//! (W7), so open deadlines can be found and recomputed when a notice is imported or changed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::version::CalendarVersion;
use super::work_calendar::WorkCalendar;
use crate::rule::Violation;

/// How a period is counted (W2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// `n` working days, start day excluded (W3).
    Workdays(u32),
    /// `n` calendar days; with `roll_forward`, an end on a non-working day moves to the next
    /// working day (W4).
    Days { n: u32, roll_forward: bool },
}

/// A computed deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// The domain rule that sets the period, e.g. `P10`.
    pub rule: String,
    /// The event date; not counted.
    pub start: NaiveDate,
    pub period: Period,
    pub due: NaiveDate,
    /// The version of the calendar `due` was computed on.
    pub calendar_version: CalendarVersion,
    /// Some counted day falls in a year without a notice (W7 WARN): `due` may move once the
    /// notice is published.
    pub provisional: bool,
}

impl Deadline {
    pub fn compute(
        rule: impl Into<String>,
        start: NaiveDate,
        period: Period,
        calendar: &WorkCalendar,
    ) -> Deadline {
        let due = match period {
            Period::Workdays(n) => calendar.add_workdays(start, n),
            Period::Days { n, roll_forward } => calendar.add_days(start, n, roll_forward),
        };
        Deadline {
            rule: rule.into(),
            start,
            period,
            due,
            calendar_version: calendar.version().clone(),
            provisional: calendar.any_provisional(start, due),
        }
    }

    /// The same rule, start and period on another calendar.
    pub fn recompute(&self, calendar: &WorkCalendar) -> Deadline {
        Self::compute(self.rule.clone(), self.start, self.period, calendar)
    }

    /// Whether the deadline was computed on this calendar's version.
    pub fn is_current(&self, calendar: &WorkCalendar) -> bool {
        self.calendar_version == *calendar.version()
    }

    /// The W7 warning for a provisional deadline.
    pub fn provisional_warning(&self) -> Option<Violation> {
        self.provisional.then(|| {
            Violation::warn(
                "W7",
                None,
                format!(
                    "期限（{}）按周一至周五推算：所涉年度的国务院节假日安排尚未公布，到期日 {} 为暂定，公布后将重新计算",
                    self.rule, self.due
                ),
            )
        })
    }
}
