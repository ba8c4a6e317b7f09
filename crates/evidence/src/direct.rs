//! Part data written past the page cache (`O_DIRECT`) where the file system allows it.
//!
//! Ingest is meant to cost what hashing costs. Copying every part into the page cache cost
//! about a quarter of the server's time in the ingest benchmark (the kernel allocating and
//! filling pages that are flushed at once and rarely read again), so whole 4 MiB chunks go
//! through a second handle opened with `O_DIRECT`, from an aligned buffer; the device reads them
//! from there. A short last chunk, and file systems without `O_DIRECT` (tmpfs), use the ordinary
//! handle. Either way the caller's `fdatasync` on the ordinary handle makes the data durable.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Mutex;

use crate::chunk::CHUNK_LEN;
use crate::store::lock;

/// Alignment `O_DIRECT` needs of buffers, offsets and lengths (the page size covers every
/// logical block size in use). Callers that receive parts into buffers aligned to it (see
/// [`aligned_buffer`]) spare the copy into an aligned buffer here.
pub const ALIGN: usize = 4096;

/// An empty buffer of `capacity` bytes whose first byte is at an `ALIGN` boundary: fill it
/// with `extend_from_slice` up to `capacity` (never more: a reallocation loses the alignment),
/// then `Bytes::from(vec).slice(start..)`. Returns the vector and `start`.
pub fn aligned_buffer(capacity: usize) -> (Vec<u8>, usize) {
    let mut v: Vec<u8> = Vec::with_capacity(capacity + ALIGN);
    let start = v.as_ptr().align_offset(ALIGN).min(ALIGN);
    v.resize(start, 0);
    (v, start)
}

/// Aligned buffers kept for reuse (a fresh 4 MiB buffer would be faulted in and zeroed for
/// every part); at most a few, whatever the number of open uploads.
static SPARE: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
const MAX_SPARE: usize = 4;

/// A second handle on an upload's data file, for direct writes; `None` where the file system
/// refuses `O_DIRECT`.
pub(crate) struct DirectFile(Option<File>);

impl DirectFile {
    pub fn open(path: &Path) -> DirectFile {
        DirectFile(open_direct(path))
    }

    /// Writes `chunk` at `offset` directly if it can; `false` means it did not (not a whole
    /// number of blocks, no direct handle, or the write was refused) and the caller writes it
    /// through the ordinary handle.
    pub fn write_at(&self, chunk: &[u8], offset: u64) -> bool {
        let Some(file) = &self.0 else {
            return false;
        };
        if chunk.is_empty()
            || !chunk.len().is_multiple_of(ALIGN)
            || !offset.is_multiple_of(ALIGN as u64)
        {
            return false;
        }
        // A chunk of a part the caller received into an aligned buffer is written as it is.
        if chunk.as_ptr().align_offset(ALIGN) == 0 {
            return file.write_all_at(chunk, offset).is_ok();
        }
        let mut buf = lock(&SPARE)
            .pop()
            .unwrap_or_else(|| vec![0u8; CHUNK_LEN + ALIGN]);
        let start = buf.as_ptr().align_offset(ALIGN);
        let written = match buf.get_mut(start..start.saturating_add(chunk.len())) {
            Some(aligned) => {
                aligned.copy_from_slice(chunk);
                file.write_all_at(aligned, offset).is_ok()
            }
            None => false,
        };
        let mut spare = lock(&SPARE);
        if spare.len() < MAX_SPARE {
            spare.push(buf);
        }
        written
    }
}

#[cfg(target_os = "linux")]
fn open_direct(path: &Path) -> Option<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_DIRECT)
        .open(path)
        .ok()
}

#[cfg(not(target_os = "linux"))]
fn open_direct(_path: &Path) -> Option<File> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_writes_read_back_through_the_ordinary_handle() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data");
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)
            .unwrap();
        file.set_len(3 * CHUNK_LEN as u64).unwrap();
        let direct = DirectFile::open(&path);
        let chunk: Vec<u8> = (0..CHUNK_LEN).map(|i| (i % 251) as u8).collect();
        let wrote = direct.write_at(&chunk, CHUNK_LEN as u64);
        if !wrote {
            file.write_all_at(&chunk, CHUNK_LEN as u64).unwrap();
        }
        // From an aligned buffer, as it is.
        let (mut aligned, start) = aligned_buffer(CHUNK_LEN);
        aligned.extend_from_slice(&chunk);
        assert_eq!(aligned[start..].as_ptr().align_offset(ALIGN), 0);
        if wrote {
            assert!(direct.write_at(&aligned[start..], 2 * CHUNK_LEN as u64));
            let mut back = vec![0u8; CHUNK_LEN];
            file.read_exact_at(&mut back, 2 * CHUNK_LEN as u64).unwrap();
            assert!(back == chunk);
        }
        // A short chunk is never written directly.
        assert!(!direct.write_at(&chunk[..100], 2 * CHUNK_LEN as u64));
        let mut back = vec![0u8; CHUNK_LEN];
        file.read_exact_at(&mut back, CHUNK_LEN as u64).unwrap();
        assert!(back == chunk);
    }
}
