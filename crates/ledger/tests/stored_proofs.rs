//! Proofs from stored nodes agree byte for byte with proofs from the full leaf slice, read
//! exactly the nodes they announce, and fail cleanly when the store lacks one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::sync::OnceLock;

use proptest::prelude::*;
use sanxiang_ledger::hash::{Hash, HashAlg, leaf_hash};
use sanxiang_ledger::proof::{self, ProofError, verify_consistency, verify_inclusion};
use sanxiang_ledger::stored::{
    NodeId, NodeReader, StoredError, append_sibling_nodes, consistency_nodes, consistency_proof,
    hashes_added_by_append, inclusion_nodes, inclusion_proof, nodes_added_by_append, subtree_hash,
    subtree_nodes,
};
use sanxiang_ledger::tree::{node_levels, root};

const ALGS: [HashAlg; 2] = [HashAlg::Sm3, HashAlg::Sha256];

/// Pseudo-random leaf hashes: a hash of a seed and the position, so every leaf differs.
fn random_leaves(alg: HashAlg, n: u64) -> Vec<Hash> {
    (0..n)
        .map(|i| {
            leaf_hash(
                alg,
                &[b"stored-proofs".as_slice(), &i.to_le_bytes()].concat(),
            )
        })
        .collect()
}

/// A store filled the way a sequencer fills it: after each append, the nodes it adds.
fn fill_store(alg: HashAlg, leaves: &[Hash]) -> HashMap<NodeId, Hash> {
    let mut store = HashMap::new();
    for (i, leaf) in leaves.iter().enumerate() {
        let index = i as u64;
        let added = hashes_added_by_append(alg, &mut store, index, *leaf).unwrap();
        let ids: Vec<NodeId> = added.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, nodes_added_by_append(index).collect::<Vec<_>>());
        for (id, hash) in added {
            assert!(store.insert(id, hash).is_none(), "{id} stored twice");
        }
    }
    store
}

/// Leaves and a filled store, built once per algorithm.
struct Fixture {
    leaves: Vec<Hash>,
    store: HashMap<NodeId, Hash>,
}

fn fixture(alg: HashAlg) -> &'static Fixture {
    static SM3: OnceLock<Fixture> = OnceLock::new();
    static SHA256: OnceLock<Fixture> = OnceLock::new();
    let cell = match alg {
        HashAlg::Sm3 => &SM3,
        HashAlg::Sha256 => &SHA256,
    };
    cell.get_or_init(|| {
        let leaves = random_leaves(alg, 5000);
        let store = fill_store(alg, &leaves);
        Fixture { leaves, store }
    })
}

/// A read-only reader over a shared store that records every id asked for and can pretend
/// one node is missing.
struct Recording<'a> {
    store: &'a HashMap<NodeId, Hash>,
    missing: Option<NodeId>,
    calls: Vec<NodeId>,
}

impl<'a> Recording<'a> {
    fn new(store: &'a HashMap<NodeId, Hash>) -> Self {
        Recording {
            store,
            missing: None,
            calls: Vec::new(),
        }
    }

    fn without(store: &'a HashMap<NodeId, Hash>, missing: NodeId) -> Self {
        Recording {
            missing: Some(missing),
            ..Recording::new(store)
        }
    }
}

impl NodeReader for Recording<'_> {
    fn node(&mut self, id: NodeId) -> Result<Hash, StoredError> {
        self.calls.push(id);
        if self.missing == Some(id) {
            return Err(StoredError::MissingNode(id));
        }
        self.store
            .get(&id)
            .copied()
            .ok_or(StoredError::MissingNode(id))
    }
}

fn n(x: usize) -> u64 {
    x as u64
}

#[test]
fn the_store_holds_exactly_the_complete_subtrees() {
    for alg in ALGS {
        let leaves = random_leaves(alg, 300);
        let store = fill_store(alg, &leaves);
        let levels = node_levels(alg, &leaves);
        let mut expected = HashMap::new();
        for (level, hashes) in levels.iter().enumerate() {
            for (index, hash) in hashes.iter().enumerate() {
                expected.insert(NodeId::new(level as u8, n(index)), *hash);
            }
        }
        assert_eq!(store, expected);
    }
}

