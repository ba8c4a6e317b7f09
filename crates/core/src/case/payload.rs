//! The data of the larger acts: filing, transcripts, notice, hearing, decision, service,
//! payment and coercive measures.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::{Fen, Party, Penalty};
use super::serde_cert;
use crate::registry::CertificateNo;

/// 立案 (P1, P3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filing {
    pub party: Party,
    /// 案由.
    pub cause: String,
    /// The day of the violation, or the day a continuing violation began.
    pub violation_on: NaiveDate,
    /// The day a continuing violation ended (P1 counts from here).
    pub continuing_until: Option<NaiveDate>,
    /// The day the violation was discovered.
    pub discovered_on: NaiveDate,
    /// Life, health or financial safety endangered with harmful consequences: 5 years (P1).
    pub serious_harm: bool,
    /// A law's own limitation period (P1, 处罚法 Art 36 "法律另有规定的除外"), e.g. 税收征管法
    /// Art 86: 5 years; it replaces the 2 or 5 years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_limitation: Option<SpecialLimitation>,
    /// 情节复杂或者重大违法: collective discussion required (P7).
    pub complex_or_serious: bool,
    /// Legal review required (L1; the review gate decides what that means).
    pub review_required: bool,
    /// The head who approved filing.
    pub approved_by: String,
}

/// A limitation period set by a law other than 处罚法 (P1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialLimitation {
    pub years: u32,
    /// The law and article, e.g. 《中华人民共和国税收征收管理法》第八十六条.
    pub citation: String,
}

/// The kind of a 笔录.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TranscriptKind {
    /// 询问笔录
    Inquiry,
    /// 现场检查笔录
    Inspection,
    /// 现场笔录
    OnSite,
}

/// A 笔录 (R4, A7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transcript {
    pub kind: TranscriptKind,
    /// The certificates shown to the party (R4).
    #[serde(with = "serde_cert::vec")]
    pub certificates_shown: Vec<CertificateNo>,
    /// Rights told, including the right to ask for recusal.
    pub rights_notified: bool,
    pub content: String,
    pub officers_signed: bool,
    pub party_signed: bool,
    /// Why the party did not sign, when it refused.
    pub refusal_note: Option<String>,
    /// A witness who signed.
    pub witness: Option<String>,
}

impl Transcript {
    /// A7: final only with signatures, or a refusal note plus a witness.
    pub fn is_signed(&self) -> bool {
        self.officers_signed
            && (self.party_signed || (self.refusal_note.is_some() && self.witness.is_some()))
    }
}

/// 事先告知 (P5, P6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub penalties: Vec<Penalty>,
    pub facts: String,
    pub reasons: String,
    pub basis: String,
    /// The rights to state a case, argue and (where it applies) request a hearing were told.
    pub rights_told: bool,
    /// The notice offers a hearing, with the 5-working-day request period.
    pub hearing_offered: bool,
}

/// 听证通知.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HearingNotice {
    pub hearing_on: NaiveDate,
    #[serde(with = "serde_cert::one")]
    pub host: CertificateNo,
    pub public: bool,
}

/// 听证 held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HearingHeld {
    #[serde(with = "serde_cert::one")]
    pub host: CertificateNo,
    pub party_appeared: bool,
    /// When absent: whether the party had a good reason (otherwise a waiver).
    pub absence_excused: bool,
    pub record_signed: bool,
    pub refusal_note: Option<String>,
    pub witness: Option<String>,
}

/// Remedy routes and periods printed on a decision (P12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remedies {
    /// 行政复议 period in days (60 by statute).
    pub review_days: u32,
    pub review_organ: String,
    /// 行政诉讼 period in months (6 by statute); not printed under 复议前置.
    pub litigation_months: u32,
    /// The court; not printed under 复议前置 (the party sues against the 复议 decision).
    pub court: String,
    /// 复议前置 (P12, 复议法 2023 Art 23): the party must apply for 复议 first and may sue only
    /// against the 复议 decision, and the document must say so (Art 23(2)).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub review_first: bool,
}

impl Remedies {
    /// The statute's periods: 复议 60 days (复议法 Art 20), 诉讼 6 months (行诉法 Art 46),
    /// without 复议前置.
    pub fn statutory(review_organ: &str, court: &str) -> Remedies {
        Remedies {
            review_days: 60,
            review_organ: review_organ.into(),
            litigation_months: 6,
            court: court.into(),
            review_first: false,
        }
    }

