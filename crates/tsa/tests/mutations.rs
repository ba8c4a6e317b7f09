#![allow(clippy::unwrap_used)]
//! A real openssl response with any one byte changed never panics the verifier, and a change
//! inside the signed TSTInfo never verifies.
#![allow(clippy::disallowed_methods)] // openssl stamps with the real time; certificates are checked at it

mod common;

use std::time::SystemTime;

use common::TestTsa;
use sanxiang_tsa::{DigestAlgorithm, TimeStampRequest, TrustAnchor, verify_response};

#[test]
fn every_single_byte_change_of_a_response_is_handled() {
    let dir = tempfile::tempdir().unwrap();
    let tsa = TestTsa::create(dir.path());
    let digest = DigestAlgorithm::Sm3.digest(b"mutate");
    let req = TimeStampRequest::new(DigestAlgorithm::Sm3, &digest, 5).unwrap();
    let resp = tsa.reply(&req.to_der().unwrap());
    let anchors = TrustAnchor::from_pem(&tsa.ca_pem_text()).unwrap();
    let good = verify_response(&resp, &req, &anchors, SystemTime::now()).unwrap();
    let digest_at = resp
        .windows(32)
        .position(|w| w == digest.as_slice())
        .unwrap();
    let mut accepted = 0;
    for i in 0..resp.len() {
        for mask in [0x01u8, 0x80, 0xff] {
            let mut bad = resp.clone();
            bad[i] ^= mask;
            if let Ok(ts) = verify_response(&bad, &req, &anchors, SystemTime::now()) {
                // Only bytes outside what is signed (e.g. the CA copy in the certificate set)
                // may change; the verified content must then be unchanged.
                assert_eq!(ts.gen_time, good.gen_time);
                assert_eq!(ts.digest, good.digest);
                assert!(!(digest_at..digest_at + 32).contains(&i));
                accepted += 1;
            }
        }
    }
    assert!(accepted < resp.len(), "most changes must be refused");
}
