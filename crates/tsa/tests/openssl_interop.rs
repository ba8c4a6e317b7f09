#![allow(clippy::unwrap_used)]
//! Requests built by sanxiang-tsa, answered by `openssl ts -reply`, verified both ways.
#![allow(clippy::disallowed_methods)] // openssl stamps with the real time; certificates are checked at it

mod common;

use std::time::{Duration, SystemTime};

use common::{TestTsa, TsaOptions, run_openssl};
use sanxiang_tsa::{
    DigestAlgorithm, TimeStampRequest, TrustAnchor, TsaError, verify_response, verify_token,
};

const NONCE: u64 = 0x1122_3344_5566_7788;

fn sm3_request(data: &[u8], nonce: u64) -> TimeStampRequest {
    let digest = DigestAlgorithm::Sm3.digest(data);
    TimeStampRequest::new(DigestAlgorithm::Sm3, &digest, nonce).unwrap()
}

fn anchors(tsa: &TestTsa) -> Vec<TrustAnchor> {
    TrustAnchor::from_pem(&tsa.ca_pem_text()).unwrap()
}

#[test]
fn sm3_response_from_openssl_verifies_with_all_fields() {
    let dir = tempfile::tempdir().unwrap();
    let tsa = TestTsa::create(dir.path());
    let req = sm3_request(b"checkpoint 42", NONCE);
    let resp = tsa.reply(&req.to_der().unwrap());
    let before = SystemTime::now();
    let ts = verify_response(&resp, &req, &anchors(&tsa), before).unwrap();

    assert_eq!(ts.nonce, Some(NONCE));
    assert_eq!(ts.policy, "1.2.156.1.3161.1");
    // The serial file starts at 01 and openssl answers with the next number.
    assert_eq!(ts.serial_number, vec![2]);
    assert_eq!(ts.digest_algorithm, DigestAlgorithm::Sm3);
    assert_eq!(ts.digest, DigestAlgorithm::Sm3.digest(b"checkpoint 42"));
    assert!(
        ts.tsa_name
            .as_deref()
            .unwrap()
            .contains("Sanxiang Test TSA"),
        "{:?}",
        ts.tsa_name
    );
    assert!(ts.signer.contains("Sanxiang Test TSA"));
    let acc = ts.accuracy.unwrap();
    assert_eq!((acc.seconds, acc.millis, acc.micros), (1, 500, 100));
    let skew = before
        .duration_since(ts.gen_time)
        .unwrap_or_else(|e| e.duration());
    assert!(
        skew < Duration::from_secs(120),
        "genTime {} far from now",
        ts.gen_time_text
    );

    // The stored token re-verifies later without the request.
    let again = verify_token(
        &ts.token_der,
        DigestAlgorithm::Sm3,
        &ts.digest,
        &anchors(&tsa),
    )
    .unwrap();
    assert_eq!(again, ts);
}

#[test]
fn openssl_accepts_our_sm3_request_and_its_reply() {
    let dir = tempfile::tempdir().unwrap();
    let tsa = TestTsa::create(dir.path());
    let req = sm3_request(b"interop", 7).to_der().unwrap();
    let resp = tsa.reply(&req);
    assert!(tsa.openssl_verifies(&req, &resp));
    // And OpenSSL refuses the reply for another request: the check above can fail.
    let other = sm3_request(b"interop", 8).to_der().unwrap();
    assert!(!tsa.openssl_verifies(&other, &resp));
}

#[test]
fn openssl_reads_our_request_as_sm3_with_nonce_and_cert_req() {
    let dir = tempfile::tempdir().unwrap();
    let req = sm3_request(b"abc", NONCE).to_der().unwrap();
    std::fs::write(dir.path().join("q.tsq"), &req).unwrap();
    let out = run_openssl(dir.path(), &["ts", "-query", "-in", "q.tsq", "-text"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Hash Algorithm: sm3"), "{text}");
    assert!(text.contains("0x1122334455667788"), "{text}");
    assert!(text.contains("Certificate required: yes"), "{text}");
}

#[test]
fn bare_token_from_token_out_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let tsa = TestTsa::create(dir.path());
    let req = sm3_request(b"bare token", NONCE);
    let token = tsa.reply_token(&req.to_der().unwrap());
    let ts = verify_token(&token, DigestAlgorithm::Sm3, req.digest(), &anchors(&tsa)).unwrap();
    assert_eq!(ts.nonce, Some(NONCE));
    assert_eq!(ts.token_der, token);
}

#[test]
fn sha256_request_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let tsa = TestTsa::create(dir.path());
    let digest = DigestAlgorithm::Sha256.digest(b"sha");
    let req = TimeStampRequest::new(DigestAlgorithm::Sha256, &digest, 99).unwrap();
    let resp = tsa.reply(&req.to_der().unwrap());
    let ts = verify_response(&resp, &req, &anchors(&tsa), SystemTime::now()).unwrap();
    assert_eq!(ts.digest_algorithm, DigestAlgorithm::Sha256);
}

#[test]
fn p384_tsa_with_ess_cert_id_v2_and_fractional_gen_time_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let opts = TsaOptions {
        curve: "P-384",
        signer_digest: "sha384",
        ess_cert_id_alg: "sha256",
        clock_precision_digits: 3,
        ..TsaOptions::default()
    };
    let tsa = TestTsa::create_with(dir.path(), &opts);
    let req = sm3_request(b"p384", NONCE);
    let resp = tsa.reply(&req.to_der().unwrap());
    let ts = verify_response(&resp, &req, &anchors(&tsa), SystemTime::now()).unwrap();
    assert!(ts.gen_time_text.ends_with('Z'));
    assert!(tsa.openssl_verifies(&req.to_der().unwrap(), &resp));
}

#[test]
fn p256_key_with_sha384_signature_and_ess_v2_sha512_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let opts = TsaOptions {
        signer_digest: "sha384",
        ess_cert_id_alg: "sha512",
        ..TsaOptions::default()
    };
    let tsa = TestTsa::create_with(dir.path(), &opts);
    let req = sm3_request(b"mixed", NONCE);
    let resp = tsa.reply(&req.to_der().unwrap());
    verify_response(&resp, &req, &anchors(&tsa), SystemTime::now()).unwrap();
}

#[test]
fn tsa_certificate_itself_as_anchor_is_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let tsa = TestTsa::create(dir.path());
    let req = sm3_request(b"self", NONCE);
    let resp = tsa.reply(&req.to_der().unwrap());
    let own = TrustAnchor::from_pem(&std::fs::read_to_string(&tsa.tsa_pem).unwrap()).unwrap();
    verify_response(&resp, &req, &own, SystemTime::now()).unwrap();
}

#[test]
fn rejection_status_is_reported_with_fail_info() {
    let dir = tempfile::tempdir().unwrap();
    let tsa = TestTsa::create(dir.path());
    std::fs::write(dir.path().join("data"), b"x").unwrap();
    // SHA-1 is not among the TSA's accepted digests: it answers "rejection, badAlg".
    run_openssl(
        dir.path(),
        &[
            "ts", "-query", "-data", "data", "-sha1", "-cert", "-out", "sha1.tsq",
        ],
    );
    let resp = tsa.reply(&std::fs::read(dir.path().join("sha1.tsq")).unwrap());
    let req = sm3_request(b"x", NONCE);
    match verify_response(&resp, &req, &anchors(&tsa), SystemTime::now()) {
        Err(TsaError::Rejected {
            status, fail_info, ..
        }) => {
            assert_eq!(status, 2);
            assert_eq!(fail_info, vec!["badAlg"]);
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
}
