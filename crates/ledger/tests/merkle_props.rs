//! Property tests: the tree against a naive RFC 6962 definition, the incremental tree against
//! the batch root, proofs round-trip and every tampering is rejected, domain separation holds.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use sanxiang_ledger::hash::{Hash, HashAlg, leaf_hash, node_hash};
use sanxiang_ledger::proof::{
    ProofError, consistency_proof, inclusion_proof, verify_consistency, verify_inclusion,
};
use sanxiang_ledger::tree::{CompactRange, node_levels, root};
use sm3::{Digest, Sm3};

/// Naive MTH straight from RFC 6962 §2.1, hashing with the sm3 crate directly (independent
/// of the crate's hash module): MTH({}) = SM3(""), MTH({d}) = SM3(0x00 ‖ d),
/// MTH(D[n]) = SM3(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])) with k the largest power of two < n.
fn naive_mth(data: &[Vec<u8>]) -> [u8; 32] {
    let n = data.len();
    let out = match n {
        0 => Sm3::digest(b""),
        1 => {
            let mut h = Sm3::new();
            h.update([0u8]);
            h.update(&data[0]);
            h.finalize()
        }
        _ => {
            let mut k = 1;
            while k * 2 < n {
                k *= 2;
            }
            let mut h = Sm3::new();
            h.update([1u8]);
            h.update(naive_mth(&data[..k]));
            h.update(naive_mth(&data[k..]));
            h.finalize()
        }
    };
    out.into()
}

fn data(n: usize) -> Vec<Vec<u8>> {
    (0..n).map(|i| format!("entry {i}").into_bytes()).collect()
}

fn hashes(alg: HashAlg, data: &[Vec<u8>]) -> Vec<Hash> {
    data.iter().map(|d| leaf_hash(alg, d)).collect()
}

#[test]
fn root_matches_naive_definition_and_incremental_tree_for_every_size_up_to_1024() {
    let alg = HashAlg::Sm3;
    let all = data(1024);
    let leaves = hashes(alg, &all);
    let mut tree = CompactRange::new(alg);
    for n in 0..=1024usize {
        let want = Hash(naive_mth(&all[..n]));
        assert_eq!(root(alg, &leaves[..n]), want, "root of size {n}");
        assert_eq!(tree.root(), want, "incremental root of size {n}");
        assert_eq!(tree.size(), n as u64);
        assert_eq!(tree.subtree_roots().len(), n.count_ones() as usize);
        if n < 1024 {
            assert_eq!(tree.append(leaves[n]).unwrap(), n as u64);
        }
    }
}

#[test]
fn node_levels_hold_perfect_subtree_roots() {
    let alg = HashAlg::Sha256;
    let leaves = hashes(alg, &data(37));
    let levels = node_levels(alg, &leaves);
    assert_eq!(
        levels.iter().map(Vec::len).collect::<Vec<_>>(),
        [37, 18, 9, 4, 2, 1]
    );
    for (l, level) in levels.iter().enumerate() {
        for (i, h) in level.iter().enumerate() {
            let span = 1usize << l;
            assert_eq!(*h, root(alg, &leaves[i * span..(i + 1) * span]));
        }
    }
}

#[test]
fn every_proof_verifies_exhaustively_for_small_trees() {
    let alg = HashAlg::Sm3;
    let leaves = hashes(alg, &data(40));
    let roots: Vec<Hash> = (0..=40).map(|n| root(alg, &leaves[..n])).collect();
    for n in 1..=40u64 {
        for i in 0..n {
            let p = inclusion_proof(alg, &leaves, i, n).unwrap();
            verify_inclusion(alg, i, n, &leaves[i as usize], &p, &roots[n as usize]).unwrap();
            for j in (0..n + 2).filter(|&j| j != i) {
                assert!(
                    verify_inclusion(alg, j, n, &leaves[i as usize], &p, &roots[n as usize])
                        .is_err(),
                    "leaf {i} of {n} accepted at index {j}"
                );
            }
        }
        for m in 1..=n {
            let p = consistency_proof(alg, &leaves, m, n).unwrap();
            let (rm, rn) = (&roots[m as usize], &roots[n as usize]);
            verify_consistency(alg, m, n, rm, rn, &p).unwrap();
            for m2 in (0..=n + 1).filter(|&m2| m2 != m) {
                assert!(
                    verify_consistency(alg, m2, n, rm, rn, &p).is_err(),
                    "consistency {m}->{n} accepted as {m2}->{n}"
                );
            }
            if m < n {
                assert!(verify_consistency(alg, m, n, rn, rm, &p).is_err());
            }
        }
    }
}

