//! SM4-GCM sealing (GB/T 32907 block cipher in GCM mode, as in RFC 8998) of confidential data:
//! parties' personal identifiers at rest (CASE-3) and confidential payloads, so that destroying
//! a key removes the content while the ledger's digest — the evidence that it existed — stays.
//!
//! Sealed form: `0x01` (version) ‖ 12-byte nonce ‖ ciphertext ‖ 16-byte tag. The associated
//! data binds a sealed value to its place (e.g. `party/42/id_number`), so a value copied into
//! another row does not open. The caller supplies the nonce (this crate has no randomness):
//! it must never repeat under one key — use 12 random bytes per seal.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use sm4::cipher::consts::U12;

type Sm4Gcm = aes_gcm::AesGcm<sm4::Sm4, U12>;

const VERSION: u8 = 0x01;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// A 128-bit SM4 key. Its `Debug` never shows the key.
#[derive(Clone)]
pub struct SealKey([u8; 16]);

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKey(<secret>)")
    }
}

/// Why a key or a sealed value was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("the key must be 32 hexadecimal digits (128 bits)")]
    BadKey,
    #[error("sealed value too short")]
    TooShort,
    #[error("unknown sealed-value version {0:#04x}")]
    Version(u8),
    #[error("the sealed value does not open with this key and context (altered or moved?)")]
    Open,
}

impl SealKey {
    pub fn from_bytes(key: [u8; 16]) -> Self {
        SealKey(key)
    }

    /// From 32 hex digits (configuration).
    pub fn from_hex(text: &str) -> Result<Self, SealError> {
        let text = text.trim();
        if text.len() != 32 {
            return Err(SealError::BadKey);
        }
        let mut key = [0u8; 16];
        for (i, k) in key.iter_mut().enumerate() {
            *k = text
                .get(2 * i..2 * i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or(SealError::BadKey)?;
        }
        Ok(SealKey(key))
    }

    fn cipher(&self) -> Sm4Gcm {
        Sm4Gcm::new(&self.0.into())
    }

    /// Seals `plaintext` bound to `context`.
    pub fn seal(&self, nonce: [u8; NONCE_LEN], plaintext: &[u8], context: &[u8]) -> Vec<u8> {
        let sealed = self.cipher().encrypt(
            &nonce.into(),
            Payload {
                msg: plaintext,
                aad: context,
            },
        );
        let mut out = Vec::with_capacity(1 + NONCE_LEN + plaintext.len() + TAG_LEN);
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        // GCM encryption of an in-memory buffer cannot fail for inputs under 64 GiB.
        out.extend_from_slice(&sealed.unwrap_or_default());
        out
    }

    /// Opens a sealed value; fails unless it was sealed with this key and `context`, unaltered.
    pub fn open(&self, sealed: &[u8], context: &[u8]) -> Result<Vec<u8>, SealError> {
        let (&version, rest) = sealed.split_first().ok_or(SealError::TooShort)?;
        if version != VERSION {
            return Err(SealError::Version(version));
        }
        if rest.len() < NONCE_LEN + TAG_LEN {
            return Err(SealError::TooShort);
        }
        let (nonce, body) = rest.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| SealError::TooShort)?;
        self.cipher()
            .decrypt(
                &nonce.into(),
                Payload {
                    msg: body,
                    aad: context,
                },
            )
            .map_err(|_| SealError::Open)
    }

    /// GCM with raw nonce, associated data and detached output, for published test vectors.
    pub fn gcm_encrypt(&self, nonce: [u8; NONCE_LEN], plaintext: &[u8], aad: &[u8]) -> Vec<u8> {
        self.cipher()
            .encrypt(
                &nonce.into(),
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            .unwrap_or_default()
    }

    /// One SM4 block encryption (GB/T 32907 Annex A vectors).
    pub fn encrypt_block(&self, block: [u8; 16]) -> [u8; 16] {
        use sm4::cipher::{BlockCipherEncrypt, KeyInit as _};
        let cipher = sm4::Sm4::new(&self.0.into());
        let mut b = block.into();
        cipher.encrypt_block(&mut b);
        b.into()
    }
}
