//! Inclusion and consistency proofs (RFC 9162 §2.1.3 and §2.1.4).
//!
//! Generation works from a slice of leaf hashes (tests, tooling, small logs); verification
//! follows the RFC 9162 algorithms step by step and never panics on hostile input. Before
//! hashing, verification checks the proof length against the length the sizes imply, so a
//! truncated or padded proof is reported as exactly that.

use crate::hash::{Hash, HashAlg, node_hash};
use crate::tree::{split_point, subtree_root};

/// Why a proof could not be generated or did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// The leaf index is not inside the tree.
    #[error("leaf index {index} is out of range for tree size {size}")]
    IndexOutOfRange {
        /// The leaf index asked about.
        index: u64,
        /// The tree size.
        size: u64,
    },
    /// Generation was asked for a tree larger than the leaves supplied.
    #[error("tree size {size} exceeds the {available} leaves available")]
    SizeBeyondLeaves {
        /// The requested tree size.
        size: u64,
        /// Number of leaf hashes supplied.
        available: u64,
    },
    /// A consistency proof from a larger tree to a smaller one.
    #[error("old tree size {old} is larger than new tree size {new}")]
    OldSizeExceedsNew {
        /// The earlier tree size.
        old: u64,
        /// The later tree size.
        new: u64,
    },
    /// A consistency proof from the empty tree: every tree extends it, so there is nothing to
    /// prove (RFC 9162 requires `0 < first`). Callers that start from size 0 should accept the
    /// new checkpoint on its signature alone.
    #[error("consistency proof from an empty tree (size 0) is meaningless")]
    EmptyOldTree,
    /// The proof does not have the number of hashes the sizes require.
    #[error("proof has {actual} hashes, expected {expected}")]
    WrongProofLength {
        /// The length the index and sizes imply.
        expected: usize,
        /// The length received.
        actual: usize,
    },
    /// The inclusion proof leads to a different root.
    #[error("inclusion proof yields root {computed}, expected {expected}")]
    RootMismatch {
        /// The trusted root.
        expected: Hash,
        /// The root the proof leads to.
        computed: Hash,
    },
    /// The consistency proof does not reproduce the old root.
    #[error("consistency proof yields old root {computed}, expected {expected}")]
    OldRootMismatch {
        /// The trusted old root.
        expected: Hash,
        /// The old root the proof leads to.
        computed: Hash,
    },
    /// The consistency proof does not reproduce the new root.
    #[error("consistency proof yields new root {computed}, expected {expected}")]
    NewRootMismatch {
        /// The trusted new root.
        expected: Hash,
        /// The new root the proof leads to.
        computed: Hash,
    },
    /// Two roots claimed for the same tree size differ: evidence of a fork.
    #[error("two different roots for the same tree size {size}: {first} and {second}")]
    SameSizeRootsDiffer {
        /// The tree size.
        size: u64,
        /// The first root.
        first: Hash,
        /// The second root.
        second: Hash,
    },
}

/// Leaves `[0, size)` of `leaves`, or an error if there are too few.
fn prefix(leaves: &[Hash], size: u64) -> Result<&[Hash], ProofError> {
    let available = leaves.len() as u64;
    usize::try_from(size)
        .ok()
        .and_then(|n| leaves.get(..n))
        .ok_or(ProofError::SizeBeyondLeaves { size, available })
}

/// Inclusion proof (RFC 9162 §2.1.3.1 `PATH`) for leaf `index` in the tree of the first
/// `size` leaves. Hashes are ordered from the leaf upwards.
pub fn inclusion_proof(
    alg: HashAlg,
    leaves: &[Hash],
    index: u64,
    size: u64,
) -> Result<Vec<Hash>, ProofError> {
    let tree = prefix(leaves, size)?;
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let mut proof = Vec::new();
    path(alg, index, tree, &mut proof);
    Ok(proof)
}

