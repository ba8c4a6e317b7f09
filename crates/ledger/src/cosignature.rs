//! C2SP tlog-cosignature v1 with Ed25519 (<https://c2sp.org/tlog-cosignature>): the signature a
//! witness adds to a checkpoint it has verified.
//!
//! A cosignature is an ordinary signed-note signature line `— <name> base64(payload)` with
//!
//! * key ID = `SHA-256(name ‖ 0x0A ‖ 0x04 ‖ 32-byte Ed25519 public key)[..4]` (type byte `0x04`,
//!   so a cosigner key never collides with a plain note key `0x01` of the same public key);
//! * payload = key ID (4) ‖ timestamp (8, big-endian POSIX seconds, at most 2^63 − 1) ‖
//!   Ed25519 signature (64), 76 bytes;
//! * signed message = `cosignature/v1\ntime <timestamp>\n` followed by the whole checkpoint text
//!   (the note body including its final newline, no signature lines).
//!
//! Key strings follow [`crate::note`]: verifier `name+<8 hex key ID>+base64(0x04 ‖ public key)`,
//! signer `PRIVATE+KEY+name+<8 hex key ID>+base64(0x04 ‖ 32-byte seed)`.
//!
//! A cosignature asserts that the checkpoint is the largest consistent tree the cosigner has seen
//! for its origin at that time. Cosigning does not check the log's signature: open the note with
//! the log key first (see [`crate::witness`]).

use crate::note::{self, NoteError, NoteSignature, is_valid_key_name, key_id};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::rand_core::CryptoRng;

/// Signature type byte of Ed25519 cosignature keys (C2SP tlog-cosignature).
pub const ALG_COSIGNATURE_V1: u8 = 0x04;
/// First line of the signed message (domain separation).
pub const COSIGNATURE_HEADER: &str = "cosignature/v1";
/// Length of the decoded signature field after the key ID: timestamp (8) ‖ signature (64).
pub const TIMESTAMPED_SIGNATURE_LEN: usize = 8 + 64;
/// Largest timestamp a cosignature may carry.
pub const MAX_TIMESTAMP: u64 = i64::MAX as u64;

const PRIVATE_KEY_PREFIX: &str = "PRIVATE+KEY+";

/// Why a cosigner key, a cosignature or a cosigning request was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CosignatureError {
    #[error("malformed cosigner key string")]
    MalformedKey,
    #[error("invalid key name")]
    InvalidKeyName,
    #[error("key type byte is not 0x04 (Ed25519 cosignature v1)")]
    NotCosignatureKey,
    #[error("invalid key material")]
    InvalidKeyMaterial,
    #[error("key ID in key string does not match the key")]
    KeyIdMismatch,
    #[error("timestamp {0} exceeds 2^63 - 1")]
    TimestampTooLarge(u64),
    #[error("note: {0}")]
    Note(#[from] NoteError),
    #[error("no cosignature by {name}+{key_id:08x} in the note")]
    Missing { name: String, key_id: u32 },
    #[error("cosignature is {len} bytes after the key ID, expected 72")]
    WrongLength { len: usize },
    #[error("cosignature by {name}+{key_id:08x} does not verify")]
    InvalidSignature { name: String, key_id: u32 },
}

/// The message an Ed25519 v1 cosignature signs over a checkpoint `text`.
pub fn signed_message(text: &str, timestamp: u64) -> String {
    format!("{COSIGNATURE_HEADER}\ntime {timestamp}\n{text}")
}

fn key_material(public: &ed25519_dalek::VerifyingKey) -> Vec<u8> {
    let mut m = Vec::with_capacity(33);
    m.push(ALG_COSIGNATURE_V1);
    m.extend_from_slice(public.as_bytes());
    m
}

/// Splits `name+hexid+base64` (the base64 part may itself contain `+`) and checks the type byte.
fn split_key(s: &str) -> Result<(&str, u32, [u8; 32]), CosignatureError> {
    let mut parts = s.splitn(3, '+');
    let (Some(name), Some(id), Some(b64)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(CosignatureError::MalformedKey);
    };
    if !is_valid_key_name(name) {
        return Err(CosignatureError::InvalidKeyName);
    }
    if id.len() != 8 || !id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Err(CosignatureError::MalformedKey);
    }
    let id = u32::from_str_radix(id, 16).map_err(|_| CosignatureError::MalformedKey)?;
    let bytes = B64
        .decode(b64)
        .map_err(|_| CosignatureError::MalformedKey)?;
    let Some((&alg, key)) = bytes.split_first() else {
        return Err(CosignatureError::MalformedKey);
    };
    if alg != ALG_COSIGNATURE_V1 {
        return Err(CosignatureError::NotCosignatureKey);
    }
    let key: [u8; 32] = key
        .try_into()
        .map_err(|_| CosignatureError::InvalidKeyMaterial)?;
    Ok((name, id, key))
}

