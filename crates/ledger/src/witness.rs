//! The C2SP tlog-witness protocol (<https://c2sp.org/tlog-witness>) as pure functions: the
//! `add-checkpoint` request body ([`request`]), the witness's decision on a request
//! ([`decide()`]), and verifiable fork proofs ([`fork`]). Storage, HTTP and clocks live in the
//! `sanxiang-witness` crate.
//!
//! A witness remembers, per log origin, the last checkpoint it cosigned ([`Recorded`]). It
//! cosigns a new checkpoint only when it is signed by a trusted key of that log and a
//! consistency proof links it to the recorded one. When the log shows two signed checkpoints
//! that cannot both be honest — same size with different roots, or a proof that reaches the new
//! root from a different old root — the witness emits a [`fork::ForkProof`] that anyone holding
//! the log's public key can check with [`fork::verify_fork`].

pub mod decide;
pub mod fork;
pub mod request;

pub use decide::{
    KnownLog, Outcome, Recorded, RecordedError, RejectReason, decide, note_origin, tree_hash,
};
pub use fork::{ForkError, ForkKind, ForkProof, verify_fork};
pub use request::{AddCheckpointRequest, MAX_PROOF_LINES, RequestError};
