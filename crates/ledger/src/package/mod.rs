//! Archive packages (`sanxiang-archive/v1`): one closed case as one tar file that anyone can
//! verify offline. The format is specified in `docs/archive-package.md`.
//!
//! A package holds `manifest.json` (first), the signed checkpoint with its cosignatures, the
//! public keys, RFC 3161 timestamp tokens, the case's entries with an inclusion proof each, and
//! the documents and evidence files the entries commit to. [`PackageWriter`] writes one,
//! streaming the files (which may be many gigabytes) and refusing any whose digests differ from
//! the entries'; [`verify`] reads one in a single pass and returns a [`Report`].
//!
//! Everything works over [`std::io::Read`] / [`std::io::Write`]; opening files is the caller's
//! business.

mod digest;
pub mod manifest;
pub mod report;
mod verify;
mod writer;

pub use digest::FileDigest;
pub use manifest::{Manifest, ManifestEntry, ManifestError, ManifestFile, ManifestKeys};
pub use report::{Check, CheckId, Report, Status};
pub use verify::{ExternalChecks, NoExternalChecks, Outcome, VerifyPolicy, verify};
pub use writer::{DigestMismatch, PackageEntry, PackageError, PackageSpec, PackageWriter};

/// The format tag in `manifest.json`.
pub const FORMAT: &str = "sanxiang-archive/v1";
/// The first member.
pub const MANIFEST_MEMBER: &str = "manifest.json";
/// The signed checkpoint with its cosignatures.
pub const CHECKPOINT_MEMBER: &str = "checkpoint.note";
/// The log's verifier keys, one per line.
pub const LOG_KEYS_MEMBER: &str = "keys/log.vkey";
/// The witnesses' verifier keys, one per line.
pub const WITNESS_KEYS_MEMBER: &str = "keys/witnesses.vkey";

/// Largest `manifest.json` a verifier reads.
pub const MAX_MANIFEST_LEN: u64 = 64 << 20;
/// Largest entry member a verifier reads.
pub const MAX_ENTRY_LEN: u64 = 256 << 20;
/// Largest checkpoint, key, certificate or timestamp member a verifier reads.
pub const MAX_SMALL_MEMBER_LEN: u64 = 1 << 20;
