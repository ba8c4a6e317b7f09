//! The witness's decision on an `add-checkpoint` request, following tlog-witness in this order:
//!
//! 1. unknown origin → 404; no valid signature by a trusted key of the log → 403; a malformed
//!    note or checkpoint → 400;
//! 2. old size larger than the checkpoint size → 400;
//! 3. a checkpoint of the recorded size with a different root → fork (case a), answered 409;
//! 4. old size different from the recorded size (0 if none) → 409 with the recorded size;
//! 5. the proof: non-empty for old size 0 or for an unchanged size → 422; otherwise RFC 9162
//!    verification, where a proof that does not reach the new root → 422, and one that reaches
//!    the new root from a different old root → fork (case b), answered 409;
//! 6. otherwise cosign and record the new checkpoint.
//!
//! The caller persists the new state before answering and must run check-and-record under one
//! lock per origin, so that two concurrent requests cannot roll the record back.

use super::fork::ForkProof;
use super::request::AddCheckpointRequest;
use crate::checkpoint::{Checkpoint, CheckpointError, SignedCheckpoint};
use crate::hash::{Hash, HashAlg};
use crate::note::{self, NoteError, Verifier};
use crate::proof::{ProofError, consistency_roots};

/// A log the witness accepts: its origin and the keys trusted to sign its checkpoints.
#[derive(Debug, Clone)]
pub struct KnownLog {
    /// The checkpoint origin line.
    pub origin: String,
    /// Trusted log keys; a checkpoint needs a valid signature from at least one.
    pub keys: Vec<Verifier>,
}

/// The tree hash of a checkpoint: its `hash` extension line, or SHA-256 (plain RFC 6962) for
/// logs that do not record one.
pub fn tree_hash(c: &Checkpoint) -> Result<HashAlg, CheckpointError> {
    match c.hash_algorithm() {
        Ok(alg) => Ok(alg),
        Err(CheckpointError::MissingHashAlgorithm) => Ok(HashAlg::Sha256),
        Err(e) => Err(e),
    }
}

/// Why a stored witness state could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordedError {
    #[error("recorded checkpoint: {0}")]
    Note(#[from] NoteError),
    #[error("recorded checkpoint: {0}")]
    Checkpoint(#[from] CheckpointError),
}

/// The last checkpoint a witness cosigned for one origin: the signed note as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    note: String,
    checkpoint: Checkpoint,
}

impl Recorded {
    /// Loads a recorded note, re-verifying it against the log's keys (a state file edited by
    /// hand must not silently become trusted).
    pub fn open(signed_note: &[u8], keys: &[Verifier]) -> Result<Self, RecordedError> {
        let opened = note::open(signed_note, keys)?;
        let checkpoint = Checkpoint::parse(&opened.text)?;
        let note = String::from_utf8(signed_note.to_vec()).map_err(|_| NoteError::NotUtf8)?;
        Ok(Recorded { note, checkpoint })
    }

    /// The signed note.
    pub fn note(&self) -> &str {
        &self.note
    }

    /// The parsed checkpoint.
    pub fn checkpoint(&self) -> &Checkpoint {
        &self.checkpoint
    }
}

/// Why a request was refused (the HTTP status is [`RejectReason::status`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RejectReason {
    #[error("malformed checkpoint note: {0}")]
    MalformedNote(NoteError),
    #[error("unknown log origin {0:?}")]
    UnknownOrigin(String),
    #[error("no valid signature by a trusted key of the log: {0}")]
    NotSignedByLog(NoteError),
    #[error("malformed checkpoint: {0}")]
    MalformedCheckpoint(CheckpointError),
    #[error("old size {old} is larger than the checkpoint size {size}")]
    OldSizeBeyondCheckpoint { old: u64, size: u64 },
    #[error("checkpoint uses hash {new}, the recorded checkpoint uses {recorded}")]
    HashAlgorithmChanged { recorded: HashAlg, new: HashAlg },
    #[error("the consistency proof must be empty for old size 0 or an unchanged size")]
    ProofMustBeEmpty,
    #[error("consistency proof does not verify: {0}")]
    BadProof(ProofError),
    #[error("the log forked, but its two checkpoints are not signed by one common key")]
    UnprovableFork,
}

impl RejectReason {
    /// The HTTP status tlog-witness prescribes.
    pub fn status(&self) -> u16 {
        match self {
            RejectReason::MalformedNote(_)
            | RejectReason::MalformedCheckpoint(_)
            | RejectReason::OldSizeBeyondCheckpoint { .. }
            | RejectReason::HashAlgorithmChanged { .. } => 400,
            RejectReason::NotSignedByLog(_) => 403,
            RejectReason::UnknownOrigin(_) => 404,
            RejectReason::UnprovableFork => 409,
            RejectReason::ProofMustBeEmpty | RejectReason::BadProof(_) => 422,
        }
    }
}

