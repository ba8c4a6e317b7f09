//! Fork proofs (`sanxiang-fork-proof/v1`): two checkpoints signed by one log key that cannot
//! both belong to one append-only log. A JSON object:
//!
//! ```json
//! {
//!   "format": "sanxiang-fork-proof/v1",
//!   "origin": "example.gov.cn/sanxiang/log",
//!   "log_key": "<verifier key string of the log>",
//!   "checkpoint_a": "<signed note, the smaller or equal size>",
//!   "checkpoint_b": "<signed note>",
//!   "consistency_proof": ["<base64 hash>", ...]
//! }
//! ```
//!
//! It is valid when both notes carry a valid signature by `log_key`, share `origin` and hash
//! algorithm, and either
//!
//! * (a) same size, different roots (the proof must be empty); or
//! * (b) A.size < B.size, A.size > 0, and the consistency proof from A.size to B.size, run as in
//!   RFC 9162 §2.1.4.2, reproduces B's root but derives an old root different from A's. Under
//!   the hash's collision resistance, every node the old root is computed from is then a node of
//!   B's tree, so B's first A.size leaves have a root other than A's.
//!
//! When A.size is a power of two the RFC proof omits the old subtree (the verifier seeds the
//! computation with A's root), so case (b) cannot arise: such a rollback shows up as a proof
//! that does not reach B's root, which is only a bad proof.

use crate::checkpoint::{SignedCheckpoint, SignedCheckpointError};
use crate::hash::Hash;
use crate::note::{NoteError, Verifier};
use crate::proof::{ProofError, consistency_roots};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};

/// The `format` value of a fork proof.
pub const FORK_PROOF_FORMAT: &str = "sanxiang-fork-proof/v1";

/// A fork proof (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForkProof {
    /// The log's origin line.
    pub origin: String,
    /// The verifier key string of the log key that signed both checkpoints.
    pub log_key: String,
    /// The checkpoint with the smaller (or equal) size, as a signed note.
    pub checkpoint_a: String,
    /// The other checkpoint, as a signed note.
    pub checkpoint_b: String,
    /// Consistency proof from A's size to B's size (empty for case a).
    pub consistency_proof: Vec<Hash>,
}

/// Which kind of fork a valid proof shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForkKind {
    /// Two checkpoints of the same size with different roots.
    SameSize { size: u64 },
    /// B's tree does not extend A's: its first `old_size` leaves have another root.
    Inconsistent { old_size: u64, new_size: u64 },
}

/// Why a fork proof is malformed or does not prove a fork.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ForkError {
    #[error("fork proof is not valid JSON of the expected shape: {0}")]
    Json(String),
    #[error("format is {0:?}, expected \"sanxiang-fork-proof/v1\"")]
    WrongFormat(String),
    #[error("consistency proof entry {index} is not 32 bytes of base64")]
    BadProofHash { index: usize },
    #[error("log key: {0}")]
    LogKey(NoteError),
    #[error("checkpoint A: {0}")]
    CheckpointA(SignedCheckpointError),
    #[error("checkpoint B: {0}")]
    CheckpointB(SignedCheckpointError),
    #[error("checkpoint origins {a:?} and {b:?} do not both equal the stated origin {origin:?}")]
    OriginMismatch {
        origin: String,
        a: String,
        b: String,
    },
    #[error("the two checkpoints use different tree hashes")]
    HashMismatch,
    #[error("checkpoint A (size {a}) is larger than checkpoint B (size {b})")]
    OutOfOrder { a: u64, b: u64 },
    #[error("checkpoints of the same size must come with an empty proof")]
    ProofNotEmpty,
    #[error("the checkpoints are consistent: no fork")]
    NotAFork,
    #[error("consistency proof is malformed: {0}")]
    BadProof(ProofError),
    #[error("consistency proof does not reproduce checkpoint B's root")]
    ProofDoesNotReachB,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    format: String,
    origin: String,
    log_key: String,
    checkpoint_a: String,
    checkpoint_b: String,
    consistency_proof: Vec<String>,
}

