//! C2SP tlog-checkpoint bodies (<https://c2sp.org/tlog-checkpoint>): the note text that a log
//! signs with [`crate::note`].
//!
//! ```text
//! example.gov.cn/sanxiang/log      origin: non-empty
//! 20852163                         tree size: ASCII decimal, no leading zeros except "0"
//! CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=   root hash: base64 of exactly 32 bytes
//! hash sm3                         extension lines: optional, non-empty
//! ```
//!
//! # Project rule: the hash algorithm is recorded
//!
//! The log's Merkle tree uses SM3 (SHA-256 selectable), and a bare checkpoint does not say
//! which. Sanxiang checkpoints therefore carry the extension line `hash sm3` or `hash sha256`
//! (see [`HASH_EXTENSION_PREFIX`], [`hash_extension_line`], [`Checkpoint::new`],
//! [`Checkpoint::hash_algorithm`]; the names are those of [`HashAlg::name`]). It is
//! an ordinary C2SP extension line, so generic tools still parse the checkpoint; it is covered by
//! the log's signature. [`Checkpoint::parse`] accepts checkpoints without it (other logs), but
//! rejects more than one `hash ` line or an unknown algorithm name.
//!
//! # Signed checkpoints
//!
//! [`Checkpoint::sign`] validates and signs the body as a [`crate::note`];
//! [`SignedCheckpoint::open`] requires a valid signature by the *log's* key (not merely by any
//! trusted key: a witness cosignature alone never makes a checkpoint acceptable), then parses the
//! body and reports which further verifiers (witnesses) cosigned it.
//!
//! # Strictness
//!
//! Beyond the C2SP rules, [`Checkpoint::parse`] rejects carriage returns (CRLF), other control
//! characters, and leading or trailing whitespace on any line, so that there is exactly one
//! text for each checkpoint: `parse(c.to_text()) == c` and `parse(t).to_text() == t`.

use crate::hash::HashAlg;
use crate::note::{self, NoteError, Signer, Verifier};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;

/// Prefix of the extension line recording the tree's hash algorithm.
pub const HASH_EXTENSION_PREFIX: &str = "hash ";

/// Why a checkpoint body was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error("checkpoint must end with a newline")]
    MissingFinalNewline,
    #[error("checkpoint contains a carriage return (CRLF line endings are not allowed)")]
    CarriageReturn,
    #[error("checkpoint contains a control character")]
    ControlCharacter,
    #[error("checkpoint has {lines} lines, needs at least 3")]
    TooFewLines { lines: usize },
    #[error("origin line is empty")]
    EmptyOrigin,
    #[error("line {line} has leading or trailing whitespace")]
    SurroundingWhitespace { line: usize },
    #[error("tree size is not a decimal number")]
    SizeNotDecimal,
    #[error("tree size has a leading zero")]
    SizeLeadingZero,
    #[error("tree size does not fit in 64 bits")]
    SizeOverflow,
    #[error("root hash is not valid base64")]
    RootNotBase64,
    #[error("root hash is {len} bytes, expected 32")]
    RootWrongLength { len: usize },
    #[error("extension line {line} is empty")]
    EmptyExtension { line: usize },
    #[error("extension line {line} contains a newline")]
    ExtensionContainsNewline { line: usize },
    #[error("origin contains a newline")]
    OriginContainsNewline,
    #[error("unknown hash algorithm {0:?}")]
    UnknownHashAlgorithm(String),
    #[error("more than one hash extension line")]
    DuplicateHashAlgorithm,
    #[error("checkpoint does not record its hash algorithm")]
    MissingHashAlgorithm,
}

/// The extension line recording the tree's hash algorithm, e.g. `hash sm3`.
pub fn hash_extension_line(alg: HashAlg) -> String {
    format!("{HASH_EXTENSION_PREFIX}{}", alg.name())
}

/// A checkpoint body: the signed state of the log at one tree size.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Checkpoint {
    /// The log's identity, e.g. `example.gov.cn/sanxiang/log`.
    pub origin: String,
    /// Number of leaves.
    pub size: u64,
    /// RFC 6962 root hash of the tree of `size` leaves.
    pub root: [u8; 32],
    /// Extension lines without their newlines, in order (including `hash …`).
    pub extensions: Vec<String>,
}

fn check_line(s: &str, line: usize) -> Result<(), CheckpointError> {
    if s.trim() != s {
        return Err(CheckpointError::SurroundingWhitespace { line });
    }
    Ok(())
}

impl Checkpoint {
    /// A sanxiang checkpoint whose only extension line is the `hash` line.
    pub fn new(origin: impl Into<String>, size: u64, root: [u8; 32], hash: HashAlg) -> Self {
        Checkpoint {
            origin: origin.into(),
            size,
            root,
            extensions: vec![hash_extension_line(hash)],
        }
    }

    /// The hash algorithm recorded in the `hash` extension line.
    pub fn hash_algorithm(&self) -> Result<HashAlg, CheckpointError> {
        let mut found = None;
        for ext in &self.extensions {
            if let Some(name) = ext.strip_prefix(HASH_EXTENSION_PREFIX) {
                if found.is_some() {
                    return Err(CheckpointError::DuplicateHashAlgorithm);
                }
                found = Some(
                    name.parse::<HashAlg>()
                        .map_err(|_| CheckpointError::UnknownHashAlgorithm(name.to_owned()))?,
                );
            }
        }
        found.ok_or(CheckpointError::MissingHashAlgorithm)
    }

