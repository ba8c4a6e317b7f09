//! The verification report: an ordered list of checks with stable ids, each saying whether it
//! holds and, if not, exactly what failed.

use std::fmt;

use serde::{Serialize, Serializer};

/// The checks a package verification reports, in report order. The ids ([`CheckId::as_str`])
/// are stable: tools and tests match on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CheckId {
    /// The archive is a readable tar: ustar headers, regular files, ASCII names, not truncated.
    ArchiveRead,
    /// `manifest.json` is the first member and parses.
    ManifestParse,
    /// The manifest's format is `sanxiang-archive/v1`.
    ManifestFormat,
    /// Every member is listed in the manifest.
    MembersListed,
    /// No member appears twice.
    MembersUnique,
    /// Members appear in the fixed order.
    MembersOrder,
    /// Where the trusted keys come from (caller or the package itself), with their key IDs.
    TrustAnchors,
    /// The checkpoint is signed by the log key and matches the manifest's origin and hash.
    CheckpointSignature,
    /// Witness cosignatures on the checkpoint reach the quorum.
    CheckpointCosignatures,
    /// RFC 3161 timestamp tokens over the checkpoint.
    CheckpointTimestamp,
    /// Every entry is present, decodes, and matches its manifest record.
    EntriesDecode,
    /// The case chain is continuous.
    ChainContinuous,
    /// The case chain ends at the recorded head.
    ChainHead,
    /// Every inclusion proof verifies against the checkpoint.
    EntriesInclusion,
    /// Every file an act refers to is present with matching SM3, SHA-256 and size.
    FilesMatch,
}

impl CheckId {
    /// All checks, in report order.
    pub const ALL: [CheckId; 15] = [
        CheckId::ArchiveRead,
        CheckId::ManifestParse,
        CheckId::ManifestFormat,
        CheckId::MembersListed,
        CheckId::MembersUnique,
        CheckId::MembersOrder,
        CheckId::TrustAnchors,
        CheckId::CheckpointSignature,
        CheckId::CheckpointCosignatures,
        CheckId::CheckpointTimestamp,
        CheckId::EntriesDecode,
        CheckId::ChainContinuous,
        CheckId::ChainHead,
        CheckId::EntriesInclusion,
        CheckId::FilesMatch,
    ];

    /// The stable id, e.g. `chain.continuous`.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::ArchiveRead => "archive.read",
            CheckId::ManifestParse => "manifest.parse",
            CheckId::ManifestFormat => "manifest.format",
            CheckId::MembersListed => "members.listed",
            CheckId::MembersUnique => "members.unique",
            CheckId::MembersOrder => "members.order",
            CheckId::TrustAnchors => "trust.anchors",
            CheckId::CheckpointSignature => "checkpoint.signature",
            CheckId::CheckpointCosignatures => "checkpoint.cosignatures",
            CheckId::CheckpointTimestamp => "checkpoint.timestamp",
            CheckId::EntriesDecode => "entries.decode",
            CheckId::ChainContinuous => "chain.continuous",
            CheckId::ChainHead => "chain.head",
            CheckId::EntriesInclusion => "entries.inclusion",
            CheckId::FilesMatch => "files.match",
        }
    }

    /// One line, Simplified Chinese then English.
    pub fn description(self) -> &'static str {
        match self {
            CheckId::ArchiveRead => {
                "档案包可完整读取 / the archive is a complete, readable ustar tar"
            }
            CheckId::ManifestParse => "清单可解析 / manifest.json comes first and parses",
            CheckId::ManifestFormat => "格式版本受支持 / the format is sanxiang-archive/v1",
            CheckId::MembersListed => "无清单外成员 / every member is listed in the manifest",
            CheckId::MembersUnique => "无重复成员 / no member appears twice",
            CheckId::MembersOrder => "成员顺序固定 / members appear in the fixed order",
            CheckId::TrustAnchors => "信任锚来源 / where the trusted public keys come from",
            CheckId::CheckpointSignature => {
                "检查点由日志密钥签名 / the checkpoint is signed by the log key"
            }
            CheckId::CheckpointCosignatures => {
                "见证人联署达到法定数 / witness cosignatures reach the quorum"
            }
            CheckId::CheckpointTimestamp => {
                "可信时间戳有效 / RFC 3161 timestamps over the checkpoint"
            }
            CheckId::EntriesDecode => {
                "行为记录齐全可解码 / every entry is present, decodes and matches its leaf hash"
            }
            CheckId::ChainContinuous => {
                "案件链连续 / the case chain is continuous (no gap, duplicate, reorder, insertion)"
            }
            CheckId::ChainHead => "案件链头一致 / the case chain ends at the recorded head",
            CheckId::EntriesInclusion => {
                "包含证明有效 / every inclusion proof verifies against the checkpoint"
            }
            CheckId::FilesMatch => {
                "文件齐全且一致 / every attached file is present with matching SM3, SHA-256, size"
            }
        }
    }
}

