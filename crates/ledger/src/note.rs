//! C2SP signed notes (<https://c2sp.org/signed-note>), interoperable with Go's
//! `golang.org/x/mod/sumdb/note` for Ed25519.
//!
//! A note is a text (UTF-8, ending in a newline, no control characters other than newline),
//! a blank line, and one or more signature lines `— <key name> <base64(key ID ‖ signature)>`.
//! The signed bytes are exactly the text, including its final newline.
//!
//! # Key IDs and key strings
//!
//! Key ID = first four bytes (big-endian `u32`) of
//! `SHA-256(key name ‖ 0x0A ‖ key material)`, where *key material* is the signature type byte
//! followed by the public key. Keys are written as in Go's package:
//!
//! * verifier key: `<name>+<8 lowercase hex key ID>+<base64(key material)>`
//! * signer key: `PRIVATE+KEY+<name>+<8 lowercase hex key ID>+<base64(type ‖ secret)>`
//!
//! # Algorithms
//!
//! * **Ed25519** — signature type `0x01`, 32-byte RFC 8032 public key, the secret is the 32-byte
//!   seed, signatures are 64 bytes. Byte-for-byte compatible with Go's package and with the
//!   C2SP registry. Verification is strict (`verify_strict`: canonical encodings, no small-order
//!   keys).
//! * **SM2 with SM3** — C2SP has no registered type byte for SM2, so this module uses the
//!   signed-note convention for unregistered algorithms: type byte `0xff` followed by the
//!   identifier [`SM2_ALGORITHM_ID`] (`sanxiang-sm2-sm3`). Key material is
//!   `0xff ‖ "sanxiang-sm2-sm3" ‖ SEC1 uncompressed point (0x04 ‖ x ‖ y, 65 bytes)`; the secret in
//!   a signer key is `0xff ‖ "sanxiang-sm2-sm3" ‖ d (32 bytes, big-endian)`. Signatures are
//!   SM2DSA (GB/T 32918.2) over the note text with SM3 and the GB/T 35276 default
//!   distinguishing identifier [`SM2_DEFAULT_DISTID`] (`1234567812345678`), encoded as the fixed
//!   64-byte `r ‖ s` (32 bytes each, big-endian) — not DER — so every signature line has the same
//!   length. Signing is deterministic (RFC 6979 nonces with SM3), so no RNG is needed to sign.
//!   Tools that do not know this identifier simply see an unknown key and ignore the signature,
//!   as the spec requires.
//!
//! # Verification rules ([`open`])
//!
//! * a signature whose (name, key ID) matches a given verifier MUST verify, else
//!   [`NoteError::InvalidSignature`];
//! * signatures from unknown keys are returned in [`VerifiedNote::unknown_sigs`];
//! * at least one known key must have signed, else [`NoteError::NoVerifiedSignature`]; callers
//!   needing a quorum check [`VerifiedNote::verified_by`];
//! * stricter than Go: two signature lines with the same (name, key ID) are rejected
//!   ([`NoteError::DuplicateSignature`]) instead of being silently merged;
//! * at most [`MAX_SIGNATURES`] signature lines;
//! * Ed25519 verifier keys that are small-order or non-canonically encoded are rejected when
//!   parsed ([`NoteError::InvalidKeyMaterial`]), as Go's package does.
//!
//! Witnesses cosign with [`add_signatures`] after opening the note themselves.

mod keys;

pub use keys::{
    Algorithm, Signer, Verifier, generate_ed25519, generate_sm2, is_valid_key_name, key_id,
};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;

/// The most signature lines a note may carry (Go's limit; C2SP requires at least 16).
pub const MAX_SIGNATURES: usize = 100;
/// Signature type byte for Ed25519 (C2SP registry).
pub const ALG_ED25519: u8 = 0x01;
/// Signature type byte reserved by C2SP for algorithms without an assigned byte.
pub const ALG_UNREGISTERED: u8 = 0xff;
/// Identifier following [`ALG_UNREGISTERED`] for SM2-with-SM3 keys.
pub const SM2_ALGORITHM_ID: &str = "sanxiang-sm2-sm3";
/// GB/T 35276 default SM2 distinguishing identifier.
pub const SM2_DEFAULT_DISTID: &str = "1234567812345678";

const SIG_PREFIX: &str = "\u{2014} ";

