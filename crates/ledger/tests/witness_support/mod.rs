//! Shared test helpers for the witness tests: a deterministic RNG and an in-memory log.
#![allow(dead_code)]

use ed25519_dalek::rand_core::{Infallible, TryCryptoRng, TryRng};
use sanxiang_ledger::checkpoint::Checkpoint;
use sanxiang_ledger::hash::{Hash, HashAlg, leaf_hash};
use sanxiang_ledger::note::{self, Signer, Verifier};
use sanxiang_ledger::{proof, tree};
use sha2::{Digest as _, Sha256};

/// Deterministic test RNG: SHA-256 in counter mode. Not for production keys.
pub struct TestRng(pub u64, pub u64);

impl TryRng for TestRng {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(self.try_next_u64()? as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(32) {
            let d = Sha256::new()
                .chain_update(self.0.to_le_bytes())
                .chain_update(self.1.to_le_bytes())
                .finalize();
            self.1 += 1;
            chunk.copy_from_slice(&d[..chunk.len()]);
        }
        Ok(())
    }
}

impl TryCryptoRng for TestRng {}

pub const ORIGIN: &str = "example.gov.cn/sanxiang/log";

pub fn sm2_pair(name: &str, seed: u64) -> (Signer, Verifier) {
    let (s, v) = note::generate_sm2(name, &mut TestRng(seed, 0)).unwrap();
    (s.parse().unwrap(), v.parse().unwrap())
}

/// A log kept in memory: leaf hashes and an SM2 signing key.
#[derive(Clone)]
pub struct SimLog {
    pub origin: String,
    pub alg: HashAlg,
    pub signer: Signer,
    pub leaves: Vec<Hash>,
}

impl SimLog {
    pub fn new(origin: &str, seed: u64) -> Self {
        SimLog {
            origin: origin.to_owned(),
            alg: HashAlg::Sm3,
            signer: sm2_pair(origin, seed).0,
            leaves: Vec::new(),
        }
    }

    pub fn verifier(&self) -> Verifier {
        self.signer.verifier()
    }

    /// Appends `n` leaves whose contents depend on `tag` (different tags → a different history).
    pub fn grow(&mut self, n: usize, tag: &str) {
        for _ in 0..n {
            let i = self.leaves.len();
            self.leaves
                .push(leaf_hash(self.alg, format!("{tag}-{i}").as_bytes()));
        }
    }

    /// Drops leaves beyond `size` (a database restored from an old backup).
    pub fn roll_back(&mut self, size: usize) {
        self.leaves.truncate(size);
    }

    pub fn size(&self) -> u64 {
        self.leaves.len() as u64
    }

    pub fn checkpoint(&self) -> Checkpoint {
        let root = tree::root(self.alg, &self.leaves);
        Checkpoint::new(self.origin.clone(), self.size(), root.0, self.alg)
    }

    /// The current checkpoint, signed by the log.
    pub fn note(&self) -> String {
        self.checkpoint()
            .sign(std::slice::from_ref(&self.signer))
            .unwrap()
    }

    /// Consistency proof from `old` to the current size (empty for 0 or the current size).
    pub fn proof(&self, old: u64) -> Vec<Hash> {
        if old == 0 || old == self.size() {
            return Vec::new();
        }
        proof::consistency_proof(self.alg, &self.leaves, old, self.size()).unwrap()
    }
}
