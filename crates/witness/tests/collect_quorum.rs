//! The log side: collecting cosignatures from several witnesses up to a quorum.
#![allow(clippy::unwrap_used)]

mod support;

use sanxiang_ledger::checkpoint::SignedCheckpoint;
use sanxiang_ledger::hash::Hash;
use sanxiang_witness::{ClientError, CollectError, WitnessEndpoint, collect_cosignatures};
use std::time::Duration;
use support::{ORIGIN, SimLog, TempDir, start_witness, witness_key};

const TIMEOUT: Duration = Duration::from_secs(10);

fn proof_source(
    log: &SimLog,
) -> impl Fn(u64) -> std::future::Ready<Result<Vec<Hash>, String>> + Send + Sync + 'static {
    let log = log.clone();
    move |old| {
        std::future::ready(
            sanxiang_ledger::proof::consistency_proof(log.alg, &log.leaves, old, log.size())
                .map_err(|e| e.to_string()),
        )
    }
}

fn endpoint(url: &str, w: &support::Running, old_size: u64) -> WitnessEndpoint {
    WitnessEndpoint {
        url: url.to_owned(),
        verifier: w.verifier.clone(),
        old_size,
    }
}

#[tokio::test]
async fn quorum_of_two_out_of_three_is_met_when_one_witness_is_down() {
    let dirs = [TempDir::new(), TempDir::new(), TempDir::new()];
    let mut log = SimLog::new(ORIGIN, 1);
    log.grow(5, "a");
    let mut running = Vec::new();
    for (i, d) in dirs.iter().enumerate() {
        let name = format!("witness.example.gov.cn/w{i}");
        running.push(start_witness(&name, 10 + i as u64, d.path(), vec![log.config()]).await);
    }
    let http = reqwest::Client::new();
    let mut endpoints: Vec<_> = running.iter().map(|w| endpoint(&w.url, w, 0)).collect();

    // All three up: every witness cosigns the first checkpoint.
    let first = collect_cosignatures(
        &http,
        &endpoints,
        3,
        TIMEOUT,
        &log.note(),
        proof_source(&log),
    )
    .await
    .unwrap();
    assert_eq!(first.cosigned.len(), 3);
    let verifiers: Vec<_> = running.iter().map(|w| w.verifier.clone()).collect();
    for v in &verifiers {
        v.verify_note(first.note.as_bytes()).unwrap();
    }
    SignedCheckpoint::open(first.note.as_bytes(), &log.verifier(), &[]).unwrap();

    // The third witness goes down; the log grows. Hints are stale (0) for the first witness:
    // it answers 409 and the client retries from its recorded size.
    let down = running.pop().unwrap();
    let down_url = down.url.clone();
    down.stop().await;
    log.grow(4, "a");
    endpoints[1].old_size = 5;
    let got = collect_cosignatures(
        &http,
        &endpoints,
        2,
        TIMEOUT,
        &log.note(),
        proof_source(&log),
    )
    .await
    .unwrap();
    assert_eq!(got.cosigned.len(), 2);
    assert_eq!(got.failures.len(), 1);
    assert_eq!(got.failures[0].url, down_url);
    for v in &verifiers[..2] {
        assert!(v.verify_note(got.note.as_bytes()).is_ok());
    }
    assert!(verifiers[2].verify_note(got.note.as_bytes()).is_err());
    SignedCheckpoint::open(got.note.as_bytes(), &log.verifier(), &[]).unwrap();
    for w in running {
        w.stop().await;
    }
}

#[tokio::test]
async fn quorum_not_met_names_each_failing_witness_and_why() {
    let dirs = [TempDir::new(), TempDir::new(), TempDir::new()];
    let mut log = SimLog::new(ORIGIN, 1);
    log.grow(5, "a");
    let other = SimLog::new("example.gov.cn/other", 2);
    let ok = start_witness(
        "witness.example.gov.cn/ok",
        20,
        dirs[0].path(),
        vec![log.config()],
    )
    .await;
    // Does not know this log: 404.
    let stranger = start_witness(
        "witness.example.gov.cn/stranger",
        21,
        dirs[1].path(),
        vec![other.config()],
    )
    .await;
    // Answers with a cosignature, but the log expects another key for it.
    let rekeyed = start_witness(
        "witness.example.gov.cn/rekeyed",
        22,
        dirs[2].path(),
        vec![log.config()],
    )
    .await;
    let (_, wrong_key) = witness_key("witness.example.gov.cn/rekeyed", 99);
    let endpoints = vec![
        endpoint(&ok.url, &ok, 0),
        endpoint(&stranger.url, &stranger, 0),
        WitnessEndpoint {
            url: rekeyed.url.clone(),
            verifier: wrong_key,
            old_size: 0,
        },
    ];
    let err = collect_cosignatures(
        &reqwest::Client::new(),
        &endpoints,
        2,
        TIMEOUT,
        &log.note(),
        proof_source(&log),
    )
    .await
    .unwrap_err();
    let CollectError::QuorumNotMet {
        needed,
        got,
        failures,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!((*needed, *got), (2, 1));
    assert_eq!(failures.len(), 2);
    assert_eq!(failures[0].url, stranger.url);
    assert!(matches!(
        failures[0].error,
        ClientError::Status { status: 404, .. }
    ));
    assert_eq!(failures[1].url, rekeyed.url);
    assert_eq!(failures[1].error, ClientError::NoCosignature);
    let msg = err.to_string();
    assert!(msg.contains(&stranger.url) && msg.contains("404"), "{msg}");
    for w in [ok, stranger, rekeyed] {
        w.stop().await;
    }
}

#[tokio::test]
async fn a_silent_witness_times_out() {
    let dir = TempDir::new();
    let mut log = SimLog::new(ORIGIN, 1);
    log.grow(3, "a");
    let ok = start_witness(
        "witness.example.gov.cn/ok",
        30,
        dir.path(),
        vec![log.config()],
    )
    .await;
    // Accepts connections, never answers.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let silent_url = format!("http://{}", silent.local_addr().unwrap());
    let (_, silent_key) = witness_key("witness.example.gov.cn/silent", 31);
    let endpoints = vec![
        endpoint(&ok.url, &ok, 0),
        WitnessEndpoint {
            url: silent_url.clone(),
            verifier: silent_key,
            old_size: 0,
        },
    ];
    let got = collect_cosignatures(
        &reqwest::Client::new(),
        &endpoints,
        1,
        Duration::from_millis(500),
        &log.note(),
        proof_source(&log),
    )
    .await
    .unwrap();
    assert_eq!(got.failures.len(), 1);
    assert_eq!(got.failures[0].url, silent_url);
    assert!(matches!(got.failures[0].error, ClientError::Timeout(_)));
    drop(silent);
    ok.stop().await;
}
