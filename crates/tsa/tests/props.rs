#![allow(clippy::unwrap_used)]
//! Parsers never panic, requests round-trip, and the verifier — holding the real trust anchor
//! of a real TSA, so a refusal cannot come from a missing anchor — refuses garbage, any
//! truncation of a genuine response and any splice into its signed part.
#![allow(clippy::disallowed_methods)] // openssl stamps with the real time; certificates are checked at it

mod common;

use std::sync::OnceLock;
use std::time::SystemTime;

use common::TestTsa;
use proptest::prelude::*;
use sanxiang_tsa::{DigestAlgorithm, TimeStampRequest, TrustAnchor, verify_response, verify_token};

/// One openssl TSA for the whole file: its anchors, a request and the genuine reply.
struct Fixture {
    anchors: Vec<TrustAnchor>,
    req: TimeStampRequest,
    digest: Vec<u8>,
    response: Vec<u8>,
    token: Vec<u8>,
    _dir: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let tsa = TestTsa::create(dir.path());
        let digest = DigestAlgorithm::Sm3.digest(b"props");
        let req = TimeStampRequest::new(DigestAlgorithm::Sm3, &digest, 9).unwrap();
        let der = req.to_der().unwrap();
        let response = tsa.reply(&der);
        let token = tsa.reply_token(&der);
        let anchors = TrustAnchor::from_pem(&tsa.ca_pem_text()).unwrap();
        // Positive control: with these anchors the genuine reply verifies, so every refusal
        // below is the verifier's judgement of the bytes.
        verify_response(&response, &req, &anchors, SystemTime::now()).unwrap();
        verify_token(&token, DigestAlgorithm::Sm3, &digest, &anchors).unwrap();
        Fixture {
            anchors,
            req,
            digest,
            response,
            token,
            _dir: dir,
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn arbitrary_bytes_are_refused_and_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let f = fixture();
        prop_assert!(verify_response(&bytes, &f.req, &f.anchors, SystemTime::now()).is_err());
        prop_assert!(verify_token(&bytes, DigestAlgorithm::Sm3, &f.digest, &f.anchors).is_err());
        let _ = TimeStampRequest::from_der(&bytes);
        let _ = TrustAnchor::from_der(&bytes);
        let _ = TrustAnchor::from_pem(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn der_shaped_prefixes_are_refused(
        tag in prop::sample::select(vec![0x30u8, 0x31, 0x02, 0x04, 0x06, 0xa0]),
        body in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let f = fixture();
        let mut bytes = vec![0x30, 0x82, 0x01, 0x00, 0x30, 0x03, 0x02, 0x01, 0x00, tag];
        bytes.extend(body);
        prop_assert!(verify_response(&bytes, &f.req, &f.anchors, SystemTime::now()).is_err());
    }

    #[test]
    fn every_truncation_of_a_genuine_response_is_refused(cut in any::<prop::sample::Index>()) {
        let f = fixture();
        let len = cut.index(f.response.len());
        prop_assert!(verify_response(&f.response[..len], &f.req, &f.anchors, SystemTime::now()).is_err());
        let tlen = cut.index(f.token.len());
        prop_assert!(verify_token(&f.token[..tlen], DigestAlgorithm::Sm3, &f.digest, &f.anchors).is_err());
    }

    #[test]
    fn a_splice_into_the_token_never_changes_what_verifies(
        at in any::<prop::sample::Index>(),
        junk in proptest::collection::vec(any::<u8>(), 1..16),
    ) {
        let f = fixture();
        let good = verify_token(&f.token, DigestAlgorithm::Sm3, &f.digest, &f.anchors).unwrap();
        let i = at.index(f.token.len());
        let mut bad = f.token.clone();
        let end = (i + junk.len()).min(bad.len());
        bad.splice(i..end, junk.iter().copied().take(end - i));
        if bad != f.token {
            // A change outside the signed content (the certificate copies) may still verify,
            // but what it vouches for must be what the TSA signed.
            if let Ok(ts) = verify_token(&bad, DigestAlgorithm::Sm3, &f.digest, &f.anchors) {
                prop_assert_eq!(ts.gen_time, good.gen_time);
                prop_assert_eq!(ts.digest, good.digest);
            }
        }
    }

    #[test]
    fn requests_round_trip(sm3 in any::<bool>(), digest in any::<[u8; 32]>(), nonce in any::<u64>()) {
        let alg = if sm3 { DigestAlgorithm::Sm3 } else { DigestAlgorithm::Sha256 };
        let req = TimeStampRequest::new(alg, &digest, nonce).unwrap();
        let der = req.to_der().unwrap();
        prop_assert_eq!(TimeStampRequest::from_der(&der).unwrap(), req);
    }
}
