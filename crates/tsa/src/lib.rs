//! sanxiang-tsa: RFC 3161 (GB/T 20520) trusted time for ledger checkpoints. Builds the
//! TimeStampReq for an SM3 (or SHA-256) digest and verifies the TSA's response and, later,
//! the stored token. Pure: no network, no files, no clock; the caller supplies the nonce,
//! the trust anchors and "now". See `docs/trusted-time.md`.

mod alg;
mod anchor;
mod asn1;
mod cert;
mod error;
mod gentime;
mod request;
mod sig;
mod verify;

pub use alg::DigestAlgorithm;
pub use anchor::TrustAnchor;
pub use error::TsaError;
pub use request::{REQUEST_CONTENT_TYPE, RESPONSE_CONTENT_TYPE, TimeStampRequest};
pub use verify::{Accuracy, Timestamp, verify_response, verify_token};
