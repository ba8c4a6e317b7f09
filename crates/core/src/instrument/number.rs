//! Document numbering patterns (文号), configurable per agency, kind and year, e.g.
//! `{简称}罚〔{年}〕{序号}号` or `{简称}{字}〔{年}〕{序号:3}号`.
//!
//! Placeholders: `{简称}` agency short name, `{字}` the kind's number word (罚, 告, …),
//! `{年}` the year, `{序号}` the sequence number, `{序号:N}` zero-padded to N digits (1–9).
//! Only formatting is pure: gap-free allocation of `seq` is the store's job (a counter updated
//! in the same transaction as the document).

use serde::{Deserialize, Serialize};

/// The widest zero padding a pattern may ask for.
const MAX_WIDTH: usize = 9;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberPatternError {
    #[error("unknown placeholder {{{0}}} in number pattern")]
    UnknownPlaceholder(String),
    #[error("unbalanced brace at character {0} of number pattern")]
    UnbalancedBrace(usize),
    #[error("number pattern has no {{序号}} placeholder")]
    MissingSequence,
    #[error("sequence width must be 1 to 9, got {0:?}")]
    BadWidth(String),
}

impl NumberPatternError {
    pub fn message_zh(&self) -> String {
        match self {
            Self::UnknownPlaceholder(p) => format!("文号格式中有未知的占位符：{{{p}}}"),
            Self::UnbalancedBrace(at) => format!("文号格式第{}个字符处的花括号不配对", at + 1),
            Self::MissingSequence => "文号格式必须包含 {序号}".to_owned(),
            Self::BadWidth(w) => format!("序号位数应为1至9，实为“{w}”"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
enum Part {
    Literal(String),
    ShortName,
    Word,
    Year,
    /// Zero-padded to the width (0: no padding).
    Seq(usize),
}

/// A parsed numbering pattern. Holding one proves it has a `{序号}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NumberPattern {
    source: String,
    parts: Vec<Part>,
}

impl NumberPattern {
    /// The national default form: `{简称}{字}〔{年}〕{序号}号`.
    pub const DEFAULT: &'static str = "{简称}{字}〔{年}〕{序号}号";

    pub fn parse(pattern: &str) -> Result<NumberPattern, NumberPatternError> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = pattern.chars().enumerate();
        while let Some((at, ch)) = chars.next() {
            match ch {
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for (_, c) in chars.by_ref() {
                        match c {
                            '}' => {
                                closed = true;
                                break;
                            }
                            '{' => return Err(NumberPatternError::UnbalancedBrace(at)),
                            other => name.push(other),
                        }
                    }
                    if !closed {
                        return Err(NumberPatternError::UnbalancedBrace(at));
                    }
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(placeholder(&name)?);
                }
                '}' => return Err(NumberPatternError::UnbalancedBrace(at)),
                other => literal.push(other),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        if !parts.iter().any(|p| matches!(p, Part::Seq(_))) {
            return Err(NumberPatternError::MissingSequence);
        }
        Ok(NumberPattern {
            source: pattern.to_owned(),
            parts,
        })
    }

    /// The number for `seq`, e.g. `format("湘潭市监", "罚", 2026, 7)` → `湘潭市监罚〔2026〕7号`.
    pub fn format(&self, short_name: &str, word: &str, year: i32, seq: u64) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::ShortName => out.push_str(short_name),
                Part::Word => out.push_str(word),
                Part::Year => out.push_str(&year.to_string()),
                Part::Seq(width) => out.push_str(&format!("{seq:0width$}")),
            }
        }
        out
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }
}

fn placeholder(name: &str) -> Result<Part, NumberPatternError> {
    match name {
        "简称" => Ok(Part::ShortName),
        "字" => Ok(Part::Word),
        "年" => Ok(Part::Year),
        "序号" => Ok(Part::Seq(0)),
        _ => match name.strip_prefix("序号:") {
            Some(width) => match width.parse::<usize>() {
                Ok(w) if (1..=MAX_WIDTH).contains(&w) => Ok(Part::Seq(w)),
                _ => Err(NumberPatternError::BadWidth(width.to_owned())),
            },
            None => Err(NumberPatternError::UnknownPlaceholder(name.to_owned())),
        },
    }
}

impl TryFrom<String> for NumberPattern {
    type Error = NumberPatternError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        NumberPattern::parse(&s)
    }
}

impl From<NumberPattern> for String {
    fn from(p: NumberPattern) -> String {
        p.source
    }
}

impl Default for NumberPattern {
    fn default() -> Self {
        // A literal known to parse; the fallback keeps this total without a panic.
        NumberPattern::parse(Self::DEFAULT).unwrap_or(NumberPattern {
            source: Self::DEFAULT.to_owned(),
            parts: vec![Part::Seq(0)],
        })
    }
}
