//! Signed-note test vectors.
//!
//! * Ed25519: the PeterNeumann / EnochRoot keys and notes from Go's
//!   `golang.org/x/mod/sumdb/note` `note_test.go` (`TestNewVerifier`, `TestNewSigner`,
//!   `TestSign`, `TestOpen`). Ed25519 is deterministic, so signing reproduces Go's note exactly.
//! * SM2: the GM/T 0003.5-2012 (= GB/T 32918.5-2017) Annex A signature example on the
//!   recommended curve, ID `1234567812345678`, message `message digest`; the same values are in
//!   OpenSSL's `test/sm2_internal_test.c`. The `sm2` crate's own tests do not carry it.
#![allow(clippy::unwrap_used)]

use sanxiang_ledger::note::{self, NoteError, Signer, Verifier};
use sm2::dsa::signature::Verifier as _;

const PETER_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const PETER_SKEY: &str =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const ENOCH_VKEY: &str = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const TEXT: &str = "If you think cryptography is the answer to your problem,\n\
                    then you don't know what your problem is.\n";
const PETER_SIG: &str = "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const ENOCH_SIG: &str = "\u{2014} EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

const SM2_PUB_X: &str = "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020";
const SM2_PUB_Y: &str = "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13";
const SM2_PRIV: &str = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8";
const SM2_R: &str = "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3";
const SM2_S: &str = "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA";

fn peter() -> Verifier {
    Verifier::from_key_string(PETER_VKEY).unwrap()
}

fn enoch() -> Verifier {
    Verifier::from_key_string(ENOCH_VKEY).unwrap()
}

fn sm2_public_sec1() -> Vec<u8> {
    let mut v = vec![0x04];
    v.extend(hex::decode(SM2_PUB_X).unwrap());
    v.extend(hex::decode(SM2_PUB_Y).unwrap());
    v
}

fn sm2_signature() -> Vec<u8> {
    let mut v = hex::decode(SM2_R).unwrap();
    v.extend(hex::decode(SM2_S).unwrap());
    v
}

#[test]
fn go_verifier_key_parses_with_its_name_and_key_id() {
    let v = peter();
    assert_eq!(v.name(), "PeterNeumann");
    assert_eq!(v.key_id(), 0xc74f20a3);
    assert_eq!(v.algorithm(), note::Algorithm::Ed25519);
    assert_eq!(v.to_key_string(), PETER_VKEY);
}

#[test]
fn go_signer_key_parses_and_matches_the_verifier_key() {
    let s = Signer::from_key_string(PETER_SKEY).unwrap();
    assert_eq!(s.name(), "PeterNeumann");
    assert_eq!(s.key_id(), 0xc74f20a3);
    assert_eq!(s.verifier().to_key_string(), PETER_VKEY);
    assert_eq!(s.to_key_string(), PETER_SKEY);
}

#[test]
fn signing_with_the_go_key_reproduces_the_go_note_byte_for_byte() {
    let s = Signer::from_key_string(PETER_SKEY).unwrap();
    let signed = note::sign(TEXT, &[s]).unwrap();
    assert_eq!(signed, format!("{TEXT}\n{PETER_SIG}"));
}

#[test]
fn every_substring_and_every_incremented_byte_of_the_go_verifier_key_is_rejected() {
    let b = PETER_VKEY.as_bytes();
    for i in 0..=b.len() {
        for j in i + 1..=b.len() {
            if i != 0 || j != b.len() {
                let k = std::str::from_utf8(&b[i..j]).unwrap();
                assert!(Verifier::from_key_string(k).is_err(), "accepted {k:?}");
            }
        }
    }
    let mut m = b.to_vec();
    for i in 0..m.len() {
        m[i] += 1;
        let k = std::str::from_utf8(&m).unwrap();
        assert!(Verifier::from_key_string(k).is_err(), "accepted {k:?}");
        m[i] -= 1;
    }
}

#[test]
fn every_substring_and_every_incremented_byte_of_the_go_signer_key_is_rejected() {
    let b = PETER_SKEY.as_bytes();
    for i in 0..=b.len() {
        for j in i + 1..=b.len() {
            if i != 0 || j != b.len() {
                let k = std::str::from_utf8(&b[i..j]).unwrap();
                assert!(Signer::from_key_string(k).is_err(), "accepted {k:?}");
            }
        }
    }
    let mut m = b.to_vec();
    for i in 0..m.len() {
        m[i] += 1;
        let k = std::str::from_utf8(&m).unwrap();
        assert!(Signer::from_key_string(k).is_err(), "accepted {k:?}");
        m[i] -= 1;
    }
}