/// Why a note, a key or a signing request was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("note is not valid UTF-8")]
    NotUtf8,
    #[error("note contains a control character other than newline")]
    ControlCharacter,
    #[error("note text must be non-empty and end with a newline")]
    TextMustEndInNewline,
    #[error("note has no signature block after a blank line")]
    MissingSignatureBlock,
    /// `line` counts from 1 within the signature block (after the blank line).
    #[error("malformed signature line {line}")]
    MalformedSignatureLine { line: usize },
    #[error("invalid key name")]
    InvalidKeyName,
    #[error("too many signatures: {count} (at most {MAX_SIGNATURES})")]
    TooManySignatures { count: usize },
    #[error("duplicate signature for key {name}+{key_id:08x}")]
    DuplicateSignature { name: String, key_id: u32 },
    #[error("note has no signature from a known key")]
    NoVerifiedSignature,
    #[error("invalid signature for key {name}+{key_id:08x}")]
    InvalidSignature { name: String, key_id: u32 },
    #[error("ambiguous key {name}+{key_id:08x}: several verifiers match")]
    AmbiguousVerifier { name: String, key_id: u32 },
    #[error("no signers given")]
    NoSigners,
    #[error("two signers with the same key {name}+{key_id:08x}")]
    DuplicateSigner { name: String, key_id: u32 },
    #[error("malformed key string")]
    MalformedKey,
    #[error("unknown signature algorithm in key")]
    UnknownAlgorithm,
    #[error("invalid key material")]
    InvalidKeyMaterial,
    #[error("key ID in key string does not match the key")]
    KeyIdMismatch,
    #[error("signing failed")]
    SigningFailed,
}

/// One signature line of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    /// Key name.
    pub name: String,
    /// Key ID (first four bytes of the decoded signature field).
    pub key_id: u32,
    /// The signature bytes after the key ID.
    pub signature: Vec<u8>,
}

impl NoteSignature {
    /// The line `— name base64(key ID ‖ signature)\n`.
    pub fn to_line(&self) -> String {
        let mut raw = self.key_id.to_be_bytes().to_vec();
        raw.extend_from_slice(&self.signature);
        format!("{SIG_PREFIX}{} {}\n", self.name, B64.encode(raw))
    }
}

/// A note split into text and signatures, not yet verified. Do not act on `text` before
/// [`open`] has checked it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedNote {
    /// The text, including its final newline.
    pub text: String,
    /// The signatures in note order.
    pub signatures: Vec<NoteSignature>,
}

/// A note whose signatures from known keys all verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedNote {
    /// The text, including its final newline.
    pub text: String,
    /// Names of the verifiers whose signatures verified, in note order.
    pub verified_by: Vec<String>,
    /// Signatures from keys not among the verifiers, in note order.
    pub unknown_sigs: Vec<NoteSignature>,
}

fn check_chars(s: &str) -> Result<(), NoteError> {
    if s.chars().any(|c| c < ' ' && c != '\n') {
        return Err(NoteError::ControlCharacter);
    }
    Ok(())
}

fn parse_sig_line(line: &str, n: usize) -> Result<NoteSignature, NoteError> {
    let bad = NoteError::MalformedSignatureLine { line: n };
    let rest = line.strip_prefix(SIG_PREFIX).ok_or(bad.clone())?;
    let (name, b64) = rest.split_once(' ').ok_or(bad.clone())?;
    if !is_valid_key_name(name) {
        return Err(bad);
    }
    let raw = B64.decode(b64).map_err(|_| bad.clone())?;
    if raw.len() < 5 {
        return Err(bad);
    }
    Ok(NoteSignature {
        name: name.to_owned(),
        key_id: u32::from_be_bytes([raw[0], raw[1], raw[2], raw[3]]),
        signature: raw[4..].to_vec(),
    })
}

