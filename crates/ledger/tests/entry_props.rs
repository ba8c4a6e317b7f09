//! Properties of the `sanxiang-entry/v1` encoding: it round-trips, it is canonical (one
//! encoding per entry), decoding never panics, and no single-byte change goes unnoticed.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use sanxiang_ledger::entry::{Attachment, ENTRY_TAG, Entry};
use sanxiang_ledger::hash::{Hash, HashAlg};

fn arb_hash() -> impl Strategy<Value = Hash> {
    any::<[u8; 32]>().prop_map(Hash)
}

fn arb_text() -> impl Strategy<Value = String> {
    "\\PC{0,12}"
}

fn arb_attachment() -> impl Strategy<Value = Attachment> {
    (
        arb_text(),
        arb_hash(),
        arb_hash(),
        proptest::option::of(arb_hash()),
        any::<u64>(),
        proptest::option::of(arb_text()),
    )
        .prop_map(
            |(kind, sm3, sha256, chunk_root, size, device_serial)| Attachment {
                kind,
                sm3,
                sha256,
                chunk_root,
                size,
                device_serial,
            },
        )
}

fn arb_entry() -> impl Strategy<Value = Entry> {
    (
        arb_text(),
        any::<u64>(),
        arb_hash(),
        arb_text(),
        proptest::collection::vec(arb_text(), 0..4),
        any::<i64>(),
        proptest::collection::vec(arb_attachment(), 0..3),
        arb_hash(),
        proptest::option::of(proptest::collection::vec(any::<u8>(), 0..72)),
    )
        .prop_map(
            |(
                case_id,
                seq,
                prev_head,
                act_type,
                actors,
                claimed_time_ms,
                attachments,
                payload_digest,
                signature,
            )| Entry {
                case_id,
                seq,
                prev_head,
                act_type,
                actors,
                claimed_time_ms,
                attachments,
                payload_digest,
                signature,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn decoding_an_encoding_gives_back_the_entry(e in arb_entry()) {
        prop_assert_eq!(e.validate(), Ok(()));
        prop_assert_eq!(Entry::decode(&e.encode()), Ok(e));
    }

    #[test]
    fn decoding_arbitrary_bytes_never_panics_and_accepts_only_canonical_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..400)
    ) {
        if let Ok(e) = Entry::decode(&bytes) {
            prop_assert_eq!(e.encode(), bytes);
        }
    }

    #[test]
    fn decoding_tagged_arbitrary_bytes_never_panics_and_accepts_only_canonical_bytes(
        tail in proptest::collection::vec(any::<u8>(), 0..400)
    ) {
        let mut bytes = ENTRY_TAG.to_vec();
        bytes.extend_from_slice(&tail);
        if let Ok(e) = Entry::decode(&bytes) {
            prop_assert_eq!(e.encode(), bytes);
        }
    }

    #[test]
    fn any_single_byte_change_fails_or_gives_another_entry_and_leaf_hash(
        e in arb_entry(),
        position in any::<proptest::sample::Index>(),
        delta in 1u8..=255,
    ) {
        let original = e.encode();
        let mut changed = original.clone();
        let i = position.index(changed.len());
        changed[i] = changed[i].wrapping_add(delta);
        if let Ok(other) = Entry::decode(&changed) {
            prop_assert_ne!(&other, &e);
            prop_assert_eq!(other.encode(), changed);
            for alg in [HashAlg::Sm3, HashAlg::Sha256] {
                prop_assert_ne!(other.leaf_hash(alg), e.leaf_hash(alg));
            }
        }
    }

    #[test]
    fn inserting_or_removing_one_byte_never_gives_the_same_entry(
        e in arb_entry(),
        position in any::<proptest::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let original = e.encode();
        let i = position.index(original.len());
        let mut longer = original.clone();
        longer.insert(i, byte);
        let mut shorter = original.clone();
        shorter.remove(i);
        for changed in [longer, shorter] {
            if let Ok(other) = Entry::decode(&changed) {
                prop_assert_ne!(&other, &e);
                prop_assert_eq!(other.encode(), changed);
            }
        }
    }

    #[test]
    fn every_truncation_of_an_encoding_is_rejected(
        e in arb_entry(),
        position in any::<proptest::sample::Index>(),
    ) {
        let bytes = e.encode();
        let len = position.index(bytes.len());
        prop_assert!(Entry::decode(&bytes[..len]).is_err());
    }
}

#[test]
fn exhaustively_every_single_byte_change_of_the_sample_is_noticed() {
    let e = Entry {
        case_id: "湘-2026-0001".to_owned(),
        seq: 7,
        prev_head: HashAlg::Sm3.digest(b"prev"),
        act_type: "inspection".to_owned(),
        actors: vec!["43010019990001".to_owned()],
        claimed_time_ms: 1_767_225_600_000,
        attachments: vec![Attachment {
            kind: "video".to_owned(),
            sm3: HashAlg::Sm3.digest(b"v"),
            sha256: HashAlg::Sha256.digest(b"v"),
            chunk_root: Some(HashAlg::Sm3.digest(b"chunks")),
            size: 1 << 33,
            device_serial: None,
        }],
        payload_digest: HashAlg::Sm3.digest(b"{}"),
        signature: Some(vec![7; 64]),
    };
    let original = e.encode();
    let leaf = e.leaf_hash(HashAlg::Sm3);
    for i in 0..original.len() {
        for delta in 1..=255u8 {
            let mut changed = original.clone();
            changed[i] = changed[i].wrapping_add(delta);
            if let Ok(other) = Entry::decode(&changed) {
                assert_ne!(other, e, "byte {i} + {delta}");
                assert_eq!(other.encode(), changed, "byte {i} + {delta}");
                assert_ne!(other.leaf_hash(HashAlg::Sm3), leaf, "byte {i} + {delta}");
            }
        }
    }
}
