//! Completing an upload: digests, comparison with what was declared, then either an immutable
//! content-addressed blob or quarantine.
//!
//! Bytes already hashed in order while parts arrived are not read again; the rest of the file is
//! read back in batches and its chunk hashes are checked against the journal, so a chunk that
//! changed on disk since it was received is caught here too.

use std::fs;
use std::io::{Read, Seek, SeekFrom};

use sanxiang_ledger::hash::Hash;
use serde::{Deserialize, Serialize};

use crate::chunk::{
    CHUNK_LEN, CHUNK_SIZE, Digests, chunk_root, default_batch_chunks, hash_batch, read_full,
};
use crate::error::{EvidenceError, Result, io_ctx};
use crate::fsutil::{now_ms, sync_dir, write_atomic};
use crate::hexser;
use crate::id::UploadId;
use crate::metadata::Metadata;
use crate::session::Session;
use crate::store::EvidenceStore;

/// The sidecar `blobs/<sm3 hex>.json` of a stored blob.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlobRecord {
    /// The file's digests.
    pub digests: Digests,
    /// Metadata of the upload that first stored these bytes.
    pub metadata: Metadata,
    /// That upload.
    pub upload_id: String,
    /// When it was stored, milliseconds since the Unix epoch.
    pub stored_ms: i64,
}

/// Why an upload was quarantined.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuarantineReason {
    /// The SHA-256 and/or SM3 of the received file differ from the declared ones.
    DigestMismatch {
        /// The SHA-256 differs.
        sha256: bool,
        /// The SM3 differs.
        sm3: bool,
    },
    /// A chunk read back at completion hashes differently than when it was received.
    ChunkChangedOnDisk {
        /// The chunk index.
        chunk: u64,
    },
    /// A stored blob has the same SM3 but other digests (an SM3 collision): the stored blob is
    /// never replaced.
    CollidesWithStoredBlob,
}

impl std::fmt::Display for QuarantineReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QuarantineReason::DigestMismatch { sha256, sm3 } => {
                let which = match (sha256, sm3) {
                    (true, true) => "SHA-256 and SM3 differ",
                    (true, false) => "SHA-256 differs",
                    _ => "SM3 differs",
                };
                write!(f, "{which} from the declared digest")
            }
            QuarantineReason::ChunkChangedOnDisk { chunk } => {
                write!(f, "chunk {chunk} changed on disk after it was received")
            }
            QuarantineReason::CollidesWithStoredBlob => {
                f.write_str("a stored blob has the same SM3 but other digests")
            }
        }
    }
}

/// The `reason.json` of a quarantined upload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuarantineRecord {
    /// The upload.
    pub upload_id: String,
    /// Why.
    pub reason: QuarantineReason,
    /// The reason in words.
    pub reason_text: String,
    /// What the received bytes hash to (absent if reading them back failed the chunk check).
    pub computed: Option<Digests>,
    /// The declared SHA-256.
    #[serde(with = "hexser::opt")]
    pub declared_sha256: Option<Hash>,
    /// The declared SM3.
    #[serde(with = "hexser::opt")]
    pub declared_sm3: Option<Hash>,
    /// The metadata given at creation.
    pub metadata: Metadata,
    /// When, milliseconds since the Unix epoch.
    pub quarantined_ms: i64,
}

/// The outcome of `complete`.
#[derive(Clone, Debug, PartialEq)]
pub enum Completion {
    /// The file is a blob now.
    Stored {
        /// Its sidecar (for a duplicate: the sidecar of the blob already there).
        record: BlobRecord,
        /// The same bytes were already stored; this upload was dropped in their favour.
        deduplicated: bool,
    },
    /// The file did not match what was declared; kept under `quarantine/<id>/`, never a blob.
    Quarantined(QuarantineRecord),
}

pub(crate) fn finish_upload(
    store: &EvidenceStore,
    id: &UploadId,
    s: &mut Session,
) -> Result<Completion> {
    let total = s.received.len() as u64;
    let missing: Vec<u64> = s.missing().collect();
    if let Some(&first) = missing.first() {
        return Err(EvidenceError::Incomplete {
            missing: missing.len() as u64,
            total,
            first,
        });
    }
    let expected: Vec<Hash> = s.received.iter().flatten().copied().collect();
    match digest_rest(s, &expected)? {
        Err(chunk) => quarantine(
            store,
            id,
            s,
            QuarantineReason::ChunkChangedOnDisk { chunk },
            None,
        ),
        Ok(digests) => {
            let sha_bad = s.info.declared_sha256.is_some_and(|d| d != digests.sha256);
            let sm3_bad = s.info.declared_sm3.is_some_and(|d| d != digests.sm3);
            if sha_bad || sm3_bad {
                let reason = QuarantineReason::DigestMismatch {
                    sha256: sha_bad,
                    sm3: sm3_bad,
                };
                quarantine(store, id, s, reason, Some(digests))
            } else {
                store_blob(store, id, s, digests)
            }
        }
    }
}

