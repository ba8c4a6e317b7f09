//! The evidence store: upload sessions over a directory.
//!
//! Layout under the store directory:
//!
//! - `uploads/<id>/`: open sessions (see [`crate::session`]);
//! - `blobs/<sm3 hex>`: immutable, content-addressed files, with `<sm3 hex>.json` sidecars;
//! - `quarantine/<id>/`: uploads whose digests did not match what was declared, with `reason.json`;
//! - `completed/<id>.json`: which blob a completed upload became, so `complete` can be repeated;
//! - `.lock`: held (advisory lock) while a store is open, so one process owns the directory.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use sanxiang_ledger::hash::Hash;
use serde::{Deserialize, Serialize};

use crate::chunk::{CHUNK_LEN, CHUNK_SIZE, chunk_count, hash_batch};
use crate::complete::finish_upload;
use crate::error::{EvidenceError, Result, io_ctx};
use crate::fsutil::{ensure_dir, now_ms, sync_dir};
use crate::hexser;
use crate::id::UploadId;
use crate::metadata::Metadata;
use crate::session::{Session, SessionInfo};

/// Largest file accepted by default: 32 GiB (body-camera video reaches 20 GB).
pub const DEFAULT_MAX_SIZE: u64 = 32 * 1024 * 1024 * 1024;

/// Largest part accepted at once: 16 chunks (64 MiB), which bounds the memory of one request.
pub const MAX_PART: u64 = 16 * CHUNK_SIZE;

/// Most sessions kept open in memory; abandoned uploads must not exhaust file descriptors.
pub const MAX_OPEN_SESSIONS: usize = 128;

struct Cached {
    session: Arc<SessionCell>,
    used: Instant,
}

/// An evidence store over one directory.
pub struct EvidenceStore {
    root: PathBuf,
    max_size: u64,
    /// Sessions in use, with when each was last used. Each holds two open files, so idle ones
    /// are dropped beyond [`MAX_OPEN_SESSIONS`] (they reload from disk when used again).
    sessions: Mutex<HashMap<UploadId, Cached>>,
    /// Held for the store's lifetime; dropping the store releases the directory.
    _lock: File,
}

/// What `status` reports so a client can resume.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UploadStatus {
    /// The upload.
    pub id: String,
    /// The declared size in bytes.
    pub declared_size: u64,
    /// The chunk size parts must align to.
    pub chunk_size: u64,
    /// Number of chunks of the file.
    pub chunk_count: u64,
    /// Received byte ranges `[start, end)`, merged and in order.
    pub received: Vec<(u64, u64)>,
    /// Total bytes received.
    pub received_bytes: u64,
    /// Number of chunks still missing.
    pub missing_chunks: u64,
    /// The declared SHA-256, if any.
    #[serde(with = "hexser::opt")]
    pub declared_sha256: Option<Hash>,
    /// The declared SM3, if any.
    #[serde(with = "hexser::opt")]
    pub declared_sm3: Option<Hash>,
    /// The metadata given at creation.
    pub metadata: Metadata,
    /// When the upload was created, milliseconds since the Unix epoch (for expiring abandoned
    /// uploads).
    pub created_ms: i64,
}

/// What `put_part` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartReceipt {
    /// Chunks written by this call.
    pub new_chunks: u64,
    /// Chunks of the part that were already present with the same bytes (a retry).
    pub repeated_chunks: u64,
}

/// An open session and the signal that its in-order prefix moved.
pub(crate) struct SessionCell {
    pub state: Mutex<Session>,
    advanced: Condvar,
}

impl SessionCell {
    fn new(session: Session) -> SessionCell {
        SessionCell {
            state: Mutex::new(session),
            advanced: Condvar::new(),
        }
    }
}

/// How long a part that arrives just ahead of its predecessor waits for it (see `put_part`).
const ORDER_WAIT: Duration = Duration::from_millis(300);