/// A witness public key that verifies v1 cosignatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CosignatureVerifier {
    name: String,
    key_id: u32,
    key: ed25519_dalek::VerifyingKey,
}

impl CosignatureVerifier {
    /// Builds a verifier from a raw Ed25519 public key.
    pub fn new(name: &str, key: ed25519_dalek::VerifyingKey) -> Result<Self, CosignatureError> {
        if !is_valid_key_name(name) {
            return Err(CosignatureError::InvalidKeyName);
        }
        Ok(CosignatureVerifier {
            name: name.to_owned(),
            key_id: key_id(name, &key_material(&key)),
            key,
        })
    }

    /// Parses `name+hexid+base64(0x04 ‖ public key)`. Small-order and non-canonical keys are
    /// rejected, as for note keys.
    pub fn from_key_string(s: &str) -> Result<Self, CosignatureError> {
        let (name, id, bytes) = split_key(s)?;
        let key = ed25519_dalek::VerifyingKey::from_bytes(&bytes)
            .map_err(|_| CosignatureError::InvalidKeyMaterial)?;
        if key.is_weak() || key.to_edwards().compress().as_bytes() != &bytes {
            return Err(CosignatureError::InvalidKeyMaterial);
        }
        let v = CosignatureVerifier::new(name, key)?;
        if v.key_id != id {
            return Err(CosignatureError::KeyIdMismatch);
        }
        Ok(v)
    }

    /// The key string `name+hexid+base64(0x04 ‖ public key)`.
    pub fn to_key_string(&self) -> String {
        format!(
            "{}+{:08x}+{}",
            self.name,
            self.key_id,
            B64.encode(key_material(&self.key))
        )
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key ID (computed with type byte 0x04).
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// Whether a signature line claims to come from this key (same name and key ID).
    pub fn matches(&self, sig: &NoteSignature) -> bool {
        sig.name == self.name && sig.key_id == self.key_id
    }

    /// Verifies one signature line of this key over the checkpoint `text`; returns its timestamp.
    pub fn verify_signature(
        &self,
        text: &str,
        sig: &NoteSignature,
    ) -> Result<u64, CosignatureError> {
        let invalid = || CosignatureError::InvalidSignature {
            name: self.name.clone(),
            key_id: self.key_id,
        };
        if !self.matches(sig) {
            return Err(invalid());
        }
        let raw: &[u8; TIMESTAMPED_SIGNATURE_LEN] =
            sig.signature
                .as_slice()
                .try_into()
                .map_err(|_| CosignatureError::WrongLength {
                    len: sig.signature.len(),
                })?;
        let (ts, signature) = raw.split_at(8);
        let ts_bytes: [u8; 8] = ts.try_into().map_err(|_| invalid())?;
        let timestamp = u64::from_be_bytes(ts_bytes);
        if timestamp > MAX_TIMESTAMP {
            return Err(CosignatureError::TimestampTooLarge(timestamp));
        }
        let signature = ed25519_dalek::Signature::from_slice(signature).map_err(|_| invalid())?;
        self.key
            .verify_strict(signed_message(text, timestamp).as_bytes(), &signature)
            .map_err(|_| invalid())?;
        Ok(timestamp)
    }

    /// Verifies one signature line (`— name base64`, with or without its final newline) over the
    /// checkpoint `text`; returns its timestamp.
    pub fn verify_line(&self, text: &str, line: &str) -> Result<u64, CosignatureError> {
        let line = line.strip_suffix('\n').unwrap_or(line);
        let probe = format!("x\n\n{line}\n");
        let parsed = note::parse(probe.as_bytes())?;
        match parsed.signatures.as_slice() {
            [sig] => self.verify_signature(text, sig),
            _ => Err(NoteError::MalformedSignatureLine { line: 1 }.into()),
        }
    }

    /// Finds this key's cosignature in a signed note and verifies it; returns its timestamp.
    /// Other signature lines are ignored (they are not checked).
    pub fn verify_note(&self, signed_note: &[u8]) -> Result<u64, CosignatureError> {
        let parsed = note::parse(signed_note)?;
        let sig = parsed
            .signatures
            .iter()
            .find(|s| self.matches(s))
            .ok_or_else(|| CosignatureError::Missing {
                name: self.name.clone(),
                key_id: self.key_id,
            })?;
        self.verify_signature(&parsed.text, sig)
    }
}

impl std::str::FromStr for CosignatureVerifier {
    type Err = CosignatureError;
    fn from_str(s: &str) -> Result<Self, CosignatureError> {
        CosignatureVerifier::from_key_string(s)
    }
}

/// A witness signing key producing v1 cosignatures.
#[derive(Clone)]
pub struct CosignatureSigner {
    verifier: CosignatureVerifier,
    key: Box<ed25519_dalek::SigningKey>,
}

impl std::fmt::Debug for CosignatureSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CosignatureSigner")
            .field("name", &self.verifier.name)
            .field("key_id", &format_args!("{:08x}", self.verifier.key_id))
            .finish_non_exhaustive()
    }
}

