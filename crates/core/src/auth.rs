//! Who may do what (SEC-1, SEC-2): roles with the three separated administrators (三员分立),
//! data scope, the password policy and the login lockout rule. Pure functions; the clock is an
//! argument.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::rule::Violation;

/// A user's role. Each user has exactly one, so the three administrators stay separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 执法人员
    Officer,
    /// 法制审核人员
    Reviewer,
    /// 机关负责人
    Head,
    /// 司法行政监督 (the judicial bureau)
    Supervisor,
    /// 系统管理员
    SystemAdmin,
    /// 安全管理员
    SecurityAdmin,
    /// 审计管理员
    AuditAdmin,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Officer,
        Role::Reviewer,
        Role::Head,
        Role::Supervisor,
        Role::SystemAdmin,
        Role::SecurityAdmin,
        Role::AuditAdmin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Officer => "officer",
            Role::Reviewer => "reviewer",
            Role::Head => "head",
            Role::Supervisor => "supervisor",
            Role::SystemAdmin => "system_admin",
            Role::SecurityAdmin => "security_admin",
            Role::AuditAdmin => "audit_admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Officer => "执法人员",
            Role::Reviewer => "法制审核人员",
            Role::Head => "机关负责人",
            Role::Supervisor => "司法行政监督",
            Role::SystemAdmin => "系统管理员",
            Role::SecurityAdmin => "安全管理员",
            Role::AuditAdmin => "审计管理员",
        }
    }

    /// SEC-1: the permission table. The system admin cannot read the audit log; the auditor can
    /// change nothing; the security admin manages roles and security policies.
    pub fn allows(self, p: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Officer => matches!(p, ReadRegistry | ReadCases | RecordActs),
            Role::Reviewer => matches!(p, ReadRegistry | ReadCases | WriteCatalogs),
            Role::Head => matches!(
                p,
                ReadRegistry
                    | WriteRegistry
                    | ReadCases
                    | RecordActs
                    | WriteCatalogs
                    | PublishCatalogs
            ),
            Role::Supervisor => matches!(
                p,
                ReadRegistry | WriteRegistry | ReadCases | WriteCatalogs | PublishCatalogs
            ),
            Role::SystemAdmin => matches!(
                p,
                ReadRegistry | WriteRegistry | ManageUsers | ManageCalendar
            ),
            Role::SecurityAdmin => matches!(p, ReadRegistry | ManageRoles | UnlockUsers),
            Role::AuditAdmin => matches!(p, ReadRegistry | ReadAuditLog),
        }
    }

    /// The scope a role works in, given the user's agency and that agency's division code.
    pub fn scope(self, agency_id: i64, division_code: &str) -> Scope {
        match self {
            Role::Officer | Role::Reviewer | Role::Head => Scope::Agency(agency_id),
            Role::Supervisor => Scope::Division(division_prefix(division_code)),
            Role::SystemAdmin | Role::SecurityAdmin | Role::AuditAdmin => Scope::All,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    ReadRegistry,
    WriteRegistry,
    ManageUsers,
    UnlockUsers,
    ManageRoles,
    ManageCalendar,
    ReadAuditLog,
    /// Read cases in scope (CASE-6; each read is logged).
    ReadCases,
    /// File cases and record acts (CASE-1, CASE-2).
    RecordActs,
    /// Import and edit catalog drafts (CAT-1..6): the agency's legal staff and its head.
    WriteCatalogs,
    /// Publish a catalog version (C2): the head, or the supervising judicial bureau.
    PublishCatalogs,
}

/// Data scope: which agencies' records a caller may see. Applied by every repository query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Scope {
    /// Every agency (administrators of the deployment).
    All,
    /// Every agency whose division code starts with this prefix (a supervisor's division).
    Division(String),
    /// One agency.
    Agency(i64),
}

impl Scope {
    /// Whether an agency (by id and division code) lies inside this scope.
    pub fn covers(&self, agency_id: i64, division_code: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Division(prefix) => division_code.starts_with(prefix.as_str()),
            Scope::Agency(id) => *id == agency_id,
        }
    }
}

/// The prefix under which a division's subordinate divisions fall: `43` for a province
/// (`430000`), `4301` for a city (`430100`), the whole code for a county.
pub fn division_prefix(code: &str) -> String {
    if code.len() == 6 && code.ends_with("0000") {
        code[..2].to_owned()
    } else if code.len() == 6 && code.ends_with("00") {
        code[..4].to_owned()
    } else {
        code.to_owned()
    }
}

/// SEC-2: at least 8 characters from at least 3 of the 4 classes (lower, upper, digit, other).
pub fn check_password(password: &str) -> Result<(), Violation> {
    let long_enough = password.chars().count() >= 8;
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if long_enough && classes >= 3 {
        Ok(())
    } else {
        Err(Violation::hard(
            "SEC-2",
            Some("password"),
            "密码不符合要求：至少8位，且包含大写字母、小写字母、数字、符号中的至少三类",
        ))
    }
}

/// SEC-2: failed attempts before a lockout, and its length.
pub const MAX_FAILED_LOGINS: u32 = 5;
pub const LOCKOUT: Duration = Duration::minutes(15);
/// SEC-2: a session ends after this long without a request.
pub const SESSION_IDLE: Duration = Duration::minutes(30);

/// The login state kept per user: a lock recorded on the account (by an earlier version, whose
/// failures locked the whole account) is honoured until it runs out. Wrong passwords are now
/// counted per account and address by [`crate::throttle`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoginState {
    pub failed_count: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

impl LoginState {
    pub fn is_locked(&self, now: DateTime<Utc>) -> bool {
        self.locked_until.is_some_and(|until| now < until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn sec2_password_needs_eight_chars_and_three_classes() {
        assert!(check_password("Abcdefg1").is_ok());
        assert!(check_password("abcdefg1!").is_ok());
        assert!(check_password("Abc1!").is_err());
        assert!(check_password("abcdefgh1").is_err());
        assert!(check_password("执法人员执法人员A1").is_ok());
        assert_eq!(check_password("short").unwrap_err().rule, "SEC-2");
    }

    #[test]
    fn sec1_three_admins_are_separated() {
        assert!(!Role::SystemAdmin.allows(Permission::ReadAuditLog));
        assert!(Role::AuditAdmin.allows(Permission::ReadAuditLog));
        for p in [
            Permission::WriteRegistry,
            Permission::ManageUsers,
            Permission::ManageRoles,
            Permission::ManageCalendar,
            Permission::UnlockUsers,
        ] {
            assert!(!Role::AuditAdmin.allows(p), "auditor must not {p:?}");
        }
        assert!(Role::SecurityAdmin.allows(Permission::ManageRoles));
        assert!(!Role::SystemAdmin.allows(Permission::ManageRoles));
        assert!(!Role::Officer.allows(Permission::WriteRegistry));
    }

    #[test]
    fn sec1_supervisor_scope_covers_its_division() {
        let s = Role::Supervisor.scope(1, "430100");
        assert_eq!(s, Scope::Division("4301".into()));
        assert!(s.covers(7, "430121"));
        assert!(!s.covers(7, "430201"));
        assert_eq!(division_prefix("430000"), "43");
        assert_eq!(division_prefix("430121"), "430121");
        assert!(Role::Officer.scope(3, "430121").covers(3, "999999"));
        assert!(!Role::Officer.scope(3, "430121").covers(4, "430121"));
    }

    #[test]
    fn roles_round_trip_through_codes() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
    }
}
