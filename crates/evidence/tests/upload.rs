#![allow(clippy::unwrap_used)]
//! Upload sessions: order, retries, concurrency, quarantine, dedup, reads, errors.

use std::io::Read;

use sanxiang_evidence::chunk::{CHUNK_LEN, digest_bytes};
use sanxiang_evidence::{
    Completion, EvidenceError, EvidenceStore, Gps, Metadata, QuarantineReason, QuarantineRecord,
    UploadId, parse_blob_id,
};

const C: usize = CHUNK_LEN;

fn data(n: usize, seed: u8) -> Vec<u8> {
    (0..n)
        .map(|i| ((i * 31 + seed as usize) % 253) as u8)
        .collect()
}

fn meta() -> Metadata {
    Metadata {
        content_type: Some("video/mp4".into()),
        file_name: Some("DSJ_0001.mp4".into()),
        device_serial: Some("DSJ-A8-000123".into()),
        capture_start_ms: Some(1_767_225_600_000),
        capture_end_ms: Some(1_767_225_660_000),
        gps: Some(Gps {
            lat: 28.2,
            lon: 112.9,
            accuracy_m: Some(5.0),
        }),
        gaps: vec![],
    }
}

fn stored(c: Completion) -> sanxiang_evidence::BlobRecord {
    match c {
        Completion::Stored { record, .. } => record,
        Completion::Quarantined(q) => panic!("quarantined: {}", q.reason_text),
    }
}

#[test]
fn parts_in_random_order_with_retries_complete_to_the_right_digests() {
    let dir = tempfile::tempdir().unwrap();
    let store = EvidenceStore::open(dir.path()).unwrap();
    let file = data(3 * C + 1000, 1);
    let (expected, _) = digest_bytes(&file);
    let id = store
        .create(
            file.len() as u64,
            Some(expected.sha256),
            Some(expected.sm3),
            meta(),
        )
        .unwrap();
    // Order 2, 0, 3(last, short), 1, then retries of 0 and of 2..=3 as one part.
    for &(start, end) in &[(2 * C, 3 * C), (0, C), (3 * C, file.len()), (C, 2 * C)] {
        let r = store
            .put_part(&id, start as u64, &file[start..end])
            .unwrap();
        assert_eq!(r.new_chunks, 1);
    }
    let r = store.put_part(&id, 0, &file[..C]).unwrap();
    assert_eq!((r.new_chunks, r.repeated_chunks), (0, 1));
    let r = store.put_part(&id, 2 * C as u64, &file[2 * C..]).unwrap();
    assert_eq!((r.new_chunks, r.repeated_chunks), (0, 2));
    let record = stored(store.complete(&id).unwrap());
    assert_eq!(record.digests, expected);
    assert_eq!(record.metadata, meta());
    let mut back = Vec::new();
    store
        .open_blob(&expected.sm3)
        .unwrap()
        .read_to_end(&mut back)
        .unwrap();
    assert_eq!(back, file);
    assert!(store.verify_blob(&expected.sm3).unwrap().ok());
    // The session is gone once completed.
    assert!(matches!(
        store.status(&id),
        Err(EvidenceError::UnknownUpload(_))
    ));
    assert!(matches!(
        store.put_part(&id, 0, &file[..C]),
        Err(EvidenceError::UnknownUpload(_))
    ));
}

#[test]
fn a_retry_with_different_bytes_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = EvidenceStore::open(dir.path()).unwrap();
    let file = data(2 * C, 2);
    let id = store
        .create(file.len() as u64, None, None, Metadata::default())
        .unwrap();
    store.put_part(&id, C as u64, &file[C..]).unwrap();
    // A two-chunk part whose second chunk conflicts: refused as a whole, chunk 0 not written.
    let mut other = file.clone();
    other[C + 5] ^= 0xff;
    let err = store.put_part(&id, 0, &other).unwrap_err();
    assert!(
        matches!(err, EvidenceError::ConflictingRetry { chunk: 1 }),
        "{err}"
    );
    assert_eq!(
        store.status(&id).unwrap().received,
        vec![(C as u64, 2 * C as u64)]
    );
    store.put_part(&id, 0, &file[..C]).unwrap();
    let record = stored(store.complete(&id).unwrap());
    assert_eq!(record.digests, digest_bytes(&file).0);
}

