//! `sanxiang ledger …`: key generation (more subcommands come with the sequencer).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use rand_core::UnwrapErr;
use sanxiang_ledger::note;

#[derive(Subcommand)]
pub enum LedgerCmd {
    /// 生成检查点签名密钥（SM2，可另加 Ed25519）/ generate checkpoint signing keys
    Keygen {
        /// 密钥名称，如日志的 origin / key name, e.g. the log's origin (no spaces or '+')
        #[arg(long)]
        name: String,
        /// 输出目录 / output directory
        #[arg(long, default_value = ".")]
        dir: PathBuf,
        /// 同时生成 Ed25519 密钥 / also generate an Ed25519 key (for the public witness ecosystem)
        #[arg(long)]
        ed25519: bool,
    },
    /// 校验日志：由记录重新计算每个叶子和节点并与存储比对 / re-derive every leaf and node and
    /// report the first mismatch (exit 1)
    Fsck,
}

/// The subcommands that need the database.
pub async fn run_online(cfg: crate::config::Config, cmd: LedgerCmd) -> anyhow::Result<()> {
    match cmd {
        // Handled before the runtime starts (`run_keygen`).
        LedgerCmd::Keygen { .. } => Ok(()),
        LedgerCmd::Fsck => {
            let app = crate::commands::open(&cfg).await?;
            let t = std::time::Instant::now();
            let r = app
                .ledger_fsck()
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            match r.first_problem {
                None => {
                    println!(
                        "ok: {} entries, {} node hashes re-derived and equal ({:.2} s)",
                        r.leaves,
                        r.nodes,
                        t.elapsed().as_secs_f64()
                    );
                    Ok(())
                }
                Some(p) => anyhow::bail!("日志校验失败 / ledger check failed: {p}"),
            }
        }
    }
}

/// `ledger keygen`, which needs no database.
pub fn run_keygen(name: &str, dir: &Path, ed25519: bool) -> ExitCode {
    match keygen(name, dir, ed25519) {
        Ok(files) => {
            for f in files {
                println!("{}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误 / error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes `NAME.sm2.key` (signer, mode 0600) and `NAME.sm2.vkey` (verifier), and the same for
/// Ed25519 when asked. Never overwrites an existing file.
pub fn keygen(name: &str, dir: &Path, ed25519: bool) -> Result<Vec<PathBuf>, String> {
    if !note::is_valid_key_name(name) {
        return Err(format!(
            "密钥名称无效（不能含空格或“+”）/ invalid key name `{name}`"
        ));
    }
    let mut rng = UnwrapErr(getrandom::SysRng);
    let mut pairs = vec![(
        "sm2",
        note::generate_sm2(name, &mut rng).map_err(|e| e.to_string())?,
    )];
    if ed25519 {
        pairs.push((
            "ed25519",
            note::generate_ed25519(name, &mut rng).map_err(|e| e.to_string())?,
        ));
    }
    let file_name = name.replace('/', "_");
    let mut written = Vec::new();
    for (alg, (signer, verifier)) in pairs {
        let key = dir.join(format!("{file_name}.{alg}.key"));
        let vkey = dir.join(format!("{file_name}.{alg}.vkey"));
        write_new(&key, &signer, true)?;
        write_new(&vkey, &verifier, false)?;
        written.extend([key, vkey]);
    }
    Ok(written)
}

fn write_new(path: &Path, text: &str, secret: bool) -> Result<(), String> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = secret;
    let mut f = opts.open(path).map_err(|e| {
        format!(
            "不能创建 {}（已存在？）/ cannot create: {e}",
            path.display()
        )
    })?;
    f.write_all(format!("{text}\n").as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}
