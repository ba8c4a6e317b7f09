//! `parse_notice_csv`: reads the CSV layout of `holidays-2017-2026.csv`.
//!
//! ```text
//! date,name,is_off_day,notice_year[,notice_urls]
//! 2026-01-04,元旦,false,2026,https://www.gov.cn/…
//! ```
//!
//! The header line is required; columns may come in any order; `notice_urls` is optional and
//! ignored. Fields may be double-quoted (`""` inside quotes is a quote). Blank lines are skipped;
//! a UTF-8 byte-order mark and CRLF line ends are accepted. Errors give the 1-based line and the
//! 1-based field number as the column.

use super::entry::HolidayEntry;
use super::error::{CalendarError, NoticeFormat, ParseProblem};
use super::parse_util::{parse_bool, parse_date, parse_year};

const REQUIRED: [&str; 4] = ["date", "name", "is_off_day", "notice_year"];
const OPTIONAL: [&str; 1] = ["notice_urls"];

/// Reads holiday entries from CSV text (see the module documentation for the format).
pub fn parse_notice_csv(text: &str) -> Result<Vec<HolidayEntry>, CalendarError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .enumerate()
        .map(|(i, l)| (i + 1, l));

    let Some((header_line, header)) = lines.by_ref().find(|(_, l)| !l.trim().is_empty()) else {
        return Err(error(1, 1, ParseProblem::Empty));
    };
    let columns = Columns::from_header(header_line, header)?;

    let mut entries = Vec::new();
    for (line, text) in lines {
        if text.trim().is_empty() {
            continue;
        }
        let fields = split_fields(line, text)?;
        if fields.len() != columns.count {
            let column = fields.len().min(columns.count) + 1;
            return Err(error(
                line,
                column,
                ParseProblem::FieldCount {
                    expected: columns.count,
                    found: fields.len(),
                },
            ));
        }
        let field = |i: usize| fields[i].trim();
        let at = |i: usize, problem| error(line, i + 1, problem);

        let date = parse_date(field(columns.date)).map_err(|p| at(columns.date, p))?;
        let name = field(columns.name);
        if name.is_empty() {
            return Err(at(columns.name, ParseProblem::EmptyName));
        }
        let off_day = parse_bool(field(columns.off_day)).map_err(|p| at(columns.off_day, p))?;
        let notice_year =
            parse_year(field(columns.notice_year)).map_err(|p| at(columns.notice_year, p))?;
        entries.push(HolidayEntry::new(date, name, off_day, notice_year));
    }
    Ok(entries)
}

fn error(line: usize, column: usize, problem: ParseProblem) -> CalendarError {
    CalendarError::Parse {
        format: NoticeFormat::Csv,
        line,
        column,
        problem,
    }
}

/// Field positions (0-based) of the required columns.
struct Columns {
    count: usize,
    date: usize,
    name: usize,
    off_day: usize,
    notice_year: usize,
}

impl Columns {
    fn from_header(line: usize, header: &str) -> Result<Self, CalendarError> {
        let fields = split_fields(line, header)?;
        let mut seen: Vec<&str> = Vec::with_capacity(fields.len());
        for (i, raw) in fields.iter().enumerate() {
            let name = raw.trim();
            if !REQUIRED.contains(&name) && !OPTIONAL.contains(&name) {
                return Err(error(
                    line,
                    i + 1,
                    ParseProblem::UnknownColumn(name.to_owned()),
                ));
            }
            if seen.contains(&name) {
                return Err(error(
                    line,
                    i + 1,
                    ParseProblem::DuplicateColumn(name.to_owned()),
                ));
            }
            seen.push(name);
        }
        let position = |wanted: &'static str| {
            seen.iter()
                .position(|c| *c == wanted)
                .ok_or_else(|| error(line, seen.len() + 1, ParseProblem::MissingColumn(wanted)))
        };
        Ok(Self {
            count: seen.len(),
            date: position("date")?,
            name: position("name")?,
            off_day: position("is_off_day")?,
            notice_year: position("notice_year")?,
        })
    }
}

/// Splits one CSV line into fields, honouring double quotes.
fn split_fields(line: usize, text: &str) -> Result<Vec<String>, CalendarError> {
    let mut fields = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        let column = fields.len() + 1;
        let mut field = String::new();
        // Leading spaces before an opening quote are tolerated.
        while chars.peek() == Some(&' ') {
            chars.next();
            field.push(' ');
        }
        if chars.peek() == Some(&'"') {
            chars.next();
            field.clear();
            loop {
                match chars.next() {
                    None => return Err(error(line, column, ParseProblem::UnterminatedQuote)),
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => field.push(c),
                }
            }
            while chars.peek() == Some(&' ') {
                chars.next();
            }
            match chars.next() {
                None => {
                    fields.push(field);
                    return Ok(fields);
                }
                Some(',') => fields.push(field),
                Some(c) => return Err(error(line, column, ParseProblem::UnexpectedChar(c))),
            }
        } else {
            loop {
                match chars.next() {
                    None => {
                        fields.push(field);
                        return Ok(fields);
                    }
                    Some(',') => {
                        fields.push(field);
                        break;
                    }
                    Some(c) => field.push(c),
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_may_contain_commas_and_doubled_quotes() {
        let fields = split_fields(1, r#"a,"b,c","say ""hi""", d "#).unwrap();
        assert_eq!(fields, ["a", "b,c", r#"say "hi""#, " d "]);
    }

    #[test]
    fn an_unclosed_quote_names_its_column() {
        let err = split_fields(3, r#"a,"b"#).unwrap_err();
        assert!(matches!(
            err,
            CalendarError::Parse {
                line: 3,
                column: 2,
                problem: ParseProblem::UnterminatedQuote,
                ..
            }
        ));
    }
}
