//! `manifest.json`, the first member of a package: what the package holds and in which order.
//!
//! The JSON form ([`Manifest::to_json`], [`Manifest::from_json`]) carries hashes as 64 lower-case
//! hex digits; parsing is strict (unknown fields, wrong member paths and malformed hashes are
//! errors naming the field), so one manifest has one meaning.

use serde::{Deserialize, Serialize};

use crate::hash::{Hash, HashAlg};

use super::{CHECKPOINT_MEMBER, FORMAT, LOG_KEYS_MEMBER, WITNESS_KEYS_MEMBER};

/// One act of the case as the manifest records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestEntry {
    /// Position of the entry in the global log (leaf index).
    pub index: u64,
    /// The act's sequence number in its case.
    pub seq: u64,
    /// Member path, `entries/<seq, at least 6 digits>.bin`.
    pub path: String,
    /// RFC 6962 leaf hash of the entry bytes.
    pub leaf_hash: Hash,
    /// Inclusion proof of the leaf in the checkpoint's tree, from the leaf upwards.
    pub proof: Vec<Hash>,
}

/// One document or evidence file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestFile {
    /// Member path, `files/<sm3 hex>`.
    pub path: String,
    /// Kind, as the first act attaching it says (e.g. `photo`).
    pub kind: String,
    /// SM3 of the file.
    pub sm3: Hash,
    /// SHA-256 of the file.
    pub sha256: Hash,
    /// Size in bytes.
    pub size: u64,
}

/// The key members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestKeys {
    /// Log verifier keys, one signed-note key string per line: always `keys/log.vkey`.
    pub log: String,
    /// Witness keys, one per line: `keys/witnesses.vkey`, absent when no witness is configured.
    pub witnesses: Option<String>,
    /// How many witnesses must cosign (0 without witnesses).
    pub witness_quorum: u64,
    /// TSA certificates (PEM), `keys/tsa/<name>.pem`.
    pub tsa: Vec<String>,
}

/// The parsed manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    /// Hash algorithm of the log and the case chain.
    pub hash: HashAlg,
    /// The case.
    pub case_id: String,
    /// The log's origin (first line of its checkpoints).
    pub origin: String,
    /// The case-chain head after the last act.
    pub chain_head: Hash,
    /// Member path of the signed checkpoint: always `checkpoint.note`.
    pub checkpoint: String,
    /// The acts, in case order.
    pub entries: Vec<ManifestEntry>,
    /// The files, in member order.
    pub files: Vec<ManifestFile>,
    /// Timestamp token members, `timestamps/<n>.tsr`, in member order.
    pub timestamps: Vec<String>,
    /// Key members.
    pub keys: ManifestKeys,
}

/// Why `manifest.json` was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManifestError {
    /// Not JSON, or not the expected shape (serde's message names line and column).
    #[error("manifest is not valid JSON of the expected shape: {0}")]
    Json(String),
    /// The `format` field names another format or version.
    #[error("unsupported format {found:?}, expected {FORMAT:?}")]
    UnsupportedFormat {
        /// The format found.
        found: String,
    },
    /// A field has an invalid value.
    #[error("{field}: {reason}")]
    Invalid {
        /// Path of the field, e.g. `entries[2].proof[0]`.
        field: String,
        /// What is wrong.
        reason: String,
    },
}

fn invalid(field: impl Into<String>, reason: impl Into<String>) -> ManifestError {
    ManifestError::Invalid {
        field: field.into(),
        reason: reason.into(),
    }
}

#[derive(Serialize, Deserialize)]
struct FormatOnly {
    format: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    format: String,
    hash: String,
    case_id: String,
    origin: String,
    chain_head: String,
    checkpoint: String,
    entries: Vec<RawEntry>,
    files: Vec<RawFile>,
    timestamps: Vec<String>,
    keys: RawKeys,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    index: u64,
    seq: u64,
    path: String,
    leaf_hash: String,
    proof: Vec<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    path: String,
    kind: String,
    sm3: String,
    sha256: String,
    size: u64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKeys {
    log: String,
    witnesses: Option<String>,
    witness_quorum: u64,
    tsa: Vec<String>,
}

/// `entries/<seq>.bin`, the sequence number zero-padded to at least six digits.
pub fn entry_path(seq: u64) -> String {
    format!("entries/{seq:06}.bin")
}

/// `files/<sm3 hex>`.
pub fn file_path(sm3: &Hash) -> String {
    format!("files/{}", sm3.to_hex())
}

/// `timestamps/<n>.tsr`, `n` counting from 1.
pub fn timestamp_path(n: usize) -> String {
    format!("timestamps/{n}.tsr")
}

/// `keys/tsa/<n>.pem`, `n` counting from 1 (the writer's naming; readers accept any safe name).
pub fn tsa_path(n: usize) -> String {
    format!("keys/tsa/{n}.pem")
}

/// A member name the format allows: 1..=100 bytes of ASCII letters, digits, `.`, `_`, `-` and
/// `/`, no empty, `.` or `..` component, no leading or trailing `/`. Such names fit a ustar
/// header without extensions and unpack safely anywhere.
pub fn is_safe_member_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'/'))
        && name
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..")
}

