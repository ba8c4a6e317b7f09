//! SM3 and SHA-256 of a stream, computed in one pass while the bytes are copied.

use std::io::{self, Read};

use sha2::Sha256;
use sm3::{Digest as _, Sm3};

use crate::hash::Hash;

/// The digests and size of a file, as computed while streaming it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileDigest {
    /// SM3 of the content.
    pub sm3: Hash,
    /// SHA-256 of the content.
    pub sha256: Hash,
    /// Number of bytes.
    pub size: u64,
}

/// A reader that hashes what passes through it.
pub(crate) struct DigestReader<R> {
    inner: R,
    sm3: Sm3,
    sha256: Sha256,
    size: u64,
}

impl<R: Read> DigestReader<R> {
    pub(crate) fn new(inner: R) -> Self {
        DigestReader {
            inner,
            sm3: Sm3::new(),
            sha256: Sha256::new(),
            size: 0,
        }
    }

    /// The digests of everything read.
    pub(crate) fn finish(self) -> FileDigest {
        FileDigest {
            sm3: to_hash(&self.sm3.finalize()),
            sha256: to_hash(&self.sha256.finalize()),
            size: self.size,
        }
    }
}

fn to_hash(bytes: &[u8]) -> Hash {
    let mut out = [0u8; 32];
    for (o, b) in out.iter_mut().zip(bytes) {
        *o = *b;
    }
    Hash(out)
}

impl<R: Read> Read for DigestReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let got = buf.get(..n).unwrap_or_default();
        self.sm3.update(got);
        self.sha256.update(got);
        self.size += n as u64;
        Ok(n)
    }
}

/// Reads `inner` to its end through a fixed buffer (never the whole stream in memory) and
/// returns its digests.
pub(crate) fn digest_stream<R: Read>(inner: R) -> io::Result<FileDigest> {
    let mut reader = DigestReader::new(inner);
    io::copy(&mut reader, &mut io::sink())?;
    Ok(reader.finish())
}
