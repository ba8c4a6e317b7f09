//! One upload session on disk: `uploads/<id>/` holds
//!
//! - `session.json`: declared size, declared digests, metadata (written once, atomically);
//! - `data`: the file, created sparse at its declared size, parts written in place;
//! - `chunks.log`: an append-only journal of received chunks, 40-byte records
//!   (chunk index as u64 big-endian ‖ 32-byte chunk hash), appended and fsynced only after the
//!   chunk's bytes were written and fsynced, so a journalled chunk is always on disk.
//!
//! A torn last record (the process died mid-append) is cut off when the session is loaded.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use sanxiang_ledger::hash::Hash;
use serde::{Deserialize, Serialize};

use crate::chunk::{CHUNK_LEN, CHUNK_SIZE, WholeHasher, chunk_count};
use crate::direct::DirectFile;
use crate::error::{EvidenceError, Result, io_ctx};
use crate::fsutil::{ensure_dir, sync_dir, write_atomic};
use crate::hexser;
use crate::metadata::Metadata;

const RECORD_LEN: usize = 40;

/// What the client declared when it created the upload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SessionInfo {
    pub declared_size: u64,
    #[serde(with = "hexser::opt")]
    pub declared_sha256: Option<Hash>,
    #[serde(with = "hexser::opt")]
    pub declared_sm3: Option<Hash>,
    pub metadata: Metadata,
    pub created_ms: i64,
}

/// The whole-file hashes over the contiguous prefix received so far, kept in memory only, so
/// an upload that arrives in order needs no second pass over the data at `complete`.
#[derive(Clone, Default)]
pub(crate) struct Prefix {
    pub offset: u64,
    pub whole: WholeHasher,
}

/// An open session.
pub(crate) struct Session {
    pub dir: PathBuf,
    pub info: SessionInfo,
    /// Hash of every received chunk, by index.
    pub received: Vec<Option<Hash>>,
    pub prefix: Prefix,
    /// Set when completed or aborted; holders of a stale handle then see "no open upload".
    pub closed: bool,
    data: File,
    /// The same file for direct writes (see `direct`).
    direct: DirectFile,
    journal: File,
}

