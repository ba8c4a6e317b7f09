//! 音像记录事项清单 (CAT-4) and the AV requirement engine (A3).
//!
//! The national floor (A3): full-process recording for on-site acts that directly affect
//! liberty, life, health or major property — 查封扣押 and 强制拆除; recording by circumstance for
//! on-site enforcement, evidence collection, hearings, 留置送达 and 公告送达; otherwise optional.
//! An agency's list may raise a requirement, never lower it below the floor.

use serde::{Deserialize, Serialize};

use super::matter::MatterKind;
use crate::case::ActPayload;
use crate::case::model::AvRequirement;

/// The acts a 音像记录事项清单 speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AvAct {
    /// 查封、扣押
    Seizure,
    /// 强制拆除
    ForcedDemolition,
    /// 现场检查、现场执法
    OnSiteEnforcement,
    /// 调查取证
    EvidenceCollection,
    /// 当场处罚
    OnSpotPenalty,
    /// 听证
    Hearing,
    /// 留置送达
    LeaveService,
    /// 公告送达
    NoticeService,
    /// 询问
    Inquiry,
    /// 其他
    Other,
}

impl AvAct {
    pub const ALL: [AvAct; 10] = [
        Self::Seizure,
        Self::ForcedDemolition,
        Self::OnSiteEnforcement,
        Self::EvidenceCollection,
        Self::OnSpotPenalty,
        Self::Hearing,
        Self::LeaveService,
        Self::NoticeService,
        Self::Inquiry,
        Self::Other,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Seizure => "查封、扣押",
            Self::ForcedDemolition => "强制拆除",
            Self::OnSiteEnforcement => "现场检查、现场执法",
            Self::EvidenceCollection => "调查取证",
            Self::OnSpotPenalty => "当场处罚",
            Self::Hearing => "听证",
            Self::LeaveService => "留置送达",
            Self::NoticeService => "公告送达",
            Self::Inquiry => "询问",
            Self::Other => "其他",
        }
    }

    /// The AV-list act a recorded act is (A3), so that the list's rows apply to it.
    pub fn of_payload(p: &ActPayload) -> AvAct {
        use crate::case::payload::{CoercionKind, ServiceMethod, TranscriptKind};
        match p {
            ActPayload::CoercionMeasure(m) if m.measure == CoercionKind::Seizure => Self::Seizure,
            ActPayload::Transcript(t) => match t.kind {
                TranscriptKind::Inquiry => Self::Inquiry,
                TranscriptKind::Inspection | TranscriptKind::OnSite => Self::OnSiteEnforcement,
            },
            ActPayload::Preservation { .. } => Self::EvidenceCollection,
            ActPayload::HearingHeld(_) => Self::Hearing,
            ActPayload::Decision(d) if d.on_the_spot => Self::OnSpotPenalty,
            ActPayload::Service(s) => match s.method {
                ServiceMethod::Left { .. } => Self::LeaveService,
                ServiceMethod::PublicNotice { .. } => Self::NoticeService,
                _ => Self::Other,
            },
            _ => Self::Other,
        }
    }

    /// A3's floor for the act.
    pub fn floor(self) -> AvRequirement {
        match self {
            Self::Seizure | Self::ForcedDemolition => AvRequirement::FullProcess,
            Self::OnSiteEnforcement
            | Self::EvidenceCollection
            | Self::OnSpotPenalty
            | Self::Hearing
            | Self::LeaveService
            | Self::NoticeService => AvRequirement::ByCircumstance,
            Self::Inquiry | Self::Other => AvRequirement::None,
        }
    }
}

pub fn requirement_label_zh(r: AvRequirement) -> &'static str {
    match r {
        AvRequirement::FullProcess => "全过程音像记录",
        AvRequirement::ByCircumstance => "根据情况音像记录",
        AvRequirement::None => "不作要求",
    }
}

fn rank(r: AvRequirement) -> u8 {
    match r {
        AvRequirement::None => 0,
        AvRequirement::ByCircumstance => 1,
        AvRequirement::FullProcess => 2,
    }
}

/// One row of an agency's 音像记录事项清单.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvRule {
    pub item_no: String,
    pub act: AvAct,
    /// Limits the row to one kind of matter, or to one matter by code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matter_kind: Option<MatterKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matter_code: Option<String>,
    pub requirement: AvRequirement,
    /// 说明 (what to record, e.g. 从到达现场至离开现场).
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AvDetermination {
    pub requirement: AvRequirement,
    /// Chinese: where the requirement comes from.
    pub reason: String,
}

/// A3: the requirement for `act` on a matter: the strongest of the floor and every catalog row
/// that covers the act and the matter.
pub fn av_requirement(
    rules: &[AvRule],
    act: AvAct,
    matter_kind: MatterKind,
    matter_code: Option<&str>,
) -> AvDetermination {
    let mut best = AvDetermination {
        requirement: act.floor(),
        reason: format!(
            "A3：{}依规定应{}",
            act.label_zh(),
            requirement_label_zh(act.floor())
        ),
    };
    for rule in rules.iter().filter(|r| r.act == act) {
        let kind_ok = rule.matter_kind.is_none_or(|k| k == matter_kind);
        let code_ok = rule
            .matter_code
            .as_deref()
            .is_none_or(|c| Some(c) == matter_code);
        if kind_ok && code_ok && rank(rule.requirement) > rank(best.requirement) {
            best = AvDetermination {
                requirement: rule.requirement,
                reason: format!(
                    "本机关音像记录事项清单第{}项：{}应{}",
                    rule.item_no,
                    act.label_zh(),
                    requirement_label_zh(rule.requirement)
                ),
            };
        }
    }
    best
}
