//! Signed checkpoints: the log's own signature is required; witnesses cosign.
#![allow(clippy::unwrap_used)]

use ed25519_dalek::rand_core::{Infallible, TryCryptoRng, TryRng};
use sanxiang_ledger::checkpoint::{
    Checkpoint, CheckpointError, SignedCheckpoint, SignedCheckpointError,
};
use sanxiang_ledger::hash::HashAlg;
use sanxiang_ledger::note::{self, NoteError, Signer, Verifier};
use sha2::{Digest as _, Sha256};

/// Deterministic test RNG: SHA-256 in counter mode. Not for production keys.
struct TestRng(u64, u64);

impl TryRng for TestRng {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(self.try_next_u64()? as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(32) {
            let d = Sha256::new()
                .chain_update(self.0.to_le_bytes())
                .chain_update(self.1.to_le_bytes())
                .finalize();
            self.1 += 1;
            chunk.copy_from_slice(&d[..chunk.len()]);
        }
        Ok(())
    }
}

impl TryCryptoRng for TestRng {}

const ORIGIN: &str = "example.gov.cn/sanxiang/log";

fn sm2_pair(name: &str, seed: u64) -> (Signer, Verifier) {
    let (s, v) = note::generate_sm2(name, &mut TestRng(seed, 0)).unwrap();
    (s.parse().unwrap(), v.parse().unwrap())
}

fn ed25519_pair(name: &str, seed: u64) -> (Signer, Verifier) {
    let (s, v) = note::generate_ed25519(name, &mut TestRng(seed, 0)).unwrap();
    (s.parse().unwrap(), v.parse().unwrap())
}

fn checkpoint() -> Checkpoint {
    Checkpoint::new(ORIGIN, 1234, [0x5a; 32], HashAlg::Sm3)
}

#[test]
fn a_checkpoint_signed_by_the_log_opens_with_the_log_key() {
    let (log_s, log_v) = sm2_pair(ORIGIN, 1);
    let signed = checkpoint().sign(&[log_s]).unwrap();
    assert!(signed.starts_with(&checkpoint().to_text()));
    let opened = SignedCheckpoint::open(signed.as_bytes(), &log_v, &[]).unwrap();
    assert_eq!(opened.checkpoint, checkpoint());
    assert_eq!(opened.checkpoint.hash_algorithm().unwrap(), HashAlg::Sm3);
    assert!(opened.witnessed_by.is_empty());
    assert!(opened.unknown_sigs.is_empty());
}

#[test]
fn witness_cosignatures_are_reported_and_unknown_ones_kept_aside() {
    let (log_s, log_v) = sm2_pair(ORIGIN, 2);
    let (a_s, a_v) = ed25519_pair("judicial-bureau.example/witness", 3);
    let (b_s, _) = sm2_pair("archive.example/witness", 4);
    let signed = checkpoint().sign(&[log_s]).unwrap();
    let cosigned = note::add_signatures(signed.as_bytes(), &[a_s, b_s]).unwrap();
    let opened = SignedCheckpoint::open(cosigned.as_bytes(), &log_v, &[a_v]).unwrap();
    assert_eq!(opened.witnessed_by, vec!["judicial-bureau.example/witness"]);
    assert_eq!(opened.unknown_sigs.len(), 1);
    assert_eq!(opened.unknown_sigs[0].name, "archive.example/witness");
}

#[test]
fn a_checkpoint_signed_only_by_a_witness_is_rejected() {
    let (_, log_v) = sm2_pair(ORIGIN, 5);
    let (w_s, w_v) = ed25519_pair("witness", 6);
    let signed = checkpoint().sign(&[w_s]).unwrap();
    assert_eq!(
        SignedCheckpoint::open(signed.as_bytes(), &log_v, &[w_v]).unwrap_err(),
        SignedCheckpointError::Note(NoteError::NoVerifiedSignature)
    );
}

#[test]
fn a_checkpoint_signed_by_another_key_with_the_log_name_is_rejected() {
    let (other_s, _) = sm2_pair(ORIGIN, 7);
    let (_, log_v) = sm2_pair(ORIGIN, 8);
    let signed = checkpoint().sign(&[other_s]).unwrap();
    assert_eq!(
        SignedCheckpoint::open(signed.as_bytes(), &log_v, &[]).unwrap_err(),
        SignedCheckpointError::Note(NoteError::NoVerifiedSignature)
    );
}

#[test]
fn a_tampered_root_or_size_is_rejected() {
    let (log_s, log_v) = sm2_pair(ORIGIN, 9);
    let signed = checkpoint().sign(&[log_s]).unwrap();
    for tampered in [
        signed.replacen("\n1234\n", "\n1235\n", 1),
        signed.replacen("WlpaWlpa", "WlpaWlpb", 1),
    ] {
        assert_ne!(tampered, signed);
        assert!(matches!(
            SignedCheckpoint::open(tampered.as_bytes(), &log_v, &[]).unwrap_err(),
            SignedCheckpointError::Note(NoteError::InvalidSignature { .. })
        ));
    }
}

#[test]
fn a_validly_signed_note_whose_body_is_not_a_checkpoint_is_rejected() {
    let (log_s, log_v) = sm2_pair(ORIGIN, 10);
    let signed = note::sign("just some text\n", &[log_s]).unwrap();
    assert_eq!(
        SignedCheckpoint::open(signed.as_bytes(), &log_v, &[]).unwrap_err(),
        SignedCheckpointError::Checkpoint(CheckpointError::TooFewLines { lines: 1 })
    );
}

#[test]
fn signing_an_invalid_checkpoint_is_refused() {
    let (log_s, _) = sm2_pair(ORIGIN, 11);
    let mut c = checkpoint();
    c.origin = String::new();
    assert_eq!(
        c.sign(&[log_s]).unwrap_err(),
        SignedCheckpointError::Checkpoint(CheckpointError::EmptyOrigin)
    );
}

#[test]
fn the_log_key_may_not_double_as_a_witness_key() {
    let (log_s, log_v) = sm2_pair(ORIGIN, 12);
    let signed = checkpoint().sign(&[log_s]).unwrap();
    assert!(matches!(
        SignedCheckpoint::open(signed.as_bytes(), &log_v, std::slice::from_ref(&log_v)),
        Err(SignedCheckpointError::LogKeyAmongWitnesses(_))
    ));
}
