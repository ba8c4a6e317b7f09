//! `Act`: one appended record of a case (CASE-2). Nothing is edited in place: a correction is a
//! new act whose `corrects` names the sequence number it replaces.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::deadlines::DeadlineSpec;
use super::model::{Party, Penalty, Stage};
use super::payload::{
    CoercionMeasure, Filing, HearingHeld, HearingNotice, Notice, Payment, PenaltyDecision, Service,
    Transcript,
};
use super::serde_cert;
use crate::registry::CertificateNo;

/// WGS-84 position where an act took place, when the device had one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Gps {
    pub lat: f64,
    pub lon: f64,
}

/// A recorded act.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Act {
    /// Position in the case, from 1, without gaps.
    pub seq: u64,
    pub at: NaiveDateTime,
    /// Certificates of the officers who carried out the act.
    #[serde(with = "serde_cert::vec")]
    pub officers: Vec<CertificateNo>,
    pub place: Option<String>,
    pub gps: Option<Gps>,
    pub payload: ActPayload,
    /// Instruments (文书) issued or kept with this act, by id.
    #[serde(default)]
    pub instruments: Vec<String>,
    /// Evidence (证据, 音像记录) referenced, by id.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// The act this one corrects.
    pub corrects: Option<u64>,
    /// Postmark date of a party's submission sent by post (its period counts to this day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub posted_on: Option<NaiveDate>,
    /// A 补录: recorded well after `at`, when and why (CASE-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_entry: Option<super::timing::LateEntry>,
    /// Deadlines this act opens (computed when it was decided, so replay needs no calendar).
    #[serde(default)]
    pub opens: Vec<DeadlineSpec>,
    /// Rule IDs of the open deadlines this act closes.
    #[serde(default)]
    pub closes: Vec<String>,
}

impl Act {
    pub fn kind(&self) -> ActKind {
        self.payload.kind()
    }

    pub fn date(&self) -> NaiveDate {
        self.at.date()
    }
}

/// What an act records, with its own data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum ActPayload {
    /// 立案 (also the start of an inspection or a coercive measure case).
    Filing(Filing),
    /// 回避决定 (R5).
    Recusal {
        #[serde(with = "serde_cert::one")]
        officer: CertificateNo,
        reason: String,
        decided_by: String,
    },
    /// 笔录: 询问, 检查 or 现场.
    Transcript(Transcript),
    /// 先行登记保存 approved by the head (P4).
    PreservationApproval { approved_by: String },
    /// 先行登记保存 carried out (P4).
    Preservation { approval: u64, items: Vec<String> },
    /// Handling decision on preserved evidence (P4).
    PreservationHandled { preservation: u64, outcome: String },
    /// 行政处罚事先告知 (P5).
    Notice(Notice),
    /// 送达 of an instrument (P10).
    Service(Service),
    /// 陈述申辩, or an express waiver of it (P5).
    Reply { waived: bool, statement: String },
    /// The party requests a hearing (P6).
    HearingRequest,
    /// 听证通知 (P6).
    HearingNotice(HearingNotice),
    /// 听证 held (P6, A7).
    HearingHeld(HearingHeld),
    /// 法制审核 opinion (L1).
    LegalReview {
        passed: bool,
        reviewer: String,
        opinion: String,
    },
    /// 集体讨论 record (P7).
    Deliberation {
        participants: Vec<String>,
        conclusion: String,
    },
    /// A documented pause of the decision period (P8): hearing, testing, public notice. In a
    /// coercive-measure case, the testing of named measures (P13, S3 Art 25(3)): only their
    /// terms stop. Empty `measures` (older records) paused every 查封扣押 in force.
    Pause {
        reason: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        measures: Vec<u64>,
    },
    /// End of the current pause (of every measure under testing).
    Resume,
    /// Extension of the decision period as a sector rule allows (P8), approved by the head or,
    /// where the rule says so, decided collectively.
    DecisionPeriodExtension {
        days: u32,
        approved_by: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        collective: bool,
    },
    /// 行政处罚决定 (P9, P12; P2 when on the spot).
    Decision(PenaltyDecision),
    /// 缴纳罚款 (P11; P2 for on-the-spot collection).
    Payment(Payment),
    /// A stage that does not apply, with the reason (A1).
    NotApplicable { stage: Stage, reason: String },
    /// 结案 (A1).
    Close { summary: String },
    /// 归档.
    Archive,
    /// Prior approval of a coercive measure (P13).
    CoercionApproval { approved_by: String },
    /// 查封扣押 or 冻结 carried out (P13, A3).
    CoercionMeasure(CoercionMeasure),
    /// After-the-fact approval of an emergency measure, due within 24 hours (P13).
    EmergencyApproval {
        measure: u64,
        approved: bool,
        approved_by: String,
    },
    /// Extension of a measure's term (P13).
    CoercionExtension {
        measure: u64,
        days: u32,
        reasons: String,
        approved_by: String,
    },
    /// 解除 of a measure, with property returned (P13).
    CoercionRelease {
        measure: u64,
        ground: String,
        property_returned: bool,
    },
    /// 许可申请 received (P14).
    Application {
        applicant: Party,
        item: String,
        materials_complete: bool,
    },
    /// 补正通知: everything missing, at once (P14).
    CorrectionNotice { missing: Vec<String> },
    /// 受理, with a sealed and dated receipt (P14).
    Acceptance { receipt_sealed_and_dated: bool },
    /// Recorded automatically: no correction notice within 5 working days (P14).
    DeemedAccepted { received_on: NaiveDate },
    /// Extension of the licensing decision period (P14).
    LicensingExtension {
        days: u32,
        approved_by: String,
        reasons_told: bool,
    },
    /// 许可决定 (P14).
    LicensingDecision { granted: bool, reasons: String },
    /// 检查结果.
    InspectionResult { findings: String },
}

