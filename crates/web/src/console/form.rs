//! Reading posted forms whose fields vary with a choice (the act's kind) or repeat (evidence
//! checkboxes): the raw pairs, with typed getters that record a named violation per bad field,
//! so that a form is answered with every problem at once.

use chrono::{NaiveDate, NaiveDateTime};
use sanxiang_core::registry::CertificateNo;
use sanxiang_core::rule::Violation;

/// The posted pairs and the problems found while reading them.
pub struct Fields {
    pairs: Vec<(String, String)>,
    pub problems: Vec<Violation>,
}

impl Fields {
    pub fn new(pairs: Vec<(String, String)>) -> Fields {
        Fields {
            pairs,
            problems: Vec::new(),
        }
    }

    /// The trimmed value (empty when absent).
    pub fn get(&self, name: &str) -> String {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    }

    /// Every value of a repeated field (checkboxes), non-empty ones only.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }

    /// Whether a repeated field (checkboxes) holds `value`.
    pub fn has(&self, name: &str, value: impl std::fmt::Display) -> bool {
        let value = value.to_string();
        self.pairs
            .iter()
            .any(|(k, v)| k == name && v.trim() == value)
    }

    /// A checkbox: present and not "false".
    pub fn checked(&self, name: &str) -> bool {
        self.pairs.iter().any(|(k, v)| k == name && v != "false")
    }

    pub fn optional(&self, name: &str) -> Option<String> {
        Some(self.get(name)).filter(|v| !v.is_empty())
    }

    fn problem(&mut self, rule: &str, field: &str, message: String) {
        self.problems
            .push(Violation::hard(rule, Some(field), message));
    }

    /// A value that must be filled in.
    pub fn required(&mut self, name: &str, label: &str) -> String {
        let v = self.get(name);
        if v.is_empty() {
            self.problem("REQUIRED", name, format!("请填写{label}"));
        }
        v
    }

    pub fn date(&mut self, name: &str, label: &str) -> Option<NaiveDate> {
        match parse_date(&self.get(name), name, label) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                self.problem("REQUIRED", name, format!("请填写{label}"));
                None
            }
            Err(v) => {
                self.problems.push(v);
                None
            }
        }
    }

    /// A `datetime-local` value (`2026-11-23T09:30`, seconds optional); `None` when empty.
    pub fn datetime(&mut self, name: &str, label: &str) -> Option<NaiveDateTime> {
        let v = self.get(name);
        if v.is_empty() {
            return None;
        }
        let t = NaiveDateTime::parse_from_str(&v, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(&v, "%Y-%m-%dT%H:%M:%S"))
            .ok();
        if t.is_none() {
            self.problem(
                "DATE",
                name,
                format!("{label}“{v}”不是时间，格式为2026-01-01T09:30"),
            );
        }
        t
    }

    /// An amount in yuan with at most two decimals, as fen; `None` when empty.
    pub fn yuan(&mut self, name: &str, label: &str) -> Option<i64> {
        let v = self.get(name);
        if v.is_empty() {
            return None;
        }
        let (int, frac) = v.split_once('.').unwrap_or((v.as_str(), ""));
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        let fen = (digits(int)
            && int.len() <= 12
            && (frac.is_empty() || (digits(frac) && frac.len() <= 2)))
            .then(|| {
                let cents = format!("{frac:0<2}");
                int.parse::<i64>()
                    .ok()?
                    .checked_mul(100)?
                    .checked_add(cents.parse().ok()?)
            })
            .flatten();
        if fen.is_none() {
            self.problem(
                "AMOUNT",
                name,
                format!("{label}“{v}”不是金额，请填写以元为单位的数字"),
            );
        }
        fen
    }

    /// The certificate numbers in the officer fields (empty ones skipped, each parsed).
    pub fn certificates(&mut self, names: &[&str]) -> Vec<CertificateNo> {
        let mut out = Vec::new();
        for name in names {
            let v = self.get(name);
            if v.is_empty() {
                continue;
            }
            match CertificateNo::parse(&v) {
                Ok(c) => out.push(c),
                Err(e) => self.problem("R2", name, e.message_zh()),
            }
        }
        out
    }
}

impl Fields {
    /// CASE-2: the confirmations typed on this device — `officer_N_password` beside
    /// `officer_N` — for the officers other than the signed-in one. Passwords are never echoed.
    pub fn confirmations(&self, names: &[&str]) -> Vec<sanxiang_app::cases::Confirmation> {
        names
            .iter()
            .filter_map(|name| {
                let key = format!("{name}_password");
                let password = self
                    .pairs
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                let certificate_no = self.get(name);
                (!password.is_empty() && !certificate_no.is_empty()).then_some(
                    sanxiang_app::cases::Confirmation {
                        certificate_no,
                        password,
                    },
                )
            })
            .collect()
    }
}

/// A `date` input's value (`2026-01-01`): `None` when empty, else the date or a violation naming
/// the field.
pub fn parse_date(value: &str, field: &str, label: &str) -> Result<Option<NaiveDate>, Violation> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            Violation::hard(
                "DATE",
                Some(field),
                format!("{label}“{v}”不是日期，格式为2026-01-01"),
            )
        })
}