#[test]
fn go_keys_with_wrong_length_or_unknown_algorithm_are_rejected() {
    // From Go's TestNewVerifier: adjusted key hashes, so only the key material is wrong.
    // "BADKEY==" leaves non-zero trailing bits, which strict base64 rejects before the length.
    assert!(matches!(
        Verifier::from_key_string(
            "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="
        )
        .unwrap_err(),
        NoteError::MalformedKey | NoteError::InvalidKeyMaterial
    ));
    assert_eq!(
        Verifier::from_key_string(
            "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
        )
        .unwrap_err(),
        NoteError::UnknownAlgorithm
    );
}

#[test]
fn go_note_with_a_known_and_an_unknown_signature_opens_with_the_unknown_one_reported() {
    let msg = format!("{TEXT}\n{PETER_SIG}{ENOCH_SIG}");
    let n = note::open(msg.as_bytes(), &[peter()]).unwrap();
    assert_eq!(n.text, TEXT);
    assert_eq!(n.verified_by, vec!["PeterNeumann".to_owned()]);
    assert_eq!(n.unknown_sigs.len(), 1);
    assert_eq!(n.unknown_sigs[0].name, "EnochRoot");
    assert_eq!(n.unknown_sigs[0].key_id, 0xaf0cfe78);
}

#[test]
fn go_note_signed_by_both_keys_verifies_both() {
    let msg = format!("{TEXT}\n{PETER_SIG}{ENOCH_SIG}");
    let n = note::open(msg.as_bytes(), &[peter(), enoch()]).unwrap();
    assert_eq!(n.verified_by, vec!["PeterNeumann", "EnochRoot"]);
    assert!(n.unknown_sigs.is_empty());
}

#[test]
fn go_note_without_a_known_signature_is_rejected() {
    let msg = format!("{TEXT}\n{PETER_SIG}{ENOCH_SIG}");
    assert_eq!(
        note::open(msg.as_bytes(), &[]).unwrap_err(),
        NoteError::NoVerifiedSignature
    );
}

#[test]
fn a_verifier_given_twice_is_ambiguous_only_when_its_signature_is_present() {
    let msg = format!("{TEXT}\n{ENOCH_SIG}");
    assert!(matches!(
        note::open(msg.as_bytes(), &[enoch(), peter(), enoch()]).unwrap_err(),
        NoteError::AmbiguousVerifier { .. }
    ));
    let msg = format!("{TEXT}\n{PETER_SIG}");
    assert!(note::open(msg.as_bytes(), &[enoch(), peter(), enoch()]).is_ok());
}

#[test]
fn more_than_one_hundred_signatures_are_rejected_with_or_without_verifiers() {
    let msg = format!("{TEXT}\n{}", PETER_SIG.repeat(101));
    for vs in [vec![peter()], vec![]] {
        assert_eq!(
            note::open(msg.as_bytes(), &vs).unwrap_err(),
            NoteError::TooManySignatures { count: 101 }
        );
    }
}

#[test]
fn a_repeated_signature_line_is_rejected_unlike_go_which_merges_it() {
    let msg = format!("{TEXT}\n{PETER_SIG}{PETER_SIG}");
    assert!(matches!(
        note::open(msg.as_bytes(), &[peter()]).unwrap_err(),
        NoteError::DuplicateSignature {
            key_id: 0xc74f20a3,
            ..
        }
    ));
}

#[test]
fn a_corrupted_go_signature_from_a_known_key_is_rejected() {
    let bad = format!("{}ABCD{}", &PETER_SIG[..60], &PETER_SIG[60..]);
    let msg = format!("{TEXT}\n{bad}");
    assert!(matches!(
        note::open(msg.as_bytes(), &[peter()]).unwrap_err(),
        NoteError::InvalidSignature {
            key_id: 0xc74f20a3,
            ..
        }
    ));
}

