//! Fork proofs (`sanxiang-fork-proof/v1`): genuine forks verify, forgeries do not.
#![allow(clippy::unwrap_used)]

mod witness_support;

use proptest::prelude::*;
use sanxiang_ledger::hash::Hash;
use sanxiang_ledger::witness::{ForkError, ForkKind, ForkProof, verify_fork};
use witness_support::{ORIGIN, SimLog, sm2_pair};

/// A genuine case (b) fork: size 6 recorded, rolled back to 3, regrown to 10.
fn inconsistent_fork() -> (SimLog, ForkProof) {
    let mut log = SimLog::new(ORIGIN, 1);
    log.grow(6, "a");
    let a = log.note();
    log.roll_back(3);
    log.grow(7, "b");
    let proof = ForkProof {
        origin: ORIGIN.to_owned(),
        log_key: log.verifier().to_key_string(),
        checkpoint_a: a,
        checkpoint_b: log.note(),
        consistency_proof: log.proof(6),
    };
    (log, proof)
}

fn same_size_fork() -> (SimLog, ForkProof) {
    let mut log = SimLog::new(ORIGIN, 1);
    log.grow(5, "a");
    let a = log.note();
    log.roll_back(0);
    log.grow(5, "b");
    let proof = ForkProof {
        origin: ORIGIN.to_owned(),
        log_key: log.verifier().to_key_string(),
        checkpoint_a: a,
        checkpoint_b: log.note(),
        consistency_proof: vec![],
    };
    (log, proof)
}

#[test]
fn genuine_forks_of_both_kinds_verify() {
    let (_, p) = inconsistent_fork();
    assert_eq!(
        p.verify(),
        Ok(ForkKind::Inconsistent {
            old_size: 6,
            new_size: 10
        })
    );
    let (_, p) = same_size_fork();
    assert_eq!(p.verify(), Ok(ForkKind::SameSize { size: 5 }));
}

#[test]
fn json_round_trips_and_has_the_documented_fields() {
    let (_, p) = inconsistent_fork();
    let json = p.to_json();
    assert_eq!(ForkProof::from_json(json.as_bytes()).unwrap(), p);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["format"], "sanxiang-fork-proof/v1");
    assert_eq!(v["origin"], ORIGIN);
    assert!(v["consistency_proof"].as_array().unwrap().len() > 1);
}

#[test]
fn a_note_not_signed_by_the_log_key_is_no_proof() {
    let (log, mut p) = inconsistent_fork();
    let mut impostor = log.clone();
    impostor.signer = sm2_pair(ORIGIN, 77).0;
    p.checkpoint_b = impostor.note();
    assert!(matches!(p.verify(), Err(ForkError::CheckpointB(_))));

    let (_, mut p) = same_size_fork();
    let mut other = SimLog::new(ORIGIN, 55);
    other.grow(5, "c");
    p.checkpoint_a = other.note();
    assert!(matches!(p.verify(), Err(ForkError::CheckpointA(_))));
}

#[test]
fn identical_roots_are_no_fork() {
    let (_, mut p) = same_size_fork();
    p.checkpoint_a = p.checkpoint_b.clone();
    assert_eq!(p.verify(), Err(ForkError::NotAFork));
}

#[test]
fn a_consistent_pair_is_no_fork() {
    let mut log = SimLog::new(ORIGIN, 1);
    log.grow(6, "a");
    let a = log.note();
    log.grow(4, "a");
    let p = ForkProof {
        origin: ORIGIN.to_owned(),
        log_key: log.verifier().to_key_string(),
        checkpoint_a: a,
        checkpoint_b: log.note(),
        consistency_proof: log.proof(6),
    };
    assert_eq!(p.verify(), Err(ForkError::NotAFork));
}

#[test]
fn a_proof_that_does_not_reach_b_is_no_fork() {
    let (_, p) = inconsistent_fork();
    for i in 0..p.consistency_proof.len() {
        let mut bad = p.clone();
        bad.consistency_proof[i].0[31] ^= 0x40;
        assert_eq!(bad.verify(), Err(ForkError::ProofDoesNotReachB), "hash {i}");
    }
    let mut short = p.clone();
    short.consistency_proof.pop();
    assert!(matches!(short.verify(), Err(ForkError::BadProof(_))));
}

#[test]
fn shape_errors_are_precise() {
    let (_, p) = inconsistent_fork();
    // Swapped order.
    let mut swapped = p.clone();
    std::mem::swap(&mut swapped.checkpoint_a, &mut swapped.checkpoint_b);
    assert_eq!(swapped.verify(), Err(ForkError::OutOfOrder { a: 10, b: 6 }));
    // Wrong stated origin.
    let mut wrong = p.clone();
    wrong.origin = "example.gov.cn/elsewhere".to_owned();
    assert!(matches!(
        wrong.verify(),
        Err(ForkError::OriginMismatch { .. })
    ));
    // Same size with a proof attached.
    let (_, mut s) = same_size_fork();
    s.consistency_proof = vec![Hash([0; 32])];
    assert_eq!(s.verify(), Err(ForkError::ProofNotEmpty));
    // Bad key string.
    let mut k = p.clone();
    k.log_key = "nonsense".to_owned();
    assert!(matches!(k.verify(), Err(ForkError::LogKey(_))));
    // JSON problems.
    let json = p.to_json();
    let other_format = json.replace("sanxiang-fork-proof/v1", "sanxiang-fork-proof/v2");
    assert_eq!(
        verify_fork(other_format.as_bytes()),
        Err(ForkError::WrongFormat("sanxiang-fork-proof/v2".to_owned()))
    );
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["consistency_proof"][1] = "AAAA".into();
    assert_eq!(
        verify_fork(v.to_string().as_bytes()),
        Err(ForkError::BadProofHash { index: 1 })
    );
    v["extra"] = 1.into();
    assert!(matches!(
        verify_fork(v.to_string().as_bytes()),
        Err(ForkError::Json(_))
    ));
    assert!(matches!(verify_fork(b"{}"), Err(ForkError::Json(_))));
}

proptest! {
    #[test]
    fn verify_fork_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = verify_fork(&bytes);
    }

    #[test]
    fn fork_proofs_with_arbitrary_fields_never_panic(
        a in ".{0,80}", b in ".{0,80}", key in ".{0,60}",
        proof in proptest::collection::vec(any::<[u8; 32]>(), 0..5),
    ) {
        let p = ForkProof {
            origin: ORIGIN.to_owned(),
            log_key: key,
            checkpoint_a: a,
            checkpoint_b: b,
            consistency_proof: proof.into_iter().map(Hash).collect(),
        };
        prop_assert_eq!(ForkProof::from_json(p.to_json().as_bytes()), Ok(p.clone()));
        let _ = p.verify();
    }
}
