//! C2SP tlog-proof (<https://c2sp.org/tlog-proof>): an offline-verifiable proof that one entry is
//! in the log, as a text file (`.tlog-proof`):
//!
//! ```text
//! c2sp.org/tlog-proof@v1
//! extra <base64>            (optional; here: the entry's bytes)
//! index <decimal>
//! <base64 hash>             (the RFC 6962 inclusion proof, leaf's sibling first)
//! …
//!
//! <the signed checkpoint, verbatim>
//! ```
//!
//! The spec's hashes are SHA-256; a sanxiang checkpoint names its hash in the `hash` extension
//! line and the proof uses that one (SM3 by default). The extra data is not trusted by itself:
//! [`TlogProof::verify`] hashes the entry it is given and checks the proof against a checkpoint
//! signed by a trusted log key.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;

use crate::checkpoint::{Checkpoint, SignedCheckpoint, SignedCheckpointError};
use crate::hash::{Hash, HashAlg, leaf_hash};
use crate::note::Verifier;
use crate::proof::{ProofError, verify_inclusion};

/// The first line of every proof file.
pub const HEADER: &str = "c2sp.org/tlog-proof@v1";
/// More proof lines than any tree of 2^64 leaves needs.
const MAX_PROOF_LINES: usize = 64;
/// Proof files are small; refuse anything larger before parsing (the extra entry included).
pub const MAX_PROOF_FILE: usize = 1 << 20;

/// A parsed proof file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlogProof {
    /// Opaque extra data: sanxiang puts the entry's bytes here.
    pub extra: Option<Vec<u8>>,
    /// Zero-based position of the entry in the log.
    pub index: u64,
    /// Inclusion proof hashes, the leaf's sibling first.
    pub proof: Vec<Hash>,
    /// The signed checkpoint (a signed note, with any cosignatures), verbatim.
    pub checkpoint: String,
}

/// Why a proof file was rejected. Line numbers start at 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TlogProofError {
    #[error("proof file larger than {MAX_PROOF_FILE} bytes")]
    TooLarge,
    #[error("proof file is not valid UTF-8")]
    NotUtf8,
    #[error("line 1: expected `{HEADER}`")]
    BadHeader,
    #[error("line {line}: extra data is not valid base64")]
    BadExtra { line: usize },
    #[error("line {line}: expected `index <decimal without leading zeros>`")]
    BadIndex { line: usize },
    #[error("line {line}: proof hash is not 32 bytes of standard base64")]
    BadHash { line: usize },
    #[error("more than {MAX_PROOF_LINES} proof hashes")]
    TooManyHashes,
    #[error("missing the empty line and the checkpoint after the proof")]
    MissingCheckpoint,
    #[error("checkpoint: {0}")]
    Checkpoint(#[from] SignedCheckpointError),
    #[error("the checkpoint is of origin `{found}`, expected `{expected}`")]
    WrongOrigin { expected: String, found: String },
    #[error("no entry to check: the file has no extra data and none was given")]
    NoEntry,
    #[error("inclusion proof does not verify against the checkpoint: {0}")]
    Proof(#[from] ProofError),
}

impl TlogProof {
    /// The file's text.
    pub fn to_text(&self) -> String {
        let mut out = format!("{HEADER}\n");
        if let Some(extra) = &self.extra {
            out.push_str(&format!("extra {}\n", B64.encode(extra)));
        }
        out.push_str(&format!("index {}\n", self.index));
        for h in &self.proof {
            out.push_str(&B64.encode(h.as_bytes()));
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&self.checkpoint);
        out
    }

    /// Parses a proof file. The checkpoint is kept verbatim and checked by [`Self::verify`].
    pub fn parse(bytes: &[u8]) -> Result<Self, TlogProofError> {
        if bytes.len() > MAX_PROOF_FILE {
            return Err(TlogProofError::TooLarge);
        }
        let text = std::str::from_utf8(bytes).map_err(|_| TlogProofError::NotUtf8)?;
        let mut rest = text;
        if next_line(&mut rest) != Some(HEADER) {
            return Err(TlogProofError::BadHeader);
        }
        let mut line = next_line(&mut rest).ok_or(TlogProofError::BadIndex { line: 2 })?;
        let mut extra = None;
        if let Some(b64) = line.strip_prefix("extra ") {
            let data = B64
                .decode(b64)
                .map_err(|_| TlogProofError::BadExtra { line: 2 })?;
            extra = Some(data);
            line = next_line(&mut rest).ok_or(TlogProofError::BadIndex { line: 3 })?;
        }
        let index_line = if extra.is_some() { 3 } else { 2 };
        let index = parse_index(line).ok_or(TlogProofError::BadIndex { line: index_line })?;
        let mut proof = Vec::new();
        loop {
            let Some(line) = next_line(&mut rest) else {
                return Err(TlogProofError::MissingCheckpoint);
            };
            if line.is_empty() {
                break;
            }
            if proof.len() == MAX_PROOF_LINES {
                return Err(TlogProofError::TooManyHashes);
            }
            let at = index_line + proof.len() + 1;
            let raw = B64
                .decode(line)
                .map_err(|_| TlogProofError::BadHash { line: at })?;
            proof.push(Hash::from_slice(&raw).map_err(|_| TlogProofError::BadHash { line: at })?);
        }
        if rest.is_empty() {
            return Err(TlogProofError::MissingCheckpoint);
        }
        Ok(TlogProof {
            extra,
            index,
            proof,
            checkpoint: rest.to_owned(),
        })
    }

    /// Verifies the proof: the checkpoint is signed by `log` (and any cosignature by a given
    /// witness key verifies), its origin is `origin` when given, and the entry — `entry`, or the
    /// extra data when `None` — is leaf `index` of the checkpointed tree.
    pub fn verify(
        &self,
        entry: Option<&[u8]>,
        log: &Verifier,
        witnesses: &[Verifier],
        origin: Option<&str>,
    ) -> Result<Verified, TlogProofError> {
        let signed = SignedCheckpoint::open(self.checkpoint.as_bytes(), log, witnesses)?;
        let cp = &signed.checkpoint;
        if let Some(expected) = origin
            && cp.origin != expected
        {
            return Err(TlogProofError::WrongOrigin {
                expected: expected.to_owned(),
                found: cp.origin.clone(),
            });
        }
        let alg = cp
            .hash_algorithm()
            .map_err(|e| TlogProofError::Checkpoint(e.into()))?;
        let data = entry
            .or(self.extra.as_deref())
            .ok_or(TlogProofError::NoEntry)?;
        let leaf = leaf_hash(alg, data);
        verify_inclusion(alg, self.index, cp.size, &leaf, &self.proof, &Hash(cp.root))?;
        Ok(Verified {
            alg,
            leaf_hash: leaf,
            checkpoint: cp.clone(),
            witnessed_by: signed.witnessed_by,
        })
    }
}

/// What a successful [`TlogProof::verify`] established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub alg: HashAlg,
    pub leaf_hash: Hash,
    pub checkpoint: Checkpoint,
    /// Witness keys (given to `verify`) whose cosignatures verified.
    pub witnessed_by: Vec<String>,
}

/// Takes the next newline-terminated line off `rest`.
fn next_line<'a>(rest: &mut &'a str) -> Option<&'a str> {
    let (line, after) = rest.split_once('\n')?;
    *rest = after;
    Some(line)
}

/// `index <n>`: decimal, no sign, no leading zeros (except `0` itself), fits in u64.
fn parse_index(line: &str) -> Option<u64> {
    let digits = line.strip_prefix("index ")?;
    let ok = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    if !ok {
        return None;
    }
    digits.parse().ok()
}
