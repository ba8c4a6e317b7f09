//! The HTTP witness end to end: a witness on 127.0.0.1:0, a log simulated in memory.
#![allow(clippy::unwrap_used)]

mod support;

use sanxiang_ledger::hash::Hash;
use sanxiang_ledger::note;
use sanxiang_ledger::witness::{AddCheckpointRequest, ForkKind, verify_fork};
use sanxiang_witness::{ClientError, WitnessStore, request_cosignature};
use support::{ORIGIN, SimLog, TempDir, post_raw, start_witness};

const W1: &str = "witness.example.gov.cn/w1";

async fn ask(url: &str, log: &SimLog, old: u64) -> Result<Vec<String>, ClientError> {
    request_cosignature(
        &reqwest::Client::new(),
        url,
        old,
        &log.proof(old),
        log.note().as_bytes(),
    )
    .await
}

fn body(old: u64, proof: Vec<Hash>, note: &str) -> Vec<u8> {
    AddCheckpointRequest {
        old_size: old,
        proof,
        checkpoint: note.as_bytes().to_vec(),
    }
    .encode()
}

#[tokio::test]
async fn first_checkpoint_then_growth_are_cosigned_and_recorded() {
    let dir = TempDir::new();
    let mut log = SimLog::new(ORIGIN, 1);
    log.grow(5, "a");
    let w = start_witness(W1, 1, dir.path(), vec![log.config()]).await;

    let lines = ask(&w.url, &log, 0).await.unwrap();
    assert_eq!(lines.len(), 1);
    let cosigned = format!("{}{}", log.note(), lines[0]);
    let ts = w.verifier.verify_note(cosigned.as_bytes()).unwrap();
    assert!(ts > 1_700_000_000);
    // The log's own signature still opens.
    note::open(cosigned.as_bytes(), &[log.verifier()]).unwrap();

    log.grow(6, "a");
    let lines = ask(&w.url, &log, 5).await.unwrap();
    w.verifier
        .verify_line(&log.checkpoint().to_text(), &lines[0])
        .unwrap();

    let stored = WitnessStore::open(dir.path())
        .unwrap()
        .load(ORIGIN)
        .unwrap();
    assert_eq!(stored.unwrap(), log.note().into_bytes());
    w.stop().await;
}

#[tokio::test]
async fn wrong_old_size_is_409_with_the_recorded_size() {
    let dir = TempDir::new();
    let mut log = SimLog::new(ORIGIN, 1);
    log.grow(5, "a");
    let w = start_witness(W1, 1, dir.path(), vec![log.config()]).await;
    ask(&w.url, &log, 0).await.unwrap();
    log.grow(3, "a");
    let (status, ct, text) = post_raw(&w.url, body(0, vec![], &log.note())).await;
    assert_eq!(
        (status, ct.as_str(), text.as_str()),
        (409, "text/x.tlog.size", "5\n")
    );
    assert_eq!(ask(&w.url, &log, 2).await, Err(ClientError::Conflict(5)));
    // Retrying from the recorded size succeeds.
    assert!(ask(&w.url, &log, 5).await.is_ok());
    w.stop().await;
}

#[tokio::test]
async fn refusals_carry_the_tlog_witness_status_codes() {
    let dir = TempDir::new();
    let mut log = SimLog::new(ORIGIN, 1);
    log.grow(6, "a");
    let w = start_witness(W1, 1, dir.path(), vec![log.config()]).await;
    ask(&w.url, &log, 0).await.unwrap();
    log.grow(5, "a");

    // Bad proof → 422.
    let mut proof = log.proof(6);
    proof[0].0[0] ^= 1;
    let (status, ct, _) = post_raw(&w.url, body(6, proof.clone(), &log.note())).await;
    assert_eq!(status, 422);
    assert!(ct.starts_with("text/plain"));
    assert!(matches!(
        request_cosignature(
            &reqwest::Client::new(),
            &w.url,
            6,
            &proof,
            log.note().as_bytes()
        )
        .await,
        Err(ClientError::Status { status: 422, .. })
    ));

    // Unknown origin → 404.
    let mut other = SimLog::new("example.gov.cn/unknown", 2);
    other.grow(2, "a");
    assert_eq!(
        post_raw(&w.url, body(0, vec![], &other.note())).await.0,
        404
    );

    // Signed by another key under the log's name → 403.
    let mut impostor = log.clone();
    impostor.signer = SimLog::new(ORIGIN, 9).signer;
    assert_eq!(
        post_raw(&w.url, body(6, log.proof(6), &impostor.note()))
            .await
            .0,
        403
    );

    // Malformed body → 400; old size beyond the checkpoint → 400.
    assert_eq!(post_raw(&w.url, b"old 01\n\nx\n".to_vec()).await.0, 400);
    assert_eq!(post_raw(&w.url, body(20, vec![], &log.note())).await.0, 400);

    // Oversized body → 413.
    let huge = vec![b'a'; 200 * 1024];
    assert_eq!(post_raw(&w.url, huge).await.0, 413);

    // GET is not the protocol.
    let resp = reqwest::get(format!("{}/add-checkpoint", w.url))
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 405);

    // None of this moved the record.
    assert_eq!(ask(&w.url, &log, 0).await, Err(ClientError::Conflict(6)));
    w.stop().await;
}

