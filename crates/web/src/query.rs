//! Query-string helpers: HTML forms send empty strings for "no value" (a select left on 全部).

use std::str::FromStr;

use serde::{Deserialize, Deserializer};

/// Deserializes `""` (and absent) as `None`, otherwise parses the value.
pub fn empty_as_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: std::fmt::Display,
{
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => s
            .trim()
            .parse::<T>()
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}