/// `PATH(m, D[n])`, appending siblings bottom-up. Requires `m < D.len()`.
fn path(alg: HashAlg, m: u64, leaves: &[Hash], out: &mut Vec<Hash>) {
    if leaves.len() <= 1 {
        return;
    }
    let k = split_point(leaves.len() as u64);
    let (left, right) = leaves.split_at(k as usize);
    if m < k {
        path(alg, m, left, out);
        out.push(subtree_root(alg, right));
    } else {
        path(alg, m - k, right, out);
        out.push(subtree_root(alg, left));
    }
}

/// Consistency proof (RFC 9162 §2.1.4.1 `PROOF`) that the tree of size `old` is a prefix of
/// the tree of size `new`. Empty when `old == new`; an error when `old == 0`.
pub fn consistency_proof(
    alg: HashAlg,
    leaves: &[Hash],
    old: u64,
    new: u64,
) -> Result<Vec<Hash>, ProofError> {
    let tree = prefix(leaves, new)?;
    if old > new {
        return Err(ProofError::OldSizeExceedsNew { old, new });
    }
    if old == 0 {
        return Err(ProofError::EmptyOldTree);
    }
    let mut proof = Vec::new();
    subproof(alg, old, tree, true, &mut proof);
    Ok(proof)
}

/// `SUBPROOF(m, D[n], b)`. Requires `0 < m <= D.len()`.
fn subproof(alg: HashAlg, m: u64, leaves: &[Hash], complete: bool, out: &mut Vec<Hash>) {
    let n = leaves.len() as u64;
    if m == n {
        if !complete {
            out.push(subtree_root(alg, leaves));
        }
        return;
    }
    let k = split_point(n);
    let (left, right) = leaves.split_at(k as usize);
    if m <= k {
        subproof(alg, m, left, complete, out);
        out.push(subtree_root(alg, right));
    } else {
        subproof(alg, m - k, right, false, out);
        out.push(subtree_root(alg, left));
    }
}

/// Number of significant bits of `x` (0 for 0).
fn bit_len(x: u64) -> u32 {
    64 - x.leading_zeros()
}

/// Length of a valid inclusion proof for `index < size`.
fn inclusion_len(index: u64, size: u64) -> usize {
    let inner = bit_len(index ^ (size - 1));
    let border = (index >> inner).count_ones();
    (inner + border) as usize
}

/// Length of a valid consistency proof for `0 < old < new`.
fn consistency_len(old: u64, new: u64) -> usize {
    let inner = bit_len((old - 1) ^ (new - 1));
    let border = ((old - 1) >> inner).count_ones();
    let shift = old.trailing_zeros();
    let seed = usize::from(!old.is_power_of_two());
    seed + (inner.saturating_sub(shift) + border) as usize
}

/// Shifts both `fn_` and `sn` right until the low bit of `fn_` is set or `fn_` is 0.
fn shift_until_odd(fn_: &mut u64, sn: &mut u64) {
    while *fn_ & 1 == 0 && *fn_ != 0 {
        *fn_ >>= 1;
        *sn >>= 1;
    }
}

