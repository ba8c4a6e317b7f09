//! Judges what the pass collected: one [`Check`] per [`CheckId`], in order.

use crate::chain::CaseChain;
use crate::checkpoint::Checkpoint;
use crate::entry::Entry;
use crate::hash::{Hash, leaf_hash};
use crate::note::{self, Verifier};
use crate::proof::verify_inclusion;

use super::super::manifest::{Manifest, ManifestError};
use super::super::report::{Check, CheckId, Report, Status};
use super::collect::{Collected, ManifestState};
use super::{ExternalChecks, Outcome, VerifyPolicy};

const MANIFEST_UNUSABLE: &str = "清单不可用，未检查 / not checked: the manifest is unusable";

/// Judges `c` under `policy`.
pub(super) fn evaluate(c: &Collected, policy: &VerifyPolicy, ext: &dyn ExternalChecks) -> Report {
    let mut checks = vec![Check::from_failures(
        CheckId::ArchiveRead,
        c.archive_errors.clone(),
        vec![],
    )];
    let manifest = match &c.manifest {
        ManifestState::Parsed(m) => {
            checks.push(Check::holds(
                CheckId::ManifestParse,
                vec![format!(
                    "case {:?}: {} acts, {} files",
                    m.case_id,
                    m.entries.len(),
                    m.files.len()
                )],
            ));
            checks.push(Check::holds(
                CheckId::ManifestFormat,
                vec![format!("{}, hash {}", super::super::FORMAT, m.hash)],
            ));
            Some(m.as_ref())
        }
        ManifestState::Unreadable(why) => {
            checks.push(fails(CheckId::ManifestParse, why.clone()));
            checks.push(Check::not_checked(
                CheckId::ManifestFormat,
                MANIFEST_UNUSABLE,
            ));
            None
        }
        ManifestState::Invalid(ManifestError::UnsupportedFormat { found }) => {
            checks.push(Check::not_checked(
                CheckId::ManifestParse,
                "格式不受支持，未解析 / not parsed: unsupported format",
            ));
            checks.push(fails(
                CheckId::ManifestFormat,
                format!(
                    "format {found:?}, this verifier reads {:?}",
                    super::super::FORMAT
                ),
            ));
            None
        }
        ManifestState::Invalid(e) => {
            checks.push(fails(CheckId::ManifestParse, e.to_string()));
            checks.push(Check::not_checked(
                CheckId::ManifestFormat,
                MANIFEST_UNUSABLE,
            ));
            None
        }
    };
    let Some(m) = manifest else {
        for id in CheckId::ALL.into_iter().skip(checks.len()) {
            checks.push(Check::not_checked(id, MANIFEST_UNUSABLE));
        }
        return Report { checks };
    };
    checks.push(Check::from_failures(
        CheckId::MembersListed,
        c.unlisted
            .iter()
            .map(|n| format!("{n}: not listed in the manifest"))
            .collect(),
        vec![],
    ));
    checks.push(Check::from_failures(
        CheckId::MembersUnique,
        c.duplicates
            .iter()
            .map(|n| format!("{n}: appears more than once"))
            .collect(),
        vec![],
    ));
    checks.push(Check::from_failures(
        CheckId::MembersOrder,
        c.out_of_order
            .iter()
            .map(|n| format!("{n}: comes after a member listed later"))
            .collect(),
        vec![],
    ));
    let anchors = Anchors::choose(c, m, policy);
    checks.push(anchors.check(policy));
    let (signature, checkpoint) = checkpoint_signature(c, m, &anchors);
    checks.push(signature);
    checks.push(cosignatures(c, &anchors, policy, ext));
    checks.push(timestamps(c, m, &anchors, policy, ext));
    let (decode, entries) = decode_entries(c, m);
    checks.push(decode);
    let (chain, head) = chain_continuous(m, &entries);
    checks.push(chain);
    checks.push(chain_head(m, head, policy));
    checks.push(inclusion(c, m, checkpoint.as_ref()));
    checks.push(files_match(c, m, &entries));
    Report { checks }
}

fn fails(id: CheckId, detail: impl Into<String>) -> Check {
    Check {
        id,
        status: Status::Fails,
        details: vec![detail.into()],
    }
}

fn key_label(v: &Verifier) -> String {
    format!("{}+{:08x}", v.name(), v.key_id())
}

