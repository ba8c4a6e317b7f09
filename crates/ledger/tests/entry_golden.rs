//! The worked example of docs/ledger-format.md: one fixed entry, its exact `sanxiang-entry/v1`
//! bytes, its leaf hashes and its case-chain head, pinned so that other implementations can
//! check theirs against the same numbers. (The values were cross-checked with an independent
//! Python re-implementation written from the document, using OpenSSL's SM3.)
#![allow(clippy::unwrap_used)]

use sanxiang_ledger::chain::{CaseChain, GENESIS_HEAD, next_head};
use sanxiang_ledger::entry::{Attachment, Entry};
use sanxiang_ledger::hash::{Hash, HashAlg};

const GOLDEN_HEX: &str = concat!(
    "73616e7869616e672d656e7472792f76310a", // tag
    "0000000d",                             // case_id length
    "e6b9982d323032362d30303031",           // case_id
    "0000000000000001",                     // seq
    "0000000000000000000000000000000000000000000000000000000000000000", // prev_head
    "00000006",                             // act_type length
    "66696c696e67",                         // act_type
    "00000002",                             // actor count
    "0000000e",                             // actor length
    "3433303130303139393930303031",         // actor
    "0000000e",                             // actor length
    "3433303130303139393930303032",         // actor
    "0000019b76daa800",                     // claimed_time_ms
    "00000001",                             // attachment count
    "00000005",                             // kind length
    "70686f746f",                           // kind
    "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", // sm3
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", // sha256
    "00",                                   // chunk_root absent
    "0000000000000003",                     // size
    "01",                                   // device_serial present
    "0000000d",                             // length
    "44534a2d41382d303030313233",           // device_serial
    "f1a823aaaaafe40e113c7f04dd72c289faf86252c4a9b57cf1d3c9e12547f9ad", // payload_digest
    "01",                                   // signature present
    "00000004",                             // length
    "01020304",                             // signature
);

const GOLDEN_SM3_LEAF: &str = "f3b13d804a9b01575dcdd2e460b652cf844dbab71a96b0bda1412533b5854b65";
const GOLDEN_SHA256_LEAF: &str = "40cb3ed86d0d7d0e25b115ebfef3dc713bf068c0d42247b17dbdd6e271814b70";
const GOLDEN_SM3_HEAD_1: &str = "34849cc5984ebd222052a9fa2d649ae888bcdecee63b68f24a5bbcd25d7c0d3a";

fn golden_entry() -> Entry {
    Entry {
        case_id: "湘-2026-0001".to_owned(),
        seq: 1,
        prev_head: GENESIS_HEAD,
        act_type: "filing".to_owned(),
        actors: vec!["43010019990001".to_owned(), "43010019990002".to_owned()],
        // 2026-01-01T00:00:00Z
        claimed_time_ms: 1_767_225_600_000,
        attachments: vec![Attachment {
            kind: "photo".to_owned(),
            sm3: HashAlg::Sm3.digest(b"abc"),
            sha256: HashAlg::Sha256.digest(b"abc"),
            chunk_root: None,
            size: 3,
            device_serial: Some("DSJ-A8-000123".to_owned()),
        }],
        payload_digest: HashAlg::Sm3.digest(b"{}"),
        signature: Some(vec![0x01, 0x02, 0x03, 0x04]),
    }
}

#[test]
fn the_golden_entry_encodes_to_the_pinned_bytes() {
    let bytes = golden_entry().encode();
    assert_eq!(hex::encode(&bytes), GOLDEN_HEX);
    assert_eq!(bytes.len(), 278);
}

#[test]
fn the_pinned_bytes_decode_to_the_golden_entry() {
    let bytes = hex::decode(GOLDEN_HEX).unwrap();
    assert_eq!(Entry::decode(&bytes), Ok(golden_entry()));
}

#[test]
fn the_golden_entry_has_the_pinned_sm3_leaf_hash() {
    let e = golden_entry();
    assert_eq!(
        e.leaf_hash(HashAlg::Sm3),
        Hash::from_hex(GOLDEN_SM3_LEAF).unwrap()
    );
}

#[test]
fn the_golden_entry_has_the_pinned_sha256_leaf_hash() {
    let e = golden_entry();
    assert_eq!(
        e.leaf_hash(HashAlg::Sha256),
        Hash::from_hex(GOLDEN_SHA256_LEAF).unwrap()
    );
}

#[test]
fn the_golden_entry_as_first_act_gives_the_pinned_case_chain_head() {
    let e = golden_entry();
    let expected = Hash::from_hex(GOLDEN_SM3_HEAD_1).unwrap();
    assert_eq!(
        next_head(HashAlg::Sm3, &GENESIS_HEAD, &e.encode()),
        expected
    );
    let chain = CaseChain::new(HashAlg::Sm3, "湘-2026-0001");
    assert_eq!(chain.verify(&[e]), Ok(expected));
}
