//! The checkpoint checks: the log's signature, witness cosignatures and timestamps.

use crate::checkpoint::Checkpoint;
use crate::hash::Hash;
use crate::note;

use super::super::manifest::Manifest;
use super::super::report::{Check, CheckId, Status};
use super::anchors::{Anchors, key_label};
use super::checks::fails;
use super::collect::Collected;
use super::{ExternalChecks, Outcome, VerifyPolicy};

/// Returns the signature check and the checkpoint body (parsed even if the signature fails,
/// so the proofs can still be judged against it).
pub(super) fn checkpoint_signature(
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

pub(super) fn cosignatures(
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

pub(super) fn timestamps(
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
