//! Importing a holiday notice: the CSV and holiday-cn JSON readers and the rules of
//! `HolidayTable::with_notice`. Tests assert error variants and codes, never wording, except
//! that Chinese messages name the line and column.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use sanxiang_core::calendar::{
    CalendarError, EntryProblem, HolidayEntry, HolidayTable, JsonType, NoticeFormat, ParseProblem,
    parse_notice_csv, parse_notice_json,
};

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn csv_error(text: &str) -> (usize, usize, ParseProblem) {
    match parse_notice_csv(text).unwrap_err() {
        CalendarError::Parse {
            format: NoticeFormat::Csv,
            line,
            column,
            problem,
        } => (line, column, problem),
        other => panic!("not a CSV parse error: {other:?}"),
    }
}

fn json_error(text: &str) -> (usize, usize, ParseProblem) {
    match parse_notice_json(text).unwrap_err() {
        CalendarError::Parse {
            format: NoticeFormat::Json,
            line,
            column,
            problem,
        } => (line, column, problem),
        other => panic!("not a JSON parse error: {other:?}"),
    }
}

fn entry_problem(result: Result<HolidayTable, CalendarError>) -> (i32, NaiveDate, EntryProblem) {
    match result.unwrap_err() {
        CalendarError::Entry {
            notice_year,
            date,
            problem,
        } => (notice_year, date, problem),
        other => panic!("not an entry error: {other:?}"),
    }
}

const HEADER: &str = "date,name,is_off_day,notice_year,notice_urls\n";

// ---- CSV ----

#[test]
fn csv_the_research_file_format_is_read_entry_by_entry() {
    let text = include_str!("../data/holidays-2017-2026.csv");
    let entries = parse_notice_csv(text).unwrap();
    assert_eq!(entries.len(), 344);
    assert_eq!(
        entries[0],
        HolidayEntry::new(d("2017-01-01"), "元旦", true, 2017)
    );
    let e = entries.iter().find(|e| e.date == d("2018-12-29")).unwrap();
    assert_eq!((e.off_day, e.notice_year), (false, 2019));
}

#[test]
fn csv_notice_urls_is_optional_and_columns_may_come_in_any_order() {
    let text = "notice_year,is_off_day,name,date\n2027,true,元旦,2027-01-01\r\n\n";
    assert_eq!(
        parse_notice_csv(text).unwrap(),
        [HolidayEntry::new(d("2027-01-01"), "元旦", true, 2027)]
    );
    let with_bom = format!("\u{feff}{HEADER}2027-01-01,元旦,TRUE,2027,");
    assert_eq!(parse_notice_csv(&with_bom).unwrap().len(), 1);
}

#[test]
fn csv_quoted_fields_are_unquoted() {
    let text = format!("{HEADER}2027-01-01,\"元旦, 新年\",true,2027,\"a;b\"\n");
    assert_eq!(parse_notice_csv(&text).unwrap()[0].name, "元旦, 新年");
}

#[test]
fn csv_a_header_is_required() {
    assert_eq!(csv_error(""), (1, 1, ParseProblem::Empty));
    assert_eq!(
        csv_error("2027-01-01,元旦,true,2027\n"),
        (1, 1, ParseProblem::UnknownColumn("2027-01-01".into()))
    );
    assert_eq!(
        csv_error("date,name,notice_year\n"),
        (1, 4, ParseProblem::MissingColumn("is_off_day"))
    );
    assert_eq!(
        csv_error("date,name,is_off_day,notice_year,name\n"),
        (1, 5, ParseProblem::DuplicateColumn("name".into()))
    );
}

#[test]
fn csv_errors_name_the_line_and_the_column() {
    let bad_date = format!("{HEADER}2027-01-01,元旦,true,2027,\n2027-02-30,春节,true,2027,\n");
    assert_eq!(
        csv_error(&bad_date),
        (3, 1, ParseProblem::InvalidDate("2027-02-30".into()))
    );
    let bad_bool = format!("{HEADER}2027-01-01,元旦,yes,2027,\n");
    assert_eq!(
        csv_error(&bad_bool),
        (2, 3, ParseProblem::InvalidBool("yes".into()))
    );
    let bad_year = format!("{HEADER}2027-01-01,元旦,true,27,\n");
    assert_eq!(
        csv_error(&bad_year),
        (2, 4, ParseProblem::InvalidYear("27".into()))
    );
    let empty_name = format!("{HEADER}2027-01-01, ,true,2027,\n");
    assert_eq!(csv_error(&empty_name), (2, 2, ParseProblem::EmptyName));
    let short = format!("{HEADER}2027-01-01,元旦\n");
    assert_eq!(
        csv_error(&short),
        (
            2,
            3,
            ParseProblem::FieldCount {
                expected: 5,
                found: 2
            }
        )
    );
    let unclosed = format!("{HEADER}2027-01-01,\"元旦,true,2027,\n");
    assert_eq!(
        csv_error(&unclosed),
        (2, 2, ParseProblem::UnterminatedQuote)
    );
}

