//! The witness decision: every outcome of tlog-witness `add-checkpoint`, and fork detection.
#![allow(clippy::unwrap_used)]

mod witness_support;

use proptest::prelude::*;
use sanxiang_ledger::checkpoint::Checkpoint;
use sanxiang_ledger::hash::{Hash, HashAlg};
use sanxiang_ledger::note;
use sanxiang_ledger::proof::ProofError;
use sanxiang_ledger::witness::{
    AddCheckpointRequest, ForkKind, KnownLog, Outcome, Recorded, RejectReason, decide, verify_fork,
};
use witness_support::{ORIGIN, SimLog, sm2_pair};

fn known(log: &SimLog) -> Vec<KnownLog> {
    vec![KnownLog {
        origin: log.origin.clone(),
        keys: vec![log.verifier()],
    }]
}

fn req(old_size: u64, proof: Vec<Hash>, note: &str) -> AddCheckpointRequest {
    AddCheckpointRequest {
        old_size,
        proof,
        checkpoint: note.as_bytes().to_vec(),
    }
}

/// Submits the log's current checkpoint from `old` with the log's own proof.
fn submit(log: &SimLog, rec: Option<&Recorded>, old: u64) -> Outcome {
    decide(&known(log), rec, &req(old, log.proof(old), &log.note()))
}

fn cosigned(outcome: Outcome) -> Recorded {
    match outcome {
        Outcome::Cosign { state } => state,
        other => panic!("expected Cosign, got {other:?}"),
    }
}

fn status(outcome: &Outcome) -> u16 {
    match outcome {
        Outcome::Reject { status, .. } => *status,
        Outcome::Conflict { .. } | Outcome::Fork(_) => 409,
        Outcome::Cosign { .. } => 200,
    }
}

/// A log at size `n` whose checkpoint the witness has recorded.
fn recorded_log(n: usize) -> (SimLog, Recorded) {
    let mut log = SimLog::new(ORIGIN, 1);
    log.grow(n, "a");
    let rec = cosigned(submit(&log, None, 0));
    (log, rec)
}

#[test]
fn first_checkpoint_with_old_zero_is_cosigned_and_recorded() {
    let (log, rec) = recorded_log(5);
    assert_eq!(rec.checkpoint(), &log.checkpoint());
    assert_eq!(rec.note(), log.note());
}

#[test]
fn growth_with_a_valid_proof_is_cosigned() {
    for (from, to) in [(5, 9), (1, 2), (6, 7), (3, 64), (4, 100)] {
        let (mut log, rec) = recorded_log(from);
        log.grow(to - from, "a");
        let next = cosigned(submit(&log, Some(&rec), from as u64));
        assert_eq!(next.checkpoint().size, to as u64);
    }
}

#[test]
fn same_checkpoint_again_is_cosigned_with_an_empty_proof_only() {
    let (log, rec) = recorded_log(5);
    assert_eq!(cosigned(submit(&log, Some(&rec), 5)), rec);
    let bogus = decide(
        &known(&log),
        Some(&rec),
        &req(5, vec![Hash([1; 32])], &log.note()),
    );
    assert_eq!(
        bogus,
        Outcome::Reject {
            status: 422,
            reason: RejectReason::ProofMustBeEmpty
        }
    );
}

#[test]
fn wrong_old_size_is_a_conflict_with_the_recorded_size() {
    let (mut log, rec) = recorded_log(5);
    log.grow(4, "a");
    assert_eq!(
        submit(&log, Some(&rec), 0),
        Outcome::Conflict { recorded_size: 5 }
    );
    assert_eq!(
        submit(&log, Some(&rec), 3),
        Outcome::Conflict { recorded_size: 5 }
    );
    // Never cosigned: the recorded size is 0.
    assert_eq!(
        submit(&log, None, 3),
        Outcome::Conflict { recorded_size: 0 }
    );
}

#[test]
fn old_zero_with_a_proof_is_unprocessable() {
    let mut log = SimLog::new(ORIGIN, 1);
    log.grow(5, "a");
    let o = decide(
        &known(&log),
        None,
        &req(0, vec![Hash([0; 32])], &log.note()),
    );
    assert_eq!(status(&o), 422);
}