/// Finishes the whole-file hashes from the in-memory prefix; `Err(chunk)` if a chunk read back
/// does not match its journalled hash.
fn digest_rest(s: &Session, expected: &[Hash]) -> Result<std::result::Result<Digests, u64>> {
    let size = s.info.declared_size;
    let mut whole = s.prefix.whole.clone();
    let mut offset = s.prefix.offset;
    let ctx = || format!("reading back {}", s.dir.display());
    let mut file = s.data();
    file.seek(SeekFrom::Start(offset)).map_err(io_ctx(ctx()))?;
    let mut buf = vec![0u8; CHUNK_LEN * default_batch_chunks()];
    while offset < size {
        let want = usize::try_from((size - offset).min(buf.len() as u64)).unwrap_or(buf.len());
        let part = buf.get_mut(..want).unwrap_or_default();
        let n = read_full(&mut file.take(want as u64), part).map_err(io_ctx(ctx()))?;
        let part = part.get(..n).unwrap_or_default();
        if n < want {
            return Err(EvidenceError::CorruptState {
                path: s.dir.join("data"),
                detail: format!(
                    "file ends at {} before the declared size {size}",
                    offset + n as u64
                ),
            });
        }
        let first = offset / CHUNK_SIZE;
        for (i, hash) in hash_batch(part, Some(&mut whole)).iter().enumerate() {
            let index = first + i as u64;
            if usize::try_from(index).ok().and_then(|i| expected.get(i)) != Some(hash) {
                return Ok(Err(index));
            }
        }
        offset += n as u64;
    }
    let (sm3, sha256) = whole.finish();
    Ok(Ok(Digests {
        size,
        sm3,
        sha256,
        chunk_root: chunk_root(expected),
        chunk_count: expected.len() as u64,
    }))
}

fn quarantine(
    store: &EvidenceStore,
    id: &UploadId,
    s: &Session,
    reason: QuarantineReason,
    computed: Option<Digests>,
) -> Result<Completion> {
    let record = QuarantineRecord {
        upload_id: id.to_string(),
        reason_text: reason.to_string(),
        reason,
        computed,
        declared_sha256: s.info.declared_sha256,
        declared_sm3: s.info.declared_sm3,
        metadata: s.info.metadata.clone(),
        quarantined_ms: now_ms(),
    };
    let qdir = store.root().join("quarantine");
    let target = qdir.join(id.as_str());
    fs::rename(&s.dir, &target)
        .map_err(io_ctx(format!("moving {} to quarantine", s.dir.display())))?;
    sync_dir(&qdir)?;
    sync_dir(&store.root().join("uploads"))?;
    write_atomic(&target.join("reason.json"), &to_json(&record, &target)?)?;
    Ok(Completion::Quarantined(record))
}

fn store_blob(
    store: &EvidenceStore,
    id: &UploadId,
    s: &Session,
    digests: Digests,
) -> Result<Completion> {
    let blobs = store.root().join("blobs");
    let name = digests.sm3.to_hex();
    let blob_path = blobs.join(&name);
    let sidecar_path = blobs.join(format!("{name}.json"));
    let existing = crate::blob::read_record(&sidecar_path)?;
    let (record, deduplicated) = match existing {
        Some(record) if blob_path.exists() && record.digests == digests => (record, true),
        Some(_) if blob_path.exists() => {
            let reason = QuarantineReason::CollidesWithStoredBlob;
            return quarantine(store, id, s, reason, Some(digests));
        }
        _ => {
            let record = BlobRecord {
                digests,
                metadata: s.info.metadata.clone(),
                upload_id: id.to_string(),
                stored_ms: now_ms(),
            };
            // Sidecar first: a blob file is never visible without its sidecar.
            write_atomic(&sidecar_path, &to_json(&record, &sidecar_path)?)?;
            let data_path = s.dir.join("data");
            let ctx = || format!("storing blob {name}");
            s.data().sync_all().map_err(io_ctx(ctx()))?;
            let mut perms = s.data().metadata().map_err(io_ctx(ctx()))?.permissions();
            perms.set_readonly(true);
            fs::set_permissions(&data_path, perms).map_err(io_ctx(ctx()))?;
            fs::rename(&data_path, &blob_path).map_err(io_ctx(ctx()))?;
            sync_dir(&blobs)?;
            (record, false)
        }
    };
    // Remember the outcome so a client whose connection dropped during `complete` can ask again.
    let done = Done {
        sm3: record.digests.sm3,
        deduplicated,
    };
    let done_path = store.root().join("completed").join(format!("{id}.json"));
    write_atomic(&done_path, &to_json(&done, &done_path)?)?;
    fs::remove_dir_all(&s.dir).map_err(io_ctx(format!("removing {}", s.dir.display())))?;
    sync_dir(&store.root().join("uploads"))?;
    Ok(Completion::Stored {
        record,
        deduplicated,
    })
}

fn to_json<T: Serialize>(value: &T, path: &std::path::Path) -> Result<Vec<u8>> {
    serde_json::to_vec_pretty(value).map_err(|e| EvidenceError::CorruptState {
        path: path.to_owned(),
        detail: e.to_string(),
    })
}

/// `completed/<id>.json`: which blob an upload became.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Done {
    #[serde(with = "hexser")]
    sm3: Hash,
    deduplicated: bool,
}

/// The outcome of an upload completed earlier, if it was: what a repeated `complete` returns.
pub(crate) fn earlier_completion(
    store: &EvidenceStore,
    id: &UploadId,
) -> Result<Option<Completion>> {
    let reason_path = store
        .root()
        .join("quarantine")
        .join(id.as_str())
        .join("reason.json");
    if let Some(text) = read_if_exists(&reason_path)? {
        let record = serde_json::from_slice(&text).map_err(|e| EvidenceError::CorruptState {
            path: reason_path.clone(),
            detail: e.to_string(),
        })?;
        return Ok(Some(Completion::Quarantined(record)));
    }
    let done_path = store.root().join("completed").join(format!("{id}.json"));
    let Some(text) = read_if_exists(&done_path)? else {
        return Ok(None);
    };
    let done: Done = serde_json::from_slice(&text).map_err(|e| EvidenceError::CorruptState {
        path: done_path.clone(),
        detail: e.to_string(),
    })?;
    let record = store.blob_record(&done.sm3)?;
    Ok(Some(Completion::Stored {
        record,
        deduplicated: done.deduplicated,
    }))
}

fn read_if_exists(path: &std::path::Path) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_ctx(format!("reading {}", path.display()))(e)),
    }
}