/// The kind of an act, for rule tables and configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActKind {
    Filing,
    Recusal,
    Transcript,
    PreservationApproval,
    Preservation,
    PreservationHandled,
    Notice,
    Service,
    Reply,
    HearingRequest,
    HearingNotice,
    HearingHeld,
    LegalReview,
    Deliberation,
    Pause,
    Resume,
    DecisionPeriodExtension,
    Decision,
    Payment,
    NotApplicable,
    Close,
    Archive,
    CoercionApproval,
    CoercionMeasure,
    EmergencyApproval,
    CoercionExtension,
    CoercionRelease,
    Application,
    CorrectionNotice,
    Acceptance,
    DeemedAccepted,
    LicensingExtension,
    LicensingDecision,
    InspectionResult,
}

impl ActPayload {
    pub fn kind(&self) -> ActKind {
        use ActKind as K;
        match self {
            Self::Filing(_) => K::Filing,
            Self::Recusal { .. } => K::Recusal,
            Self::Transcript(_) => K::Transcript,
            Self::PreservationApproval { .. } => K::PreservationApproval,
            Self::Preservation { .. } => K::Preservation,
            Self::PreservationHandled { .. } => K::PreservationHandled,
            Self::Notice(_) => K::Notice,
            Self::Service(_) => K::Service,
            Self::Reply { .. } => K::Reply,
            Self::HearingRequest => K::HearingRequest,
            Self::HearingNotice(_) => K::HearingNotice,
            Self::HearingHeld(_) => K::HearingHeld,
            Self::LegalReview { .. } => K::LegalReview,
            Self::Deliberation { .. } => K::Deliberation,
            Self::Pause { .. } => K::Pause,
            Self::Resume => K::Resume,
            Self::DecisionPeriodExtension { .. } => K::DecisionPeriodExtension,
            Self::Decision(_) => K::Decision,
            Self::Payment(_) => K::Payment,
            Self::NotApplicable { .. } => K::NotApplicable,
            Self::Close { .. } => K::Close,
            Self::Archive => K::Archive,
            Self::CoercionApproval { .. } => K::CoercionApproval,
            Self::CoercionMeasure(_) => K::CoercionMeasure,
            Self::EmergencyApproval { .. } => K::EmergencyApproval,
            Self::CoercionExtension { .. } => K::CoercionExtension,
            Self::CoercionRelease { .. } => K::CoercionRelease,
            Self::Application { .. } => K::Application,
            Self::CorrectionNotice { .. } => K::CorrectionNotice,
            Self::Acceptance { .. } => K::Acceptance,
            Self::DeemedAccepted { .. } => K::DeemedAccepted,
            Self::LicensingExtension { .. } => K::LicensingExtension,
            Self::LicensingDecision { .. } => K::LicensingDecision,
            Self::InspectionResult { .. } => K::InspectionResult,
        }
    }

