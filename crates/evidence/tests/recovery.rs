#![allow(clippy::unwrap_used)]
//! Crash and restart recovery: sessions reload from disk, torn journal records, leftovers of an
//! interrupted `complete`, chunks changed on disk, repeated `complete`.

use sanxiang_evidence::chunk::{CHUNK_LEN, digest_bytes};
use sanxiang_evidence::{
    Completion, EvidenceError, EvidenceStore, Gps, Metadata, QuarantineReason, UploadId,
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
fn an_upload_resumes_after_the_store_is_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let file = data(4 * C + 3, 3);
    let (expected, _) = digest_bytes(&file);
    let id = {
        let store = EvidenceStore::open(dir.path()).unwrap();
        let id = store
            .create(file.len() as u64, Some(expected.sha256), None, meta())
            .unwrap();
        store.put_part(&id, 0, &file[..2 * C]).unwrap();
        store.put_part(&id, 4 * C as u64, &file[4 * C..]).unwrap();
        id
    };
    // A second store on the same directory while the first is open is refused.
    let store = EvidenceStore::open(dir.path()).unwrap();
    assert!(matches!(
        EvidenceStore::open(dir.path()),
        Err(EvidenceError::StoreBusy(_))
    ));
    let status = store.status(&id).unwrap();
    assert_eq!(
        status.received,
        vec![(0, 2 * C as u64), (4 * C as u64, file.len() as u64)]
    );
    assert_eq!(status.missing_chunks, 2);
    assert_eq!(status.received_bytes, 2 * C as u64 + 3);
    assert_eq!(status.metadata, meta());
    assert_eq!(store.list_uploads().unwrap(), vec![id.clone()]);
    let err = store.complete(&id).unwrap_err();
    assert!(
        matches!(
            err,
            EvidenceError::Incomplete {
                missing: 2,
                total: 5,
                first: 2
            }
        ),
        "{err}"
    );
    // The old bytes are still checked on retry after the restart.
    let mut other = file[..C].to_vec();
    other[0] ^= 1;
    assert!(matches!(
        store.put_part(&id, 0, &other),
        Err(EvidenceError::ConflictingRetry { chunk: 0 })
    ));
    store
        .put_part(&id, 2 * C as u64, &file[2 * C..4 * C])
        .unwrap();
    assert_eq!(stored(store.complete(&id).unwrap()).digests, expected);
}

#[test]
fn a_torn_journal_record_is_cut_and_the_chunk_counts_as_missing() {
    let dir = tempfile::tempdir().unwrap();
    let file = data(2 * C, 4);
    let id = {
        let store = EvidenceStore::open(dir.path()).unwrap();
        let id = store
            .create(file.len() as u64, None, None, Metadata::default())
            .unwrap();
        store.put_part(&id, 0, &file[..C]).unwrap();
        id
    };
    // Simulate a process killed in the middle of appending the next record.
    let journal = dir
        .path()
        .join("uploads")
        .join(id.as_str())
        .join("chunks.log");
    let mut raw = std::fs::read(&journal).unwrap();
    assert_eq!(raw.len(), 40);
    raw.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 1, 9, 9]);
    std::fs::write(&journal, &raw).unwrap();
    let store = EvidenceStore::open(dir.path()).unwrap();
    assert_eq!(store.status(&id).unwrap().received, vec![(0, C as u64)]);
    store.put_part(&id, C as u64, &file[C..]).unwrap();
    assert_eq!(std::fs::read(&journal).unwrap().len(), 80);
    assert_eq!(
        stored(store.complete(&id).unwrap()).digests,
        digest_bytes(&file).0
    );
}

#[test]
fn a_chunk_changed_on_disk_before_complete_is_quarantined() {
    let dir = tempfile::tempdir().unwrap();
    let file = data(2 * C, 6);
    let id = {
        let store = EvidenceStore::open(dir.path()).unwrap();
        let id = store
            .create(file.len() as u64, None, None, Metadata::default())
            .unwrap();
        store.put_part(&id, 0, &file).unwrap();
        id
    };
    let path = dir.path().join("uploads").join(id.as_str()).join("data");
    let mut raw = std::fs::read(&path).unwrap();
    raw[C + 1] ^= 1;
    std::fs::write(&path, &raw).unwrap();
    // After a restart nothing is hashed in memory, so complete reads everything back.
    let store = EvidenceStore::open(dir.path()).unwrap();
    match store.complete(&id).unwrap() {
        Completion::Quarantined(q) => {
            assert_eq!(q.reason, QuarantineReason::ChunkChangedOnDisk { chunk: 1 })
        }
        other => panic!("stored: {other:?}"),
    }
}

