//! Signature verification: ECDSA over P-256 and P-384 with SHA-256/384/512, the keys TSAs
//! running OpenSSL 3.0 use (SM2 cannot sign CMS there).

use der::asn1::ObjectIdentifier;
use ecdsa::signature::hazmat::PrehashVerifier;
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

use crate::alg::{
    DigestAlgorithm, ECDSA_WITH_SHA256, ECDSA_WITH_SHA384, ECDSA_WITH_SHA512, ID_EC_PUBLIC_KEY,
    SECP256R1, SECP384R1,
};
use crate::error::TsaError;

/// The hash a signature algorithm implies. CMS may name the bare key algorithm
/// (id-ecPublicKey), in which case the SignerInfo digest algorithm applies.
pub(crate) fn signature_hash(
    alg: &AlgorithmIdentifierOwned,
    digest_alg: Option<DigestAlgorithm>,
) -> Result<DigestAlgorithm, TsaError> {
    let unsupported = || TsaError::UnsupportedAlgorithm {
        what: "signature",
        oid: alg.oid.to_string(),
    };
    match alg.oid {
        o if o == ECDSA_WITH_SHA256 => Ok(DigestAlgorithm::Sha256),
        o if o == ECDSA_WITH_SHA384 => Ok(DigestAlgorithm::Sha384),
        o if o == ECDSA_WITH_SHA512 => Ok(DigestAlgorithm::Sha512),
        o if o == ID_EC_PUBLIC_KEY => digest_alg.ok_or_else(unsupported),
        _ => Err(unsupported()),
    }
}

/// Verifies a DER ECDSA signature over `message` hashed with `hash`. `Ok(false)` means the
/// signature is wrong; errors mean the key or algorithm cannot be used at all.
pub(crate) fn verify_ecdsa(
    key: &SubjectPublicKeyInfoOwned,
    hash: DigestAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, TsaError> {
    if key.algorithm.oid != ID_EC_PUBLIC_KEY {
        return Err(TsaError::UnsupportedAlgorithm {
            what: "public key",
            oid: key.algorithm.oid.to_string(),
        });
    }
    let curve = key
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
        .ok_or_else(|| TsaError::PublicKey("EC key without a named curve".into()))?;
    let point = key
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| TsaError::PublicKey("public key bit string has unused bits".into()))?;
    let prehash = hash.digest(message);
    if curve == SECP256R1 {
        let vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(point)
            .map_err(|_| TsaError::PublicKey("not a P-256 point".into()))?;
        let Ok(sig) = p256::ecdsa::Signature::from_der(signature) else {
            return Ok(false);
        };
        Ok(vk.verify_prehash(&prehash, &sig).is_ok())
    } else if curve == SECP384R1 {
        let vk = p384::ecdsa::VerifyingKey::from_sec1_bytes(point)
            .map_err(|_| TsaError::PublicKey("not a P-384 point".into()))?;
        let Ok(sig) = p384::ecdsa::Signature::from_der(signature) else {
            return Ok(false);
        };
        Ok(vk.verify_prehash(&prehash, &sig).is_ok())
    } else {
        Err(TsaError::UnsupportedAlgorithm {
            what: "elliptic curve",
            oid: curve.to_string(),
        })
    }
}
