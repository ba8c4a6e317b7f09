//! Property tests of the working-day arithmetic (W1, W3, W4) and of the notice readers.
#![allow(clippy::unwrap_used)]

use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;
use sanxiang_core::calendar::{
    HolidayEntry, HolidayTable, WorkCalendar, parse_notice_csv, parse_notice_json,
};

fn calendar() -> &'static WorkCalendar {
    static CALENDAR: OnceLock<WorkCalendar> = OnceLock::new();
    CALENDAR.get_or_init(WorkCalendar::builtin)
}

/// Dates from 2000 to 2105: before, inside and after the notice range 2004–2100.
fn date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    (0u64..38_700).prop_map(move |offset| first + Days::new(offset))
}

/// Working days in `(after, through]`, counted one day at a time.
fn count_by_stepping(after: NaiveDate, through: NaiveDate) -> u32 {
    after
        .iter_days()
        .skip(1)
        .take_while(|day| *day <= through)
        .filter(|day| calendar().is_workday(*day))
        .count() as u32
}

/// A random (fictional) 2027 notice: rest days on any day, make-up working days on weekends,
/// dates from 2026-12-01 to 2028-01-31.
fn notice_2027() -> impl Strategy<Value = Vec<HolidayEntry>> {
    let first = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    proptest::collection::btree_map(0u64..427, any::<bool>(), 1..60).prop_map(move |days| {
        days.into_iter()
            .map(|(offset, off_day)| {
                let date = first + Days::new(offset);
                let weekend = date.weekday().num_days_from_monday() >= 5;
                HolidayEntry::new(date, "测试", off_day || !weekend, 2027)
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn w1_w3_add_workdays_counts_exactly_n_working_days_on_any_imported_notice(
        entries in notice_2027(),
        offset in 0u64..500,
        n in 1u32..=60,
    ) {
        // The 2026 notice lists no December 2026 date, so no entry collides with it.
        let table = HolidayTable::builtin().with_notice(2027, entries.clone()).unwrap();
        let cal = WorkCalendar::new(table);
        for e in &entries {
            prop_assert_eq!(cal.is_workday(e.date), !e.off_day);
        }
        let start = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap() + Days::new(offset);
        let due = cal.add_workdays(start, n);
        prop_assert!(cal.is_workday(due));
        prop_assert!(due > start);
        let counted = start
            .iter_days()
            .skip(1)
            .take_while(|day| *day <= due)
            .filter(|day| cal.is_workday(*day))
            .count();
        prop_assert_eq!(counted, n as usize);
    }

    #[test]
    fn parse_notice_csv_reads_back_what_was_written(entries in notice_2027()) {
        let mut text = String::from("date,name,is_off_day,notice_year\n");
        for e in &entries {
            text.push_str(&format!("{},{},{},{}\n", e.date, e.name, e.off_day, e.notice_year));
        }
        prop_assert_eq!(parse_notice_csv(&text).unwrap(), entries);
    }

    #[test]
    fn w3_add_workdays_lands_on_a_working_day_after_the_start_with_exactly_n_working_days_between(
        start in date(),
        n in 1u32..=120,
    ) {
        let cal = calendar();
        let due = cal.add_workdays(start, n);
        prop_assert!(cal.is_workday(due));
        prop_assert!(due > start);
        prop_assert_eq!(count_by_stepping(start, due), n);
        prop_assert_eq!(cal.count_workdays(start, due), u64::from(n));
    }

    #[test]
    fn w3_add_workdays_is_monotonic_in_the_start_date(
        a in date(),
        gap in 0u64..400,
        n in 0u32..=60,
    ) {
        let cal = calendar();
        let b = a + Days::new(gap);
        prop_assert!(cal.add_workdays(a, n) <= cal.add_workdays(b, n));
    }

    #[test]
    fn w3_add_workdays_is_strictly_monotonic_in_n(start in date(), n in 0u32..=200, more in 1u32..=30) {
        let cal = calendar();
        prop_assert!(cal.add_workdays(start, n) < cal.add_workdays(start, n + more));
    }

    #[test]
    fn w3_next_workday_is_one_working_day_later(start in date()) {
        // Checked day by day against the table, not against add_workdays (which it calls).
        let cal = calendar();
        let next = cal.next_workday(start);
        prop_assert!(next > start);
        prop_assert!(cal.is_workday(next));
        let mut day = start.succ_opt().unwrap();
        while day < next {
            prop_assert!(!cal.is_workday(day), "{} is a working day before {}", day, next);
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn w4_add_days_without_roll_forward_is_plain_calendar_arithmetic(start in date(), n in 0u32..=400) {
        prop_assert_eq!(calendar().add_days(start, n, false), start + Days::new(u64::from(n)));
    }

    #[test]
    fn w4_add_days_with_roll_forward_is_the_first_working_day_on_or_after_the_raw_end(
        start in date(),
        n in 0u32..=400,
    ) {
        let cal = calendar();
        let raw = start + Days::new(u64::from(n));
        let expected = raw.iter_days().find(|day| cal.is_workday(*day)).unwrap();
        prop_assert_eq!(cal.add_days(start, n, true), expected);
    }

    #[test]
    fn parse_notice_csv_never_panics_on_arbitrary_input(text in any::<String>()) {
        let _ = parse_notice_csv(&text);
    }

    #[test]
    fn parse_notice_csv_never_panics_on_csv_like_input(
        body in "(date|name|is_off_day|notice_year|notice_urls|[0-9-]{0,12}|\"|,|\n|\r|元旦|true|false| ){0,40}",
    ) {
        let _ = parse_notice_csv(&format!("date,name,is_off_day,notice_year\n{body}"));
        let _ = parse_notice_csv(&body);
    }

    #[test]
    fn parse_notice_json_never_panics_on_arbitrary_input(text in any::<String>()) {
        let _ = parse_notice_json(&text);
    }

    #[test]
    fn parse_notice_json_never_panics_on_json_like_input(
        body in r#"(\{|\}|\[|\]|"|:|,|\\|\\u[0-9a-fA-F]{0,4}|year|days|name|date|isOffDay|[0-9.eE+-]{0,6}|true|false|null| |\n){0,60}"#,
    ) {
        let _ = parse_notice_json(&body);
    }
}
