//! `sanxiang witness …` (run by another body: the judicial bureau, the archive) and the log's
//! side of witnessing: collecting the configured quorum of cosignatures before a checkpoint is
//! published (LOG-2).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use anyhow::Context;
use clap::Subcommand;
use rand_core::UnwrapErr;
use sanxiang_app::App;
use sanxiang_app::ledger::{BoxFuture, Cosigner};
use sanxiang_ledger::cosignature::{self, CosignatureVerifier};
use sanxiang_witness::{LogConfig, WitnessConfig, WitnessEndpoint};

#[derive(Subcommand)]
pub enum WitnessCmd {
    /// 生成见证人联署密钥（Ed25519，cosignature/v1）/ generate a witness cosigning key
    Keygen {
        /// 见证人名称，如 witness.sfj.example.gov.cn / witness name (no spaces or '+')
        #[arg(long)]
        name: String,
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
    /// 运行见证服务（C2SP tlog-witness）/ run the witness (C2SP tlog-witness)
    Serve {
        /// 监听地址 / listen address
        #[arg(long, default_value = "127.0.0.1:8090")]
        listen: String,
        /// 见证人私钥文件 / the witness signer key file
        #[arg(long)]
        key: PathBuf,
        /// 状态目录（已联署的检查点与分叉证明）/ state directory (cosigned checkpoints, fork proofs)
        #[arg(long)]
        state: PathBuf,
        /// 所见证的日志："ORIGIN=公钥或公钥文件"（可多次）/ a log to witness, `ORIGIN=VKEY` (repeatable)
        #[arg(long = "log", required = true)]
        logs: Vec<String>,
    },
}

pub async fn run(cmd: WitnessCmd) -> anyhow::Result<()> {
    match cmd {
        WitnessCmd::Keygen { name, dir } => {
            let mut rng = UnwrapErr(getrandom::SysRng);
            let (signer, verifier) = cosignature::generate(&name, &mut rng)
                .map_err(|e| anyhow::anyhow!("密钥名称无效 / invalid key name: {e}"))?;
            let base = name.replace('/', "_");
            let key = dir.join(format!("{base}.witness.key"));
            let vkey = dir.join(format!("{base}.witness.vkey"));
            crate::ledger::write_new(&key, &signer, true).map_err(|e| anyhow::anyhow!(e))?;
            crate::ledger::write_new(&vkey, &verifier, false).map_err(|e| anyhow::anyhow!(e))?;
            println!("{}\n{}", key.display(), vkey.display());
            Ok(())
        }
        WitnessCmd::Serve {
            listen,
            key,
            state,
            logs,
        } => {
            let signer_key = std::fs::read_to_string(&key)
                .with_context(|| format!("cannot read the witness key {}", key.display()))?;
            let logs = logs
                .iter()
                .map(|l| parse_log(l))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let config = WitnessConfig::new(signer_key.trim(), state, logs);
            let listener = tokio::net::TcpListener::bind(&listen)
                .await
                .with_context(|| format!("cannot listen on {listen}"))?;
            println!(
                "见证服务已启动 / witness ready: http://{}/add-checkpoint",
                listener.local_addr()?
            );
            sanxiang_witness::serve(listener, config).await
        }
    }
}

/// `ORIGIN=VKEY`, the key inline or in a file.
fn parse_log(arg: &str) -> anyhow::Result<LogConfig> {
    let (origin, key) = arg.split_once('=').ok_or_else(|| {
        anyhow::anyhow!("--log 应为 ORIGIN=公钥 / expected ORIGIN=VKEY, got `{arg}`")
    })?;
    let key = read_key_arg(key)?;
    Ok(LogConfig {
        origin: origin.trim().to_owned(),
        verifier_keys: vec![key],
    })
}

/// A key string given inline or as the path of a file holding it.
pub fn read_key_arg(arg: &str) -> anyhow::Result<String> {
    let arg = arg.trim();
    if Path::new(arg).is_file() {
        Ok(std::fs::read_to_string(arg)
            .with_context(|| format!("cannot read {arg}"))?
            .trim()
            .to_owned())
    } else {
        Ok(arg.to_owned())
    }
}

/// The log's witnesses (configuration `ledger_witnesses`: `URL KEY` entries separated by `;`
/// or newlines) and the quorum (default: all).
pub struct WitnessQuorum {
    http: reqwest::Client,
    endpoints: Mutex<Vec<WitnessEndpoint>>,
    quorum: usize,
}

impl WitnessQuorum {
    /// `None` when no witness is configured.
    pub fn from_config(list: &str, quorum: Option<usize>) -> anyhow::Result<Option<WitnessQuorum>> {
        let mut endpoints = Vec::new();
        for item in list
            .split([';', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let (url, key) = item.split_once(char::is_whitespace).ok_or_else(|| {
                anyhow::anyhow!(
                    "invalid configuration: ledger_witnesses entry `{item}` must be `URL KEY`"
                )
            })?;
            let verifier = CosignatureVerifier::from_key_string(&read_key_arg(key)?)
                .map_err(|e| anyhow::anyhow!("invalid witness key in ledger_witnesses: {e}"))?;
            endpoints.push(WitnessEndpoint {
                url: url.trim_end_matches('/').to_owned(),
                verifier,
                old_size: 0,
            });
        }
        if endpoints.is_empty() {
            return Ok(None);
        }
        let quorum = quorum.unwrap_or(endpoints.len());
        if quorum == 0 || quorum > endpoints.len() {
            anyhow::bail!(
                "invalid configuration: ledger_witness_quorum must be between 1 and {}",
                endpoints.len()
            );
        }
        Ok(Some(WitnessQuorum {
            http: reqwest::Client::new(),
            endpoints: Mutex::new(endpoints),
            quorum,
        }))
    }

    /// The witnesses' verifier key strings (for archive packages) and the quorum.
    pub fn keys(&self) -> (Vec<String>, u64) {
        let keys = self
            .endpoints
            .lock()
            .map(|e| e.iter().map(|w| w.verifier.to_key_string()).collect())
            .unwrap_or_default();
        (keys, self.quorum as u64)
    }

    async fn collect(&self, app: &App, note: &str, size: u64) -> Result<String, String> {
        let endpoints = self.endpoints.lock().map_err(|e| e.to_string())?.clone();
        let app = app.clone();
        let proof_from = move |old: u64| {
            let app = app.clone();
            async move {
                app.ledger_consistency_hashes(old, size)
                    .await
                    .map_err(|e| e.to_string())
            }
        };
        let collected = sanxiang_witness::collect_cosignatures(
            &self.http,
            &endpoints,
            self.quorum,
            Duration::from_secs(10),
            note,
            proof_from,
        )
        .await
        .map_err(|e| e.to_string())?;
        for f in &collected.failures {
            tracing::warn!(witness = %f.url, error = %f.error, "witness did not cosign");
        }
        if let Ok(mut eps) = self.endpoints.lock() {
            for (url, recorded) in &collected.cosigned {
                if let Some(e) = eps.iter_mut().find(|e| &e.url == url) {
                    e.old_size = *recorded;
                }
            }
        }
        Ok(collected.note)
    }
}

impl Cosigner for WitnessQuorum {
    fn cosign<'a>(
        &'a self,
        app: &'a App,
        note: &'a str,
        size: u64,
    ) -> BoxFuture<'a, Result<String, String>> {
        Box::pin(self.collect(app, note, size))
    }

    fn witness_keys(&self) -> (Vec<String>, u64) {
        self.keys()
    }
}