#[test]
fn a_declared_hash_mismatch_is_quarantined_with_a_reason_and_never_a_blob() {
    let dir = tempfile::tempdir().unwrap();
    let store = EvidenceStore::open(dir.path()).unwrap();
    let file = data(C + 10, 5);
    let (actual, _) = digest_bytes(&file);
    let wrong = digest_bytes(b"something else").0;
    let id = store
        .create(
            file.len() as u64,
            Some(actual.sha256),
            Some(wrong.sm3),
            meta(),
        )
        .unwrap();
    store.put_part(&id, 0, &file).unwrap();
    let q = match store.complete(&id).unwrap() {
        Completion::Quarantined(q) => q,
        other => panic!("stored: {other:?}"),
    };
    assert_eq!(
        q.reason,
        QuarantineReason::DigestMismatch {
            sha256: false,
            sm3: true
        }
    );
    assert_eq!(q.computed, Some(actual));
    assert!(!store.has_blob(&actual.sm3));
    assert!(matches!(
        store.open_blob(&actual.sm3),
        Err(EvidenceError::UnknownBlob(_))
    ));
    let qdir = dir.path().join("quarantine").join(id.as_str());
    let on_disk: QuarantineRecord =
        serde_json::from_slice(&std::fs::read(qdir.join("reason.json")).unwrap()).unwrap();
    assert_eq!(on_disk, q);
    assert!(on_disk.reason_text.contains("SM3"));
    assert_eq!(std::fs::read(qdir.join("data")).unwrap(), file);
    assert!(matches!(
        store.status(&id),
        Err(EvidenceError::UnknownUpload(_))
    ));
}

#[test]
fn a_second_identical_upload_dedups_to_the_first_blob() {
    let dir = tempfile::tempdir().unwrap();
    let store = EvidenceStore::open(dir.path()).unwrap();
    let file = data(1000, 7);
    let a = store.create(1000, None, None, meta()).unwrap();
    store.put_part(&a, 0, &file).unwrap();
    let first = stored(store.complete(&a).unwrap());
    let b = store.create(1000, None, None, Metadata::default()).unwrap();
    store.put_part(&b, 0, &file).unwrap();
    match store.complete(&b).unwrap() {
        Completion::Stored {
            record,
            deduplicated,
        } => {
            assert!(deduplicated);
            assert_eq!(record, first);
        }
        other => panic!("{other:?}"),
    }
    assert!(store.list_uploads().unwrap().is_empty());
    let blobs = std::fs::read_dir(dir.path().join("blobs")).unwrap().count();
    assert_eq!(blobs, 2, "one blob and its sidecar");
}

#[test]
fn an_empty_file_completes_with_zero_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let store = EvidenceStore::open(dir.path()).unwrap();
    let id = store.create(0, None, None, Metadata::default()).unwrap();
    assert_eq!(store.status(&id).unwrap().chunk_count, 0);
    let record = stored(store.complete(&id).unwrap());
    assert_eq!(record.digests, digest_bytes(b"").0);
    assert_eq!(record.digests.chunk_count, 0);
    assert_eq!(store.open_blob(&record.digests.sm3).unwrap().size(), 0);
}

#[test]
fn range_reads_return_exactly_the_requested_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let store = EvidenceStore::open(dir.path()).unwrap();
    let file = data(C + 500, 8);
    let id = store
        .create(file.len() as u64, None, None, Metadata::default())
        .unwrap();
    store.put_part(&id, 0, &file).unwrap();
    let sm3 = stored(store.complete(&id).unwrap()).digests.sm3;
    let size = file.len() as u64;
    for (start, end) in [
        (0, 1),
        (0, size),
        (C as u64 - 3, C as u64 + 3),
        (size - 1, size),
        (10, 10),
    ] {
        let mut out = Vec::new();
        store
            .read_range(&sm3, start, end)
            .unwrap()
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, &file[start as usize..end as usize], "{start}..{end}");
    }
    for (start, end) in [(0, size + 1), (5, 4), (size + 1, size + 2)] {
        let err = store.read_range(&sm3, start, end).unwrap_err();
        assert!(matches!(err, EvidenceError::BadRange { .. }), "{err}");
    }
}