#[test]
fn a_bad_proof_is_unprocessable() {
    let (mut log, rec) = recorded_log(5);
    log.grow(4, "a");
    let good = log.proof(5);
    for i in 0..good.len() {
        let mut bad = good.clone();
        bad[i].0[0] ^= 1;
        let o = decide(&known(&log), Some(&rec), &req(5, bad, &log.note()));
        assert!(
            matches!(
                o,
                Outcome::Reject {
                    status: 422,
                    reason: RejectReason::BadProof(_)
                }
            ),
            "hash {i}: {o:?}"
        );
    }
    let mut short = good.clone();
    short.pop();
    let o = decide(&known(&log), Some(&rec), &req(5, short, &log.note()));
    assert!(matches!(
        o,
        Outcome::Reject {
            status: 422,
            reason: RejectReason::BadProof(ProofError::WrongProofLength { .. })
        }
    ));
}

#[test]
fn unknown_origin_is_not_found() {
    let mut other = SimLog::new("example.gov.cn/other/log", 2);
    other.grow(3, "a");
    let (log, _) = recorded_log(1);
    let o = decide(&known(&log), None, &req(0, vec![], &other.note()));
    assert_eq!(status(&o), 404);
    assert!(matches!(
        o,
        Outcome::Reject {
            reason: RejectReason::UnknownOrigin(ref s),
            ..
        } if s == "example.gov.cn/other/log"
    ));
}

#[test]
fn a_checkpoint_not_signed_by_the_log_is_forbidden() {
    let mut log = SimLog::new(ORIGIN, 1);
    log.grow(3, "a");
    // Same origin and key name, another key.
    let mut impostor = log.clone();
    impostor.signer = sm2_pair(ORIGIN, 99).0;
    let o = decide(&known(&log), None, &req(0, vec![], &impostor.note()));
    assert_eq!(status(&o), 403);
    // The right key, a corrupted signature.
    let note = log.note();
    let sig_start = note.rfind(' ').unwrap() + 5;
    let mut bytes = note.into_bytes();
    bytes[sig_start] = if bytes[sig_start] == b'A' { b'B' } else { b'A' };
    let o = decide(
        &known(&log),
        None,
        &AddCheckpointRequest {
            old_size: 0,
            proof: vec![],
            checkpoint: bytes,
        },
    );
    assert_eq!(status(&o), 403);
}

#[test]
fn malformed_notes_and_backwards_sizes_are_bad_requests() {
    let (mut log, rec) = recorded_log(5);
    let o = decide(&known(&log), Some(&rec), &req(0, vec![], "not a note"));
    assert_eq!(status(&o), 400);
    // A signed text that is not a checkpoint.
    let text = format!("{ORIGIN}\nnot a size\n");
    let signed = note::sign(&text, &[log.signer.clone()]).unwrap();
    let o = decide(&known(&log), Some(&rec), &req(0, vec![], &signed));
    assert!(matches!(
        o,
        Outcome::Reject {
            status: 400,
            reason: RejectReason::MalformedCheckpoint(_)
        }
    ));
    // The log went backwards: old size (the recorded 5) beyond the new size 3.
    log.roll_back(3);
    let o = decide(&known(&log), Some(&rec), &req(5, vec![], &log.note()));
    assert_eq!(
        o,
        Outcome::Reject {
            status: 400,
            reason: RejectReason::OldSizeBeyondCheckpoint { old: 5, size: 3 }
        }
    );
}

#[test]
fn a_changed_hash_algorithm_is_refused() {
    let (log, rec) = recorded_log(5);
    let mut c = log.checkpoint();
    c.size = 6;
    c.extensions = vec!["hash sha256".to_owned()];
    let signed = c.sign(std::slice::from_ref(&log.signer)).unwrap();
    let o = decide(
        &known(&log),
        Some(&rec),
        &req(5, vec![Hash([0; 32]); 3], &signed),
    );
    assert!(matches!(
        o,
        Outcome::Reject {
            status: 400,
            reason: RejectReason::HashAlgorithmChanged {
                recorded: HashAlg::Sm3,
                new: HashAlg::Sha256
            }
        }
    ));
}

