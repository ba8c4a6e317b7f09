//! `WorkCalendar`: the working-day rules W1, W3, W4 and W7 over a [`HolidayTable`].
//!
//! Dates before 2004 and after 2100 (no notice can be recorded for them) are provisional and
//! follow Monday–Friday. Results beyond chrono's date range saturate at `NaiveDate::MAX`;
//! nothing here panics.

use chrono::{Datelike, Days, NaiveDate};

use super::index::WorkdayIndex;
use super::table::HolidayTable;
use super::version::CalendarVersion;

/// The official working-day calendar, passed to every deadline computation as an argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkCalendar {
    table: HolidayTable,
    version: CalendarVersion,
    index: WorkdayIndex,
}

impl WorkCalendar {
    pub fn new(table: HolidayTable) -> Self {
        Self {
            version: table.version(),
            index: WorkdayIndex::new(&table),
            table,
        }
    }

    /// The calendar of the built-in notices 2004–2026.
    pub fn builtin() -> Self {
        Self::new(HolidayTable::builtin())
    }

    pub fn table(&self) -> &HolidayTable {
        &self.table
    }

    /// The content-derived version stored with each deadline (W7).
    pub fn version(&self) -> &CalendarVersion {
        &self.version
    }

    /// W1: a listed make-up working day, or Monday–Friday and not a listed rest day.
    pub fn is_workday(&self, date: NaiveDate) -> bool {
        self.index.is_workday(date)
    }

    /// W7: the date's year has no notice in the table, so Monday–Friday is assumed.
    pub fn is_provisional(&self, date: NaiveDate) -> bool {
        !self.table.covers_year(date.year())
    }

    /// Whether any day of `(after, through]` is provisional; when `through <= after`, whether
    /// `through` is.
    pub fn any_provisional(&self, after: NaiveDate, through: NaiveDate) -> bool {
        let last = through.year();
        let first = if through > after {
            after.succ_opt().map_or(last, |d| d.year())
        } else {
            last
        };
        let covered = self.table.covered_years();
        let span = i64::from(last) - i64::from(first) + 1;
        if span > covered.len() as i64 {
            return true;
        }
        (first..=last).any(|y| !covered.contains(&y))
    }

    /// W3: the `n`-th working day after `start`; the start day is not counted, day 1 is the
    /// first working day after it. `n == 0` gives `start`.
    pub fn add_workdays(&self, start: NaiveDate, n: u32) -> NaiveDate {
        self.index.nth_after(start, u64::from(n))
    }

    /// The first working day strictly after `date`.
    pub fn next_workday(&self, date: NaiveDate) -> NaiveDate {
        self.add_workdays(date, 1)
    }

    /// `n` calendar days after `start`. With `roll_forward` (W4), an end date that is not a
    /// working day moves to the next working day.
    pub fn add_days(&self, start: NaiveDate, n: u32, roll_forward: bool) -> NaiveDate {
        let raw = start
            .checked_add_days(Days::new(u64::from(n)))
            .unwrap_or(NaiveDate::MAX);
        if roll_forward && !self.is_workday(raw) {
            self.next_workday(raw)
        } else {
            raw
        }
    }

    /// Working days in `(after, through]`, the days a working-day period counts.
    pub fn count_workdays(&self, after: NaiveDate, through: NaiveDate) -> u64 {
        match after.succ_opt() {
            Some(first) => self.index.count(first, through),
            None => 0,
        }
    }

    /// Working days in the calendar year; 0 for years chrono cannot represent.
    pub fn workdays_in_year(&self, year: i32) -> u32 {
        if year < NaiveDate::MIN.year() || year > NaiveDate::MAX.year() {
            return 0;
        }
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
        let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
        u32::try_from(self.index.count(first, last)).unwrap_or(u32::MAX)
    }
}
