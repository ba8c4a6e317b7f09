//! The kept fuzz corpus (`tests/corpus/`): real outputs of the system — a signed checkpoint, a
//! tlog-proof file, an archive package, a fork proof, a witness request, an entry. Each seed must
//! parse and verify; every truncation and every single-byte change of it must be handled by its
//! parser without a panic, and a changed signed artefact must not verify as the original did.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use sanxiang_ledger::checkpoint::{Checkpoint, SignedCheckpoint};
use sanxiang_ledger::entry::Entry;
use sanxiang_ledger::note::{self, Verifier};
use sanxiang_ledger::package::{self, NoExternalChecks, VerifyPolicy};
use sanxiang_ledger::tlog_proof::TlogProof;
use sanxiang_ledger::witness::{AddCheckpointRequest, verify_fork};

fn corpus(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus")
            .join(name),
    )
    .unwrap()
}

fn log_key() -> Verifier {
    String::from_utf8(corpus("log.vkey"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Every prefix, and at every position the byte xor 0x01, xor 0x80, 0x00, 0xff and '\n'.
fn mutations(seed: &[u8], step: usize) -> impl Iterator<Item = Vec<u8>> + '_ {
    let cuts = (0..seed.len()).step_by(step).map(|n| seed[..n].to_vec());
    let flips = (0..seed.len()).step_by(step).flat_map(move |i| {
        [0x01u8, 0x80]
            .into_iter()
            .map(move |x| (i, seed[i] ^ x))
            .chain([0x00u8, 0xff, b'\n'].into_iter().map(move |v| (i, v)))
    });
    cuts.chain(
        flips
            .filter(move |(i, v)| seed[*i] != *v)
            .map(move |(i, v)| {
                let mut m = seed.to_vec();
                m[i] = v;
                m
            }),
    )
}

#[test]
fn log2_checkpoint_seed_verifies_and_mutants_never_panic_nor_verify() {
    let seed = corpus("checkpoint.note");
    let key = log_key();
    let ok = SignedCheckpoint::open(&seed, &key, &[]).unwrap();
    for m in mutations(&seed, 1) {
        let _ = note::parse(&m);
        if let Ok(text) = std::str::from_utf8(&m) {
            let _ = Checkpoint::parse(text);
        }
        if let Ok(o) = SignedCheckpoint::open(&m, &key, &[]) {
            // Only a change outside the signed text and signature bytes could still open.
            assert_eq!(o.checkpoint, ok.checkpoint);
        }
    }
}

#[test]
fn log3_tlog_proof_seed_verifies_and_mutants_never_panic() {
    let seed = corpus("entry3.tlog-proof");
    let key = log_key();
    let good = TlogProof::parse(&seed)
        .unwrap()
        .verify(None, &key, &[], None)
        .unwrap();
    for m in mutations(&seed, 1) {
        if let Ok(p) = TlogProof::parse(&m)
            && let Ok(v) = p.verify(None, &key, &[], None)
        {
            assert_eq!(
                (p.index, v.leaf_hash),
                (3, good.leaf_hash),
                "a mutant proved another entry"
            );
        }
    }
}

#[test]
fn log4_package_seed_verifies_and_mutants_never_panic() {
    let seed = corpus("package.tar");
    let policy = VerifyPolicy {
        log_keys: vec![log_key()],
        ..VerifyPolicy::default()
    };
    assert!(package::verify(&seed[..], &policy, &NoExternalChecks).all_hold());
    for (k, m) in mutations(&seed, 3).enumerate() {
        // Bounded: every third position of an 18 KiB archive, all mutation kinds.
        let _ = package::verify(&m[..], &policy, &NoExternalChecks);
        if k > 40_000 {
            break;
        }
    }
}

#[test]
fn log2_fork_proof_seed_verifies_and_mutants_never_panic() {
    let seed = corpus("fork.json");
    verify_fork(&seed).unwrap();
    for m in mutations(&seed, 1) {
        let _ = verify_fork(&m);
    }
}

#[test]
fn log2_witness_request_seed_parses_and_mutants_never_panic() {
    let seed = corpus("add-checkpoint.req");
    AddCheckpointRequest::parse(&seed).unwrap();
    for m in mutations(&seed, 1) {
        let _ = AddCheckpointRequest::parse(&m);
    }
}

#[test]
fn log1_entry_seed_decodes_and_every_decoded_mutant_is_canonical() {
    let seed = corpus("entry-golden.bin");
    Entry::decode(&seed).unwrap();
    for m in mutations(&seed, 1) {
        if let Ok(e) = Entry::decode(&m) {
            assert_eq!(e.encode(), m, "one encoding per entry");
        }
    }
}
