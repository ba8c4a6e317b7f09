//! Note keys: Ed25519 and SM2-with-SM3 signers and verifiers, key IDs, key strings and key
//! generation. See the parent module for the formats.

use super::{ALG_ED25519, ALG_UNREGISTERED, NoteError, SM2_ALGORITHM_ID, SM2_DEFAULT_DISTID};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::rand_core::CryptoRng;
use sha2::{Digest as _, Sha256};
use sm2::dsa::signature::Signer as _;

const PRIVATE_KEY_PREFIX: &str = "PRIVATE+KEY+";
const SM2_PUBLIC_LEN: usize = 65;
const SM2_SECRET_LEN: usize = 32;

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
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c == '+' || c.is_control())
}

#[derive(Clone)]
enum SignerKey {
    Ed25519(Box<ed25519_dalek::SigningKey>),
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
                let k = ed25519_dalek::VerifyingKey::from_bytes(bytes)
                    .map_err(|_| NoteError::InvalidKeyMaterial)?;
                // Like Go's verifier: no small-order keys, no non-canonical point encodings.
                if k.is_weak() || k.to_edwards().compress().as_bytes() != bytes {
                    return Err(NoteError::InvalidKeyMaterial);
                }
                VerifierKey::Ed25519(k)
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
        format!(
            "{}+{:08x}+{}",
            self.name,
            self.key_id,
            B64.encode(&self.material)
        )
    }

    /// Checks a raw signature (without the key ID prefix) over `msg`.
    pub fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        match &self.key {
            VerifierKey::Ed25519(k) => ed25519_dalek::Signature::from_slice(sig)
                .is_ok_and(|s| k.verify_strict(msg, &s).is_ok()),
            VerifierKey::Sm2(k) => sm2::dsa::Signature::from_slice(sig)
                .is_ok_and(|s| sm2::dsa::signature::Verifier::verify(k.as_ref(), msg, &s).is_ok()),
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
            key: SignerKey::Ed25519(Box::new(key)),
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
            SignerKey::Ed25519(k) => Ok(ed25519_dalek::Signer::sign(k.as_ref(), msg)
                .to_bytes()
                .to_vec()),
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