impl Session {
    /// Creates the session directory and files.
    pub fn create(dir: &Path, info: SessionInfo) -> Result<Session> {
        ensure_dir(dir)?;
        let json = serde_json::to_vec_pretty(&info).map_err(|e| EvidenceError::CorruptState {
            path: dir.join("session.json"),
            detail: e.to_string(),
        })?;
        let data_path = dir.join("data");
        // Read access too: `complete` reads back what was not hashed in memory.
        let data = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&data_path)
            .and_then(|f| f.set_len(info.declared_size).map(|()| f))
            .and_then(|f| f.sync_all().map(|()| f))
            .map_err(io_ctx(format!("creating {}", data_path.display())))?;
        let journal_path = dir.join("chunks.log");
        let journal = File::create(&journal_path)
            .and_then(|f| f.sync_all().map(|()| f))
            .map_err(io_ctx(format!("creating {}", journal_path.display())))?;
        // session.json last: its presence is what makes the session exist.
        write_atomic(&dir.join("session.json"), &json)?;
        if let Some(parent) = dir.parent() {
            sync_dir(parent)?;
        }
        let count = slots(info.declared_size, dir)?;
        Ok(Session {
            dir: dir.to_owned(),
            info,
            received: vec![None; count],
            prefix: Prefix::default(),
            closed: false,
            direct: DirectFile::open(&data_path),
            data,
            journal,
        })
    }

    /// Loads a session left by an earlier process; `None` if there is none.
    pub fn load(dir: &Path) -> Result<Option<Session>> {
        let info_path = dir.join("session.json");
        let text = match std::fs::read(&info_path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_ctx(format!("reading {}", info_path.display()))(e)),
        };
        let info: SessionInfo =
            serde_json::from_slice(&text).map_err(|e| EvidenceError::CorruptState {
                path: info_path.clone(),
                detail: e.to_string(),
            })?;
        let data_path = dir.join("data");
        let data = match OpenOptions::new().read(true).write(true).open(&data_path) {
            Ok(f) => f,
            // The data file leaves a session only by becoming a blob or by an abort; either way
            // a process died before removing the rest, so finish the removal.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::remove_dir_all(dir)
                    .map_err(io_ctx(format!("removing leftover {}", dir.display())))?;
                return Ok(None);
            }
            Err(e) => return Err(io_ctx(format!("opening {}", data_path.display()))(e)),
        };
        let journal_path = dir.join("chunks.log");
        let mut journal = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&journal_path)
            .map_err(io_ctx(format!("opening {}", journal_path.display())))?;
        let mut raw = Vec::new();
        journal
            .read_to_end(&mut raw)
            .map_err(io_ctx(format!("reading {}", journal_path.display())))?;
        let whole = raw.len() - raw.len() % RECORD_LEN;
        if whole != raw.len() {
            journal
                .set_len(whole as u64)
                .and_then(|()| journal.sync_all())
                .map_err(io_ctx(format!(
                    "cutting torn record of {}",
                    journal_path.display()
                )))?;
        }
        let mut received = vec![None; slots(info.declared_size, dir)?];
        for (n, record) in raw.chunks_exact(RECORD_LEN).enumerate() {
            let corrupt = |detail: String| EvidenceError::CorruptState {
                path: journal_path.clone(),
                detail: format!("record {n}: {detail}"),
            };
            let (index_bytes, hash_bytes) = record.split_at(8);
            let index = u64::from_be_bytes(
                index_bytes
                    .try_into()
                    .map_err(|_| corrupt("short".into()))?,
            );
            let hash = Hash::from_slice(hash_bytes).map_err(|e| corrupt(e.to_string()))?;
            let slot = usize::try_from(index)
                .ok()
                .and_then(|i| received.get_mut(i))
                .ok_or_else(|| corrupt(format!("chunk index {index} is past the end")))?;
            match slot {
                Some(prev) if *prev != hash => {
                    return Err(corrupt(format!("chunk {index} recorded with two hashes")));
                }
                _ => *slot = Some(hash),
            }
        }
        journal
            .seek(SeekFrom::End(0))
            .map_err(io_ctx(format!("seeking {}", journal_path.display())))?;
        Ok(Some(Session {
            dir: dir.to_owned(),
            info,
            received,
            prefix: Prefix::default(),
            closed: false,
            direct: DirectFile::open(&data_path),
            data,
            journal,
        }))
    }

    /// Indices (within a part starting at chunk `first` with `count` chunks) of the chunks not
    /// received yet. The caller holds the session lock, so nobody else writes them meanwhile.
    pub fn fresh_chunks(&self, first: u64, count: usize) -> Vec<usize> {
        (0..count)
            .filter(|&i| {
                usize::try_from(first + i as u64)
                    .ok()
                    .and_then(|index| self.received.get(index))
                    .is_some_and(Option::is_none)
            })
            .collect()
    }

    /// Writes the `fresh` chunks of `bytes` (a part starting at chunk `first`) and fsyncs.
    /// Takes `&self` so it can run on a thread beside the hashing of the same bytes.
    pub fn write_chunks(&self, first: u64, bytes: &[u8], fresh: &[usize]) -> Result<()> {
        let ctx = || format!("writing part data of {}", self.dir.display());
        for &i in fresh {
            let start = i * CHUNK_LEN;
            let chunk = bytes
                .get(start..(start + CHUNK_LEN).min(bytes.len()))
                .unwrap_or_default();
            let offset = (first + i as u64) * CHUNK_SIZE;
            if !self.direct.write_at(chunk, offset) {
                self.data
                    .write_all_at(chunk, offset)
                    .map_err(io_ctx(ctx()))?;
            }
        }
        if !fresh.is_empty() {
            self.data.sync_data().map_err(io_ctx(ctx()))?;
        }
        Ok(())
    }

    /// After [`write_chunks`](Self::write_chunks): refuses the part if a chunk received before
    /// has other bytes now (the fresh chunks just written stay unjournalled, i.e. not received),
    /// otherwise journals the fresh chunks durably. Returns how many chunks were new.
    pub fn commit(&mut self, first: u64, hashes: &[Hash], fresh: &[usize]) -> Result<u64> {
        for (i, hash) in hashes.iter().enumerate() {
            let index = first + i as u64;
            let prev = usize::try_from(index)
                .ok()
                .and_then(|i| self.received.get(i))
                .copied()
                .flatten();
            if prev.is_some_and(|prev| prev != *hash) {
                return Err(EvidenceError::ConflictingRetry { chunk: index });
            }
        }
        if fresh.is_empty() {
            return Ok(0);
        }
        let mut records = Vec::with_capacity(fresh.len() * RECORD_LEN);
        for &i in fresh {
            if let Some(hash) = hashes.get(i) {
                records.extend_from_slice(&(first + i as u64).to_be_bytes());
                records.extend_from_slice(hash.as_bytes());
            }
        }
        self.journal
            .write_all(&records)
            .and_then(|()| self.journal.sync_data())
            .map_err(io_ctx(format!(
                "journalling chunks of {}",
                self.dir.display()
            )))?;
        for &i in fresh {
            let slot = usize::try_from(first + i as u64)
                .ok()
                .and_then(|index| self.received.get_mut(index));
            if let (Some(slot), Some(hash)) = (slot, hashes.get(i)) {
                *slot = Some(*hash);
            }
        }
        Ok(fresh.len() as u64)
    }

    /// The data file, for reading at `complete`.
    pub fn data(&self) -> &File {
        &self.data
    }

    /// Indices of missing chunks.
    pub fn missing(&self) -> impl Iterator<Item = u64> + '_ {
        self.received
            .iter()
            .enumerate()
            .filter(|(_, h)| h.is_none())
            .map(|(i, _)| i as u64)
    }
}

/// Number of chunk slots as a `usize`.
fn slots(size: u64, dir: &Path) -> Result<usize> {
    usize::try_from(chunk_count(size)).map_err(|_| EvidenceError::CorruptState {
        path: dir.to_owned(),
        detail: format!("size {size} has too many chunks for this platform"),
    })
}
