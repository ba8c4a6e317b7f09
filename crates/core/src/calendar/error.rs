//! Errors of the calendar module: malformed notice files and notices that break the rules of a
//! holiday table. `Display` is English (for logs); `message_zh()` is the user-facing text.

use chrono::NaiveDate;

use crate::rule::Violation;

/// The import format a parse error refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeFormat {
    /// The CSV layout of `holidays-2017-2026.csv`.
    Csv,
    /// The holiday-cn per-year JSON layout.
    Json,
}

impl NoticeFormat {
    fn label_zh(self) -> &'static str {
        match self {
            NoticeFormat::Csv => "CSV",
            NoticeFormat::Json => "JSON",
        }
    }
}

impl std::fmt::Display for NoticeFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label_zh())
    }
}

/// What is wrong at one position of a notice file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseProblem {
    #[error("the input is empty; a header line is required")]
    Empty,
    #[error("required column `{0}` is missing from the header")]
    MissingColumn(&'static str),
    #[error("unknown column `{0}`")]
    UnknownColumn(String),
    #[error("column `{0}` appears twice")]
    DuplicateColumn(String),
    #[error("expected {expected} fields, found {found}")]
    FieldCount { expected: usize, found: usize },
    #[error("a quoted field is not closed")]
    UnterminatedQuote,
    #[error("`{0}` is not a date of the form YYYY-MM-DD")]
    InvalidDate(String),
    #[error("`{0}` is not true or false")]
    InvalidBool(String),
    #[error("`{0}` is not a year")]
    InvalidYear(String),
    #[error("the holiday name is empty")]
    EmptyName,
    #[error("unexpected end of input")]
    UnexpectedEnd,
    #[error("unexpected character `{0}`")]
    UnexpectedChar(char),
    #[error("invalid escape sequence in a string")]
    InvalidEscape,
    #[error("invalid number")]
    InvalidNumber,
    #[error("control character inside a string")]
    ControlCharacter,
    #[error("nesting is deeper than {0} levels")]
    TooDeep(usize),
    #[error("unexpected content after the end of the document")]
    TrailingContent,
    #[error("`{field}` must be {expected}")]
    WrongType { field: String, expected: JsonType },
    #[error("required field `{0}` is missing")]
    MissingField(String),
}

/// The JSON type a field was expected to have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    Object,
    Array,
    String,
    Boolean,
    Integer,
}

impl JsonType {
    fn label_zh(self) -> &'static str {
        match self {
            JsonType::Object => "对象",
            JsonType::Array => "数组",
            JsonType::String => "字符串",
            JsonType::Boolean => "布尔值（true 或 false）",
            JsonType::Integer => "整数",
        }
    }
}

impl std::fmt::Display for JsonType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            JsonType::Object => "an object",
            JsonType::Array => "an array",
            JsonType::String => "a string",
            JsonType::Boolean => "a boolean",
            JsonType::Integer => "an integer",
        })
    }
}

impl ParseProblem {
    /// The problem in Simplified Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            ParseProblem::Empty => "内容为空，缺少表头行".to_owned(),
            ParseProblem::MissingColumn(c) => format!("表头缺少必需的列“{c}”"),
            ParseProblem::UnknownColumn(c) => format!("无法识别的列“{c}”"),
            ParseProblem::DuplicateColumn(c) => format!("列“{c}”重复出现"),
            ParseProblem::FieldCount { expected, found } => {
                format!("应有 {expected} 个字段，实际为 {found} 个")
            }
            ParseProblem::UnterminatedQuote => "引号未闭合".to_owned(),
            ParseProblem::InvalidDate(v) => format!("“{v}”不是 YYYY-MM-DD 格式的有效日期"),
            ParseProblem::InvalidBool(v) => format!("“{v}”应为 true 或 false"),
            ParseProblem::InvalidYear(v) => format!("“{v}”不是有效的年份"),
            ParseProblem::EmptyName => "节日名称为空".to_owned(),
            ParseProblem::UnexpectedEnd => "内容意外结束".to_owned(),
            ParseProblem::UnexpectedChar(c) => format!("出现意外的字符“{c}”"),
            ParseProblem::InvalidEscape => "字符串中的转义序列无效".to_owned(),
            ParseProblem::InvalidNumber => "数字格式无效".to_owned(),
            ParseProblem::ControlCharacter => "字符串中含有控制字符".to_owned(),
            ParseProblem::TooDeep(n) => format!("嵌套层数超过 {n} 层"),
            ParseProblem::TrailingContent => "文档结束后还有多余内容".to_owned(),
            ParseProblem::WrongType { field, expected } => {
                format!("字段“{field}”应为{}", expected.label_zh())
            }
            ParseProblem::MissingField(f) => format!("缺少必需的字段“{f}”"),
        }
    }
}

