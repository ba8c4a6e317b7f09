//! `CalendarVersion`: a content-derived identifier of a holiday table, stored with every deadline
//! (W7) so open deadlines can be recomputed when the calendar changes.
//!
//! Format: `cal-` followed by 16 lowercase hex digits of the 64-bit FNV-1a hash of the canonical
//! text of the table:
//!
//! ```text
//! sanxiang-calendar-v1
//! notices:2004,2005,…,2026
//! 2004-01-01,元旦,1,2004
//! …one line per entry, sorted by date: date,name,off_day(1|0),notice_year
//! ```
//!
//! Same content gives the same version on every machine and in every release; any change to an
//! entry (date, name, rest/work flag, notice year) or to the set of notice years changes it.
//! FNV-1a is not collision resistant against an adversary; it detects edits, which is its job here.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::entry::HolidayEntry;
use super::error::CalendarError;

const PREFIX: &str = "cal-";
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// A stable, content-derived calendar version such as `cal-3f2a…` (20 characters).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CalendarVersion(String);

impl CalendarVersion {
    /// Accepts a version string as produced by this module (`cal-` + 16 lowercase hex digits).
    pub fn parse(text: &str) -> Result<Self, CalendarError> {
        let valid = text.strip_prefix(PREFIX).is_some_and(|hex| {
            hex.len() == 16
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        });
        if valid {
            Ok(Self(text.to_owned()))
        } else {
            Err(CalendarError::InvalidVersion(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The version of a table given its notice years and its entries sorted by date.
    pub(crate) fn of<'a>(
        notice_years: impl IntoIterator<Item = i32>,
        entries_by_date: impl IntoIterator<Item = &'a HolidayEntry>,
    ) -> Self {
        let mut hasher = Fnv1a(FNV_OFFSET);
        hasher.write("sanxiang-calendar-v1\nnotices:");
        let mut line = String::new();
        for (i, year) in notice_years.into_iter().enumerate() {
            line.clear();
            if i > 0 {
                line.push(',');
            }
            let _ = write!(line, "{year}");
            hasher.write(&line);
        }
        hasher.write("\n");
        for e in entries_by_date {
            line.clear();
            let _ = writeln!(
                line,
                "{},{},{},{}",
                e.date.format("%Y-%m-%d"),
                e.name,
                u8::from(e.off_day),
                e.notice_year
            );
            hasher.write(&line);
        }
        Self(format!("{PREFIX}{:016x}", hasher.0))
    }
}

struct Fnv1a(u64);

impl Fnv1a {
    fn write(&mut self, text: &str) {
        for byte in text.bytes() {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
    }
}

impl std::fmt::Display for CalendarVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CalendarVersion {
    type Error = CalendarError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CalendarVersion> for String {
    fn from(value: CalendarVersion) -> Self {
        value.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        let mut h = Fnv1a(FNV_OFFSET);
        h.write("");
        assert_eq!(h.0, 0xcbf2_9ce4_8422_2325);
        let mut h = Fnv1a(FNV_OFFSET);
        h.write("a");
        assert_eq!(h.0, 0xaf63_dc4c_8601_ec8c);
        let mut h = Fnv1a(FNV_OFFSET);
        h.write("foobar");
        assert_eq!(h.0, 0x8594_4171_f739_67e8);
    }

    #[test]
    fn a_version_string_round_trips_and_malformed_ones_are_rejected() {
        let v = CalendarVersion::of([2027], []);
        assert_eq!(CalendarVersion::parse(v.as_str()), Ok(v.clone()));
        for bad in [
            "",
            "cal-",
            "cal-0123456789abcdeF",
            "cal-0123456789abcde",
            "xal-0123456789abcdef",
        ] {
            assert!(CalendarVersion::parse(bad).is_err(), "{bad}");
        }
    }
}
