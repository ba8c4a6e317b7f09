//! REG-2 / R2 / R6: the enforcement certificate, its number and its status lifecycle.
//! Status changes are recorded acts; expiry follows from the date and is never stored by a job.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::rule::Violation;

/// 行政执法证 number. Formats differ by province (digits, letters, a leading province
/// abbreviation such as `湘A…`), so the type accepts 4–32 characters of ASCII letters, digits,
/// hyphens and CJK ideographs, normalised to upper case, and nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct CertificateNo(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateNoError {
    #[error("certificate number must have 4 to 32 characters, has {0}")]
    Length(usize),
    #[error("certificate number has an illegal character {0:?}")]
    Char(char),
}

impl CertificateNoError {
    pub fn message_zh(&self) -> String {
        match self {
            CertificateNoError::Length(n) => format!("执法证号长度应为4至32位，实为{n}位"),
            CertificateNoError::Char(c) => format!("执法证号含有非法字符“{c}”"),
        }
    }
}

impl CertificateNo {
    pub fn parse(s: &str) -> Result<CertificateNo, CertificateNoError> {
        let s: String = s.trim().chars().map(|c| c.to_ascii_uppercase()).collect();
        let n = s.chars().count();
        if !(4..=32).contains(&n) {
            return Err(CertificateNoError::Length(n));
        }
        if let Some(c) = s
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || is_cjk(*c)))
        {
            return Err(CertificateNoError::Char(c));
        }
        Ok(CertificateNo(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for CertificateNo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// The stored status of a certificate. `Expired` is never stored: it is derived from the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateStatus {
    /// 有效
    Active,
    /// 暂扣
    Suspended,
    /// 已过期 (derived)
    Expired,
    /// 注销 / 吊销
    Revoked,
}

impl CertificateStatus {
    pub const ALL: [CertificateStatus; 4] = [
        CertificateStatus::Active,
        CertificateStatus::Suspended,
        CertificateStatus::Expired,
        CertificateStatus::Revoked,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CertificateStatus::Active => "active",
            CertificateStatus::Suspended => "suspended",
            CertificateStatus::Expired => "expired",
            CertificateStatus::Revoked => "revoked",
        }
    }

    pub fn from_code(s: &str) -> Option<CertificateStatus> {
        let s = s.trim();
        CertificateStatus::ALL
            .into_iter()
            .find(|c| c.code() == s || c.label_zh() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            CertificateStatus::Active => "有效",
            CertificateStatus::Suspended => "暂扣",
            CertificateStatus::Expired => "已过期",
            CertificateStatus::Revoked => "已注销",
        }
    }

    /// R6: the status on `today` given the stored status and validity. An active or suspended
    /// certificate past its last valid day is expired; a revoked one stays revoked.
    pub fn effective(
        stored: CertificateStatus,
        valid_from: NaiveDate,
        valid_until: NaiveDate,
        today: NaiveDate,
    ) -> CertificateStatus {
        match stored {
            CertificateStatus::Revoked => CertificateStatus::Revoked,
            _ if today > valid_until || today < valid_from => CertificateStatus::Expired,
            s => s,
        }
    }
}

/// One recorded change of a certificate's stored status (REG-2): when, from what, to what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusEvent {
    pub at: chrono::NaiveDateTime,
    /// `None` for the issue.
    pub from: Option<CertificateStatus>,
    pub to: CertificateStatus,
}

/// R2: the stored status as it stood at `at`, from the certificate's history (oldest first):
/// the last change made at or before `at`; before the first change, the status it changed
/// from (a certificate issued later was active from its validity date, which
/// [`CertificateStatus::effective`] checks); with no history, `current`.
pub fn status_at(
    history: &[StatusEvent],
    current: CertificateStatus,
    at: chrono::NaiveDateTime,
) -> CertificateStatus {
    match history.iter().rev().find(|e| e.at <= at) {
        Some(e) => e.to,
        None => history
            .first()
            .map_or(current, |first| first.from.unwrap_or(first.to)),
    }
}

