//! `WorkdayIndex`: one bit per day of 2004-01-01..=2100-12-31 (set = working day) plus the
//! number of working days before each 64-day word. Answers "is D a working day", "how many
//! working days up to D" and "the k-th working day" in O(1) / O(log n) without allocating;
//! about 4.5 KB per calendar.

use chrono::{Datelike, Days, NaiveDate};

use super::table::{HolidayTable, SUPPORTED_FIRST, SUPPORTED_LAST};
use super::weekdays;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WorkdayIndex {
    /// Bit `i % 64` of word `i / 64` is set when `SUPPORTED_FIRST + i` is a working day.
    words: Vec<u64>,
    /// `before[w]` = working days in `words[..w]`; one longer than `words`.
    before: Vec<u32>,
}

impl WorkdayIndex {
    pub(crate) fn new(table: &HolidayTable) -> Self {
        let days = offset(SUPPORTED_LAST).unwrap_or(0) + 1;
        let mut words = vec![0u64; days.div_ceil(64)];
        let mut weekday = SUPPORTED_FIRST.weekday().num_days_from_monday();
        for i in 0..days {
            if weekday < 5 {
                words[i / 64] |= 1 << (i % 64);
            }
            weekday = (weekday + 1) % 7;
        }
        for entry in table.entries() {
            if let Some(i) = offset(entry.date) {
                let bit = 1u64 << (i % 64);
                if entry.off_day {
                    words[i / 64] &= !bit;
                } else {
                    words[i / 64] |= bit;
                }
            }
        }
        let mut before = Vec::with_capacity(words.len() + 1);
        let mut total = 0u32;
        before.push(0);
        for word in &words {
            total += word.count_ones();
            before.push(total);
        }
        Self { words, before }
    }

    /// W1 for any date; outside the indexed range, Monday–Friday.
    pub(crate) fn is_workday(&self, date: NaiveDate) -> bool {
        match offset(date) {
            Some(i) => self.words[i / 64] & (1 << (i % 64)) != 0,
            None => date.weekday().num_days_from_monday() < 5,
        }
    }

    /// Working days in `[SUPPORTED_FIRST, SUPPORTED_FIRST + i]`.
    fn count_through(&self, i: usize) -> u64 {
        let word = self.words[i / 64];
        let mask = if i % 64 == 63 {
            u64::MAX
        } else {
            (1u64 << (i % 64 + 1)) - 1
        };
        u64::from(self.before[i / 64]) + u64::from((word & mask).count_ones())
    }

    fn total(&self) -> u64 {
        self.before.last().copied().map_or(0, u64::from)
    }

    /// Offset of the `k`-th (0-based) indexed working day, if there are more than `k`.
    fn select(&self, k: u64) -> Option<usize> {
        if k >= self.total() {
            return None;
        }
        let k = u32::try_from(k).ok()?;
        // The last word whose preceding count is <= k holds the k-th working day.
        let w = self.before.partition_point(|&c| c <= k).checked_sub(1)?;
        let mut word = *self.words.get(w)?;
        for _ in 0..(k - self.before[w]) {
            word &= word - 1;
        }
        Some(w * 64 + word.trailing_zeros() as usize)
    }

    /// Working days in `[first, last]` (0 when `last < first`).
    pub(crate) fn count(&self, first: NaiveDate, last: NaiveDate) -> u64 {
        if last < first {
            return 0;
        }
        // Split into the parts before, inside and after the indexed range.
        let mut total = 0;
        if first < SUPPORTED_FIRST {
            total += weekdays::count_weekdays(first, last.min(pred(SUPPORTED_FIRST)));
        }
        if last > SUPPORTED_LAST {
            total += weekdays::count_weekdays(first.max(succ(SUPPORTED_LAST)), last);
        }
        let (lo, hi) = (first.max(SUPPORTED_FIRST), last.min(SUPPORTED_LAST));
        if let (Some(a), Some(b)) = (offset(lo), offset(hi))
            && a <= b
        {
            let before_a = a.checked_sub(1).map_or(0, |i| self.count_through(i));
            total += self.count_through(b) - before_a;
        }
        total
    }

    /// The `n`-th working day after `start` (start excluded, W3); `start` when `n == 0`.
    /// Saturates at `NaiveDate::MAX`.
    pub(crate) fn nth_after(&self, start: NaiveDate, n: u64) -> NaiveDate {
        if n == 0 {
            return start;
        }
        if start >= SUPPORTED_LAST {
            return weekdays::nth_weekday_after(start, n);
        }
        // k: 0-based position of the answer among the indexed working days.
        let k = if start < SUPPORTED_FIRST {
            let before = weekdays::count_weekdays(succ(start), pred(SUPPORTED_FIRST));
            if n <= before {
                return weekdays::nth_weekday_after(start, n);
            }
            n - before - 1
        } else {
            match offset(start) {
                Some(i) => self.count_through(i) + n - 1,
                None => return weekdays::nth_weekday_after(start, n),
            }
        };
        match self.select(k) {
            Some(i) => SUPPORTED_FIRST
                .checked_add_days(Days::new(i as u64))
                .unwrap_or(NaiveDate::MAX),
            None => weekdays::nth_weekday_after(SUPPORTED_LAST, k - self.total() + 1),
        }
    }
}

/// Index of `date` in the supported range.
fn offset(date: NaiveDate) -> Option<usize> {
    if (SUPPORTED_FIRST..=SUPPORTED_LAST).contains(&date) {
        usize::try_from(date.signed_duration_since(SUPPORTED_FIRST).num_days()).ok()
    } else {
        None
    }
}

fn pred(date: NaiveDate) -> NaiveDate {
    date.pred_opt().unwrap_or(NaiveDate::MIN)
}

fn succ(date: NaiveDate) -> NaiveDate {
    date.succ_opt().unwrap_or(NaiveDate::MAX)
}
