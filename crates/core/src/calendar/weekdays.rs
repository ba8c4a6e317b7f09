//! Closed-form Monday–Friday arithmetic, used wherever no notice applies (before 2004, after
//! 2100). Days are numbered from 0001-01-01, a Monday, so `n.rem_euclid(7)` is the weekday
//! (0 = Monday).

use chrono::{Datelike, NaiveDate};

/// Day number with 0001-01-01 (a Monday) as 0.
pub(crate) fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - 1
}

/// The date with the given day number; saturates at chrono's range.
pub(crate) fn from_day_number(n: i64) -> NaiveDate {
    let saturated = if n < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    };
    n.checked_add(1)
        .and_then(|days| i32::try_from(days).ok())
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(saturated)
}

/// Monday–Friday days with a day number below `n`.
fn weekdays_before(n: i64) -> i64 {
    5 * n.div_euclid(7) + n.rem_euclid(7).min(5)
}

/// Monday–Friday days in `[first, last]`; 0 when `last < first`.
pub(crate) fn count_weekdays(first: NaiveDate, last: NaiveDate) -> u64 {
    if last < first {
        return 0;
    }
    let count = weekdays_before(day_number(last) + 1) - weekdays_before(day_number(first));
    u64::try_from(count).unwrap_or(0)
}

/// The `n`-th Monday–Friday day after `date` (`date` itself excluded); `date` when `n == 0`.
/// Saturates at `NaiveDate::MAX`.
pub(crate) fn nth_weekday_after(date: NaiveDate, n: u64) -> NaiveDate {
    if n == 0 {
        return date;
    }
    let mut day = day_number(date);
    let mut pos = day.rem_euclid(7);
    if pos > 4 {
        // Counting from a Saturday or Sunday is counting from the Friday before.
        day -= pos - 4;
        pos = 4;
    }
    let monday = day - pos;
    let result = i64::try_from(n)
        .ok()
        .and_then(|n| n.checked_add(pos))
        .and_then(|target| (target / 5).checked_mul(7)?.checked_add(target % 5))
        .and_then(|offset| monday.checked_add(offset));
    match result {
        Some(day) => from_day_number(day),
        None => NaiveDate::MAX,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::Weekday;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn day_zero_is_a_monday() {
        assert_eq!(from_day_number(0), d(1, 1, 1));
        assert_eq!(d(1, 1, 1).weekday(), Weekday::Mon);
    }

    #[test]
    fn nth_weekday_after_matches_stepping_day_by_day() {
        for start_offset in 0..21 {
            let start = d(2031, 3, 1) + chrono::Days::new(start_offset);
            let mut cur = start;
            for n in 1..=40u64 {
                cur = cur.succ_opt().unwrap();
                while cur.weekday().num_days_from_monday() > 4 {
                    cur = cur.succ_opt().unwrap();
                }
                assert_eq!(nth_weekday_after(start, n), cur, "{start} + {n}");
                assert_eq!(count_weekdays(start.succ_opt().unwrap(), cur), n);
            }
        }
    }

    #[test]
    fn extreme_dates_saturate_instead_of_panicking() {
        assert_eq!(nth_weekday_after(NaiveDate::MAX, 10), NaiveDate::MAX);
        assert_eq!(nth_weekday_after(NaiveDate::MAX, u64::MAX), NaiveDate::MAX);
        assert_eq!(nth_weekday_after(NaiveDate::MIN, 1 << 62), NaiveDate::MAX);
        assert!(count_weekdays(NaiveDate::MIN, NaiveDate::MAX) > 0);
        assert_eq!(count_weekdays(NaiveDate::MAX, NaiveDate::MIN), 0);
    }
}
