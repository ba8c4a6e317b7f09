//! Durable witness state: one file per log origin holding the last cosigned checkpoint note, and
//! a `forks/` directory of fork proofs.
//!
//! ```text
//! <state dir>/logs/<hex SHA-256 of the origin>.note   last cosigned checkpoint (signed note)
//! <state dir>/forks/<hex SHA-256 of the proof, 32 digits>.json   fork proofs
//! ```
//!
//! Origins are hashed into file names because they are arbitrary text (slashes, dots). Every
//! write goes to a temporary file in the same directory, is fsynced, renamed over the target,
//! and the directory is fsynced: after a crash the file holds either the old or the new note,
//! and a cosignature is only returned once the new state is on disk.

use sanxiang_ledger::hash::HashAlg;
use sanxiang_ledger::witness::ForkProof;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Why the state directory could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("state directory {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_owned(),
        source,
    }
}

/// The witness's state directory.
#[derive(Debug, Clone)]
pub struct WitnessStore {
    logs: PathBuf,
    forks: PathBuf,
}

impl WitnessStore {
    /// Opens (creating if needed) a state directory.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        let logs = dir.join("logs");
        let forks = dir.join("forks");
        fs::create_dir_all(&logs).map_err(io_err(&logs))?;
        fs::create_dir_all(&forks).map_err(io_err(&forks))?;
        Ok(WitnessStore { logs, forks })
    }

    fn note_path(&self, origin: &str) -> PathBuf {
        let name = HashAlg::Sha256.digest(origin.as_bytes()).to_hex();
        self.logs.join(format!("{name}.note"))
    }

    /// The last cosigned note for `origin`, if any (unverified: open it with the log's keys).
    pub fn load(&self, origin: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let path = self.note_path(origin);
        match fs::read(&path) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_err(&path)(e)),
        }
    }

    /// Durably replaces the recorded note for `origin`.
    pub fn save(&self, origin: &str, note: &str) -> Result<(), StoreError> {
        let path = self.note_path(origin);
        write_atomic(&path, note.as_bytes()).map_err(io_err(&path))
    }

    /// Durably writes a fork proof; returns its path. The same proof always gets the same name.
    pub fn save_fork(&self, proof: &ForkProof) -> Result<PathBuf, StoreError> {
        let json = proof.to_json();
        let digest = HashAlg::Sha256.digest(json.as_bytes()).to_hex();
        let name = digest.get(..32).unwrap_or(&digest);
        let path = self.forks.join(format!("{name}.json"));
        write_atomic(&path, json.as_bytes()).map_err(io_err(&path))?;
        Ok(path)
    }

    /// Paths of all stored fork proofs, sorted.
    pub fn fork_files(&self) -> Result<Vec<PathBuf>, StoreError> {
        let mut out = Vec::new();
        for entry in fs::read_dir(&self.forks).map_err(io_err(&self.forks))? {
            let path = entry.map_err(io_err(&self.forks))?.path();
            if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
        out.sort();
        Ok(out)
    }
}

/// Temp file in the target's directory, fsync, rename, fsync the directory.
fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| io::Error::other("path has no parent directory"))?;
    let file_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| io::Error::other("path has no file name"))?;
    let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{file_name}.{}.{n}.tmp", std::process::id()));
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
