//! One line of a holiday notice: a rest day or a make-up working day (调休上班).

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// One date listed by a State Council holiday notice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HolidayEntry {
    pub date: NaiveDate,
    /// The holiday the date belongs to, e.g. `春节`.
    pub name: String,
    /// `true`: an official rest day; `false`: a make-up working day (调休上班).
    pub off_day: bool,
    /// The year of the notice that lists the date. A New Year block starting in December belongs
    /// to the following year's notice (2017-12-30 belongs to notice 2018).
    pub notice_year: i32,
}

impl HolidayEntry {
    pub fn new(date: NaiveDate, name: impl Into<String>, off_day: bool, notice_year: i32) -> Self {
        Self {
            date,
            name: name.into(),
            off_day,
            notice_year,
        }
    }
}

/// Saturday or Sunday.
pub(crate) fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}
