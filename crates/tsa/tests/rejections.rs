#![allow(clippy::unwrap_used)]
//! Every tampering and mismatch is refused with the variant naming the failed check.
#![allow(clippy::disallowed_methods)] // openssl stamps with the real time; certificates are checked at it

mod common;

use std::time::{Duration, SystemTime};

use common::{TestTsa, TsaOptions};
use sanxiang_tsa::{
    DigestAlgorithm, TimeStampRequest, TrustAnchor, TsaError, verify_response, verify_token,
};

const NONCE: u64 = 0x1122_3344_5566_7788;

struct Fixture {
    _dir: tempfile::TempDir,
    tsa: TestTsa,
    req: TimeStampRequest,
    resp: Vec<u8>,
}

fn fixture_with(opts: &TsaOptions) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let tsa = TestTsa::create_with(dir.path(), opts);
    let digest = DigestAlgorithm::Sm3.digest(b"tree_size 1000");
    let req = TimeStampRequest::new(DigestAlgorithm::Sm3, &digest, NONCE).unwrap();
    let resp = tsa.reply(&req.to_der().unwrap());
    Fixture {
        _dir: dir,
        tsa,
        req,
        resp,
    }
}

fn fixture() -> Fixture {
    fixture_with(&TsaOptions::default())
}

fn anchors(tsa: &TestTsa) -> Vec<TrustAnchor> {
    TrustAnchor::from_pem(&tsa.ca_pem_text()).unwrap()
}

fn verify(f: &Fixture, resp: &[u8]) -> Result<sanxiang_tsa::Timestamp, TsaError> {
    verify_response(resp, &f.req, &anchors(&f.tsa), SystemTime::now())
}

/// Flips the last byte of the only occurrence of `needle` in `hay`.
fn flip_in(hay: &[u8], needle: &[u8]) -> Vec<u8> {
    let hits: Vec<usize> = hay
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(hits.len(), 1, "needle must occur exactly once");
    let mut out = hay.to_vec();
    out[hits[0] + needle.len() - 1] ^= 0x01;
    out
}

#[test]
fn untouched_response_verifies_so_the_flips_below_are_meaningful() {
    let f = fixture();
    verify(&f, &f.resp).unwrap();
}

#[test]
fn flipped_signature_byte_is_a_bad_signature() {
    let f = fixture();
    // openssl ts puts no unsigned attributes: the response ends with the ECDSA signature.
    let mut bad = f.resp.clone();
    *bad.last_mut().unwrap() ^= 0x01;
    assert_eq!(verify(&f, &bad), Err(TsaError::Signature));
}

#[test]
fn flipped_imprint_digest_is_an_imprint_mismatch() {
    let f = fixture();
    let bad = flip_in(&f.resp, f.req.digest());
    assert_eq!(verify(&f, &bad), Err(TsaError::ImprintDigest));
}

#[test]
fn flipped_nonce_is_a_nonce_mismatch() {
    let f = fixture();
    let bad = flip_in(&f.resp, &NONCE.to_be_bytes());
    assert_eq!(verify(&f, &bad), Err(TsaError::Nonce));
}

#[test]
fn stored_token_with_flipped_nonce_fails_the_message_digest() {
    let f = fixture();
    let token = verify(&f, &f.resp).unwrap().token_der;
    let bad = flip_in(&token, &NONCE.to_be_bytes());
    let got = verify_token(&bad, DigestAlgorithm::Sm3, f.req.digest(), &anchors(&f.tsa));
    assert_eq!(got, Err(TsaError::MessageDigestMismatch));
}

#[test]
fn response_for_another_nonce_is_refused() {
    let f = fixture();
    let other = TimeStampRequest::new(DigestAlgorithm::Sm3, f.req.digest(), NONCE + 1).unwrap();
    let got = verify_response(&f.resp, &other, &anchors(&f.tsa), SystemTime::now());
    assert_eq!(got, Err(TsaError::Nonce));
}

#[test]
fn sm3_response_checked_against_a_sha256_request_is_an_algorithm_mismatch() {
    let f = fixture();
    let sha = TimeStampRequest::new(DigestAlgorithm::Sha256, f.req.digest(), NONCE).unwrap();
    let got = verify_response(&f.resp, &sha, &anchors(&f.tsa), SystemTime::now());
    assert!(
        matches!(got, Err(TsaError::ImprintAlgorithm { .. })),
        "{got:?}"
    );
}

#[test]
fn token_for_another_digest_is_refused() {
    let f = fixture();
    let token = verify(&f, &f.resp).unwrap().token_der;
    let wrong = DigestAlgorithm::Sm3.digest(b"tree_size 1001");
    let got = verify_token(&token, DigestAlgorithm::Sm3, &wrong, &anchors(&f.tsa));
    assert_eq!(got, Err(TsaError::ImprintDigest));
}

#[test]
fn other_ca_is_not_trusted() {
    let f = fixture();
    let other_dir = tempfile::tempdir().unwrap();
    let other = TestTsa::create_with(
        other_dir.path(),
        &TsaOptions {
            ca_name: "Other CA",
            ..TsaOptions::default()
        },
    );
    let got = verify_response(&f.resp, &f.req, &anchors(&other), SystemTime::now());
    assert!(matches!(got, Err(TsaError::Untrusted(_))), "{got:?}");
}

#[test]
fn ca_with_the_same_name_but_another_key_is_not_trusted() {
    let f = fixture();
    let other_dir = tempfile::tempdir().unwrap();
    let other = TestTsa::create(other_dir.path());
    let got = verify_response(&f.resp, &f.req, &anchors(&other), SystemTime::now());
    assert!(matches!(got, Err(TsaError::Untrusted(_))), "{got:?}");
}

#[test]
fn verification_after_the_certificate_expired_is_refused_but_the_token_still_holds() {
    let f = fixture();
    let later = SystemTime::now() + Duration::from_secs(400 * 86_400);
    let got = verify_response(&f.resp, &f.req, &anchors(&f.tsa), later);
    assert!(matches!(got, Err(TsaError::NotValidNow(_))), "{got:?}");
    // Archive check: the token is judged at genTime, when the certificate was valid.
    let token = verify(&f, &f.resp).unwrap().token_der;
    verify_token(
        &token,
        DigestAlgorithm::Sm3,
        f.req.digest(),
        &anchors(&f.tsa),
    )
    .unwrap();
}

#[test]
fn response_without_token_bytes_is_a_decode_error() {
    let f = fixture();
    let got = verify(&f, &f.resp[..f.resp.len() / 2]);
    assert!(matches!(got, Err(TsaError::Decode { .. })), "{got:?}");
}

#[test]
fn request_digest_of_wrong_length_is_refused() {
    let got = TimeStampRequest::new(DigestAlgorithm::Sm3, &[0u8; 20], 1);
    assert!(
        matches!(
            got,
            Err(TsaError::DigestLength {
                expected: 32,
                found: 20,
                ..
            })
        ),
        "{got:?}"
    );
}

#[test]
fn granted_status_without_a_token_is_missing_token() {
    let f = fixture();
    // TimeStampResp { status { granted } } and nothing else.
    let resp = [0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x00];
    assert_eq!(verify(&f, &resp), Err(TsaError::MissingToken));
}
