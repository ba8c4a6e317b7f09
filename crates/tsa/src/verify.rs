//! Verification of a TimeStampResp against the request, and of a stored token against the
//! digest it claims to stamp. Each check maps to one `TsaError` variant.

use std::time::{SystemTime, UNIX_EPOCH};

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerInfo};
use der::asn1::{ObjectIdentifier, OctetString, Uint};
use der::{Decode, Encode, Tag, Tagged};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::attr::Attributes;
use x509_cert::ext::pkix::name::GeneralName;

use crate::alg::{
    DigestAlgorithm, ID_CONTENT_TYPE, ID_CT_TST_INFO, ID_MESSAGE_DIGEST, ID_SIGNED_DATA,
    ID_SIGNING_CERTIFICATE, ID_SIGNING_CERTIFICATE_V2,
};
use crate::anchor::TrustAnchor;
use crate::asn1::{SigningCertificate, SigningCertificateV2, TimeStampResp, TstInfo};
use crate::error::{TsaError, decode};
use crate::request::TimeStampRequest;
use crate::{cert, gentime, sig};

/// TSTInfo accuracy (RFC 3161 §2.4.2); absent parts are zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accuracy {
    pub seconds: u64,
    pub millis: u16,
    pub micros: u16,
}

/// A verified time-stamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    /// The time the TSA vouches for.
    pub gen_time: SystemTime,
    /// genTime as encoded (`YYYYMMDDhhmmss[.f]Z`).
    pub gen_time_text: String,
    /// The TSA's serial number of this token, big-endian as encoded.
    pub serial_number: Vec<u8>,
    /// TSA policy OID, dotted.
    pub policy: String,
    /// The `tsa` field of TSTInfo, if the TSA named itself.
    pub tsa_name: Option<String>,
    /// Accuracy of genTime, if stated.
    pub accuracy: Option<Accuracy>,
    /// The nonce inside the token.
    pub nonce: Option<u64>,
    /// Imprint algorithm and digest (what was stamped).
    pub digest_algorithm: DigestAlgorithm,
    pub digest: Vec<u8>,
    /// Subject of the TSA certificate that signed.
    pub signer: String,
    /// The TimeStampToken (CMS ContentInfo) DER, to store and re-check with [`verify_token`].
    pub token_der: Vec<u8>,
}

/// Verifies a TimeStampResp for `request`: status, token, nonce, and all token checks.
/// `now` is the verification time: the TSA certificate must be valid then as well as at genTime.
pub fn verify_response(
    response_der: &[u8],
    request: &TimeStampRequest,
    trust_anchors: &[TrustAnchor],
    now: SystemTime,
) -> Result<Timestamp, TsaError> {
    let resp = TimeStampResp::from_der(response_der).map_err(decode("TimeStampResp"))?;
    let status = resp.status.status;
    if status != 0 && status != 1 {
        return Err(TsaError::Rejected {
            status,
            fail_info: fail_info_names(resp.status.fail_info.as_ref()),
            text: resp.status.status_string.map(|s| s.join("; ")),
        });
    }
    let token = resp.time_stamp_token.ok_or(TsaError::MissingToken)?;
    let now_secs = now
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let expect = Expect {
        algorithm: request.algorithm(),
        digest: request.digest(),
        nonce: Some(request.nonce()),
        now_secs: Some(now_secs),
    };
    check_token(token, &expect, trust_anchors)
}

/// Re-verifies a stored token (e.g. from an archive package) for `digest` computed with
/// `algorithm`. The certificate is checked at genTime only: a token outlives its certificate.
pub fn verify_token(
    token_der: &[u8],
    algorithm: DigestAlgorithm,
    digest: &[u8],
    trust_anchors: &[TrustAnchor],
) -> Result<Timestamp, TsaError> {
    let token = ContentInfo::from_der(token_der).map_err(decode("TimeStampToken"))?;
    let expect = Expect {
        algorithm,
        digest,
        nonce: None,
        now_secs: None,
    };
    check_token(token, &expect, trust_anchors)
}

struct Expect<'a> {
    algorithm: DigestAlgorithm,
    digest: &'a [u8],
    nonce: Option<u64>,
    now_secs: Option<u64>,
}

