//! The working-day rules of domain-rules.md §9 (W1, W3, W4, W7, W8) on the built-in calendar.
#![allow(clippy::unwrap_used)]

use chrono::{Datelike, NaiveDate, Weekday};
use sanxiang_core::calendar::{
    CalendarVersion, Deadline, HolidayEntry, HolidayTable, Period, WorkCalendar,
};

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn builtin() -> WorkCalendar {
    WorkCalendar::builtin()
}

fn workdays(start: &str, n: u32) -> Deadline {
    Deadline::compute("W8", d(start), Period::Workdays(n), &builtin())
}

fn days(start: &str, n: u32, roll_forward: bool) -> Deadline {
    Deadline::compute("W8", d(start), Period::Days { n, roll_forward }, &builtin())
}

fn is_mon_to_fri(date: NaiveDate) -> bool {
    date.weekday().num_days_from_monday() < 5
}

// ---- W8 test vectors (start day excluded) ----

#[test]
fn w8_publish_penalty_2025_09_26_plus_7_workdays_is_2025_10_13() {
    let deadline = workdays("2025-09-26", 7);
    assert_eq!(deadline.due, d("2025-10-13"));
    assert!(!deadline.provisional);
    let cal = builtin();
    assert!(
        cal.is_workday(d("2025-09-28")),
        "09-28 Sun is a make-up working day"
    );
    assert!(
        cal.is_workday(d("2025-10-11")),
        "10-11 Sat is a make-up working day"
    );
}

#[test]
fn w8_publish_2024_02_08_plus_7_workdays_is_2024_02_23_because_chuxi_is_not_a_holiday() {
    assert_eq!(workdays("2024-02-08", 7).due, d("2024-02-23"));
}

#[test]
fn w8_withdraw_2023_09_28_plus_3_workdays_is_2023_10_09() {
    assert_eq!(workdays("2023-09-28", 3).due, d("2023-10-09"));
}

#[test]
fn w8_hearing_request_2019_04_26_plus_5_workdays_is_2019_05_06() {
    assert_eq!(workdays("2019-04-26", 5).due, d("2019-05-06"));
}

#[test]
fn w8_service_2020_01_22_plus_7_workdays_is_2020_02_10_after_the_covid_extension() {
    assert_eq!(workdays("2020-01-22", 7).due, d("2020-02-10"));
}

#[test]
fn w8_samr_publicity_2026_02_13_plus_20_workdays_is_2026_03_19() {
    let deadline = workdays("2026-02-13", 20);
    assert_eq!(deadline.due, d("2026-03-19"));
    assert!(!deadline.provisional);
}

#[test]
fn w8_fine_payment_2025_01_20_plus_15_days_rolls_forward_from_2025_02_04_to_2025_02_05() {
    assert_eq!(days("2025-01-20", 15, false).due, d("2025-02-04"));
    assert!(!builtin().is_workday(d("2025-02-04")));
    assert_eq!(days("2025-01-20", 15, true).due, d("2025-02-05"));
}

#[test]
fn w8_decision_2025_07_01_plus_90_days_without_roll_is_2025_09_29() {
    assert_eq!(days("2025-07-01", 90, false).due, d("2025-09-29"));
}

// ---- W1: working days per year ----

#[test]
fn w1_working_days_per_year_2017_to_2026_match_domain_rules() {
    let expected = [
        (2017, 249),
        (2018, 250),
        (2019, 250),
        (2020, 249),
        (2021, 250),
        (2022, 249),
        (2023, 249),
        (2024, 251),
        (2025, 248),
        (2026, 248),
    ];
    let cal = builtin();
    for (year, count) in expected {
        assert_eq!(cal.workdays_in_year(year), count, "{year}");
    }
}

#[test]
fn w1_workdays_in_year_equals_counting_is_workday_day_by_day_for_2003_to_2102() {
    let cal = builtin();
    for year in 2003..=2102 {
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        let counted = first
            .iter_days()
            .take_while(|day| day.year() == year)
            .filter(|day| cal.is_workday(*day))
            .count();
        assert_eq!(cal.workdays_in_year(year) as usize, counted, "{year}");
    }
}

#[test]
fn w7_2024_02_09_chuxi_is_a_working_day() {
    assert!(builtin().is_workday(d("2024-02-09")));
}

