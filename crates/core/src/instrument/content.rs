//! The typed content of each document: the fields §10 (and P2, P5, P9, P13, A7) require, as the
//! real forms print them.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::kind::InstrumentKind;
use super::parts::{
    LegalBasis, ListedItem, Officer, Opinion, PartyInfo, RecordHeader, Signatures, Witness,
};
use crate::calendar::Period;
use crate::case::model::Penalty;
use crate::case::payload::Remedies;

/// One document's content, tagged by kind (`{"kind": "penalty_decision", "data": {...}}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum InstrumentContent {
    FilingApproval(FilingApproval),
    InspectionRecord(InspectionRecord),
    InquiryRecord(InquiryRecord),
    EvidencePreservationNotice(EvidencePreservationNotice),
    PenaltyPriorNotice(PenaltyPriorNotice),
    HearingNotice(HearingNotice),
    HearingRecord(HearingRecord),
    CollectiveDiscussion(CollectiveDiscussion),
    PenaltyDecision(PenaltyDecisionDoc),
    OnSpotPenaltyDecision(OnSpotPenaltyDecision),
    SeizureDecision(SeizureDecision),
    SeizureList(SeizureList),
    ServiceReceipt(ServiceReceipt),
    ClosingReport(ClosingReport),
}

impl InstrumentContent {
    pub fn kind(&self) -> InstrumentKind {
        use InstrumentKind as K;
        match self {
            Self::FilingApproval(_) => K::FilingApproval,
            Self::InspectionRecord(_) => K::InspectionRecord,
            Self::InquiryRecord(_) => K::InquiryRecord,
            Self::EvidencePreservationNotice(_) => K::EvidencePreservationNotice,
            Self::PenaltyPriorNotice(_) => K::PenaltyPriorNotice,
            Self::HearingNotice(_) => K::HearingNotice,
            Self::HearingRecord(_) => K::HearingRecord,
            Self::CollectiveDiscussion(_) => K::CollectiveDiscussion,
            Self::PenaltyDecision(_) => K::PenaltyDecision,
            Self::OnSpotPenaltyDecision(_) => K::OnSpotPenaltyDecision,
            Self::SeizureDecision(_) => K::SeizureDecision,
            Self::SeizureList(_) => K::SeizureList,
            Self::ServiceReceipt(_) => K::ServiceReceipt,
            Self::ClosingReport(_) => K::ClosingReport,
        }
    }
}

/// 立案审批表 (§10; P3: two or more officers assigned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilingApproval {
    /// 案件来源 (监督检查、投诉举报、移送…).
    pub source: String,
    /// 案由.
    pub cause: String,
    pub party: PartyInfo,
    /// 简要案情及立案理由.
    pub facts_and_reasons: String,
    /// 承办人员 with their certificate numbers.
    pub officers: Vec<Officer>,
    /// 承办人意见.
    pub officer_opinion: Opinion,
    /// 承办机构意见.
    pub unit_opinion: Opinion,
    /// 负责人审批意见.
    pub head_approval: Opinion,
}

/// 现场检查笔录 (§10 笔录; S2 Art 55).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionRecord {
    pub header: RecordHeader,
    /// 检查对象.
    pub party: PartyInfo,
    /// 现场负责人 or other person present, with their role.
    pub present_person: String,
    /// 检查情况.
    pub content: String,
    pub signatures: Signatures,
}

/// One question and its answer in a 询问笔录.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionAnswer {
    pub question: String,
    pub answer: String,
}

/// 询问笔录 (§10 笔录; S2 Art 55).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryRecord {
    pub header: RecordHeader,
    /// 被询问人.
    pub interviewee: Witness,
    /// 与案件关系 (当事人、法定代表人、员工、证人…).
    pub relation: String,
    pub party: PartyInfo,
    pub questions: Vec<QuestionAnswer>,
    pub signatures: Signatures,
}

/// 先行登记保存证据通知书 (P4, S2 Art 56).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidencePreservationNotice {
    pub party: PartyInfo,
    /// 涉嫌的违法行为.
    pub suspected_violation: String,
    pub basis: Vec<LegalBasis>,
    pub items: Vec<ListedItem>,
    /// 保存地点.
    pub storage_place: String,
    /// 保存方式 (就地保存 / 异地保存).
    pub storage_manner: String,
    /// The head who approved (P4: HARD, an approval must exist).
    pub approved_by: String,
    /// The handling decision is due within this many working days (7 by statute).
    pub decide_within_working_days: u32,
    pub officers: Vec<Officer>,
}

/// 行政处罚事先告知书 (P5, S2 Art 44; P6 for the hearing period).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PenaltyPriorNotice {
    pub party: PartyInfo,
    pub facts: String,
    pub evidence: Vec<String>,
    /// 理由 (why the facts violate the provisions, discretion).
    pub reasons: String,
    /// Provisions violated.
    pub violated: Vec<LegalBasis>,
    /// Provisions the intended penalty rests on.
    pub basis: Vec<LegalBasis>,
    /// 拟作出的行政处罚.
    pub penalties: Vec<Penalty>,
    /// The rights to state a case and to argue were told.
    pub rights_told: bool,
    pub hearing_offered: bool,
    /// 听证申请期限 in working days (5, S2 Art 64), when a hearing is offered.
    pub hearing_request_working_days: Option<u32>,
    /// 陈述申辩期限 (P5, CONFIG per sector): the very period the decision gate waits for.
    pub reply_period: Period,
    /// 联系人、联系电话、地址.
    pub contact: String,
    pub organ: String,
}

