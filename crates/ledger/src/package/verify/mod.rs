//! Offline verification of a package in one streaming pass.
//!
//! [`verify`] reads the archive once (memory bounded apart from the manifest and the entries;
//! files are hashed through a fixed buffer), then judges what it found and returns a
//! [`Report`] with one [`Check`](super::Check) per [`CheckId`](super::CheckId). It never panics
//! and never stops at the first problem: every check says what holds and what does not.
//!
//! Trust anchors: keys in [`VerifyPolicy`] take precedence; when the caller gives none, the
//! package's own keys are used and `trust.anchors` says so (with their key IDs), because a
//! package that vouches for itself only proves self-consistency. Witness cosignatures
//! (C2SP cosignature/v1) and RFC 3161 tokens are checked by the caller's [`ExternalChecks`].

mod anchors;
mod checkpoint;
mod checks;
mod collect;

use std::io::Read;

use crate::hash::Hash;
use crate::note::Verifier;

use super::report::Report;

/// What the caller trusts and requires.
#[derive(Clone, Debug, Default)]
pub struct VerifyPolicy {
    /// Trusted log keys. Empty: the package's `keys/log.vkey` is used (reported as a caveat).
    pub log_keys: Vec<Verifier>,
    /// Trusted witness key strings. Empty: the package's `keys/witnesses.vkey` is used.
    pub witness_keys: Vec<String>,
    /// Quorum for the caller's witness keys (default: all of them). Ignored without them.
    pub witness_quorum: Option<u64>,
    /// Trusted TSA certificates (PEM). Empty: the package's `keys/tsa/*.pem` are used.
    pub tsa_certs: Vec<Vec<u8>>,
    /// The case-chain head the caller knows from elsewhere (e.g. a published decision's
    /// verification code); the package's last act must lead to it.
    pub expected_chain_head: Option<Hash>,
    /// Fail `trust.anchors` instead of a caveat when no log key is given.
    pub require_caller_keys: bool,
    /// Fail `checkpoint.cosignatures` when no witness is configured.
    pub require_witnesses: bool,
    /// Fail `checkpoint.timestamp` when the package holds no timestamp.
    pub require_timestamp: bool,
}

/// The result of a check done outside this crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It holds; what held (e.g. "2 of 3 witnesses: a, b").
    Holds(String),
    /// It fails; why.
    Fails(String),
    /// It was not checked; why (e.g. no verifier available).
    NotChecked(String),
}

/// Checks this crate leaves to others: witness cosignatures and RFC 3161 timestamps.
pub trait ExternalChecks {
    /// Whether at least `quorum` of `witness_keys` cosigned the signed checkpoint `note` (the
    /// whole `checkpoint.note` member).
    fn cosignatures(&self, note: &[u8], witness_keys: &[String], quorum: u64) -> Outcome;

    /// Whether `token` (a DER RFC 3161 TimeStampToken or TimeStampResp) is a valid timestamp
    /// over `signed` (the checkpoint text, i.e. the note without its signatures) by one of
    /// `tsa_certs` (PEM).
    fn timestamp(&self, token: &[u8], signed: &[u8], tsa_certs: &[Vec<u8>]) -> Outcome;
}

/// An [`ExternalChecks`] that checks nothing and says so.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoExternalChecks;

impl ExternalChecks for NoExternalChecks {
    fn cosignatures(&self, _note: &[u8], _witness_keys: &[String], _quorum: u64) -> Outcome {
        Outcome::NotChecked("未配置联署验证器 / no cosignature verifier available".to_owned())
    }

    fn timestamp(&self, _token: &[u8], _signed: &[u8], _tsa_certs: &[Vec<u8>]) -> Outcome {
        Outcome::NotChecked("未配置时间戳验证器 / no timestamp verifier available".to_owned())
    }
}

/// Verifies the package read from `reader` (one pass, to its end) and reports every check.
pub fn verify<R: Read>(reader: R, policy: &VerifyPolicy, external: &dyn ExternalChecks) -> Report {
    let collected = collect::collect(reader);
    checks::evaluate(&collected, policy, external)
}
