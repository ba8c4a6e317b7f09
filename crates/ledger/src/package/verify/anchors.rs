//! Trust anchors: which log, witness and TSA keys the checks trust, and where they come from
//! (the caller's, or the package's own, which is reported as a caveat).

use crate::note::Verifier;

use super::super::manifest::Manifest;
use super::super::report::{Check, CheckId, Status};
use super::VerifyPolicy;
use super::collect::Collected;

pub(super) fn key_label(v: &Verifier) -> String {
    format!("{}+{:08x}", v.name(), v.key_id())
}

/// The keys of a key file, one per `\n`-terminated line, exactly as written: a byte changed
/// in a key file (even to whitespace) makes its key unreadable instead of being trimmed away.
fn lines(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .split('\n')
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The keys the checks trust, and where they come from.
pub(super) struct Anchors {
    pub(super) log: Vec<Verifier>,
    pub(super) log_from_caller: bool,
    pub(super) log_errors: Vec<String>,
    pub(super) package_log_keys: Vec<String>,
    pub(super) witnesses: Vec<String>,
    pub(super) witnesses_from_caller: bool,
    pub(super) quorum: u64,
    pub(super) tsa: Vec<Vec<u8>>,
    pub(super) tsa_from_caller: bool,
}

impl Anchors {
    pub(super) fn choose(c: &Collected, m: &Manifest, policy: &VerifyPolicy) -> Self {
        let mut log_errors = Vec::new();
        let (log, log_from_caller) = if policy.log_keys.is_empty() {
            let mut keys = Vec::new();
            match &c.log_keys {
                None => log_errors.push(format!("{}: missing", m.keys.log)),
                Some(bytes) => {
                    for (i, line) in lines(bytes).iter().enumerate() {
                        match line.parse::<Verifier>() {
                            Ok(v) => keys.push(v),
                            Err(e) => {
                                log_errors.push(format!("{} key {}: {e}", m.keys.log, i + 1));
                            }
                        }
                    }
                    if keys.is_empty() && log_errors.is_empty() {
                        log_errors.push(format!("{}: holds no key", m.keys.log));
                    }
                }
            }
            (keys, false)
        } else {
            (policy.log_keys.clone(), true)
        };
        // What the package itself claims, to show a mismatch with the caller's keys.
        let package_log_keys = c
            .log_keys
            .as_deref()
            .map(lines)
            .unwrap_or_default()
            .iter()
            .map(|l| {
                l.parse::<Verifier>()
                    .map_or_else(|e| format!("unparsable ({e})"), |v| key_label(&v))
            })
            .collect();
        let (witnesses, witnesses_from_caller, quorum) = if policy.witness_keys.is_empty() {
            let keys = c.witness_keys.as_deref().map(lines).unwrap_or_default();
            (keys, false, m.keys.witness_quorum)
        } else {
            let n = policy.witness_keys.len() as u64;
            (
                policy.witness_keys.clone(),
                true,
                policy.witness_quorum.unwrap_or(n),
            )
        };
        let (tsa, tsa_from_caller) = if policy.tsa_certs.is_empty() {
            (c.tsa.iter().flatten().cloned().collect(), false)
        } else {
            (policy.tsa_certs.clone(), true)
        };
        Anchors {
            log,
            log_from_caller,
            log_errors,
            package_log_keys,
            witnesses,
            witnesses_from_caller,
            quorum,
            tsa,
            tsa_from_caller,
        }
    }

    pub(super) fn check(&self, policy: &VerifyPolicy) -> Check {
        let keys: Vec<String> = self.log.iter().map(key_label).collect();
        let mut details = Vec::new();
        if !self.log_errors.is_empty() {
            return Check {
                id: CheckId::TrustAnchors,
                status: Status::Fails,
                details: self.log_errors.clone(),
            };
        }
        let status = if self.log_from_caller {
            details.push(format!(
                "日志密钥由调用方提供 / log keys given by the caller: {}",
                keys.join(", ")
            ));
            if self.package_log_keys != keys {
                details.push(format!(
                    "the package names other log keys, not trusted: {}",
                    self.package_log_keys.join(", ")
                ));
            }
            Status::Holds
        } else {
            details.push(format!(
                "未提供日志密钥，使用包内自带密钥（仅证明自洽）/ no log key given: the package's own keys are trusted (self-consistency only): {}",
                keys.join(", ")
            ));
            if policy.require_caller_keys {
                Status::Fails
            } else {
                Status::Caveat
            }
        };
        if !self.witnesses.is_empty() {
            let source = if self.witnesses_from_caller {
                "caller"
            } else {
                "package"
            };
            details.push(format!(
                "witness keys from the {source}: {} keys, quorum {}",
                self.witnesses.len(),
                self.quorum
            ));
        }
        if !self.tsa.is_empty() {
            let source = if self.tsa_from_caller {
                "caller"
            } else {
                "package"
            };
            details.push(format!(
                "TSA certificates from the {source}: {}",
                self.tsa.len()
            ));
        }
        Check {
            id: CheckId::TrustAnchors,
            status,
            details,
        }
    }
}