impl Serialize for CheckId {
    /// As its stable id string.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of one check (serialized as `holds`, `fails`, `caveat`, `not_checked`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The check holds.
    Holds,
    /// The check fails; the details say where.
    Fails,
    /// The check holds only under the assumption its details state (e.g. the package's own keys
    /// were trusted because the caller gave none).
    Caveat,
    /// The check was not performed: nothing to check (no witness configured, no timestamp) or
    /// an earlier failure made it impossible. The details say which.
    NotChecked,
}

impl Status {
    /// A short bilingual label.
    pub fn label(self) -> &'static str {
        match self {
            Status::Holds => "通过/PASS",
            Status::Fails => "失败/FAIL",
            Status::Caveat => "注意/CAVEAT",
            Status::NotChecked => "未检/SKIP",
        }
    }
}

/// One check of the report. Serializes as `{"id", "description", "status", "details"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// Which check.
    pub id: CheckId,
    /// Its outcome.
    pub status: Status,
    /// What held, what failed (which entry, which file, expected vs found), or why it was not
    /// checked; one item per line.
    pub details: Vec<String>,
}

impl Serialize for Check {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut st = s.serialize_struct("Check", 4)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("description", self.id.description())?;
        st.serialize_field("status", &self.status)?;
        st.serialize_field("details", &self.details)?;
        st.end()
    }
}

impl Check {
    /// A check that holds with the given details.
    pub fn holds(id: CheckId, details: Vec<String>) -> Self {
        Check {
            id,
            status: Status::Holds,
            details,
        }
    }

    /// A failing check if `failures` is non-empty, else a holding one with `ok_details`.
    pub fn from_failures(id: CheckId, failures: Vec<String>, ok_details: Vec<String>) -> Self {
        if failures.is_empty() {
            Check::holds(id, ok_details)
        } else {
            Check {
                id,
                status: Status::Fails,
                details: failures,
            }
        }
    }

    /// A check that was not performed, with the reason.
    pub fn not_checked(id: CheckId, reason: impl Into<String>) -> Self {
        Check {
            id,
            status: Status::NotChecked,
            details: vec![reason.into()],
        }
    }
}

/// The verification report: one [`Check`] per [`CheckId`], in [`CheckId::ALL`] order.
/// Serializes as `{"checks": [...]}` (for machine-readable output).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The checks, in order.
    pub checks: Vec<Check>,
}

impl Report {
    /// True when no check fails (checks that were not performed or hold with a caveat are
    /// listed but do not fail the package; [`super::VerifyPolicy`] can make them fail).
    pub fn all_hold(&self) -> bool {
        !self.checks.is_empty() && self.checks.iter().all(|c| c.status != Status::Fails)
    }

    /// The check with this id, if reported.
    pub fn get(&self, id: CheckId) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// The status of the check with this id, if reported.
    pub fn status(&self, id: CheckId) -> Option<Status> {
        self.get(id).map(|c| c.status)
    }

    /// The checks that fail.
    pub fn failures(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| c.status == Status::Fails)
    }
}

impl fmt::Display for Report {
    /// One line per check (`[label] id  description`), its details indented below.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for check in &self.checks {
            writeln!(
                f,
                "[{}] {}  {}",
                check.status.label(),
                check.id,
                check.id.description()
            )?;
            for line in &check.details {
                writeln!(f, "    {line}")?;
            }
        }
        Ok(())
    }
}
