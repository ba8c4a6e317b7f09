//! The kinds of official documents (文书) the system issues or keeps.

use serde::{Deserialize, Serialize};

/// One kind of 文书. The set follows the SAMR 2021 penalty forms (S16) and the S15 inspection
/// forms: the documents a penalty, coercion or inspection case produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstrumentKind {
    /// 立案审批表
    FilingApproval,
    /// 现场检查笔录
    InspectionRecord,
    /// 询问笔录
    InquiryRecord,
    /// 先行登记保存证据通知书
    EvidencePreservationNotice,
    /// 行政处罚事先告知书
    PenaltyPriorNotice,
    /// 听证通知书
    HearingNotice,
    /// 听证笔录
    HearingRecord,
    /// 集体讨论记录
    CollectiveDiscussion,
    /// 行政处罚决定书
    PenaltyDecision,
    /// 当场行政处罚决定书
    OnSpotPenaltyDecision,
    /// 查封扣押决定书
    SeizureDecision,
    /// 查封扣押清单
    SeizureList,
    /// 送达回证
    ServiceReceipt,
    /// 结案报告
    ClosingReport,
}

impl InstrumentKind {
    /// Every kind, in the order a case produces them.
    pub const ALL: [InstrumentKind; 14] = [
        Self::FilingApproval,
        Self::InspectionRecord,
        Self::InquiryRecord,
        Self::EvidencePreservationNotice,
        Self::PenaltyPriorNotice,
        Self::HearingNotice,
        Self::HearingRecord,
        Self::CollectiveDiscussion,
        Self::PenaltyDecision,
        Self::OnSpotPenaltyDecision,
        Self::SeizureDecision,
        Self::SeizureList,
        Self::ServiceReceipt,
        Self::ClosingReport,
    ];

    /// The document's title as printed.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::FilingApproval => "立案审批表",
            Self::InspectionRecord => "现场检查笔录",
            Self::InquiryRecord => "询问笔录",
            Self::EvidencePreservationNotice => "先行登记保存证据通知书",
            Self::PenaltyPriorNotice => "行政处罚事先告知书",
            Self::HearingNotice => "听证通知书",
            Self::HearingRecord => "听证笔录",
            Self::CollectiveDiscussion => "集体讨论记录",
            Self::PenaltyDecision => "行政处罚决定书",
            Self::OnSpotPenaltyDecision => "当场行政处罚决定书",
            Self::SeizureDecision => "查封扣押决定书",
            Self::SeizureList => "查封扣押清单",
            Self::ServiceReceipt => "送达回证",
            Self::ClosingReport => "结案报告",
        }
    }

    /// The serde name, which is also the template's file stem (`templates/<name>.typ`).
    pub fn template_name(self) -> &'static str {
        match self {
            Self::FilingApproval => "filing_approval",
            Self::InspectionRecord => "inspection_record",
            Self::InquiryRecord => "inquiry_record",
            Self::EvidencePreservationNotice => "evidence_preservation_notice",
            Self::PenaltyPriorNotice => "penalty_prior_notice",
            Self::HearingNotice => "hearing_notice",
            Self::HearingRecord => "hearing_record",
            Self::CollectiveDiscussion => "collective_discussion",
            Self::PenaltyDecision => "penalty_decision",
            Self::OnSpotPenaltyDecision => "on_spot_penalty_decision",
            Self::SeizureDecision => "seizure_decision",
            Self::SeizureList => "seizure_list",
            Self::ServiceReceipt => "service_receipt",
            Self::ClosingReport => "closing_report",
        }
    }

    /// The character in the document number (`X市监罚〔2026〕12号`). Records, lists and receipts
    /// are not numbered on their own: they carry the case number.
    pub fn number_word(self) -> Option<&'static str> {
        match self {
            Self::FilingApproval => Some("立"),
            Self::EvidencePreservationNotice => Some("保"),
            Self::PenaltyPriorNotice => Some("告"),
            Self::HearingNotice => Some("听"),
            Self::PenaltyDecision => Some("罚"),
            Self::OnSpotPenaltyDecision => Some("当罚"),
            Self::SeizureDecision => Some("强"),
            Self::ClosingReport => Some("结"),
            Self::InspectionRecord
            | Self::InquiryRecord
            | Self::HearingRecord
            | Self::CollectiveDiscussion
            | Self::SeizureList
            | Self::ServiceReceipt => None,
        }
    }

    /// The rule ID used for the required elements §10 lists without a rule ID of its own
    /// (`DOC-FILING-APPROVAL`, …). Elements that a rulebook rule covers use that rule's ID.
    pub fn doc_rule(self) -> String {
        format!(
            "DOC-{}",
            self.template_name().to_ascii_uppercase().replace('_', "-")
        )
    }
}
