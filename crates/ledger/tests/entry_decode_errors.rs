//! `Entry::decode` rejects every non-canonical input with a precise error and offset, and
//! `Entry::validate` reports entries that would not survive a round trip.
#![allow(clippy::unwrap_used)]

use sanxiang_ledger::entry::{
    Attachment, ENTRY_TAG, Entry, EntryError, Field, MAX_FIELD_LEN, MAX_LIST_LEN,
};
use sanxiang_ledger::hash::{Hash, HashAlg};

// Byte offsets inside the encoding of `sample()` (the golden entry of entry_golden.rs).
const CASE_ID_LEN_AT: usize = 18;
const CASE_ID_AT: usize = 22;
const ACTOR_COUNT_AT: usize = 85;
const ATTACHMENT_COUNT_AT: usize = 133;
const CHUNK_FLAG_AT: usize = 210;
const SIGNATURE_FLAG_AT: usize = 269;
const SIGNATURE_LEN_AT: usize = 270;
const END: usize = 278;

fn sample() -> Entry {
    Entry {
        case_id: "湘-2026-0001".to_owned(),
        seq: 1,
        prev_head: Hash::default(),
        act_type: "filing".to_owned(),
        actors: vec!["43010019990001".to_owned(), "43010019990002".to_owned()],
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

fn with_u32_at(offset: usize, value: u32) -> Vec<u8> {
    let mut b = sample().encode();
    b[offset..offset + 4].copy_from_slice(&value.to_be_bytes());
    b
}

#[test]
fn the_sample_offsets_match_its_encoding() {
    let b = sample().encode();
    assert_eq!(b.len(), END);
    assert_eq!(&b[CASE_ID_AT..CASE_ID_AT + 3], "湘".as_bytes());
    assert_eq!(&b[ACTOR_COUNT_AT..ACTOR_COUNT_AT + 4], &[0, 0, 0, 2]);
    assert_eq!(
        &b[ATTACHMENT_COUNT_AT..ATTACHMENT_COUNT_AT + 4],
        &[0, 0, 0, 1]
    );
    assert_eq!(b[CHUNK_FLAG_AT], 0);
    assert_eq!(b[SIGNATURE_FLAG_AT], 1);
}

#[test]
fn empty_input_is_not_an_entry() {
    assert_eq!(Entry::decode(&[]), Err(EntryError::WrongTag { offset: 0 }));
}

#[test]
fn json_is_not_an_entry() {
    assert_eq!(
        Entry::decode(br#"{"case_id":"x"}"#),
        Err(EntryError::WrongTag { offset: 0 })
    );
}

#[test]
fn another_version_is_reported_as_unsupported_version() {
    let mut b = sample().encode();
    b[16] = b'2';
    assert_eq!(
        Entry::decode(&b),
        Err(EntryError::UnsupportedVersion { offset: 16 })
    );
}

#[test]
fn a_tag_without_its_newline_is_rejected() {
    let mut b = sample().encode();
    b[17] = b' ';
    assert_eq!(
        Entry::decode(&b),
        Err(EntryError::UnsupportedVersion { offset: 17 })
    );
    assert_eq!(
        Entry::decode(&ENTRY_TAG[..10]),
        Err(EntryError::WrongTag { offset: 10 })
    );
}

#[test]
fn a_bare_tag_is_truncated_at_the_case_id() {
    assert_eq!(
        Entry::decode(ENTRY_TAG),
        Err(EntryError::Truncated {
            field: Field::CaseId,
            offset: 18,
            needed: 4,
            available: 0
        })
    );
}

#[test]
fn a_trailing_byte_is_rejected() {
    let mut b = sample().encode();
    b.push(0);
    assert_eq!(
        Entry::decode(&b),
        Err(EntryError::TrailingBytes {
            offset: END,
            count: 1
        })
    );
}

#[test]
fn every_proper_prefix_of_an_encoding_is_truncated() {
    let b = sample().encode();
    for len in ENTRY_TAG.len()..b.len() {
        let err = Entry::decode(&b[..len]).unwrap_err();
        assert!(
            matches!(err, EntryError::Truncated { .. }),
            "prefix of {len} bytes gave {err:?}"
        );
    }
}

#[test]
fn a_length_past_the_end_is_truncated_at_its_prefix() {
    let b = with_u32_at(SIGNATURE_LEN_AT, 5);
    assert_eq!(
        Entry::decode(&b),
        Err(EntryError::Truncated {
            field: Field::Signature,
            offset: SIGNATURE_LEN_AT,
            needed: 5,
            available: 4
        })
    );
}

#[test]
fn a_string_longer_than_64_kib_is_rejected_before_reading_it() {
    let b = with_u32_at(CASE_ID_LEN_AT, MAX_FIELD_LEN + 1);
    assert_eq!(
        Entry::decode(&b),
        Err(EntryError::FieldTooLong {
            field: Field::CaseId,
            offset: CASE_ID_LEN_AT,
            len: u64::from(MAX_FIELD_LEN) + 1,
            max: MAX_FIELD_LEN
        })
    );
}

#[test]
fn a_list_count_over_the_limit_is_rejected() {
    let b = with_u32_at(ACTOR_COUNT_AT, MAX_LIST_LEN + 1);
    assert_eq!(
        Entry::decode(&b),
        Err(EntryError::TooManyItems {
            field: Field::ActorCount,
            offset: ACTOR_COUNT_AT,
            count: 1001,
            max: MAX_LIST_LEN
        })
    );
    let b = with_u32_at(ATTACHMENT_COUNT_AT, u32::MAX);
    assert_eq!(
        Entry::decode(&b),
        Err(EntryError::TooManyItems {
            field: Field::AttachmentCount,
            offset: ATTACHMENT_COUNT_AT,
            count: u64::from(u32::MAX),
            max: MAX_LIST_LEN
        })
    );
}

#[test]
fn a_string_that_is_not_utf8_is_rejected() {
    let mut b = sample().encode();
    b[CASE_ID_AT] = 0xff;
    assert_eq!(
        Entry::decode(&b),
        Err(EntryError::InvalidUtf8 {
            field: Field::CaseId,
            offset: CASE_ID_AT
        })
    );
}

#[test]
fn an_optional_flag_other_than_zero_or_one_is_rejected() {
    let mut b = sample().encode();
    b[CHUNK_FLAG_AT] = 2;
    assert_eq!(
        Entry::decode(&b),
        Err(EntryError::InvalidFlag {
            field: Field::AttachmentChunkRoot,
            offset: CHUNK_FLAG_AT,
            value: 2
        })
    );
}

#[test]
fn entries_within_the_limits_validate() {
    assert_eq!(sample().validate(), Ok(()));
    let mut e = sample();
    e.actors = vec![String::new(); MAX_LIST_LEN as usize];
    e.case_id = "x".repeat(MAX_FIELD_LEN as usize);
    assert_eq!(e.validate(), Ok(()));
    assert_eq!(Entry::decode(&e.encode()), Ok(e));
}

#[test]
fn an_oversized_string_fails_validation_and_does_not_round_trip() {
    let mut e = sample();
    e.act_type = "x".repeat(MAX_FIELD_LEN as usize + 1);
    let err = EntryError::FieldTooLong {
        field: Field::ActType,
        offset: 75,
        len: u64::from(MAX_FIELD_LEN) + 1,
        max: MAX_FIELD_LEN,
    };
    assert_eq!(e.validate(), Err(err.clone()));
    assert_eq!(Entry::decode(&e.encode()), Err(err));
}

#[test]
fn too_many_attachments_fail_validation_and_do_not_round_trip() {
    let mut e = sample();
    let one = e.attachments[0].clone();
    e.attachments = vec![one; MAX_LIST_LEN as usize + 1];
    let err = EntryError::TooManyItems {
        field: Field::AttachmentCount,
        offset: ATTACHMENT_COUNT_AT,
        count: u64::from(MAX_LIST_LEN) + 1,
        max: MAX_LIST_LEN,
    };
    assert_eq!(e.validate(), Err(err.clone()));
    assert_eq!(Entry::decode(&e.encode()), Err(err));
}

#[test]
fn an_oversized_signature_fails_validation_at_its_offset() {
    let mut e = sample();
    e.signature = Some(vec![0; MAX_FIELD_LEN as usize + 1]);
    assert_eq!(
        e.validate(),
        Err(EntryError::FieldTooLong {
            field: Field::Signature,
            offset: SIGNATURE_LEN_AT,
            len: u64::from(MAX_FIELD_LEN) + 1,
            max: MAX_FIELD_LEN
        })
    );
}

#[test]
fn optional_fields_round_trip_both_ways() {
    let mut e = sample();
    e.signature = None;
    e.attachments[0].chunk_root = Some(HashAlg::Sm3.digest(b"chunks"));
    e.attachments[0].device_serial = None;
    e.claimed_time_ms = -1;
    assert_eq!(Entry::decode(&e.encode()), Ok(e.clone()));
    e.signature = Some(Vec::new());
    assert_eq!(Entry::decode(&e.encode()), Ok(e));
}