#[test]
fn append_helpers_list_the_leaf_its_parents_and_their_left_siblings() {
    let ids: Vec<NodeId> = nodes_added_by_append(7).collect();
    assert_eq!(
        ids,
        [
            NodeId::leaf(7),
            NodeId::new(1, 3),
            NodeId::new(2, 1),
            NodeId::new(3, 0)
        ]
    );
    assert_eq!(
        append_sibling_nodes(7),
        [NodeId::leaf(6), NodeId::new(1, 2), NodeId::new(2, 0)]
    );
    assert_eq!(
        nodes_added_by_append(8).collect::<Vec<_>>(),
        [NodeId::leaf(8)]
    );
    assert!(append_sibling_nodes(8).is_empty());

    let alg = HashAlg::Sm3;
    let fx = fixture(alg);
    let mut rec = Recording::new(&fx.store);
    let added = hashes_added_by_append(alg, &mut rec, 7, fx.leaves[7]).unwrap();
    assert_eq!(rec.calls, append_sibling_nodes(7));
    assert_eq!(
        added.last(),
        Some(&(NodeId::new(3, 0), root(alg, &fx.leaves[..8])))
    );

    let mut gap = Recording::without(&fx.store, NodeId::new(1, 2));
    assert_eq!(
        hashes_added_by_append(alg, &mut gap, 7, fx.leaves[7]),
        Err(StoredError::MissingNode(NodeId::new(1, 2)))
    );
}

#[test]
fn subtree_hash_equals_the_root_of_every_prefix_and_of_unaligned_ranges() {
    for alg in ALGS {
        let fx = fixture(alg);
        let mut store = fx.store.clone();
        for size in 1..=300usize {
            let got = subtree_hash(alg, &mut store, 0, n(size)).unwrap();
            assert_eq!(got, root(alg, &fx.leaves[..size]), "size {size}");
        }
        for (start, end) in [(3usize, 4usize), (3, 10), (5, 300), (17, 64), (100, 229)] {
            let mut rec = Recording::new(&fx.store);
            let got = subtree_hash(alg, &mut rec, n(start), n(end)).unwrap();
            assert_eq!(got, root(alg, &fx.leaves[start..end]), "[{start}, {end})");
            assert_eq!(rec.calls, subtree_nodes(n(start), n(end)));
        }
        assert_eq!(
            subtree_hash(alg, &mut store, 5, 5),
            Err(StoredError::EmptyRange { start: 5, end: 5 })
        );
        assert_eq!(
            subtree_hash(alg, &mut store, 6, 5),
            Err(StoredError::EmptyRange { start: 6, end: 5 })
        );
        assert!(subtree_nodes(6, 5).is_empty());
    }
}

#[test]
fn inclusion_proofs_equal_leaf_slice_proofs_and_verify_for_every_size_up_to_300() {
    for alg in ALGS {
        let fx = fixture(alg);
        let leaves = &fx.leaves[..300];
        let mut store = fx.store.clone();
        for size in 1..=300u64 {
            let tree_root = root(alg, &leaves[..size as usize]);
            for index in 0..size {
                let got = inclusion_proof(alg, &mut store, index, size).unwrap();
                let want = proof::inclusion_proof(alg, leaves, index, size).unwrap();
                assert_eq!(got, want, "index {index} size {size}");
                verify_inclusion(alg, index, size, &leaves[index as usize], &got, &tree_root)
                    .unwrap();
            }
        }
    }
}

#[test]
fn consistency_proofs_equal_leaf_slice_proofs_and_verify_for_every_pair_up_to_130() {
    for alg in ALGS {
        let fx = fixture(alg);
        let leaves = &fx.leaves[..130];
        let mut store = fx.store.clone();
        let roots: Vec<Hash> = (0..=130).map(|s| root(alg, &leaves[..s])).collect();
        for new in 1..=130u64 {
            for old in 1..=new {
                let got = consistency_proof(alg, &mut store, old, new).unwrap();
                let want = proof::consistency_proof(alg, leaves, old, new).unwrap();
                assert_eq!(got, want, "old {old} new {new}");
                verify_consistency(
                    alg,
                    old,
                    new,
                    &roots[old as usize],
                    &roots[new as usize],
                    &got,
                )
                .unwrap();
            }
        }
    }
}

#[test]
fn listed_nodes_are_exactly_the_nodes_the_reader_is_asked_for() {
    let fx = fixture(HashAlg::Sha256);
    let alg = HashAlg::Sha256;
    for size in 1..=200u64 {
        for index in 0..size {
            let mut rec = Recording::new(&fx.store);
            inclusion_proof(alg, &mut rec, index, size).unwrap();
            let listed = inclusion_nodes(index, size);
            assert_eq!(rec.calls, listed, "inclusion index {index} size {size}");
            for id in &listed {
                let (_, end) = id.leaf_range().unwrap();
                assert!(end <= size, "{id} lies outside size {size}");
            }
        }
    }
    for new in 1..=130u64 {
        for old in 1..=new {
            let mut rec = Recording::new(&fx.store);
            consistency_proof(alg, &mut rec, old, new).unwrap();
            let listed = consistency_nodes(old, new);
            assert_eq!(rec.calls, listed, "consistency old {old} new {new}");
            for id in &listed {
                let (_, end) = id.leaf_range().unwrap();
                assert!(end <= new, "{id} lies outside size {new}");
            }
        }
    }
    // Nodes are fetched at most O(log² n) times: far fewer than the leaves.
    let big = inclusion_nodes(1234, 4999);
    assert!(big.len() <= 13 * 13, "{} nodes", big.len());
    assert!(consistency_nodes(1234, 4999).len() <= 13 * 13);
}

