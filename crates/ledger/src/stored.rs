//! Proofs served from a store of node hashes (RFC 9162 §2.1.3.1 `PATH` and §2.1.4.1 `PROOF`).
//!
//! A database-backed log cannot hand [`crate::proof`] a slice of every leaf. Instead it keeps
//! the root of every *complete* subtree, addressed by [`NodeId`], and answers proofs through a
//! [`NodeReader`]: each Merkle Tree Hash a proof needs is computed by [`subtree_hash`] from
//! O(log n) stored nodes, so a proof costs O(log² n) lookups and no leaf scan.
//!
//! Readers are synchronous. A database adapter first asks [`inclusion_nodes`] or
//! [`consistency_nodes`] which ids a proof will read, fetches them in one query into a
//! `HashMap<NodeId, Hash>` (which implements [`NodeReader`]), and then generates the proof.
//! The sequencer learns what to store after each append from [`nodes_added_by_append`] and
//! [`hashes_added_by_append`].

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::BuildHasher;

use crate::hash::{Hash, HashAlg, node_hash};
use crate::proof::ProofError;
use crate::tree::split_point;

/// The root of the complete subtree covering leaves `[index·2^level, (index+1)·2^level)`.
///
/// Level 0 is the leaves themselves (`index` is the leaf index). The store only ever holds
/// complete subtrees, so a node exists once its last leaf has been appended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId {
    /// Height above the leaves: the subtree spans `2^level` leaves.
    pub level: u8,
    /// Position among the nodes of this level, counted from the left.
    pub index: u64,
}

impl NodeId {
    /// The node `index` at `level`.
    pub fn new(level: u8, index: u64) -> Self {
        NodeId { level, index }
    }

    /// The leaf hash of leaf `index` (level 0).
    pub fn leaf(index: u64) -> Self {
        NodeId { level: 0, index }
    }

    /// The leaves `[start, end)` this node covers, or `None` when that range does not fit in a
    /// `u64` (no such node can exist in a log).
    pub fn leaf_range(self) -> Option<(u64, u64)> {
        let width = 1u64.checked_shl(u32::from(self.level))?;
        let start = self.index.checked_mul(width)?;
        let end = start.checked_add(width)?;
        Some((start, end))
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "level {} index {}", self.level, self.index)
    }
}

/// Why a proof or subtree hash could not be computed from stored nodes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoredError {
    /// The reader does not hold a node the computation needs.
    #[error("stored node {0} is missing")]
    MissingNode(NodeId),
    /// The reader failed for another reason (for example, a database error).
    #[error("node store failed: {0}")]
    Backend(String),
    /// A subtree hash was asked for an empty or reversed range of leaves.
    #[error("leaf range [{start}, {end}) is empty")]
    EmptyRange {
        /// First leaf of the range.
        start: u64,
        /// One past the last leaf of the range.
        end: u64,
    },
    /// The arguments are invalid for a proof (index out of range, old > new, old == 0).
    #[error(transparent)]
    Proof(#[from] ProofError),
}

/// A source of stored complete-subtree hashes.
pub trait NodeReader {
    /// The hash of node `id`; [`StoredError::MissingNode`] with `id` when it is not stored.
    fn node(&mut self, id: NodeId) -> Result<Hash, StoredError>;
}

impl<R: NodeReader + ?Sized> NodeReader for &mut R {
    fn node(&mut self, id: NodeId) -> Result<Hash, StoredError> {
        (**self).node(id)
    }
}

impl<S: BuildHasher> NodeReader for HashMap<NodeId, Hash, S> {
    fn node(&mut self, id: NodeId) -> Result<Hash, StoredError> {
        self.get(&id).copied().ok_or(StoredError::MissingNode(id))
    }
}

impl NodeReader for BTreeMap<NodeId, Hash> {
    fn node(&mut self, id: NodeId) -> Result<Hash, StoredError> {
        self.get(&id).copied().ok_or(StoredError::MissingNode(id))
    }
}

/// The node that is exactly `[start, end)`, when the range is an aligned power of two.
fn aligned_node(start: u64, end: u64) -> Option<NodeId> {
    let len = end.checked_sub(start)?;
    if !len.is_power_of_two() || !start.is_multiple_of(len) {
        return None;
    }
    // A power of two in a u64 has at most 63 trailing zeros, so the level fits in a u8.
    let level = u8::try_from(len.trailing_zeros()).ok()?;
    Some(NodeId::new(level, start >> level))
}

/// RFC 9162 Merkle Tree Hash of leaves `[start, end)` computed from stored nodes.
///
/// An aligned power-of-two range is a single lookup; any other range is split at the largest
/// power of two smaller than its length and the halves are hashed recursively (left first),
/// exactly as `MTH` prescribes. Every node read is a complete subtree inside `[start, end)`.
/// The nodes read, in order, are [`subtree_nodes`]`(start, end)`.
pub fn subtree_hash<R: NodeReader + ?Sized>(
    alg: HashAlg,
    reader: &mut R,
    start: u64,
    end: u64,
) -> Result<Hash, StoredError> {
    if start >= end {
        return Err(StoredError::EmptyRange { start, end });
    }
    mth(alg, reader, start, end)
}