/// The left/right decisions the RFC 9162 inclusion verifier makes for `(index, size)`.
/// An inclusion proof binds the leaf to a position only up to these decisions: a different
/// size with the same decisions yields the same root (e.g. index 0 in sizes 3 and 4), which is
/// why the size must come from a signed checkpoint, never from the proof's sender.
fn directions(index: u64, size: u64) -> Vec<bool> {
    let (mut fn_, mut sn) = (index, size - 1);
    let mut out = Vec::new();
    while sn > 0 {
        if fn_ & 1 == 1 || fn_ == sn {
            out.push(true);
            while fn_ & 1 == 0 && fn_ != 0 {
                fn_ >>= 1;
                sn >>= 1;
            }
        } else {
            out.push(false);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    out
}

fn flip(proof: &[Hash], element: usize, bit: usize) -> Vec<Hash> {
    let mut out = proof.to_vec();
    out[element].0[bit / 8] ^= 1 << (bit % 8);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn inclusion_proofs_verify_and_tampering_is_rejected(
        n in 1u64..=1024,
        index_seed in any::<u64>(),
        element_seed in any::<usize>(),
        bit in 0usize..256,
        other_size in 1u64..=2048,
    ) {
        let alg = HashAlg::Sm3;
        let leaves = hashes(alg, &data(n as usize));
        let r = root(alg, &leaves);
        let index = index_seed % n;
        let leaf = leaves[index as usize];
        let proof = inclusion_proof(alg, &leaves, index, n).unwrap();
        prop_assert_eq!(verify_inclusion(alg, index, n, &leaf, &proof, &r), Ok(()));

        if !proof.is_empty() {
            let bad = flip(&proof, element_seed % proof.len(), bit);
            let is_mismatch = matches!(
                verify_inclusion(alg, index, n, &leaf, &bad, &r),
                Err(ProofError::RootMismatch { .. })
            );
            prop_assert!(is_mismatch);
        }
        let bad_leaf = Hash({ let mut b = leaf.0; b[bit / 8] ^= 1 << (bit % 8); b });
        prop_assert!(verify_inclusion(alg, index, n, &bad_leaf, &proof, &r).is_err());
        let bad_root = Hash({ let mut b = r.0; b[bit / 8] ^= 1 << (bit % 8); b });
        prop_assert!(verify_inclusion(alg, index, n, &leaf, &proof, &bad_root).is_err());

        let other_index = (index + 1 + index_seed % n.max(2)) % (n + 1);
        if other_index != index {
            prop_assert!(verify_inclusion(alg, other_index, n, &leaf, &proof, &r).is_err());
        }
        if other_size != n {
            let accepted = verify_inclusion(alg, index, other_size, &leaf, &proof, &r).is_ok();
            let same_shape = index < other_size && directions(index, other_size) == directions(index, n);
            prop_assert_eq!(accepted, same_shape);
        }
        let mut longer = proof.clone();
        longer.push(r);
        prop_assert!(verify_inclusion(alg, index, n, &leaf, &longer, &r).is_err());
        let mut prefixed = vec![leaf];
        prefixed.extend_from_slice(&proof);
        prop_assert!(verify_inclusion(alg, index, n, &leaf, &prefixed, &r).is_err());
    }

    #[test]
    fn consistency_proofs_verify_and_tampering_is_rejected(
        n in 1u64..=1024,
        m_seed in any::<u64>(),
        element_seed in any::<usize>(),
        bit in 0usize..256,
        other in 0u64..=2048,
    ) {
        let alg = HashAlg::Sha256;
        let leaves = hashes(alg, &data(n as usize));
        let m = 1 + m_seed % n;
        let rm = root(alg, &leaves[..m as usize]);
        let rn = root(alg, &leaves);
        let proof = consistency_proof(alg, &leaves, m, n).unwrap();
        prop_assert_eq!(verify_consistency(alg, m, n, &rm, &rn, &proof), Ok(()));

        if proof.is_empty() {
            prop_assert_eq!(m, n);
        } else {
            let bad = flip(&proof, element_seed % proof.len(), bit);
            prop_assert!(verify_consistency(alg, m, n, &rm, &rn, &bad).is_err());
            let mut truncated = proof.clone();
            truncated.pop();
            prop_assert!(verify_consistency(alg, m, n, &rm, &rn, &truncated).is_err());
        }
        let bad_rm = Hash({ let mut b = rm.0; b[bit / 8] ^= 1 << (bit % 8); b });
        prop_assert!(verify_consistency(alg, m, n, &bad_rm, &rn, &proof).is_err());
        let bad_rn = Hash({ let mut b = rn.0; b[bit / 8] ^= 1 << (bit % 8); b });
        prop_assert!(verify_consistency(alg, m, n, &rm, &bad_rn, &proof).is_err());
        if other != m {
            prop_assert!(verify_consistency(alg, other, n, &rm, &rn, &proof).is_err());
        }
        if other != n {
            // As with inclusion proofs, the new size is bound only up to the verifier's path
            // decisions (e.g. 1 -> 257 and 1 -> 258 hash identically): a different size can
            // only be accepted when it takes exactly the same decisions.
            let accepted = verify_consistency(alg, m, other, &rm, &rn, &proof).is_ok();
            prop_assert!(
                !accepted || (other > m && directions(m - 1, other) == directions(m - 1, n))
            );
        }
        let mut longer = proof.clone();
        longer.push(rn);
        prop_assert!(verify_consistency(alg, m, n, &rm, &rn, &longer).is_err());
    }

    #[test]
    fn incremental_tree_agrees_with_root(sizes in proptest::collection::vec(0usize..64, 1..8)) {
        let alg = HashAlg::Sm3;
        let total: usize = sizes.iter().sum();
        let leaves = hashes(alg, &data(total));
        let mut tree = CompactRange::new(alg);
        let mut done = 0;
        for s in sizes {
            for leaf in &leaves[done..done + s] {
                tree.append(*leaf).unwrap();
            }
            done += s;
            prop_assert_eq!(tree.root(), root(alg, &leaves[..done]));
            let restored = CompactRange::from_subtree_roots(alg, done as u64, tree.subtree_roots()).unwrap();
            prop_assert_eq!(restored, tree.clone());
        }
    }
}

#[test]
fn domain_separation() {
    for alg in [HashAlg::Sm3, HashAlg::Sha256] {
        let [a, b, c] = [b"A", b"B", b"C"].map(|d| leaf_hash(alg, d));
        assert_ne!(root(alg, &[a, b, c]), root(alg, &[a, b, c, c]));
        // A leaf whose bytes are two hashes never collides with the node over them.
        let mut both = a.0.to_vec();
        both.extend_from_slice(&b.0);
        assert_ne!(leaf_hash(alg, &both), node_hash(alg, &a, &b));
        // A leaf is not the plain digest of its data.
        assert_ne!(leaf_hash(alg, b"A"), alg.digest(b"A"));
        // A one-leaf tree's root is the leaf hash, not the raw data digest.
        assert_eq!(root(alg, &[a]), a);
        // The two algorithms give different trees.
        assert_ne!(
            leaf_hash(HashAlg::Sm3, b"A"),
            leaf_hash(HashAlg::Sha256, b"A")
        );
    }
}

#[test]
fn edge_cases_name_the_problem() {
    let alg = HashAlg::Sm3;
    let leaves = hashes(alg, &data(5));
    let r5 = root(alg, &leaves);
    let r1 = root(alg, &leaves[..1]);
    assert_eq!(
        verify_inclusion(alg, 0, 0, &leaves[0], &[], &r5),
        Err(ProofError::IndexOutOfRange { index: 0, size: 0 })
    );
    assert_eq!(verify_inclusion(alg, 0, 1, &leaves[0], &[], &r1), Ok(()));
    assert_eq!(
        verify_inclusion(alg, 0, 1, &leaves[0], &[r1], &r1),
        Err(ProofError::WrongProofLength {
            expected: 0,
            actual: 1
        })
    );
    assert_eq!(
        verify_consistency(alg, 0, 5, &r1, &r5, &[]),
        Err(ProofError::EmptyOldTree)
    );
    assert_eq!(
        verify_consistency(alg, 0, 0, &r1, &r1, &[]),
        Err(ProofError::EmptyOldTree)
    );
    assert_eq!(
        verify_consistency(alg, 6, 5, &r1, &r5, &[]),
        Err(ProofError::OldSizeExceedsNew { old: 6, new: 5 })
    );
    assert_eq!(verify_consistency(alg, 5, 5, &r5, &r5, &[]), Ok(()));
    assert!(matches!(
        verify_consistency(alg, 5, 5, &r5, &r1, &[]),
        Err(ProofError::SameSizeRootsDiffer { size: 5, .. })
    ));
    assert_eq!(
        verify_consistency(alg, 5, 5, &r5, &r5, &[r5]),
        Err(ProofError::WrongProofLength {
            expected: 0,
            actual: 1
        })
    );
    assert_eq!(
        verify_consistency(alg, 1, 5, &r1, &r5, &[]),
        Err(ProofError::WrongProofLength {
            expected: 3,
            actual: 0
        })
    );
    assert_eq!(
        inclusion_proof(alg, &leaves, 0, 6),
        Err(ProofError::SizeBeyondLeaves {
            size: 6,
            available: 5
        })
    );
    assert_eq!(
        inclusion_proof(alg, &leaves, 5, 5),
        Err(ProofError::IndexOutOfRange { index: 5, size: 5 })
    );
    assert_eq!(
        consistency_proof(alg, &leaves, 0, 5),
        Err(ProofError::EmptyOldTree)
    );
    assert_eq!(
        consistency_proof(alg, &leaves, 3, 2),
        Err(ProofError::OldSizeExceedsNew { old: 3, new: 2 })
    );
    assert_eq!(
        verify_inclusion(alg, u64::MAX, u64::MAX, &leaves[0], &[], &r5),
        Err(ProofError::IndexOutOfRange {
            index: u64::MAX,
            size: u64::MAX
        })
    );
    assert!(verify_inclusion(alg, u64::MAX - 1, u64::MAX, &leaves[0], &[r5; 70], &r5).is_err());
    assert!(verify_consistency(alg, u64::MAX - 1, u64::MAX, &r1, &r5, &[r5; 70]).is_err());
}