/// Splits a note into text and signature lines, checking syntax only (no cryptography).
pub fn parse(note: &[u8]) -> Result<ParsedNote, NoteError> {
    let note = std::str::from_utf8(note).map_err(|_| NoteError::NotUtf8)?;
    check_chars(note)?;
    let split = note.rfind("\n\n").ok_or(NoteError::MissingSignatureBlock)?;
    let (text, sigs) = (&note[..=split], &note[split + 2..]);
    if sigs.is_empty() {
        return Err(NoteError::MissingSignatureBlock);
    }
    let Some(body) = sigs.strip_suffix('\n') else {
        let line = sigs.matches('\n').count() + 1;
        return Err(NoteError::MalformedSignatureLine { line });
    };
    let count = body.split('\n').count();
    if count > MAX_SIGNATURES {
        return Err(NoteError::TooManySignatures { count });
    }
    let mut signatures: Vec<NoteSignature> = Vec::with_capacity(count);
    for (i, line) in body.split('\n').enumerate() {
        let sig = parse_sig_line(line, i + 1)?;
        if signatures
            .iter()
            .any(|s| s.name == sig.name && s.key_id == sig.key_id)
        {
            return Err(NoteError::DuplicateSignature {
                name: sig.name,
                key_id: sig.key_id,
            });
        }
        signatures.push(sig);
    }
    Ok(ParsedNote {
        text: text.to_owned(),
        signatures,
    })
}

/// Parses a note and verifies it against `verifiers` (see the module docs for the rules).
pub fn open(note: &[u8], verifiers: &[Verifier]) -> Result<VerifiedNote, NoteError> {
    let parsed = parse(note)?;
    let mut verified_by = Vec::new();
    let mut unknown_sigs = Vec::new();
    for sig in parsed.signatures {
        let mut matching = verifiers
            .iter()
            .filter(|v| v.name() == sig.name && v.key_id() == sig.key_id);
        let Some(v) = matching.next() else {
            unknown_sigs.push(sig);
            continue;
        };
        if matching.next().is_some() {
            return Err(NoteError::AmbiguousVerifier {
                name: sig.name,
                key_id: sig.key_id,
            });
        }
        if !v.verify(parsed.text.as_bytes(), &sig.signature) {
            return Err(NoteError::InvalidSignature {
                name: sig.name,
                key_id: sig.key_id,
            });
        }
        verified_by.push(sig.name);
    }
    if verified_by.is_empty() {
        return Err(NoteError::NoVerifiedSignature);
    }
    Ok(VerifiedNote {
        text: parsed.text,
        verified_by,
        unknown_sigs,
    })
}

/// Adds signatures by `signers` to an existing note (e.g. a witness cosigning a checkpoint),
/// keeping the existing signature lines in order. An existing line with the same (name, key
/// ID) as a new signer is replaced. The existing signatures are only checked for syntax:
/// [`open`] the note with the trusted verifiers before cosigning it.
pub fn add_signatures(note: &[u8], signers: &[Signer]) -> Result<String, NoteError> {
    let parsed = parse(note)?;
    if signers.is_empty() {
        return Err(NoteError::NoSigners);
    }
    let fresh = sign(&parsed.text, signers)?;
    let mut out = String::with_capacity(fresh.len() + note.len());
    out.push_str(&parsed.text);
    out.push('\n');
    let mut count = signers.len();
    for old in &parsed.signatures {
        if !signers
            .iter()
            .any(|s| s.name() == old.name && s.key_id() == old.key_id)
        {
            out.push_str(&old.to_line());
            count += 1;
        }
    }
    if count > MAX_SIGNATURES {
        return Err(NoteError::TooManySignatures { count });
    }
    out.push_str(&fresh[parsed.text.len() + 1..]);
    Ok(out)
}

/// Signs `text` with every signer and returns the note (text, blank line, one line per signer
/// in the given order).
pub fn sign(text: &str, signers: &[Signer]) -> Result<String, NoteError> {
    if !text.ends_with('\n') {
        return Err(NoteError::TextMustEndInNewline);
    }
    check_chars(text)?;
    if signers.is_empty() {
        return Err(NoteError::NoSigners);
    }
    if signers.len() > MAX_SIGNATURES {
        return Err(NoteError::TooManySignatures {
            count: signers.len(),
        });
    }
    let mut out = String::with_capacity(text.len() + 1 + signers.len() * 110);
    out.push_str(text);
    out.push('\n');
    for (i, s) in signers.iter().enumerate() {
        if signers[..i]
            .iter()
            .any(|o| o.name() == s.name() && o.key_id() == s.key_id())
        {
            return Err(NoteError::DuplicateSigner {
                name: s.name().to_owned(),
                key_id: s.key_id(),
            });
        }
        let sig = NoteSignature {
            name: s.name().to_owned(),
            key_id: s.key_id(),
            signature: s.sign_bytes(text.as_bytes())?,
        };
        out.push_str(&sig.to_line());
    }
    Ok(out)
}
