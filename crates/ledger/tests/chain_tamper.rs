//! The per-case chain detects every kind of tampering — deleting, reordering, duplicating,
//! inserting, or changing one byte of an act — at the right position with the right error.
#![allow(clippy::unwrap_used)]

use sanxiang_ledger::chain::{CASE_CHAIN_TAG, CaseChain, ChainError, GENESIS_HEAD, next_head};
use sanxiang_ledger::entry::{Attachment, Entry};
use sanxiang_ledger::hash::{Hash, HashAlg};

const CASE: &str = "湘-2026-0001";
const ALG: HashAlg = HashAlg::Sm3;
const ACTS: [&str; 5] = ["filing", "inspection", "notice", "hearing", "decision"];

fn act(chain: &CaseChain, act_type: &str) -> Entry {
    Entry {
        case_id: chain.case_id().to_owned(),
        seq: chain.next_seq().unwrap(),
        prev_head: chain.next_prev_head(),
        act_type: act_type.to_owned(),
        actors: vec!["43010019990001".to_owned(), "43010019990002".to_owned()],
        claimed_time_ms: 1_767_225_600_000 + 60_000 * chain.last_seq() as i64,
        attachments: vec![Attachment {
            kind: "photo".to_owned(),
            sm3: ALG.digest(act_type.as_bytes()),
            sha256: HashAlg::Sha256.digest(act_type.as_bytes()),
            chunk_root: None,
            size: act_type.len() as u64,
            device_serial: Some("DSJ-A8-000123".to_owned()),
        }],
        payload_digest: ALG.digest(act_type.as_bytes()),
        signature: None,
    }
}

/// Five acts appended the way the appender does it; returns them and the final head.
fn five_acts() -> (Vec<Entry>, Hash) {
    let mut chain = CaseChain::new(ALG, CASE);
    let mut entries = Vec::new();
    for name in ACTS {
        let e = act(&chain, name);
        chain.push(&e).unwrap();
        entries.push(e);
    }
    (entries, chain.head())
}

fn verify(entries: &[Entry]) -> Result<Hash, ChainError> {
    CaseChain::new(ALG, CASE).verify(entries)
}

#[test]
fn an_untouched_chain_verifies_to_its_head() {
    let (entries, head) = five_acts();
    assert_eq!(verify(&entries), Ok(head));
}

#[test]
fn the_head_is_the_documented_hash_chain() {
    let (entries, head) = five_acts();
    let mut h = GENESIS_HEAD;
    for e in &entries {
        assert_eq!(e.prev_head, h);
        h = ALG.digest_parts(&[CASE_CHAIN_TAG, &h.0, &e.encode()]);
    }
    assert_eq!(h, head);
    assert_eq!(CASE_CHAIN_TAG, b"sanxiang-case/v1");
    assert_eq!(GENESIS_HEAD, Hash([0; 32]));
}

#[test]
fn an_empty_chain_verifies_to_the_genesis_head() {
    assert_eq!(verify(&[]), Ok(GENESIS_HEAD));
}

#[test]
fn sm3_and_sha256_chains_have_different_heads() {
    let (entries, head) = five_acts();
    let sha = CaseChain::new(HashAlg::Sha256, CASE);
    // The prev_heads were computed with SM3, so a SHA-256 verifier rejects act 2.
    assert!(matches!(
        sha.verify(&entries),
        Err(ChainError::PrevHeadMismatch { seq: 2, .. })
    ));
    assert_ne!(
        next_head(HashAlg::Sha256, &GENESIS_HEAD, &entries[0].encode()),
        next_head(HashAlg::Sm3, &GENESIS_HEAD, &entries[0].encode())
    );
    assert_ne!(head, GENESIS_HEAD);
}

#[test]
fn deleting_a_middle_act_is_a_gap_at_its_position() {
    let (mut entries, _) = five_acts();
    entries.remove(2);
    assert_eq!(
        verify(&entries),
        Err(ChainError::Gap {
            expected: 3,
            found: 4
        })
    );
}

