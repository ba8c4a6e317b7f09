//! Hash algorithms and the RFC 6962 hashing primitives.
//!
//! The ledger hashes with SM3 (GB/T 32905) by default; SHA-256 is selectable for interoperability
//! with Certificate Transparency tooling. Both produce 32-byte digests, so one [`Hash`](struct@Hash) type serves
//! both. Leaves and interior nodes are domain-separated exactly as RFC 6962 §2.1 prescribes:
//! `leaf = H(0x00 ‖ data)`, `node = H(0x01 ‖ left ‖ right)`, and the empty tree is `H("")`.

use std::fmt;
use std::str::FromStr;

use sha2::Sha256;
use sm3::{Digest, Sm3};

/// Length in bytes of every digest the ledger uses.
pub const HASH_LEN: usize = 32;

/// Prefix byte of a leaf hash input (RFC 6962 §2.1).
pub const LEAF_PREFIX: u8 = 0x00;

/// Prefix byte of an interior node hash input (RFC 6962 §2.1).
pub const NODE_PREFIX: u8 = 0x01;

/// The hash algorithm of a log. It is fixed for the life of a log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum HashAlg {
    /// SM3 (GB/T 32905-2016), the default.
    #[default]
    Sm3,
    /// SHA-256 (FIPS 180-4), for interoperability with RFC 6962 tooling.
    Sha256,
}

impl HashAlg {
    /// The lower-case name used in checkpoints and configuration: `"sm3"` or `"sha256"`.
    pub fn name(self) -> &'static str {
        match self {
            HashAlg::Sm3 => "sm3",
            HashAlg::Sha256 => "sha256",
        }
    }

    /// Hashes the concatenation of `parts` with this algorithm.
    pub fn digest_parts(self, parts: &[&[u8]]) -> Hash {
        match self {
            HashAlg::Sm3 => Hash(finish::<Sm3>(parts)),
            HashAlg::Sha256 => Hash(finish::<Sha256>(parts)),
        }
    }

    /// Hashes `data` with this algorithm (no domain prefix).
    pub fn digest(self, data: &[u8]) -> Hash {
        self.digest_parts(&[data])
    }
}

fn finish<D: Digest>(parts: &[&[u8]]) -> [u8; HASH_LEN] {
    let mut hasher = D::new();
    for part in parts {
        hasher.update(part);
    }
    let out = hasher.finalize();
    let mut bytes = [0u8; HASH_LEN];
    // Both algorithms produce exactly 32 bytes; copy defensively without panicking.
    let n = out.len().min(HASH_LEN);
    bytes[..n].copy_from_slice(&out[..n]);
    bytes
}

impl fmt::Display for HashAlg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for HashAlg {
    type Err = HashError;

    /// Parses `"sm3"` or `"sha256"` (exactly as [`HashAlg::name`] writes them).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "sm3" => Ok(HashAlg::Sm3),
            "sha256" => Ok(HashAlg::Sha256),
            other => Err(HashError::UnknownAlgorithm(other.to_owned())),
        }
    }
}

/// Why bytes or text could not be turned into a [`Hash`](struct@Hash) or [`HashAlg`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    /// The input had the wrong number of bytes.
    #[error("hash must be {expected} bytes, got {actual}")]
    WrongLength {
        /// Always [`HASH_LEN`].
        expected: usize,
        /// Length of the input.
        actual: usize,
    },
    /// A hex string did not have exactly 64 characters.
    #[error("hex hash must be {expected} characters, got {actual} bytes of text")]
    WrongHexLength {
        /// Always `2 * HASH_LEN`.
        expected: usize,
        /// Length of the text in bytes.
        actual: usize,
    },
    /// A hex string contained a character that is not a hex digit.
    #[error("invalid hex digit {found:?} at position {position}")]
    InvalidHex {
        /// Byte offset of the offending character.
        position: usize,
        /// The offending character.
        found: char,
    },
    /// An algorithm name other than `sm3` or `sha256`.
    #[error("unknown hash algorithm {0:?} (expected \"sm3\" or \"sha256\")")]
    UnknownAlgorithm(String),
}

