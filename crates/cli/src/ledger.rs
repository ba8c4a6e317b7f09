//! `sanxiang ledger …`: keys, fsck, proof files.

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
    /// 立即签发检查点（服务运行时每秒自动签发）/ sign a checkpoint of the current tree now
    Checkpoint,
    /// 导出检查点的可信时间戳（RFC 3161）：DIR/checkpoint-SIZE.txt 与 .tsr / write a stamped
    /// checkpoint's text and its token, e.g. for `openssl ts -verify -data … -in … -token_in`
    Timestamp {
        /// 检查点的树大小 / the checkpoint's tree size
        size: u64,
        /// 输出目录 / output directory
        #[arg(long, default_value = ".")]
        out: PathBuf,
    },
    /// 离线校验分叉证明（见证人发现日志分叉时写出）/ verify a fork proof offline
    VerifyFork {
        /// sanxiang-fork-proof/v1 文件 / the fork proof file
        file: PathBuf,
    },
    /// 离线校验归档包（sanxiang-archive/v1）/ verify an archive package offline (exit 0 only if
    /// everything holds)
    Verify {
        /// 归档包 / the package
        package: PathBuf,
        /// 可信的日志公钥（可多次；缺省用包内公钥并注明）/ trusted log key or file (repeatable)
        #[arg(long)]
        key: Vec<String>,
        /// 可信的见证人公钥（可多次）/ trusted witness key or file (repeatable)
        #[arg(long)]
        witness: Vec<String>,
        /// 见证人法定数 / witness quorum (default: all given)
        #[arg(long)]
        quorum: Option<u64>,
        /// 可信的TSA证书（PEM，可多次）/ trusted TSA certificate PEM file (repeatable)
        #[arg(long)]
        tsa_ca: Vec<String>,
        /// 已知的案件链头（如公开决定书上的校验码）/ the case-chain head known from elsewhere
        #[arg(long)]
        chain_head: Option<String>,
        /// 严格：须给出公钥，须有见证与时间戳 / strict: keys must be given, witnesses and a timestamp present
        #[arg(long)]
        strict: bool,
        /// 以JSON输出报告 / print the report as JSON
        #[arg(long)]
        json: bool,
    },
    /// 导出案件归档包 / write a case's archive package
    ExportPackage {
        /// 案件编号 / case id
        case_id: String,
        /// 输出文件（不覆盖）/ output file (never overwritten)
        #[arg(long)]
        out: PathBuf,
    },
    /// 导出某条记录的包含证明文件（c2sp.org/tlog-proof@v1，以最新检查点为准）/ write the proof
    /// file of entry INDEX against the latest checkpoint
    ExportProof {
        /// 记录序号（从0起）/ entry position, from 0
        index: u64,
        /// 输出文件（默认标准输出）/ output file (default: standard output)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// 离线校验证明文件 / verify a proof file offline (exit 0 only if it holds)
    VerifyProof {
        /// c2sp.org/tlog-proof@v1 文件 / the proof file
        file: PathBuf,
        /// 日志公钥（验证密钥字符串或其文件）/ the log's verifier key, or a file holding it
        #[arg(long)]
        key: String,
        /// 见证人公钥（可多次）/ a witness verifier key or file (repeatable)
        #[arg(long)]
        witness: Vec<String>,
        /// 记录原文文件（默认取证明文件中的 extra）/ the entry's bytes (default: the file's extra data)
        #[arg(long)]
        entry: Option<PathBuf>,
        /// 要求的日志 origin / require this origin
        #[arg(long)]
        origin: Option<String>,
    },
}

