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
//! * at most [`MAX_SIGNATURES`] signature lines.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::rand_core::CryptoRng;
use sha2::{Digest as _, Sha256};
use sm2::dsa::signature::Signer as _;

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

const PRIVATE_KEY_PREFIX: &str = "PRIVATE+KEY+";
const SIG_PREFIX: &str = "\u{2014} ";
const SM2_PUBLIC_LEN: usize = 65;
const SM2_SECRET_LEN: usize = 32;

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

/// The signature algorithm of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// Ed25519, type byte `0x01`.
    Ed25519,
    /// SM2 with SM3, type `0xff ‖ "sanxiang-sm2-sm3"`.
    Sm2Sm3,
}

impl Algorithm {
    /// The prefix of the key material identifying this algorithm.
    pub fn type_prefix(self) -> Vec<u8> {
        match self {
            Algorithm::Ed25519 => vec![ALG_ED25519],
            Algorithm::Sm2Sm3 => {
                let mut v = vec![ALG_UNREGISTERED];
                v.extend_from_slice(SM2_ALGORITHM_ID.as_bytes());
                v
            }
        }
    }

    /// Splits key material into algorithm and the remaining key bytes.
    fn split(material: &[u8]) -> Result<(Algorithm, &[u8]), NoteError> {
        match material.split_first() {
            Some((&ALG_ED25519, rest)) => Ok((Algorithm::Ed25519, rest)),
            Some((&ALG_UNREGISTERED, rest)) => rest
                .strip_prefix(SM2_ALGORITHM_ID.as_bytes())
                .map(|k| (Algorithm::Sm2Sm3, k))
                .ok_or(NoteError::UnknownAlgorithm),
            _ => Err(NoteError::UnknownAlgorithm),
        }
    }
}

/// `SHA-256(name ‖ 0x0A ‖ key material)[..4]` as a big-endian `u32`.
pub fn key_id(name: &str, key_material: &[u8]) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update(key_material);
    let d = h.finalize();
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

/// C2SP key name rule: non-empty, no Unicode spaces, no `+` (and, as everywhere in a note, no
/// control characters).
pub fn is_valid_key_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+' || c.is_control())
}

#[derive(Clone)]
enum SignerKey {
    Ed25519(ed25519_dalek::SigningKey),
    Sm2(Box<sm2::dsa::SigningKey>),
}

/// A key that signs notes.
#[derive(Clone)]
pub struct Signer {
    name: String,
    key_id: u32,
    key: SignerKey,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("name", &self.name)
            .field("key_id", &format_args!("{:08x}", self.key_id))
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
enum VerifierKey {
    Ed25519(ed25519_dalek::VerifyingKey),
    Sm2(Box<sm2::dsa::VerifyingKey>),
}

/// A public key that verifies note signatures.
#[derive(Debug, Clone)]
pub struct Verifier {
    name: String,
    key_id: u32,
    material: Vec<u8>,
    key: VerifierKey,
}

fn parse_hex_id(s: &str) -> Result<u32, NoteError> {
    if s.len() != 8 || !s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Err(NoteError::MalformedKey);
    }
    u32::from_str_radix(s, 16).map_err(|_| NoteError::MalformedKey)
}

/// Splits `name+hexid+base64` (the base64 may itself contain `+`).
fn split_key(s: &str) -> Result<(&str, u32, Vec<u8>), NoteError> {
    let mut parts = s.splitn(3, '+');
    let (Some(name), Some(id), Some(b64)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(NoteError::MalformedKey);
    };
    if !is_valid_key_name(name) {
        return Err(NoteError::InvalidKeyName);
    }
    let id = parse_hex_id(id)?;
    let bytes = B64.decode(b64).map_err(|_| NoteError::MalformedKey)?;
    Ok((name, id, bytes))
}

fn sm2_distid() -> &'static str {
    SM2_DEFAULT_DISTID
}

impl Verifier {
    /// Parses a verifier key string `name+hexid+base64(key material)`.
    pub fn from_key_string(s: &str) -> Result<Self, NoteError> {
        let (name, id, material) = split_key(s)?;
        let (alg, key) = Algorithm::split(&material)?;
        let key = match alg {
            Algorithm::Ed25519 => {
                let bytes: &[u8; 32] = key.try_into().map_err(|_| NoteError::InvalidKeyMaterial)?;
                VerifierKey::Ed25519(
                    ed25519_dalek::VerifyingKey::from_bytes(bytes)
                        .map_err(|_| NoteError::InvalidKeyMaterial)?,
                )
            }
            Algorithm::Sm2Sm3 => {
                if key.len() != SM2_PUBLIC_LEN || key[0] != 0x04 {
                    return Err(NoteError::InvalidKeyMaterial);
                }
                VerifierKey::Sm2(Box::new(
                    sm2::dsa::VerifyingKey::from_sec1_bytes(sm2_distid(), key)
                        .map_err(|_| NoteError::InvalidKeyMaterial)?,
                ))
            }
        };
        if key_id(name, &material) != id {
            return Err(NoteError::KeyIdMismatch);
        }
        Ok(Verifier {
            name: name.to_owned(),
            key_id: id,
            material,
            key,
        })
    }

