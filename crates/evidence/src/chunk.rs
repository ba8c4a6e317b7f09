//! The chunk tree and the three file digests (see `docs/evidence.md`).
//!
//! A file is cut into [`CHUNK_SIZE`] chunks (the last may be shorter; an empty file has none).
//! Each chunk hash is the RFC 6962 SM3 leaf hash `SM3(0x00 ‖ chunk)`, and the chunk-tree root is
//! the RFC 6962 Merkle Tree Hash over the chunk hashes, so one chunk can be checked against the
//! root with an ordinary inclusion proof. SHA-256 and SM3 of the whole file are computed too.
//!
//! Chunk hashes are independent, so they are computed on worker threads while the calling thread
//! runs the two inherently sequential whole-file hashes over the same bytes.

use std::io::{self, Read};
use std::sync::OnceLock;

use sanxiang_ledger::hash::{Hash, HashAlg, leaf_hash};
use sanxiang_ledger::proof::{ProofError, inclusion_proof, verify_inclusion};
use sanxiang_ledger::tree;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use sm3::{Digest, Sm3};

use crate::hexser;

/// Chunk size in bytes: 4 MiB.
pub const CHUNK_SIZE: u64 = 4 * 1024 * 1024;

/// [`CHUNK_SIZE`] as a `usize`, for buffers.
pub const CHUNK_LEN: usize = 4 * 1024 * 1024;

/// Number of chunks of a file of `size` bytes (zero for an empty file).
pub fn chunk_count(size: u64) -> u64 {
    size.div_ceil(CHUNK_SIZE)
}

/// The hash of one chunk: the RFC 6962 SM3 leaf hash `SM3(0x00 ‖ chunk)`.
pub fn chunk_hash(chunk: &[u8]) -> Hash {
    leaf_hash(HashAlg::Sm3, chunk)
}

/// The chunk-tree root: RFC 6962 MTH (SM3) over the chunk hashes; `SM3("")` for an empty file.
pub fn chunk_root(chunk_hashes: &[Hash]) -> Hash {
    tree::root(HashAlg::Sm3, chunk_hashes)
}

/// Inclusion proof for chunk `index` among `chunk_hashes` (hashes from the leaf upwards).
pub fn chunk_proof(chunk_hashes: &[Hash], index: u64) -> Result<Vec<Hash>, ProofError> {
    inclusion_proof(HashAlg::Sm3, chunk_hashes, index, chunk_hashes.len() as u64)
}

/// Checks that `chunk` is chunk `index` of a file of `chunk_count` chunks with chunk-tree `root`.
pub fn verify_chunk(
    chunk: &[u8],
    index: u64,
    chunk_count: u64,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    verify_inclusion(
        HashAlg::Sm3,
        index,
        chunk_count,
        &chunk_hash(chunk),
        proof,
        root,
    )
}

/// The digests an attachment records for one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Digests {
    /// Size of the file in bytes.
    pub size: u64,
    /// SM3 of the whole file (no prefix); also the blob's name.
    #[serde(with = "hexser")]
    pub sm3: Hash,
    /// SHA-256 of the whole file.
    #[serde(with = "hexser")]
    pub sha256: Hash,
    /// Root of the SM3 chunk tree.
    #[serde(with = "hexser")]
    pub chunk_root: Hash,
    /// Number of chunks (`ceil(size / 4 MiB)`).
    pub chunk_count: u64,
}

/// The two sequential whole-file hashes, cloneable so a caller can hash speculatively.
#[derive(Clone, Default)]
pub struct WholeHasher {
    sha256: Sha256,
    sm3: Sm3,
}

impl WholeHasher {
    /// Feeds the next bytes of the file.
    pub fn update(&mut self, data: &[u8]) {
        self.sha256.update(data);
        self.sm3.update(data);
    }

    /// The same, with SHA-256 on a second thread: the two are independent, and SM3 (the slower,
    /// no CPU instructions for it) alone then bounds the time.
    fn update_split(&mut self, data: &[u8]) {
        let (sha256, sm3) = (&mut self.sha256, &mut self.sm3);
        std::thread::scope(|scope| {
            scope.spawn(|| sha256.update(data));
            sm3.update(data);
        });
    }

    /// `(sm3, sha256)` of everything fed so far.
    pub fn finish(self) -> (Hash, Hash) {
        (
            to_hash(&self.sm3.finalize()),
            to_hash(&self.sha256.finalize()),
        )
    }
}

fn to_hash(bytes: &[u8]) -> Hash {
    // Both digests are 32 bytes; fall back to zeros rather than panic if that ever changed.
    Hash::from_slice(bytes).unwrap_or_default()
}