/// The subcommands that need neither configuration nor database; `None` for the others.
pub fn run_offline(cmd: &LedgerCmd) -> Option<ExitCode> {
    match cmd {
        LedgerCmd::Keygen { name, dir, ed25519 } => Some(run_keygen(name, dir, *ed25519)),
        LedgerCmd::VerifyProof {
            file,
            key,
            witness,
            entry,
            origin,
        } => Some(report(verify_proof(
            file,
            key,
            witness,
            entry.as_deref(),
            origin.as_deref(),
        ))),
        LedgerCmd::VerifyFork { file } => Some(report(verify_fork(file))),
        LedgerCmd::Verify {
            package,
            key,
            witness,
            quorum,
            tsa_ca,
            chain_head,
            strict,
            json,
        } => {
            let args = crate::package::VerifyArgs {
                package,
                keys: key,
                witnesses: witness,
                quorum: *quorum,
                tsa_ca,
                chain_head: chain_head.as_deref(),
                strict: *strict,
            };
            Some(match crate::package::verify_package(&args, *json) {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::FAILURE,
                Err(e) => {
                    eprintln!("错误 / error: {e:#}");
                    ExitCode::from(2)
                }
            })
        }
        LedgerCmd::Fsck
        | LedgerCmd::ExportPackage { .. }
        | LedgerCmd::Checkpoint
        | LedgerCmd::Timestamp { .. }
        | LedgerCmd::ExportProof { .. } => None,
    }
}

