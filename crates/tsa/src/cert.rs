//! Checks on the TSA certificate: it is the signer, it is meant for time-stamping, it was
//! valid at genTime, and a trust anchor vouches for it.

use cms::signed_data::SignerIdentifier;
use der::Encode;
use x509_cert::Certificate;
use x509_cert::ext::pkix::{ExtendedKeyUsage, SubjectKeyIdentifier};

use crate::alg::{DigestAlgorithm, ID_CE_EXT_KEY_USAGE, ID_KP_TIME_STAMPING};
use crate::anchor::TrustAnchor;
use crate::error::TsaError;
use crate::gentime::GenTime;
use crate::sig;

/// Whether `cert` is the one the SignerInfo identifies.
pub(crate) fn matches_sid(cert: &Certificate, sid: &SignerIdentifier) -> bool {
    let tbs = cert.tbs_certificate();
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(isn) => {
            isn.issuer == *tbs.issuer() && isn.serial_number == *tbs.serial_number()
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => {
            matches!(tbs.get_extension::<SubjectKeyIdentifier>(), Ok(Some((_, own))) if own == *ski)
        }
    }
}

/// RFC 3161 §2.3: a critical extendedKeyUsage whose only purpose is timeStamping.
pub(crate) fn check_eku(cert: &Certificate) -> Result<(), TsaError> {
    let exts = cert
        .tbs_certificate()
        .extensions()
        .map(|e| e.as_slice())
        .unwrap_or_default();
    let mut found = exts.iter().filter(|e| e.extn_id == ID_CE_EXT_KEY_USAGE);
    let ext = found
        .next()
        .ok_or(TsaError::ExtendedKeyUsage("extension absent"))?;
    if found.next().is_some() {
        return Err(TsaError::ExtendedKeyUsage("extension repeated"));
    }
    if !ext.critical {
        return Err(TsaError::ExtendedKeyUsage("extension not critical"));
    }
    let eku = <ExtendedKeyUsage as der::Decode>::from_der(ext.extn_value.as_bytes())
        .map_err(|_| TsaError::ExtendedKeyUsage("extension malformed"))?;
    if eku.0.as_slice() != [ID_KP_TIME_STAMPING] {
        return Err(TsaError::ExtendedKeyUsage(
            "purposes other than timeStamping only",
        ));
    }
    Ok(())
}

/// notBefore and notAfter in Unix seconds.
fn validity(cert: &Certificate) -> (u64, u64) {
    let v = cert.tbs_certificate().validity();
    (
        v.not_before.to_unix_duration().as_secs(),
        v.not_after.to_unix_duration().as_secs(),
    )
}

pub(crate) fn subject(cert: &Certificate) -> String {
    cert.tbs_certificate().subject().to_string()
}

/// genTime must lie within the certificate's validity.
pub(crate) fn check_valid_at(
    cert: &Certificate,
    t: GenTime,
    gen_text: &str,
) -> Result<(), TsaError> {
    let (from, until) = validity(cert);
    if t.secs < from || t.secs > until {
        return Err(TsaError::OutsideValidity {
            gen_time: gen_text.to_string(),
            subject: subject(cert),
        });
    }
    Ok(())
}

/// The verification time must lie within the certificate's validity.
pub(crate) fn check_valid_now(cert: &Certificate, now_secs: u64) -> Result<(), TsaError> {
    let (from, until) = validity(cert);
    if now_secs < from || now_secs > until {
        return Err(TsaError::NotValidNow(subject(cert)));
    }
    Ok(())
}

/// The certificate is a trust anchor, or one anchor (valid at genTime) issued and signed it.
pub(crate) fn check_trusted(
    cert: &Certificate,
    cert_der: &[u8],
    anchors: &[TrustAnchor],
    t: GenTime,
) -> Result<(), TsaError> {
    if anchors.iter().any(|a| a.der == cert_der) {
        return Ok(());
    }
    let tbs = cert.tbs_certificate();
    let untrusted = || TsaError::Untrusted(subject(cert));
    let tbs_der = tbs.to_der().map_err(|_| untrusted())?;
    let signature = cert.signature().as_bytes().ok_or_else(untrusted)?;
    let hash = sig::signature_hash(cert.signature_algorithm(), None)?;
    for anchor in anchors
        .iter()
        .filter(|a| a.cert.tbs_certificate().subject() == tbs.issuer())
    {
        let (from, until) = validity(&anchor.cert);
        if t.secs < from || t.secs > until {
            continue;
        }
        let key = anchor.cert.tbs_certificate().subject_public_key_info();
        if matches!(sig::verify_ecdsa(key, hash, &tbs_der, signature), Ok(true)) {
            return Ok(());
        }
    }
    Err(untrusted())
}

