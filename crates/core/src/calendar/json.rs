//! `parse_notice_json`: reads the holiday-cn per-year JSON layout (see `holidays/2026.json` in
//! the research data):
//!
//! ```json
//! { "year": 2026, "papers": ["https://…"],
//!   "days": [ { "name": "元旦", "date": "2026-01-01", "isOffDay": true }, … ] }
//! ```
//!
//! `year` becomes the notice year of every entry. Other members (`$schema`, `$id`, `papers`) are
//! ignored. The crate has no JSON dependency, so a small strict JSON reader lives here; errors
//! give the 1-based line and the 1-based character column.

use std::iter::Peekable;
use std::str::Chars;

use super::entry::HolidayEntry;
use super::error::{CalendarError, JsonType, NoticeFormat, ParseProblem};
use super::parse_util::parse_date;

const MAX_DEPTH: usize = 64;

/// Reads holiday entries from holiday-cn JSON text.
pub fn parse_notice_json(text: &str) -> Result<Vec<HolidayEntry>, CalendarError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = Reader::new(text).document()?;

    let members = expect_object(&root, "$")?;
    let year_value = member(members, "year", &root)?;
    let notice_year = match &year_value.value {
        Value::Number(n) => n.parse::<i32>().ok(),
        _ => None,
    }
    .ok_or_else(|| wrong_type(year_value, "year", JsonType::Integer))?;

    let days_value = member(members, "days", &root)?;
    let Value::Array(days) = &days_value.value else {
        return Err(wrong_type(days_value, "days", JsonType::Array));
    };

    let mut entries = Vec::with_capacity(days.len());
    for (i, day) in days.iter().enumerate() {
        let path = |field: &str| format!("days[{i}].{field}");
        let members = expect_object(day, &format!("days[{i}]"))?;

        let name_value = member(members, "name", day)?;
        let Value::String(name) = &name_value.value else {
            return Err(wrong_type(name_value, &path("name"), JsonType::String));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(at(name_value, ParseProblem::EmptyName));
        }

        let date_value = member(members, "date", day)?;
        let Value::String(date_text) = &date_value.value else {
            return Err(wrong_type(date_value, &path("date"), JsonType::String));
        };
        let date = parse_date(date_text.trim()).map_err(|p| at(date_value, p))?;

        let off_value = member(members, "isOffDay", day)?;
        let Value::Bool(off_day) = off_value.value else {
            return Err(wrong_type(off_value, &path("isOffDay"), JsonType::Boolean));
        };

        entries.push(HolidayEntry::new(date, name, off_day, notice_year));
    }
    Ok(entries)
}

fn error(line: usize, column: usize, problem: ParseProblem) -> CalendarError {
    CalendarError::Parse {
        format: NoticeFormat::Json,
        line,
        column,
        problem,
    }
}

fn at(node: &Node, problem: ParseProblem) -> CalendarError {
    error(node.line, node.column, problem)
}

fn wrong_type(node: &Node, field: &str, expected: JsonType) -> CalendarError {
    at(
        node,
        ParseProblem::WrongType {
            field: field.to_owned(),
            expected,
        },
    )
}

fn expect_object<'a>(node: &'a Node, path: &str) -> Result<&'a [(String, Node)], CalendarError> {
    match &node.value {
        Value::Object(members) => Ok(members),
        _ => Err(wrong_type(node, path, JsonType::Object)),
    }
}

/// The first member called `key`; a missing member is reported at the object's position.
fn member<'a>(
    members: &'a [(String, Node)],
    key: &str,
    object: &Node,
) -> Result<&'a Node, CalendarError> {
    members
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .ok_or_else(|| at(object, ParseProblem::MissingField(key.to_owned())))
}

/// A JSON value with the position of its first character.
#[derive(Debug)]
struct Node {
    value: Value,
    line: usize,
    column: usize,
}