fn hash_field(field: String, text: &str) -> Result<Hash, ManifestError> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(invalid(field, "hash must be lower-case hex"));
    }
    Hash::from_hex(text).map_err(|e| invalid(field, e.to_string()))
}

fn expect_path(field: String, found: &str, expected: &str) -> Result<(), ManifestError> {
    if found != expected {
        return Err(invalid(
            field,
            format!("is {found:?}, expected {expected:?}"),
        ));
    }
    Ok(())
}

impl Manifest {
    /// Parses `manifest.json`. The format tag is checked first, so a package of another
    /// version is reported as [`ManifestError::UnsupportedFormat`] whatever its shape.
    pub fn from_json(bytes: &[u8]) -> Result<Manifest, ManifestError> {
        let tag: FormatOnly =
            serde_json::from_slice(bytes).map_err(|e| ManifestError::Json(e.to_string()))?;
        if tag.format != FORMAT {
            return Err(ManifestError::UnsupportedFormat { found: tag.format });
        }
        let raw: RawManifest =
            serde_json::from_slice(bytes).map_err(|e| ManifestError::Json(e.to_string()))?;
        Manifest::from_raw(raw)
    }

    fn from_raw(raw: RawManifest) -> Result<Manifest, ManifestError> {
        let hash = raw
            .hash
            .parse::<HashAlg>()
            .map_err(|e| invalid("hash", e.to_string()))?;
        if raw.case_id.is_empty() {
            return Err(invalid("case_id", "is empty"));
        }
        if raw.origin.is_empty() {
            return Err(invalid("origin", "is empty"));
        }
        let chain_head = hash_field("chain_head".into(), &raw.chain_head)?;
        expect_path("checkpoint".into(), &raw.checkpoint, CHECKPOINT_MEMBER)?;
        if raw.entries.is_empty() {
            return Err(invalid("entries", "a package holds at least one act"));
        }
        let mut entries = Vec::with_capacity(raw.entries.len());
        for (i, e) in raw.entries.into_iter().enumerate() {
            let at = |f: &str| format!("entries[{i}].{f}");
            expect_path(at("path"), &e.path, &entry_path(e.seq))?;
            let leaf_hash = hash_field(at("leaf_hash"), &e.leaf_hash)?;
            let proof = e
                .proof
                .iter()
                .enumerate()
                .map(|(j, h)| hash_field(format!("entries[{i}].proof[{j}]"), h))
                .collect::<Result<Vec<_>, _>>()?;
            entries.push(ManifestEntry {
                index: e.index,
                seq: e.seq,
                path: e.path,
                leaf_hash,
                proof,
            });
        }
        let mut files = Vec::with_capacity(raw.files.len());
        for (i, f) in raw.files.into_iter().enumerate() {
            let sm3 = hash_field(format!("files[{i}].sm3"), &f.sm3)?;
            let sha256 = hash_field(format!("files[{i}].sha256"), &f.sha256)?;
            expect_path(format!("files[{i}].path"), &f.path, &file_path(&sm3))?;
            files.push(ManifestFile {
                path: f.path,
                kind: f.kind,
                sm3,
                sha256,
                size: f.size,
            });
        }
        for (i, t) in raw.timestamps.iter().enumerate() {
            expect_path(format!("timestamps[{i}]"), t, &timestamp_path(i + 1))?;
        }
        expect_path("keys.log".into(), &raw.keys.log, LOG_KEYS_MEMBER)?;
        if let Some(w) = &raw.keys.witnesses {
            expect_path("keys.witnesses".into(), w, WITNESS_KEYS_MEMBER)?;
            if raw.keys.witness_quorum == 0 {
                return Err(invalid(
                    "keys.witness_quorum",
                    "is 0 although witnesses are listed",
                ));
            }
        } else if raw.keys.witness_quorum != 0 {
            return Err(invalid(
                "keys.witness_quorum",
                "is not 0 but no witness keys",
            ));
        }
        for (i, t) in raw.keys.tsa.iter().enumerate() {
            let ok = t
                .strip_prefix("keys/tsa/")
                .is_some_and(|rest| !rest.contains('/') && rest.ends_with(".pem"))
                && is_safe_member_name(t);
            if !ok {
                return Err(invalid(
                    format!("keys.tsa[{i}]"),
                    format!("{t:?} is not keys/tsa/<name>.pem"),
                ));
            }
        }
        Ok(Manifest {
            hash,
            case_id: raw.case_id,
            origin: raw.origin,
            chain_head,
            checkpoint: raw.checkpoint,
            entries,
            files,
            timestamps: raw.timestamps,
            keys: ManifestKeys {
                log: raw.keys.log,
                witnesses: raw.keys.witnesses,
                witness_quorum: raw.keys.witness_quorum,
                tsa: raw.keys.tsa,
            },
        })
    }