#[test]
fn a_session_left_without_its_data_by_a_crash_during_complete_is_cleaned_up() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let store = EvidenceStore::open(dir.path()).unwrap();
        let id = store.create(5, None, None, Metadata::default()).unwrap();
        store.put_part(&id, 0, b"hello").unwrap();
        id
    };
    let up = dir.path().join("uploads").join(id.as_str());
    std::fs::remove_file(up.join("data")).unwrap();
    let store = EvidenceStore::open(dir.path()).unwrap();
    assert!(matches!(
        store.status(&id),
        Err(EvidenceError::UnknownUpload(_))
    ));
    assert!(!up.exists());
}

#[test]
fn complete_repeated_after_a_lost_answer_returns_the_same_outcome_even_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let file = data(C + 1, 10);
    let (digests, _) = digest_bytes(&file);
    let (ok_id, bad_id, first, quarantined) = {
        let store = EvidenceStore::open(dir.path()).unwrap();
        let ok_id = store.create(file.len() as u64, None, None, meta()).unwrap();
        store.put_part(&ok_id, 0, &file).unwrap();
        let first = store.complete(&ok_id).unwrap();
        assert_eq!(store.complete(&ok_id).unwrap(), first);
        let bad_id = store
            .create(file.len() as u64, Some(digests.sm3), None, meta())
            .unwrap();
        store.put_part(&bad_id, 0, &file).unwrap();
        let quarantined = store.complete(&bad_id).unwrap();
        assert!(matches!(quarantined, Completion::Quarantined(_)));
        (ok_id, bad_id, first, quarantined)
    };
    let store = EvidenceStore::open(dir.path()).unwrap();
    assert_eq!(store.complete(&ok_id).unwrap(), first);
    assert_eq!(store.complete(&bad_id).unwrap(), quarantined);
    let never = UploadId::parse(&"ab".repeat(16)).unwrap();
    assert!(matches!(
        store.complete(&never),
        Err(EvidenceError::UnknownUpload(_))
    ));
}

const CHILD_DIR: &str = "SX_EVIDENCE_KILL_TEST_DIR";

/// Child side of the kill test: does nothing unless started by it.
#[test]
fn kill_test_child_process() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    let store = EvidenceStore::open(&dir).unwrap();
    let file = data(6 * C, 30);
    let id = store
        .create(file.len() as u64, None, None, Metadata::default())
        .unwrap();
    // libtest may print "test … " before this on the same line, hence the markers.
    println!("@id {id}");
    for i in 0..6 {
        store
            .put_part(&id, (i * C) as u64, &file[i * C..(i + 1) * C])
            .unwrap();
        println!("@part {i}");
    }
    std::thread::sleep(std::time::Duration::from_secs(60));
}

#[test]
fn a_killed_process_loses_no_part_it_reported_stored() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "kill_test_child_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DIR, dir.path())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut id = None;
    let mut reported = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some((_, rest)) = line.split_once("@id ") {
            id = Some(UploadId::parse(rest).unwrap());
        } else if let Some((_, rest)) = line.split_once("@part ") {
            reported.push(rest.parse::<u64>().unwrap());
            if reported.len() == 3 {
                break;
            }
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let id = id.unwrap();
    let file = data(6 * C, 30);
    let store = EvidenceStore::open(dir.path()).unwrap();
    let status = store.status(&id).unwrap();
    for i in &reported {
        let (s, e) = (i * C as u64, (i + 1) * C as u64);
        assert!(
            status.received.iter().any(|&(a, b)| a <= s && e <= b),
            "part {i} lost"
        );
    }
    // Send what is missing; whatever was kept is intact.
    for i in 0..6 {
        store
            .put_part(&id, (i * C) as u64, &file[i * C..(i + 1) * C])
            .unwrap();
    }
    assert_eq!(
        stored(store.complete(&id).unwrap()).digests,
        digest_bytes(&file).0
    );
}

#[test]
fn idle_sessions_beyond_the_cap_are_closed_and_reload_intact() {
    use sanxiang_evidence::store::MAX_OPEN_SESSIONS;
    let dir = tempfile::tempdir().unwrap();
    let store = EvidenceStore::open(dir.path()).unwrap();
    let ids: Vec<UploadId> = (0..MAX_OPEN_SESSIONS + 20)
        .map(|i| {
            let id = store.create(3, None, None, Metadata::default()).unwrap();
            store.put_part(&id, 0, &[i as u8, 1, 2]).unwrap();
            id
        })
        .collect();
    assert_eq!(store.open_sessions(), MAX_OPEN_SESSIONS);
    // The first ones were closed; they reload from disk with what they had received.
    for (i, id) in ids.iter().enumerate().take(5) {
        assert_eq!(store.status(id).unwrap().received, vec![(0, 3)]);
        let record = stored(store.complete(id).unwrap());
        assert_eq!(record.digests, digest_bytes(&[i as u8, 1, 2]).0);
    }
    assert!(store.open_sessions() <= MAX_OPEN_SESSIONS);
}
