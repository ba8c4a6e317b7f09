//! 组织机构代码 (GB 11714-1997): 8 body characters `[0-9A-Z]` and a check character `[0-9X]`,
//! written with a hyphen before the check character (`MA53A9UY-7`).
//!
//! Check: character values 0–9 → 0–9 and A–Z → 10–35 (all 26 letters, unlike GB 32100);
//! weights 3, 7, 9, 10, 5, 8, 4, 2; C9 = 11 − (Σ mod 11), where 10 is written `X` and 11 is `0`.
//! Because letter values reach 35, two body characters whose values differ by 11 or 22 (e.g. `0`
//! and `B`) give the same sum: GB 11714 does not catch every single substitution. The GB 32100
//! check around an embedded org code does.
//!
//! Bodies PDY00001–PDY99999 are reserved for internal use and are rejected (`ID-RESERVED`).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::checked::{check_normalized, expect_len, first_illegal, normalize};
use super::{Checked, IdError};

const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// A valid organisation code. `as_str` is the machine form `MA53A9UY7`; `Display` shows
/// `MA53A9UY-7`. Serialised in machine form; deserialised from either form.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgCode(pub(super) String);

impl OrgCode {
    /// Checks an organisation code: trims, folds full-width and lower-case, accepts the hyphenated
    /// form with a hyphen (`MA53A9UY-7`), and recognises masks.
    pub fn check(input: &str) -> Checked<Self> {
        let mut s = normalize(input);
        if s.len() == 10 && s.as_bytes()[8] == b'-' {
            s.remove(8);
        }
        check_normalized(&s, 9, Self::from_normalized)
    }

    pub fn parse(input: &str) -> Result<Self, IdError> {
        Self::check(input).into_result()
    }

    /// The check character for an 8-character body of `[0-9A-Z]`, or `None` for another input.
    pub fn compute_check_char(body: &str) -> Option<char> {
        if body.len() != 8 {
            return None;
        }
        let mut sum = 0;
        for (c, weight) in body.chars().zip(WEIGHTS) {
            sum += value(c)? * weight;
        }
        Some(match 11 - sum % 11 {
            10 => 'X',
            11 => '0',
            digit => char::from_digit(digit, 10)?,
        })
    }

    /// Parses the 9-character machine form; used directly for the part embedded in a credit code.
    pub(crate) fn from_normalized(s: &str) -> Result<Self, IdError> {
        expect_len(s, 9)?;
        first_illegal(s, |_, c| c.is_ascii_digit() || c.is_ascii_uppercase())?;
        let (body, found) = s.split_at(8);
        if is_reserved(body) {
            return Err(IdError::Reserved {
                body: body.to_owned(),
            });
        }
        let expected = Self::compute_check_char(body).ok_or(IdError::Length {
            expected: 9,
            found: s.chars().count(),
        })?;
        let found = found.chars().next().unwrap_or(' ');
        if found != expected {
            return Err(IdError::Checksum {
                position: 9,
                expected,
                found,
            });
        }
        Ok(Self(s.to_owned()))
    }

    /// The machine form, e.g. `MA53A9UY7`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 8 body characters.
    pub fn body(&self) -> &str {
        &self.0[..8]
    }

    /// The check character, `0`–`9` or `X`.
    pub fn check_char(&self) -> char {
        char::from(self.0.as_bytes()[8])
    }
}

/// GB 11714 Annex A value: 0–9 → 0–9, A–Z → 10–35.
fn value(c: char) -> Option<u32> {
    match c {
        '0'..='9' | 'A'..='Z' => c.to_digit(36),
        _ => None,
    }
}

/// PDY00001–PDY99999.
fn is_reserved(body: &str) -> bool {
    body.strip_prefix("PDY")
        .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()) && n != "00000")
}

impl fmt::Display for OrgCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.body(), self.check_char())
    }
}

impl fmt::Debug for OrgCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OrgCode({self})")
    }
}

impl std::str::FromStr for OrgCode {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for OrgCode {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl TryFrom<&str> for OrgCode {
    type Error = IdError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl From<OrgCode> for String {
    fn from(code: OrgCode) -> Self {
        code.0
    }
}

impl AsRef<str> for OrgCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