#[test]
fn same_size_different_root_is_a_fork_whatever_the_old_size() {
    let (mut log, rec) = recorded_log(5);
    log.roll_back(2);
    log.grow(3, "b");
    for old in [0, 5] {
        let o = submit(&log, Some(&rec), old);
        let Outcome::Fork(proof) = o else {
            panic!("expected a fork, got {o:?}")
        };
        assert_eq!(proof.checkpoint_a, rec.note());
        assert_eq!(proof.checkpoint_b, log.note());
        assert_eq!(
            verify_fork(proof.to_json().as_bytes()),
            Ok(ForkKind::SameSize { size: 5 })
        );
    }
}

#[test]
fn rollback_and_regrow_is_a_provable_fork() {
    // Recorded at 6 (not a power of two), the log loses 3 leaves and regrows to 10.
    let (mut log, rec) = recorded_log(6);
    log.roll_back(3);
    log.grow(7, "b");
    assert_eq!(
        submit(&log, Some(&rec), 0),
        Outcome::Conflict { recorded_size: 6 }
    );
    let o = submit(&log, Some(&rec), 6);
    let Outcome::Fork(proof) = o else {
        panic!("expected a fork, got {o:?}")
    };
    assert_eq!(proof.consistency_proof, log.proof(6));
    assert_eq!(
        verify_fork(proof.to_json().as_bytes()),
        Ok(ForkKind::Inconsistent {
            old_size: 6,
            new_size: 10
        })
    );
}

#[test]
fn rollback_past_a_power_of_two_size_is_only_a_bad_proof() {
    // The RFC proof from size 4 omits the old root, so the regrown tree's proof cannot reach
    // its own root from the recorded one: the witness sees a bad proof, not a provable fork.
    let (mut log, rec) = recorded_log(4);
    log.roll_back(1);
    log.grow(8, "b");
    assert_eq!(status(&submit(&log, Some(&rec), 4)), 422);
}

#[test]
fn a_record_for_another_origin_is_ignored() {
    let (log, _) = recorded_log(5);
    let mut other = SimLog::new("example.gov.cn/other/log", 2);
    other.grow(9, "a");
    let logs = vec![
        known(&log).remove(0),
        KnownLog {
            origin: other.origin.clone(),
            keys: vec![other.verifier()],
        },
    ];
    let other_rec = Recorded::open(other.note().as_bytes(), &[other.verifier()]).unwrap();
    let o = decide(&logs, Some(&other_rec), &req(0, vec![], &log.note()));
    assert_eq!(status(&o), 200);
}

#[test]
fn recorded_state_is_reverified_when_loaded() {
    let (log, rec) = recorded_log(5);
    assert_eq!(
        Recorded::open(rec.note().as_bytes(), &[log.verifier()]).unwrap(),
        rec
    );
    let tampered = rec.note().replacen("\n5\n", "\n6\n", 1);
    assert!(Recorded::open(tampered.as_bytes(), &[log.verifier()]).is_err());
    let c: Checkpoint = rec.checkpoint().clone();
    assert_eq!(c.size, 5);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn decide_never_panics_on_arbitrary_requests(
        old_size in 0u64..20,
        proof in proptest::collection::vec(any::<[u8; 32]>(), 0..6),
        note in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let (log, rec) = recorded_log(5);
        let r = AddCheckpointRequest { old_size, proof: proof.into_iter().map(Hash).collect(), checkpoint: note };
        let _ = decide(&known(&log), Some(&rec), &r);
        let _ = decide(&known(&log), None, &r);
    }

    #[test]
    fn arbitrary_proofs_never_yield_a_cosignature_for_another_history(
        proof in proptest::collection::vec(any::<[u8; 32]>(), 0..6),
    ) {
        let (mut log, rec) = recorded_log(5);
        log.roll_back(2);
        log.grow(6, "b");
        let r = req(5, proof.into_iter().map(Hash).collect(), &log.note());
        let o = decide(&known(&log), Some(&rec), &r);
        let is_cosign = matches!(o, Outcome::Cosign { .. });
        prop_assert!(!is_cosign, "cosigned: {:?}", o);
    }
}