/// How far ahead of the in-order prefix a part may be and still wait: about what a client keeps
/// in flight.
const ORDER_AHEAD: u64 = 64 * CHUNK_SIZE;

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Nothing panics while holding these locks; if something did, the state on disk is still
    // consistent (journal after data), so carry on with the inner value.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl EvidenceStore {
    /// Opens (creating if needed) a store in `dir`. Fails with [`EvidenceError::StoreBusy`] if
    /// another store has the directory open.
    pub fn open(dir: impl AsRef<Path>) -> Result<Self> {
        let root = dir.as_ref().to_owned();
        for sub in ["uploads", "blobs", "quarantine", "completed"] {
            ensure_dir(&root.join(sub))?;
        }
        let lock_path = root.join(".lock");
        let lock_file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_ctx(format!("opening {}", lock_path.display())))?;
        match lock_file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(EvidenceError::StoreBusy(root)),
            Err(TryLockError::Error(e)) => {
                return Err(io_ctx(format!("locking {}", lock_path.display()))(e));
            }
        }
        Ok(EvidenceStore {
            root,
            max_size: DEFAULT_MAX_SIZE,
            sessions: Mutex::new(HashMap::new()),
            _lock: lock_file,
        })
    }

    /// Sets the largest declared size accepted by `create`.
    pub fn with_max_size(mut self, max_size: u64) -> Self {
        self.max_size = max_size;
        self
    }

    /// The store directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub(crate) fn upload_dir(&self, id: &UploadId) -> PathBuf {
        self.root.join("uploads").join(id.as_str())
    }

    /// Starts an upload of `declared_size` bytes. The declared digests, if given, are checked
    /// at `complete`.
    pub fn create(
        &self,
        declared_size: u64,
        declared_sha256: Option<Hash>,
        declared_sm3: Option<Hash>,
        metadata: Metadata,
    ) -> Result<UploadId> {
        if declared_size > self.max_size {
            return Err(EvidenceError::SizeTooLarge {
                size: declared_size,
                max: self.max_size,
            });
        }
        metadata.validate()?;
        let id = UploadId::random()?;
        let info = SessionInfo {
            declared_size,
            declared_sha256,
            declared_sm3,
            metadata,
            created_ms: now_ms(),
        };
        let session = Session::create(&self.upload_dir(&id), info)?;
        let mut sessions = lock(&self.sessions);
        cache(&mut sessions, &id, Arc::new(SessionCell::new(session)));
        Ok(id)
    }

    /// The session, loaded from disk on first use after a restart.
    pub(crate) fn session(&self, id: &UploadId) -> Result<Arc<SessionCell>> {
        let mut sessions = lock(&self.sessions);
        if let Some(cached) = sessions.get_mut(id) {
            cached.used = Instant::now();
            return Ok(Arc::clone(&cached.session));
        }
        match Session::load(&self.upload_dir(id))? {
            Some(s) => Ok(cache(&mut sessions, id, Arc::new(SessionCell::new(s)))),
            None => Err(EvidenceError::UnknownUpload(id.to_string())),
        }
    }

    /// Number of sessions held open in memory.
    pub fn open_sessions(&self) -> usize {
        lock(&self.sessions).len()
    }

    pub(crate) fn forget(&self, id: &UploadId) {
        lock(&self.sessions).remove(id);
    }

    /// Stores `bytes` at `offset`. Parts may come in any order and may be retried: chunks
    /// already received with the same bytes are accepted, with other bytes refused
    /// ([`EvidenceError::ConflictingRetry`], nothing recorded). `offset` must be a multiple of
    /// 4 MiB and the part whole chunks unless it ends the file. Durable when it returns.
    ///
    /// The new chunks are written on one thread while the part is hashed on the others. The
    /// session stays locked meanwhile, so parts of one upload are taken one at a time (each
    /// already uses every core); different uploads proceed in parallel.
    pub fn put_part(&self, id: &UploadId, offset: u64, bytes: &[u8]) -> Result<PartReceipt> {
        let len = bytes.len() as u64;
        let session = self.session(id)?;
        let mut s = lock(&session.state);
        if s.closed {
            return Err(EvidenceError::UnknownUpload(id.to_string()));
        }
        check_part(offset, len, s.info.declared_size)?;
        // Clients send a few parts at once, and the next may take the lock before the one it
        // follows: it waits a moment for it, so that the whole-file hashes keep running in
        // memory instead of leaving the rest of the file to be read back at `complete`.
        if offset > s.prefix.offset && offset - s.prefix.offset <= ORDER_AHEAD {
            let until = Instant::now() + ORDER_WAIT;
            while !s.closed && s.prefix.offset < offset {
                let left = until.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                s = match session.advanced.wait_timeout(s, left) {
                    Ok((guard, _)) => guard,
                    Err(poisoned) => poisoned.into_inner().0,
                };
            }
            if s.closed {
                return Err(EvidenceError::UnknownUpload(id.to_string()));
            }
        }
        let first = offset / CHUNK_SIZE;
        let fresh = s.fresh_chunks(first, bytes.len().div_ceil(CHUNK_LEN));
        // Whole-file hashes continue in memory only for a part that extends the in-order prefix.
        let mut whole = (s.prefix.offset == offset).then(|| s.prefix.whole.clone());
        let shared: &Session = &s;
        let (hashes, written) = std::thread::scope(|scope| {
            let writer = (!fresh.is_empty())
                .then(|| scope.spawn(|| shared.write_chunks(first, bytes, &fresh)));
            let hashes = hash_batch(bytes, whole.as_mut());
            let written = match writer {
                None => Ok(()),
                Some(handle) => handle.join().unwrap_or_else(|_| {
                    Err(EvidenceError::Io {
                        context: "writing part data".into(),
                        source: std::io::Error::other("writer thread failed"),
                    })
                }),
            };
            (hashes, written)
        });
        written?;
        let new_chunks = s.commit(first, &hashes, &fresh)?;
        if let Some(whole) = whole {
            s.prefix.offset = offset + len;
            s.prefix.whole = whole;
            session.advanced.notify_all();
        }
        Ok(PartReceipt {
            new_chunks,
            repeated_chunks: hashes.len() as u64 - new_chunks,
        })
    }

    /// Which byte ranges have arrived.
    pub fn status(&self, id: &UploadId) -> Result<UploadStatus> {
        let session = self.session(id)?;
        let s = lock(&session.state);
        if s.closed {
            return Err(EvidenceError::UnknownUpload(id.to_string()));
        }
        let size = s.info.declared_size;
        let mut received: Vec<(u64, u64)> = Vec::new();
        let mut received_bytes = 0;
        for (i, slot) in s.received.iter().enumerate() {
            if slot.is_none() {
                continue;
            }
            let start = i as u64 * CHUNK_SIZE;
            let end = (start + CHUNK_SIZE).min(size);
            received_bytes += end - start;
            match received.last_mut() {
                Some(last) if last.1 == start => last.1 = end,
                _ => received.push((start, end)),
            }
        }
        Ok(UploadStatus {
            id: id.to_string(),
            declared_size: size,
            chunk_size: CHUNK_SIZE,
            chunk_count: chunk_count(size),
            received,
            received_bytes,
            missing_chunks: s.missing().count() as u64,
            declared_sha256: s.info.declared_sha256,
            declared_sm3: s.info.declared_sm3,
            metadata: s.info.metadata.clone(),
            created_ms: s.info.created_ms,
        })
    }

    /// Ids of the open uploads on disk (for an operator or a cleanup job).
    pub fn list_uploads(&self) -> Result<Vec<UploadId>> {
        let dir = self.root.join("uploads");
        let mut ids: Vec<UploadId> = fs::read_dir(&dir)
            .map_err(io_ctx(format!("listing {}", dir.display())))?
            .filter_map(|e| e.ok())
            .filter_map(|e| UploadId::parse(&e.file_name().to_string_lossy()).ok())
            .collect();
        ids.sort();
        Ok(ids)
    }

    /// Finishes an upload: see [`crate::complete`].
    /// Asking again for an upload already completed returns the same outcome (the client may
    /// have lost the first answer).
    pub fn complete(&self, id: &UploadId) -> Result<crate::complete::Completion> {
        let again = || {
            crate::complete::earlier_completion(self, id)?
                .ok_or_else(|| EvidenceError::UnknownUpload(id.to_string()))
        };
        let session = match self.session(id) {
            Err(EvidenceError::UnknownUpload(_)) => return again(),
            other => other?,
        };
        let mut s = lock(&session.state);
        if s.closed {
            drop(s);
            return again();
        }
        let outcome = finish_upload(self, id, &mut s)?;
        s.closed = true;
        drop(s);
        session.advanced.notify_all();
        self.forget(id);
        Ok(outcome)
    }

    /// Abandons an upload and deletes what was received.
    pub fn abort(&self, id: &UploadId) -> Result<()> {
        let session = self.session(id)?;
        let mut s = lock(&session.state);
        if s.closed {
            return Err(EvidenceError::UnknownUpload(id.to_string()));
        }
        let dir = self.upload_dir(id);
        fs::remove_dir_all(&dir).map_err(io_ctx(format!("removing {}", dir.display())))?;
        sync_dir(&self.root.join("uploads"))?;
        s.closed = true;
        drop(s);
        session.advanced.notify_all();
        self.forget(id);
        Ok(())
    }
}

