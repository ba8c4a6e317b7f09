//! The log side of tlog-witness: ask one witness for a cosignature ([`request_cosignature`]),
//! or all configured witnesses in parallel until a quorum cosigned ([`collect_cosignatures`]).

use sanxiang_ledger::checkpoint::Checkpoint;
use sanxiang_ledger::cosignature::{CosignatureError, CosignatureVerifier};
use sanxiang_ledger::hash::Hash;
use sanxiang_ledger::note::{self, NoteSignature};
use sanxiang_ledger::witness::AddCheckpointRequest;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// Largest witness response read (a handful of signature lines is a few hundred bytes).
const MAX_RESPONSE_BYTES: usize = 64 * 1024;

/// Why one witness did not cosign.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// 409 with `text/x.tlog.size`: the witness's recorded size differs from the old size sent.
    #[error("the witness last cosigned tree size {0}")]
    Conflict(u64),
    /// Any other non-200 answer (403, 404, 409 for a fork, 422, ...).
    #[error("witness answered HTTP {status}: {body}")]
    Status { status: u16, body: String },
    #[error("HTTP request failed: {0}")]
    Http(String),
    #[error("malformed witness response: {0}")]
    Malformed(String),
    #[error("the log could not produce a consistency proof from size {old}: {reason}")]
    Proof { old: u64, reason: String },
    #[error("the checkpoint to be cosigned is malformed: {0}")]
    BadCheckpoint(String),
    #[error("no response within {0:?}")]
    Timeout(Duration),
    #[error("the response holds no cosignature by the witness key")]
    NoCosignature,
    #[error("invalid cosignature: {0}")]
    BadCosignature(CosignatureError),
}

fn add_checkpoint_url(prefix: &str) -> String {
    format!("{}/add-checkpoint", prefix.trim_end_matches('/'))
}

/// Reads at most [`MAX_RESPONSE_BYTES`] of a response body.
async fn read_body(mut resp: reqwest::Response) -> Result<Vec<u8>, ClientError> {
    let mut out = Vec::new();
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| ClientError::Http(e.to_string()))?
    {
        if out.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(ClientError::Malformed(format!(
                "response larger than {MAX_RESPONSE_BYTES} bytes"
            )));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// Sends one `add-checkpoint` request to the witness whose submission prefix is `witness_url`
/// and returns the signature lines of the 200 answer (each `— name base64\n`), unverified.
pub async fn request_cosignature(
    http: &reqwest::Client,
    witness_url: &str,
    old_size: u64,
    proof: &[Hash],
    note: &[u8],
) -> Result<Vec<String>, ClientError> {
    let body = AddCheckpointRequest {
        old_size,
        proof: proof.to_vec(),
        checkpoint: note.to_vec(),
    }
    .encode();
    let resp = http
        .post(add_checkpoint_url(witness_url))
        .body(body)
        .send()
        .await
        .map_err(|e| ClientError::Http(e.to_string()))?;
    let status = resp.status().as_u16();
    let is_size = resp
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().starts_with("text/x.tlog.size"));
    let body = read_body(resp).await?;
    let text = String::from_utf8_lossy(&body);
    match status {
        200 => parse_signature_lines(&text),
        409 if is_size => text
            .strip_suffix('\n')
            .and_then(parse_decimal)
            .map(ClientError::Conflict)
            .ok_or_else(|| ClientError::Malformed(format!("409 size body {text:?}")))
            .and_then(Err),
        _ => Err(ClientError::Status {
            status,
            body: text.trim_end().chars().take(500).collect(),
        }),
    }
}

fn parse_decimal(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return None;
    }
    s.parse().ok()
}

fn parse_signature_lines(text: &str) -> Result<Vec<String>, ClientError> {
    let Some(body) = text.strip_suffix('\n') else {
        return Err(ClientError::Malformed(
            "response does not end in a newline".into(),
        ));
    };
    let lines: Vec<String> = body.split('\n').map(|l| format!("{l}\n")).collect();
    for (i, l) in lines.iter().enumerate() {
        if !l.starts_with("\u{2014} ") {
            return Err(ClientError::Malformed(format!(
                "line {} is not a signature line",
                i + 1
            )));
        }
    }
    Ok(lines)
}

/// Parses one signature line (with its newline) into a note signature.
fn parse_line(line: &str) -> Result<NoteSignature, ClientError> {
    let probe = format!("x\n\n{line}");
    let parsed =
        note::parse(probe.as_bytes()).map_err(|e| ClientError::Malformed(e.to_string()))?;
    parsed
        .signatures
        .into_iter()
        .next()
        .ok_or_else(|| ClientError::Malformed("empty signature line".into()))
}

/// A witness as the log knows it.
#[derive(Debug, Clone)]
pub struct WitnessEndpoint {
    /// Submission prefix; requests go to `<url>/add-checkpoint`.
    pub url: String,
    /// The witness's cosigner key.
    pub verifier: CosignatureVerifier,
    /// The size the log believes this witness last cosigned (0 if unknown). A wrong value only
    /// costs one extra round trip.
    pub old_size: u64,
}

/// One witness that did not cosign, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WitnessFailure {
    /// The witness URL.
    pub url: String,
    /// What went wrong.
    pub error: ClientError,
}

/// The outcome of a successful collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collected {
    /// The checkpoint note with the valid cosignatures appended.
    pub note: String,
    /// URLs of the witnesses that cosigned, with the size each has now recorded.
    pub cosigned: Vec<(String, u64)>,
    /// The witnesses that did not (collection succeeds as long as the quorum is met).
    pub failures: Vec<WitnessFailure>,
}

