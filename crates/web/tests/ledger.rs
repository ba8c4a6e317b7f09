//! LOG-1/LOG-3: entries appended through the app are served with proofs that an outsider
//! verifies with the pure ledger crate alone, on every backend.
#![allow(clippy::unwrap_used)]
#![allow(clippy::disallowed_methods)] // rows written straight to the store carry a wall-clock time

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

// A deterministic key for the test (the server generates its own with the OS RNG).
struct Counter(u64);
impl rand_core::TryRng for Counter {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(self.try_next_u64()? as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        Ok(self.0)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for b in dst {
            *b = (self.try_next_u64()? >> 33) as u8;
        }
        Ok(())
    }
}
impl rand_core::TryCryptoRng for Counter {}

/// Checkpoint signing with a deterministic SM2 key, and its verifier.
fn test_signing(
    seed: u64,
) -> (
    sanxiang_app::ledger::LedgerSigning,
    sanxiang_ledger::note::Verifier,
) {
    use sanxiang_ledger::note::Signer;
    let (signer, verifier) =
        sanxiang_ledger::note::generate_sm2("sanxiang.test/log", &mut Counter(seed)).unwrap();
    let signing = sanxiang_app::ledger::LedgerSigning {
        origin: "sanxiang.test/log".into(),
        signers: vec![signer.parse::<Signer>().unwrap()],
        cosigner: None,
        timestamper: None,
    };
    (signing, verifier.parse().unwrap())
}

