//! The working-day calendar (domain-rules.md §9, rules W1–W8).
//!
//! - [`HolidayTable`]: the rest days and make-up working days of the State Council notices,
//!   built in for 2004–2026 ([`HolidayTable::builtin`]) and extended by importing a notice
//!   ([`HolidayTable::with_notice`], [`parse_notice_csv`], [`parse_notice_json`]).
//! - [`WorkCalendar`]: W1 working days, W3 working-day periods, W4 roll-forward, W7 provisional
//!   years; identified by a content-derived [`CalendarVersion`].
//! - [`Deadline`]: a computed due date that remembers its calendar version, so open deadlines
//!   are recomputed when the calendar changes.
//!
//! Pure: the table is an argument, nothing reads files or the clock.

mod builtin;
mod csv;
mod deadline;
mod entry;
mod error;
mod index;
mod json;
mod parse_util;
mod table;
mod version;
mod weekdays;
mod work_calendar;

pub use csv::parse_notice_csv;
pub use deadline::{Deadline, Period};
pub use entry::HolidayEntry;
pub use error::{CalendarError, EntryProblem, JsonType, NoticeFormat, ParseProblem};
pub use json::parse_notice_json;
pub use table::{FIRST_NOTICE_YEAR, HolidayTable, LAST_NOTICE_YEAR};
pub use version::CalendarVersion;
pub use work_calendar::WorkCalendar;