impl ForkProof {
    /// The JSON document (pretty-printed, keys in the documented order).
    pub fn to_json(&self) -> String {
        let wire = Wire {
            format: FORK_PROOF_FORMAT.to_owned(),
            origin: self.origin.clone(),
            log_key: self.log_key.clone(),
            checkpoint_a: self.checkpoint_a.clone(),
            checkpoint_b: self.checkpoint_b.clone(),
            consistency_proof: self
                .consistency_proof
                .iter()
                .map(|h| B64.encode(h.as_bytes()))
                .collect(),
        };
        // Serialising a struct of strings cannot fail; fall back to an empty object regardless.
        serde_json::to_string_pretty(&wire).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Parses the JSON document (shape and hashes only; see [`ForkProof::verify`]).
    pub fn from_json(json: &[u8]) -> Result<Self, ForkError> {
        let wire: Wire =
            serde_json::from_slice(json).map_err(|e| ForkError::Json(e.to_string()))?;
        if wire.format != FORK_PROOF_FORMAT {
            return Err(ForkError::WrongFormat(wire.format));
        }
        let mut proof = Vec::with_capacity(wire.consistency_proof.len());
        for (index, h) in wire.consistency_proof.iter().enumerate() {
            let raw = B64
                .decode(h)
                .map_err(|_| ForkError::BadProofHash { index })?;
            proof.push(Hash::from_slice(&raw).map_err(|_| ForkError::BadProofHash { index })?);
        }
        Ok(ForkProof {
            origin: wire.origin,
            log_key: wire.log_key,
            checkpoint_a: wire.checkpoint_a,
            checkpoint_b: wire.checkpoint_b,
            consistency_proof: proof,
        })
    }

    /// Checks that the proof shows a fork (see the module docs).
    pub fn verify(&self) -> Result<ForkKind, ForkError> {
        let key = Verifier::from_key_string(&self.log_key).map_err(ForkError::LogKey)?;
        let a = SignedCheckpoint::open(self.checkpoint_a.as_bytes(), &key, &[])
            .map_err(ForkError::CheckpointA)?
            .checkpoint;
        let b = SignedCheckpoint::open(self.checkpoint_b.as_bytes(), &key, &[])
            .map_err(ForkError::CheckpointB)?
            .checkpoint;
        if a.origin != self.origin || b.origin != self.origin {
            return Err(ForkError::OriginMismatch {
                origin: self.origin.clone(),
                a: a.origin,
                b: b.origin,
            });
        }
        let alg_a = super::tree_hash(&a).map_err(|e| ForkError::CheckpointA(e.into()))?;
        let alg_b = super::tree_hash(&b).map_err(|e| ForkError::CheckpointB(e.into()))?;
        if alg_a != alg_b {
            return Err(ForkError::HashMismatch);
        }
        if a.size > b.size {
            return Err(ForkError::OutOfOrder {
                a: a.size,
                b: b.size,
            });
        }
        if a.size == b.size {
            if !self.consistency_proof.is_empty() {
                return Err(ForkError::ProofNotEmpty);
            }
            if a.root == b.root {
                return Err(ForkError::NotAFork);
            }
            return Ok(ForkKind::SameSize { size: a.size });
        }
        if a.size == 0 {
            // Every tree extends the empty tree.
            return Err(ForkError::NotAFork);
        }
        let (old, new) = consistency_roots(
            alg_a,
            a.size,
            b.size,
            &Hash(a.root),
            &self.consistency_proof,
        )
        .map_err(ForkError::BadProof)?;
        if new != Hash(b.root) {
            return Err(ForkError::ProofDoesNotReachB);
        }
        if old == Hash(a.root) {
            return Err(ForkError::NotAFork);
        }
        Ok(ForkKind::Inconsistent {
            old_size: a.size,
            new_size: b.size,
        })
    }
}

/// Parses and verifies a fork proof document.
pub fn verify_fork(json: &[u8]) -> Result<ForkKind, ForkError> {
    ForkProof::from_json(json)?.verify()
}