#[test]
fn verify_blob_detects_a_blob_changed_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let store = EvidenceStore::open(dir.path()).unwrap();
    let file = data(C + 1, 9);
    let id = store
        .create(file.len() as u64, None, None, Metadata::default())
        .unwrap();
    store.put_part(&id, 0, &file).unwrap();
    let sm3 = stored(store.complete(&id).unwrap()).digests.sm3;
    assert!(store.verify_blob(&sm3).unwrap().ok());
    let path = dir.path().join("blobs").join(sm3.to_hex());
    assert!(std::fs::metadata(&path).unwrap().permissions().readonly());
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).unwrap();
    let mut raw = std::fs::read(&path).unwrap();
    raw[C] ^= 1;
    std::fs::write(&path, &raw).unwrap();
    let v = store.verify_blob(&sm3).unwrap();
    assert!(!v.ok());
    assert_ne!(v.computed.chunk_root, v.recorded.chunk_root);
}

#[test]
fn abort_removes_the_upload() {
    let dir = tempfile::tempdir().unwrap();
    let store = EvidenceStore::open(dir.path()).unwrap();
    let id = store.create(10, None, None, Metadata::default()).unwrap();
    store.put_part(&id, 0, &[1; 10]).unwrap();
    store.abort(&id).unwrap();
    assert!(matches!(
        store.status(&id),
        Err(EvidenceError::UnknownUpload(_))
    ));
    assert!(matches!(
        store.abort(&id),
        Err(EvidenceError::UnknownUpload(_))
    ));
    assert!(!dir.path().join("uploads").join(id.as_str()).exists());
}

#[test]
fn malformed_ids_offsets_and_lengths_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let store = EvidenceStore::open(dir.path())
        .unwrap()
        .with_max_size(64 << 20);
    for bad in [
        "",
        "../etc",
        "0123456789ABCDEF0123456789abcdef",
        &"a".repeat(33),
        "g".repeat(32).as_str(),
    ] {
        assert!(
            matches!(UploadId::parse(bad), Err(EvidenceError::MalformedId(_))),
            "{bad:?}"
        );
    }
    assert!(matches!(
        parse_blob_id("xyz"),
        Err(EvidenceError::MalformedBlobId(_))
    ));
    let unknown = UploadId::parse(&"0".repeat(32)).unwrap();
    assert!(matches!(
        store.put_part(&unknown, 0, b"x"),
        Err(EvidenceError::UnknownUpload(_))
    ));
    assert!(matches!(
        store.create(65 << 20, None, None, Metadata::default()),
        Err(EvidenceError::SizeTooLarge { .. })
    ));

    let id = store
        .create(2 * C as u64 + 5, None, None, Metadata::default())
        .unwrap();
    let chunk = vec![0u8; C];
    let cases: Vec<(u64, &[u8])> = vec![
        (1, &chunk[..]),                                 // misaligned offset
        (0, &chunk[..C - 1]),                            // short part that does not end the file
        (0, &[]),                                        // empty
        (2 * C as u64, &chunk[..6]),                     // past the end
        (3 * C as u64, &chunk[..1]),                     // past the end
        (u64::MAX - (u64::MAX % C as u64), &chunk[..1]), // overflow
    ];
    for (offset, bytes) in cases {
        let err = store.put_part(&id, offset, bytes).unwrap_err();
        assert!(
            matches!(
                err,
                EvidenceError::MisalignedOffset { .. }
                    | EvidenceError::MisalignedLength { .. }
                    | EvidenceError::EmptyPart { .. }
                    | EvidenceError::PastEnd { .. }
            ),
            "{offset}: {err}"
        );
        assert!(!err.to_string().is_empty());
    }
    assert!(store.status(&id).unwrap().received.is_empty());
    let bad_meta = Metadata {
        gps: Some(Gps {
            lat: 91.0,
            lon: 0.0,
            accuracy_m: None,
        }),
        ..Metadata::default()
    };
    let err = store.create(1, None, None, bad_meta).unwrap_err();
    assert!(err.to_string().contains("latitude"), "{err}");
}