#[test]
fn w7_2020_02_01_saturday_is_not_a_working_day_after_the_covid_extension() {
    assert!(!builtin().is_workday(d("2020-02-01")));
}

#[test]
fn w7_2019_05_05_sunday_is_a_make_up_working_day_after_the_2019_labour_day_change() {
    assert!(builtin().is_workday(d("2019-05-05")));
}

#[test]
fn w1_the_builtin_table_covers_the_notices_2004_to_2026() {
    let table = HolidayTable::builtin();
    assert_eq!(
        table.covered_years().iter().copied().collect::<Vec<_>>(),
        (2004..=2026).collect::<Vec<_>>()
    );
    let cal = builtin();
    assert!(!cal.is_provisional(d("2004-01-01")));
    assert!(!cal.is_provisional(d("2026-12-31")));
    assert!(cal.is_provisional(d("2003-12-31")));
    assert!(cal.is_provisional(d("2027-01-01")));
}

#[test]
fn w1_2015_09_03_victory_day_rest_and_2015_09_06_make_up_day_come_from_the_crate() {
    let cal = builtin();
    assert!(!cal.is_workday(d("2015-09-03")));
    assert!(!cal.is_workday(d("2015-09-04")));
    assert!(cal.is_workday(d("2015-09-06")));
}

// ---- W3 / W4 edges ----

#[test]
fn w3_zero_working_days_after_a_date_is_the_date_itself() {
    let cal = builtin();
    assert_eq!(cal.add_workdays(d("2025-10-01"), 0), d("2025-10-01"));
}

#[test]
fn w3_counting_from_a_holiday_starts_with_the_first_working_day_after_it() {
    let cal = builtin();
    assert_eq!(cal.add_workdays(d("2025-10-01"), 1), d("2025-10-09"));
    assert_eq!(cal.next_workday(d("2025-10-01")), d("2025-10-09"));
    assert_eq!(cal.next_workday(d("2025-10-09")), d("2025-10-10"));
}

#[test]
fn w4_roll_forward_keeps_an_end_date_that_is_a_working_day() {
    let cal = builtin();
    // 2025-09-28 is a Sunday but a make-up working day.
    assert_eq!(cal.add_days(d("2025-09-27"), 1, true), d("2025-09-28"));
    // 2025-09-27 (Saturday) rolls to the make-up Sunday, not to Monday.
    assert_eq!(cal.add_days(d("2025-09-25"), 2, true), d("2025-09-28"));
}

// ---- W7: provisional years, versions, recomputation ----

/// A hypothetical 2027 notice, for tests only (no 2027 notice existed when this was written).
fn hypothetical_2027_notice() -> Vec<HolidayEntry> {
    let mut entries: Vec<HolidayEntry> = d("2027-02-05")
        .iter_days()
        .take(7)
        .map(|date| HolidayEntry::new(date, "春节", true, 2027))
        .collect();
    entries.push(HolidayEntry::new(d("2027-02-13"), "春节", false, 2027));
    entries.push(HolidayEntry::new(d("2027-01-01"), "元旦", true, 2027));
    entries
}

#[test]
fn w7_2027_dates_are_provisional_and_follow_monday_to_friday() {
    let cal = builtin();
    for date in d("2027-01-01").iter_days().take_while(|x| x.year() == 2027) {
        assert!(cal.is_provisional(date), "{date}");
        assert_eq!(cal.is_workday(date), is_mon_to_fri(date), "{date}");
    }
    assert_eq!(cal.workdays_in_year(2027), 261);
}

#[test]
fn w7_importing_the_2027_notice_makes_2027_non_provisional_and_changes_the_version() {
    let before = builtin();
    let after = WorkCalendar::new(
        before
            .table()
            .with_notice(2027, hypothetical_2027_notice())
            .unwrap(),
    );
    assert!(!after.is_provisional(d("2027-06-01")));
    assert!(after.is_provisional(d("2028-01-03")));
    assert_ne!(before.version(), after.version());
    assert!(!after.is_workday(d("2027-02-08")));
    assert!(
        after.is_workday(d("2027-02-13")),
        "Saturday make-up working day"
    );
    // Earlier years are untouched.
    for year in 2004..=2026 {
        assert_eq!(after.workdays_in_year(year), before.workdays_in_year(year));
    }
}