/// `MTH` of the non-empty range `[start, end)`.
fn mth<R: NodeReader + ?Sized>(
    alg: HashAlg,
    reader: &mut R,
    start: u64,
    end: u64,
) -> Result<Hash, StoredError> {
    // Unreachable from the public functions, but an empty range must not recurse forever.
    if start >= end {
        return Err(StoredError::EmptyRange { start, end });
    }
    if let Some(id) = aligned_node(start, end) {
        return reader.node(id);
    }
    let mid = start + split_point(end - start);
    let left = mth(alg, reader, start, mid)?;
    let right = mth(alg, reader, mid, end)?;
    Ok(node_hash(alg, &left, &right))
}

/// The stored nodes [`subtree_hash`] reads for `[start, end)`, in the order it reads them
/// (empty for an empty range).
pub fn subtree_nodes(start: u64, end: u64) -> Vec<NodeId> {
    let mut out = Vec::new();
    if start < end {
        push_nodes(start, end, &mut out);
    }
    out
}

fn push_nodes(start: u64, end: u64, out: &mut Vec<NodeId>) {
    if start >= end {
        return;
    }
    if let Some(id) = aligned_node(start, end) {
        out.push(id);
        return;
    }
    let mid = start + split_point(end - start);
    push_nodes(start, mid, out);
    push_nodes(mid, end, out);
}

/// The leaf ranges whose MTHs form `PATH(index, D[start:end])`, bottom-up.
/// Requires `start + index < end`.
fn path_ranges(index: u64, start: u64, end: u64, out: &mut Vec<(u64, u64)>) {
    let n = end - start;
    if n <= 1 {
        return;
    }
    let mid = start + split_point(n);
    if start + index < mid {
        path_ranges(index, start, mid, out);
        out.push((mid, end));
    } else {
        path_ranges(index - (mid - start), mid, end, out);
        out.push((start, mid));
    }
}

/// The leaf ranges whose MTHs form `SUBPROOF(m, D[start:end], complete)`.
/// Requires `0 < m <= end - start`.
fn subproof_ranges(m: u64, start: u64, end: u64, complete: bool, out: &mut Vec<(u64, u64)>) {
    let n = end - start;
    if m == n {
        if !complete {
            out.push((start, end));
        }
        return;
    }
    let k = split_point(n);
    let mid = start + k;
    if m <= k {
        subproof_ranges(m, start, mid, complete, out);
        out.push((mid, end));
    } else {
        subproof_ranges(m - k, mid, end, false, out);
        out.push((start, mid));
    }
}

/// Checks the inclusion arguments and returns the proof's ranges.
fn inclusion_ranges(index: u64, size: u64) -> Result<Vec<(u64, u64)>, ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let mut ranges = Vec::new();
    path_ranges(index, 0, size, &mut ranges);
    Ok(ranges)
}

/// Checks the consistency arguments and returns the proof's ranges.
fn consistency_ranges(old: u64, new: u64) -> Result<Vec<(u64, u64)>, ProofError> {
    if old > new {
        return Err(ProofError::OldSizeExceedsNew { old, new });
    }
    if old == 0 {
        return Err(ProofError::EmptyOldTree);
    }
    let mut ranges = Vec::new();
    subproof_ranges(old, 0, new, true, &mut ranges);
    Ok(ranges)
}

fn hash_ranges<R: NodeReader + ?Sized>(
    alg: HashAlg,
    reader: &mut R,
    ranges: &[(u64, u64)],
) -> Result<Vec<Hash>, StoredError> {
    ranges
        .iter()
        .map(|&(start, end)| mth(alg, reader, start, end))
        .collect()
}

fn nodes_of_ranges(ranges: &[(u64, u64)]) -> Vec<NodeId> {
    let mut out = Vec::new();
    for &(start, end) in ranges {
        push_nodes(start, end, &mut out);
    }
    out
}

/// Inclusion proof (RFC 9162 §2.1.3.1 `PATH`) for leaf `index` in the tree of `size` leaves,
/// from stored nodes. Hashes are ordered from the leaf upwards; the result equals
/// [`crate::proof::inclusion_proof`] over the leaves.
///
/// Errors: [`ProofError::IndexOutOfRange`] (wrapped) when `index >= size`;
/// [`StoredError::MissingNode`] when the reader lacks a node of [`inclusion_nodes`].
pub fn inclusion_proof<R: NodeReader + ?Sized>(
    alg: HashAlg,
    reader: &mut R,
    index: u64,
    size: u64,
) -> Result<Vec<Hash>, StoredError> {
    let ranges = inclusion_ranges(index, size)?;
    hash_ranges(alg, reader, &ranges)
}