/// Whether an ESS issuerSerial (when present) names this certificate.
fn issuer_serial_matches(cert: &Certificate, is: Option<&crate::asn1::IssuerSerial>) -> bool {
    use x509_cert::ext::pkix::name::GeneralName;
    let Some(is) = is else { return true };
    let tbs = cert.tbs_certificate();
    let serial_ok = is.serial_number.as_bytes() == tbs.serial_number().as_bytes();
    let issuer_ok = is
        .issuer
        .iter()
        .any(|g| matches!(g, GeneralName::DirectoryName(n) if n == tbs.issuer()));
    serial_ok && issuer_ok
}

/// The first ESSCertID of SigningCertificate (SHA-1) must identify the signer certificate.
pub(crate) fn check_ess_v1(
    cert: &Certificate,
    cert_der: &[u8],
    sc: &crate::asn1::SigningCertificate,
) -> Result<(), TsaError> {
    let first = sc.certs.first().ok_or(TsaError::EssCertIdMismatch)?;
    if first.cert_hash.as_bytes() != DigestAlgorithm::Sha1.digest(cert_der).as_slice()
        || !issuer_serial_matches(cert, first.issuer_serial.as_ref())
    {
        return Err(TsaError::EssCertIdMismatch);
    }
    Ok(())
}

/// The first ESSCertIDv2 of SigningCertificateV2 must identify the signer certificate.
pub(crate) fn check_ess_v2(
    cert: &Certificate,
    cert_der: &[u8],
    sc: &crate::asn1::SigningCertificateV2,
) -> Result<(), TsaError> {
    let first = sc.certs.first().ok_or(TsaError::EssCertIdMismatch)?;
    let alg = match &first.hash_algorithm {
        None => DigestAlgorithm::Sha256,
        Some(a) => {
            DigestAlgorithm::from_oid(&a.oid).ok_or_else(|| TsaError::UnsupportedAlgorithm {
                what: "ESSCertIDv2 hash",
                oid: a.oid.to_string(),
            })?
        }
    };
    if first.cert_hash.as_bytes() != alg.digest(cert_der).as_slice()
        || !issuer_serial_matches(cert, first.issuer_serial.as_ref())
    {
        return Err(TsaError::EssCertIdMismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use der::DecodePem;

    /// A self-signed P-256 certificate with the given extendedKeyUsage, made by openssl
    /// (OpenSSL itself refuses to sign time-stamps with such certificates, so the
    /// integration tests cannot produce tokens with them).
    fn cert_with_eku(eku: &str) -> Certificate {
        let dir = tempfile::tempdir().unwrap();
        let mut args = vec![
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "k.pem",
            "-subj",
            "/CN=eku",
            "-days",
            "1",
            "-out",
            "c.pem",
        ];
        let ext = format!("extendedKeyUsage={eku}");
        if !eku.is_empty() {
            args.extend(["-addext", &ext]);
        }
        let out = std::process::Command::new("openssl")
            .args(&args)
            .current_dir(dir.path())
            .output();
        let out = out.expect("the `openssl` command is required by these tests: install it (apt-get install openssl)");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Certificate::from_pem(std::fs::read(dir.path().join("c.pem")).unwrap()).unwrap()
    }

    #[test]
    fn eku_must_be_critical_and_time_stamping_only() {
        assert_eq!(check_eku(&cert_with_eku("critical,timeStamping")), Ok(()));
        assert_eq!(
            check_eku(&cert_with_eku("timeStamping")),
            Err(TsaError::ExtendedKeyUsage("extension not critical"))
        );
        assert_eq!(
            check_eku(&cert_with_eku("critical,timeStamping,serverAuth")),
            Err(TsaError::ExtendedKeyUsage(
                "purposes other than timeStamping only"
            ))
        );
        assert_eq!(
            check_eku(&cert_with_eku("")),
            Err(TsaError::ExtendedKeyUsage("extension absent"))
        );
    }
}