#[test]
fn w7_a_deadline_computed_before_the_2027_notice_is_stale_afterwards_and_recompute_moves_it() {
    let before = builtin();
    let deadline = Deadline::compute("P10", d("2027-02-04"), Period::Workdays(3), &before);
    assert_eq!(deadline.due, d("2027-02-09"));
    assert!(deadline.provisional);
    assert!(deadline.is_current(&before));
    let warning = deadline.provisional_warning().unwrap();
    assert_eq!(warning.rule, "W7");
    assert!(!warning.is_hard());

    let after = WorkCalendar::new(
        before
            .table()
            .with_notice(2027, hypothetical_2027_notice())
            .unwrap(),
    );
    assert!(!deadline.is_current(&after));
    let recomputed = deadline.recompute(&after);
    // 02-05..02-11 rest; 02-12 Fri, 02-13 Sat (make-up), 02-15 Mon.
    assert_eq!(recomputed.due, d("2027-02-15"));
    assert!(!recomputed.provisional);
    assert!(recomputed.provisional_warning().is_none());
    assert!(recomputed.is_current(&after));
    assert_eq!(
        (
            recomputed.rule.as_str(),
            recomputed.start,
            recomputed.period
        ),
        ("P10", deadline.start, deadline.period)
    );
    assert_eq!(&recomputed.calendar_version, after.version());
}

#[test]
fn w7_a_deadline_that_runs_into_a_year_without_notice_is_provisional() {
    let deadline = workdays("2026-12-28", 5);
    assert_eq!(deadline.due, d("2027-01-04"));
    assert!(deadline.provisional);
    assert!(!workdays("2026-12-21", 5).provisional);
}

#[test]
fn w7_the_calendar_version_depends_on_content_only() {
    let a = HolidayTable::builtin();
    let b = HolidayTable::from_entries(a.entries().cloned()).unwrap();
    assert_eq!(a.version(), b.version());
    assert_eq!(WorkCalendar::new(a.clone()).version(), &a.version());

    let version = a.version();
    assert!(version.as_str().starts_with("cal-"));
    assert_eq!(version.as_str().len(), 20);
    assert_eq!(CalendarVersion::parse(version.as_str()).unwrap(), version);

    // Renaming one entry, flipping one flag or dropping one entry each change the version.
    let mut renamed: Vec<HolidayEntry> = a.entries().cloned().collect();
    renamed[0].name.push('节');
    let mut flipped: Vec<HolidayEntry> = a.entries().cloned().collect();
    // 2025-10-04 is a Saturday, so it may become a make-up working day.
    let i = flipped
        .iter()
        .position(|e| e.date == d("2025-10-04"))
        .unwrap();
    flipped[i].off_day = false;
    let dropped: Vec<HolidayEntry> = a.entries().skip(1).cloned().collect();
    for variant in [renamed, flipped, dropped] {
        let other = HolidayTable::from_entries(variant).unwrap();
        assert_ne!(other.version(), version);
    }
    assert_ne!(HolidayTable::empty().version(), version);
}

/// Pins the version of the built-in data. If this fails, the built-in table changed: every open
/// deadline stored with the old version will be recomputed (W7). Update the constant only when
/// that is intended.
#[test]
fn w7_the_builtin_calendar_version_is_pinned() {
    assert_eq!(
        HolidayTable::builtin().version().as_str(),
        PINNED_BUILTIN_VERSION
    );
}

const PINNED_BUILTIN_VERSION: &str = "cal-0eaa5af3b2f1a868";

// ---- Outside the notice range ----

#[test]
fn dates_before_2004_and_after_2100_are_provisional_monday_to_friday() {
    let cal = builtin();
    for start in [d("1999-12-20"), d("2101-02-01"), d("2500-06-01")] {
        for date in start.iter_days().take(60) {
            assert!(cal.is_provisional(date));
            assert_eq!(cal.is_workday(date), is_mon_to_fri(date), "{date}");
        }
    }
    assert_eq!(cal.workdays_in_year(1999), 261);
    assert_eq!(cal.workdays_in_year(2101), 260);
}

