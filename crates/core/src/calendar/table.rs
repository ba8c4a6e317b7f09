//! `HolidayTable`: the rest days and make-up working days of the published notices, keyed by
//! date, plus the set of notice years it covers. A year is covered when its notice is in the
//! table; dates of uncovered years are provisional (W7).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::entry::{HolidayEntry, is_weekend};
use super::error::{CalendarError, EntryProblem};
use super::version::CalendarVersion;

/// First notice year a table may hold.
pub const FIRST_NOTICE_YEAR: i32 = 2004;
/// Last notice year a table may hold.
pub const LAST_NOTICE_YEAR: i32 = 2100;

/// First day a notice may list.
pub(crate) const SUPPORTED_FIRST: NaiveDate = ymd(FIRST_NOTICE_YEAR, 1, 1);
/// Last day a notice may list.
pub(crate) const SUPPORTED_LAST: NaiveDate = ymd(LAST_NOTICE_YEAR, 12, 31);

const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => NaiveDate::MIN,
    }
}

/// The holiday notices known to the system. Serialises as the list of its entries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<HolidayEntry>", into = "Vec<HolidayEntry>")]
pub struct HolidayTable {
    entries: BTreeMap<NaiveDate, HolidayEntry>,
    notice_years: BTreeSet<i32>,
}

impl HolidayTable {
    /// A table without notices: every date is provisional and Monday–Friday.
    pub fn empty() -> Self {
        Self::default()
    }

    /// A table from entries of any number of notices. The covered years are the notice years
    /// of the entries. Each entry is validated as in [`HolidayTable::with_notice`].
    pub fn from_entries(
        entries: impl IntoIterator<Item = HolidayEntry>,
    ) -> Result<Self, CalendarError> {
        let mut table = Self::empty();
        for entry in entries {
            check_notice_year(entry.notice_year)?;
            validate_entry(entry.notice_year, &entry)?;
            table.notice_years.insert(entry.notice_year);
            table.insert(entry)?;
        }
        Ok(table)
    }

    /// A copy of this table in which notice `year` is replaced by `entries` (an admin imports
    /// next year's notice, or a corrected one). Rules:
    /// - `year` lies in 2004..=2100 and `entries` is not empty;
    /// - every entry carries `notice_year == year` and a non-empty name;
    /// - every date lies in `year`, in December of `year - 1` or in January of `year + 1`;
    /// - a make-up working day (`off_day == false`) is a Saturday or Sunday;
    /// - no date is listed twice, within the notice or by another notice.
    pub fn with_notice(
        &self,
        year: i32,
        entries: impl IntoIterator<Item = HolidayEntry>,
    ) -> Result<HolidayTable, CalendarError> {
        check_notice_year(year)?;
        let mut table = HolidayTable {
            entries: self
                .entries
                .iter()
                .filter(|(_, e)| e.notice_year != year)
                .map(|(d, e)| (*d, e.clone()))
                .collect(),
            notice_years: self.notice_years.clone(),
        };
        let mut any = false;
        for entry in entries {
            any = true;
            if entry.notice_year != year {
                return Err(CalendarError::Entry {
                    notice_year: year,
                    date: entry.date,
                    problem: EntryProblem::NoticeYearMismatch {
                        entry_notice_year: entry.notice_year,
                    },
                });
            }
            validate_entry(year, &entry)?;
            table.insert(entry)?;
        }
        if !any {
            return Err(CalendarError::EmptyNotice(year));
        }
        table.notice_years.insert(year);
        Ok(table)
    }

    /// All entries, sorted by date.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &HolidayEntry> + ExactSizeIterator {
        self.entries.values()
    }

    /// The entries of one notice, sorted by date.
    pub fn notice_entries(&self, year: i32) -> impl Iterator<Item = &HolidayEntry> {
        self.entries.values().filter(move |e| e.notice_year == year)
    }

    /// The entry listed for `date`, if any.
    pub fn get(&self, date: NaiveDate) -> Option<&HolidayEntry> {
        self.entries.get(&date)
    }

    /// The notice years in the table.
    pub fn covered_years(&self) -> &BTreeSet<i32> {
        &self.notice_years
    }

    /// Whether the notice for `year` is in the table.
    pub fn covers_year(&self, year: i32) -> bool {
        self.notice_years.contains(&year)
    }

    /// The content-derived version of this table (see [`CalendarVersion`]).
    pub fn version(&self) -> CalendarVersion {
        CalendarVersion::of(self.notice_years.iter().copied(), self.entries.values())
    }

    fn insert(&mut self, entry: HolidayEntry) -> Result<(), CalendarError> {
        if let Some(existing) = self.entries.get(&entry.date) {
            return Err(CalendarError::Entry {
                notice_year: entry.notice_year,
                date: entry.date,
                problem: EntryProblem::DuplicateDate {
                    other_notice_year: existing.notice_year,
                },
            });
        }
        self.entries.insert(entry.date, entry);
        Ok(())
    }
}

fn check_notice_year(year: i32) -> Result<(), CalendarError> {
    if (FIRST_NOTICE_YEAR..=LAST_NOTICE_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(CalendarError::UnsupportedNoticeYear(year))
    }
}

fn validate_entry(notice_year: i32, entry: &HolidayEntry) -> Result<(), CalendarError> {
    let date = entry.date;
    let fail = |problem| {
        Err(CalendarError::Entry {
            notice_year,
            date,
            problem,
        })
    };
    if entry.name.trim().is_empty() {
        return fail(EntryProblem::EmptyName);
    }
    if !(SUPPORTED_FIRST..=SUPPORTED_LAST).contains(&date) {
        return fail(EntryProblem::OutsideSupportedRange);
    }
    let in_notice = date.year() == notice_year
        || (date.year() == notice_year - 1 && date.month() == 12)
        || (date.year() == notice_year + 1 && date.month() == 1);
    if !in_notice {
        return fail(EntryProblem::OutsideNoticeYear);
    }
    if !entry.off_day && !is_weekend(date) {
        return fail(EntryProblem::MakeUpDayNotWeekend);
    }
    Ok(())
}

impl TryFrom<Vec<HolidayEntry>> for HolidayTable {
    type Error = CalendarError;

    fn try_from(entries: Vec<HolidayEntry>) -> Result<Self, Self::Error> {
        Self::from_entries(entries)
    }
}

impl From<HolidayTable> for Vec<HolidayEntry> {
    fn from(table: HolidayTable) -> Self {
        table.entries.into_values().collect()
    }
}
