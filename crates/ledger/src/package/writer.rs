//! [`PackageWriter`]: writes a package, streaming the files and checking them against the
//! digests the entries commit to.
//!
//! The writer refuses to produce a package that would not verify: the checkpoint must be signed
//! by one of the given log keys, the entries must form a continuous case chain, and every
//! inclusion proof must lead to the checkpoint's root. Files are copied through a fixed buffer
//! while their SM3 and SHA-256 are computed; a file whose size or digests differ from its
//! attachment record is refused. The refusal comes after its bytes were written (one pass,
//! no second read), so after any error the output is invalid and must be discarded.

use std::io::{self, Read, Write};

use crate::chain::{CaseChain, ChainError};
use crate::checkpoint::{Checkpoint, CheckpointError};
use crate::entry::{Entry, EntryError};
use crate::hash::{Hash, leaf_hash};
use crate::note::{self, NoteError, Verifier};
use crate::proof::{ProofError, verify_inclusion};

use super::digest::DigestReader;
use super::manifest::{
    Manifest, ManifestEntry, ManifestFile, ManifestKeys, entry_path, file_path, timestamp_path,
    tsa_path,
};
use super::{CHECKPOINT_MEMBER, LOG_KEYS_MEMBER, MANIFEST_MEMBER, WITNESS_KEYS_MEMBER};

/// One act to package: its encoded entry, its global log index and its inclusion proof in the
/// checkpoint's tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageEntry {
    /// Leaf index in the global log.
    pub index: u64,
    /// The `sanxiang-entry/v1` bytes.
    pub bytes: Vec<u8>,
    /// Inclusion proof against the checkpoint, from the leaf upwards.
    pub proof: Vec<Hash>,
}

/// Everything a package holds except the files' contents.
#[derive(Clone, Debug)]
pub struct PackageSpec {
    /// The case's acts in case order (seq 1, 2, …).
    pub entries: Vec<PackageEntry>,
    /// The signed checkpoint note, with the witnesses' cosignatures.
    pub checkpoint_note: String,
    /// The log's verifier keys (at least one must have signed the checkpoint).
    pub log_keys: Vec<Verifier>,
    /// The witnesses' verifier key strings, one per witness (their format is the witness
    /// protocol's, e.g. C2SP cosignature/v1; this crate does not interpret them).
    pub witness_keys: Vec<String>,
    /// How many witnesses must cosign; at most `witness_keys.len()`.
    pub witness_quorum: u64,
    /// TSA certificates, PEM.
    pub tsa_certs: Vec<Vec<u8>>,
    /// RFC 3161 timestamp tokens (DER) over the checkpoint text.
    pub timestamps: Vec<Vec<u8>>,
}

/// Why a package could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("writing the archive failed: {0}")]
    Io(#[from] io::Error),
    #[error("a package holds at least one act")]
    NoEntries,
    #[error("act at position {position}: {error}")]
    Entry { position: usize, error: EntryError },
    #[error("the case chain is broken: {0}")]
    Chain(ChainError),
    #[error("the checkpoint note is malformed: {0}")]
    NoteSyntax(NoteError),
    #[error("the checkpoint is malformed: {0}")]
    Checkpoint(CheckpointError),
    #[error("no log key given")]
    NoLogKeys,
    #[error("the checkpoint does not verify with the log keys: {0}")]
    LogSignature(NoteError),
    #[error("act {seq}: inclusion proof does not verify: {error}")]
    Inclusion { seq: u64, error: ProofError },
    #[error("file {sm3}: acts disagree on its SHA-256 or size")]
    InconsistentAttachment { sm3: Hash },
    #[error("witness key {position} is empty or contains a line break")]
    WitnessKey { position: usize },
    #[error("witness quorum {quorum} is impossible with {witnesses} witness keys")]
    Quorum { quorum: u64, witnesses: usize },
    #[error("file {found} given, but the next file due is {expected:?}")]
    UnexpectedFile {
        found: Hash,
        expected: Option<String>,
    },
    #[error("{path}: declared size {declared}, the acts record {expected}")]
    DeclaredSize {
        path: String,
        declared: u64,
        expected: u64,
    },
    #[error("{path}: the reader yields more than the {expected} bytes declared")]
    FileTooLong { path: String, expected: u64 },
    #[error("{0}")]
    FileDigest(Box<DigestMismatch>),
    #[error("{missing} files not written yet, the next due is {next}")]
    MissingFiles { missing: usize, next: String },
    #[error("an earlier error left the archive invalid")]
    Poisoned,
}

/// A file whose digests differ from those its acts commit to.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "{path}: digests differ from the acts' (SM3 {expected_sm3} expected, {found_sm3} found; \
     SHA-256 {expected_sha256} expected, {found_sha256} found)"
)]
pub struct DigestMismatch {
    /// The member path, `files/<sm3 hex>`.
    pub path: String,
    /// SM3 the acts record.
    pub expected_sm3: Hash,
    /// SM3 of the bytes read.
    pub found_sm3: Hash,
    /// SHA-256 the acts record.
    pub expected_sha256: Hash,
    /// SHA-256 of the bytes read.
    pub found_sha256: Hash,
}

