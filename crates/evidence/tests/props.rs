#![allow(clippy::unwrap_used)]
//! Property tests: part order and retries never change the result; no input panics.

use proptest::prelude::*;
use sanxiang_evidence::chunk::{CHUNK_LEN, digest_bytes};
use sanxiang_evidence::{
    Completion, Digests, EvidenceStore, Gap, Gps, Metadata, UploadId, parse_blob_id,
};

const C: usize = CHUNK_LEN;

fn data(n: usize, seed: u8) -> Vec<u8> {
    (0..n)
        .map(|i| ((i * 7 + seed as usize * 13) % 241) as u8)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn any_permutation_of_parts_with_retries_completes_to_the_same_digests(
        full in 0usize..=3,
        tail in 0usize..=700,
        seed in any::<u8>(),
        groups in prop::collection::vec(1usize..=2, 5),
        keys in prop::collection::vec(any::<u32>(), 5),
        retries in prop::collection::vec(any::<bool>(), 5),
    ) {
        let file = data(full * C + tail, seed);
        let (expected, _) = digest_bytes(&file);
        let chunks = file.len().div_ceil(C);
        // Group consecutive chunks into parts of one or two chunks.
        let mut parts = Vec::new();
        let mut at = 0;
        for g in groups.iter().cycle() {
            if at >= chunks { break; }
            let end = (at + g).min(chunks);
            parts.push((at * C, (end * C).min(file.len())));
            at = end;
        }
        let mut order: Vec<usize> = (0..parts.len()).collect();
        order.sort_by_key(|&i| (keys[i % keys.len()], i));
        let dir = tempfile::tempdir().unwrap();
        let store = EvidenceStore::open(dir.path()).unwrap();
        let id = store.create(file.len() as u64, Some(expected.sha256), Some(expected.sm3), Metadata::default()).unwrap();
        for (n, &i) in order.iter().enumerate() {
            let (s, e) = parts[i];
            store.put_part(&id, s as u64, &file[s..e]).unwrap();
            if retries[n % retries.len()] {
                let r = store.put_part(&id, s as u64, &file[s..e]).unwrap();
                prop_assert_eq!(r.new_chunks, 0);
            }
        }
        match store.complete(&id).unwrap() {
            Completion::Stored { record, .. } => prop_assert_eq!(record.digests, expected),
            Completion::Quarantined(q) => prop_assert!(false, "quarantined: {}", q.reason_text),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_part_placement_never_panics(
        size in 0u64..=(2 * C as u64 + 9),
        offset in prop_oneof![any::<u64>(), (0u64..4).prop_map(|k| k * C as u64), 0u64..=(3 * C as u64)],
        len in prop_oneof![0usize..=9, (C - 2)..=(C + 2)],
    ) {
        let dir = tempfile::tempdir().unwrap();
        let store = EvidenceStore::open(dir.path()).unwrap();
        let id = store.create(size, None, None, Metadata::default()).unwrap();
        let bytes = vec![7u8; len];
        if let Err(e) = store.put_part(&id, offset, &bytes) {
            prop_assert!(!e.to_string().is_empty());
        }
        let status = store.status(&id).unwrap();
        prop_assert!(status.received_bytes <= size);
    }

    #[test]
    fn arbitrary_ids_never_panic_and_valid_ones_round_trip(text in ".{0,70}", raw in any::<[u8; 16]>()) {
        let _ = UploadId::parse(&text);
        let _ = parse_blob_id(&text);
        let hexid: String = raw.iter().map(|b| format!("{b:02x}")).collect();
        let parsed = UploadId::parse(&hexid).unwrap();
        prop_assert_eq!(parsed.as_str(), hexid.as_str());
    }

    #[test]
    fn arbitrary_state_files_never_panic_on_reopen(session in prop::collection::vec(any::<u8>(), 0..300),
                                                  journal in prop::collection::vec(any::<u8>(), 0..300),
                                                  keep_session in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let id = {
            let store = EvidenceStore::open(dir.path()).unwrap();
            store.create(3 * C as u64, None, None, Metadata::default()).unwrap()
        };
        let up = dir.path().join("uploads").join(id.as_str());
        if !keep_session {
            std::fs::write(up.join("session.json"), &session).unwrap();
        }
        std::fs::write(up.join("chunks.log"), &journal).unwrap();
        let store = EvidenceStore::open(dir.path()).unwrap();
        if let Err(e) = store.status(&id) {
            prop_assert!(!e.to_string().is_empty());
        }
        let _ = store.complete(&id);
    }

    #[test]
    fn metadata_and_digests_round_trip_through_json(
        name in proptest::option::of("[a-zA-Z0-9_.\u{4e00}-\u{4e20}]{0,40}"),
        serial in proptest::option::of("[A-Z0-9-]{0,20}"),
        start in proptest::option::of(any::<i64>()),
        lat in -90.0f64..=90.0, lon in -180.0f64..=180.0,
        gaps in prop::collection::vec((any::<i32>(), 0i64..10_000, "[a-z ]{0,20}"), 0..3),
        bytes in prop::collection::vec(any::<u8>(), 0..100),
    ) {
        let meta = Metadata {
            content_type: Some("image/jpeg".into()),
            file_name: name,
            device_serial: serial,
            capture_start_ms: start,
            capture_end_ms: start.map(|s| s.saturating_add(1)),
            gps: Some(Gps { lat, lon, accuracy_m: None }),
            gaps: gaps.into_iter().map(|(s, d, r)| Gap { start_ms: s.into(), end_ms: i64::from(s) + d, reason: r }).collect(),
        };
        meta.validate().unwrap();
        let json = serde_json::to_string(&meta).unwrap();
        prop_assert_eq!(serde_json::from_str::<Metadata>(&json).unwrap(), meta);
        let digests = digest_bytes(&bytes).0;
        let json = serde_json::to_string(&digests).unwrap();
        prop_assert_eq!(serde_json::from_str::<Digests>(&json).unwrap(), digests);
        let _ = serde_json::from_slice::<Metadata>(&bytes);
        let _ = serde_json::from_slice::<Digests>(&bytes);
    }
}