fn lines(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The keys the checks trust, and where they come from.
struct Anchors {
    log: Vec<Verifier>,
    log_from_caller: bool,
    log_errors: Vec<String>,
    package_log_keys: Vec<String>,
    witnesses: Vec<String>,
    witnesses_from_caller: bool,
    quorum: u64,
    tsa: Vec<Vec<u8>>,
    tsa_from_caller: bool,
}

impl Anchors {
    fn choose(c: &Collected, m: &Manifest, policy: &VerifyPolicy) -> Self {
        let mut log_errors = Vec::new();
        let (log, log_from_caller) = if policy.log_keys.is_empty() {
            let mut keys = Vec::new();
            match &c.log_keys {
                None => log_errors.push(format!("{}: missing", m.keys.log)),
                Some(bytes) => {
                    for (i, line) in lines(bytes).iter().enumerate() {
                        match line.parse::<Verifier>() {
                            Ok(v) => keys.push(v),
                            Err(e) => {
                                log_errors.push(format!("{} key {}: {e}", m.keys.log, i + 1));
                            }
                        }
                    }
                    if keys.is_empty() && log_errors.is_empty() {
                        log_errors.push(format!("{}: holds no key", m.keys.log));
                    }
                }
            }
            (keys, false)
        } else {
            (policy.log_keys.clone(), true)
        };
        // What the package itself claims, to show a mismatch with the caller's keys.
        let package_log_keys = c
            .log_keys
            .as_deref()
            .map(lines)
            .unwrap_or_default()
            .iter()
            .map(|l| {
                l.parse::<Verifier>()
                    .map_or_else(|e| format!("unparsable ({e})"), |v| key_label(&v))
            })
            .collect();
        let (witnesses, witnesses_from_caller, quorum) = if policy.witness_keys.is_empty() {
            let keys = c.witness_keys.as_deref().map(lines).unwrap_or_default();
            (keys, false, m.keys.witness_quorum)
        } else {
            let n = policy.witness_keys.len() as u64;
            (
                policy.witness_keys.clone(),
                true,
                policy.witness_quorum.unwrap_or(n),
            )
        };
        let (tsa, tsa_from_caller) = if policy.tsa_certs.is_empty() {
            (c.tsa.iter().flatten().cloned().collect(), false)
        } else {
            (policy.tsa_certs.clone(), true)
        };
        Anchors {
            log,
            log_from_caller,
            log_errors,
            package_log_keys,
            witnesses,
            witnesses_from_caller,
            quorum,
            tsa,
            tsa_from_caller,
        }
    }

    fn check(&self, policy: &VerifyPolicy) -> Check {
        let keys: Vec<String> = self.log.iter().map(key_label).collect();
        let mut details = Vec::new();
        if !self.log_errors.is_empty() {
            return Check {
                id: CheckId::TrustAnchors,
                status: Status::Fails,
                details: self.log_errors.clone(),
            };
        }
        let status = if self.log_from_caller {
            details.push(format!(
                "日志密钥由调用方提供 / log keys given by the caller: {}",
                keys.join(", ")
            ));
            if self.package_log_keys != keys {
                details.push(format!(
                    "the package names other log keys, not trusted: {}",
                    self.package_log_keys.join(", ")
                ));
            }
            Status::Holds
        } else {
            details.push(format!(
                "未提供日志密钥，使用包内自带密钥（仅证明自洽）/ no log key given: the package's own keys are trusted (self-consistency only): {}",
                keys.join(", ")
            ));
            if policy.require_caller_keys {
                Status::Fails
            } else {
                Status::Caveat
            }
        };
        if !self.witnesses.is_empty() {
            let source = if self.witnesses_from_caller {
                "caller"
            } else {
                "package"
            };
            details.push(format!(
                "witness keys from the {source}: {} keys, quorum {}",
                self.witnesses.len(),
                self.quorum
            ));
        }
        if !self.tsa.is_empty() {
            let source = if self.tsa_from_caller {
                "caller"
            } else {
                "package"
            };
            details.push(format!(
                "TSA certificates from the {source}: {}",
                self.tsa.len()
            ));
        }
        Check {
            id: CheckId::TrustAnchors,
            status,
            details,
        }
    }
}

/// Returns the signature check and the checkpoint body (parsed even if the signature fails,
/// so the proofs can still be judged against it).
fn checkpoint_signature(
    c: &Collected,
    m: &Manifest,
    anchors: &Anchors,
) -> (Check, Option<Checkpoint>) {
    let id = CheckId::CheckpointSignature;
    let Some(bytes) = &c.checkpoint else {
        return (fails(id, format!("{}: missing", m.checkpoint)), None);
    };
    let body = note::parse(bytes)
        .map_err(|e| e.to_string())
        .and_then(|p| Checkpoint::parse(&p.text).map_err(|e| e.to_string()));
    let checkpoint = match body {
        Ok(cp) => cp,
        Err(e) => return (fails(id, format!("{}: {e}", m.checkpoint)), None),
    };
    let mut failures = Vec::new();
    if anchors.log.is_empty() {
        failures.push("no usable log key".to_owned());
    } else if let Err(e) = note::open(bytes, &anchors.log) {
        let keys: Vec<String> = anchors.log.iter().map(key_label).collect();
        failures.push(format!("{e} (trusted log keys: {})", keys.join(", ")));
    }
    if checkpoint.origin != m.origin {
        failures.push(format!(
            "origin {:?} in the checkpoint, {:?} in the manifest",
            checkpoint.origin, m.origin
        ));
    }
    match checkpoint.hash_algorithm() {
        Ok(alg) if alg == m.hash => {}
        Ok(alg) => failures.push(format!(
            "hash {alg} in the checkpoint, {} in the manifest",
            m.hash
        )),
        Err(e) => failures.push(e.to_string()),
    }
    let ok = vec![format!(
        "tree size {}, root {}",
        checkpoint.size,
        Hash(checkpoint.root)
    )];
    (Check::from_failures(id, failures, ok), Some(checkpoint))
}

fn from_outcome(id: CheckId, outcome: Outcome) -> Check {
    match outcome {
        Outcome::Holds(d) => Check::holds(id, vec![d]),
        Outcome::Fails(d) => fails(id, d),
        Outcome::NotChecked(d) => Check::not_checked(id, d),
    }
}

fn absent(id: CheckId, required: bool, reason: &str) -> Check {
    if required {
        fails(id, reason)
    } else {
        Check::not_checked(id, reason)
    }
}

fn cosignatures(
    c: &Collected,
    anchors: &Anchors,
    policy: &VerifyPolicy,
    ext: &dyn ExternalChecks,
) -> Check {
    let id = CheckId::CheckpointCosignatures;
    if anchors.witnesses.is_empty() {
        return absent(
            id,
            policy.require_witnesses,
            "未配置见证人 / no witness configured",
        );
    }
    if anchors.quorum == 0 || anchors.quorum > anchors.witnesses.len() as u64 {
        return fails(
            id,
            format!(
                "quorum {} is impossible with {} witness keys",
                anchors.quorum,
                anchors.witnesses.len()
            ),
        );
    }
    let Some(note) = &c.checkpoint else {
        return fails(id, "no checkpoint to check");
    };
    from_outcome(
        id,
        ext.cosignatures(note, &anchors.witnesses, anchors.quorum),
    )
}

fn timestamps(
    c: &Collected,
    m: &Manifest,
    anchors: &Anchors,
    policy: &VerifyPolicy,
    ext: &dyn ExternalChecks,
) -> Check {
    let id = CheckId::CheckpointTimestamp;
    if m.timestamps.is_empty() {
        return absent(id, policy.require_timestamp, "无时间戳 / no timestamp");
    }
    let Some(text) = c
        .checkpoint
        .as_deref()
        .and_then(|b| note::parse(b).ok())
        .map(|p| p.text)
    else {
        return fails(id, "no readable checkpoint to check the timestamps against");
    };
    let (mut holds, mut failures, mut skipped) = (Vec::new(), Vec::new(), Vec::new());
    for (path, token) in m.timestamps.iter().zip(&c.timestamps) {
        let Some(token) = token else {
            failures.push(format!("{path}: missing"));
            continue;
        };
        match ext.timestamp(token, text.as_bytes(), &anchors.tsa) {
            Outcome::Holds(d) => holds.push(format!("{path}: {d}")),
            Outcome::Fails(d) => failures.push(format!("{path}: {d}")),
            Outcome::NotChecked(d) => skipped.push(format!("{path}: {d}")),
        }
    }
    if !failures.is_empty() {
        return Check {
            id,
            status: Status::Fails,
            details: failures,
        };
    }
    if holds.is_empty() {
        return Check {
            id,
            status: Status::NotChecked,
            details: skipped,
        };
    }
    holds.extend(skipped);
    Check::holds(id, holds)
}

/// Decodes every entry; returns the check and the decoded entries in manifest order.
fn decode_entries(c: &Collected, m: &Manifest) -> (Check, Vec<Option<Entry>>) {
    let mut failures = Vec::new();
    let mut decoded = Vec::with_capacity(m.entries.len());
    for (rec, bytes) in m.entries.iter().zip(&c.entries) {
        let at = format!("act {} ({})", rec.seq, rec.path);
        let Some(bytes) = bytes else {
            failures.push(format!("{at}: missing"));
            decoded.push(None);
            continue;
        };
        let entry = match Entry::decode(bytes) {
            Ok(e) => e,
            Err(e) => {
                failures.push(format!("{at}: {e}"));
                decoded.push(None);
                continue;
            }
        };
        let leaf = leaf_hash(m.hash, bytes);
        if leaf != rec.leaf_hash {
            failures.push(format!(
                "{at}: leaf hash {leaf}, the manifest records {}",
                rec.leaf_hash
            ));
        }
        if entry.seq != rec.seq {
            failures.push(format!("{at}: the entry says seq {}", entry.seq));
        }
        decoded.push(Some(entry));
    }
    let ok = vec![format!("{} acts", m.entries.len())];
    (
        Check::from_failures(CheckId::EntriesDecode, failures, ok),
        decoded,
    )
}

fn chain_continuous(m: &Manifest, entries: &[Option<Entry>]) -> (Check, Option<Hash>) {
    let id = CheckId::ChainContinuous;
    let present: Vec<Entry> = entries.iter().flatten().cloned().collect();
    let missing = entries.len() - present.len();
    match CaseChain::new(m.hash, m.case_id.clone()).verify(&present) {
        Ok(head) if missing == 0 => (
            Check::holds(id, vec![format!("acts 1..{} linked", present.len())]),
            Some(head),
        ),
        Ok(_) => (
            fails(
                id,
                format!("{missing} acts missing or undecodable (see entries.decode)"),
            ),
            None,
        ),
        Err(e) => {
            let at = e
                .position()
                .map(|p| format!("position {p}: "))
                .unwrap_or_default();
            (fails(id, format!("{at}{e}")), None)
        }
    }
}

fn chain_head(m: &Manifest, head: Option<Hash>, policy: &VerifyPolicy) -> Check {
    let id = CheckId::ChainHead;
    let Some(head) = head else {
        return Check::not_checked(id, "案件链不连续 / not checked: the chain is broken");
    };
    let mut failures = Vec::new();
    if head != m.chain_head {
        failures.push(format!(
            "the acts lead to head {head}, the manifest records {}",
            m.chain_head
        ));
    }
    if let Some(expected) = policy.expected_chain_head
        && head != expected
    {
        failures.push(format!(
            "the acts lead to head {head}, the caller expects {expected}"
        ));
    }
    Check::from_failures(id, failures, vec![format!("head {head}")])
}

fn inclusion(c: &Collected, m: &Manifest, checkpoint: Option<&Checkpoint>) -> Check {
    let id = CheckId::EntriesInclusion;
    let Some(cp) = checkpoint else {
        return Check::not_checked(id, "无可用检查点 / not checked: no readable checkpoint");
    };
    let root = Hash(cp.root);
    let mut failures = Vec::new();
    let mut proved = 0usize;
    for (rec, bytes) in m.entries.iter().zip(&c.entries) {
        let Some(bytes) = bytes else { continue };
        let leaf = leaf_hash(m.hash, bytes);
        match verify_inclusion(m.hash, rec.index, cp.size, &leaf, &rec.proof, &root) {
            Ok(()) => proved += 1,
            Err(e) => failures.push(format!("act {} (leaf {}): {e}", rec.seq, rec.index)),
        }
    }
    let ok = vec![format!(
        "{proved} acts included in the tree of size {}",
        cp.size
    )];
    Check::from_failures(id, failures, ok)
}

fn files_match(c: &Collected, m: &Manifest, entries: &[Option<Entry>]) -> Check {
    let mut failures = Vec::new();
    let mut referenced = vec![false; m.files.len()];
    for entry in entries.iter().flatten() {
        for a in &entry.attachments {
            let Some(i) = m.files.iter().position(|f| f.sm3 == a.sm3) else {
                failures.push(format!(
                    "act {} attaches {} ({}): not in the manifest",
                    entry.seq, a.sm3, a.kind
                ));
                continue;
            };
            if let Some(r) = referenced.get_mut(i) {
                *r = true;
            }
            let Some(rec) = m.files.get(i) else { continue };
            if rec.sha256 != a.sha256 || rec.size != a.size {
                failures.push(format!(
                    "{}: the manifest records SHA-256 {} size {}, act {} commits to SHA-256 {} size {}",
                    rec.path, rec.sha256, rec.size, entry.seq, a.sha256, a.size
                ));
            }
        }
    }
    let mut total = 0u64;
    for ((rec, found), used) in m.files.iter().zip(&c.files).zip(&referenced) {
        if !used {
            failures.push(format!("{}: no act refers to it", rec.path));
        }
        let Some(found) = found else {
            failures.push(format!("{} ({}): missing", rec.path, rec.kind));
            continue;
        };
        total = total.saturating_add(found.size);
        if found.size != rec.size {
            failures.push(format!(
                "{}: size {} expected, {} found",
                rec.path, rec.size, found.size
            ));
        }
        if found.sm3 != rec.sm3 {
            failures.push(format!(
                "{}: SM3 {} expected, {} found",
                rec.path, rec.sm3, found.sm3
            ));
        }
        if found.sha256 != rec.sha256 {
            failures.push(format!(
                "{}: SHA-256 {} expected, {} found",
                rec.path, rec.sha256, found.sha256
            ));
        }
    }
    let ok = vec![format!("{} files, {total} bytes", m.files.len())];
    Check::from_failures(CheckId::FilesMatch, failures, ok)
}