/// What the witness does with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Persist `state` as the new record, then answer 200 with a cosignature of its note.
    Cosign { state: Recorded },
    /// Answer 409 with `text/x.tlog.size` body `recorded_size\n`.
    Conflict { recorded_size: u64 },
    /// Answer with the given status and reason; nothing changes.
    Reject { status: u16, reason: RejectReason },
    /// The log forked: store the proof and answer 409; the record does not change.
    Fork(Box<ForkProof>),
}

fn reject(reason: RejectReason) -> Outcome {
    Outcome::Reject {
        status: reason.status(),
        reason,
    }
}

/// The origin line of a checkpoint note, read without verification (to pick the log and the lock).
pub fn note_origin(signed_note: &[u8]) -> Result<String, NoteError> {
    let parsed = note::parse(signed_note)?;
    Ok(parsed
        .text
        .split('\n')
        .next()
        .unwrap_or_default()
        .to_owned())
}

/// Decides on `req` given the known logs and the record for the checkpoint's origin (`None` if
/// the witness never cosigned for it). A record for another origin is ignored.
pub fn decide(
    logs: &[KnownLog],
    recorded: Option<&Recorded>,
    req: &AddCheckpointRequest,
) -> Outcome {
    let origin = match note_origin(&req.checkpoint) {
        Ok(o) => o,
        Err(e) => return reject(RejectReason::MalformedNote(e)),
    };
    let Some(log) = logs.iter().find(|l| l.origin == origin) else {
        return reject(RejectReason::UnknownOrigin(origin));
    };
    let opened = match note::open(&req.checkpoint, &log.keys) {
        Ok(o) => o,
        Err(e) => return reject(RejectReason::NotSignedByLog(e)),
    };
    let new = match Checkpoint::parse(&opened.text) {
        Ok(c) => c,
        Err(e) => return reject(RejectReason::MalformedCheckpoint(e)),
    };
    let alg = match tree_hash(&new) {
        Ok(a) => a,
        Err(e) => return reject(RejectReason::MalformedCheckpoint(e)),
    };
    let state = || Recorded {
        note: String::from_utf8_lossy(&req.checkpoint).into_owned(),
        checkpoint: new.clone(),
    };
    if req.old_size > new.size {
        return reject(RejectReason::OldSizeBeyondCheckpoint {
            old: req.old_size,
            size: new.size,
        });
    }
    let recorded = recorded.filter(|r| r.checkpoint.origin == origin);
    let Some(rec) = recorded else {
        if req.old_size != 0 {
            return Outcome::Conflict { recorded_size: 0 };
        }
        if !req.proof.is_empty() {
            return reject(RejectReason::ProofMustBeEmpty);
        }
        return Outcome::Cosign { state: state() };
    };
    let old = &rec.checkpoint;
    if new.size == old.size && new.root != old.root {
        return fork(log, rec, &req.checkpoint, Vec::new());
    }
    if req.old_size != old.size {
        return Outcome::Conflict {
            recorded_size: old.size,
        };
    }
    let old_alg = match tree_hash(old) {
        Ok(a) => a,
        Err(e) => return reject(RejectReason::MalformedCheckpoint(e)),
    };
    if old_alg != alg {
        return reject(RejectReason::HashAlgorithmChanged {
            recorded: old_alg,
            new: alg,
        });
    }
    if old.size == 0 || old.size == new.size {
        if !req.proof.is_empty() {
            return reject(RejectReason::ProofMustBeEmpty);
        }
        return Outcome::Cosign { state: state() };
    }
    let old_root = Hash(old.root);
    let (derived_old, derived_new) =
        match consistency_roots(alg, old.size, new.size, &old_root, &req.proof) {
            Ok(r) => r,
            Err(e) => return reject(RejectReason::BadProof(e)),
        };
    if derived_new != Hash(new.root) {
        return reject(RejectReason::BadProof(ProofError::NewRootMismatch {
            expected: Hash(new.root),
            computed: derived_new,
        }));
    }
    if derived_old != old_root {
        return fork(log, rec, &req.checkpoint, req.proof.clone());
    }
    Outcome::Cosign { state: state() }
}

/// Builds the fork proof for the recorded note and the new one, using a log key that signed both.
fn fork(log: &KnownLog, rec: &Recorded, new_note: &[u8], proof: Vec<Hash>) -> Outcome {
    let key = log.keys.iter().find(|k| {
        SignedCheckpoint::open(rec.note.as_bytes(), k, &[]).is_ok()
            && SignedCheckpoint::open(new_note, k, &[]).is_ok()
    });
    let Some(key) = key else {
        return reject(RejectReason::UnprovableFork);
    };
    Outcome::Fork(Box::new(ForkProof {
        origin: log.origin.clone(),
        log_key: key.to_key_string(),
        checkpoint_a: rec.note.clone(),
        checkpoint_b: String::from_utf8_lossy(new_note).into_owned(),
        consistency_proof: proof,
    }))
}
