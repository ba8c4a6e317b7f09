//! Rule violations as data: a rule ID from `domain-rules.md` (or a local rule code), the field it
//! concerns, and a Chinese message a user can act on. Functions return all violations, not the first.

use serde::{Deserialize, Serialize};

/// How a rule is enforced (domain-rules.md §0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks the action.
    Hard,
    /// Allows the action; it is recorded with a reason.
    Warn,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// Rule ID, e.g. `R1`, `R8`, `SEC-2`, `ID-CHECKSUM`.
    pub rule: String,
    /// The input field the violation concerns, when there is one (form/JSON field name).
    pub field: Option<String>,
    /// User-facing message in Simplified Chinese.
    pub message: String,
    pub severity: Severity,
}

impl Violation {
    pub fn hard(rule: impl Into<String>, field: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            rule: rule.into(),
            field: field.map(str::to_owned),
            message: message.into(),
            severity: Severity::Hard,
        }
    }

    pub fn warn(rule: impl Into<String>, field: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warn,
            ..Self::hard(rule, field, message)
        }
    }

    pub fn is_hard(&self) -> bool {
        self.severity == Severity::Hard
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{} [{}]: {}", self.rule, field, self.message),
            None => write!(f, "{}: {}", self.rule, self.message),
        }
    }
}

/// Keeps only blocking violations; used where warnings are reported but do not stop a write.
pub fn hard_only(violations: &[Violation]) -> Vec<Violation> {
    violations.iter().filter(|v| v.is_hard()).cloned().collect()
}
