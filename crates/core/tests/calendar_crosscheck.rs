//! Cross-check of the built-in calendar against independent data, day by day:
//! the research CSV and per-year JSON files in `shared/research-data/holidays/` (holiday-cn,
//! MIT) and the `chinese_holiday` crate. The shared folder sits beside the repository checkout;
//! if it is missing these tests fail, they are never skipped.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use sanxiang_core::calendar::{HolidayEntry, HolidayTable, WorkCalendar, parse_notice_json};

const RESEARCH_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/research-data/holidays/"
);

/// The last day `chinese_holiday` 2026.0.1 accepts; it panics after it.
const CRATE_LAST_DAY: &str = "2026-12-25";

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn research_file(name: &str) -> String {
    let dir = PathBuf::from(RESEARCH_DIR);
    assert!(
        dir.is_dir(),
        "the research data folder {} is missing; the calendar cross-check needs \
         shared/research-data/holidays/ beside the repository checkout (this test is not skipped)",
        dir.display()
    );
    let path = dir.join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read research file {}: {e}", path.display()))
}

/// The research CSV, read with a plain split (independent of `parse_notice_csv`).
fn research_csv() -> BTreeMap<NaiveDate, HolidayEntry> {
    let text = research_file("holidays-2017-2026.csv");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("date,name,is_off_day,notice_year,notice_urls")
    );
    lines
        .filter(|l| !l.is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            let entry = HolidayEntry::new(d(f[0]), f[1], f[2] == "true", f[3].parse().unwrap());
            (entry.date, entry)
        })
        .collect()
}

/// The per-year JSON files, read with serde_json.
fn research_json() -> BTreeMap<NaiveDate, HolidayEntry> {
    let mut all = BTreeMap::new();
    for year in 2017..=2026 {
        let value: serde_json::Value =
            serde_json::from_str(&research_file(&format!("{year}.json"))).unwrap();
        assert_eq!(value["year"], year);
        for day in value["days"].as_array().unwrap() {
            let entry = HolidayEntry::new(
                d(day["date"].as_str().unwrap()),
                day["name"].as_str().unwrap(),
                day["isOffDay"].as_bool().unwrap(),
                year,
            );
            assert!(all.insert(entry.date, entry).is_none(), "duplicate date");
        }
    }
    all
}

fn workday_by(listed: &BTreeMap<NaiveDate, HolidayEntry>, date: NaiveDate) -> bool {
    match listed.get(&date) {
        Some(e) => !e.off_day,
        None => date.weekday().num_days_from_monday() < 5,
    }
}

#[test]
fn crosscheck_builtin_working_days_2017_to_2026_agree_with_research_csv_json_and_chinese_holiday() {
    let cal = WorkCalendar::builtin();
    let csv = research_csv();
    let json = research_json();
    let mut mismatches = Vec::new();
    for date in d("2017-01-01").iter_days().take_while(|x| x.year() <= 2026) {
        let ours = cal.is_workday(date);
        if ours != workday_by(&csv, date) {
            mismatches.push(format!("{date}: builtin {ours}, research CSV differs"));
        }
        if ours != workday_by(&json, date) {
            mismatches.push(format!("{date}: builtin {ours}, research JSON differs"));
        }
        // chinese_holiday stops at 2026-12-25 (it panics after); 2026-12-26..=31 are ordinary
        // days in every source above.
        if date <= d(CRATE_LAST_DAY) {
            let kind = chinese_holiday::chinese_holiday(&date);
            if ours != kind.is_workday() {
                mismatches.push(format!("{date}: builtin {ours}, chinese_holiday {kind:?}"));
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn crosscheck_research_csv_and_json_files_list_the_same_entries() {
    assert_eq!(research_csv(), research_json());
}

#[test]
fn crosscheck_builtin_entries_2017_to_2026_are_the_research_csv_minus_the_redundant_2020_02_03() {
    let mut expected = research_csv();
    let dropped = expected.remove(&d("2020-02-03")).unwrap();
    assert!(
        !dropped.off_day,
        "2020-02-03 (Monday) is the only weekday working-day row"
    );
    let table = HolidayTable::builtin();
    let ours: BTreeMap<NaiveDate, HolidayEntry> = table
        .entries()
        .filter(|e| e.notice_year >= 2017)
        .map(|e| (e.date, e.clone()))
        .collect();
    assert_eq!(ours, expected);
}

#[test]
fn crosscheck_the_embedded_csv_is_a_verbatim_copy_of_the_research_csv() {
    assert!(
        include_str!("../data/holidays-2017-2026.csv") == research_file("holidays-2017-2026.csv"),
        "crates/core/data/holidays-2017-2026.csv differs from the research CSV"
    );
}

#[test]
fn crosscheck_parse_notice_json_reads_every_research_file_like_serde_json() {
    let json = research_json();
    for year in 2017..=2026 {
        let ours = parse_notice_json(&research_file(&format!("{year}.json"))).unwrap();
        let expected: Vec<&HolidayEntry> =
            json.values().filter(|e| e.notice_year == year).collect();
        assert_eq!(ours.iter().collect::<Vec<_>>(), expected, "{year}.json");
    }
}

#[test]
fn crosscheck_builtin_working_days_2004_to_2016_agree_with_chinese_holiday_except_2016_12_30() {
    let cal = WorkCalendar::builtin();
    let mut mismatches = Vec::new();
    for date in d("2004-01-01").iter_days().take_while(|x| x.year() <= 2016) {
        let kind = chinese_holiday::chinese_holiday(&date);
        if cal.is_workday(date) != kind.is_workday() {
            mismatches.push(date);
        }
    }
    // The crate marks Friday 2016-12-30 as a New Year's rest day; the 2017 notice (1月1日放假，
    // 1月2日（星期一）补休) made no such day, and the research data agrees.
    assert_eq!(mismatches, [d("2016-12-30")]);
}