#[tokio::test]
async fn log2_checkpoints_are_signed_served_and_never_go_backwards() {
    use sanxiang_ledger::checkpoint::SignedCheckpoint;
    use sanxiang_ledger::note::Verifier;
    for b in common::backends() {
        let (signing, verifier): (_, Verifier) = test_signing(7);
        let s = common::server_built(b, |x| x.ledger_signing(signing)).await;
        let app = &s.world.app;
        let c = s.anonymous();
        assert_eq!(
            c.get(s.url("/ledger/checkpoint"))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );
        assert!(
            app.ledger_checkpoint_now().await.unwrap().is_none(),
            "no checkpoint of an empty log"
        );
        let all: Vec<Entry> = (1..=10).map(|i| entry("湘-2026-0002", i)).collect();
        app.ledger_append(&all[..6]).await.unwrap();
        let first = app.ledger_checkpoint_now().await.unwrap().unwrap();
        assert_eq!(first.size, 6);
        assert!(
            app.ledger_checkpoint_now().await.unwrap().is_none(),
            "nothing new, no new checkpoint"
        );
        app.ledger_append(&all[6..]).await.unwrap();
        app.ledger_checkpoint_now().await.unwrap().unwrap();
        let note = c
            .get(s.url("/ledger/checkpoint"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let signed = SignedCheckpoint::open(note.as_bytes(), &verifier, &[]).unwrap();
        assert_eq!(signed.checkpoint.size, 10);
        assert_eq!(signed.checkpoint.hash_algorithm().unwrap(), HashAlg::Sm3);
        let leaves: Vec<Hash> = all.iter().map(|e| e.leaf_hash(HashAlg::Sm3)).collect();
        assert_eq!(
            Hash(signed.checkpoint.root),
            tree::root(HashAlg::Sm3, &leaves)
        );
        // A checkpoint for an older size is refused by the store.
        let db = app.store().db();
        let err = sanxiang_store::repo::ledger::insert_checkpoint(
            db,
            6,
            &leaves[0],
            "x".into(),
            chrono::Utc::now(),
        )
        .await;
        assert!(err.is_err(), "checkpoints never go backwards");
    }
}

#[tokio::test]
async fn log1_fsck_finds_a_changed_entry_a_changed_node_and_a_deleted_leaf() {
    use sanxiang_store::entity::{ledger_leaf, ledger_node};
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
    for b in common::backends() {
        let (app, _) = common::app(b).await;
        let all: Vec<Entry> = (1..=300).map(|i| entry("湘-2026-0003", i)).collect();
        app.ledger_append(&all[..100]).await.unwrap();
        app.ledger_append(&all[100..]).await.unwrap();
        let ok = app.ledger_fsck().await.unwrap();
        assert_eq!((ok.leaves, ok.first_problem.clone()), (300, None));
        assert_eq!(ok.nodes, (0..9).map(|l| 300u64 >> l).sum::<u64>());
        let db = app.store().db();

        // One byte of one stored entry changed: caught at that leaf.
        let leaf = ledger_leaf::Entity::find_by_id(123i64)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let mut bytes = leaf.entry.clone();
        *bytes.last_mut().unwrap() ^= 1;
        let mut am: ledger_leaf::ActiveModel = leaf.clone().into();
        am.entry = Set(bytes);
        am.update(db).await.unwrap();
        let r = app.ledger_fsck().await.unwrap();
        assert!(
            r.first_problem.as_deref().unwrap().starts_with("leaf 123:"),
            "{r:?}"
        );
        let mut am: ledger_leaf::ActiveModel = leaf.clone().into();
        am.entry = Set(leaf.entry.clone());
        am.update(db).await.unwrap();
        assert_eq!(app.ledger_fsck().await.unwrap().first_problem, None);

        // One node hash changed: caught at that node.
        let node = ledger_node::Entity::find_by_id((3i16, 10i64))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let mut h = node.hash.clone();
        h[0] ^= 0x80;
        let mut am: ledger_node::ActiveModel = node.clone().into();
        am.hash = Set(h);
        am.update(db).await.unwrap();
        let r = app.ledger_fsck().await.unwrap();
        assert!(
            r.first_problem
                .as_deref()
                .unwrap()
                .contains("stored hash differs"),
            "{r:?}"
        );
        let mut am: ledger_node::ActiveModel = node.into();
        am.hash = Set(am.hash.clone().unwrap());
        am.update(db).await.unwrap();

        // A leaf deleted from the middle: a gap.
        ledger_leaf::Entity::delete_by_id(200i64)
            .exec(db)
            .await
            .unwrap();
        let r = app.ledger_fsck().await.unwrap();
        assert!(r.first_problem.is_some(), "{r:?}");
    }
}

#[tokio::test]
async fn log3_tiles_serve_node_hashes_and_entry_bundles() {
    for b in common::backends() {
        let s = common::server(b).await;
        let app = &s.world.app;
        let all: Vec<Entry> = (1..=300).map(|i| entry("湘-2026-0004", i)).collect();
        app.ledger_append(&all).await.unwrap();
        let leaves: Vec<Hash> = all.iter().map(|e| e.leaf_hash(HashAlg::Sm3)).collect();
        let c = s.anonymous();
        let get = |p: &str| {
            let c = c.clone();
            let url = s.url(p);
            async move { c.get(url).send().await.unwrap() }
        };
        // Level 0: the leaf hashes; the first tile is full, the second partial (44 of 256).
        let full = get("/ledger/tile/0/000").await;
        assert_eq!(full.status(), 200);
        assert!(
            full.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        let bytes = full.bytes().await.unwrap();
        let expect: Vec<u8> = leaves[..256].iter().flat_map(|h| h.0).collect();
        assert_eq!(bytes.as_ref(), expect.as_slice());
        let part = get("/ledger/tile/0/001.p/44").await.bytes().await.unwrap();
        assert_eq!(
            part.as_ref(),
            leaves[256..]
                .iter()
                .flat_map(|h| h.0)
                .collect::<Vec<u8>>()
                .as_slice()
        );
        assert_eq!(
            get("/ledger/tile/0/001").await.status(),
            404,
            "not full yet"
        );
        assert_eq!(
            get("/ledger/tile/0/001.p/45").await.status(),
            404,
            "beyond the tree"
        );
        // Level 1 holds level-8 nodes: the root of the first 256 leaves.
        let l1 = get("/ledger/tile/1/000.p/1").await.bytes().await.unwrap();
        assert_eq!(
            l1.as_ref(),
            tree::root(HashAlg::Sm3, &leaves[..256]).0.as_slice()
        );
        // Entry bundles: length-prefixed entries that hash to the leaves.
        let bundle = get("/ledger/tile/entries/001.p/44")
            .await
            .bytes()
            .await
            .unwrap();
        let mut at = 0;
        for leaf in &leaves[256..] {
            let len = usize::from(u16::from_be_bytes([bundle[at], bundle[at + 1]]));
            let e = &bundle[at + 2..at + 2 + len];
            assert_eq!(&sanxiang_ledger::hash::leaf_hash(HashAlg::Sm3, e), leaf);
            at += 2 + len;
        }
        assert_eq!(at, bundle.len());
        for bad in [
            "/ledger/tile/0/x000/001",
            "/ledger/tile/0/1",
            "/ledger/tile/9/000",
            "/ledger/tile/entries/000.p/0",
        ] {
            assert_eq!(get(bad).await.status(), 404, "{bad}");
        }
    }
}

/// LOG-1: concurrent single appends are group-committed: every caller gets its own position,
/// the positions are exactly 0..n, and each stored leaf is the entry its caller sent.
#[tokio::test]
async fn log1_concurrent_appends_each_get_their_own_position() {
    for b in common::backends() {
        let (app, _) = common::app(b).await;
        let mut tasks = Vec::new();
        for i in 1..=64u64 {
            let app = app.clone();
            tasks.push(tokio::spawn(async move {
                let e = entry(&format!("湘-2026-{i:04}"), 1);
                (
                    app.ledger_append(std::slice::from_ref(&e)).await.unwrap(),
                    e,
                )
            }));
        }
        let mut done = Vec::new();
        for t in tasks {
            done.push(t.await.unwrap());
        }
        let mut seen = Vec::new();
        for (pos, e) in done {
            let p = app.ledger_inclusion(pos, 64).await.unwrap();
            assert_eq!(p.leaf_hash, e.leaf_hash(HashAlg::Sm3).to_hex(), "{b:?}");
            seen.push(pos);
        }
        seen.sort_unstable();
        assert_eq!(seen, (0..64).collect::<Vec<_>>(), "{b:?}");
        assert!(app.ledger_fsck().await.unwrap().first_problem.is_none());
    }
}

/// LOG-1: work appended with its entries is atomic per caller — a unit that fails leaves
/// nothing, and the units batched with it still land.
#[tokio::test]
async fn log1_failed_unit_of_work_writes_nothing_and_others_land() {
    use sanxiang_app::AppError;
    use sanxiang_store::ConnectionTrait;
    for b in common::backends() {
        let (app, _) = common::app(b).await;
        let mut tasks = Vec::new();
        for i in 0..8u64 {
            let app = app.clone();
            tasks.push(tokio::spawn(async move {
                app.ledger_append_with(move |txn, first| {
                    Box::pin(async move {
                        // A write of the unit's own, undone if the unit fails.
                        txn.execute_unprepared(&format!(
                            "INSERT INTO ledger_meta (name, value) VALUES ('unit-{i}', '{first}')"
                        ))
                        .await?;
                        if i % 3 == 1 {
                            return Err(AppError::Internal(format!("unit {i} refused")));
                        }
                        Ok((vec![entry(&format!("湘-2026-{i:04}"), 1)], first))
                    })
                })
                .await
            }));
        }
        let mut ok = 0;
        for (i, t) in tasks.into_iter().enumerate() {
            match t.await.unwrap() {
                // The unit's own output comes back with its position.
                Ok((first, echoed)) => {
                    assert_eq!(first, echoed);
                    ok += 1
                }
                Err(e) => assert!(i % 3 == 1, "unit {i} failed: {e}"),
            }
        }
        assert_eq!(ok, 5);
        assert_eq!(app.ledger_size().await.unwrap(), 5);
        use sanxiang_store::entity::ledger_meta;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let rows = ledger_meta::Entity::find()
            .filter(ledger_meta::Column::Name.starts_with("unit-"))
            .all(app.store().db())
            .await
            .unwrap();
        assert_eq!(rows.len(), 5, "{b:?}: refused units left no rows");
    }
}

/// LOG-1: a rewrite that keeps the tree internally consistent (entries, leaf hashes and nodes
/// all recomputed) is still caught by fsck against the signed checkpoints; so is a log whose
/// last entries were cut off together with their nodes.
#[tokio::test]
async fn log1_fsck_catches_a_consistent_rewrite_and_a_truncation_through_signed_checkpoints() {
    use sanxiang_store::entity::{ledger_leaf, ledger_node};
    use sea_orm::EntityTrait;
    for b in common::backends() {
        let (signing, _) = test_signing(11);
        let (app, _) = common::app_built(b, |x| x.ledger_signing(signing)).await;
        let all: Vec<Entry> = (1..=100).map(|i| entry("湘-2026-0009", i)).collect();
        app.ledger_append(&all[..60]).await.unwrap();
        app.ledger_checkpoint_now().await.unwrap().unwrap();
        app.ledger_append(&all[60..]).await.unwrap();
        app.ledger_checkpoint_now().await.unwrap().unwrap();
        assert_eq!(app.ledger_fsck().await.unwrap().first_problem, None);
        let db = app.store().db();
        let rebuild = |entries: Vec<Entry>| async move {
            ledger_node::Entity::delete_many().exec(db).await.unwrap();
            ledger_leaf::Entity::delete_many().exec(db).await.unwrap();
            let encoded: Vec<Vec<u8>> = entries.iter().map(Entry::encode).collect();
            sanxiang_store::repo::ledger::append(db, HashAlg::Sm3, &encoded, chrono::Utc::now())
                .await
                .unwrap();
        };

        // Act 31 rewritten and the whole tree recomputed: internally consistent, but the
        // checkpoint of 60 no longer matches.
        let mut forged = all.clone();
        forged[30].act_type = "closing".to_owned();
        rebuild(forged).await;
        let r = app.ledger_fsck().await.unwrap();
        assert_eq!(
            r.first_problem.as_deref(),
            Some("checkpoint 60: its signed root differs from the root re-derived from the leaves"),
            "{b:?}"
        );

        // The last 20 entries cut off with their nodes: the checkpoint of 100 says so.
        rebuild(all[..80].to_vec()).await;
        let r = app.ledger_fsck().await.unwrap();
        assert_eq!(
            r.first_problem.as_deref(),
            Some(
                "checkpoint 100 covers more entries than the log holds (80): entries were removed"
            ),
            "{b:?}"
        );

        // Restored exactly: everything holds again.
        rebuild(all.clone()).await;
        assert_eq!(
            app.ledger_fsck().await.unwrap().first_problem,
            None,
            "{b:?}"
        );
    }
}
