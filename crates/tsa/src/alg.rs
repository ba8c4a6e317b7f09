//! Object identifiers and the digest algorithms the crate understands.

use const_oid::ObjectIdentifier as Oid;
use sha2::Digest as _;

pub(crate) const ID_SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
pub(crate) const ID_CT_TST_INFO: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.1.4");
pub(crate) const ID_CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
pub(crate) const ID_MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
pub(crate) const ID_SIGNING_CERTIFICATE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.12");
pub(crate) const ID_SIGNING_CERTIFICATE_V2: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.47");
pub(crate) const ID_KP_TIME_STAMPING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.8");
pub(crate) const ID_CE_EXT_KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.37");
pub(crate) const ID_EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
pub(crate) const SECP256R1: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
pub(crate) const SECP384R1: Oid = Oid::new_unwrap("1.3.132.0.34");
pub(crate) const ECDSA_WITH_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
pub(crate) const ECDSA_WITH_SHA384: Oid = Oid::new_unwrap("1.2.840.10045.4.3.3");
pub(crate) const ECDSA_WITH_SHA512: Oid = Oid::new_unwrap("1.2.840.10045.4.3.4");

/// Digest algorithms for message imprints, CMS message digests and ESSCertIDv2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DigestAlgorithm {
    /// SM3 (GB/T 32905), OID 1.2.156.10197.1.401: the default of sanxiang.
    Sm3,
    /// SHA-256, OID 2.16.840.1.101.3.4.2.1.
    Sha256,
    /// SHA-384; accepted in tokens, not offered for requests by sanxiang.
    Sha384,
    /// SHA-512; accepted in tokens.
    Sha512,
    /// SHA-1; only for ESSCertID (v1), never for imprints.
    Sha1,
}

impl DigestAlgorithm {
    /// The algorithm's OID.
    pub fn oid(self) -> Oid {
        match self {
            Self::Sm3 => Oid::new_unwrap("1.2.156.10197.1.401"),
            Self::Sha256 => Oid::new_unwrap("2.16.840.1.101.3.4.2.1"),
            Self::Sha384 => Oid::new_unwrap("2.16.840.1.101.3.4.2.2"),
            Self::Sha512 => Oid::new_unwrap("2.16.840.1.101.3.4.2.3"),
            Self::Sha1 => Oid::new_unwrap("1.3.14.3.2.26"),
        }
    }

    /// The algorithm with this OID, if known.
    pub fn from_oid(oid: &Oid) -> Option<Self> {
        [
            Self::Sm3,
            Self::Sha256,
            Self::Sha384,
            Self::Sha512,
            Self::Sha1,
        ]
        .into_iter()
        .find(|a| a.oid() == *oid)
    }

    /// Human-readable name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sm3 => "SM3",
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
            Self::Sha1 => "SHA-1",
        }
    }

    /// Output length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            Self::Sm3 | Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
            Self::Sha1 => 20,
        }
    }

    /// Digest of `data`.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Self::Sm3 => sm3::Sm3::digest(data).to_vec(),
            Self::Sha256 => sha2::Sha256::digest(data).to_vec(),
            Self::Sha384 => sha2::Sha384::digest(data).to_vec(),
            Self::Sha512 => sha2::Sha512::digest(data).to_vec(),
            Self::Sha1 => sha1::Sha1::digest(data).to_vec(),
        }
    }
}