#[test]
fn concurrent_parts_and_retries_from_many_threads_complete_correctly() {
    let dir = tempfile::tempdir().unwrap();
    let store = EvidenceStore::open(dir.path()).unwrap();
    let files: Vec<Vec<u8>> = (0..2).map(|k| data(4 * C + 77, 20 + k)).collect();
    let ids: Vec<UploadId> = files
        .iter()
        .map(|f| {
            store
                .create(f.len() as u64, None, None, Metadata::default())
                .unwrap()
        })
        .collect();
    std::thread::scope(|scope| {
        for t in 0..4usize {
            let (store, files, ids) = (&store, &files, &ids);
            scope.spawn(move || {
                for (f, id) in files.iter().zip(ids) {
                    // Every thread sends every chunk, starting at a different one: each chunk
                    // arrives four times, concurrently.
                    for k in 0..5 {
                        let i = (k + t) % 5;
                        let end = ((i + 1) * C).min(f.len());
                        store.put_part(id, (i * C) as u64, &f[i * C..end]).unwrap();
                    }
                }
            });
        }
    });
    for (f, id) in files.iter().zip(&ids) {
        assert_eq!(
            stored(store.complete(id).unwrap()).digests,
            digest_bytes(f).0
        );
    }
}

#[test]
fn the_ingest_benchmark_runs_and_agrees_with_itself() {
    let dir = tempfile::tempdir().unwrap();
    let figures =
        sanxiang_evidence::bench::bench_ingest(&dir.path().join("store"), 20 << 20).unwrap();
    assert_eq!(figures.bytes, 20 << 20);
    assert_eq!(figures.digests.chunk_count, 5);
    assert!(figures.in_memory_mib_s > 0.0 && figures.ingest_mib_s > 0.0);
    assert!(figures.peak_rss_kib.is_some_and(|k| k > 0));
}

#[test]
fn a_stored_blob_is_never_replaced_by_an_upload_with_the_same_sm3_but_other_digests() {
    let dir = tempfile::tempdir().unwrap();
    let store = EvidenceStore::open(dir.path()).unwrap();
    let file = data(100, 11);
    let a = store.create(100, None, None, meta()).unwrap();
    store.put_part(&a, 0, &file).unwrap();
    let first = stored(store.complete(&a).unwrap());
    // Fake a collision: the sidecar claims another SHA-256 for this SM3.
    let sidecar = dir
        .path()
        .join("blobs")
        .join(format!("{}.json", first.digests.sm3.to_hex()));
    let mut forged = first.clone();
    forged.digests.sha256 = digest_bytes(b"x").0.sha256;
    std::fs::write(&sidecar, serde_json::to_vec(&forged).unwrap()).unwrap();
    let b = store.create(100, None, None, Metadata::default()).unwrap();
    store.put_part(&b, 0, &file).unwrap();
    match store.complete(&b).unwrap() {
        Completion::Quarantined(q) => {
            assert_eq!(q.reason, QuarantineReason::CollidesWithStoredBlob)
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.blob_record(&first.digests.sm3).unwrap(), forged);
}

#[test]
fn the_store_can_be_shared_across_threads_and_async_tasks() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<EvidenceStore>();
    shareable::<EvidenceError>();
}

/// A part that arrives just ahead of the one it follows (clients keep several in flight) waits
/// for it, so the whole file is hashed as it arrives and nothing is read back at `complete`:
/// changing the stored bytes afterwards does not change the digests, which are those of the
/// bytes received.
#[test]
fn a_part_just_ahead_of_its_predecessor_waits_and_the_file_is_hashed_as_it_arrives() {
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(EvidenceStore::open(dir.path()).unwrap());
    let file = data(2 * C, 7);
    let (expected, _) = digest_bytes(&file);
    let id = store
        .create(file.len() as u64, Some(expected.sha256), None, meta())
        .unwrap();
    let ahead = {
        let (store, id, part) = (store.clone(), id.clone(), file[C..].to_vec());
        std::thread::spawn(move || store.put_part(&id, C as u64, &part).unwrap())
    };
    std::thread::sleep(std::time::Duration::from_millis(50));
    store.put_part(&id, 0, &file[..C]).unwrap();
    ahead.join().unwrap();
    // Overwrite the second chunk on disk: a read-back at completion would see it.
    let data_path = dir.path().join("uploads").join(id.to_string()).join("data");
    let mut stored_bytes = std::fs::read(&data_path).unwrap();
    stored_bytes[C + 10] ^= 0xff;
    std::fs::write(&data_path, &stored_bytes).unwrap();
    let record = stored(store.complete(&id).unwrap());
    assert_eq!(record.digests.sha256, expected.sha256);
    assert_eq!(record.digests.sm3, expected.sm3);
}
