//! The per-case chain: every act of a case links to the one before it.
//!
//! ```text
//! head_0 = 32 zero bytes
//! head_i = H("sanxiang-case/v1" ‖ head_{i-1} ‖ encode(entry_i))
//! ```
//!
//! `H` is the log's hash algorithm ([`HashAlg`], SM3 by default); `"sanxiang-case/v1"` is the 16
//! ASCII bytes with no terminator; `encode` is [`Entry::encode`]. Entry `i` carries `seq = i` and
//! `prev_head = head_{i-1}`, so the numbering is continuous with no gaps (DA/T 70: 连续编号无漏号)
//! and deleting, reordering, duplicating or inserting an act, or changing any byte of one, is
//! reported at the first position where the chain no longer holds. Removing or altering the
//! *last* acts leaves a shorter or different but self-consistent chain: that is caught by
//! comparing the final head with the one recorded in the global log, not by the chain alone.

use crate::entry::Entry;
use crate::hash::{HASH_LEN, Hash, HashAlg};

/// Domain tag of a case-chain step.
pub const CASE_CHAIN_TAG: &[u8] = b"sanxiang-case/v1";

/// `head_0`: the head of a case with no acts, and the `prev_head` of its first act.
pub const GENESIS_HEAD: Hash = Hash([0u8; HASH_LEN]);

/// One chain step: `H("sanxiang-case/v1" ‖ prev ‖ encoded_entry)`.
pub fn next_head(alg: HashAlg, prev: &Hash, encoded_entry: &[u8]) -> Hash {
    alg.digest_parts(&[CASE_CHAIN_TAG, &prev.0, encoded_entry])
}

/// Why a sequence of entries is not a valid case chain. Each variant names the chain position
/// (the sequence number the offending entry should have had) where the chain first breaks.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    /// The entry belongs to another case.
    #[error("act {seq}: belongs to case {found:?}, not {expected:?}")]
    WrongCase {
        /// Position in the chain.
        seq: u64,
        /// The chain's case id.
        expected: String,
        /// The entry's case id.
        found: String,
    },
    /// Sequence numbers skip: act `expected` is missing (deleted or never recorded).
    #[error("act {expected} is missing: found act {found} in its place")]
    Gap {
        /// The sequence number due.
        expected: u64,
        /// The sequence number found.
        found: u64,
    },
    /// Act `expected` is present, but later than act `found`.
    #[error("acts out of order: act {found} comes before act {expected}")]
    Reordered {
        /// The sequence number due.
        expected: u64,
        /// The (later) sequence number found in its place.
        found: u64,
    },
    /// A sequence number that was already used (or 0, which is never used) appears where a
    /// later one is due.
    #[error("act {found} appears again where act {expected} is due")]
    Duplicate {
        /// The sequence number due.
        expected: u64,
        /// The repeated (earlier) sequence number.
        found: u64,
    },
    /// The entry's `prev_head` is not the head of the chain before it: an earlier act was
    /// altered, or this one was inserted or re-linked.
    #[error("act {seq}: previous head {found} does not match the chain's {expected}")]
    PrevHeadMismatch {
        /// Position in the chain.
        seq: u64,
        /// The head computed from the acts before.
        expected: Hash,
        /// The entry's `prev_head`.
        found: Hash,
    },
    /// The chain already holds act number `u64::MAX`.
    #[error("sequence numbers exhausted")]
    Exhausted,
}

impl ChainError {
    /// The chain position (sequence number due) at which the chain breaks.
    pub fn position(&self) -> Option<u64> {
        match self {
            ChainError::WrongCase { seq, .. } | ChainError::PrevHeadMismatch { seq, .. } => {
                Some(*seq)
            }
            ChainError::Gap { expected, .. }
            | ChainError::Reordered { expected, .. }
            | ChainError::Duplicate { expected, .. } => Some(*expected),
            ChainError::Exhausted => None,
        }
    }
}

/// The state of one case's chain: its case id, the last sequence number and the current head.
///
/// Used both by verifiers ([`CaseChain::verify`]) and by the appender ([`CaseChain::next_seq`],
/// [`CaseChain::next_prev_head`], [`CaseChain::push`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseChain {
    alg: HashAlg,
    case_id: String,
    last_seq: u64,
    head: Hash,
}

impl CaseChain {
    /// An empty chain for `case_id`: no acts, head [`GENESIS_HEAD`].
    pub fn new(alg: HashAlg, case_id: impl Into<String>) -> Self {
        Self::resume(alg, case_id, 0, GENESIS_HEAD)
    }

    /// A chain known (from trusted storage or an earlier verification) to hold `last_seq` acts
    /// ending in `head`.
    pub fn resume(alg: HashAlg, case_id: impl Into<String>, last_seq: u64, head: Hash) -> Self {
        CaseChain {
            alg,
            case_id: case_id.into(),
            last_seq,
            head,
        }
    }

    /// The hash algorithm.
    pub fn alg(&self) -> HashAlg {
        self.alg
    }

    /// The case id.
    pub fn case_id(&self) -> &str {
        &self.case_id
    }

    /// Sequence number of the last act (0 when empty).
    pub fn last_seq(&self) -> u64 {
        self.last_seq
    }

    /// The current head.
    pub fn head(&self) -> Hash {
        self.head
    }

    /// The sequence number the next act must carry.
    pub fn next_seq(&self) -> Result<u64, ChainError> {
        self.last_seq.checked_add(1).ok_or(ChainError::Exhausted)
    }

    /// The `prev_head` the next act must carry (the current head).
    pub fn next_prev_head(&self) -> Hash {
        self.head
    }

    /// Checks that `entry` is the next act of this chain and, if so, appends it and returns
    /// the new head. On error the chain is unchanged. Without look-ahead a later act in place
    /// of the due one is reported as [`ChainError::Gap`].
    pub fn push(&mut self, entry: &Entry) -> Result<Hash, ChainError> {
        let expected = self.next_seq()?;
        if entry.case_id != self.case_id {
            return Err(ChainError::WrongCase {
                seq: expected,
                expected: self.case_id.clone(),
                found: entry.case_id.clone(),
            });
        }
        if entry.seq > expected {
            return Err(ChainError::Gap {
                expected,
                found: entry.seq,
            });
        }
        if entry.seq < expected {
            return Err(ChainError::Duplicate {
                expected,
                found: entry.seq,
            });
        }
        if entry.prev_head != self.head {
            return Err(ChainError::PrevHeadMismatch {
                seq: expected,
                expected: self.head,
                found: entry.prev_head,
            });
        }
        self.head = next_head(self.alg, &self.head, &entry.encode());
        self.last_seq = expected;
        Ok(self.head)
    }

    /// Verifies that `entries` continue this chain, in order, and returns the final head.
    /// The error names the first position where the chain breaks; a missing act whose entry
    /// appears later in `entries` is reported as [`ChainError::Reordered`].
    pub fn verify(&self, entries: &[Entry]) -> Result<Hash, ChainError> {
        let mut chain = self.clone();
        for (i, entry) in entries.iter().enumerate() {
            match chain.push(entry) {
                Ok(_) => {}
                Err(ChainError::Gap { expected, found })
                    if entries[i + 1..]
                        .iter()
                        .any(|e| e.seq == expected && e.case_id == chain.case_id) =>
                {
                    return Err(ChainError::Reordered { expected, found });
                }
                Err(e) => return Err(e),
            }
        }
        Ok(chain.head)
    }
}