fn check_token(
    token: ContentInfo,
    expect: &Expect<'_>,
    anchors: &[TrustAnchor],
) -> Result<Timestamp, TsaError> {
    let token_der = token.to_der().map_err(decode("TimeStampToken"))?;
    if token.content_type != ID_SIGNED_DATA {
        return Err(TsaError::NotSignedData(token.content_type.to_string()));
    }
    let sd: SignedData = token.content.decode_as().map_err(decode("SignedData"))?;
    let eci = &sd.encap_content_info;
    if eci.econtent_type != ID_CT_TST_INFO {
        return Err(TsaError::NotTstInfo(eci.econtent_type.to_string()));
    }
    let econtent = eci.econtent.as_ref().ok_or(TsaError::MissingContent)?;
    let tst_bytes: OctetString = econtent.decode_as().map_err(decode("eContent"))?;
    let tst_bytes = tst_bytes.as_bytes();
    let tst = TstInfo::from_der(tst_bytes).map_err(decode("TSTInfo"))?;

    // What the token says.
    if tst.version.as_bytes() != [1] {
        return Err(TsaError::TstInfoVersion);
    }
    check_imprint_algorithm(&tst.message_imprint.hash_algorithm, expect.algorithm)?;
    if tst.message_imprint.hashed_message.as_bytes() != expect.digest {
        return Err(TsaError::ImprintDigest);
    }
    let nonce = tst
        .nonce
        .as_ref()
        .map(|n| uint_to_u64(n).ok_or(TsaError::Nonce))
        .transpose()?;
    if let Some(want) = expect.nonce
        && nonce != Some(want)
    {
        return Err(TsaError::Nonce);
    }
    if tst.gen_time.tag() != Tag::GeneralizedTime {
        return Err(TsaError::GenTime("not a GeneralizedTime".into()));
    }
    let gen_time = gentime::parse(tst.gen_time.value()).map_err(TsaError::GenTime)?;
    let gen_text = String::from_utf8_lossy(tst.gen_time.value()).into_owned();

    // Who signed it and how.
    let signer_count = sd.signer_infos.0.len();
    let si = match sd.signer_infos.0.iter().next() {
        Some(si) if signer_count == 1 => si,
        _ => return Err(TsaError::SignerCount(signer_count)),
    };
    let signer_cert = find_signer_cert(&sd, si)?;
    let signer_der = signer_cert.to_der().map_err(decode("certificate"))?;
    let attrs = si
        .signed_attrs
        .as_ref()
        .ok_or(TsaError::MissingSignedAttributes)?;
    let digest_alg = match DigestAlgorithm::from_oid(&si.digest_alg.oid) {
        Some(DigestAlgorithm::Sha1) | None => {
            return Err(TsaError::UnsupportedAlgorithm {
                what: "CMS digest",
                oid: si.digest_alg.oid.to_string(),
            });
        }
        Some(a) => a,
    };
    check_signed_attributes(attrs, digest_alg, tst_bytes, signer_cert, &signer_der)?;
    let hash = sig::signature_hash(&si.signature_algorithm, Some(digest_alg))?;
    // The signature covers the attributes re-tagged as SET OF. They are re-encoded from the
    // parsed form, which equals the received bytes for DER input; a TSA sending unsorted
    // attributes would fail here (refused, never wrongly accepted).
    let signed = attrs.to_der().map_err(decode("signed attributes"))?;
    let key = signer_cert.tbs_certificate().subject_public_key_info();
    if !sig::verify_ecdsa(key, hash, &signed, si.signature.as_bytes())? {
        return Err(TsaError::Signature);
    }

    // Whether the signer may sign time-stamps and is trusted.
    cert::check_eku(signer_cert)?;
    cert::check_valid_at(signer_cert, gen_time, &gen_text)?;
    if let Some(now) = expect.now_secs {
        cert::check_valid_now(signer_cert, now)?;
    }
    cert::check_trusted(signer_cert, &signer_der, anchors, gen_time)?;

    Ok(Timestamp {
        gen_time: gen_time.to_system_time(),
        gen_time_text: gen_text,
        serial_number: tst.serial_number.as_bytes().to_vec(),
        policy: tst.policy.to_string(),
        tsa_name: tst.tsa.as_ref().map(general_name_text),
        accuracy: tst.accuracy.as_ref().map(|a| Accuracy {
            seconds: a.seconds.unwrap_or(0),
            millis: a.millis.unwrap_or(0),
            micros: a.micros.unwrap_or(0),
        }),
        nonce,
        digest_algorithm: expect.algorithm,
        digest: expect.digest.to_vec(),
        signer: cert::subject(signer_cert),
        token_der,
    })
}

/// Same OID, and parameters absent or NULL (both encodings are in use for hash algorithms).
fn check_imprint_algorithm(
    found: &AlgorithmIdentifierOwned,
    expected: DigestAlgorithm,
) -> Result<(), TsaError> {
    let params_ok = found
        .parameters
        .as_ref()
        .is_none_or(|p| p.tag() == Tag::Null && p.value().is_empty());
    if found.oid != expected.oid() || !params_ok {
        return Err(TsaError::ImprintAlgorithm {
            expected: expected.oid().to_string(),
            found: found.oid.to_string(),
        });
    }
    Ok(())
}

