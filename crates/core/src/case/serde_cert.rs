//! Serde helpers that read certificate numbers back through [`CertificateNo::parse`], so a
//! stored act can never hold an invalid number. (`CertificateNo` itself only serialises.)

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::registry::CertificateNo;

fn parse<E: serde::de::Error>(s: &str) -> Result<CertificateNo, E> {
    CertificateNo::parse(s).map_err(E::custom)
}

pub mod one {
    use super::*;

    pub fn serialize<S: Serializer>(v: &CertificateNo, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<CertificateNo, D::Error> {
        let s = String::deserialize(d)?;
        parse(&s)
    }
}

pub mod vec {
    use super::*;

    pub fn serialize<S: Serializer>(v: &[CertificateNo], s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<CertificateNo>, D::Error> {
        let raw = Vec::<String>::deserialize(d)?;
        raw.iter().map(|s| parse(s)).collect()
    }
}
