//! Serde helpers: a [`Hash`] as 64 lower-case hex digits in JSON state files and sidecars.

use sanxiang_ledger::hash::Hash;
use serde::{Deserialize, Deserializer, Serializer};

/// Serializes a hash as hex.
pub fn serialize<S: Serializer>(hash: &Hash, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hash.to_hex())
}

/// Parses 64 hex digits.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Hash, D::Error> {
    let text = String::deserialize(d)?;
    Hash::from_hex(&text).map_err(serde::de::Error::custom)
}

/// The same for `Option<Hash>` (`null` when absent).
pub mod opt {
    use super::*;

    /// Serializes an optional hash as hex or `null`.
    pub fn serialize<S: Serializer>(hash: &Option<Hash>, s: S) -> Result<S::Ok, S::Error> {
        match hash {
            Some(h) => s.serialize_some(&h.to_hex()),
            None => s.serialize_none(),
        }
    }

    /// Parses hex or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Hash>, D::Error> {
        let text = Option::<String>::deserialize(d)?;
        text.map(|t| Hash::from_hex(&t).map_err(serde::de::Error::custom))
            .transpose()
    }
}
