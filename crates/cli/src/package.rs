//! Archive packages from the command line (LOG-4, CASE-7): `ledger export-package CASE` writes
//! one; `ledger verify PACKAGE` checks one offline, with the real witness-cosignature and RFC
//! 3161 checks plugged into the ledger crate's verifier.

use std::path::Path;

use anyhow::Context;
use sanxiang_ledger::cosignature::CosignatureVerifier;
use sanxiang_ledger::package::{ExternalChecks, Outcome, PackageWriter, VerifyPolicy, verify};
use sanxiang_tsa::{DigestAlgorithm, TrustAnchor};

/// Cosignature/v1 and RFC 3161 checks.
pub struct RealChecks;

impl ExternalChecks for RealChecks {
    fn cosignatures(&self, note: &[u8], witness_keys: &[String], quorum: u64) -> Outcome {
        let mut by = Vec::new();
        let mut problems = Vec::new();
        for k in witness_keys {
            match CosignatureVerifier::from_key_string(k.trim()) {
                Ok(v) => match v.verify_note(note) {
                    Ok(ts) => by.push(format!("{} (time {ts})", v.name())),
                    Err(e) => problems.push(format!("{}: {e}", v.name())),
                },
                Err(e) => problems.push(format!("invalid witness key `{k}`: {e}")),
            }
        }
        let got = by.len() as u64;
        if got >= quorum && quorum > 0 {
            Outcome::Holds(format!(
                "{got}/{} 见证人联署 / witnesses cosigned: {}",
                witness_keys.len(),
                by.join(", ")
            ))
        } else {
            Outcome::Fails(format!(
                "仅{got}个见证人联署，需要{quorum}个 / only {got} of {quorum} required cosignatures; {}",
                problems.join("; ")
            ))
        }
    }

    fn timestamp(&self, token: &[u8], signed: &[u8], tsa_certs: &[Vec<u8>]) -> Outcome {
        let mut anchors = Vec::new();
        for pem in tsa_certs {
            match std::str::from_utf8(pem)
                .map_err(|e| e.to_string())
                .and_then(|p| TrustAnchor::from_pem(p).map_err(|e| e.to_string()))
            {
                Ok(a) => anchors.extend(a),
                Err(e) => {
                    return Outcome::Fails(format!("TSA 证书无效 / invalid TSA certificate: {e}"));
                }
            }
        }
        if anchors.is_empty() {
            return Outcome::NotChecked("没有TSA证书 / no TSA certificate to check against".into());
        }
        let digest = DigestAlgorithm::Sm3.digest(signed);
        match sanxiang_tsa::verify_token(token, DigestAlgorithm::Sm3, &digest, &anchors) {
            Ok(ts) => Outcome::Holds(format!("genTime {} by {}", ts.gen_time_text, ts.signer)),
            Err(e) => Outcome::Fails(e.to_string()),
        }
    }
}

/// Options of `ledger verify`.
pub struct VerifyArgs<'a> {
    pub package: &'a Path,
    pub keys: &'a [String],
    pub witnesses: &'a [String],
    pub quorum: Option<u64>,
    pub tsa_ca: &'a [String],
    pub chain_head: Option<&'a str>,
    pub strict: bool,
}

/// Verifies a package offline; prints the report (or JSON); true when everything holds.
pub fn verify_package(a: &VerifyArgs<'_>, json: bool) -> anyhow::Result<bool> {
    let log_keys = a
        .keys
        .iter()
        .map(|k| crate::ledger::read_verifier(k).map_err(|e| anyhow::anyhow!(e)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let witness_keys = a
        .witnesses
        .iter()
        .map(|w| crate::witness::read_key_arg(w))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let tsa_certs = a
        .tsa_ca
        .iter()
        .map(|p| std::fs::read(p).with_context(|| format!("cannot read {p}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let expected_chain_head = match a.chain_head {
        Some(h) => Some(
            sanxiang_ledger::hash::Hash::from_hex(h)
                .map_err(|e| anyhow::anyhow!("--chain-head: {e}"))?,
        ),
        None => None,
    };
    let policy = VerifyPolicy {
        log_keys,
        witness_keys,
        witness_quorum: a.quorum,
        tsa_certs,
        expected_chain_head,
        require_caller_keys: a.strict,
        require_witnesses: a.strict,
        require_timestamp: a.strict,
    };
    let file = std::fs::File::open(a.package)
        .with_context(|| format!("cannot open {}", a.package.display()))?;
    let report = verify(std::io::BufReader::new(file), &policy, &RealChecks);
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{report}");
        let caveats = report
            .checks
            .iter()
            .any(|c| c.status != sanxiang_ledger::package::Status::Holds);
        println!(
            "{}",
            match (report.all_hold(), caveats) {
                (true, false) => "结论：全部成立 / verdict: everything holds",
                (true, true) => {
                    "结论：成立，但请看上面的注意与未检项 / verdict: holds, with the caveats and unchecked items above"
                }
                (false, _) => "结论：不成立 / verdict: does NOT hold",
            }
        );
    }
    Ok(report.all_hold())
}

/// Writes the archive package of a case from the log to `out` (a new file).
pub async fn export(cfg: &crate::config::Config, case_id: &str, out: &Path) -> anyhow::Result<()> {
    let app = crate::commands::open_signing(cfg).await?;
    let parts = app.ledger_case_package(case_id).await.map_err(|e| match e {
        sanxiang_app::AppError::NotFound => anyhow::anyhow!(
            "日志中没有案件 {case_id} 已被检查点覆盖的记录 / no entry of case {case_id} is covered by a checkpoint"
        ),
        other => anyhow::anyhow!("{other}"),
    })?;
    let spec = parts.into_spec();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out)
        .with_context(|| format!("cannot create {} (exists?)", out.display()))?;
    let writer = PackageWriter::new(std::io::BufWriter::new(file), &spec)?;
    if writer.next_file().is_some() {
        anyhow::bail!(
            "案件的记录引用了证据文件，证据存储尚未接入 / the case's acts attach files; the evidence store is not wired yet"
        );
    }
    use std::io::Write as _;
    writer.finish()?.flush()?;
    Ok(())
}
