//! Upload ids: 128 random bits as 32 lower-case hex digits (safe as a directory name).

use std::fmt;

use crate::error::{EvidenceError, Result};

/// The id of an upload session.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UploadId(String);

impl UploadId {
    /// A fresh random id from the operating system's generator.
    pub fn random() -> Result<Self> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|e| EvidenceError::Io {
            context: "drawing a random upload id".into(),
            source: std::io::Error::other(e.to_string()),
        })?;
        Ok(UploadId(hex::encode(bytes)))
    }

    /// Parses an id as a client sends it back; anything but 32 lower-case hex digits is refused,
    /// so an id can never name another path.
    pub fn parse(text: &str) -> Result<Self> {
        let ok = text.len() == 32 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if ok {
            Ok(UploadId(text.to_owned()))
        } else {
            Err(EvidenceError::MalformedId(text.chars().take(80).collect()))
        }
    }

    /// The 32 hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UploadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