fn find_signer_cert<'a>(sd: &'a SignedData, si: &SignerInfo) -> Result<&'a Certificate, TsaError> {
    sd.certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .find_map(|c| match c {
            CertificateChoices::Certificate(c) if cert::matches_sid(c, &si.sid) => Some(c),
            _ => None,
        })
        .ok_or(TsaError::SignerCertificateMissing)
}

/// The single value of the attribute `oid`; `None` if absent, repeated or multi-valued.
fn single_value(attrs: &Attributes, oid: ObjectIdentifier) -> Option<Option<&der::Any>> {
    let mut it = attrs.iter().filter(|a| a.oid == oid);
    let first = it.next();
    if it.next().is_some() {
        return None;
    }
    match first {
        None => Some(None),
        Some(a) if a.values.len() == 1 => Some(a.values.iter().next()),
        Some(_) => None,
    }
}

fn check_signed_attributes(
    attrs: &Attributes,
    digest_alg: DigestAlgorithm,
    tst_bytes: &[u8],
    signer: &Certificate,
    signer_der: &[u8],
) -> Result<(), TsaError> {
    let ct = single_value(attrs, ID_CONTENT_TYPE)
        .flatten()
        .ok_or(TsaError::ContentTypeAttribute)?;
    if ct.decode_as::<ObjectIdentifier>().ok() != Some(ID_CT_TST_INFO) {
        return Err(TsaError::ContentTypeAttribute);
    }
    let md = single_value(attrs, ID_MESSAGE_DIGEST)
        .flatten()
        .ok_or(TsaError::MessageDigestAttribute)?;
    let md: OctetString = md
        .decode_as()
        .map_err(|_| TsaError::MessageDigestAttribute)?;
    if md.as_bytes() != digest_alg.digest(tst_bytes).as_slice() {
        return Err(TsaError::MessageDigestMismatch);
    }
    let v1 =
        single_value(attrs, ID_SIGNING_CERTIFICATE).ok_or(TsaError::SigningCertificateAttribute)?;
    let v2 = single_value(attrs, ID_SIGNING_CERTIFICATE_V2)
        .ok_or(TsaError::SigningCertificateAttribute)?;
    if v1.is_none() && v2.is_none() {
        return Err(TsaError::SigningCertificateAttribute);
    }
    if let Some(v1) = v1 {
        let sc: SigningCertificate = v1
            .decode_as()
            .map_err(|_| TsaError::SigningCertificateAttribute)?;
        cert::check_ess_v1(signer, signer_der, &sc)?;
    }
    if let Some(v2) = v2 {
        let sc: SigningCertificateV2 = v2
            .decode_as()
            .map_err(|_| TsaError::SigningCertificateAttribute)?;
        cert::check_ess_v2(signer, signer_der, &sc)?;
    }
    Ok(())
}

fn general_name_text(name: &GeneralName) -> String {
    match name {
        GeneralName::DirectoryName(n) => n.to_string(),
        GeneralName::DnsName(s)
        | GeneralName::Rfc822Name(s)
        | GeneralName::UniformResourceIdentifier(s) => s.to_string(),
        other => format!("{other:?}"),
    }
}

/// PKIFailureInfo bit names (RFC 3161 §2.4.2) for the bits that are set.
fn fail_info_names(bits: Option<&der::asn1::BitString>) -> Vec<&'static str> {
    const NAMES: [(usize, &str); 8] = [
        (0, "badAlg"),
        (2, "badRequest"),
        (5, "badDataFormat"),
        (14, "timeNotAvailable"),
        (15, "unacceptedPolicy"),
        (16, "unacceptedExtension"),
        (17, "addInfoNotAvailable"),
        (25, "systemFailure"),
    ];
    let Some(bits) = bits else { return Vec::new() };
    let set: Vec<bool> = bits.bits().collect();
    NAMES
        .iter()
        .filter(|(i, _)| set.get(*i).copied().unwrap_or(false))
        .map(|(_, n)| *n)
        .collect()
}

/// A non-negative INTEGER that fits in 64 bits.
pub(crate) fn uint_to_u64(n: &Uint) -> Option<u64> {
    let bytes = n.as_bytes();
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    let tail = bytes.get(start..)?;
    if tail.len() > 8 {
        return None;
    }
    Some(tail.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
}