/// A 32-byte digest: a leaf hash, node hash or tree root.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Hash(pub [u8; HASH_LEN]);

impl Hash {
    /// Wraps a slice that must be exactly [`HASH_LEN`] bytes long.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, HashError> {
        let arr: [u8; HASH_LEN] = bytes.try_into().map_err(|_| HashError::WrongLength {
            expected: HASH_LEN,
            actual: bytes.len(),
        })?;
        Ok(Hash(arr))
    }

    /// Parses 64 hex digits (either case).
    pub fn from_hex(text: &str) -> Result<Self, HashError> {
        let raw = text.as_bytes();
        if raw.len() != 2 * HASH_LEN {
            return Err(HashError::WrongHexLength {
                expected: 2 * HASH_LEN,
                actual: raw.len(),
            });
        }
        let mut out = [0u8; HASH_LEN];
        for (i, byte) in out.iter_mut().enumerate() {
            let hi = hex_val(raw, 2 * i)?;
            let lo = hex_val(raw, 2 * i + 1)?;
            *byte = (hi << 4) | lo;
        }
        Ok(Hash(out))
    }

    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8; HASH_LEN] {
        &self.0
    }

    /// Lower-case hex, 64 characters.
    pub fn to_hex(&self) -> String {
        self.to_string()
    }
}

fn hex_val(raw: &[u8], position: usize) -> Result<u8, HashError> {
    let c = raw.get(position).copied().unwrap_or(b'?');
    match c {
        b'0'..=b'9' => Ok(c - b'0'),
        b'a'..=b'f' => Ok(c - b'a' + 10),
        b'A'..=b'F' => Ok(c - b'A' + 10),
        _ => Err(HashError::InvalidHex {
            position,
            found: char::from(c),
        }),
    }
}

impl AsRef<[u8]> for Hash {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<[u8; HASH_LEN]> for Hash {
    fn from(bytes: [u8; HASH_LEN]) -> Self {
        Hash(bytes)
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in &self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({self})")
    }
}

/// RFC 6962 leaf hash: `H(0x00 ‖ data)`.
pub fn leaf_hash(alg: HashAlg, data: &[u8]) -> Hash {
    alg.digest_parts(&[&[LEAF_PREFIX], data])
}

/// RFC 6962 interior node hash: `H(0x01 ‖ left ‖ right)`.
pub fn node_hash(alg: HashAlg, left: &Hash, right: &Hash) -> Hash {
    alg.digest_parts(&[&[NODE_PREFIX], &left.0, &right.0])
}

/// Root of the empty tree: `H("")`.
pub fn empty_root(alg: HashAlg) -> Hash {
    alg.digest(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip_and_errors() {
        let h = leaf_hash(HashAlg::Sha256, b"");
        assert_eq!(Hash::from_hex(&h.to_hex()), Ok(h));
        assert_eq!(
            Hash::from_slice(&[0u8; 31]),
            Err(HashError::WrongLength {
                expected: 32,
                actual: 31
            })
        );
        let mut bad = "0".repeat(64);
        bad.replace_range(5..6, "g");
        assert_eq!(
            Hash::from_hex(&bad),
            Err(HashError::InvalidHex {
                position: 5,
                found: 'g'
            })
        );
        assert_eq!(
            Hash::from_hex("abc"),
            Err(HashError::WrongHexLength {
                expected: 64,
                actual: 3
            })
        );
        assert!(Hash::from_hex("é").is_err());
    }

    #[test]
    fn alg_names_round_trip() {
        for alg in [HashAlg::Sm3, HashAlg::Sha256] {
            assert_eq!(alg.name().parse::<HashAlg>(), Ok(alg));
        }
        assert!("SM3".parse::<HashAlg>().is_err());
    }
}