    /// Builds an Ed25519 verifier from a raw public key.
    pub fn ed25519(name: &str, key: ed25519_dalek::VerifyingKey) -> Result<Self, NoteError> {
        let mut material = Algorithm::Ed25519.type_prefix();
        material.extend_from_slice(key.as_bytes());
        Self::from_parts(name, material, VerifierKey::Ed25519(key))
    }

    /// Builds an SM2 verifier from a public key (distinguishing ID [`SM2_DEFAULT_DISTID`]).
    pub fn sm2(name: &str, key: &sm2::PublicKey) -> Result<Self, NoteError> {
        let vk = sm2::dsa::VerifyingKey::new(sm2_distid(), *key)
            .map_err(|_| NoteError::InvalidKeyMaterial)?;
        let mut material = Algorithm::Sm2Sm3.type_prefix();
        material.extend_from_slice(&vk.to_sec1_bytes());
        Self::from_parts(name, material, VerifierKey::Sm2(Box::new(vk)))
    }

    fn from_parts(name: &str, material: Vec<u8>, key: VerifierKey) -> Result<Self, NoteError> {
        if !is_valid_key_name(name) {
            return Err(NoteError::InvalidKeyName);
        }
        Ok(Verifier {
            name: name.to_owned(),
            key_id: key_id(name, &material),
            material,
            key,
        })
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The 32-bit key ID.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The algorithm of this key.
    pub fn algorithm(&self) -> Algorithm {
        match self.key {
            VerifierKey::Ed25519(_) => Algorithm::Ed25519,
            VerifierKey::Sm2(_) => Algorithm::Sm2Sm3,
        }
    }

    /// The key material (type prefix ‖ public key) hashed into the key ID.
    pub fn key_material(&self) -> &[u8] {
        &self.material
    }

    /// The verifier key string `name+hexid+base64(key material)`.
    pub fn to_key_string(&self) -> String {
        format!("{}+{:08x}+{}", self.name, self.key_id, B64.encode(&self.material))
    }

    /// Checks a raw signature (without the key ID prefix) over `msg`.
    pub fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        match &self.key {
            VerifierKey::Ed25519(k) => ed25519_dalek::Signature::from_slice(sig)
                .is_ok_and(|s| k.verify_strict(msg, &s).is_ok()),
            VerifierKey::Sm2(k) => sm2::dsa::Signature::from_slice(sig).is_ok_and(|s| {
                sm2::dsa::signature::Verifier::verify(k.as_ref(), msg, &s).is_ok()
            }),
        }
    }
}

impl std::str::FromStr for Verifier {
    type Err = NoteError;
    fn from_str(s: &str) -> Result<Self, NoteError> {
        Verifier::from_key_string(s)
    }
}

impl Signer {
    /// Parses a signer key string `PRIVATE+KEY+name+hexid+base64(type ‖ secret)`; the key ID
    /// must match the public key derived from the secret.
    pub fn from_key_string(s: &str) -> Result<Self, NoteError> {
        let rest = s
            .strip_prefix(PRIVATE_KEY_PREFIX)
            .ok_or(NoteError::MalformedKey)?;
        let (name, id, secret) = split_key(rest)?;
        let (alg, key) = Algorithm::split(&secret)?;
        let signer = match alg {
            Algorithm::Ed25519 => {
                let seed: &[u8; 32] = key.try_into().map_err(|_| NoteError::InvalidKeyMaterial)?;
                Signer::ed25519(name, ed25519_dalek::SigningKey::from_bytes(seed))?
            }
            Algorithm::Sm2Sm3 => {
                if key.len() != SM2_SECRET_LEN {
                    return Err(NoteError::InvalidKeyMaterial);
                }
                let sk = sm2::dsa::SigningKey::from_slice(sm2_distid(), key)
                    .map_err(|_| NoteError::InvalidKeyMaterial)?;
                Signer::sm2(name, sk)?
            }
        };
        if signer.key_id != id {
            return Err(NoteError::KeyIdMismatch);
        }
        Ok(signer)
    }

    /// An Ed25519 signer.
    pub fn ed25519(name: &str, key: ed25519_dalek::SigningKey) -> Result<Self, NoteError> {
        let v = Verifier::ed25519(name, key.verifying_key())?;
        Ok(Signer {
            name: v.name,
            key_id: v.key_id,
            key: SignerKey::Ed25519(key),
        })
    }