#[test]
fn deleting_the_first_act_is_a_gap_at_position_one() {
    let (mut entries, _) = five_acts();
    entries.remove(0);
    assert_eq!(
        verify(&entries),
        Err(ChainError::Gap {
            expected: 1,
            found: 2
        })
    );
}

#[test]
fn deleting_the_last_act_leaves_a_valid_but_different_head() {
    let (mut entries, head) = five_acts();
    entries.pop();
    let shorter = verify(&entries).unwrap();
    assert_ne!(
        shorter, head,
        "only the recorded head reveals a deleted last act"
    );
}

#[test]
fn deleting_an_act_and_renumbering_the_rest_breaks_the_link_at_that_position() {
    let (mut entries, _) = five_acts();
    entries.remove(2);
    for e in &mut entries[2..] {
        e.seq -= 1;
    }
    assert!(matches!(
        verify(&entries),
        Err(ChainError::PrevHeadMismatch { seq: 3, .. })
    ));
}

#[test]
fn swapping_two_acts_is_reported_as_reordered_at_the_first() {
    let (mut entries, _) = five_acts();
    entries.swap(2, 3);
    assert_eq!(
        verify(&entries),
        Err(ChainError::Reordered {
            expected: 3,
            found: 4
        })
    );
}

#[test]
fn moving_the_last_act_to_the_front_is_reported_as_reordered_at_position_one() {
    let (mut entries, _) = five_acts();
    let last = entries.pop().unwrap();
    entries.insert(0, last);
    assert_eq!(
        verify(&entries),
        Err(ChainError::Reordered {
            expected: 1,
            found: 5
        })
    );
}

#[test]
fn pushing_one_at_a_time_reports_a_reordering_as_a_gap() {
    let (entries, _) = five_acts();
    let mut chain = CaseChain::new(ALG, CASE);
    chain.push(&entries[0]).unwrap();
    assert_eq!(
        chain.push(&entries[2]),
        Err(ChainError::Gap {
            expected: 2,
            found: 3
        })
    );
}

#[test]
fn repeating_an_act_is_a_duplicate_where_the_next_one_is_due() {
    let (mut entries, _) = five_acts();
    let copy = entries[2].clone();
    entries.insert(3, copy);
    assert_eq!(
        verify(&entries),
        Err(ChainError::Duplicate {
            expected: 4,
            found: 3
        })
    );
}

#[test]
fn inserting_a_forged_act_with_a_used_number_is_a_duplicate_at_the_genuine_one() {
    let (mut entries, _) = five_acts();
    // A forger who knows head_2 writes a consistent act 3 and slips it in before the real one.
    let mut forger = CaseChain::new(ALG, CASE);
    for e in &entries[..2] {
        forger.push(e).unwrap();
    }
    let forged = act(&forger, "withdrawal");
    entries.insert(2, forged);
    assert_eq!(
        verify(&entries),
        Err(ChainError::Duplicate {
            expected: 4,
            found: 3
        })
    );
}

#[test]
fn inserting_a_forged_act_and_renumbering_the_rest_breaks_the_link_after_it() {
    let (mut entries, _) = five_acts();
    let mut forger = CaseChain::new(ALG, CASE);
    for e in &entries[..2] {
        forger.push(e).unwrap();
    }
    let forged = act(&forger, "withdrawal");
    entries.insert(2, forged);
    for e in &mut entries[3..] {
        e.seq += 1;
    }
    let err = verify(&entries).unwrap_err();
    assert!(
        matches!(err, ChainError::PrevHeadMismatch { seq: 4, .. }),
        "{err:?}"
    );
    assert_eq!(err.position(), Some(4));
}

#[test]
fn inserting_an_act_with_a_made_up_previous_head_is_caught_at_the_insertion() {
    let (mut entries, _) = five_acts();
    let mut forged = entries[2].clone();
    forged.act_type = "withdrawal".to_owned();
    forged.prev_head = ALG.digest(b"made up");
    entries.insert(2, forged);
    assert_eq!(
        verify(&entries),
        Err(ChainError::PrevHeadMismatch {
            seq: 3,
            expected: head_after(&entries[..2]),
            found: ALG.digest(b"made up"),
        })
    );
}

