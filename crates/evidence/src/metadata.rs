//! What a recorder says about a file. It holds no personal data: officers and parties are linked
//! to the blob in the case database, not here.

use serde::{Deserialize, Serialize};

use crate::error::{EvidenceError, Result};

/// Longest accepted text field, in bytes.
pub const MAX_TEXT: usize = 1024;

/// Most gap records per file.
pub const MAX_GAPS: usize = 1000;

/// Metadata of an evidence file, stored in the blob's sidecar.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// MIME type as declared by the client, e.g. `video/mp4`.
    pub content_type: Option<String>,
    /// File name on the recording device.
    pub file_name: Option<String>,
    /// Serial of the recorder (执法记录仪) or phone.
    pub device_serial: Option<String>,
    /// Start of capture, milliseconds since the Unix epoch.
    pub capture_start_ms: Option<i64>,
    /// End of capture, milliseconds since the Unix epoch.
    pub capture_end_ms: Option<i64>,
    /// Where the capture started.
    pub gps: Option<Gps>,
    /// Interruptions of the recording and why (e.g. battery swap).
    #[serde(default)]
    pub gaps: Vec<Gap>,
}

/// A WGS-84 position.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gps {
    /// Latitude in degrees, −90..=90.
    pub lat: f64,
    /// Longitude in degrees, −180..=180.
    pub lon: f64,
    /// Horizontal accuracy in metres, if known.
    pub accuracy_m: Option<f64>,
}

/// An interruption of a recording.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gap {
    /// Start, milliseconds since the Unix epoch.
    pub start_ms: i64,
    /// End, milliseconds since the Unix epoch.
    pub end_ms: i64,
    /// Why the recording stopped.
    pub reason: String,
}

impl Metadata {
    /// Checks lengths and ranges; the first problem found is the error.
    pub fn validate(&self) -> Result<()> {
        let texts = [
            ("content_type", &self.content_type),
            ("file_name", &self.file_name),
            ("device_serial", &self.device_serial),
        ];
        for (name, value) in texts {
            if let Some(v) = value {
                check_text(name, v)?;
            }
        }
        if let (Some(start), Some(end)) = (self.capture_start_ms, self.capture_end_ms)
            && end < start
        {
            return Err(bad(format!(
                "capture_end_ms {end} is before capture_start_ms {start}"
            )));
        }
        if let Some(gps) = &self.gps {
            gps.validate()?;
        }
        if self.gaps.len() > MAX_GAPS {
            return Err(bad(format!("{} gaps, at most {MAX_GAPS}", self.gaps.len())));
        }
        for (i, gap) in self.gaps.iter().enumerate() {
            if gap.end_ms < gap.start_ms {
                return Err(bad(format!("gap {i}: end_ms is before start_ms")));
            }
            check_text(&format!("gap {i} reason"), &gap.reason)?;
        }
        Ok(())
    }
}

impl Gps {
    fn validate(&self) -> Result<()> {
        if !(self.lat.is_finite() && (-90.0..=90.0).contains(&self.lat)) {
            return Err(bad(format!(
                "gps latitude {} is outside -90..=90",
                self.lat
            )));
        }
        if !(self.lon.is_finite() && (-180.0..=180.0).contains(&self.lon)) {
            return Err(bad(format!(
                "gps longitude {} is outside -180..=180",
                self.lon
            )));
        }
        if let Some(acc) = self.accuracy_m
            && !(acc.is_finite() && acc >= 0.0)
        {
            return Err(bad(format!(
                "gps accuracy {acc} is not a non-negative number"
            )));
        }
        Ok(())
    }
}

fn check_text(name: &str, value: &str) -> Result<()> {
    if value.len() > MAX_TEXT {
        return Err(bad(format!(
            "{name} is {} bytes, at most {MAX_TEXT}",
            value.len()
        )));
    }
    if value.chars().any(char::is_control) {
        return Err(bad(format!("{name} contains a control character")));
    }
    Ok(())
}

fn bad(detail: String) -> EvidenceError {
    EvidenceError::InvalidMetadata(detail)
}