    /// An SM2-with-SM3 signer. The key's distinguishing ID must be [`SM2_DEFAULT_DISTID`].
    pub fn sm2(name: &str, key: sm2::dsa::SigningKey) -> Result<Self, NoteError> {
        if key.distid() != SM2_DEFAULT_DISTID {
            return Err(NoteError::InvalidKeyMaterial);
        }
        let public = sm2::PublicKey::from_affine(*key.verifying_key().as_affine())
            .map_err(|_| NoteError::InvalidKeyMaterial)?;
        let v = Verifier::sm2(name, &public)?;
        Ok(Signer {
            name: v.name,
            key_id: v.key_id,
            key: SignerKey::Sm2(Box::new(key)),
        })
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The 32-bit key ID.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The algorithm of this key.
    pub fn algorithm(&self) -> Algorithm {
        match self.key {
            SignerKey::Ed25519(_) => Algorithm::Ed25519,
            SignerKey::Sm2(_) => Algorithm::Sm2Sm3,
        }
    }

    /// The matching verifier.
    pub fn verifier(&self) -> Verifier {
        let key = match &self.key {
            SignerKey::Ed25519(k) => VerifierKey::Ed25519(k.verifying_key()),
            SignerKey::Sm2(k) => VerifierKey::Sm2(Box::new(k.verifying_key().clone())),
        };
        let mut material = self.algorithm().type_prefix();
        match &key {
            VerifierKey::Ed25519(k) => material.extend_from_slice(k.as_bytes()),
            VerifierKey::Sm2(k) => material.extend_from_slice(&k.to_sec1_bytes()),
        }
        Verifier {
            name: self.name.clone(),
            key_id: self.key_id,
            material,
            key,
        }
    }

    /// The signer key string `PRIVATE+KEY+name+hexid+base64(type ‖ secret)`. This is secret.
    pub fn to_key_string(&self) -> String {
        let mut secret = self.algorithm().type_prefix();
        match &self.key {
            SignerKey::Ed25519(k) => secret.extend_from_slice(k.as_bytes()),
            SignerKey::Sm2(k) => secret.extend_from_slice(&k.to_bytes()),
        }
        format!(
            "{PRIVATE_KEY_PREFIX}{}+{:08x}+{}",
            self.name,
            self.key_id,
            B64.encode(&secret)
        )
    }

    /// Signs `msg`, returning the raw signature (without key ID): 64 bytes for both algorithms.
    pub fn sign_bytes(&self, msg: &[u8]) -> Result<Vec<u8>, NoteError> {
        match &self.key {
            SignerKey::Ed25519(k) => Ok(ed25519_dalek::Signer::sign(k, msg).to_bytes().to_vec()),
            SignerKey::Sm2(k) => {
                let sig: sm2::dsa::Signature =
                    k.try_sign(msg).map_err(|_| NoteError::SigningFailed)?;
                Ok(sig.to_bytes().to_vec())
            }
        }
    }
}

impl std::str::FromStr for Signer {
    type Err = NoteError;
    fn from_str(s: &str) -> Result<Self, NoteError> {
        Signer::from_key_string(s)
    }
}

/// Generates an Ed25519 key; returns `(signer key string, verifier key string)`.
pub fn generate_ed25519<R: CryptoRng + ?Sized>(
    name: &str,
    rng: &mut R,
) -> Result<(String, String), NoteError> {
    let signer = Signer::ed25519(name, ed25519_dalek::SigningKey::generate(rng))?;
    Ok((signer.to_key_string(), signer.verifier().to_key_string()))
}

/// Generates an SM2 key (uniform secret in `[1, n-1]` by rejection sampling); returns
/// `(signer key string, verifier key string)`.
pub fn generate_sm2<R: CryptoRng + ?Sized>(
    name: &str,
    rng: &mut R,
) -> Result<(String, String), NoteError> {
    if !is_valid_key_name(name) {
        return Err(NoteError::InvalidKeyName);
    }
    // The probability that a random 256-bit string is not a valid scalar is about 2^-32, so a
    // handful of tries is plenty unless the RNG is broken.
    for _ in 0..64 {
        let mut bytes = [0u8; SM2_SECRET_LEN];
        rng.fill_bytes(&mut bytes);
        if let Ok(sk) = sm2::dsa::SigningKey::from_slice(sm2_distid(), &bytes) {
            let signer = Signer::sm2(name, sk)?;
            return Ok((signer.to_key_string(), signer.verifier().to_key_string()));
        }
    }
    Err(NoteError::InvalidKeyMaterial)
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
    if s.chars().any(|c| c != '\n' && c.is_ascii_control()) {
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
            .filter(|v| v.name == sig.name && v.key_id == sig.key_id);
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
            .any(|o| o.name == s.name && o.key_id == s.key_id)
        {
            return Err(NoteError::DuplicateSigner {
                name: s.name.clone(),
                key_id: s.key_id,
            });
        }
        let sig = NoteSignature {
            name: s.name.clone(),
            key_id: s.key_id,
            signature: s.sign_bytes(text.as_bytes())?,
        };
        out.push_str(&sig.to_line());
    }
    Ok(out)
}
