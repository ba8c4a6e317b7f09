//! LOG-1/LOG-3: entries appended through the app are served with proofs that an outsider
//! verifies with the pure ledger crate alone, on every backend.
#![allow(clippy::unwrap_used)]

mod common;

use sanxiang_ledger::entry::Entry;
use sanxiang_ledger::hash::{Hash, HashAlg};
use sanxiang_ledger::{proof, tree};
use serde_json::Value;

fn entry(case: &str, seq: u64) -> Entry {
    Entry {
        case_id: case.to_owned(),
        seq,
        prev_head: Hash([0; 32]),
        act_type: "filing".to_owned(),
        actors: vec!["43012120240001".to_owned(), "43012120240002".to_owned()],
        claimed_time_ms: 1_767_225_600_000 + seq as i64,
        attachments: Vec::new(),
        payload_digest: HashAlg::Sm3.digest(format!("{case}/{seq}").as_bytes()),
        signature: None,
    }
}

fn hashes(v: &Value) -> Vec<Hash> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|h| Hash::from_hex(h.as_str().unwrap()).unwrap())
        .collect()
}

#[tokio::test]
async fn log3_served_proofs_verify_against_roots_computed_independently() {
    for b in common::backends() {
        let s = common::server(b).await;
        let app = &s.world.app;
        // Appended in batches of different sizes, as a sequencer would.
        let all: Vec<Entry> = (1..=37).map(|i| entry("湘-2026-0001", i)).collect();
        let mut at = 0;
        for batch in [1usize, 2, 5, 13, 16] {
            let first = app.ledger_append(&all[at..at + batch]).await.unwrap();
            assert_eq!(first, at as u64, "indexes are consecutive from 0");
            at += batch;
        }
        let leaves: Vec<Hash> = all.iter().map(|e| e.leaf_hash(HashAlg::Sm3)).collect();
        let c = s.anonymous();
        let get = |path: String| {
            let c = c.clone();
            let url = s.url(&path);
            async move { c.get(url).send().await.unwrap() }
        };
        let size: Value = get("/api/v1/ledger/size".into())
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(size["size"], 37);
        for n in [1u64, 2, 7, 16, 37] {
            let root = tree::root(HashAlg::Sm3, &leaves[..n as usize]);
            for i in [0, n / 2, n - 1] {
                let r: Value = get(format!("/api/v1/ledger/proof/inclusion?index={i}&size={n}"))
                    .await
                    .json()
                    .await
                    .unwrap();
                assert_eq!(r["hash"], "sm3");
                assert_eq!(r["root"], root.to_hex());
                assert_eq!(r["leaf_hash"], leaves[i as usize].to_hex());
                proof::verify_inclusion(
                    HashAlg::Sm3,
                    i,
                    n,
                    &leaves[i as usize],
                    &hashes(&r["proof"]),
                    &root,
                )
                .unwrap();
            }
        }
        for (m, n) in [(1u64, 37u64), (7, 16), (16, 37), (37, 37)] {
            let r: Value = get(format!("/api/v1/ledger/proof/consistency?from={m}&to={n}"))
                .await
                .json()
                .await
                .unwrap();
            let old = tree::root(HashAlg::Sm3, &leaves[..m as usize]);
            let new = tree::root(HashAlg::Sm3, &leaves[..n as usize]);
            assert_eq!(r["from_root"], old.to_hex());
            proof::verify_consistency(HashAlg::Sm3, m, n, &old, &new, &hashes(&r["proof"]))
                .unwrap();
        }
        // Bad requests name the rule; nothing beyond the log is invented.
        let r = get("/api/v1/ledger/proof/inclusion?index=5&size=38".into()).await;
        assert_eq!(r.status(), 422);
        assert_eq!(r.json::<Value>().await.unwrap()["error"]["rule"], "LOG-3");
        let r = get("/api/v1/ledger/proof/inclusion?index=5&size=5".into()).await;
        assert_eq!(r.status(), 422);
        let r = get("/api/v1/ledger/proof/consistency?from=0&to=5".into()).await;
        assert_eq!(r.status(), 422);
    }
}
