//! `sanxiang bench ingest`: evidence ingest over HTTP against a running server (CASE-4 figure):
//! (a) the in-memory rate of the same work (SM3 chunk tree + SHA-256 + SM3 on all cores) over the
//! same bytes, then (b) create an upload, PUT 16 MiB parts (two in flight, in order) and complete,
//! timed from the first byte to the evidence row. The server's memory is read by the caller
//! (`scripts/bench-ingest`, from /proc).

use std::time::Instant;

use anyhow::{Context, bail};
use sanxiang_evidence::chunk::Digester;
use serde_json::{Value, json};

/// Part size on the wire: 4 chunks (the API takes up to 64 MiB per request; the server holds
/// each part in flight in memory, so smaller parts keep it small).
const PART: u64 = 16 << 20;

/// Deterministic data, part by part (never the whole file in memory): one pseudo-random buffer
/// with the part's index stamped into its first bytes.
struct Parts {
    buf: Vec<u8>,
    size: u64,
}

impl Parts {
    fn new(size: u64) -> Parts {
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut buf = vec![0u8; PART as usize];
        for word in buf.chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let bytes = state.to_le_bytes();
            word.copy_from_slice(&bytes[..word.len()]);
        }
        Parts { buf, size }
    }

    fn count(&self) -> u64 {
        self.size.div_ceil(PART)
    }

    fn part(&mut self, i: u64) -> &[u8] {
        self.buf[..8].copy_from_slice(&i.to_le_bytes());
        let len = (self.size - i * PART).min(PART) as usize;
        &self.buf[..len]
    }
}

pub struct IngestArgs {
    pub base: String,
    pub username: String,
    pub password: String,
    pub case_id: i64,
    pub mib: u64,
}

pub async fn run(a: IngestArgs) -> anyhow::Result<()> {
    let size = a.mib << 20;
    let mut parts = Parts::new(size);

    // (a) the same digests in memory.
    let started = Instant::now();
    let mut d = Digester::new();
    for i in 0..parts.count() {
        d.update(parts.part(i));
    }
    let (digests, _) = d.finish();
    let in_memory = started.elapsed().as_secs_f64();

    // (b) over HTTP.
    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let r = client
        .post(format!("{}/api/v1/session", a.base))
        .json(&json!({"username": a.username, "password": a.password}))
        .send()
        .await?;
    if !r.status().is_success() {
        bail!("sign-in failed: {}", r.status());
    }
    let started = Instant::now();
    let created: Value = client
        .post(format!(
            "{}/api/v1/cases/{}/evidence/uploads",
            a.base, a.case_id
        ))
        .json(&json!({
            "size": size,
            "sm3": digests.sm3.to_hex(),
            "sha256": digests.sha256.to_hex(),
            "metadata": {"content_type": "video/mp4", "file_name": "bench.mp4"}
        }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let id = created["id"].as_str().context("upload id")?.to_owned();
    let url = format!("{}/api/v1/evidence/uploads/{id}", a.base);
    // Two parts in flight: the server hashes one while the next arrives.
    let mut pending: Option<tokio::task::JoinHandle<anyhow::Result<()>>> = None;
    for i in 0..parts.count() {
        let body = parts.part(i).to_vec();
        let req = client
            .put(format!("{url}?offset={}", i * PART))
            .header("content-type", "application/octet-stream")
            .body(body);
        let task = tokio::spawn(async move {
            req.send().await?.error_for_status()?;
            Ok(())
        });
        if let Some(p) = pending.replace(task) {
            p.await??;
        }
    }
    if let Some(p) = pending {
        p.await??;
    }
    let parts_done = started.elapsed().as_secs_f64();
    let done: Value = client
        .post(format!("{url}/complete"))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let over_http = started.elapsed().as_secs_f64();
    if done["sm3"].as_str() != Some(digests.sm3.to_hex().as_str()) {
        bail!("the server's SM3 differs: {done}");
    }
    let mib = size as f64 / (1024.0 * 1024.0);
    println!("bytes              {size} ({} MiB)", a.mib);
    println!(
        "(a) in memory      {in_memory:.2} s  {:.1} MiB/s",
        mib / in_memory
    );
    println!(
        "(b) over HTTP      {over_http:.2} s  {:.1} MiB/s",
        mib / over_http
    );
    println!(
        "    of which        parts {parts_done:.2} s, complete {:.2} s",
        over_http - parts_done
    );
    println!("(b)/(a)            {:.1} %", 100.0 * in_memory / over_http);
    println!("sm3 {}", digests.sm3.to_hex());
    Ok(())
}
