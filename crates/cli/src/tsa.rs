//! LOG-4: the RFC 3161 client that stamps checkpoints. Requests an SM3 imprint with a random
//! nonce over HTTP (`application/timestamp-query`) and keeps a token only once it verified
//! against the configured trust anchors.

use std::time::Duration;

use anyhow::Context;
use sanxiang_app::ledger::{BoxFuture, Stamp, Timestamper};
use sanxiang_tsa::{DigestAlgorithm, TimeStampRequest, TrustAnchor};

pub struct HttpTsa {
    url: String,
    anchors: Vec<TrustAnchor>,
    pem: Vec<u8>,
    http: reqwest::Client,
    /// The time a token's certificates must be valid at.
    clock: std::sync::Arc<dyn sanxiang_app::Clock>,
}

impl HttpTsa {
    /// The TSA at `url`, trusted through the certificates in the PEM file `ca`.
    pub fn new(
        url: &str,
        ca: &std::path::Path,
        clock: std::sync::Arc<dyn sanxiang_app::Clock>,
    ) -> anyhow::Result<HttpTsa> {
        let pem = std::fs::read_to_string(ca)
            .with_context(|| format!("cannot read the TSA trust anchors {}", ca.display()))?;
        let anchors = TrustAnchor::from_pem(&pem)
            .map_err(|e| anyhow::anyhow!("invalid TSA trust anchor {}: {e}", ca.display()))?;
        if anchors.is_empty() {
            anyhow::bail!("no certificate in {}", ca.display());
        }
        Ok(HttpTsa {
            url: url.to_owned(),
            anchors,
            pem: pem.clone().into_bytes(),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()?,
            clock,
        })
    }

    async fn request(&self, data: &[u8]) -> Result<Stamp, String> {
        let digest = DigestAlgorithm::Sm3.digest(data);
        let mut nonce = [0u8; 8];
        getrandom::fill(&mut nonce).map_err(|e| format!("no randomness: {e}"))?;
        let req = TimeStampRequest::new(DigestAlgorithm::Sm3, &digest, u64::from_be_bytes(nonce))
            .map_err(|e| e.to_string())?;
        let body = req.to_der().map_err(|e| e.to_string())?;
        let resp = self
            .http
            .post(&self.url)
            .header("content-type", sanxiang_tsa::REQUEST_CONTENT_TYPE)
            .body(body)
            .send()
            .await
            .map_err(|e| format!("TSA {}: {e}", self.url))?;
        if !resp.status().is_success() {
            return Err(format!("TSA {} answered {}", self.url, resp.status()));
        }
        let der = resp.bytes().await.map_err(|e| e.to_string())?;
        let now = std::time::SystemTime::from(self.clock.now());
        let ts = sanxiang_tsa::verify_response(&der, &req, &self.anchors, now)
            .map_err(|e| format!("TSA {}: response rejected: {e}", self.url))?;
        Ok(Stamp {
            token: ts.token_der,
            gen_time: chrono::DateTime::<chrono::Utc>::from(ts.gen_time),
            tsa: ts.signer,
        })
    }
}

impl Timestamper for HttpTsa {
    fn stamp<'a>(&'a self, data: &'a [u8]) -> BoxFuture<'a, Result<Stamp, String>> {
        Box::pin(self.request(data))
    }

    fn trust_anchors_pem(&self) -> Vec<Vec<u8>> {
        vec![self.pem.clone()]
    }
}