    /// The note text: origin, size, base64 root and extension lines, each ending in a newline.
    /// Only meaningful for a checkpoint that [`Checkpoint::validate`] accepts.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            B64.encode(self.root)
        );
        for ext in &self.extensions {
            out.push_str(ext);
            out.push('\n');
        }
        out
    }

    /// Checks that [`Checkpoint::to_text`] yields a text that [`Checkpoint::parse`] accepts
    /// and maps back to `self`.
    pub fn validate(&self) -> Result<(), CheckpointError> {
        if self.origin.contains('\n') {
            return Err(CheckpointError::OriginContainsNewline);
        }
        for (i, ext) in self.extensions.iter().enumerate() {
            if ext.contains('\n') {
                return Err(CheckpointError::ExtensionContainsNewline { line: i + 4 });
            }
        }
        Checkpoint::parse(&self.to_text()).map(|_| ())
    }

    /// Parses a checkpoint body (the text of a signed note, signatures already removed).
    pub fn parse(text: &str) -> Result<Self, CheckpointError> {
        if text.contains('\r') {
            return Err(CheckpointError::CarriageReturn);
        }
        if text.chars().any(|c| c != '\n' && c.is_control()) {
            return Err(CheckpointError::ControlCharacter);
        }
        let body = text
            .strip_suffix('\n')
            .ok_or(CheckpointError::MissingFinalNewline)?;
        let lines: Vec<&str> = body.split('\n').collect();
        let [origin, size, root, extensions @ ..] = lines.as_slice() else {
            return Err(CheckpointError::TooFewLines { lines: lines.len() });
        };
        if origin.is_empty() {
            return Err(CheckpointError::EmptyOrigin);
        }
        check_line(origin, 1)?;
        check_line(size, 2)?;
        check_line(root, 3)?;
        let size = parse_size(size)?;
        let root = B64
            .decode(root)
            .map_err(|_| CheckpointError::RootNotBase64)?;
        let root: [u8; 32] = root
            .as_slice()
            .try_into()
            .map_err(|_| CheckpointError::RootWrongLength { len: root.len() })?;
        let mut exts = Vec::with_capacity(extensions.len());
        for (i, ext) in extensions.iter().enumerate() {
            if ext.is_empty() {
                return Err(CheckpointError::EmptyExtension { line: i + 4 });
            }
            check_line(ext, i + 4)?;
            exts.push((*ext).to_owned());
        }
        let checkpoint = Checkpoint {
            origin: (*origin).to_owned(),
            size,
            root,
            extensions: exts,
        };
        match checkpoint.hash_algorithm() {
            Ok(_) | Err(CheckpointError::MissingHashAlgorithm) => Ok(checkpoint),
            Err(e) => Err(e),
        }
    }
}

fn parse_size(s: &str) -> Result<u64, CheckpointError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CheckpointError::SizeNotDecimal);
    }
    if s.len() > 1 && s.starts_with('0') {
        return Err(CheckpointError::SizeLeadingZero);
    }
    s.parse().map_err(|_| CheckpointError::SizeOverflow)
}

impl std::fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_text())
    }
}

impl std::str::FromStr for Checkpoint {
    type Err = CheckpointError;
    fn from_str(s: &str) -> Result<Self, CheckpointError> {
        Checkpoint::parse(s)
    }
}

/// Why a signed checkpoint was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignedCheckpointError {
    #[error(transparent)]
    Note(#[from] NoteError),
    #[error(transparent)]
    Checkpoint(#[from] CheckpointError),
    #[error("the log key {0} is also given as a witness key")]
    LogKeyAmongWitnesses(String),
}

/// A checkpoint whose log signature verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCheckpoint {
    /// The parsed body.
    pub checkpoint: Checkpoint,
    /// Names of the witness keys whose cosignatures verified, in note order.
    pub witnessed_by: Vec<String>,
    /// Signatures from keys that are neither the log's nor a given witness's.
    pub unknown_sigs: Vec<note::NoteSignature>,
}

impl Checkpoint {
    /// Validates the checkpoint and signs its text; the result is a C2SP signed note.
    pub fn sign(&self, signers: &[Signer]) -> Result<String, SignedCheckpointError> {
        self.validate()?;
        Ok(note::sign(&self.to_text(), signers)?)
    }
}

impl SignedCheckpoint {
    /// Opens a signed checkpoint. The `log` key must have signed it (any other outcome is an
    /// error, even if witnesses signed); `witnesses` are checked like any note verifier: a
    /// cosignature by a given witness key must verify.
    pub fn open(
        signed: &[u8],
        log: &Verifier,
        witnesses: &[Verifier],
    ) -> Result<Self, SignedCheckpointError> {
        if witnesses
            .iter()
            .any(|w| w.name() == log.name() && w.key_id() == log.key_id())
        {
            return Err(SignedCheckpointError::LogKeyAmongWitnesses(
                log.name().to_owned(),
            ));
        }
        let mut all = Vec::with_capacity(witnesses.len() + 1);
        all.push(log.clone());
        all.extend_from_slice(witnesses);
        let opened = note::open(signed, &all)?;
        // `open` verified every known signature; require that the log's was among them.
        let by_log = note::parse(signed)?
            .signatures
            .iter()
            .any(|s| s.name == log.name() && s.key_id == log.key_id());
        if !by_log {
            return Err(NoteError::NoVerifiedSignature.into());
        }
        let checkpoint = Checkpoint::parse(&opened.text)?;
        let mut witnessed_by = opened.verified_by;
        if let Some(i) = witnessed_by.iter().position(|n| n == log.name()) {
            witnessed_by.remove(i);
        }
        Ok(SignedCheckpoint {
            checkpoint,
            witnessed_by,
            unknown_sigs: opened.unknown_sigs,
        })
    }
}