#[test]
fn csv_errors_are_available_in_chinese_with_line_and_column() {
    let err = parse_notice_csv(&format!("{HEADER}2027-01-01,元旦,yes,2027,\n")).unwrap_err();
    assert_eq!(err.code(), "CAL-PARSE");
    let message = err.message_zh();
    assert!(message.contains("第 2 行第 3 列"), "{message}");
    assert!(message.contains("yes"), "{message}");
    let violation = err.to_violation();
    assert_eq!(violation.rule, "CAL-PARSE");
    assert!(violation.is_hard());
}

// ---- JSON ----

const NOTICE_2027_JSON: &str = r#"{
    "$schema": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json",
    "$id": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/2027.json",
    "year": 2027,
    "papers": [
        "https://www.gov.cn/zhengce/zhengceku/example.htm"
    ],
    "days": [
        {
            "name": "元旦",
            "date": "2027-01-01",
            "isOffDay": true
        },
        {
            "name": "春节",
            "date": "2027-02-13",
            "isOffDay": false
        }
    ]
}
"#;

#[test]
fn json_the_holiday_cn_format_is_read_with_the_year_as_notice_year() {
    assert_eq!(
        parse_notice_json(NOTICE_2027_JSON).unwrap(),
        [
            HolidayEntry::new(d("2027-01-01"), "元旦", true, 2027),
            HolidayEntry::new(d("2027-02-13"), "春节", false, 2027),
        ]
    );
}

#[test]
fn json_errors_name_the_line_and_the_column() {
    let wrong_flag = NOTICE_2027_JSON.replacen("\"isOffDay\": true", "\"isOffDay\": \"yes\"", 1);
    assert_eq!(
        json_error(&wrong_flag),
        (
            12,
            25,
            ParseProblem::WrongType {
                field: "days[0].isOffDay".into(),
                expected: JsonType::Boolean
            }
        )
    );
    let bad_date = NOTICE_2027_JSON.replacen("2027-02-13", "2027-2-13", 1);
    assert_eq!(
        json_error(&bad_date),
        (16, 21, ParseProblem::InvalidDate("2027-2-13".into()))
    );
    let missing = NOTICE_2027_JSON.replacen("\"name\": \"元旦\",", "", 1);
    assert_eq!(
        json_error(&missing),
        (9, 9, ParseProblem::MissingField("name".into()))
    );
    assert_eq!(
        json_error("{\"year\": 2027.5, \"days\": []}"),
        (
            1,
            10,
            ParseProblem::WrongType {
                field: "year".into(),
                expected: JsonType::Integer
            }
        )
    );
    assert_eq!(
        json_error("{\"year\": 2027, \"days\": [}"),
        (1, 25, ParseProblem::UnexpectedChar('}'))
    );
    assert_eq!(json_error(""), (1, 1, ParseProblem::UnexpectedEnd));
    assert_eq!(
        json_error("{\"year\": 2027, \"days\": []} x"),
        (1, 28, ParseProblem::TrailingContent)
    );
}

#[test]
fn json_errors_are_available_in_chinese_with_line_and_column() {
    let wrong_flag = NOTICE_2027_JSON.replacen("\"isOffDay\": true", "\"isOffDay\": 1", 1);
    let message = parse_notice_json(&wrong_flag).unwrap_err().message_zh();
    assert!(message.contains("第 12 行第 25 列"), "{message}");
    assert!(message.contains("days[0].isOffDay"), "{message}");
}

// ---- with_notice ----

fn notice_2027() -> Vec<HolidayEntry> {
    parse_notice_json(NOTICE_2027_JSON).unwrap()
}

#[test]
fn with_notice_adds_a_year_and_keeps_the_others() {
    let table = HolidayTable::builtin();
    let updated = table.with_notice(2027, notice_2027()).unwrap();
    assert!(updated.covers_year(2027));
    assert!(!table.covers_year(2027));
    assert_eq!(updated.entries().len(), table.entries().len() + 2);
    assert_eq!(updated.notice_entries(2027).count(), 2);
    assert_eq!(updated.get(d("2027-02-13")).map(|e| e.off_day), Some(false));
}

#[test]
fn with_notice_replaces_the_entries_of_an_existing_notice_year() {
    let table = HolidayTable::builtin();
    // A (fictional) correction of the 2026 notice that keeps only New Year's Day.
    let corrected = table
        .with_notice(
            2026,
            [HolidayEntry::new(d("2026-01-01"), "元旦", true, 2026)],
        )
        .unwrap();
    assert_eq!(corrected.notice_entries(2026).count(), 1);
    assert_eq!(
        corrected.notice_entries(2025).count(),
        table.notice_entries(2025).count()
    );
    assert!(corrected.get(d("2026-10-01")).is_none());
    assert_ne!(corrected.version(), table.version());
}

