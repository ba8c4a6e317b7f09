//! sanxiang-evidence: evidence files (CASE-4) — photos, audio and body-camera video uploaded
//! from phones over bad networks.
//!
//! - [`chunk`]: the SM3 chunk tree and the SHA-256/SM3 file digests (pure; see `docs/evidence.md`);
//! - [`EvidenceStore`]: resumable, retry-safe chunked upload sessions over a directory, completed
//!   into immutable content-addressed blobs or quarantined when they do not match what was declared;
//! - range reads, re-verification and photo thumbnails of stored blobs;
//! - [`bench`]: the ingest benchmark.
//!
//! No HTTP and no database here: the web crate maps routes onto these calls and links blobs to
//! cases.

pub mod bench;
pub mod blob;
pub mod chunk;
pub mod complete;
pub mod direct;
pub mod error;
mod fsutil;
mod hexser;
pub mod id;
pub mod metadata;
mod session;
pub mod store;
pub mod thumb;

pub use blob::{BlobReader, BlobVerification, parse_blob_id};
pub use chunk::{CHUNK_SIZE, Digests};
pub use complete::{BlobRecord, Completion, QuarantineReason, QuarantineRecord};
pub use error::{EvidenceError, Result};
pub use id::UploadId;
pub use metadata::{Gap, Gps, Metadata};
pub use sanxiang_ledger::hash::Hash;
pub use store::{EvidenceStore, PartReceipt, UploadStatus};
