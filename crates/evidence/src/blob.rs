//! Reading stored blobs: whole, by byte range (HTTP range requests), and re-verifying them.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Take};
use std::path::{Path, PathBuf};

use sanxiang_ledger::hash::Hash;

use crate::chunk::{Digests, default_batch_chunks, digest_reader};
use crate::complete::BlobRecord;
use crate::error::{EvidenceError, Result, io_ctx};
use crate::store::EvidenceStore;

/// A stored blob opened for reading.
#[derive(Debug)]
pub struct BlobReader {
    file: File,
    size: u64,
}

impl BlobReader {
    /// Size of the blob in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The open file, e.g. to hand to an async runtime.
    pub fn into_file(self) -> File {
        self.file
    }
}

impl Read for BlobReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.file.read(buf)
    }
}

impl Seek for BlobReader {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.file.seek(pos)
    }
}

/// The result of re-hashing a blob.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlobVerification {
    /// What the sidecar records.
    pub recorded: Digests,
    /// What the bytes on disk hash to now.
    pub computed: Digests,
}

impl BlobVerification {
    /// Whether the blob is intact.
    pub fn ok(&self) -> bool {
        self.recorded == self.computed
    }
}

/// Parses a blob id (the 64 hex digits of the file's SM3) as a client sends it.
pub fn parse_blob_id(text: &str) -> Result<Hash> {
    Hash::from_hex(text)
        .map_err(|_| EvidenceError::MalformedBlobId(text.chars().take(80).collect()))
}

/// Reads a sidecar; `None` if there is none.
pub(crate) fn read_record(path: &Path) -> Result<Option<BlobRecord>> {
    let text = match std::fs::read(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_ctx(format!("reading {}", path.display()))(e)),
    };
    serde_json::from_slice(&text)
        .map(Some)
        .map_err(|e| EvidenceError::CorruptState {
            path: path.to_owned(),
            detail: e.to_string(),
        })
}

impl EvidenceStore {
    /// Path of a blob's file (whether or not it exists).
    pub(crate) fn blob_path(&self, sm3: &Hash) -> PathBuf {
        self.root().join("blobs").join(sm3.to_hex())
    }

    /// Whether a blob with this SM3 is stored.
    pub fn has_blob(&self, sm3: &Hash) -> bool {
        self.blob_path(sm3).is_file()
    }

    /// The sidecar of a blob: digests and metadata.
    pub fn blob_record(&self, sm3: &Hash) -> Result<BlobRecord> {
        let path = self
            .root()
            .join("blobs")
            .join(format!("{}.json", sm3.to_hex()));
        match read_record(&path)? {
            Some(r) if self.has_blob(sm3) => Ok(r),
            _ => Err(EvidenceError::UnknownBlob(sm3.to_hex())),
        }
    }

    /// Opens a blob for reading.
    pub fn open_blob(&self, sm3: &Hash) -> Result<BlobReader> {
        let path = self.blob_path(sm3);
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(EvidenceError::UnknownBlob(sm3.to_hex()));
            }
            Err(e) => return Err(io_ctx(format!("opening {}", path.display()))(e)),
        };
        let size = file
            .metadata()
            .map_err(io_ctx(format!("reading size of {}", path.display())))?
            .len();
        Ok(BlobReader { file, size })
    }

    /// A reader of bytes `start..end` (end exclusive) of a blob; an HTTP `bytes=a-b` range is
    /// `start = a, end = b + 1`. A range outside the blob is [`EvidenceError::BadRange`].
    pub fn read_range(&self, sm3: &Hash, start: u64, end: u64) -> Result<Take<BlobReader>> {
        let mut reader = self.open_blob(sm3)?;
        let size = reader.size();
        if start > end || end > size {
            return Err(EvidenceError::BadRange { start, end, size });
        }
        reader
            .seek(SeekFrom::Start(start))
            .map_err(io_ctx(format!("seeking blob {sm3}")))?;
        Ok(reader.take(end - start))
    }

    /// Recomputes the digests of a blob and compares them with its sidecar.
    pub fn verify_blob(&self, sm3: &Hash) -> Result<BlobVerification> {
        let recorded = self.blob_record(sm3)?.digests;
        let reader = self.open_blob(sm3)?;
        let (computed, _) = digest_reader(reader, default_batch_chunks())
            .map_err(io_ctx(format!("reading blob {sm3}")))?;
        Ok(BlobVerification { recorded, computed })
    }
}
