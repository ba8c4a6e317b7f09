//! Signed notes with freshly generated Ed25519 and SM2 keys: the bytes on the wire are plain
//! signatures over exactly the note text, key IDs follow C2SP, and any tampering is rejected.
#![allow(clippy::unwrap_used)]

use base64::Engine as _;
use ed25519_dalek::rand_core::{Infallible, TryCryptoRng, TryRng};
use sanxiang_ledger::note::{self, NoteError, Signer, Verifier};
use sha2::{Digest as _, Sha256};

/// Deterministic test RNG: SHA-256 in counter mode. Not for production keys.
struct TestRng {
    seed: u64,
    counter: u64,
}

impl TestRng {
    fn new(seed: u64) -> Self {
        TestRng { seed, counter: 0 }
    }
}

impl TryRng for TestRng {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(32) {
            let mut h = Sha256::new();
            h.update(self.seed.to_le_bytes());
            h.update(self.counter.to_le_bytes());
            self.counter += 1;
            chunk.copy_from_slice(&h.finalize()[..chunk.len()]);
        }
        Ok(())
    }
}

impl TryCryptoRng for TestRng {}

const TEXT: &str =
    "example.gov.cn/sanxiang/log\n42\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

fn ed25519_pair(name: &str, seed: u64) -> (Signer, Verifier) {
    let (s, v) = note::generate_ed25519(name, &mut TestRng::new(seed)).unwrap();
    (
        Signer::from_key_string(&s).unwrap(),
        Verifier::from_key_string(&v).unwrap(),
    )
}

fn sm2_pair(name: &str, seed: u64) -> (Signer, Verifier) {
    let (s, v) = note::generate_sm2(name, &mut TestRng::new(seed)).unwrap();
    (
        Signer::from_key_string(&s).unwrap(),
        Verifier::from_key_string(&v).unwrap(),
    )
}

