//! Witness configuration: the cosigning key, the state directory and the logs it serves.

use anyhow::{Context as _, bail};
use sanxiang_ledger::cosignature::CosignatureSigner;
use sanxiang_ledger::note::Verifier;
use sanxiang_ledger::witness::KnownLog;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Default request body limit. A checkpoint with 100 signature lines and 63 proof lines is
/// about 20 KiB; anything much larger is not a legitimate request.
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024;

fn default_max_body_bytes() -> usize {
    DEFAULT_MAX_BODY_BYTES
}

/// One log the witness accepts checkpoints from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogConfig {
    /// The checkpoint origin line.
    pub origin: String,
    /// Verifier key strings of the log (signed-note format); any one of them may sign.
    pub verifier_keys: Vec<String>,
}

/// Everything [`crate::serve`] needs.
#[derive(Clone, Serialize, Deserialize)]
pub struct WitnessConfig {
    /// The witness's cosigner key string `PRIVATE+KEY+name+id+base64(0x04 ‖ seed)` (secret).
    pub signer_key: String,
    /// Directory holding the last cosigned checkpoint per log and the `forks/` directory.
    pub state_dir: PathBuf,
    /// The logs the witness serves.
    pub logs: Vec<LogConfig>,
    /// Largest accepted request body in bytes (larger requests get 413).
    #[serde(default = "default_max_body_bytes")]
    pub max_body_bytes: usize,
}

impl std::fmt::Debug for WitnessConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WitnessConfig")
            .field("signer_key", &"<secret>")
            .field("state_dir", &self.state_dir)
            .field("logs", &self.logs)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

impl WitnessConfig {
    /// A configuration with the default body limit.
    pub fn new(
        signer_key: impl Into<String>,
        state_dir: impl Into<PathBuf>,
        logs: Vec<LogConfig>,
    ) -> Self {
        WitnessConfig {
            signer_key: signer_key.into(),
            state_dir: state_dir.into(),
            logs,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }

    /// Parses the keys; rejects duplicate origins and logs without keys.
    pub(crate) fn resolve(&self) -> anyhow::Result<(CosignatureSigner, Vec<KnownLog>)> {
        let signer = CosignatureSigner::from_key_string(self.signer_key.trim())
            .context("witness signer key")?;
        let mut logs: Vec<KnownLog> = Vec::with_capacity(self.logs.len());
        for log in &self.logs {
            if log.origin.is_empty() || log.origin.contains('\n') {
                bail!("invalid log origin {:?}", log.origin);
            }
            if logs.iter().any(|l| l.origin == log.origin) {
                bail!("log origin {:?} is configured twice", log.origin);
            }
            if log.verifier_keys.is_empty() {
                bail!("log {:?} has no verifier key", log.origin);
            }
            let keys = log
                .verifier_keys
                .iter()
                .map(|k| Verifier::from_key_string(k.trim()))
                .collect::<Result<Vec<_>, _>>()
                .with_context(|| format!("verifier key of log {:?}", log.origin))?;
            logs.push(KnownLog {
                origin: log.origin.clone(),
                keys,
            });
        }
        Ok((signer, logs))
    }
}
