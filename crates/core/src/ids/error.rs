//! Why an identifier was rejected.
//!
//! Each variant has a stable rule code ([`IdError::rule`]) for tests and API clients, an English
//! `Display` for logs, and a short Simplified Chinese message ([`IdError::message_zh`]) for users.
//! Positions are 1-based and count characters of the normalised machine form (trimmed, full-width
//! folded to ASCII, upper-cased, and for organisation codes without the hyphen).

use crate::rule::Violation;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// The value has the wrong number of characters.
    #[error("wrong length: expected {expected} characters, found {found}")]
    Length { expected: usize, found: usize },

    /// A character outside the identifier's character set.
    #[error("illegal character {found:?} at position {position}")]
    IllegalChar { position: usize, found: char },

    /// A check character does not match the one computed from the preceding characters.
    #[error("check character at position {position} should be {expected}, found {found}")]
    Checksum {
        position: usize,
        expected: char,
        found: char,
    },

    /// The birth date of an ID number is not a real calendar date on or after 1850-01-01.
    #[error("birth date {digits} is not a real date on or after 1850-01-01")]
    BirthDate { digits: String },

    /// A division code that never appeared in the GB/T 2260 history.
    #[error("division code {code} is not in the GB/T 2260 history")]
    UnknownDivision { code: String },

    /// An organisation code body in the range PDY00001–PDY99999, reserved for internal use.
    #[error("organisation code body {body} is reserved for internal use (PDY00001-PDY99999)")]
    Reserved { body: String },

    /// The value is masked (e.g. `91430102**********`) and cannot be checked.
    #[error("the value is masked and cannot be checked")]
    Masked,
}

impl IdError {
    /// Stable rule code, e.g. `ID-CHECKSUM`. Tests and clients match on this, never on wording.
    pub fn rule(&self) -> &'static str {
        match self {
            Self::Length { .. } => "ID-LENGTH",
            Self::IllegalChar { .. } => "ID-CHARSET",
            Self::Checksum { .. } => "ID-CHECKSUM",
            Self::BirthDate { .. } => "ID-BIRTHDATE",
            Self::UnknownDivision { .. } => "ID-DIVISION",
            Self::Reserved { .. } => "ID-RESERVED",
            Self::Masked => "ID-MASKED",
        }
    }

    /// Short user-facing message in Simplified Chinese, e.g. `校验码错误：第18位应为3，实为Z`.
    pub fn message_zh(&self) -> String {
        match self {
            Self::Length { expected, found } => format!("长度应为{expected}位，实为{found}位"),
            Self::IllegalChar { position, found } => {
                format!("第{position}位字符“{found}”不合法")
            }
            Self::Checksum {
                position,
                expected,
                found,
            } => format!("校验码错误：第{position}位应为{expected}，实为{found}"),
            Self::BirthDate { digits } => format!("出生日期“{digits}”不是有效日期"),
            Self::UnknownDivision { code } => format!("行政区划代码“{code}”不存在"),
            Self::Reserved { body } => {
                format!("组织机构代码“{body}”属于自定义保留区段，不得使用")
            }
            Self::Masked => "号码已脱敏，无法校验".to_owned(),
        }
    }

    /// The error as a blocking rule violation on `field`.
    pub fn to_violation(&self, field: Option<&str>) -> Violation {
        Violation::hard(self.rule(), field, self.message_zh())
    }

    /// Moves reported positions by `by`, for a part checked inside a longer identifier.
    pub(crate) fn shifted(self, by: usize) -> Self {
        match self {
            Self::IllegalChar { position, found } => Self::IllegalChar {
                position: position + by,
                found,
            },
            Self::Checksum {
                position,
                expected,
                found,
            } => Self::Checksum {
                position: position + by,
                expected,
                found,
            },
            other => other,
        }
    }
}