#[test]
fn a_missing_node_yields_missing_node_with_its_id_and_never_panics() {
    let alg = HashAlg::Sm3;
    let fx = fixture(alg);
    for (index, size) in [
        (0u64, 1u64),
        (0, 2),
        (5, 7),
        (12, 13),
        (100, 300),
        (299, 300),
    ] {
        for id in inclusion_nodes(index, size) {
            let mut rec = Recording::without(&fx.store, id);
            assert_eq!(
                inclusion_proof(alg, &mut rec, index, size),
                Err(StoredError::MissingNode(id)),
                "index {index} size {size}"
            );
        }
    }
    for (old, new) in [
        (1u64, 2u64),
        (3, 7),
        (4, 8),
        (6, 13),
        (100, 300),
        (129, 130),
    ] {
        for id in consistency_nodes(old, new) {
            let mut rec = Recording::without(&fx.store, id);
            assert_eq!(
                consistency_proof(alg, &mut rec, old, new),
                Err(StoredError::MissingNode(id)),
                "old {old} new {new}"
            );
        }
    }
    // An empty store: the first listed node is reported.
    let mut empty: HashMap<NodeId, Hash> = HashMap::new();
    assert_eq!(
        inclusion_proof(alg, &mut empty, 3, 10),
        Err(StoredError::MissingNode(inclusion_nodes(3, 10)[0]))
    );
    // A tree larger than the store: a missing node, not a panic.
    assert!(matches!(
        inclusion_proof(alg, &mut fx.store.clone(), 0, 1 << 40),
        Err(StoredError::MissingNode(_))
    ));
    assert!(matches!(
        consistency_proof(alg, &mut fx.store.clone(), u64::MAX - 1, u64::MAX),
        Err(StoredError::MissingNode(_))
    ));
}

#[test]
fn invalid_arguments_are_rejected_as_in_the_leaf_slice_proofs() {
    let alg = HashAlg::Sha256;
    let mut store = fixture(alg).store.clone();
    assert_eq!(
        inclusion_proof(alg, &mut store, 5, 5),
        Err(StoredError::Proof(ProofError::IndexOutOfRange {
            index: 5,
            size: 5
        }))
    );
    assert_eq!(
        inclusion_proof(alg, &mut store, 0, 0),
        Err(StoredError::Proof(ProofError::IndexOutOfRange {
            index: 0,
            size: 0
        }))
    );
    assert_eq!(
        consistency_proof(alg, &mut store, 8, 7),
        Err(StoredError::Proof(ProofError::OldSizeExceedsNew {
            old: 8,
            new: 7
        }))
    );
    assert_eq!(
        consistency_proof(alg, &mut store, 0, 7),
        Err(StoredError::Proof(ProofError::EmptyOldTree))
    );
    assert_eq!(
        consistency_proof(alg, &mut store, 0, 0),
        Err(StoredError::Proof(ProofError::EmptyOldTree))
    );
    assert_eq!(consistency_proof(alg, &mut store, 7, 7), Ok(Vec::new()));
    assert!(inclusion_nodes(5, 5).is_empty());
    assert!(consistency_nodes(8, 7).is_empty());
    assert!(consistency_nodes(0, 7).is_empty());
    assert!(consistency_nodes(7, 7).is_empty());
}

fn alg_strategy() -> impl Strategy<Value = HashAlg> {
    prop_oneof![Just(HashAlg::Sm3), Just(HashAlg::Sha256)]
}

proptest! {
    #[test]
    fn proofs_from_stored_nodes_match_for_random_sizes_up_to_5000(
        alg in alg_strategy(),
        size in 1u64..=5000,
        index_seed in any::<u64>(),
        old_seed in any::<u64>(),
    ) {
        let fx = fixture(alg);
        let leaves = &fx.leaves[..size as usize];
        let index = index_seed % size;
        let old = 1 + old_seed % size;
        let tree_root = root(alg, leaves);

        let mut rec = Recording::new(&fx.store);
        let got = inclusion_proof(alg, &mut rec, index, size).unwrap();
        prop_assert_eq!(&got, &proof::inclusion_proof(alg, leaves, index, size).unwrap());
        prop_assert_eq!(&rec.calls, &inclusion_nodes(index, size));
        prop_assert!(
            verify_inclusion(alg, index, size, &leaves[index as usize], &got, &tree_root).is_ok()
        );

        let mut rec = Recording::new(&fx.store);
        let got = consistency_proof(alg, &mut rec, old, size).unwrap();
        prop_assert_eq!(&got, &proof::consistency_proof(alg, leaves, old, size).unwrap());
        prop_assert_eq!(&rec.calls, &consistency_nodes(old, size));
        let old_root = root(alg, &leaves[..old as usize]);
        prop_assert!(verify_consistency(alg, old, size, &old_root, &tree_root, &got).is_ok());
    }
}
