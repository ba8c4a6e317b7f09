//! The RFC 6962 Merkle Tree Hash and an incremental (compact range) tree.
//!
//! [`root`] computes `MTH(D[n])` over leaf hashes with the RFC's split rule (k = the largest
//! power of two smaller than n). [`CompactRange`] is what a sequencer keeps in memory: the roots
//! of the perfect subtrees that make up the tree, one per set bit of the size, so appending a leaf
//! and computing the root both take O(log n) time and memory.

use crate::hash::{Hash, HashAlg, empty_root, node_hash};

/// Largest power of two strictly smaller than `n` (RFC 6962 split point). Requires `n >= 2`;
/// returns 0 for smaller `n`.
pub fn split_point(n: u64) -> u64 {
    if n < 2 {
        return 0;
    }
    1u64 << (63 - (n - 1).leading_zeros())
}

/// RFC 6962 Merkle Tree Hash over already-hashed leaves.
///
/// `root(alg, &[])` is `H("")`; a single leaf is its own root.
pub fn root(alg: HashAlg, leaves: &[Hash]) -> Hash {
    match leaves {
        [] => empty_root(alg),
        _ => subtree_root(alg, leaves),
    }
}

/// MTH of a non-empty slice.
pub(crate) fn subtree_root(alg: HashAlg, leaves: &[Hash]) -> Hash {
    match leaves {
        [] => empty_root(alg),
        [one] => *one,
        _ => {
            // usize -> u64 never truncates on supported targets; the split is < len.
            let k = split_point(leaves.len() as u64) as usize;
            let (left, right) = leaves.split_at(k);
            node_hash(alg, &subtree_root(alg, left), &subtree_root(alg, right))
        }
    }
}

/// All hashes of perfect (complete) subtrees of the tree over `leaves`, by level.
///
/// `levels[0]` is the leaves; `levels[l][i]` is the root of leaves `[i·2^l, (i+1)·2^l)`, present
/// only when that range lies wholly inside the tree. This is what hash tiles store; it is
/// meant for tests and tooling, not for the sequencer's hot path.
pub fn node_levels(alg: HashAlg, leaves: &[Hash]) -> Vec<Vec<Hash>> {
    let mut levels = vec![leaves.to_vec()];
    loop {
        let next: Vec<Hash> = match levels.last() {
            Some(prev) if prev.len() >= 2 => prev
                .chunks_exact(2)
                .map(|pair| node_hash(alg, &pair[0], &pair[1]))
                .collect(),
            _ => break,
        };
        levels.push(next);
    }
    levels
}

/// Why a [`CompactRange`] could not be restored or extended.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    /// Restoring needs exactly one subtree root per set bit of the size.
    #[error("tree of size {size} needs {expected} subtree roots, got {actual}")]
    WrongSubtreeCount {
        /// The claimed tree size.
        size: u64,
        /// `size.count_ones()`.
        expected: usize,
        /// Number of roots supplied.
        actual: usize,
    },
    /// The tree already holds `u64::MAX` leaves.
    #[error("tree is full at size {0}")]
    Full(u64),
}

/// Maximum number of subtree roots a compact range can hold (one per bit of a `u64` size).
const MAX_SUBTREES: usize = 64;

/// An append-only Merkle tree kept as its compact range: the roots of the perfect subtrees
/// covering `[0, size)`, largest (leftmost) first.
///
/// Appends never allocate: the stack's capacity is reserved up front.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompactRange {
    alg: HashAlg,
    size: u64,
    subtrees: Vec<Hash>,
}

impl CompactRange {
    /// An empty tree.
    pub fn new(alg: HashAlg) -> Self {
        CompactRange {
            alg,
            size: 0,
            subtrees: Vec::with_capacity(MAX_SUBTREES),
        }
    }

    /// Restores a tree from its size and the roots of its perfect subtrees, largest first
    /// (as returned by [`CompactRange::subtree_roots`]).
    pub fn from_subtree_roots(alg: HashAlg, size: u64, roots: &[Hash]) -> Result<Self, TreeError> {
        let expected = size.count_ones() as usize;
        if roots.len() != expected {
            return Err(TreeError::WrongSubtreeCount {
                size,
                expected,
                actual: roots.len(),
            });
        }
        let mut subtrees = Vec::with_capacity(MAX_SUBTREES);
        subtrees.extend_from_slice(roots);
        Ok(CompactRange {
            alg,
            size,
            subtrees,
        })
    }

    /// The hash algorithm.
    pub fn alg(&self) -> HashAlg {
        self.alg
    }

    /// Number of leaves appended so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Roots of the perfect subtrees covering the tree, largest first.
    pub fn subtree_roots(&self) -> &[Hash] {
        &self.subtrees
    }

    /// Appends one leaf hash (already `leaf_hash`ed). Returns the index the leaf received.
    pub fn append(&mut self, leaf: Hash) -> Result<u64, TreeError> {
        let index = self.size;
        let new_size = index.checked_add(1).ok_or(TreeError::Full(index))?;
        let mut hash = leaf;
        let mut bits = index;
        // Each trailing one bit of the old size is a perfect subtree that now merges.
        while bits & 1 == 1 {
            match self.subtrees.pop() {
                Some(left) => hash = node_hash(self.alg, &left, &hash),
                None => break,
            }
            bits >>= 1;
        }
        self.subtrees.push(hash);
        self.size = new_size;
        Ok(index)
    }

    /// The RFC 6962 root of the current tree (`H("")` when empty).
    pub fn root(&self) -> Hash {
        let mut iter = self.subtrees.iter().rev();
        let Some(first) = iter.next() else {
            return empty_root(self.alg);
        };
        iter.fold(*first, |acc, left| node_hash(self.alg, left, &acc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::leaf_hash;

    #[test]
    fn split_points() {
        let cases = [
            (0, 0),
            (1, 0),
            (2, 1),
            (3, 2),
            (4, 2),
            (5, 4),
            (8, 4),
            (9, 8),
        ];
        for (n, k) in cases {
            assert_eq!(split_point(n), k, "n = {n}");
        }
        assert_eq!(split_point(u64::MAX), 1 << 63);
    }

    #[test]
    fn appends_never_reallocate() {
        let alg = HashAlg::Sha256;
        let mut t = CompactRange::new(alg);
        let ptr = t.subtrees.as_ptr();
        for i in 0u32..5000 {
            assert_eq!(t.append(leaf_hash(alg, &i.to_be_bytes())), Ok(u64::from(i)));
        }
        assert_eq!(t.subtrees.as_ptr(), ptr);
        assert_eq!(t.subtrees.capacity(), MAX_SUBTREES);
        let full = CompactRange::from_subtree_roots(alg, u64::MAX, &[Hash::default(); 64]);
        assert_eq!(
            full.and_then(|mut f| f.append(Hash::default())),
            Err(TreeError::Full(u64::MAX))
        );
    }

    #[test]
    fn restore_checks_count() {
        let alg = HashAlg::Sm3;
        let mut t = CompactRange::new(alg);
        for i in 0u8..7 {
            assert!(t.append(leaf_hash(alg, &[i])).is_ok());
        }
        let r = CompactRange::from_subtree_roots(alg, 7, t.subtree_roots());
        assert_eq!(r.as_ref().map(CompactRange::root), Ok(t.root()));
        assert_eq!(
            CompactRange::from_subtree_roots(alg, 8, t.subtree_roots()),
            Err(TreeError::WrongSubtreeCount {
                size: 8,
                expected: 1,
                actual: 3
            })
        );
    }
}
