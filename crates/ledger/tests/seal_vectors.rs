//! SM4 against published values (GB/T 32907 Annex A; RFC 8998 A.1 for SM4-GCM) and sealing.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use sanxiang_ledger::seal::{SealError, SealKey};

fn hex16(s: &str) -> [u8; 16] {
    hex::decode(s).unwrap().try_into().unwrap()
}

#[test]
fn sm4_gbt32907_annex_a_example_1() {
    let k = SealKey::from_hex("0123456789abcdeffedcba9876543210").unwrap();
    let c = k.encrypt_block(hex16("0123456789abcdeffedcba9876543210"));
    assert_eq!(hex::encode(c), "681edf34d206965e86b3e94f536e4246");
}

#[test]
fn sm4_gbt32907_annex_a_example_2_one_million_encryptions() {
    let k = SealKey::from_hex("0123456789abcdeffedcba9876543210").unwrap();
    let mut b = hex16("0123456789abcdeffedcba9876543210");
    for _ in 0..1_000_000 {
        b = k.encrypt_block(b);
    }
    assert_eq!(hex::encode(b), "595298c7c6fd271f0402f804c33d3f66");
}

#[test]
fn sm4_gcm_rfc8998_a1() {
    let k = SealKey::from_hex("0123456789ABCDEFFEDCBA9876543210").unwrap();
    let nonce: [u8; 12] = hex::decode("00001234567800000000ABCD")
        .unwrap()
        .try_into()
        .unwrap();
    let aad = hex::decode("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2").unwrap();
    let pt = hex::decode(concat!(
        "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD",
        "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA"
    ))
    .unwrap();
    let out = k.gcm_encrypt(nonce, &pt, &aad);
    assert_eq!(
        hex::encode_upper(&out[..pt.len()]),
        concat!(
            "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735",
            "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
        )
    );
    assert_eq!(
        hex::encode_upper(&out[pt.len()..]),
        "83DE3541E4C2B58177E065A9BF7B62EC"
    );
}

#[test]
fn sealed_values_open_only_with_their_key_and_context() {
    let k = SealKey::from_hex("00112233445566778899aabbccddeeff").unwrap();
    let other = SealKey::from_hex("00112233445566778899aabbccddeefe").unwrap();
    let sealed = k.seal(
        [7; 12],
        "11010519491231002X".as_bytes(),
        b"party/1/id_number",
    );
    assert_eq!(
        k.open(&sealed, b"party/1/id_number").unwrap(),
        b"11010519491231002X"
    );
    assert_eq!(k.open(&sealed, b"party/2/id_number"), Err(SealError::Open));
    assert_eq!(
        other.open(&sealed, b"party/1/id_number"),
        Err(SealError::Open)
    );
    for i in 0..sealed.len() {
        let mut t = sealed.clone();
        t[i] ^= 1;
        assert!(k.open(&t, b"party/1/id_number").is_err(), "byte {i}");
    }
    assert_eq!(k.open(&sealed[..20], b""), Err(SealError::TooShort));
    assert_eq!(SealKey::from_hex("xyz").unwrap_err(), SealError::BadKey);
    assert!(format!("{k:?}").contains("secret"));
}

proptest! {
    #[test]
    fn seal_round_trips_and_open_never_panics(
        pt in proptest::collection::vec(any::<u8>(), 0..300),
        junk in proptest::collection::vec(any::<u8>(), 0..80),
        nonce in any::<[u8; 12]>(),
    ) {
        let k = SealKey::from_bytes([3; 16]);
        let s = k.seal(nonce, &pt, b"ctx");
        prop_assert_eq!(k.open(&s, b"ctx").unwrap(), pt);
        let _ = k.open(&junk, b"ctx");
    }
}
