//! Errors of the evidence store.

use std::io;
use std::path::PathBuf;

/// Why an evidence operation failed. Every message says what was wrong with which input.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    /// A file-system operation failed.
    #[error("{context}: {source}")]
    Io {
        /// What the store was doing, e.g. "writing part data".
        context: String,
        /// The underlying error.
        source: io::Error,
    },
    /// Another process (or another `EvidenceStore` in this one) has the directory open.
    #[error("evidence store {0} is in use by another process")]
    StoreBusy(PathBuf),
    /// An upload id that is not 32 lower-case hex digits.
    #[error("malformed upload id {0:?}: expected 32 lower-case hex digits")]
    MalformedId(String),
    /// A blob id that is not 64 hex digits.
    #[error("malformed blob id {0:?}: expected the 64 hex digits of an SM3 digest")]
    MalformedBlobId(String),
    /// No open upload session with this id (never created, completed, or aborted).
    #[error("no open upload {0}")]
    UnknownUpload(String),
    /// No blob with this SM3 digest.
    #[error("no blob {0}")]
    UnknownBlob(String),
    /// The declared size is over the store's limit.
    #[error("declared size {size} bytes is over the limit of {max} bytes")]
    SizeTooLarge {
        /// Declared size.
        size: u64,
        /// The limit.
        max: u64,
    },
    /// The metadata is out of range.
    #[error("invalid metadata: {0}")]
    InvalidMetadata(String),
    /// A part that does not start on a 4 MiB chunk boundary.
    #[error("part offset {offset} is not a multiple of the 4 MiB chunk size")]
    MisalignedOffset {
        /// The offset given.
        offset: u64,
    },
    /// A part whose length is not whole chunks and that does not end the file.
    #[error(
        "part at offset {offset} of {len} bytes neither is whole 4 MiB chunks nor ends the file"
    )]
    MisalignedLength {
        /// The offset given.
        offset: u64,
        /// The part length.
        len: u64,
    },
    /// An empty part.
    #[error("part at offset {offset} is empty")]
    EmptyPart {
        /// The offset given.
        offset: u64,
    },
    /// A part bigger than the store accepts at once (memory bound).
    #[error("part of {len} bytes is over the limit of {max} bytes per part")]
    PartTooLarge {
        /// The part length.
        len: u64,
        /// The limit.
        max: u64,
    },
    /// A part that runs past the declared size.
    #[error("part at offset {offset} of {len} bytes runs past the declared size {size}")]
    PastEnd {
        /// The offset given.
        offset: u64,
        /// The part length.
        len: u64,
        /// The declared size.
        size: u64,
    },
    /// A retried part whose bytes differ from what was already received for a chunk.
    #[error("chunk {chunk} was already received with different bytes")]
    ConflictingRetry {
        /// Index of the first differing chunk.
        chunk: u64,
    },
    /// `complete` before every chunk arrived.
    #[error("upload incomplete: {missing} of {total} chunks missing, first missing chunk {first}")]
    Incomplete {
        /// Number of missing chunks.
        missing: u64,
        /// Number of chunks of the file.
        total: u64,
        /// Index of the first missing chunk.
        first: u64,
    },
    /// A range that is not inside the blob.
    #[error("range {start}..{end} is not inside the blob of {size} bytes")]
    BadRange {
        /// Start (inclusive).
        start: u64,
        /// End (exclusive).
        end: u64,
        /// Blob size.
        size: u64,
    },
    /// A state file of the store is damaged.
    #[error("corrupt store state in {path}: {detail}")]
    CorruptState {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// A thumbnail was asked of something that is not a decodable JPEG or PNG.
    #[error("cannot make a thumbnail: {0}")]
    Thumbnail(String),
}

/// Shorthand for results of this crate.
pub type Result<T> = std::result::Result<T, EvidenceError>;

/// Wraps an `io::Error` with what the store was doing.
pub(crate) fn io_ctx(context: impl Into<String>) -> impl FnOnce(io::Error) -> EvidenceError {
    let context = context.into();
    move |source| EvidenceError::Io { context, source }
}