fn list_failures(failures: &[WitnessFailure]) -> String {
    failures
        .iter()
        .map(|f| format!("{}: {}", f.url, f.error))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why a collection failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CollectError {
    #[error("the checkpoint to be cosigned is malformed: {0}")]
    BadCheckpoint(String),
    #[error("only {got} of the {needed} required witnesses cosigned; {}", list_failures(.failures))]
    QuorumNotMet {
        needed: usize,
        got: usize,
        failures: Vec<WitnessFailure>,
    },
}

/// Asks every witness in parallel (each within `timeout`, a 409 retry included) to cosign the
/// signed checkpoint `note`. `proof_from(old)` must return the consistency proof from tree size
/// `old` to the checkpoint's size; it is only called for `0 < old < size`. A witness answering
/// 409 with its recorded size is asked once more with a proof from that size. Returned
/// cosignatures are verified against each witness's key; lines from other keys are ignored.
pub async fn collect_cosignatures<F, Fut>(
    http: &reqwest::Client,
    witnesses: &[WitnessEndpoint],
    quorum: usize,
    timeout: Duration,
    note: &str,
    proof_from: F,
) -> Result<Collected, CollectError>
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Vec<Hash>, String>> + Send + 'static,
{
    let parsed =
        note::parse(note.as_bytes()).map_err(|e| CollectError::BadCheckpoint(e.to_string()))?;
    let size = Checkpoint::parse(&parsed.text)
        .map_err(|e| CollectError::BadCheckpoint(e.to_string()))?
        .size;
    let proof_from = Arc::new(proof_from);
    let note: Arc<str> = Arc::from(note);
    let text: Arc<str> = Arc::from(parsed.text.as_str());
    let mut tasks = tokio::task::JoinSet::new();
    for (i, w) in witnesses.iter().enumerate() {
        let (http, w, note, text, proof_from) = (
            http.clone(),
            w.clone(),
            note.clone(),
            text.clone(),
            proof_from.clone(),
        );
        tasks.spawn(async move {
            let ask = ask_witness(&http, &w, &note, &text, size, proof_from.as_ref());
            let result = match tokio::time::timeout(timeout, ask).await {
                Ok(r) => r,
                Err(_) => Err(ClientError::Timeout(timeout)),
            };
            (i, result)
        });
    }
    let mut results: Vec<Option<Result<Vec<NoteSignature>, ClientError>>> =
        vec![None; witnesses.len()];
    while let Some(joined) = tasks.join_next().await {
        if let Ok((i, r)) = joined
            && let Some(slot) = results.get_mut(i)
        {
            *slot = Some(r);
        }
    }
    let mut cosigs: Vec<NoteSignature> = Vec::new();
    let mut cosigned = Vec::new();
    let mut failures = Vec::new();
    for (w, r) in witnesses.iter().zip(results) {
        match r.unwrap_or_else(|| Err(ClientError::Http("task failed".into()))) {
            Ok(sigs) => {
                cosigned.push((w.url.clone(), size));
                for s in sigs {
                    if !cosigs
                        .iter()
                        .any(|c| c.name == s.name && c.key_id == s.key_id)
                    {
                        cosigs.push(s);
                    }
                }
            }
            Err(error) => failures.push(WitnessFailure {
                url: w.url.clone(),
                error,
            }),
        }
    }
    if cosigned.len() < quorum {
        return Err(CollectError::QuorumNotMet {
            needed: quorum,
            got: cosigned.len(),
            failures,
        });
    }
    let mut out = format!("{}\n", parsed.text);
    for s in &parsed.signatures {
        if !cosigs
            .iter()
            .any(|c| c.name == s.name && c.key_id == s.key_id)
        {
            out.push_str(&s.to_line());
        }
    }
    for c in &cosigs {
        out.push_str(&c.to_line());
    }
    Ok(Collected {
        note: out,
        cosigned,
        failures,
    })
}

async fn proof_for<F, Fut>(old: u64, size: u64, proof_from: &F) -> Result<Vec<Hash>, ClientError>
where
    F: Fn(u64) -> Fut,
    Fut: Future<Output = Result<Vec<Hash>, String>>,
{
    if old == 0 || old == size {
        return Ok(Vec::new());
    }
    proof_from(old)
        .await
        .map_err(|reason| ClientError::Proof { old, reason })
}

/// One witness: request, retry once on 409 with the recorded size, verify the cosignatures.
async fn ask_witness<F, Fut>(
    http: &reqwest::Client,
    w: &WitnessEndpoint,
    note: &str,
    text: &str,
    size: u64,
    proof_from: &F,
) -> Result<Vec<NoteSignature>, ClientError>
where
    F: Fn(u64) -> Fut,
    Fut: Future<Output = Result<Vec<Hash>, String>>,
{
    let first_old = if w.old_size <= size { w.old_size } else { 0 };
    let proof = proof_for(first_old, size, proof_from).await?;
    let lines = match request_cosignature(http, &w.url, first_old, &proof, note.as_bytes()).await {
        Err(ClientError::Conflict(recorded)) if recorded <= size && recorded != first_old => {
            let proof = proof_for(recorded, size, proof_from).await?;
            request_cosignature(http, &w.url, recorded, &proof, note.as_bytes()).await?
        }
        other => other?,
    };
    let mut valid = Vec::new();
    for line in &lines {
        let sig = parse_line(line)?;
        if w.verifier.matches(&sig) {
            w.verifier
                .verify_signature(text, &sig)
                .map_err(ClientError::BadCosignature)?;
            valid.push(sig);
        }
    }
    if valid.is_empty() {
        return Err(ClientError::NoCosignature);
    }
    Ok(valid)
}