#[tokio::test]
async fn state_survives_a_restart_and_a_rolled_back_log_is_refused() {
    let dir = TempDir::new();
    let mut log = SimLog::new(ORIGIN, 1);
    log.grow(6, "a");
    let w = start_witness(W1, 1, dir.path(), vec![log.config()]).await;
    ask(&w.url, &log, 0).await.unwrap();
    w.stop().await;

    // The log's database is restored from an old backup (size 3).
    log.roll_back(3);
    let w = start_witness(W1, 1, dir.path(), vec![log.config()]).await;
    assert_eq!(ask(&w.url, &log, 0).await, Err(ClientError::Conflict(6)));
    // Claiming the recorded size as old size: it is beyond the new size, 400.
    let backwards = request_cosignature(
        &reqwest::Client::new(),
        &w.url,
        6,
        &[],
        log.note().as_bytes(),
    )
    .await;
    assert!(matches!(
        backwards,
        Err(ClientError::Status { status: 400, .. })
    ));
    assert!(
        WitnessStore::open(dir.path())
            .unwrap()
            .fork_files()
            .unwrap()
            .is_empty()
    );
    w.stop().await;
}

#[tokio::test]
async fn rollback_and_regrow_writes_a_verifiable_fork_proof() {
    let dir = TempDir::new();
    let mut log = SimLog::new(ORIGIN, 1);
    log.grow(6, "a");
    let w = start_witness(W1, 1, dir.path(), vec![log.config()]).await;
    ask(&w.url, &log, 0).await.unwrap();
    w.stop().await;

    log.roll_back(3);
    log.grow(7, "b");
    let w = start_witness(W1, 1, dir.path(), vec![log.config()]).await;
    assert_eq!(ask(&w.url, &log, 0).await, Err(ClientError::Conflict(6)));
    let err = ask(&w.url, &log, 6).await.unwrap_err();
    assert!(
        matches!(&err, ClientError::Status { status: 409, body } if body.contains("fork")),
        "{err:?}"
    );
    let store = WitnessStore::open(dir.path()).unwrap();
    let forks = store.fork_files().unwrap();
    assert_eq!(forks.len(), 1);
    let json = std::fs::read(&forks[0]).unwrap();
    assert_eq!(
        verify_fork(&json),
        Ok(ForkKind::Inconsistent {
            old_size: 6,
            new_size: 10
        })
    );
    // The record still holds the first history.
    assert_eq!(ask(&w.url, &log, 0).await, Err(ClientError::Conflict(6)));

    // Same size, other root: a second kind of fork proof.
    let mut twin = log.clone();
    twin.roll_back(0);
    twin.grow(6, "c");
    let err = ask(&w.url, &twin, 6).await.unwrap_err();
    assert!(matches!(err, ClientError::Status { status: 409, .. }));
    let forks = store.fork_files().unwrap();
    assert_eq!(forks.len(), 2);
    let kinds: Vec<_> = forks
        .iter()
        .map(|p| verify_fork(&std::fs::read(p).unwrap()).unwrap())
        .collect();
    assert!(kinds.contains(&ForkKind::SameSize { size: 6 }));
    w.stop().await;
}

#[tokio::test]
async fn concurrent_requests_for_one_origin_cannot_roll_the_record_back() {
    let dir = TempDir::new();
    let mut log = SimLog::new(ORIGIN, 1);
    log.grow(6, "a");
    let w = start_witness(W1, 1, dir.path(), vec![log.config()]).await;
    ask(&w.url, &log, 0).await.unwrap();
    // Eight checkpoints, all claiming the recorded size 6 as their old size.
    let mut handles = Vec::new();
    for extra in 1..=8 {
        let mut l = log.clone();
        l.grow(extra, "a");
        let url = w.url.clone();
        handles.push(tokio::spawn(
            async move { (l.size(), ask(&url, &l, 6).await) },
        ));
    }
    let mut ok = Vec::new();
    for h in handles {
        let (size, r) = h.await.unwrap();
        match r {
            Ok(_) => ok.push(size),
            Err(ClientError::Conflict(n)) => assert!(n > 6),
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    // Exactly one request won the race from 6, and the record is its size.
    assert_eq!(ok.len(), 1);
    assert_eq!(
        ask(&w.url, &log, 0).await,
        Err(ClientError::Conflict(ok[0]))
    );
    w.stop().await;
}

#[tokio::test]
async fn a_tampered_state_file_stops_the_witness_from_starting() {
    let dir = TempDir::new();
    let mut log = SimLog::new(ORIGIN, 1);
    log.grow(6, "a");
    let w = start_witness(W1, 1, dir.path(), vec![log.config()]).await;
    ask(&w.url, &log, 0).await.unwrap();
    w.stop().await;
    let store = WitnessStore::open(dir.path()).unwrap();
    let note = String::from_utf8(store.load(ORIGIN).unwrap().unwrap()).unwrap();
    store
        .save(ORIGIN, &note.replacen("\n6\n", "\n2\n", 1))
        .unwrap();
    let (signer, _) = support::witness_key(W1, 1);
    let config = sanxiang_witness::WitnessConfig::new(signer, dir.path(), vec![log.config()]);
    assert!(sanxiang_witness::router(&config).is_err());
}