/// Writes one package. Create it with [`PackageWriter::new`] (which writes everything but the
/// files), add every file with [`PackageWriter::add_file`] in the order
/// [`PackageWriter::next_file`] names, then [`PackageWriter::finish`].
pub struct PackageWriter<W: Write> {
    builder: tar::Builder<W>,
    manifest: Manifest,
    next_file: usize,
    poisoned: bool,
}

fn header(path: &str, size: u64) -> io::Result<tar::Header> {
    let mut h = tar::Header::new_ustar();
    h.set_path(path)?;
    h.set_size(size);
    h.set_mode(0o644);
    h.set_mtime(0);
    h.set_uid(0);
    h.set_gid(0);
    h.set_entry_type(tar::EntryType::Regular);
    h.set_cksum();
    Ok(h)
}

fn append_bytes<W: Write>(b: &mut tar::Builder<W>, path: &str, data: &[u8]) -> io::Result<()> {
    b.append(&header(path, data.len() as u64)?, data)
}

fn key_lines<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<u8> {
    let mut out = String::new();
    for k in keys {
        out.push_str(k);
        out.push('\n');
    }
    out.into_bytes()
}

/// Checks the spec and derives the manifest.
fn build_manifest(spec: &PackageSpec) -> Result<Manifest, PackageError> {
    let parsed = note::parse(spec.checkpoint_note.as_bytes()).map_err(PackageError::NoteSyntax)?;
    let checkpoint = Checkpoint::parse(&parsed.text).map_err(PackageError::Checkpoint)?;
    let alg = checkpoint
        .hash_algorithm()
        .map_err(PackageError::Checkpoint)?;
    if spec.log_keys.is_empty() {
        return Err(PackageError::NoLogKeys);
    }
    note::open(spec.checkpoint_note.as_bytes(), &spec.log_keys)
        .map_err(PackageError::LogSignature)?;

    let mut decoded = Vec::with_capacity(spec.entries.len());
    for (position, e) in spec.entries.iter().enumerate() {
        let entry = Entry::decode(&e.bytes).map_err(|error| PackageError::Entry {
            position: position + 1,
            error,
        })?;
        decoded.push(entry);
    }
    let case_id = decoded
        .first()
        .map(|e| e.case_id.clone())
        .ok_or(PackageError::NoEntries)?;
    let chain_head = CaseChain::new(alg, case_id.clone())
        .verify(&decoded)
        .map_err(PackageError::Chain)?;

    let root = Hash(checkpoint.root);
    let mut entries = Vec::with_capacity(spec.entries.len());
    let mut files: Vec<ManifestFile> = Vec::new();
    for (e, entry) in spec.entries.iter().zip(&decoded) {
        let leaf = leaf_hash(alg, &e.bytes);
        verify_inclusion(alg, e.index, checkpoint.size, &leaf, &e.proof, &root).map_err(
            |error| PackageError::Inclusion {
                seq: entry.seq,
                error,
            },
        )?;
        entries.push(ManifestEntry {
            index: e.index,
            seq: entry.seq,
            path: entry_path(entry.seq),
            leaf_hash: leaf,
            proof: e.proof.clone(),
        });
        for a in &entry.attachments {
            match files.iter().find(|f| f.sm3 == a.sm3) {
                Some(f) if f.sha256 != a.sha256 || f.size != a.size => {
                    return Err(PackageError::InconsistentAttachment { sm3: a.sm3 });
                }
                Some(_) => {}
                None => files.push(ManifestFile {
                    path: file_path(&a.sm3),
                    kind: a.kind.clone(),
                    sm3: a.sm3,
                    sha256: a.sha256,
                    size: a.size,
                }),
            }
        }
    }

    for (i, k) in spec.witness_keys.iter().enumerate() {
        if k.is_empty() || k.contains(['\n', '\r']) {
            return Err(PackageError::WitnessKey { position: i + 1 });
        }
    }
    let n = spec.witness_keys.len() as u64;
    if spec.witness_quorum > n || (n > 0 && spec.witness_quorum == 0) {
        return Err(PackageError::Quorum {
            quorum: spec.witness_quorum,
            witnesses: spec.witness_keys.len(),
        });
    }
    Ok(Manifest {
        hash: alg,
        case_id,
        origin: checkpoint.origin,
        chain_head,
        checkpoint: CHECKPOINT_MEMBER.to_owned(),
        entries,
        files,
        timestamps: (1..=spec.timestamps.len()).map(timestamp_path).collect(),
        keys: ManifestKeys {
            log: LOG_KEYS_MEMBER.to_owned(),
            witnesses: (!spec.witness_keys.is_empty()).then(|| WITNESS_KEYS_MEMBER.to_owned()),
            witness_quorum: spec.witness_quorum,
            tsa: (1..=spec.tsa_certs.len()).map(tsa_path).collect(),
        },
    })
}