    /// The statute's remedies for a penalty decision made on `decided_on`: 复议前置 when it
    /// was made on the spot on or after 2024-01-01 ([`review_first_for_penalty`]).
    pub fn statutory_for_penalty(
        review_organ: &str,
        court: &str,
        on_the_spot: bool,
        decided_on: NaiveDate,
    ) -> Remedies {
        Remedies {
            review_first: review_first_for_penalty(on_the_spot, decided_on),
            ..Remedies::statutory(review_organ, court)
        }
    }
}

/// The day 复议法 2023 took effect (its Art 90).
pub fn review_law_2023_in_force() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// P12, 复议法 2023 Art 23(1)(一): a penalty decision made on the spot (当场作出) on or after
/// 2024-01-01 must go to 复议 first. An ordinary-procedure decision falls under none of the
/// Art 23(1) situations; earlier on-the-spot decisions could be sued directly.
pub fn review_first_for_penalty(on_the_spot: bool, decided_on: NaiveDate) -> bool {
    on_the_spot && decided_on >= review_law_2023_in_force()
}

/// 行政处罚决定书 / 当场处罚决定书 (P9, P2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PenaltyDecision {
    pub party: Party,
    pub facts: String,
    pub evidence: Vec<String>,
    pub penalties: Vec<Penalty>,
    pub basis: String,
    /// Manner and deadline of performance.
    pub performance: String,
    pub remedies: Remedies,
    pub organ: String,
    pub decided_on: NaiveDate,
    pub sealed: bool,
    /// 当场处罚决定 (simplified procedure): pre-numbered, handed over on the spot.
    pub on_the_spot: bool,
    pub instrument_no: Option<String>,
    /// Facts conclusive (simplified procedure, S2 Art 51).
    pub facts_conclusive: bool,
    /// The certificates shown to the party when deciding on the spot (R4, S2 Art 52).
    #[serde(
        default,
        with = "serde_cert::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub certificates_shown: Vec<CertificateNo>,
}

/// How an instrument was served (S7 Arts 87–95).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum ServiceMethod {
    /// 直接送达 / 当场交付: 送达回证 signed or sealed by the recipient.
    Personal { receipt_signed: bool },
    /// 留置送达: refusal, with a witness or a photo/video record.
    Left {
        refusal_reason: String,
        witness: Option<String>,
        av_record: Option<String>,
    },
    /// 邮寄送达: the date on the return receipt.
    Post {
        return_receipt_on: Option<NaiveDate>,
    },
    /// 电子送达 / fax / email: consent on file, arrival in the recipient's system.
    Electronic {
        consent_on_file: bool,
        arrived_on: Option<NaiveDate>,
    },
    /// 公告送达: deemed served 30 days after publication.
    PublicNotice {
        published_on: NaiveDate,
        reason: String,
    },
}

/// 送达.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// The act whose instrument is served (a notice, hearing notice, decision, measure).
    pub of_act: u64,
    pub recipient: String,
    pub method: ServiceMethod,
    /// The service date the proof establishes.
    pub served_on: NaiveDate,
}

/// Why a fine is collected on the spot (S2 Arts 68–69).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnSpotGround {
    /// Fine of ¥100 or less.
    SmallFine,
    /// Later collection would be impractical.
    Impractical,
    /// Remote area, the party has difficulty paying at a bank.
    Remote,
}

/// 缴纳.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub amount_fen: Fen,
    pub paid_on: NaiveDate,
    pub on_the_spot: Option<OnSpotGround>,
    /// Official receipt number (S2 Art 70).
    pub receipt_no: Option<String>,
}

/// 查封扣押 or 冻结.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CoercionKind {
    /// 查封、扣押
    Seizure,
    /// 冻结
    Freeze,
}

/// The ten steps of S3 Art 18, as recorded on site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Art18Checklist {
    pub certificate_shown: bool,
    pub party_notified: bool,
    pub reasons_basis_rights_told: bool,
    pub party_heard: bool,
    pub onsite_record_made: bool,
    /// Party and officers signed, or the refusal is noted.
    pub signed_or_refusal_noted: bool,
    pub party_present: bool,
    /// A witness signed (required when the party is absent).
    pub witness_signed: bool,
    pub other_legal_steps: bool,
}

/// One seized, sealed or frozen item (the 清单, S3 Art 24).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub name: String,
    pub quantity: String,
}

/// A coercive measure carried out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoercionMeasure {
    pub measure: CoercionKind,
    /// Carried out before approval in an emergency (S3 Art 19).
    pub emergency: bool,
    pub items: Vec<Item>,
    /// Term in days (at most 30, S3 Art 25 / Art 32).
    pub term_days: u32,
    pub checklist: Art18Checklist,
    pub reasons: String,
    pub basis: String,
}