    /// The stage this act records, if it records one (A1).
    pub fn stage(&self) -> Option<Stage> {
        use Stage as S;
        Some(match self {
            Self::Filing(_) => S::Filing,
            Self::Transcript(_)
            | Self::PreservationApproval { .. }
            | Self::Preservation { .. }
            | Self::PreservationHandled { .. } => S::Investigation,
            Self::Notice(_) => S::Notice,
            Self::Reply { .. }
            | Self::HearingRequest
            | Self::HearingNotice(_)
            | Self::HearingHeld(_) => S::Hearing,
            Self::LegalReview { .. } => S::Review,
            Self::Deliberation { .. } => S::Deliberation,
            Self::Decision(_) | Self::LicensingDecision { .. } => S::Decision,
            Self::Service(_) => S::Service,
            Self::Payment(_) => S::Execution,
            Self::Close { .. } => S::Closing,
            Self::Archive => S::Archiving,
            Self::CoercionApproval { .. } | Self::EmergencyApproval { .. } => S::Approval,
            Self::CoercionMeasure(_) | Self::CoercionExtension { .. } => S::Measure,
            Self::CoercionRelease { .. } => S::Release,
            Self::Application { .. } | Self::CorrectionNotice { .. } => S::Application,
            Self::Acceptance { .. } | Self::DeemedAccepted { .. } => S::Acceptance,
            Self::InspectionResult { .. } => S::InspectionResult,
            Self::Recusal { .. }
            | Self::Pause { .. }
            | Self::Resume
            | Self::DecisionPeriodExtension { .. }
            | Self::LicensingExtension { .. }
            | Self::NotApplicable { .. } => return None,
        })
    }

    /// Penalties named by a notice or a decision.
    pub fn penalties(&self) -> Option<&[Penalty]> {
        match self {
            Self::Notice(n) => Some(&n.penalties),
            Self::Decision(d) => Some(&d.penalties),
            _ => None,
        }
    }
}

impl ActKind {
    /// The act's name as the case page shows it.
    pub fn label_zh(self) -> &'static str {
        use ActKind as K;
        match self {
            K::Filing => "立案",
            K::Recusal => "回避决定",
            K::Transcript => "笔录",
            K::PreservationApproval => "先行登记保存审批",
            K::Preservation => "先行登记保存",
            K::PreservationHandled => "先行登记保存处理决定",
            K::Notice => "行政处罚事先告知",
            K::Service => "送达",
            K::Reply => "陈述申辩",
            K::HearingRequest => "听证申请",
            K::HearingNotice => "听证通知",
            K::HearingHeld => "听证",
            K::LegalReview => "法制审核",
            K::Deliberation => "集体讨论",
            K::Pause => "期限中止",
            K::Resume => "期限恢复",
            K::DecisionPeriodExtension => "延长办案期限",
            K::Decision => "行政处罚决定",
            K::Payment => "缴纳罚款",
            K::NotApplicable => "环节不适用说明",
            K::Close => "结案",
            K::Archive => "归档",
            K::CoercionApproval => "强制措施审批",
            K::CoercionMeasure => "实施强制措施",
            K::EmergencyApproval => "紧急情况事后审批",
            K::CoercionExtension => "延长强制措施期限",
            K::CoercionRelease => "解除强制措施",
            K::Application => "许可申请",
            K::CorrectionNotice => "补正通知",
            K::Acceptance => "受理",
            K::DeemedAccepted => "视为受理",
            K::LicensingExtension => "延长许可期限",
            K::LicensingDecision => "许可决定",
            K::InspectionResult => "检查结果",
        }
    }
}
