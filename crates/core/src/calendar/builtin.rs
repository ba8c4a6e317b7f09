//! The built-in holiday table: notices 2004–2026.
//!
//! Sources (decided after comparing all three day by day, see `tests/calendar_crosscheck.rs`):
//! - 2017–2026: `data/holidays-2017-2026.csv`, a verbatim copy of the research CSV from holiday-cn
//!   (MIT, `data/holidays.LICENSE.txt`). It carries notice years and holiday names and matches
//!   the tables of domain-rules.md §9.1. One row is dropped on load: 2020-02-03 (a Monday) is
//!   listed as a working day to mark the end of the COVID extension; under W1 a Monday is a
//!   working day anyway, and a make-up working day must be a weekend day.
//! - 2004–2016: the `chinese_holiday` crate, which has no notice years: a New Year's rest or
//!   make-up day in December belongs to the following year's notice. Only notices up to 2016
//!   are taken, which also leaves out that crate's 2016-12-30 "New Year's" rest day (a Friday
//!   that the 2017 notice did not make a rest day).
//!
//! The crate is not used for 2017–2026: it agrees with the CSV on every working day from
//! 2017-01-01 to 2026-12-25 but does not cover 2026-12-26..=31 (it panics there), has no
//! notice years, and lists a different set of rest days (it adds the weekend days of
//! "与周末连休" blocks that the CSV omits), so the version would depend on a second source.

use chinese_holiday::DayKind;
use chrono::{Datelike, NaiveDate};

use super::csv::parse_notice_csv;
use super::entry::{HolidayEntry, is_weekend};
use super::error::CalendarError;
use super::table::HolidayTable;

/// The embedded research CSV (notices 2017–2026).
pub(crate) const HOLIDAYS_2017_2026_CSV: &str = include_str!("../../data/holidays-2017-2026.csv");

/// Last notice year taken from the `chinese_holiday` crate.
const CRATE_LAST_NOTICE_YEAR: i32 = 2016;

impl HolidayTable {
    /// The built-in table: notices 2004–2026 (see the module `calendar::builtin` for sources).
    /// Never panics; if the embedded data were unreadable (a unit test guards against that) the
    /// result is an empty table, in which every date is provisional (W7 WARN), never silently
    /// wrong. Use [`HolidayTable::try_builtin`] to fail fast at startup instead.
    pub fn builtin() -> HolidayTable {
        Self::try_builtin().unwrap_or_default()
    }

    /// The built-in table, or the error found in the embedded data.
    pub fn try_builtin() -> Result<HolidayTable, CalendarError> {
        let mut entries = crate_entries();
        entries.extend(
            parse_notice_csv(HOLIDAYS_2017_2026_CSV)?
                .into_iter()
                // A weekday "working day" row adds nothing under W1 (see the module docs).
                .filter(|e| e.off_day || is_weekend(e.date)),
        );
        HolidayTable::from_entries(entries)
    }
}

/// Entries of the 2004–2016 notices from the `chinese_holiday` crate.
fn crate_entries() -> Vec<HolidayEntry> {
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(2004, 1, 1),
        NaiveDate::from_ymd_opt(CRATE_LAST_NOTICE_YEAR, 12, 31),
    ) else {
        return Vec::new();
    };
    first
        .iter_days()
        .take_while(|d| *d <= last)
        .filter_map(|date| {
            let kind = chinese_holiday::chinese_holiday(&date);
            let name = holiday_name(kind)?;
            let notice_year = if date.month() == 12
                && matches!(
                    kind,
                    DayKind::NewYearsDayHoliday | DayKind::NewYearsDayWorkday
                ) {
                date.year() + 1
            } else {
                date.year()
            };
            (notice_year <= CRATE_LAST_NOTICE_YEAR)
                .then(|| HolidayEntry::new(date, name, kind.is_holiday(), notice_year))
        })
        .collect()
}

/// The holiday a special day belongs to; `None` for ordinary weekdays and weekends.
fn holiday_name(kind: DayKind) -> Option<&'static str> {
    Some(match kind {
        DayKind::NormalWorkday | DayKind::NormalHoliday => return None,
        DayKind::NewYearsDayHoliday | DayKind::NewYearsDayWorkday => "元旦",
        DayKind::SpringFestivalHoliday | DayKind::SpringFestivalWorkday => "春节",
        DayKind::ChingMingFestivalHoliday | DayKind::ChingMingFestivalWorkday => "清明节",
        DayKind::InternationalWorkersDayHoliday | DayKind::InternationalWorkersDayWorkday => {
            "劳动节"
        }
        DayKind::DragonBoatFestivalHoliday | DayKind::DragonBoatFestivalWorkday => "端午节",
        DayKind::MidAutumnFestivalHoliday | DayKind::MidAutumnFestivalWorkday => "中秋节",
        DayKind::NationalDayHoliday | DayKind::NationalDayWorkday => "国庆节",
        // Only 2015-09-03..06: the 70th anniversary of the victory in the War of Resistance.
        DayKind::OtherHoliday | DayKind::OtherWorkday => "抗战胜利纪念日",
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_data_loads_without_error() {
        let table = HolidayTable::try_builtin().unwrap();
        assert_eq!(
            table.covered_years().iter().copied().collect::<Vec<_>>(),
            (2004..=2026).collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_crate_s_2016_12_30_is_not_a_rest_day_in_the_builtin_table() {
        let table = HolidayTable::builtin();
        assert!(
            table
                .get(NaiveDate::from_ymd_opt(2016, 12, 30).unwrap())
                .is_none()
        );
    }

    #[test]
    fn december_new_year_days_belong_to_the_following_notice() {
        let table = HolidayTable::builtin();
        let e = table
            .get(NaiveDate::from_ymd_opt(2007, 12, 29).unwrap())
            .unwrap();
        assert_eq!(
            (e.name.as_str(), e.off_day, e.notice_year),
            ("元旦", false, 2008)
        );
        let e = table
            .get(NaiveDate::from_ymd_opt(2018, 12, 29).unwrap())
            .unwrap();
        assert_eq!((e.off_day, e.notice_year), (false, 2019));
    }
}