/// Adds a session to the cache, first dropping the least recently used idle sessions (held by
/// nobody else, so no second copy of one can exist) while the cache is full.
fn cache(
    sessions: &mut HashMap<UploadId, Cached>,
    id: &UploadId,
    session: Arc<SessionCell>,
) -> Arc<SessionCell> {
    while sessions.len() >= MAX_OPEN_SESSIONS {
        let idle = sessions
            .iter()
            .filter(|(_, c)| Arc::strong_count(&c.session) == 1)
            .min_by_key(|(_, c)| c.used)
            .map(|(k, _)| k.clone());
        match idle {
            Some(k) => {
                sessions.remove(&k);
            }
            None => break,
        }
    }
    sessions.insert(
        id.clone(),
        Cached {
            session: Arc::clone(&session),
            used: Instant::now(),
        },
    );
    session
}

/// Checks a part's placement against the declared size.
fn check_part(offset: u64, len: u64, size: u64) -> Result<()> {
    if !offset.is_multiple_of(CHUNK_SIZE) {
        return Err(EvidenceError::MisalignedOffset { offset });
    }
    if len == 0 {
        return Err(EvidenceError::EmptyPart { offset });
    }
    if len > MAX_PART {
        return Err(EvidenceError::PartTooLarge { len, max: MAX_PART });
    }
    let end = offset.checked_add(len);
    if end.is_none_or(|end| end > size) {
        return Err(EvidenceError::PastEnd { offset, len, size });
    }
    if !len.is_multiple_of(CHUNK_SIZE) && end != Some(size) {
        return Err(EvidenceError::MisalignedLength { offset, len });
    }
    Ok(())
}

// Keeps the buffer-size constant and the chunk size in one place.
const _: () = assert!(CHUNK_LEN as u64 == CHUNK_SIZE);
