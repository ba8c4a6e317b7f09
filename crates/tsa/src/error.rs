//! Every way a request, a response or a token can be refused, one variant per check so that a
//! caller (and a test) can tell exactly which property failed.

use thiserror::Error;

/// Errors of building requests and verifying RFC 3161 responses and tokens.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TsaError {
    /// The bytes are not valid DER for the named structure.
    #[error("{what} is not valid DER: {reason}")]
    Decode { what: &'static str, reason: String },
    /// Encoding our own structure failed (only on absurd sizes).
    #[error("cannot encode {what}: {reason}")]
    Encode { what: &'static str, reason: String },
    /// The digest given for a request does not have the algorithm's length.
    #[error("digest is {found} bytes, {algorithm} needs {expected}")]
    DigestLength {
        algorithm: &'static str,
        expected: usize,
        found: usize,
    },
    /// The TSA refused the request (PKIStatus other than granted / grantedWithMods).
    #[error("TSA refused the request: status {status}{}{}",
        if fail_info.is_empty() { String::new() } else { format!(", failInfo {}", fail_info.join(",")) },
        text.as_ref().map(|t| format!(", \"{t}\"")).unwrap_or_default())]
    Rejected {
        status: i64,
        fail_info: Vec<&'static str>,
        text: Option<String>,
    },
    /// Status granted but no token in the response.
    #[error("response grants the request but carries no time-stamp token")]
    MissingToken,
    /// The token is not a CMS SignedData.
    #[error("token content type is {0}, not id-signedData")]
    NotSignedData(String),
    /// The SignedData does not encapsulate a TSTInfo.
    #[error("encapsulated content type is {0}, not id-ct-TSTInfo")]
    NotTstInfo(String),
    /// The SignedData has no encapsulated content (detached).
    #[error("signed data carries no TSTInfo content")]
    MissingContent,
    /// TSTInfo version other than 1.
    #[error("TSTInfo version is not 1")]
    TstInfoVersion,
    /// The imprint algorithm differs from the one requested.
    #[error("message imprint algorithm {found} differs from the requested {expected}")]
    ImprintAlgorithm { expected: String, found: String },
    /// The imprint digest differs from the one requested.
    #[error("message imprint digest differs from the requested digest")]
    ImprintDigest,
    /// The nonce is missing or differs from the one requested.
    #[error("nonce differs from the requested nonce")]
    Nonce,
    /// genTime is not a valid RFC 3161 GeneralizedTime.
    #[error("genTime is invalid: {0}")]
    GenTime(String),
    /// Not exactly one SignerInfo.
    #[error("signed data has {0} signer infos, expected exactly one")]
    SignerCount(usize),
    /// No certificate in the token matches the SignerInfo sid.
    #[error("no certificate in the token matches the signer identifier")]
    SignerCertificateMissing,
    /// SignerInfo without signed attributes.
    #[error("signer info has no signed attributes")]
    MissingSignedAttributes,
    /// content-type signed attribute absent, repeated or not id-ct-TSTInfo.
    #[error("signed attribute content-type is missing or not id-ct-TSTInfo")]
    ContentTypeAttribute,
    /// message-digest signed attribute absent or repeated.
    #[error("signed attribute message-digest is missing or malformed")]
    MessageDigestAttribute,
    /// message-digest does not equal the digest of the TSTInfo.
    #[error("signed attribute message-digest does not match the TSTInfo")]
    MessageDigestMismatch,
    /// Neither signing-certificate nor signing-certificate-v2 is present.
    #[error("signed attributes carry no ESS signing certificate")]
    SigningCertificateAttribute,
    /// The ESSCertID(v2) does not identify the signer certificate.
    #[error("ESS certificate identifier does not match the signer certificate")]
    EssCertIdMismatch,
    /// An algorithm this crate does not verify.
    #[error("unsupported {what} algorithm {oid}")]
    UnsupportedAlgorithm { what: &'static str, oid: String },
    /// The signer public key cannot be used.
    #[error("invalid public key: {0}")]
    PublicKey(String),
    /// The CMS signature over the signed attributes does not verify.
    #[error("signature over the signed attributes does not verify")]
    Signature,
    /// The signer certificate lacks a critical extendedKeyUsage with only timeStamping.
    #[error("signer certificate lacks extendedKeyUsage timeStamping: {0}")]
    ExtendedKeyUsage(&'static str),
    /// genTime lies outside the validity of the signer certificate (or of its issuer).
    #[error("genTime {gen_time} is outside the validity of certificate {subject}")]
    OutsideValidity { gen_time: String, subject: String },
    /// The signer certificate is not valid at the verification time.
    #[error("certificate {0} is not valid now")]
    NotValidNow(String),
    /// The signer certificate is neither a trust anchor nor signed by one.
    #[error("signer certificate {0} is not issued by a trust anchor")]
    Untrusted(String),
    /// A trust anchor could not be parsed.
    #[error("trust anchor is not a certificate: {0}")]
    TrustAnchor(String),
}

pub(crate) fn decode(what: &'static str) -> impl FnOnce(der::Error) -> TsaError {
    move |e| TsaError::Decode {
        what,
        reason: e.to_string(),
    }
}

pub(crate) fn encode(what: &'static str) -> impl FnOnce(der::Error) -> TsaError {
    move |e| TsaError::Encode {
        what,
        reason: e.to_string(),
    }
}
