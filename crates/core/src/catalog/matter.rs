//! 权责清单 items (CAT-1): one matter (事项) an agency may exercise, with its legal basis.

use serde::{Deserialize, Serialize};

use super::legal_basis::{LegalRef, parse_legal_basis};

/// 事项类别.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatterKind {
    Licensing,
    Penalty,
    Coercion,
    Inspection,
    Levy,
    Requisition,
    Other,
}

impl MatterKind {
    /// The kind of matter a procedure exercises (the AV and major-decision lists speak of
    /// matter kinds).
    pub fn of_procedure(k: crate::case::ProcedureKind) -> MatterKind {
        use crate::case::ProcedureKind as P;
        match k {
            P::PenaltySimple | P::PenaltyOrdinary => Self::Penalty,
            P::Coercion => Self::Coercion,
            P::Inspection => Self::Inspection,
            P::Licensing => Self::Licensing,
        }
    }

    pub const ALL: [MatterKind; 7] = [
        Self::Licensing,
        Self::Penalty,
        Self::Coercion,
        Self::Inspection,
        Self::Levy,
        Self::Requisition,
        Self::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Licensing => "licensing",
            Self::Penalty => "penalty",
            Self::Coercion => "coercion",
            Self::Inspection => "inspection",
            Self::Levy => "levy",
            Self::Requisition => "requisition",
            Self::Other => "other",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Licensing => "行政许可",
            Self::Penalty => "行政处罚",
            Self::Coercion => "行政强制",
            Self::Inspection => "行政检查",
            Self::Levy => "行政征收",
            Self::Requisition => "行政征用",
            Self::Other => "其他",
        }
    }

    /// Reads a catalog's category column. Catalogs write `行政许可`, `许可`, `行政处罚`,
    /// `其他行政权力-备案`, `行政奖励`…: the seven kinds are recognised by their key word and
    /// everything else is 其他 (the original label is kept on the matter).
    pub fn parse_label(s: &str) -> Option<Self> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        Some(if s.contains("许可") {
            Self::Licensing
        } else if s.contains("处罚") {
            Self::Penalty
        } else if s.contains("强制") {
            Self::Coercion
        } else if s.contains("检查") {
            Self::Inspection
        } else if s.contains("征收") {
            Self::Levy
        } else if s.contains("征用") {
            Self::Requisition
        } else {
            Self::Other
        })
    }
}

/// One item of a 权责清单.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matter {
    /// 序号 in the list.
    pub seq: u32,
    /// 事项编码, when the list has one (e.g. `330275012000`, `PT01CG--CF-0052`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// 事项名称 (主项)
    pub name: String,
    /// 子项名称
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_item: Option<String>,
    pub kind: MatterKind,
    /// The category as the list writes it (`其他行政权力-备案`).
    pub kind_label: String,
    /// 行使层级
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// 实施主体 / 责任单位
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// 法律依据 as written.
    #[serde(default)]
    pub basis_text: String,
    /// References extracted from `basis_text` (C1).
    #[serde(default)]
    pub basis: Vec<LegalRef>,
    /// 办理时限
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<String>,
    /// 收费
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fees: Option<String>,
    /// 责任事项
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsibilities: Option<String>,
    /// 备注
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl Matter {
    /// The full name shown in lists: 主项 — 子项.
    pub fn display_name(&self) -> String {
        match &self.sub_item {
            Some(sub) => format!("{}（{}）", self.name, sub),
            None => self.name.clone(),
        }
    }

    /// Sets the basis text and extracts its references.
    pub fn with_basis(mut self, text: &str) -> Self {
        self.basis_text = text.trim().to_owned();
        self.basis = parse_legal_basis(text);
        self
    }
}
