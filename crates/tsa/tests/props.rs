#![allow(clippy::unwrap_used)]
//! Parsers never panic, and requests round-trip.

use std::time::SystemTime;

use proptest::prelude::*;
use sanxiang_tsa::{DigestAlgorithm, TimeStampRequest, TrustAnchor, verify_response, verify_token};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic_the_parsers(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let req = TimeStampRequest::new(DigestAlgorithm::Sm3, &[0u8; 32], 1).unwrap();
        prop_assert!(verify_response(&bytes, &req, &[], SystemTime::now()).is_err());
        prop_assert!(verify_token(&bytes, DigestAlgorithm::Sm3, &[0u8; 32], &[]).is_err());
        let _ = TimeStampRequest::from_der(&bytes);
        let _ = TrustAnchor::from_der(&bytes);
        let _ = TrustAnchor::from_pem(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn der_shaped_prefixes_never_panic(
        tag in prop::sample::select(vec![0x30u8, 0x31, 0x02, 0x04, 0x06, 0xa0]),
        body in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let mut bytes = vec![0x30, 0x82, 0x01, 0x00, 0x30, 0x03, 0x02, 0x01, 0x00, tag];
        bytes.extend(body);
        let req = TimeStampRequest::new(DigestAlgorithm::Sha256, &[0u8; 32], 1).unwrap();
        prop_assert!(verify_response(&bytes, &req, &[], SystemTime::now()).is_err());
    }

    #[test]
    fn requests_round_trip(sm3 in any::<bool>(), digest in any::<[u8; 32]>(), nonce in any::<u64>()) {
        let alg = if sm3 { DigestAlgorithm::Sm3 } else { DigestAlgorithm::Sha256 };
        let req = TimeStampRequest::new(alg, &digest, nonce).unwrap();
        let der = req.to_der().unwrap();
        prop_assert_eq!(TimeStampRequest::from_der(&der).unwrap(), req);
    }
}