#[test]
fn with_notice_accepts_december_and_january_edges_and_off_days_on_any_day() {
    let entries = [
        HolidayEntry::new(d("2026-12-31"), "元旦", true, 2027),
        HolidayEntry::new(d("2026-12-26"), "元旦", false, 2027),
        HolidayEntry::new(d("2028-01-01"), "元旦", true, 2027),
        HolidayEntry::new(d("2027-03-10"), "测试", true, 2027),
    ];
    assert!(HolidayTable::builtin().with_notice(2027, entries).is_ok());
}

#[test]
fn with_notice_rejects_a_make_up_working_day_on_a_weekday() {
    let entries = [HolidayEntry::new(d("2027-02-12"), "春节", false, 2027)];
    assert_eq!(
        entry_problem(HolidayTable::builtin().with_notice(2027, entries)),
        (2027, d("2027-02-12"), EntryProblem::MakeUpDayNotWeekend)
    );
}

#[test]
fn with_notice_rejects_dates_outside_the_notice_year_and_its_edges() {
    for date in ["2026-11-30", "2028-02-01", "2025-12-31"] {
        let entries = [HolidayEntry::new(d(date), "元旦", true, 2027)];
        assert_eq!(
            entry_problem(HolidayTable::builtin().with_notice(2027, entries)),
            (2027, d(date), EntryProblem::OutsideNoticeYear),
            "{date}"
        );
    }
}

#[test]
fn with_notice_rejects_duplicate_dates_within_and_across_notices() {
    let twice = [
        HolidayEntry::new(d("2027-01-01"), "元旦", true, 2027),
        HolidayEntry::new(d("2027-01-01"), "元旦", true, 2027),
    ];
    assert_eq!(
        entry_problem(HolidayTable::builtin().with_notice(2027, twice)).2,
        EntryProblem::DuplicateDate {
            other_notice_year: 2027
        }
    );
    // 2026-01-01 belongs to notice 2026 already.
    let clash = [HolidayEntry::new(d("2026-01-01"), "元旦", true, 2025)];
    assert_eq!(
        entry_problem(HolidayTable::builtin().with_notice(2025, clash)).2,
        EntryProblem::DuplicateDate {
            other_notice_year: 2026
        }
    );
}

#[test]
fn with_notice_rejects_entries_of_another_notice_year() {
    let entries = [HolidayEntry::new(d("2027-01-01"), "元旦", true, 2026)];
    assert_eq!(
        entry_problem(HolidayTable::builtin().with_notice(2027, entries)).2,
        EntryProblem::NoticeYearMismatch {
            entry_notice_year: 2026
        }
    );
}

#[test]
fn with_notice_rejects_an_empty_notice_and_unsupported_years() {
    let table = HolidayTable::builtin();
    assert_eq!(
        table.with_notice(2027, Vec::new()),
        Err(CalendarError::EmptyNotice(2027))
    );
    let entries = [HolidayEntry::new(d("2101-01-01"), "元旦", true, 2101)];
    assert_eq!(
        table.with_notice(2101, entries),
        Err(CalendarError::UnsupportedNoticeYear(2101))
    );
    let entries = [HolidayEntry::new(d("2003-01-01"), "元旦", true, 2003)];
    assert_eq!(
        table.with_notice(2003, entries).unwrap_err().code(),
        "CAL-YEAR"
    );
    let edge = [HolidayEntry::new(d("2003-12-31"), "元旦", true, 2004)];
    assert_eq!(
        entry_problem(table.with_notice(2004, edge)).2,
        EntryProblem::OutsideSupportedRange
    );
}

#[test]
fn from_entries_applies_the_same_rules() {
    let entries = [HolidayEntry::new(d("2027-02-12"), "春节", false, 2027)];
    assert_eq!(
        entry_problem(HolidayTable::from_entries(entries)).2,
        EntryProblem::MakeUpDayNotWeekend
    );
    let entries = [HolidayEntry::new(d("2027-02-13"), "  ", false, 2027)];
    assert_eq!(
        entry_problem(HolidayTable::from_entries(entries)).2,
        EntryProblem::EmptyName
    );
}

#[test]
fn entry_errors_are_available_in_chinese() {
    let entries = [HolidayEntry::new(d("2027-02-12"), "春节", false, 2027)];
    let err = HolidayTable::builtin()
        .with_notice(2027, entries)
        .unwrap_err();
    assert_eq!(err.code(), "CAL-ENTRY");
    let message = err.message_zh();
    assert!(message.contains("2027-02-12"), "{message}");
    assert!(message.contains("星期六或星期日"), "{message}");
}