/// 听证通知书 (P6, S2 Art 64).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HearingNotice {
    pub party: PartyInfo,
    pub cause: String,
    pub hearing_at: NaiveDateTime,
    pub place: String,
    /// 听证主持人 (not an investigator on the case).
    pub host: String,
    /// 听证员.
    pub panel: Vec<String>,
    pub recorder: String,
    pub public: bool,
    /// Why the hearing is not public (secrets or privacy).
    pub not_public_reason: Option<String>,
    pub organ: String,
}

/// 听证笔录 (P6, A7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HearingRecord {
    pub cause: String,
    pub header: RecordHeader,
    pub host: String,
    pub panel: Vec<String>,
    pub party: PartyInfo,
    /// 委托代理人: one or two (S2 Art 64).
    pub agents: Vec<String>,
    /// 案件调查人员.
    pub investigators: Vec<Officer>,
    pub public: bool,
    /// 听证过程: the investigators' case, the party's statement, cross-examination, final words.
    pub proceedings: String,
    pub signatures: Signatures,
}

/// 集体讨论记录 (P7, S2 Art 57).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectiveDiscussion {
    pub cause: String,
    pub party: PartyInfo,
    pub held_at: NaiveDateTime,
    pub place: String,
    /// 主持人.
    pub chair: String,
    /// 出席人员 (name and post).
    pub participants: Vec<String>,
    pub recorder: String,
    /// 案情介绍, including the legal review opinion.
    pub summary: String,
    /// 讨论意见.
    pub discussion: String,
    /// 讨论决定.
    pub conclusion: String,
    pub participants_signed: bool,
}

/// 行政处罚决定书 (P9, S2 Art 59; P12 remedy periods). The date is the document date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PenaltyDecisionDoc {
    pub party: PartyInfo,
    pub facts: String,
    pub evidence: Vec<String>,
    pub violated: Vec<LegalBasis>,
    pub basis: Vec<LegalBasis>,
    pub penalties: Vec<Penalty>,
    /// 陈述申辩、听证 and how it was considered.
    pub statement_considered: Option<String>,
    /// 履行方式 (e.g. 缴至指定银行).
    pub performance_manner: String,
    /// 履行期限 (e.g. 自收到本决定书之日起十五日内).
    pub performance_deadline: String,
    pub remedies: Remedies,
    pub organ: String,
}

/// 当场行政处罚决定书 (P2, S2 Arts 51–52).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnSpotPenaltyDecision {
    pub party: PartyInfo,
    /// 违法行为.
    pub violation: String,
    pub occurred_at: NaiveDateTime,
    pub place: String,
    pub violated: Vec<LegalBasis>,
    pub basis: Vec<LegalBasis>,
    /// A warning or a fine within the P2 limits.
    pub penalties: Vec<Penalty>,
    pub performance_manner: String,
    pub remedies: Remedies,
    pub organ: String,
    pub officers: Vec<Officer>,
    pub party_signed: bool,
    /// A refusal to sign, as noted on the spot.
    pub refusal_note: Option<String>,
}

/// 查封 or 扣押.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeizureAction {
    /// 查封
    Seal,
    /// 扣押
    Seize,
}

/// 查封扣押决定书 (P13, S3 Art 24).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeizureDecision {
    pub party: PartyInfo,
    pub action: SeizureAction,
    pub reasons: String,
    pub basis: Vec<LegalBasis>,
    /// Term in days (at most 30, S3 Art 25).
    pub term_days: u32,
    pub items: Vec<ListedItem>,
    /// 保管地点, printed when given (S3 Art 24 does not require it; empty: not printed).
    pub storage_place: String,
    pub remedies: Remedies,
    pub organ: String,
}

/// 查封扣押清单 (P13, S3 Art 24: made in duplicate; A7 signatures).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeizureList {
    /// The number of the decision this list belongs to.
    pub decision_number: String,
    pub party: PartyInfo,
    pub items: Vec<ListedItem>,
    pub place: String,
    pub made_on: NaiveDate,
    pub officers: Vec<Officer>,
    pub signatures: Signatures,
}

/// How a document was served (S7 Arts 87–95).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryMethod {
    /// 直接送达
    Personal,
    /// 留置送达
    Left,
    /// 邮寄送达
    Post,
    /// 电子送达
    Electronic,
    /// 委托送达
    Entrusted,
}

/// A document served, as listed on the receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServedDocument {
    pub title: String,
    pub number: Option<String>,
}

/// 送达回证 (P10, S7 Arts 87, 89).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceReceipt {
    pub documents: Vec<ServedDocument>,
    /// 受送达人.
    pub recipient: String,
    pub address: String,
    pub method: DeliveryMethod,
    /// 收到日期 (the service date, Art 87).
    pub received_on: Option<NaiveDate>,
    /// Signed or sealed by the recipient.
    pub recipient_signed: bool,
    /// 代收人 and relation, when someone else signed.
    pub signed_by_other: Option<String>,
    /// 留置送达: why the recipient refused.
    pub refusal_reason: Option<String>,
    pub witness: Option<Witness>,
    /// 留置送达: the photo or video record's reference.
    pub av_record: Option<String>,
    /// 送达人.
    pub servers: Vec<Officer>,
    /// The case's access code for the party (CASE-6), filled in by the system when issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_access_code: Option<String>,
}

/// 结案报告 (no §10 element list: the fields of the SAMR form, rule `DOC-CLOSING-REPORT`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosingReport {
    pub case_number: String,
    pub cause: String,
    pub party: PartyInfo,
    pub filed_on: NaiveDate,
    /// 处理结果 (the decision and its number).
    pub outcome: String,
    /// 执行情况.
    pub execution: String,
    pub officers: Vec<Officer>,
    pub officer_opinion: Opinion,
    pub head_approval: Opinion,
}
