//! Judges what the pass collected: one [`Check`] per [`CheckId`], in order.

use crate::chain::CaseChain;
use crate::checkpoint::Checkpoint;
use crate::entry::Entry;
use crate::hash::{Hash, leaf_hash};
use crate::proof::verify_inclusion;

use super::super::manifest::{Manifest, ManifestError};
use super::super::report::{Check, CheckId, Report, Status};
use super::anchors::Anchors;
use super::checkpoint::{checkpoint_signature, cosignatures, timestamps};
use super::collect::{Collected, ManifestState};
use super::{ExternalChecks, VerifyPolicy};

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

pub(super) fn fails(id: CheckId, detail: impl Into<String>) -> Check {
    Check {
        id,
        status: Status::Fails,
        details: vec![detail.into()],
    }
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
            let Some(rec) = m.files.get(i) else { continue };
            // The manifest's kind is the first attaching act's (an unsigned label otherwise).
            if let Some(r) = referenced.get_mut(i)
                && !std::mem::replace(r, true)
                && rec.kind != a.kind
            {
                failures.push(format!(
                    "{}: the manifest says kind {:?}, act {} attaches it as {:?}",
                    rec.path, rec.kind, entry.seq, a.kind
                ));
            }
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