/// Prints the outcome of an offline check; exit 0 only when it holds.
fn report(outcome: Result<Vec<String>, String>) -> ExitCode {
    match outcome {
        Ok(lines) => {
            for l in lines {
                println!("{l}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("不成立 / does not hold: {e}");
            ExitCode::FAILURE
        }
    }
}

fn verify_fork(file: &Path) -> Result<Vec<String>, String> {
    use sanxiang_ledger::witness::ForkKind;
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    match sanxiang_ledger::witness::verify_fork(&bytes) {
        Ok(ForkKind::SameSize { size }) => Ok(vec![format!(
            "成立 / holds: 日志已分叉：同一树大小{size}签发了两个不同的根 / the log signed two different roots for size {size}"
        )]),
        Ok(ForkKind::Inconsistent { old_size, new_size }) => Ok(vec![format!(
            "成立 / holds: 日志已分叉：大小{new_size}的树不包含已签发的大小{old_size}的树 / the tree of {new_size} does not extend the signed tree of {old_size}"
        )]),
        Err(e) => Err(format!("不是有效的分叉证明 / not a valid fork proof: {e}")),
    }
}

/// A verifier key given inline or as the path of a file holding it.
pub fn read_verifier(arg: &str) -> Result<note::Verifier, String> {
    let text = if Path::new(arg).is_file() {
        std::fs::read_to_string(arg).map_err(|e| format!("cannot read {arg}: {e}"))?
    } else {
        arg.to_owned()
    };
    text.trim()
        .parse()
        .map_err(|e| format!("公钥无效 / invalid verifier key `{}`: {e}", text.trim()))
}

fn verify_proof(
    file: &Path,
    key: &str,
    witnesses: &[String],
    entry: Option<&Path>,
    origin: Option<&str>,
) -> Result<Vec<String>, String> {
    use sanxiang_ledger::tlog_proof::{MAX_PROOF_FILE, TlogProof};
    let log = read_verifier(key)?;
    let witnesses = witnesses
        .iter()
        .map(|w| read_verifier(w))
        .collect::<Result<Vec<_>, _>>()?;
    let meta = std::fs::metadata(file).map_err(|e| format!("{}: {e}", file.display()))?;
    if meta.len() > MAX_PROOF_FILE as u64 {
        return Err(format!(
            "{}: larger than {MAX_PROOF_FILE} bytes",
            file.display()
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let proof = TlogProof::parse(&bytes).map_err(|e| format!("证明文件格式错误 / {e}"))?;
    let entry_bytes = match entry {
        Some(p) => Some(std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?),
        None => None,
    };
    let ok = proof
        .verify(entry_bytes.as_deref(), &log, &witnesses, origin)
        .map_err(|e| e.to_string())?;
    let cp = &ok.checkpoint;
    let mut lines = vec![
        format!(
            "成立 / holds: 第{}条记录在日志 {} 的前{}条中 / entry {} is in the first {} entries of {}",
            proof.index, cp.origin, cp.size, proof.index, cp.size, cp.origin
        ),
        format!(
            "  检查点由 {} 签名（密钥ID {:08x}），哈希算法 {} / checkpoint signed by the log key",
            log.name(),
            log.key_id(),
            ok.alg.name()
        ),
        format!("  叶子哈希 / leaf hash: {}", ok.leaf_hash.to_hex()),
    ];
    for w in &ok.witnessed_by {
        lines.push(format!("  见证人已联署 / cosigned by witness: {w}"));
    }
    let data = entry_bytes.as_deref().or(proof.extra.as_deref());
    if let Some(e) = data.and_then(|d| sanxiang_ledger::entry::Entry::decode(d).ok()) {
        lines.push(format!(
            "  记录 / entry: 案件 {} 第{}项 {}（{}）",
            e.case_id,
            e.seq,
            e.act_type,
            e.actors.join("、")
        ));
    }
    Ok(lines)
}

/// The subcommands that need the database.
pub async fn run_online(cfg: crate::config::Config, cmd: LedgerCmd) -> anyhow::Result<()> {
    match cmd {
        // Handled before the runtime starts (`run_offline`).
        LedgerCmd::Keygen { .. }
        | LedgerCmd::VerifyProof { .. }
        | LedgerCmd::VerifyFork { .. }
        | LedgerCmd::Verify { .. } => Ok(()),
        LedgerCmd::ExportPackage { case_id, out } => {
            crate::package::export(&cfg, &case_id, &out).await?;
            println!("{}", out.display());
            Ok(())
        }
        LedgerCmd::Checkpoint => {
            let app = crate::commands::open_signing(&cfg).await?;
            app.ledger_checkpoint_now()
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            match app
                .ledger_latest_checkpoint()
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
            {
                Some(note) => print!("{note}"),
                None => println!("日志为空，无检查点 / the log is empty: no checkpoint"),
            }
            Ok(())
        }
        LedgerCmd::Timestamp { size, out } => {
            let app = crate::commands::open(&cfg).await?;
            let Some((cp, ts)) = app
                .ledger_checkpoint_timestamp(size)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
            else {
                anyhow::bail!(
                    "树大小为{size}的检查点没有时间戳 / no stamped checkpoint of size {size}"
                );
            };
            // The stamped bytes are the checkpoint's text: the note up to its blank line.
            let text = cp
                .note
                .split_once("\n\n")
                .map(|(t, _)| format!("{t}\n"))
                .ok_or_else(|| anyhow::anyhow!("stored checkpoint {size} is not a signed note"))?;
            let txt = out.join(format!("checkpoint-{size}.txt"));
            let tsr = out.join(format!("checkpoint-{size}.tsr"));
            std::fs::write(&txt, text)?;
            std::fs::write(&tsr, ts.token)?;
            println!("{}\n{}", txt.display(), tsr.display());
            println!("genTime {} by {}", ts.gen_time.to_rfc3339(), ts.tsa);
            Ok(())
        }
        LedgerCmd::ExportProof { index, out } => {
            let app = crate::commands::open(&cfg).await?;
            let proof = app.ledger_tlog_proof(index).await.map_err(|e| match e {
                sanxiang_app::AppError::NotFound => anyhow::anyhow!(
                    "第{index}条记录尚无检查点覆盖（服务运行时每秒签发）/ entry {index} is not covered by a checkpoint yet"
                ),
                other => anyhow::anyhow!("{other}"),
            })?;
            let text = proof.to_text();
            match out {
                Some(path) => {
                    std::fs::write(&path, text)?;
                    println!("{}", path.display());
                }
                None => print!("{text}"),
            }
            Ok(())
        }
        LedgerCmd::Fsck => {
            let app = crate::commands::open_signing(&cfg).await?;
            let t = std::time::Instant::now();
            let r = app
                .ledger_fsck()
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            match r.first_problem {
                None => {
                    println!(
                        "ok: {} entries, {} node hashes re-derived with {} and equal ({:.2} s)",
                        r.leaves,
                        r.nodes,
                        app.ledger_hash_alg()
                            .await
                            .map_err(|e| anyhow::anyhow!("{e}"))?
                            .name(),
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

pub fn write_new(path: &Path, text: &str, secret: bool) -> Result<(), String> {
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