/// Consistency proof (RFC 9162 §2.1.4.1 `PROOF`) that the tree of size `old` is a prefix of
/// the tree of size `new`, from stored nodes. Empty when `old == new`; the result equals
/// [`crate::proof::consistency_proof`] over the leaves.
///
/// Errors (wrapped [`ProofError`]s): `OldSizeExceedsNew` when `old > new`, `EmptyOldTree` when
/// `old == 0`; [`StoredError::MissingNode`] when the reader lacks a node of
/// [`consistency_nodes`].
pub fn consistency_proof<R: NodeReader + ?Sized>(
    alg: HashAlg,
    reader: &mut R,
    old: u64,
    new: u64,
) -> Result<Vec<Hash>, StoredError> {
    let ranges = consistency_ranges(old, new)?;
    hash_ranges(alg, reader, &ranges)
}

/// Exactly the stored nodes [`inclusion_proof`]`(_, _, index, size)` reads, in read order
/// (each once). Empty when the arguments are invalid (`index >= size`).
pub fn inclusion_nodes(index: u64, size: u64) -> Vec<NodeId> {
    inclusion_ranges(index, size)
        .map(|ranges| nodes_of_ranges(&ranges))
        .unwrap_or_default()
}

/// Exactly the stored nodes [`consistency_proof`]`(_, _, old, new)` reads, in read order
/// (each once). Empty when the arguments are invalid or `old == new`.
pub fn consistency_nodes(old: u64, new: u64) -> Vec<NodeId> {
    consistency_ranges(old, new)
        .map(|ranges| nodes_of_ranges(&ranges))
        .unwrap_or_default()
}

/// Highest level completed by appending leaf `index`: one per trailing one bit of `index`,
/// capped at 63 (a 2^64-leaf subtree cannot exist).
fn top_level(index: u64) -> u8 {
    // trailing_ones() <= 64, so the cast is lossless.
    index.trailing_ones().min(63) as u8
}

/// The complete-subtree nodes that come into existence when leaf `index` is appended (the
/// tree grows from `index` to `index + 1` leaves): the leaf itself at level 0, then each
/// parent it completes, bottom-up. These are what the sequencer must store.
pub fn nodes_added_by_append(index: u64) -> impl Iterator<Item = NodeId> {
    (0..=top_level(index)).map(move |level| NodeId::new(level, index >> level))
}

/// The stored nodes [`hashes_added_by_append`] reads for leaf `index`: the left siblings of
/// the nodes it completes, bottom-up.
pub fn append_sibling_nodes(index: u64) -> Vec<NodeId> {
    (0..top_level(index))
        .map(|level| NodeId::new(level, (index >> level) ^ 1))
        .collect()
}

/// The ids and hashes of [`nodes_added_by_append`]`(index)`, given the leaf hash of leaf
/// `index` and a reader holding the earlier nodes (it reads the left siblings listed by
/// [`append_sibling_nodes`]).
pub fn hashes_added_by_append<R: NodeReader + ?Sized>(
    alg: HashAlg,
    reader: &mut R,
    index: u64,
    leaf: Hash,
) -> Result<Vec<(NodeId, Hash)>, StoredError> {
    let mut hash = leaf;
    let mut out = Vec::with_capacity(usize::from(top_level(index)) + 1);
    out.push((NodeId::leaf(index), leaf));
    for (sibling, id) in append_sibling_nodes(index)
        .into_iter()
        .zip(nodes_added_by_append(index).skip(1))
    {
        let left = reader.node(sibling)?;
        hash = node_hash(alg, &left, &hash);
        out.push((id, hash));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_nodes_are_found() {
        assert_eq!(aligned_node(4, 8), Some(NodeId::new(2, 1)));
        assert_eq!(aligned_node(2, 6), None);
        assert_eq!(aligned_node(0, 3), None);
        assert_eq!(aligned_node(5, 6), Some(NodeId::leaf(5)));
        assert_eq!(aligned_node(0, 1 << 63), Some(NodeId::new(63, 0)));
    }

    #[test]
    fn append_lists_completed_parents() {
        let ids: Vec<NodeId> = nodes_added_by_append(11).collect();
        assert_eq!(
            ids,
            [NodeId::leaf(11), NodeId::new(1, 5), NodeId::new(2, 2)]
        );
        assert_eq!(
            append_sibling_nodes(11),
            [NodeId::leaf(10), NodeId::new(1, 4)]
        );
        assert_eq!(nodes_added_by_append(u64::MAX).count(), 64);
        assert_eq!(NodeId::new(63, 1).leaf_range(), None);
        assert_eq!(NodeId::new(2, 3).leaf_range(), Some((12, 16)));
    }
}