/// What is wrong with one entry of a notice.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryProblem {
    #[error("a make-up working day must be a Saturday or Sunday")]
    MakeUpDayNotWeekend,
    #[error("the date lies outside the notice year and its adjacent December/January edges")]
    OutsideNoticeYear,
    #[error("the date lies outside the supported range 2004-01-01..=2100-12-31")]
    OutsideSupportedRange,
    #[error("the date is listed twice (also in notice {other_notice_year})")]
    DuplicateDate { other_notice_year: i32 },
    #[error("the entry belongs to notice {entry_notice_year}")]
    NoticeYearMismatch { entry_notice_year: i32 },
    #[error("the holiday name is empty")]
    EmptyName,
}

impl EntryProblem {
    /// The problem in Simplified Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            EntryProblem::MakeUpDayNotWeekend => "调休上班日必须是星期六或星期日".to_owned(),
            EntryProblem::OutsideNoticeYear => {
                "日期不在通知年度内（仅允许该年度及相邻的上年12月、次年1月）".to_owned()
            }
            EntryProblem::OutsideSupportedRange => {
                "日期超出支持范围（2004-01-01 至 2100-12-31）".to_owned()
            }
            EntryProblem::DuplicateDate { other_notice_year } => {
                format!("日期重复（{other_notice_year} 年通知中已有该日期）")
            }
            EntryProblem::NoticeYearMismatch { entry_notice_year } => {
                format!("该条目属于 {entry_notice_year} 年的通知")
            }
            EntryProblem::EmptyName => "节日名称为空".to_owned(),
        }
    }
}

/// Errors of the calendar module.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A notice file could not be read. `line` is 1-based; `column` is 1-based and counts
    /// fields for CSV, characters for JSON.
    #[error("{format} line {line}, column {column}: {problem}")]
    Parse {
        format: NoticeFormat,
        line: usize,
        column: usize,
        problem: ParseProblem,
    },
    /// An entry breaks a rule of the holiday table.
    #[error("notice {notice_year}, {date}: {problem}")]
    Entry {
        notice_year: i32,
        date: NaiveDate,
        problem: EntryProblem,
    },
    /// Notices can be recorded for 2004..=2100 only.
    #[error("notice year {0} is outside the supported range 2004..=2100")]
    UnsupportedNoticeYear(i32),
    /// A notice without any entry is almost certainly a failed import.
    #[error("notice {0} has no entries")]
    EmptyNotice(i32),
    /// A stored calendar version string is malformed.
    #[error("`{0}` is not a calendar version (expected `cal-` and 16 hex digits)")]
    InvalidVersion(String),
}

impl CalendarError {
    /// A stable code for the error family, for APIs and tests (never assert on wording).
    pub fn code(&self) -> &'static str {
        match self {
            CalendarError::Parse { .. } => "CAL-PARSE",
            CalendarError::Entry { .. } => "CAL-ENTRY",
            CalendarError::UnsupportedNoticeYear(_) => "CAL-YEAR",
            CalendarError::EmptyNotice(_) => "CAL-EMPTY",
            CalendarError::InvalidVersion(_) => "CAL-VERSION",
        }
    }

    /// The user-facing message in Simplified Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            CalendarError::Parse {
                format,
                line,
                column,
                problem,
            } => format!(
                "{} 第 {line} 行第 {column} 列：{}",
                format.label_zh(),
                problem.message_zh()
            ),
            CalendarError::Entry {
                notice_year,
                date,
                problem,
            } => format!(
                "{notice_year} 年节假日通知，{date}：{}",
                problem.message_zh()
            ),
            CalendarError::UnsupportedNoticeYear(y) => {
                format!("通知年度 {y} 超出支持范围（2004 至 2100 年）")
            }
            CalendarError::EmptyNotice(y) => format!("{y} 年节假日通知没有任何条目"),
            CalendarError::InvalidVersion(v) => format!("“{v}”不是有效的日历版本号"),
        }
    }

    /// The error as a blocking rule violation (code as rule ID, Chinese message).
    pub fn to_violation(&self) -> Violation {
        Violation::hard(self.code(), None, self.message_zh())
    }
}