/// Verifies that `leaf_hash` is leaf `index` of the tree of `size` leaves with root `root`
/// (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(
    alg: HashAlg,
    index: u64,
    size: u64,
    leaf_hash: &Hash,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    // Step 1.
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let expected = inclusion_len(index, size);
    if proof.len() != expected {
        return Err(ProofError::WrongProofLength {
            expected,
            actual: proof.len(),
        });
    }
    // Steps 2-4.
    let (mut fn_, mut sn) = (index, size - 1);
    let mut r = *leaf_hash;
    for p in proof {
        if sn == 0 {
            return Err(ProofError::WrongProofLength {
                expected,
                actual: proof.len(),
            });
        }
        if fn_ & 1 == 1 || fn_ == sn {
            r = node_hash(alg, p, &r);
            shift_until_odd(&mut fn_, &mut sn);
        } else {
            r = node_hash(alg, &r, p);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    // Step 5.
    if sn != 0 {
        return Err(ProofError::WrongProofLength {
            expected,
            actual: proof.len(),
        });
    }
    if r != *root {
        return Err(ProofError::RootMismatch {
            expected: *root,
            computed: r,
        });
    }
    Ok(())
}

/// Verifies that the tree of size `old` with root `old_root` is a prefix of the tree of size
/// `new` with root `new_root` (RFC 9162 §2.1.4.2).
///
/// `old == new` requires an empty proof and equal roots (different roots are reported as
/// [`ProofError::SameSizeRootsDiffer`], evidence of a fork). `old == 0` is always rejected
/// with [`ProofError::EmptyOldTree`].
pub fn verify_consistency(
    alg: HashAlg,
    old: u64,
    new: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<(), ProofError> {
    if old > new {
        return Err(ProofError::OldSizeExceedsNew { old, new });
    }
    if old == 0 {
        return Err(ProofError::EmptyOldTree);
    }
    if old == new {
        if !proof.is_empty() {
            return Err(ProofError::WrongProofLength {
                expected: 0,
                actual: proof.len(),
            });
        }
        if old_root != new_root {
            return Err(ProofError::SameSizeRootsDiffer {
                size: old,
                first: *old_root,
                second: *new_root,
            });
        }
        return Ok(());
    }
    let (fr, sr) = consistency_roots(alg, old, new, old_root, proof)?;
    if fr != *old_root {
        return Err(ProofError::OldRootMismatch {
            expected: *old_root,
            computed: fr,
        });
    }
    if sr != *new_root {
        return Err(ProofError::NewRootMismatch {
            expected: *new_root,
            computed: sr,
        });
    }
    Ok(())
}

/// Runs the RFC 9162 §2.1.4.2 consistency computation and returns the two roots the proof
/// derives, `(old root, new root)`, without comparing them to trusted roots.
///
/// Witnesses need both: a proof that reproduces a signed new root but derives an old root other
/// than the signed old one proves that the log forked (see `witness::fork`). `old_root` is only
/// used as the seed when `old` is a power of two (the proof then omits it), so for such sizes the
/// derived old root always equals `old_root`. `old == new` requires an empty proof and yields
/// `(old_root, old_root)`; `old > new` and `old == 0` are rejected as in [`verify_consistency`].
pub fn consistency_roots(
    alg: HashAlg,
    old: u64,
    new: u64,
    old_root: &Hash,
    proof: &[Hash],
) -> Result<(Hash, Hash), ProofError> {
    if old > new {
        return Err(ProofError::OldSizeExceedsNew { old, new });
    }
    if old == 0 {
        return Err(ProofError::EmptyOldTree);
    }
    if old == new {
        if !proof.is_empty() {
            return Err(ProofError::WrongProofLength {
                expected: 0,
                actual: proof.len(),
            });
        }
        return Ok((*old_root, *old_root));
    }
    // Step 1 (an empty proof) is covered by the length check: a valid proof is never empty here.
    let expected = consistency_len(old, new);
    if proof.len() != expected {
        return Err(ProofError::WrongProofLength {
            expected,
            actual: proof.len(),
        });
    }
    let wrong_length = || ProofError::WrongProofLength {
        expected,
        actual: proof.len(),
    };
    // Step 2: a power-of-two old tree is its own first node.
    let (seed, rest) = if old.is_power_of_two() {
        (old_root, proof)
    } else {
        proof.split_first().ok_or_else(wrong_length)?
    };
    // Steps 3-4.
    let (mut fn_, mut sn) = (old - 1, new - 1);
    while fn_ & 1 == 1 {
        fn_ >>= 1;
        sn >>= 1;
    }
    // Step 5.
    let (mut fr, mut sr) = (*seed, *seed);
    // Step 6.
    for c in rest {
        if sn == 0 {
            return Err(wrong_length());
        }
        if fn_ & 1 == 1 || fn_ == sn {
            fr = node_hash(alg, c, &fr);
            sr = node_hash(alg, c, &sr);
            shift_until_odd(&mut fn_, &mut sn);
        } else {
            sr = node_hash(alg, &sr, c);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    // Step 7.
    if sn != 0 {
        return Err(wrong_length());
    }
    Ok((fr, sr))
}
