//! C2SP tlog-cosignature v1 (Ed25519): key strings, the exact signed bytes, mutations.
#![allow(clippy::unwrap_used)]

mod witness_support;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use proptest::prelude::*;
use sanxiang_ledger::cosignature::{
    self, CosignatureError, CosignatureSigner, CosignatureVerifier, MAX_TIMESTAMP,
};
use sanxiang_ledger::note;
use sha2::{Digest as _, Sha256};
use witness_support::{ORIGIN, SimLog, TestRng};

const WITNESS: &str = "witness.example.gov.cn/w1";
const TS: u64 = 1_679_315_147;

fn witness(seed: u64) -> (CosignatureSigner, CosignatureVerifier) {
    let (s, v) = cosignature::generate(WITNESS, &mut TestRng(seed, 7)).unwrap();
    (s.parse().unwrap(), v.parse().unwrap())
}

fn log_note() -> (SimLog, String) {
    let mut log = SimLog::new(ORIGIN, 1);
    log.grow(5, "a");
    let n = log.note();
    (log, n)
}

#[test]
fn key_strings_round_trip_and_use_type_byte_0x04() {
    let (s, v) = witness(1);
    assert_eq!(s.verifier(), &v);
    let vs = v.to_key_string();
    assert_eq!(CosignatureVerifier::from_key_string(&vs).unwrap(), v);
    let ss = s.to_key_string();
    assert!(ss.starts_with("PRIVATE+KEY+witness.example.gov.cn/w1+"));
    assert_eq!(
        CosignatureSigner::from_key_string(&ss)
            .unwrap()
            .to_key_string(),
        ss
    );
    // Key ID re-derived by hand: SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)[..4].
    let material = B64.decode(vs.rsplit('+').next().unwrap()).unwrap();
    assert_eq!(material.len(), 33);
    assert_eq!(material[0], 0x04);
    let d = Sha256::new()
        .chain_update(WITNESS.as_bytes())
        .chain_update(b"\n")
        .chain_update(&material)
        .finalize();
    assert_eq!(v.key_id(), u32::from_be_bytes([d[0], d[1], d[2], d[3]]));
    assert!(vs.starts_with(&format!("{WITNESS}+{:08x}+", v.key_id())));
}

#[test]
fn a_plain_note_key_is_not_a_cosigner_key() {
    let (_, note_v) = note::generate_ed25519(WITNESS, &mut TestRng(3, 0)).unwrap();
    assert_eq!(
        CosignatureVerifier::from_key_string(&note_v),
        Err(CosignatureError::NotCosignatureKey)
    );
    let (note_s, _) = note::generate_ed25519(WITNESS, &mut TestRng(3, 0)).unwrap();
    assert_eq!(
        CosignatureSigner::from_key_string(&note_s).unwrap_err(),
        CosignatureError::NotCosignatureKey
    );
}

#[test]
fn malformed_key_strings_are_rejected_precisely() {
    let (s, v) = witness(1);
    let vs = v.to_key_string();
    let (name_id, b64) = vs.rsplit_once('+').unwrap();
    let (name, id) = name_id.split_once('+').unwrap();
    let wrong_id = format!("{name}+{:08x}+{b64}", v.key_id() ^ 1);
    assert_eq!(
        CosignatureVerifier::from_key_string(&wrong_id),
        Err(CosignatureError::KeyIdMismatch)
    );
    assert_eq!(
        CosignatureVerifier::from_key_string(&format!("{name}+ABCDEF01+{b64}")),
        Err(CosignatureError::MalformedKey)
    );
    assert_eq!(
        CosignatureVerifier::from_key_string("no-plus"),
        Err(CosignatureError::MalformedKey)
    );
    assert_eq!(
        CosignatureVerifier::from_key_string(&format!("bad name+{id}+{b64}")),
        Err(CosignatureError::InvalidKeyName)
    );
    let short = B64.encode([0x04u8; 32]);
    assert_eq!(
        CosignatureVerifier::from_key_string(&format!("{name}+{id}+{short}")),
        Err(CosignatureError::InvalidKeyMaterial)
    );
    // Identity point (small order) is refused.
    let mut weak = vec![0x04u8, 1];
    weak.extend_from_slice(&[0u8; 31]);
    let weak_id = note::key_id(name, &weak);
    assert_eq!(
        CosignatureVerifier::from_key_string(&format!(
            "{name}+{weak_id:08x}+{}",
            B64.encode(&weak)
        )),
        Err(CosignatureError::InvalidKeyMaterial)
    );
    let ss = s.to_key_string();
    assert_eq!(
        CosignatureSigner::from_key_string(ss.strip_prefix("PRIVATE+KEY+").unwrap()).unwrap_err(),
        CosignatureError::MalformedKey
    );
}

#[test]
fn cosignature_line_has_the_c2sp_layout_and_signs_the_c2sp_message() {
    let (s, v) = witness(1);
    let (log, signed) = log_note();
    let line = s.cosign(signed.as_bytes(), TS).unwrap();
    let rest = line.strip_prefix(&format!("\u{2014} {WITNESS} ")).unwrap();
    let raw = B64.decode(rest.strip_suffix('\n').unwrap()).unwrap();
    assert_eq!(raw.len(), 4 + 8 + 64);
    assert_eq!(&raw[..4], &v.key_id().to_be_bytes());
    assert_eq!(&raw[4..12], &TS.to_be_bytes());
    // Verify with the raw Ed25519 key over the message built by hand.
    let vs = v.to_key_string();
    let material = B64.decode(vs.rsplit('+').next().unwrap()).unwrap();
    let pk = ed25519_dalek::VerifyingKey::from_bytes(material[1..].try_into().unwrap()).unwrap();
    let msg = format!(
        "cosignature/v1\ntime 1679315147\n{}",
        log.checkpoint().to_text()
    );
    let sig = ed25519_dalek::Signature::from_slice(&raw[12..]).unwrap();
    pk.verify_strict(msg.as_bytes(), &sig).unwrap();
    // The same signature does not verify over the bare text (domain separation).
    assert!(
        pk.verify_strict(log.checkpoint().to_text().as_bytes(), &sig)
            .is_err()
    );
}