/// Reads exactly `remaining` bytes from `inner`; ending early is an error, so a short file
/// never leaves a corrupt archive behind silently.
struct Exact<R> {
    inner: R,
    remaining: u64,
}

impl<R: Read> Read for Exact<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.remaining == 0 {
            return Ok(0);
        }
        let want = usize::try_from(self.remaining).map_or(buf.len(), |r| r.min(buf.len()));
        let n = self.inner.read(buf.get_mut(..want).unwrap_or_default())?;
        if n == 0 && want > 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("file ended {} bytes early", self.remaining),
            ));
        }
        self.remaining = self.remaining.saturating_sub(n as u64);
        Ok(n)
    }
}

impl<W: Write> PackageWriter<W> {
    /// Checks `spec` and writes `manifest.json`, the checkpoint, the keys, the timestamps and
    /// the entries.
    pub fn new(out: W, spec: &PackageSpec) -> Result<Self, PackageError> {
        let manifest = build_manifest(spec)?;
        let mut builder = tar::Builder::new(out);
        append_bytes(&mut builder, MANIFEST_MEMBER, &manifest.to_json())?;
        append_bytes(
            &mut builder,
            CHECKPOINT_MEMBER,
            spec.checkpoint_note.as_bytes(),
        )?;
        let log_keys: Vec<String> = spec.log_keys.iter().map(Verifier::to_key_string).collect();
        append_bytes(
            &mut builder,
            LOG_KEYS_MEMBER,
            &key_lines(log_keys.iter().map(String::as_str)),
        )?;
        if let Some(path) = &manifest.keys.witnesses {
            let lines = key_lines(spec.witness_keys.iter().map(String::as_str));
            append_bytes(&mut builder, path, &lines)?;
        }
        for (path, pem) in manifest.keys.tsa.iter().zip(&spec.tsa_certs) {
            append_bytes(&mut builder, path, pem)?;
        }
        for (path, token) in manifest.timestamps.iter().zip(&spec.timestamps) {
            append_bytes(&mut builder, path, token)?;
        }
        for (m, e) in manifest.entries.iter().zip(&spec.entries) {
            append_bytes(&mut builder, &m.path, &e.bytes)?;
        }
        Ok(PackageWriter {
            builder,
            manifest,
            next_file: 0,
            poisoned: false,
        })
    }

    /// The manifest being written.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The file [`PackageWriter::add_file`] expects next, or `None` when all are written.
    pub fn next_file(&self) -> Option<&ManifestFile> {
        self.manifest.files.get(self.next_file)
    }

    /// Copies the next file (the one with SM3 `sm3`, `size` bytes) from `reader` into the
    /// archive, computing its SM3 and SHA-256 on the way, and refuses it if they or the size
    /// differ from what the acts record. After an error the archive is invalid.
    pub fn add_file<R: Read>(
        &mut self,
        sm3: &Hash,
        size: u64,
        mut reader: R,
    ) -> Result<(), PackageError> {
        if self.poisoned {
            return Err(PackageError::Poisoned);
        }
        let expected = match self.next_file() {
            Some(f) if f.sm3 == *sm3 => f.clone(),
            other => {
                return Err(PackageError::UnexpectedFile {
                    found: *sm3,
                    expected: other.map(|f| f.path.clone()),
                });
            }
        };
        if size != expected.size {
            return Err(PackageError::DeclaredSize {
                path: expected.path,
                declared: size,
                expected: expected.size,
            });
        }
        // From here on bytes reach the output: any failure poisons the writer.
        self.poisoned = true;
        let head = header(&expected.path, size)?;
        let mut digest = DigestReader::new(Exact {
            inner: &mut reader,
            remaining: size,
        });
        self.builder.append(&head, &mut digest)?;
        let found = digest.finish();
        let mut probe = [0u8; 1];
        if reader.read(&mut probe)? != 0 {
            return Err(PackageError::FileTooLong {
                path: expected.path,
                expected: size,
            });
        }
        if found.sm3 != expected.sm3 || found.sha256 != expected.sha256 {
            return Err(PackageError::FileDigest(Box::new(DigestMismatch {
                path: expected.path,
                expected_sm3: expected.sm3,
                found_sm3: found.sm3,
                expected_sha256: expected.sha256,
                found_sha256: found.sha256,
            })));
        }
        self.poisoned = false;
        self.next_file += 1;
        Ok(())
    }

    /// Ends the archive (two zero blocks) and returns the output. Every file must have been
    /// added.
    pub fn finish(self) -> Result<W, PackageError> {
        if self.poisoned {
            return Err(PackageError::Poisoned);
        }
        if let Some(next) = self.next_file() {
            return Err(PackageError::MissingFiles {
                missing: self.manifest.files.len() - self.next_file,
                next: next.path.clone(),
            });
        }
        Ok(self.builder.into_inner()?)
    }
}
