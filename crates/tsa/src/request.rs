//! The TimeStampReq sanxiang sends: version 1, the imprint, a caller-chosen 64-bit nonce
//! (the caller owns randomness so this crate stays pure), certReq = TRUE so the token
//! carries the TSA certificate and can be verified offline years later.

use der::asn1::{Any, Int, OctetString, Uint};
use der::{Decode, Encode};
use spki::AlgorithmIdentifierOwned;

use crate::alg::DigestAlgorithm;
use crate::asn1::{MessageImprint, TimeStampReq};
use crate::error::{TsaError, decode, encode};

/// MIME type of an encoded request.
pub const REQUEST_CONTENT_TYPE: &str = "application/timestamp-query";
/// MIME type of a response.
pub const RESPONSE_CONTENT_TYPE: &str = "application/timestamp-reply";

/// A time-stamp request for one digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeStampRequest {
    algorithm: DigestAlgorithm,
    digest: Vec<u8>,
    nonce: u64,
}

impl TimeStampRequest {
    /// A request for `digest` (already computed with `algorithm`). Only SM3 and SHA-256 are
    /// offered: they are what sanxiang hashes with.
    pub fn new(algorithm: DigestAlgorithm, digest: &[u8], nonce: u64) -> Result<Self, TsaError> {
        if !matches!(algorithm, DigestAlgorithm::Sm3 | DigestAlgorithm::Sha256) {
            return Err(TsaError::UnsupportedAlgorithm {
                what: "request digest",
                oid: algorithm.oid().to_string(),
            });
        }
        if digest.len() != algorithm.output_len() {
            return Err(TsaError::DigestLength {
                algorithm: algorithm.name(),
                expected: algorithm.output_len(),
                found: digest.len(),
            });
        }
        Ok(Self {
            algorithm,
            digest: digest.to_vec(),
            nonce,
        })
    }

    /// The imprint algorithm.
    pub fn algorithm(&self) -> DigestAlgorithm {
        self.algorithm
    }

    /// The imprint digest.
    pub fn digest(&self) -> &[u8] {
        &self.digest
    }

    /// The nonce.
    pub fn nonce(&self) -> u64 {
        self.nonce
    }

    /// DER encoding (`application/timestamp-query`). The hash AlgorithmIdentifier carries
    /// NULL parameters as `openssl ts -query` does, which TSAs accept most widely.
    pub fn to_der(&self) -> Result<Vec<u8>, TsaError> {
        let req = TimeStampReq {
            version: Int::new(&[1]).map_err(encode("version"))?,
            message_imprint: MessageImprint {
                hash_algorithm: AlgorithmIdentifierOwned {
                    oid: self.algorithm.oid(),
                    parameters: Some(Any::null()),
                },
                hashed_message: OctetString::new(self.digest.clone()).map_err(encode("digest"))?,
            },
            req_policy: None,
            nonce: Some(Uint::new(&self.nonce.to_be_bytes()).map_err(encode("nonce"))?),
            cert_req: true,
            extensions: None,
        };
        req.to_der().map_err(encode("TimeStampReq"))
    }

    /// Parses a request of the form this crate produces (for tests and a loopback TSA).
    pub fn from_der(bytes: &[u8]) -> Result<Self, TsaError> {
        let req = TimeStampReq::from_der(bytes).map_err(decode("TimeStampReq"))?;
        if req.version.as_bytes() != [1] {
            return Err(TsaError::Decode {
                what: "TimeStampReq",
                reason: "version is not 1".into(),
            });
        }
        let oid = req.message_imprint.hash_algorithm.oid;
        let algorithm = DigestAlgorithm::from_oid(&oid).ok_or(TsaError::UnsupportedAlgorithm {
            what: "request digest",
            oid: oid.to_string(),
        })?;
        let nonce = req
            .nonce
            .as_ref()
            .and_then(crate::verify::uint_to_u64)
            .ok_or(TsaError::Decode {
                what: "TimeStampReq",
                reason: "nonce missing or above 64 bits".into(),
            })?;
        Self::new(
            algorithm,
            req.message_imprint.hashed_message.as_bytes(),
            nonce,
        )
    }
}
