//! 行政区划代码 (GB/T 2260): six digits, `PP0000` province, `PPCC00` prefecture, else county.
//!
//! A `DivisionCode` is any code that appeared in the MCA history since 1981, in use or retired:
//! ID numbers and credit codes carry the code valid when they were issued, so validating against
//! the current list alone would reject real identifiers. NBS statistical codes (e.g. 130171
//! 石家庄高新技术产业开发区) are not divisions and are rejected.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::checked::{check_normalized, expect_len, first_illegal, normalize};
use super::division_table::{Entry, TABLE};
use super::{Checked, IdError};

/// A code from the GB/T 2260 history. Cheap to copy; ordered by code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DivisionCode(pub(super) u16);

/// Administrative level, derived from the code pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DivisionLevel {
    /// 省级: `PP0000`.
    Province,
    /// 地级: `PPCC00`.
    Prefecture,
    /// 县级: everything else.
    County,
}

impl DivisionLevel {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Province => "省级",
            Self::Prefecture => "地级",
            Self::County => "县级",
        }
    }
}

/// Whether a code is still in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DivisionStatus {
    InUse,
    /// No longer in use since the year-end list of `since`. `replaced_by` lists the codes that took
    /// over the area then (several when it was split; empty when the history names none).
    Retired {
        since: u16,
        replaced_by: Vec<DivisionCode>,
    },
}

impl DivisionCode {
    /// The first year of the embedded history (the 1981 list); earlier years are not covered.
    pub const HISTORY_START: u16 = 1981;

    /// Checks a division code, accepting full-width digits and surrounding blanks.
    pub fn check(input: &str) -> Checked<Self> {
        check_normalized(&normalize(input), 6, Self::from_normalized)
    }

    /// Parses a division code that appears anywhere in the GB/T 2260 history.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        Self::check(input).into_result()
    }

    /// Every code in the history, in code order.
    pub fn all() -> impl Iterator<Item = Self> {
        (0..TABLE.entries.len()).filter_map(|i| u16::try_from(i).ok().map(Self))
    }

    pub(crate) fn from_normalized(s: &str) -> Result<Self, IdError> {
        expect_len(s, 6)?;
        first_illegal(s, |_, c| c.is_ascii_digit())?;
        Self::find(s).ok_or_else(|| IdError::UnknownDivision { code: s.to_owned() })
    }

    /// Exact lookup of six ASCII digits, no normalisation.
    pub(crate) fn find(code: &str) -> Option<Self> {
        TABLE.find(code).map(Self)
    }

    fn entry(self) -> &'static Entry {
        &TABLE.entries[usize::from(self.0)]
    }

    /// The six digits.
    pub fn as_str(self) -> &'static str {
        self.entry().code
    }

    /// The latest name, e.g. `偃师市` for 410381 (retired in 2021).
    pub fn name(self) -> &'static str {
        self.entry().latest().name
    }

    /// The name in use during `year`, if the code was in use then.
    pub fn name_in(self, year: u16) -> Option<&'static str> {
        let entry = self.entry();
        entry
            .records
            .iter()
            .find(|r| r.in_use_during(year))
            .map(|r| r.name)
    }

    /// Whether the code was in use during `year` (as of that year's 31 December list).
    pub fn in_use_during(self, year: u16) -> bool {
        self.name_in(year).is_some()
    }

    pub fn level(self) -> DivisionLevel {
        self.entry().level
    }

    pub fn status(self) -> DivisionStatus {
        let entry = self.entry();
        match entry.latest().end {
            None => DivisionStatus::InUse,
            Some(since) => DivisionStatus::Retired {
                since,
                replaced_by: entry.successors.clone(),
            },
        }
    }

    pub fn is_in_use(self) -> bool {
        self.entry().latest().end.is_none()
    }

    /// The province-level code containing this one (itself for a province).
    pub fn province(self) -> Option<Self> {
        Self::find(&format!("{}0000", &self.as_str()[..2]))
    }

    /// The prefecture-level code containing this one (itself for a prefecture), when the history
    /// has one. `None` for provinces and for counties directly under a province
    /// (e.g. 110105 北京市朝阳区, 429004 湖北省仙桃市).
    pub fn prefecture(self) -> Option<Self> {
        let code = self.as_str();
        match self.level() {
            DivisionLevel::Province => None,
            DivisionLevel::Prefecture => Some(self),
            DivisionLevel::County if &code[2..4] == "00" => None,
            DivisionLevel::County => Self::find(&format!("{}00", &code[..4])),
        }
    }

    /// Province, prefecture and own name as they were when this code was last in use, e.g.
    /// `湖南省长沙市芙蓉区`, `北京市朝阳区`, `河南省洛阳市偃师市`.
    pub fn full_name(self) -> String {
        let latest = self.entry().latest();
        let year = latest.end.map_or(u16::MAX, |end| end - 1);
        let mut full = String::new();
        if self.level() != DivisionLevel::Province
            && let Some(province) = self.province()
        {
            full.push_str(province.name_in(year).unwrap_or(province.name()));
        }
        if self.level() == DivisionLevel::County
            && let Some(name) = self.prefecture().and_then(|p| p.name_in(year))
        {
            full.push_str(name);
        }
        full.push_str(latest.name);
        full
    }
}

impl fmt::Display for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DivisionCode({})", self.as_str())
    }
}

impl std::str::FromStr for DivisionCode {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for DivisionCode {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl TryFrom<&str> for DivisionCode {
    type Error = IdError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl From<DivisionCode> for String {
    fn from(code: DivisionCode) -> Self {
        code.as_str().to_owned()
    }
}