impl CosignatureSigner {
    /// A signer from an Ed25519 key.
    pub fn new(name: &str, key: ed25519_dalek::SigningKey) -> Result<Self, CosignatureError> {
        Ok(CosignatureSigner {
            verifier: CosignatureVerifier::new(name, key.verifying_key())?,
            key: Box::new(key),
        })
    }

    /// Parses `PRIVATE+KEY+name+hexid+base64(0x04 ‖ seed)`; the key ID must match the key.
    pub fn from_key_string(s: &str) -> Result<Self, CosignatureError> {
        let rest = s
            .strip_prefix(PRIVATE_KEY_PREFIX)
            .ok_or(CosignatureError::MalformedKey)?;
        let (name, id, seed) = split_key(rest)?;
        let signer = CosignatureSigner::new(name, ed25519_dalek::SigningKey::from_bytes(&seed))?;
        if signer.verifier.key_id != id {
            return Err(CosignatureError::KeyIdMismatch);
        }
        Ok(signer)
    }

    /// The signer key string. This is secret.
    pub fn to_key_string(&self) -> String {
        let mut secret = vec![ALG_COSIGNATURE_V1];
        secret.extend_from_slice(self.key.as_bytes());
        format!(
            "{PRIVATE_KEY_PREFIX}{}+{:08x}+{}",
            self.verifier.name,
            self.verifier.key_id,
            B64.encode(secret)
        )
    }

    /// The matching verifier.
    pub fn verifier(&self) -> &CosignatureVerifier {
        &self.verifier
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.verifier.name
    }

    /// The key ID.
    pub fn key_id(&self) -> u32 {
        self.verifier.key_id
    }

    /// Cosigns a checkpoint text (the note body, ending in a newline) at `timestamp`.
    pub fn cosign_text(
        &self,
        text: &str,
        timestamp: u64,
    ) -> Result<NoteSignature, CosignatureError> {
        if timestamp > MAX_TIMESTAMP {
            return Err(CosignatureError::TimestampTooLarge(timestamp));
        }
        if text.is_empty() || !text.ends_with('\n') {
            return Err(NoteError::TextMustEndInNewline.into());
        }
        if text.chars().any(|c| c < ' ' && c != '\n') {
            return Err(NoteError::ControlCharacter.into());
        }
        let sig = ed25519_dalek::Signer::sign(
            self.key.as_ref(),
            signed_message(text, timestamp).as_bytes(),
        );
        let mut raw = Vec::with_capacity(TIMESTAMPED_SIGNATURE_LEN);
        raw.extend_from_slice(&timestamp.to_be_bytes());
        raw.extend_from_slice(&sig.to_bytes());
        Ok(NoteSignature {
            name: self.verifier.name.clone(),
            key_id: self.verifier.key_id,
            signature: raw,
        })
    }

    /// Cosigns the text of a signed checkpoint note at `timestamp` and returns the signature
    /// line `— name base64(key ID ‖ timestamp ‖ signature)\n`. The note's existing signatures
    /// are checked for syntax only: verify the log's signature before calling this.
    pub fn cosign(
        &self,
        checkpoint_note: &[u8],
        timestamp: u64,
    ) -> Result<String, CosignatureError> {
        let parsed = note::parse(checkpoint_note)?;
        Ok(self.cosign_text(&parsed.text, timestamp)?.to_line())
    }
}

impl std::str::FromStr for CosignatureSigner {
    type Err = CosignatureError;
    fn from_str(s: &str) -> Result<Self, CosignatureError> {
        CosignatureSigner::from_key_string(s)
    }
}

/// Generates a witness key; returns `(signer key string, verifier key string)`.
pub fn generate<R: CryptoRng + ?Sized>(
    name: &str,
    rng: &mut R,
) -> Result<(String, String), CosignatureError> {
    let signer = CosignatureSigner::new(name, ed25519_dalek::SigningKey::generate(rng))?;
    Ok((signer.to_key_string(), signer.verifier.to_key_string()))
}
