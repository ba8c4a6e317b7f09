//! Text as the system accepts it (SEC-2): Unicode NFC, no control characters, no bidirectional
//! overrides or invisible characters, line breaks only where a text may have lines, and a
//! maximum length per kind of field. The limits are listed in docs/security.md.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Maximum length (characters) of a field the table below does not name: long enough for a
/// 询问笔录 of many pages, short enough that one field cannot bloat every list it appears in.
pub const DEFAULT_MAX_CHARS: usize = 50_000;

/// Limits by field name (the last key of a JSON path or a form field's name), in characters,
/// and whether the field is one line.
const LIMITS: &[(&str, usize, Line)] = &[
    ("username", 64, Line::One),
    ("display_name", 100, Line::One),
    ("name", 300, Line::One),
    ("short_name", 50, Line::One),
    ("legal_representative", 100, Line::One),
    ("cause", 200, Line::One),
    ("title", 200, Line::One),
    ("place", 200, Line::One),
    ("address", 300, Line::One),
    ("service_address", 300, Line::One),
    ("file_name", 255, Line::One),
    ("device_serial", 100, Line::One),
    ("certificate_no", 64, Line::One),
    ("id_number", 64, Line::One),
    ("credit_code", 64, Line::One),
    ("phone", 32, Line::One),
    ("complaint_phone", 64, Line::One),
    ("document_no", 100, Line::One),
    ("q", 100, Line::One),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    One,
    Many,
}

/// Why a text was refused; [`TextError::message_zh`] says it to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    /// A control character (other than a line break or tab in a text of many lines).
    Control(char),
    /// A bidirectional override, isolate or mark, or an invisible (zero-width) character.
    Invisible(char),
    /// A line break in a one-line field.
    LineBreak,
    TooLong {
        max: usize,
        len: usize,
    },
}

impl TextError {
    pub fn message_zh(&self) -> String {
        match self {
            TextError::Control(c) => {
                format!(
                    "含有不允许的控制字符（U+{:04X}），请删除后重新填写",
                    u32::from(*c)
                )
            }
            TextError::Invisible(c) => format!(
                "含有不可见字符或文字方向控制符（U+{:04X}），请删除后重新填写",
                u32::from(*c)
            ),
            TextError::LineBreak => "应为单行文字，不能换行".to_owned(),
            TextError::TooLong { max, len } => format!("最多{max}个字，现有{len}个字"),
        }
    }
}

/// The limit and line kind of field `field` (a name like `party.name` or `name`).
fn limit_of(field: &str) -> (usize, Line) {
    let last = field
        .rsplit(['.', '['])
        .next()
        .unwrap_or(field)
        .trim_end_matches(']');
    LIMITS
        .iter()
        .find(|(k, _, _)| *k == last)
        .or_else(|| {
            last.strip_suffix("_name")
                .and_then(|_| LIMITS.iter().find(|(k, _, _)| *k == "name"))
        })
        .map_or((DEFAULT_MAX_CHARS, Line::Many), |(_, max, line)| {
            (*max, *line)
        })
}

/// Bidirectional formatting and invisible characters that can disguise what a text says.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// `value` of field `field` as stored: NFC, checked. Borrowed when nothing changed.
pub fn accept<'a>(field: &str, value: &'a str) -> Result<Cow<'a, str>, TextError> {
    let (max, line) = limit_of(field);
    for c in value.chars() {
        let line_break = c == '\n' || c == '\r';
        if line_break || c == '\t' {
            if line == Line::One {
                return Err(if line_break {
                    TextError::LineBreak
                } else {
                    TextError::Control(c)
                });
            }
        } else if c.is_control() {
            return Err(TextError::Control(c));
        } else if invisible(c) {
            return Err(TextError::Invisible(c));
        }
    }
    let value: Cow<'a, str> = match is_nfc_quick(value.chars()) {
        IsNormalized::Yes => Cow::Borrowed(value),
        _ => {
            let nfc: String = value.nfc().collect();
            if nfc == value {
                Cow::Borrowed(value)
            } else {
                Cow::Owned(nfc)
            }
        }
    };
    let len = value.chars().count();
    if len > max {
        return Err(TextError::TooLong { max, len });
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sec2_control_bidi_and_zero_width_characters_are_refused() {
        for bad in [
            "张\0三",
            "张\u{1b}[31m三",
            "abc\u{202E}fdp.exe",
            "张\u{200B}三",
            "a\u{2066}b",
        ] {
            assert!(accept("name", bad).is_err(), "{bad:?}");
            assert!(accept("content", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn sec2_line_breaks_only_in_texts_of_many_lines() {
        assert_eq!(accept("name", "张\r\n三"), Err(TextError::LineBreak));
        assert_eq!(accept("party.name", "张\n三"), Err(TextError::LineBreak));
        assert_eq!(accept("agency_name", "a\nb"), Err(TextError::LineBreak));
        assert!(accept("content", "第一行\r\n第二行\t缩进").is_ok());
    }

    #[test]
    fn sec2_text_is_stored_as_nfc() {
        // "é" as e + combining acute becomes the one precomposed character.
        assert_eq!(accept("name", "Cafe\u{301}").as_deref(), Ok("Caf\u{e9}"));
        assert!(matches!(accept("name", "张三"), Ok(Cow::Borrowed(_))));
    }

    #[test]
    fn sec2_lengths_are_bounded_by_field() {
        let cause = "违".repeat(201);
        assert_eq!(
            accept("cause", &cause),
            Err(TextError::TooLong { max: 200, len: 201 })
        );
        assert!(accept("cause", &"违".repeat(200)).is_ok());
        assert!(accept("content", &"字".repeat(DEFAULT_MAX_CHARS)).is_ok());
        assert!(accept("content", &"字".repeat(DEFAULT_MAX_CHARS + 1)).is_err());
    }
}
