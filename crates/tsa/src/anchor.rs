//! Trust anchors: the CA certificates (or TSA certificates themselves) a deployment trusts.

use der::{Decode, Encode};
use x509_cert::Certificate;

use crate::error::TsaError;

/// A trusted certificate, kept with its DER for exact comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustAnchor {
    pub(crate) cert: Certificate,
    pub(crate) der: Vec<u8>,
}

impl TrustAnchor {
    /// One DER-encoded certificate.
    pub fn from_der(bytes: &[u8]) -> Result<Self, TsaError> {
        let cert =
            Certificate::from_der(bytes).map_err(|e| TsaError::TrustAnchor(e.to_string()))?;
        Ok(Self {
            cert,
            der: bytes.to_vec(),
        })
    }

    /// Every certificate of a PEM bundle (at least one).
    pub fn from_pem(pem: &str) -> Result<Vec<Self>, TsaError> {
        let certs = Certificate::load_pem_chain(pem.as_bytes())
            .map_err(|e| TsaError::TrustAnchor(e.to_string()))?;
        if certs.is_empty() {
            return Err(TsaError::TrustAnchor("no certificate in PEM".into()));
        }
        certs
            .into_iter()
            .map(|cert| {
                let der = cert
                    .to_der()
                    .map_err(|e| TsaError::TrustAnchor(e.to_string()))?;
                Ok(Self { cert, der })
            })
            .collect()
    }

    /// The subject name (RFC 4514), for messages and logs.
    pub fn subject(&self) -> String {
        self.cert.tbs_certificate().subject().to_string()
    }

    /// The DER encoding.
    pub fn to_der(&self) -> &[u8] {
        &self.der
    }
}