fn hand_key_id(name: &str, material: &[u8]) -> u32 {
    let mut input = name.as_bytes().to_vec();
    input.push(b'\n');
    input.extend_from_slice(material);
    let d = Sha256::digest(&input);
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

/// Decodes the single signature line of `signed` into (name, key ID bytes, signature).
fn only_signature(signed: &str) -> (String, [u8; 4], Vec<u8>) {
    let (_, sigs) = signed.rsplit_once("\n\n").unwrap();
    let line = sigs.strip_suffix('\n').unwrap();
    assert!(!line.contains('\n'));
    let rest = line.strip_prefix("\u{2014} ").unwrap();
    let (name, b64) = rest.split_once(' ').unwrap();
    let raw = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    (
        name.to_owned(),
        raw[..4].try_into().unwrap(),
        raw[4..].to_vec(),
    )
}

#[test]
fn ed25519_note_signature_is_a_plain_ed25519_signature_over_exactly_the_text() {
    let (signer, verifier) = ed25519_pair("example.gov.cn/sanxiang/log", 1);
    let signed = note::sign(TEXT, std::slice::from_ref(&signer)).unwrap();
    assert!(signed.starts_with(&format!("{TEXT}\n")));
    let (name, id, sig) = only_signature(&signed);
    assert_eq!(name, "example.gov.cn/sanxiang/log");
    assert_eq!(u32::from_be_bytes(id), verifier.key_id());

    let pk: [u8; 32] = verifier.key_material()[1..].try_into().unwrap();
    let pk = ed25519_dalek::VerifyingKey::from_bytes(&pk).unwrap();
    let sig = ed25519_dalek::Signature::from_slice(&sig).unwrap();
    assert!(pk.verify_strict(TEXT.as_bytes(), &sig).is_ok());
    assert!(
        pk.verify_strict(format!("{TEXT}\n").as_bytes(), &sig)
            .is_err()
    );
}

#[test]
fn ed25519_key_id_is_the_first_four_bytes_of_sha256_of_name_newline_0x01_and_public_key() {
    let (_, verifier) = ed25519_pair("witness.example/a", 2);
    let material = verifier.key_material();
    assert_eq!(material.len(), 33);
    assert_eq!(material[0], 0x01);
    assert_eq!(
        verifier.key_id(),
        hand_key_id("witness.example/a", material)
    );
    assert_eq!(
        verifier.to_key_string(),
        format!(
            "witness.example/a+{:08x}+{}",
            verifier.key_id(),
            base64::engine::general_purpose::STANDARD.encode(material)
        )
    );
}

#[test]
fn sm2_key_id_hashes_0xff_the_algorithm_name_and_the_sec1_point() {
    let (_, verifier) = sm2_pair("sequencer.example/sm2", 3);
    let material = verifier.key_material();
    let id = note::SM2_ALGORITHM_ID.as_bytes();
    assert_eq!(material[0], 0xff);
    assert_eq!(&material[1..1 + id.len()], id);
    assert_eq!(material.len(), 1 + id.len() + 65);
    assert_eq!(material[1 + id.len()], 0x04);
    assert_eq!(
        verifier.key_id(),
        hand_key_id("sequencer.example/sm2", material)
    );
}

#[test]
fn sm2_note_signature_is_a_64_byte_r_s_sm2_sm3_signature_with_the_default_id() {
    use sm2::dsa::signature::Verifier as _;
    let (signer, verifier) = sm2_pair("sequencer.example/sm2", 4);
    let signed = note::sign(TEXT, std::slice::from_ref(&signer)).unwrap();
    let (_, id, sig) = only_signature(&signed);
    assert_eq!(u32::from_be_bytes(id), verifier.key_id());
    assert_eq!(sig.len(), 64);
    let point = &verifier.key_material()[1 + note::SM2_ALGORITHM_ID.len()..];
    let vk = sm2::dsa::VerifyingKey::from_sec1_bytes("1234567812345678", point).unwrap();
    let sig = sm2::dsa::Signature::from_slice(&sig).unwrap();
    assert!(vk.verify(TEXT.as_bytes(), &sig).is_ok());
}

#[test]
fn sm2_signed_note_opens_with_its_verifier() {
    let (signer, verifier) = sm2_pair("sequencer.example/sm2", 5);
    let signed = note::sign(TEXT, &[signer]).unwrap();
    let n = note::open(signed.as_bytes(), &[verifier]).unwrap();
    assert_eq!(n.text, TEXT);
    assert_eq!(n.verified_by, vec!["sequencer.example/sm2"]);
    assert!(n.unknown_sigs.is_empty());
}

#[test]
fn sm2_signed_note_does_not_open_with_another_key_of_the_same_name() {
    let (signer, _) = sm2_pair("sequencer.example/sm2", 6);
    let (_, other) = sm2_pair("sequencer.example/sm2", 7);
    let signed = note::sign(TEXT, &[signer]).unwrap();
    assert_eq!(
        note::open(signed.as_bytes(), &[other]).unwrap_err(),
        NoteError::NoVerifiedSignature
    );
}

#[test]
fn sm2_signature_presented_under_the_right_key_id_but_made_by_another_key_is_invalid() {
    let (signer, _) = sm2_pair("log", 8);
    let (_, other) = sm2_pair("log", 9);
    let signed = note::sign(TEXT, &[signer]).unwrap();
    let (name, _, sig) = only_signature(&signed);
    let forged = note::NoteSignature {
        name,
        key_id: other.key_id(),
        signature: sig,
    };
    let msg = format!("{TEXT}\n{}", forged.to_line());
    assert!(matches!(
        note::open(msg.as_bytes(), &[other]).unwrap_err(),
        NoteError::InvalidSignature { .. }
    ));
}

#[test]
fn changing_any_single_byte_of_the_text_is_rejected_for_both_algorithms() {
    for (signer, verifier) in [ed25519_pair("log", 10), sm2_pair("log", 11)] {
        let signed = note::sign(TEXT, &[signer]).unwrap();
        for i in 0..TEXT.len() {
            let mut b = signed.clone().into_bytes();
            b[i] ^= 0x01;
            assert!(
                note::open(&b, std::slice::from_ref(&verifier)).is_err(),
                "byte {i}"
            );
        }
        let swapped = signed.replacen("42", "43", 1);
        assert!(matches!(
            note::open(swapped.as_bytes(), std::slice::from_ref(&verifier)).unwrap_err(),
            NoteError::InvalidSignature { .. }
        ));
    }
}

#[test]
fn changing_any_single_byte_of_the_signature_is_rejected_for_both_algorithms() {
    for (signer, verifier) in [ed25519_pair("log", 12), sm2_pair("log", 13)] {
        let signed = note::sign(TEXT, &[signer]).unwrap();
        let (name, id, sig) = only_signature(&signed);
        for i in 0..sig.len() {
            let mut bad = sig.clone();
            bad[i] ^= 0x80;
            let line = note::NoteSignature {
                name: name.clone(),
                key_id: u32::from_be_bytes(id),
                signature: bad,
            };
            let msg = format!("{TEXT}\n{}", line.to_line());
            assert!(matches!(
                note::open(msg.as_bytes(), std::slice::from_ref(&verifier)).unwrap_err(),
                NoteError::InvalidSignature { .. }
            ));
        }
    }
}

#[test]
fn a_note_cosigned_with_ed25519_and_sm2_reports_what_each_verifier_set_covers() {
    let (ed_s, ed_v) = ed25519_pair("log/ed25519", 14);
    let (sm_s, sm_v) = sm2_pair("log/sm2", 15);
    let signed = note::sign(TEXT, &[sm_s, ed_s]).unwrap();
    let both = note::open(signed.as_bytes(), &[ed_v.clone(), sm_v.clone()]).unwrap();
    assert_eq!(both.verified_by, vec!["log/sm2", "log/ed25519"]);
    let ed_only = note::open(signed.as_bytes(), &[ed_v]).unwrap();
    assert_eq!(ed_only.verified_by, vec!["log/ed25519"]);
    assert_eq!(ed_only.unknown_sigs.len(), 1);
    assert_eq!(ed_only.unknown_sigs[0].key_id, sm_v.key_id());
}

#[test]
fn generated_key_strings_round_trip_through_parsing() {
    for (s, v) in [
        note::generate_ed25519("a.example/k", &mut TestRng::new(16)).unwrap(),
        note::generate_sm2("a.example/k", &mut TestRng::new(17)).unwrap(),
    ] {
        assert!(s.starts_with("PRIVATE+KEY+a.example/k+"));
        let signer: Signer = s.parse().unwrap();
        let verifier: Verifier = v.parse().unwrap();
        assert_eq!(signer.to_key_string(), s);
        assert_eq!(verifier.to_key_string(), v);
        assert_eq!(signer.verifier().to_key_string(), v);
    }
}

#[test]
fn key_strings_with_a_wrong_key_id_are_rejected() {
    for (s, v) in [
        note::generate_ed25519("k", &mut TestRng::new(18)).unwrap(),
        note::generate_sm2("k", &mut TestRng::new(19)).unwrap(),
    ] {
        let wrong = |k: &str, at: usize| {
            let id = &k[at..at + 8];
            let flipped = format!("{:08x}", u32::from_str_radix(id, 16).unwrap() ^ 1);
            format!("{}{}{}", &k[..at], flipped, &k[at + 8..])
        };
        assert_eq!(
            Verifier::from_key_string(&wrong(&v, 2)).unwrap_err(),
            NoteError::KeyIdMismatch
        );
        assert_eq!(
            Signer::from_key_string(&wrong(&s, 14)).unwrap_err(),
            NoteError::KeyIdMismatch
        );
    }
}

#[test]
fn key_names_that_are_empty_or_contain_spaces_or_plus_are_rejected() {
    for name in ["", "a b", "a+b", "a\u{3000}b", "a\tb"] {
        assert_eq!(
            note::generate_ed25519(name, &mut TestRng::new(20)).unwrap_err(),
            NoteError::InvalidKeyName
        );
        assert_eq!(
            note::generate_sm2(name, &mut TestRng::new(21)).unwrap_err(),
            NoteError::InvalidKeyName
        );
    }
}

#[test]
fn signing_rejects_bad_text_and_bad_signer_sets() {
    let (signer, _) = ed25519_pair("log", 22);
    let one = std::slice::from_ref(&signer);
    assert_eq!(
        note::sign("no newline", one).unwrap_err(),
        NoteError::TextMustEndInNewline
    );
    assert_eq!(
        note::sign("", one).unwrap_err(),
        NoteError::TextMustEndInNewline
    );
    assert_eq!(
        note::sign("tab\there\n", one).unwrap_err(),
        NoteError::ControlCharacter
    );
    assert_eq!(
        note::sign("crlf\r\n", one).unwrap_err(),
        NoteError::ControlCharacter
    );
    assert_eq!(note::sign(TEXT, &[]).unwrap_err(), NoteError::NoSigners);
    assert!(matches!(
        note::sign(TEXT, &[signer.clone(), signer]).unwrap_err(),
        NoteError::DuplicateSigner { .. }
    ));
}

#[test]
fn text_with_blank_lines_inside_is_split_at_the_last_blank_line() {
    let (signer, verifier) = sm2_pair("log", 23);
    let text = "first\n\nsecond\n\n";
    let signed = note::sign(text, &[signer]).unwrap();
    let n = note::open(signed.as_bytes(), &[verifier]).unwrap();
    assert_eq!(n.text, text);
}

#[test]
fn parse_returns_every_signature_line_in_order_without_verifying() {
    let (a, _) = ed25519_pair("a", 24);
    let (b, _) = sm2_pair("b", 25);
    let signed = note::sign(TEXT, &[a.clone(), b.clone()]).unwrap();
    let parsed = note::parse(signed.as_bytes()).unwrap();
    assert_eq!(parsed.text, TEXT);
    let ids: Vec<_> = parsed
        .signatures
        .iter()
        .map(|s| (s.name.as_str(), s.key_id))
        .collect();
    assert_eq!(ids, vec![("a", a.key_id()), ("b", b.key_id())]);
    let rebuilt: String = parsed.signatures.iter().map(|s| s.to_line()).collect();
    assert_eq!(format!("{TEXT}\n{rebuilt}"), signed);
}

#[test]
fn a_witness_cosignature_is_appended_after_the_existing_signatures() {
    let (log_s, log_v) = sm2_pair("log", 26);
    let (wit_s, wit_v) = ed25519_pair("witness", 27);
    let signed = note::sign(TEXT, &[log_s]).unwrap();
    let cosigned = note::add_signatures(signed.as_bytes(), std::slice::from_ref(&wit_s)).unwrap();
    assert!(cosigned.starts_with(&signed));
    let n = note::open(cosigned.as_bytes(), &[log_v, wit_v]).unwrap();
    assert_eq!(n.verified_by, vec!["log", "witness"]);
    // Cosigning again replaces the witness's own line instead of duplicating it.
    let again = note::add_signatures(cosigned.as_bytes(), &[wit_s]).unwrap();
    assert_eq!(again, cosigned);
}

#[test]
fn cosigning_a_malformed_note_or_with_no_signers_fails() {
    let (s, _) = ed25519_pair("w", 28);
    assert_eq!(
        note::add_signatures(TEXT.as_bytes(), std::slice::from_ref(&s)).unwrap_err(),
        NoteError::MissingSignatureBlock
    );
    let signed = note::sign(TEXT, std::slice::from_ref(&s)).unwrap();
    assert_eq!(
        note::add_signatures(signed.as_bytes(), &[]).unwrap_err(),
        NoteError::NoSigners
    );
}

#[test]
fn only_control_characters_below_space_other_than_newline_are_rejected() {
    let (s, v) = ed25519_pair("k", 29);
    let text = "del \u{7f} and nbsp \u{a0} are not ASCII controls\n";
    let signed = note::sign(text, std::slice::from_ref(&s)).unwrap();
    assert_eq!(note::open(signed.as_bytes(), &[v]).unwrap().text, text);
    for c in ['\0', '\t', '\r', '\u{1b}', '\u{1f}'] {
        let bad = signed.replacen("del", &format!("d{c}l"), 1);
        assert_eq!(
            note::open(bad.as_bytes(), &[]).unwrap_err(),
            NoteError::ControlCharacter
        );
    }
}

#[test]
fn small_order_ed25519_verifier_keys_are_rejected() {
    // y = 1 (the identity) and its non-canonical twin y = p + 1.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let mut non_canonical = [0xffu8; 32];
    non_canonical[0] = 0xee;
    non_canonical[31] = 0x7f;
    for point in [identity, non_canonical] {
        let mut material = vec![0x01];
        material.extend_from_slice(&point);
        let key = format!(
            "weak+{:08x}+{}",
            note::key_id("weak", &material),
            base64::engine::general_purpose::STANDARD.encode(&material)
        );
        assert_eq!(
            Verifier::from_key_string(&key).unwrap_err(),
            NoteError::InvalidKeyMaterial
        );
    }
}

#[test]
fn sm2_secret_keys_outside_the_scalar_range_are_rejected() {
    let prefix = {
        let mut p = vec![0xff];
        p.extend_from_slice(note::SM2_ALGORITHM_ID.as_bytes());
        p
    };
    for secret in [[0u8; 32], [0xffu8; 32]] {
        let mut material = prefix.clone();
        material.extend_from_slice(&secret);
        let key = format!(
            "PRIVATE+KEY+k+00000000+{}",
            base64::engine::general_purpose::STANDARD.encode(&material)
        );
        assert_eq!(
            Signer::from_key_string(&key).unwrap_err(),
            NoteError::InvalidKeyMaterial
        );
    }
}