#[test]
fn counting_across_the_2004_and_2100_boundaries_matches_stepping_day_by_day() {
    let cal = builtin();
    for start in [d("2003-12-20"), d("2100-12-20")] {
        for from in start.iter_days().take(20) {
            let mut day = from;
            for n in 1..=30 {
                day = day.succ_opt().unwrap();
                while !cal.is_workday(day) {
                    day = day.succ_opt().unwrap();
                }
                assert_eq!(cal.add_workdays(from, n), day, "{from} + {n}");
            }
        }
    }
    // 2004-01-01 (Thursday) was a rest day.
    assert_eq!(cal.add_workdays(d("2003-12-31"), 1), d("2004-01-02"));
}

#[test]
fn extreme_inputs_never_panic() {
    let cal = builtin();
    for date in [
        NaiveDate::MIN,
        NaiveDate::MAX,
        d("0001-01-01"),
        d("9999-12-31"),
    ] {
        let _ = cal.add_workdays(date, u32::MAX);
        let _ = cal.add_days(date, u32::MAX, true);
        let _ = cal.next_workday(date);
        let _ = cal.is_workday(date);
        let _ = cal.is_provisional(date);
        let _ = cal.count_workdays(NaiveDate::MIN, date);
        let _ = Deadline::compute("X", date, Period::Workdays(u32::MAX), &cal);
    }
    assert_eq!(cal.add_workdays(NaiveDate::MAX, 1), NaiveDate::MAX);
    assert_eq!(cal.workdays_in_year(i32::MAX), 0);
    assert_eq!(cal.workdays_in_year(i32::MIN), 0);
    assert!(cal.add_workdays(NaiveDate::MIN, 10) > NaiveDate::MIN);
    assert_eq!(
        NaiveDate::MIN.weekday() == Weekday::Sat || NaiveDate::MIN.weekday() == Weekday::Sun,
        !cal.is_workday(NaiveDate::MIN)
    );
}

// ---- Serialisation ----

#[test]
fn a_deadline_round_trips_through_json() {
    let deadline = days("2025-01-20", 15, true);
    let json = serde_json::to_value(&deadline).unwrap();
    assert_eq!(json["rule"], "W8");
    assert_eq!(json["start"], "2025-01-20");
    assert_eq!(json["due"], "2025-02-05");
    assert_eq!(json["period"]["days"]["n"], 15);
    assert_eq!(json["period"]["days"]["roll_forward"], true);
    assert_eq!(json["calendar_version"], deadline.calendar_version.as_str());
    assert_eq!(json["provisional"], false);
    let back: Deadline = serde_json::from_value(json).unwrap();
    assert_eq!(back, deadline);

    let workday = serde_json::to_value(workdays("2025-09-26", 7)).unwrap();
    assert_eq!(workday["period"]["workdays"], 7);
}

#[test]
fn a_deadline_with_a_malformed_calendar_version_does_not_deserialise() {
    let mut json = serde_json::to_value(workdays("2025-09-26", 7)).unwrap();
    json["calendar_version"] = "v1".into();
    assert!(serde_json::from_value::<Deadline>(json).is_err());
}

#[test]
fn a_holiday_table_round_trips_through_json_and_is_validated_on_the_way_in() {
    let table = HolidayTable::builtin();
    let json = serde_json::to_string(&table).unwrap();
    let back: HolidayTable = serde_json::from_str(&json).unwrap();
    assert_eq!(back, table);

    let bad = r#"[{"date":"2025-10-08","name":"国庆节","off_day":false,"notice_year":2025}]"#;
    assert!(serde_json::from_str::<HolidayTable>(bad).is_err());
}

// ---- Every day of the table ----
// (How fast this runs is measured by `sanxiang bench calendar`, docs/benchmarks.md: timings are
// never asserted in tests.)

#[test]
fn add_workdays_for_every_day_of_2017_to_2026_lands_on_later_workdays_in_order() {
    let cal = builtin();
    for start in d("2017-01-01").iter_days().take_while(|x| x.year() <= 2026) {
        let mut previous = start;
        for n in 1..=30 {
            let due = cal.add_workdays(start, n);
            assert!(
                cal.is_workday(due),
                "{start} + {n} = {due} is not a workday"
            );
            assert!(
                due > previous,
                "{start} + {n} = {due} is not after {previous}"
            );
            // Exactly n working days lie in (start, due].
            let counted = previous
                .iter_days()
                .skip(1)
                .take_while(|x| *x <= due)
                .filter(|x| cal.is_workday(*x))
                .count();
            assert_eq!(
                counted, 1,
                "{start} + {n}: one working day after {previous}"
            );
            previous = due;
        }
    }
}