#[test]
fn the_go_malformed_messages_are_rejected_with_precise_errors() {
    let no_newline = &PETER_SIG[..PETER_SIG.len() - 1];
    let cases: Vec<(Vec<u8>, NoteError)> = vec![
        (TEXT.into(), NoteError::MissingSignatureBlock),
        (format!("{TEXT}\n").into(), NoteError::MissingSignatureBlock),
        (
            format!("{TEXT}\n{no_newline}").into(),
            NoteError::MalformedSignatureLine { line: 1 },
        ),
        (
            format!("\x01{TEXT}\n{PETER_SIG}").into(),
            NoteError::ControlCharacter,
        ),
        (
            [b"\xff".as_slice(), format!("{TEXT}\n{PETER_SIG}").as_bytes()].concat(),
            NoteError::NotUtf8,
        ),
        (
            format!("{TEXT}\n\u{2014} Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n").into(),
            NoteError::MalformedSignatureLine { line: 1 },
        ),
        (
            format!("{TEXT}\n{PETER_SIG}Unexpected line.\n").into(),
            NoteError::MalformedSignatureLine { line: 2 },
        ),
    ];
    for (msg, want) in cases {
        assert_eq!(note::open(&msg, &[peter()]).unwrap_err(), want, "{msg:?}");
    }
}

#[test]
fn the_gmt_0003_annex_a_signature_verifies_with_the_sm2_crate() {
    let vk =
        sm2::dsa::VerifyingKey::from_sec1_bytes("1234567812345678", &sm2_public_sec1()).unwrap();
    let sig = sm2::dsa::Signature::from_slice(&sm2_signature()).unwrap();
    assert!(vk.verify(b"message digest", &sig).is_ok());
    assert!(vk.verify(b"message digesT", &sig).is_err());
    let other_id =
        sm2::dsa::VerifyingKey::from_sec1_bytes("ALICE123@YAHOO.COM", &sm2_public_sec1()).unwrap();
    assert!(other_id.verify(b"message digest", &sig).is_err());
}

#[test]
fn the_gmt_0003_annex_a_signature_verifies_with_the_note_sm2_verifier() {
    let public = sm2::PublicKey::from_sec1_bytes(&sm2_public_sec1()).unwrap();
    let v = Verifier::sm2("gmt0003.example/annex-a", &public).unwrap();
    assert_eq!(v.algorithm(), note::Algorithm::Sm2Sm3);
    assert!(v.verify(b"message digest", &sm2_signature()));
    let mut tampered = sm2_signature();
    tampered[63] ^= 1;
    assert!(!v.verify(b"message digest", &tampered));
    assert!(!v.verify(b"message digest", &sm2_signature()[..63]));
}

#[test]
fn the_gmt_0003_annex_a_private_key_yields_the_published_public_key() {
    let sk =
        sm2::dsa::SigningKey::from_slice(note::SM2_DEFAULT_DISTID, &hex::decode(SM2_PRIV).unwrap())
            .unwrap();
    assert_eq!(
        &*sk.verifying_key().to_sec1_bytes(),
        sm2_public_sec1().as_slice()
    );
    let signer = Signer::sm2("gmt0003.example/annex-a", sk).unwrap();
    let v = signer.verifier();
    assert_eq!(&v.key_material()[17..], sm2_public_sec1().as_slice());
    let signed = note::sign("message digest\n", std::slice::from_ref(&signer)).unwrap();
    assert!(note::open(signed.as_bytes(), &[v]).is_ok());
}

#[test]
fn the_alice123_example_key_from_the_test_curve_is_rejected() {
    // GM/T 0003.2 example (ID ALICE123@YAHOO.COM) uses a 256-bit *test* curve, not the
    // recommended SM2 curve, so its public key is not a point of the curve we accept.
    let mut point = vec![0x04];
    point.extend(
        hex::decode("0AE4C7798AA0F119471BEE11825BE46202BB79E2A5844495E97C04FF4DF2548A").unwrap(),
    );
    point.extend(
        hex::decode("7C0240F88F1CD4E16352A73C17B7F16F07353E53A176D684A9FE0C6BB798E857").unwrap(),
    );
    assert!(sm2::PublicKey::from_sec1_bytes(&point).is_err());
    assert!(sm2::dsa::VerifyingKey::from_sec1_bytes("ALICE123@YAHOO.COM", &point).is_err());
}
