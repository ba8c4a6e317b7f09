//! Durable file-system helpers: every state change is written, fsynced, then renamed into place
//! and the directory fsynced, so a killed process leaves either the old or the new state.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use crate::error::{Result, io_ctx};

/// Fsyncs a directory so a rename or creation inside it survives a crash.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_ctx(format!("syncing directory {}", dir.display())))
}

/// Replaces `path` with `bytes` atomically and durably.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp");
    let ctx = || format!("writing {}", path.display());
    let mut file = File::create(&tmp).map_err(io_ctx(ctx()))?;
    file.write_all(bytes).map_err(io_ctx(ctx()))?;
    file.sync_all().map_err(io_ctx(ctx()))?;
    fs::rename(&tmp, path).map_err(io_ctx(ctx()))?;
    if let Some(parent) = path.parent() {
        sync_dir(parent)?;
    }
    Ok(())
}

/// Creates a directory (and parents) if missing.
pub(crate) fn ensure_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(io_ctx(format!("creating directory {}", dir.display())))
}

/// Milliseconds since the Unix epoch (0 if the clock is before 1970): the store's own
/// bookkeeping of its files (quarantine and staging ages), never a time a rule or record uses.
#[allow(clippy::disallowed_methods)]
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