/// A requested change of a certificate's stored status (a recorded act).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusChange {
    Suspend,
    Reinstate,
    Revoke,
}

impl StatusChange {
    pub fn code(self) -> &'static str {
        match self {
            StatusChange::Suspend => "suspend",
            StatusChange::Reinstate => "reinstate",
            StatusChange::Revoke => "revoke",
        }
    }

    pub fn from_code(s: &str) -> Option<StatusChange> {
        [
            StatusChange::Suspend,
            StatusChange::Reinstate,
            StatusChange::Revoke,
        ]
        .into_iter()
        .find(|c| c.code() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            StatusChange::Suspend => "暂扣",
            StatusChange::Reinstate => "恢复",
            StatusChange::Revoke => "注销",
        }
    }

    /// REG-2: the allowed transitions. Revocation is final; an expired certificate cannot be
    /// reinstated (a new certificate is issued instead); a reason is required.
    pub fn apply(
        self,
        effective: CertificateStatus,
        reason: &str,
    ) -> Result<CertificateStatus, Violation> {
        if reason.trim().is_empty() {
            return Err(Violation::hard(
                "REG-2",
                Some("reason"),
                "变更执法证状态必须填写原因",
            ));
        }
        use CertificateStatus as S;
        match (self, effective) {
            (StatusChange::Suspend, S::Active) => Ok(S::Suspended),
            (StatusChange::Reinstate, S::Suspended) => Ok(S::Active),
            (StatusChange::Revoke, S::Active | S::Suspended | S::Expired) => Ok(S::Revoked),
            (change, from) => Err(Violation::hard(
                "REG-2",
                Some("change"),
                format!(
                    "执法证当前状态为“{}”，不能{}",
                    from.label_zh(),
                    change.label_zh()
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn certificate_numbers_normalise_and_reject_bad_characters() {
        assert_eq!(
            CertificateNo::parse(" 湘a01010001 ").map(|c| c.0),
            Ok("湘A01010001".into())
        );
        assert_eq!(
            CertificateNo::parse("123"),
            Err(CertificateNoError::Length(3))
        );
        assert_eq!(
            CertificateNo::parse("12 34"),
            Err(CertificateNoError::Char(' '))
        );
        assert!(CertificateNo::parse("43010020190001").is_ok());
    }

    #[test]
    fn r6_certificate_past_validity_is_expired() {
        let from = d(2021, 1, 1);
        let until = d(2025, 12, 31);
        use CertificateStatus as S;
        assert_eq!(
            S::effective(S::Active, from, until, d(2025, 12, 31)),
            S::Active
        );
        assert_eq!(
            S::effective(S::Active, from, until, d(2026, 1, 1)),
            S::Expired
        );
        assert_eq!(
            S::effective(S::Suspended, from, until, d(2026, 1, 1)),
            S::Expired
        );
        assert_eq!(
            S::effective(S::Revoked, from, until, d(2026, 1, 1)),
            S::Revoked
        );
    }

    #[test]
    fn reg2_status_transitions_need_a_reason_and_revocation_is_final() {
        use CertificateStatus as S;
        assert_eq!(
            StatusChange::Suspend.apply(S::Active, "违纪"),
            Ok(S::Suspended)
        );
        assert_eq!(
            StatusChange::Reinstate.apply(S::Suspended, "复核"),
            Ok(S::Active)
        );
        assert!(StatusChange::Reinstate.apply(S::Revoked, "x").is_err());
        assert!(StatusChange::Reinstate.apply(S::Expired, "x").is_err());
        assert!(StatusChange::Suspend.apply(S::Active, " ").is_err());
        assert_eq!(
            StatusChange::Revoke.apply(S::Expired, "调离"),
            Ok(S::Revoked)
        );
    }
}
