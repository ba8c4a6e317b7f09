//! Deadlines a case opens and closes (ALARM rules), and the P11 late-payment surcharge.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::Fen;
use crate::calendar::{Period, WorkCalendar};

/// A deadline an act opens. Computed once, when the act is decided, and stored with the act,
/// so that replaying a case needs no calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineSpec {
    /// Rule ID, e.g. `P10`; acts close open deadlines by this ID.
    pub rule: String,
    /// What is due, in Chinese (for the alarm).
    pub what: String,
    /// The event date; not counted.
    pub start: NaiveDate,
    pub period: Period,
    pub due: NaiveDate,
}

/// The deadlines that run against the party, not the agency: its 陈述申辩 (P5) and hearing
/// request (P6) periods and its remedy periods (P12 复议, `P12/诉讼`). They are shown on the
/// case, but their passing is no failure of the agency's, so they raise no alarm (CASE-5).
const PARTY_PERIODS: [&str; 4] = ["P5", "P6", "P12", "P12/诉讼"];

/// Whether the passing of a deadline with this key is the agency's to prevent (CASE-5 alarms).
pub fn alarms_the_agency(rule: &str) -> bool {
    !PARTY_PERIODS.contains(&rule)
}

impl DeadlineSpec {
    pub fn compute(
        rule: &str,
        what: &str,
        start: NaiveDate,
        period: Period,
        calendar: &WorkCalendar,
    ) -> DeadlineSpec {
        let due = match period {
            Period::Workdays(n) => calendar.add_workdays(start, n),
            Period::Days { n, roll_forward } => calendar.add_days(start, n, roll_forward),
        };
        DeadlineSpec {
            rule: rule.into(),
            what: what.into(),
            start,
            period,
            due,
        }
    }

    /// The same deadline counting `by` more units of its period (days or working days): an
    /// approved extension, or the time a pause took. Folded into the period, not only the due
    /// date, so that recomputing the deadline on a new calendar keeps it (W7).
    pub fn extended(&self, by: u32, calendar: &WorkCalendar) -> DeadlineSpec {
        let period = match self.period {
            Period::Workdays(n) => Period::Workdays(n.saturating_add(by)),
            Period::Days { n, roll_forward } => Period::Days {
                n: n.saturating_add(by),
                roll_forward,
            },
        };
        DeadlineSpec::compute(&self.rule, &self.what, self.start, period, calendar)
    }

    /// Whether `date` is past the due date.
    pub fn is_missed_on(&self, date: NaiveDate) -> bool {
        date > self.due
    }
}

/// P11 (S2 Art 72): 3 % of the fine per day late, never more than the fine. Integer fen,
/// rounded down; no overflow for any input.
pub fn late_surcharge(fine_fen: Fen, days_late: u32) -> Fen {
    if fine_fen <= 0 {
        return 0;
    }
    let raw = i128::from(fine_fen) * 3 * i128::from(days_late) / 100;
    let capped = raw.min(i128::from(fine_fen));
    Fen::try_from(capped).unwrap_or(fine_fen)
}

/// The surcharge owed when a fine due on `due` is paid on `paid_on`.
pub fn surcharge_on(fine_fen: Fen, due: NaiveDate, paid_on: NaiveDate) -> Fen {
    let days = (paid_on - due).num_days();
    if days <= 0 {
        return 0;
    }
    late_surcharge(fine_fen, u32::try_from(days).unwrap_or(u32::MAX))
}