#[test]
fn cosigned_note_verifies_and_still_opens_with_the_log_key() {
    let (s, v) = witness(1);
    let (log, signed) = log_note();
    let line = s.cosign(signed.as_bytes(), TS).unwrap();
    let cosigned = format!("{signed}{line}");
    assert_eq!(v.verify_note(cosigned.as_bytes()), Ok(TS));
    assert_eq!(v.verify_line(&log.checkpoint().to_text(), &line), Ok(TS));
    let opened = note::open(cosigned.as_bytes(), &[log.verifier()]).unwrap();
    assert_eq!(opened.unknown_sigs.len(), 1);
    // Another witness key finds no cosignature of its own.
    let (_, other) = witness(2);
    assert!(matches!(
        other.verify_note(cosigned.as_bytes()),
        Err(CosignatureError::Missing { .. })
    ));
}

#[test]
fn every_byte_flip_of_the_signature_payload_is_rejected() {
    let (s, v) = witness(1);
    let (log, signed) = log_note();
    let text = log.checkpoint().to_text();
    let sig = s.cosign_text(&text, TS).unwrap();
    let mut raw = sig.key_id.to_be_bytes().to_vec();
    raw.extend_from_slice(&sig.signature);
    for i in 0..raw.len() {
        for bit in [0x01u8, 0x80] {
            let mut bad = raw.clone();
            bad[i] ^= bit;
            let line = format!("\u{2014} {WITNESS} {}\n", B64.encode(&bad));
            assert!(v.verify_line(&text, &line).is_err(), "byte {i} bit {bit}");
            let note = format!("{signed}{line}");
            assert!(
                v.verify_note(note.as_bytes()).is_err(),
                "byte {i} bit {bit}"
            );
        }
    }
}

#[test]
fn a_changed_checkpoint_text_or_name_is_rejected() {
    let (s, v) = witness(1);
    let (log, _) = log_note();
    let text = log.checkpoint().to_text();
    let line = s.cosign_text(&text, TS).unwrap().to_line();
    for i in 0..text.len() {
        let mut bytes = text.clone().into_bytes();
        bytes[i] ^= 0x01;
        if let Ok(t) = String::from_utf8(bytes) {
            assert!(v.verify_line(&t, &line).is_err(), "text byte {i}");
        }
    }
    let renamed = line.replace(WITNESS, "witness.example.gov.cn/w2");
    assert!(v.verify_line(&text, &renamed).is_err());
}

#[test]
fn timestamps_beyond_2_pow_63_are_refused() {
    let (s, v) = witness(1);
    let (log, _) = log_note();
    let text = log.checkpoint().to_text();
    assert_eq!(
        s.cosign_text(&text, MAX_TIMESTAMP + 1),
        Err(CosignatureError::TimestampTooLarge(MAX_TIMESTAMP + 1))
    );
    let ok = s.cosign_text(&text, MAX_TIMESTAMP).unwrap();
    assert_eq!(v.verify_signature(&text, &ok), Ok(MAX_TIMESTAMP));
    let mut big = ok.clone();
    big.signature[0] |= 0x80;
    assert_eq!(
        v.verify_signature(&text, &big),
        Err(CosignatureError::TimestampTooLarge(u64::MAX))
    );
}

#[test]
fn wrong_payload_length_is_reported() {
    let (s, v) = witness(1);
    let (log, _) = log_note();
    let text = log.checkpoint().to_text();
    let mut sig = s.cosign_text(&text, TS).unwrap();
    sig.signature.pop();
    assert_eq!(
        v.verify_signature(&text, &sig),
        Err(CosignatureError::WrongLength { len: 71 })
    );
}

#[test]
fn cosigning_requires_a_note_text() {
    let (s, _) = witness(1);
    assert!(matches!(
        s.cosign_text("no newline", TS),
        Err(CosignatureError::Note(_))
    ));
    assert!(matches!(
        s.cosign(b"not a note", TS),
        Err(CosignatureError::Note(_))
    ));
}

proptest! {
    #[test]
    fn parsers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300), s in ".{0,120}") {
        let (_, v) = witness(1);
        let _ = v.verify_note(&bytes);
        let _ = v.verify_line(&s, &s);
        let _ = CosignatureVerifier::from_key_string(&s);
        let _ = CosignatureSigner::from_key_string(&s);
        let text = String::from_utf8_lossy(&bytes);
        let _ = v.verify_line(&text, &format!("\u{2014} {WITNESS} {}", B64.encode(&bytes)));
    }

    #[test]
    fn cosign_verify_round_trips(ts in 0..=MAX_TIMESTAMP, extra in "[a-z ]{1,20}") {
        let (s, v) = witness(1);
        let text = format!("{ORIGIN}\n3\n{}\n{}\n", B64.encode([7u8; 32]), extra.trim().replace(' ', "-") + "x");
        let sig = s.cosign_text(&text, ts).unwrap();
        prop_assert_eq!(v.verify_signature(&text, &sig), Ok(ts));
        prop_assert_eq!(v.verify_line(&text, &sig.to_line()), Ok(ts));
    }
}