    /// The JSON text: pretty-printed (two-space indent), fields in a fixed order, ending in a
    /// newline.
    pub fn to_json(&self) -> Vec<u8> {
        let raw = RawManifest {
            format: FORMAT.to_owned(),
            hash: self.hash.name().to_owned(),
            case_id: self.case_id.clone(),
            origin: self.origin.clone(),
            chain_head: self.chain_head.to_hex(),
            checkpoint: self.checkpoint.clone(),
            entries: self
                .entries
                .iter()
                .map(|e| RawEntry {
                    index: e.index,
                    seq: e.seq,
                    path: e.path.clone(),
                    leaf_hash: e.leaf_hash.to_hex(),
                    proof: e.proof.iter().map(Hash::to_hex).collect(),
                })
                .collect(),
            files: self
                .files
                .iter()
                .map(|f| RawFile {
                    path: f.path.clone(),
                    kind: f.kind.clone(),
                    sm3: f.sm3.to_hex(),
                    sha256: f.sha256.to_hex(),
                    size: f.size,
                })
                .collect(),
            timestamps: self.timestamps.clone(),
            keys: RawKeys {
                log: self.keys.log.clone(),
                witnesses: self.keys.witnesses.clone(),
                witness_quorum: self.keys.witness_quorum,
                tsa: self.keys.tsa.clone(),
            },
        };
        // Serializing plain strings and integers cannot fail.
        let mut out = serde_json::to_vec_pretty(&raw).unwrap_or_default();
        out.push(b'\n');
        out
    }

    /// Every member after `manifest.json`, in the fixed order: checkpoint, log keys, witness
    /// keys, TSA certificates, timestamps, entries, files.
    pub fn members(&self) -> Vec<(String, MemberKind)> {
        let mut out = vec![
            (self.checkpoint.clone(), MemberKind::Checkpoint),
            (self.keys.log.clone(), MemberKind::LogKeys),
        ];
        if let Some(w) = &self.keys.witnesses {
            out.push((w.clone(), MemberKind::WitnessKeys));
        }
        for (i, t) in self.keys.tsa.iter().enumerate() {
            out.push((t.clone(), MemberKind::TsaCert(i)));
        }
        for (i, t) in self.timestamps.iter().enumerate() {
            out.push((t.clone(), MemberKind::Timestamp(i)));
        }
        for (i, e) in self.entries.iter().enumerate() {
            out.push((e.path.clone(), MemberKind::Entry(i)));
        }
        for (i, f) in self.files.iter().enumerate() {
            out.push((f.path.clone(), MemberKind::File(i)));
        }
        out
    }
}

/// What a member listed in the manifest holds; the index points into the manifest's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberKind {
    /// `checkpoint.note`.
    Checkpoint,
    /// `keys/log.vkey`.
    LogKeys,
    /// `keys/witnesses.vkey`.
    WitnessKeys,
    /// `keys/tsa/*.pem`.
    TsaCert(usize),
    /// `timestamps/<n>.tsr`.
    Timestamp(usize),
    /// `entries/<seq>.bin`.
    Entry(usize),
    /// `files/<sm3 hex>`.
    File(usize),
}