#[derive(Debug)]
enum Value {
    Null,
    Bool(bool),
    /// The literal text of a number (validated against the JSON grammar).
    Number(String),
    String(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

struct Reader<'a> {
    chars: Peekable<Chars<'a>>,
    line: usize,
    column: usize,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            chars: text.chars().peekable(),
            line: 1,
            column: 1,
        }
    }

    fn document(mut self) -> Result<Node, CalendarError> {
        let node = self.value(0)?;
        self.skip_whitespace();
        if self.chars.peek().is_some() {
            return Err(self.fail(ParseProblem::TrailingContent));
        }
        Ok(node)
    }

    fn fail(&self, problem: ParseProblem) -> CalendarError {
        error(self.line, self.column, problem)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.chars.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }

    /// Consumes `expected` or fails at the current character.
    fn expect(&mut self, expected: char) -> Result<(), CalendarError> {
        match self.chars.peek() {
            Some(&c) if c == expected => {
                self.bump();
                Ok(())
            }
            Some(&c) => Err(self.fail(ParseProblem::UnexpectedChar(c))),
            None => Err(self.fail(ParseProblem::UnexpectedEnd)),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, CalendarError> {
        self.skip_whitespace();
        let (line, column) = (self.line, self.column);
        let value = match self.chars.peek() {
            None => return Err(self.fail(ParseProblem::UnexpectedEnd)),
            Some('{') => self.object(depth)?,
            Some('[') => self.array(depth)?,
            Some('"') => Value::String(self.string()?),
            Some('t') => self.literal("true", Value::Bool(true))?,
            Some('f') => self.literal("false", Value::Bool(false))?,
            Some('n') => self.literal("null", Value::Null)?,
            Some('-' | '0'..='9') => Value::Number(self.number()?),
            Some(&c) => return Err(self.fail(ParseProblem::UnexpectedChar(c))),
        };
        Ok(Node {
            value,
            line,
            column,
        })
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, CalendarError> {
        for expected in word.chars() {
            self.expect(expected)?;
        }
        Ok(value)
    }

    fn enter(&self, depth: usize) -> Result<usize, CalendarError> {
        if depth >= MAX_DEPTH {
            Err(self.fail(ParseProblem::TooDeep(MAX_DEPTH)))
        } else {
            Ok(depth + 1)
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, CalendarError> {
        let depth = self.enter(depth)?;
        self.expect('[')?;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.chars.peek() == Some(&']') {
            self.bump();
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.chars.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(']') => {
                    self.bump();
                    return Ok(Value::Array(items));
                }
                Some(&c) => return Err(self.fail(ParseProblem::UnexpectedChar(c))),
                None => return Err(self.fail(ParseProblem::UnexpectedEnd)),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, CalendarError> {
        let depth = self.enter(depth)?;
        self.expect('{')?;
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.chars.peek() == Some(&'}') {
            self.bump();
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.chars.peek() != Some(&'"') {
                return Err(match self.chars.peek() {
                    Some(&c) => self.fail(ParseProblem::UnexpectedChar(c)),
                    None => self.fail(ParseProblem::UnexpectedEnd),
                });
            }
            let key = self.string()?;
            self.skip_whitespace();
            self.expect(':')?;
            let value = self.value(depth)?;
            members.push((key, value));
            self.skip_whitespace();
            match self.chars.peek() {
                Some(',') => {
                    self.bump();
                }
                Some('}') => {
                    self.bump();
                    return Ok(Value::Object(members));
                }
                Some(&c) => return Err(self.fail(ParseProblem::UnexpectedChar(c))),
                None => return Err(self.fail(ParseProblem::UnexpectedEnd)),
            }
        }
    }

    fn string(&mut self) -> Result<String, CalendarError> {
        self.expect('"')?;
        let mut out = String::new();
        loop {
            let Some(&c) = self.chars.peek() else {
                return Err(self.fail(ParseProblem::UnexpectedEnd));
            };
            match c {
                '"' => {
                    self.bump();
                    return Ok(out);
                }
                '\\' => {
                    self.bump();
                    out.push(self.escape()?);
                }
                c if u32::from(c) < 0x20 => return Err(self.fail(ParseProblem::ControlCharacter)),
                c => {
                    self.bump();
                    out.push(c);
                }
            }
        }
    }

    /// The character of an escape sequence whose backslash was consumed.
    fn escape(&mut self) -> Result<char, CalendarError> {
        let Some(c) = self.bump() else {
            return Err(self.fail(ParseProblem::UnexpectedEnd));
        };
        Ok(match c {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let high = self.hex4()?;
                if (0xD800..0xDC00).contains(&high) {
                    // A high surrogate must be followed by `\u` and a low surrogate.
                    self.expect('\\')?;
                    self.expect('u')?;
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.fail(ParseProblem::InvalidEscape));
                    }
                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    char::from_u32(code).ok_or_else(|| self.fail(ParseProblem::InvalidEscape))?
                } else {
                    char::from_u32(high).ok_or_else(|| self.fail(ParseProblem::InvalidEscape))?
                }
            }
            _ => return Err(self.fail(ParseProblem::InvalidEscape)),
        })
    }

    fn hex4(&mut self) -> Result<u32, CalendarError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self
                .chars
                .peek()
                .and_then(|c| c.to_digit(16))
                .ok_or_else(|| self.fail(ParseProblem::InvalidEscape))?;
            self.bump();
            code = code * 16 + digit;
        }
        Ok(code)
    }

    fn number(&mut self) -> Result<String, CalendarError> {
        let mut text = String::new();
        if self.chars.peek() == Some(&'-') {
            self.bump();
            text.push('-');
        }
        match self.chars.peek() {
            Some('0') => {
                self.bump();
                text.push('0');
            }
            Some('1'..='9') => self.digits(&mut text),
            _ => return Err(self.fail(ParseProblem::InvalidNumber)),
        }
        if self.chars.peek() == Some(&'.') {
            self.bump();
            text.push('.');
            if !matches!(self.chars.peek(), Some('0'..='9')) {
                return Err(self.fail(ParseProblem::InvalidNumber));
            }
            self.digits(&mut text);
        }
        if matches!(self.chars.peek(), Some('e' | 'E')) {
            self.bump();
            text.push('e');
            if let Some(&sign @ ('+' | '-')) = self.chars.peek() {
                self.bump();
                text.push(sign);
            }
            if !matches!(self.chars.peek(), Some('0'..='9')) {
                return Err(self.fail(ParseProblem::InvalidNumber));
            }
            self.digits(&mut text);
        }
        Ok(text)
    }

    fn digits(&mut self, text: &mut String) {
        while let Some(&c @ '0'..='9') = self.chars.peek() {
            self.bump();
            text.push(c);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Node, CalendarError> {
        Reader::new(text).document()
    }

    #[test]
    fn strings_decode_escapes_and_surrogate_pairs() {
        let node = parse(r#""a\"b\\c\/\n\u6625\ud83d\ude00""#).unwrap();
        let Value::String(s) = node.value else {
            panic!("not a string")
        };
        assert_eq!(s, "a\"b\\c/\n春😀");
    }

    #[test]
    fn numbers_follow_the_json_grammar() {
        for good in ["0", "-0", "2026", "1.5", "-1e10", "2E+3"] {
            assert!(parse(good).is_ok(), "{good}");
        }
        for bad in ["01", "-", "1.", ".5", "1e", "+1"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = "[".repeat(10_000);
        assert!(matches!(
            parse(&text),
            Err(CalendarError::Parse {
                problem: ParseProblem::TooDeep(_),
                ..
            })
        ));
    }

    #[test]
    fn positions_are_one_based_lines_and_character_columns() {
        let err = parse("{\n  \"名\": tru }").unwrap_err();
        assert_eq!(err, error(2, 11, ParseProblem::UnexpectedChar(' ')));
    }
}
