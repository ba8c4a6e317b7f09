//! Test helpers: a deterministic RNG, an in-memory log built with the ledger crate, temporary
//! state directories and witnesses served on 127.0.0.1:0 in the same process.
#![allow(dead_code)]
#![allow(clippy::disallowed_methods)] // the wall clock only makes directory names unique

use ed25519_dalek::rand_core::{Infallible, TryCryptoRng, TryRng};
use sanxiang_ledger::checkpoint::Checkpoint;
use sanxiang_ledger::cosignature::{self, CosignatureVerifier};
use sanxiang_ledger::hash::{Hash, HashAlg, leaf_hash};
use sanxiang_ledger::note::{self, Signer, Verifier};
use sanxiang_ledger::{proof, tree};
use sanxiang_witness::{LogConfig, WitnessConfig, serve};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

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
            let d = HashAlg::Sha256.digest_parts(&[&self.0.to_le_bytes(), &self.1.to_le_bytes()]);
            self.1 += 1;
            chunk.copy_from_slice(&d.0[..chunk.len()]);
        }
        Ok(())
    }
}

impl TryCryptoRng for TestRng {}

pub const ORIGIN: &str = "example.gov.cn/sanxiang/log";

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
        let (s, _) = note::generate_sm2(origin, &mut TestRng(seed, 0)).unwrap();
        SimLog {
            origin: origin.to_owned(),
            alg: HashAlg::Sm3,
            signer: s.parse().unwrap(),
            leaves: Vec::new(),
        }
    }

    pub fn verifier(&self) -> Verifier {
        self.signer.verifier()
    }

    pub fn config(&self) -> LogConfig {
        LogConfig {
            origin: self.origin.clone(),
            verifier_keys: vec![self.verifier().to_key_string()],
        }
    }

    pub fn grow(&mut self, n: usize, tag: &str) {
        for _ in 0..n {
            let i = self.leaves.len();
            self.leaves
                .push(leaf_hash(self.alg, format!("{tag}-{i}").as_bytes()));
        }
    }

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

    pub fn note(&self) -> String {
        self.checkpoint()
            .sign(std::slice::from_ref(&self.signer))
            .unwrap()
    }

    pub fn proof(&self, old: u64) -> Vec<Hash> {
        if old == 0 || old == self.size() {
            return Vec::new();
        }
        proof::consistency_proof(self.alg, &self.leaves, old, self.size()).unwrap()
    }
}

/// A fresh directory under the system temp dir (removed on drop).
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> Self {
        static N: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let p = std::env::temp_dir().join(format!(
            "sx-witness-test-{}-{nanos}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A witness key pair named `name`.
pub fn witness_key(name: &str, seed: u64) -> (String, CosignatureVerifier) {
    let (s, v) = cosignature::generate(name, &mut TestRng(seed, 3)).unwrap();
    (s, v.parse().unwrap())
}

/// A running witness.
pub struct Running {
    pub url: String,
    pub verifier: CosignatureVerifier,
    pub task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl Running {
    /// Stops the server (the state directory stays).
    pub async fn stop(self) {
        self.task.abort();
        let _ = self.task.await;
    }
}

/// Starts a witness on 127.0.0.1:0 serving `logs`, with state in `dir`.
pub async fn start_witness(name: &str, seed: u64, dir: &Path, logs: Vec<LogConfig>) -> Running {
    let (signer, verifier) = witness_key(name, seed);
    let config = WitnessConfig::new(signer, dir, logs);
    // Build once here so that configuration errors fail the test instead of the task.
    let _ = sanxiang_witness::router(&config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(serve(listener, config));
    Running {
        url,
        verifier,
        task,
    }
}

/// Raw POST of an add-checkpoint body: (status, content type, body).
pub async fn post_raw(url: &str, body: Vec<u8>) -> (u16, String, String) {
    let resp = reqwest::Client::new()
        .post(format!("{url}/add-checkpoint"))
        .body(body)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let ct = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, ct, resp.text().await.unwrap())
}
