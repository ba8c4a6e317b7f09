//! The `add-checkpoint` request body:
//!
//! ```text
//! old <size>            decimal, no leading zeros ("0" for zero)
//! <base64 hash>         zero to 63 consistency proof lines, 32 bytes each
//! <empty line>
//! <signed checkpoint note>
//! ```
//!
//! Every line ends in `\n`. The note is kept as bytes: it is parsed and verified by
//! [`super::decide()`].

use crate::hash::Hash;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;

/// The most consistency proof lines a request may carry (tlog-witness).
pub const MAX_PROOF_LINES: usize = 63;

const OLD_PREFIX: &str = "old ";

/// Why an `add-checkpoint` body was rejected. Line numbers count from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("line {line} does not end in a newline")]
    MissingNewline { line: usize },
    #[error("line 1: expected \"old <size>\"")]
    MissingOldLine,
    #[error("line 1: old size is not a decimal number")]
    OldSizeNotDecimal,
    #[error("line 1: old size has a leading zero")]
    OldSizeLeadingZero,
    #[error("line 1: old size does not fit in 64 bits")]
    OldSizeOverflow,
    #[error("line {line}: proof hash is not 32 bytes of base64")]
    BadProofLine { line: usize },
    #[error("more than {MAX_PROOF_LINES} consistency proof lines")]
    TooManyProofLines,
    #[error("no checkpoint after the empty line")]
    MissingCheckpoint,
}

/// A parsed `add-checkpoint` request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddCheckpointRequest {
    /// Size of the checkpoint the client believes the witness last cosigned.
    pub old_size: u64,
    /// Consistency proof from `old_size` to the checkpoint's size.
    pub proof: Vec<Hash>,
    /// The signed checkpoint note, unverified.
    pub checkpoint: Vec<u8>,
}

impl AddCheckpointRequest {
    /// The request body. Does not check the proof length limit; see [`Self::parse`].
    pub fn encode(&self) -> Vec<u8> {
        let mut out = format!("{OLD_PREFIX}{}\n", self.old_size).into_bytes();
        for h in &self.proof {
            out.extend_from_slice(B64.encode(h.as_bytes()).as_bytes());
            out.push(b'\n');
        }
        out.push(b'\n');
        out.extend_from_slice(&self.checkpoint);
        out
    }

    /// Parses a request body. The checkpoint note is only checked to be non-empty.
    pub fn parse(body: &[u8]) -> Result<Self, RequestError> {
        let mut rest = body;
        let mut line_no = 1;
        let old = take_line(&mut rest, line_no)?;
        let old = old
            .strip_prefix(OLD_PREFIX.as_bytes())
            .ok_or(RequestError::MissingOldLine)?;
        let old_size = parse_size(old)?;
        let mut proof = Vec::new();
        loop {
            line_no += 1;
            let n = line_no;
            let line = take_line(&mut rest, n)?;
            if line.is_empty() {
                break;
            }
            if proof.len() == MAX_PROOF_LINES {
                return Err(RequestError::TooManyProofLines);
            }
            let bad = RequestError::BadProofLine { line: n };
            let raw = B64.decode(line).map_err(|_| bad.clone())?;
            proof.push(Hash::from_slice(&raw).map_err(|_| bad)?);
        }
        if rest.is_empty() {
            return Err(RequestError::MissingCheckpoint);
        }
        Ok(AddCheckpointRequest {
            old_size,
            proof,
            checkpoint: rest.to_vec(),
        })
    }
}

/// Splits the next `\n`-terminated line (without its newline) off `rest`.
fn take_line<'a>(rest: &mut &'a [u8], line: usize) -> Result<&'a [u8], RequestError> {
    let Some(end) = rest.iter().position(|&b| b == b'\n') else {
        return Err(RequestError::MissingNewline { line });
    };
    let (text, tail) = rest.split_at(end);
    *rest = tail.get(1..).unwrap_or_default();
    Ok(text)
}

fn parse_size(s: &[u8]) -> Result<u64, RequestError> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return Err(RequestError::OldSizeNotDecimal);
    }
    if s.len() > 1 && s.first() == Some(&b'0') {
        return Err(RequestError::OldSizeLeadingZero);
    }
    std::str::from_utf8(s)
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or(RequestError::OldSizeOverflow)
}
