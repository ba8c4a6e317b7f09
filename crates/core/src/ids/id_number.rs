//! 公民身份号码 (GB 11643-1999): address code (6, GB/T 2260) + birth date YYYYMMDD (8) +
//! sequence (3, odd = male) + check character (`0`–`9` or `X`, ISO 7064 MOD 11-2).
//!
//! Check: Wi = 2^(18−i) mod 11, S = Σ ai×Wi, check = `10X98765432`[S mod 11].
//!
//! The address code must appear *somewhere* in the GB/T 2260 history, not necessarily in the
//! birth year: numbers were assigned long after birth (440524188001010014, the standard's own
//! example, carries a county that existed only 1983–1993). [`IdNumber::address_in_use_at_birth`]
//! tells the caller whether to raise a warning. The birth date must be a real date on or after
//! 1850-01-01; there is no upper bound because this crate never reads the clock.
//!
//! `Debug` prints the masked form so that numbers do not leak into logs; `Display` and `as_str`
//! give the full number.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::checked::{check_normalized, expect_len, first_illegal, normalize};
use super::{Checked, DivisionCode, IdError};

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
const EARLIEST_BIRTH_YEAR: i32 = 1850;

/// A valid 18-character citizen ID number.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdNumber {
    number: String,
    birth_date: NaiveDate,
    division: DivisionCode,
}

/// 性别, from the parity of the sequence number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Male => "男",
            Self::Female => "女",
        }
    }
}

impl IdNumber {
    /// Checks an 18-character ID number as found in documents: trims, folds full-width and a
    /// lower-case `x`, recognises masks such as `4301**********1234`.
    pub fn check(input: &str) -> Checked<Self> {
        check_normalized(&normalize(input), 18, Self::from_normalized)
    }

    /// Parses an 18-character ID number; a masked value is `Err(IdError::Masked)`.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        Self::check(input).into_result()
    }

    /// Parses a 15-digit GB 11643-1989 number (address + YYMMDD + sequence, no check character)
    /// and upgrades it to 18 characters: the year becomes 19YY and the check character is added.
    pub fn parse_legacy15(input: &str) -> Result<Self, IdError> {
        let s = normalize(input);
        expect_len(&s, 15)?;
        first_illegal(&s, |_, c| c.is_ascii_digit())?;
        let first17 = format!("{}19{}", &s[..6], &s[6..]);
        let check = Self::compute_check_char(&first17).unwrap_or('?');
        Self::from_normalized(&format!("{first17}{check}"))
    }

    /// The check character for the first 17 digits, or `None` if `first17` is not 17 ASCII digits.
    pub fn compute_check_char(first17: &str) -> Option<char> {
        if first17.len() != 17 {
            return None;
        }
        let mut sum = 0;
        for (c, weight) in first17.chars().zip(WEIGHTS) {
            sum += c.to_digit(10)? * weight;
        }
        CHECK_CHARS.get(usize::try_from(sum % 11).ok()?).copied()
    }

    fn from_normalized(s: &str) -> Result<Self, IdError> {
        expect_len(s, 18)?;
        // A letter in the check position is a wrong check character, not a stray symbol.
        first_illegal(s, |i, c| {
            c.is_ascii_digit() || (i == 17 && c.is_ascii_uppercase())
        })?;
        let (first17, found) = s.split_at(17);
        let expected = Self::compute_check_char(first17).unwrap_or('?');
        let found = found.chars().next().unwrap_or('?');
        if found != expected {
            return Err(IdError::Checksum {
                position: 18,
                expected,
                found,
            });
        }
        let digits = &s[6..14];
        let birth_date = birth_date(digits).ok_or_else(|| IdError::BirthDate {
            digits: digits.to_owned(),
        })?;
        let division = DivisionCode::find(&s[..6]).ok_or_else(|| IdError::UnknownDivision {
            code: s[..6].to_owned(),
        })?;
        Ok(Self {
            number: s.to_owned(),
            birth_date,
            division,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.number
    }

    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// Odd sequence number (pos 17) = male, even = female.
    pub fn sex(&self) -> Sex {
        if self.number.as_bytes()[16] % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The address code (pos 1–6); it may be retired.
    pub fn division(&self) -> DivisionCode {
        self.division
    }

    /// Whether the address code was in use in the birth year; births before the history starts
    /// ([`DivisionCode::HISTORY_START`]) count as that year. `false` is worth a warning at most:
    /// numbers are assigned long after birth (e.g. 440524188001010014).
    pub fn address_in_use_at_birth(&self) -> bool {
        u16::try_from(self.birth_date.year()).is_ok_and(|year| {
            self.division
                .in_use_during(year.max(DivisionCode::HISTORY_START))
        })
    }

    /// For display where the full number must not be shown: the address code and the last four
    /// characters kept, e.g. `110105********002X`.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.number[..6], &self.number[14..])
    }
}

/// YYYYMMDD as a real date on or after 1850-01-01.
fn birth_date(digits: &str) -> Option<NaiveDate> {
    let year: i32 = digits.get(..4)?.parse().ok()?;
    let month: u32 = digits.get(4..6)?.parse().ok()?;
    let day: u32 = digits.get(6..8)?.parse().ok()?;
    if year < EARLIEST_BIRTH_YEAR {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.number)
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

impl std::str::FromStr for IdNumber {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for IdNumber {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl TryFrom<&str> for IdNumber {
    type Error = IdError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl From<IdNumber> for String {
    fn from(id: IdNumber) -> Self {
        id.number
    }
}

impl AsRef<str> for IdNumber {
    fn as_ref(&self) -> &str {
        &self.number
    }
}