/// Number of worker threads for chunk hashing: the cores minus the two running the sequential
/// whole-file SM3 and SHA-256 meanwhile (at least one).
pub fn worker_threads() -> usize {
    static WORKERS: OnceLock<usize> = OnceLock::new();
    *WORKERS.get_or_init(|| {
        std::thread::available_parallelism()
            .map(|n| n.get().saturating_sub(2).max(1))
            .unwrap_or(1)
    })
}

/// Hashes the chunks of `data` (which starts on a chunk boundary) on worker threads while the
/// calling thread feeds `whole` (if any) with the same bytes. Returns the chunk hashes in order.
pub fn hash_batch(data: &[u8], whole: Option<&mut WholeHasher>) -> Vec<Hash> {
    let chunks: Vec<&[u8]> = data.chunks(CHUNK_LEN).collect();
    let workers = worker_threads().min(chunks.len());
    if workers <= 1 && whole.is_none() {
        return chunks.iter().map(|c| chunk_hash(c)).collect();
    }
    let per_worker = chunks.len().div_ceil(workers.max(1)).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .chunks(per_worker)
            .map(|group| {
                scope.spawn(move || group.iter().map(|c| chunk_hash(c)).collect::<Vec<_>>())
            })
            .collect();
        if let Some(whole) = whole {
            whole.update_split(data);
        }
        let mut out = Vec::with_capacity(chunks.len());
        for (handle, group) in handles.into_iter().zip(chunks.chunks(per_worker)) {
            match handle.join() {
                Ok(hashes) => out.extend(hashes),
                // A worker cannot panic on hashing; recompute here rather than propagate.
                Err(_) => out.extend(group.iter().map(|c| chunk_hash(c))),
            }
        }
        out
    })
}

/// Streaming digester: feed the file in chunk-aligned batches, then [`finish`](Self::finish).
#[derive(Clone, Default)]
pub struct Digester {
    whole: WholeHasher,
    size: u64,
    chunk_hashes: Vec<Hash>,
    /// Set once a short (final) chunk was fed; more data after it would misalign the chunks.
    ended: bool,
}

impl Digester {
    /// A digester at the start of a file.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds the next `data`, a whole number of chunks except at the end of the file.
    /// Returns `false` (and ignores `data`) if a short chunk was already fed.
    pub fn update(&mut self, data: &[u8]) -> bool {
        if self.ended {
            return false;
        }
        if data.is_empty() {
            return true;
        }
        let hashes = hash_batch(data, Some(&mut self.whole));
        self.chunk_hashes.extend(hashes);
        self.size += data.len() as u64;
        self.ended = !self.size.is_multiple_of(CHUNK_SIZE);
        true
    }

    /// The digests and the chunk hashes in order.
    pub fn finish(self) -> (Digests, Vec<Hash>) {
        let (sm3, sha256) = self.whole.finish();
        let digests = Digests {
            size: self.size,
            sm3,
            sha256,
            chunk_root: chunk_root(&self.chunk_hashes),
            chunk_count: self.chunk_hashes.len() as u64,
        };
        (digests, self.chunk_hashes)
    }
}

/// Digests of bytes in memory (chunk hashes in parallel).
pub fn digest_bytes(data: &[u8]) -> (Digests, Vec<Hash>) {
    let mut digester = Digester::new();
    // Batches of a few chunks per worker keep the threads busy without a huge spawn count.
    let batch = CHUNK_LEN * worker_threads() * 4;
    for part in data.chunks(batch) {
        digester.update(part);
    }
    digester.finish()
}

/// Default number of chunks read per batch by [`digest_reader`]: two per worker thread.
pub fn default_batch_chunks() -> usize {
    worker_threads() * 2
}

/// Digests of a stream, holding at most `batch_chunks` chunks in memory.
pub fn digest_reader<R: Read>(
    mut reader: R,
    batch_chunks: usize,
) -> io::Result<(Digests, Vec<Hash>)> {
    let mut digester = Digester::new();
    let mut buf = vec![0u8; CHUNK_LEN * batch_chunks.max(1)];
    loop {
        let n = read_full(&mut reader, &mut buf)?;
        if let Some(filled) = buf.get(..n) {
            digester.update(filled);
        }
        if n < buf.len() {
            return Ok(digester.finish());
        }
    }
}

/// Reads until `buf` is full or the stream ends; returns the number of bytes read.
pub(crate) fn read_full<R: Read>(reader: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while let Some(rest) = buf.get_mut(filled..) {
        if rest.is_empty() {
            break;
        }
        match reader.read(rest) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}
