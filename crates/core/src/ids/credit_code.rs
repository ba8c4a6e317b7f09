//! 统一社会信用代码 (GB 32100-2015 with 修改单 XG1-2016): 18 characters from the 31 symbols
//! `0123456789ABCDEFGHJKLMNPQRTUWXY` (no I, O, Z, S, V).
//!
//! | pos   | meaning                                             |
//! |-------|-----------------------------------------------------|
//! | 1     | 登记管理部门码 (registration authority)             |
//! | 2     | 机构类别码 (category)                               |
//! | 3–8   | 登记管理机关行政区划码 (GB/T 2260, may be retired)  |
//! | 9–17  | 主体标识码 = 组织机构代码 with its own check at 17  |
//! | 18    | check character                                     |
//!
//! Check (pos 18): value = index in the 31-symbol set, Wi = 3^(i−1) mod 31,
//! C18 = 31 − (Σ mod 31), 31 → 0. Pos 17 is checked with GB 11714 and *its* value table
//! (A–Z → 10–35), see [`OrgCode`]. Positions 1–2 are not validated: the table of authorities and
//! categories grows over time and is configuration, not code.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::checked::{check_normalized, expect_len, first_illegal, normalize};
use super::{Checked, DivisionCode, IdError, OrgCode};

/// The GB 32100 symbols; a symbol's value is its index.
const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A valid unified social credit code in upper-case ASCII.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CreditCode(String);

impl CreditCode {
    /// Checks a credit code as found in documents: trims, folds full-width and lower-case,
    /// recognises masks such as `91430102**********` or `91430681` followed by ten `X`.
    pub fn check(input: &str) -> Checked<Self> {
        check_normalized(&normalize(input), 18, Self::from_normalized)
    }

    /// Parses a credit code; a masked value is `Err(IdError::Masked)`.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        Self::check(input).into_result()
    }

    /// The check character (pos 18) for the first 17 characters, or `None` if `first17` is not
    /// 17 characters of the GB 32100 set. Does not check the embedded organisation code.
    pub fn compute_check_char(first17: &str) -> Option<char> {
        if first17.len() != 17 {
            return None;
        }
        let mut sum = 0;
        for (c, weight) in first17.chars().zip(WEIGHTS) {
            sum += value(c)? * weight;
        }
        symbol((31 - sum % 31) % 31)
    }

    fn from_normalized(s: &str) -> Result<Self, IdError> {
        expect_len(s, 18)?;
        // A letter in the check position is a wrong check character, not a stray symbol.
        first_illegal(s, |i, c| {
            value(c).is_some() || (i == 17 && c.is_ascii_uppercase())
        })?;
        let (first17, found) = s.split_at(17);
        let expected = Self::compute_check_char(first17).unwrap_or(' ');
        let found = found.chars().next().unwrap_or(' ');
        if found != expected {
            return Err(IdError::Checksum {
                position: 18,
                expected,
                found,
            });
        }
        OrgCode::from_normalized(&s[8..17]).map_err(|e| e.shifted(8))?;
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Pos 1, 登记管理部门码, e.g. `9` (工商/市场监管).
    pub fn registration_authority(&self) -> char {
        self.char_at(0)
    }

    /// Pos 2, 机构类别码, e.g. `1` (企业) under authority `9`.
    pub fn category(&self) -> char {
        self.char_at(1)
    }

    /// Pos 3–8 as written: the division code of the registering authority.
    pub fn region(&self) -> &str {
        &self.0[2..8]
    }

    /// The region as a division code, if it appears in the GB/T 2260 history. It may be retired
    /// (91410381MA9FD4K73U carries 410381, retired in 2021). `None` does not make the credit code
    /// invalid: the region part is not covered by any check character.
    pub fn division(&self) -> Option<DivisionCode> {
        DivisionCode::find(self.region())
    }

    /// Pos 9–17, the embedded organisation code (主体标识码).
    pub fn org_code(&self) -> OrgCode {
        // `from_normalized` checked it: a credit code only exists if its org code is valid.
        OrgCode(self.0[8..17].to_owned())
    }

    /// For display where the full code must not be shown: first 8 and last 2 characters kept,
    /// e.g. `91350100********43`.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..8], &self.0[16..])
    }

    fn char_at(&self, index: usize) -> char {
        char::from(self.0.as_bytes()[index])
    }
}

fn value(c: char) -> Option<u32> {
    CHARSET.find(c).and_then(|i| u32::try_from(i).ok())
}

fn symbol(value: u32) -> Option<char> {
    CHARSET.chars().nth(usize::try_from(value).ok()?)
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CreditCode({})", self.0)
    }
}

impl std::str::FromStr for CreditCode {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for CreditCode {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl TryFrom<&str> for CreditCode {
    type Error = IdError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl From<CreditCode> for String {
    fn from(code: CreditCode) -> Self {
        code.0
    }
}

impl AsRef<str> for CreditCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