fn head_after(entries: &[Entry]) -> Hash {
    CaseChain::new(ALG, CASE).verify(entries).unwrap()
}

#[test]
fn changing_one_field_of_an_act_breaks_the_link_of_the_next() {
    let (mut entries, _) = five_acts();
    entries[1].act_type = "inspectioN".to_owned();
    let err = verify(&entries).unwrap_err();
    assert!(
        matches!(err, ChainError::PrevHeadMismatch { seq: 3, .. }),
        "{err:?}"
    );
}

#[test]
fn changing_the_last_act_leaves_a_valid_but_different_head() {
    let (mut entries, head) = five_acts();
    entries[4].claimed_time_ms += 1;
    assert_ne!(verify(&entries).unwrap(), head);
}

#[test]
fn every_decodable_one_byte_change_of_an_act_is_caught_at_that_act_or_the_next() {
    let (entries, _) = five_acts();
    let original = entries[1].encode();
    let mut caught_at_next = 0;
    for i in 0..original.len() {
        for delta in [1u8, 0x80] {
            let mut bytes = original.clone();
            bytes[i] = bytes[i].wrapping_add(delta);
            let Ok(changed) = Entry::decode(&bytes) else {
                continue;
            };
            let mut tampered = entries.clone();
            tampered[1] = changed;
            let err = verify(&tampered).unwrap_err();
            let at = err.position().unwrap();
            assert!(at == 2 || at == 3, "byte {i} + {delta}: {err:?}");
            if at == 3 {
                assert!(
                    matches!(err, ChainError::PrevHeadMismatch { seq: 3, .. }),
                    "byte {i} + {delta}: {err:?}"
                );
                caught_at_next += 1;
            }
        }
    }
    assert!(
        caught_at_next > 100,
        "only {caught_at_next} changes reached act 3"
    );
}

#[test]
fn an_act_of_another_case_is_rejected_at_its_position() {
    let (mut entries, _) = five_acts();
    entries[3].case_id = "湘-2026-0002".to_owned();
    assert_eq!(
        verify(&entries),
        Err(ChainError::WrongCase {
            seq: 4,
            expected: CASE.to_owned(),
            found: "湘-2026-0002".to_owned()
        })
    );
}

#[test]
fn a_first_act_numbered_zero_is_rejected() {
    let (mut entries, _) = five_acts();
    entries[0].seq = 0;
    assert_eq!(
        verify(&entries),
        Err(ChainError::Duplicate {
            expected: 1,
            found: 0
        })
    );
}

#[test]
fn a_rejected_push_leaves_the_chain_unchanged() {
    let (entries, _) = five_acts();
    let mut chain = CaseChain::new(ALG, CASE);
    chain.push(&entries[0]).unwrap();
    let before = chain.clone();
    assert!(chain.push(&entries[0]).is_err());
    assert_eq!(chain, before);
    assert_eq!(chain.next_seq(), Ok(2));
    assert_eq!(chain.next_prev_head(), entries[1].prev_head);
}

#[test]
fn a_resumed_chain_verifies_the_remaining_acts_to_the_same_head() {
    let (entries, head) = five_acts();
    let head_2 = head_after(&entries[..2]);
    let resumed = CaseChain::resume(ALG, CASE, 2, head_2);
    assert_eq!(resumed.verify(&entries[2..]), Ok(head));
    assert_eq!(resumed.last_seq(), 2);
    assert_eq!(resumed.head(), head_2);
}

#[test]
fn a_chain_at_the_last_sequence_number_is_exhausted() {
    let chain = CaseChain::resume(ALG, CASE, u64::MAX, GENESIS_HEAD);
    assert_eq!(chain.next_seq(), Err(ChainError::Exhausted));
    let (entries, _) = five_acts();
    assert_eq!(chain.verify(&entries[..1]), Err(ChainError::Exhausted));
    assert_eq!(ChainError::Exhausted.position(), None);
}
