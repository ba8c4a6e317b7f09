//! The case model: procedures, stages, parties, officers on duty and penalties.

use serde::{Deserialize, Serialize};

use crate::ids::{CreditCode, IdNumber};
use crate::registry::{CertificateNo, CertificateStatus};

/// 程序: which state machine a case follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcedureKind {
    /// 行政处罚 简易程序 (S2 Arts 51–52).
    PenaltySimple,
    /// 行政处罚 普通程序 (S2 Arts 54–65).
    PenaltyOrdinary,
    /// 行政强制措施 (S3): 查封扣押 or 冻结.
    Coercion,
    /// 行政检查.
    Inspection,
    /// 行政许可 (S4).
    Licensing,
}

impl ProcedureKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::PenaltySimple => "行政处罚简易程序",
            Self::PenaltyOrdinary => "行政处罚普通程序",
            Self::Coercion => "行政强制措施",
            Self::Inspection => "行政检查",
            Self::Licensing => "行政许可",
        }
    }

    /// The stages a closed case of this kind must account for (A1): each needs a record or a
    /// reasoned "not applicable".
    pub fn required_stages(self) -> &'static [Stage] {
        use Stage as S;
        match self {
            Self::PenaltySimple => &[S::Decision, S::Service, S::Execution],
            Self::PenaltyOrdinary => &[
                S::Filing,
                S::Investigation,
                S::Notice,
                S::Hearing,
                S::Review,
                S::Deliberation,
                S::Decision,
                S::Service,
                S::Execution,
            ],
            Self::Coercion => &[S::Approval, S::Measure, S::Service, S::Release],
            Self::Inspection => &[S::Filing, S::Investigation, S::InspectionResult],
            Self::Licensing => &[S::Application, S::Acceptance, S::Decision, S::Service],
        }
    }
}

/// 环节. The penalty stages run 立案 → 调查取证 → 事先告知 → 陈述申辩/听证 → 法制审核 → 集体讨论 →
/// 决定 → 送达 → 执行/缴纳 → 结案 → 归档; the other procedures use the later variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Nothing recorded yet.
    Opened,
    /// 立案
    Filing,
    /// 调查取证
    Investigation,
    /// 事先告知
    Notice,
    /// 陈述申辩 / 听证
    Hearing,
    /// 法制审核
    Review,
    /// 集体讨论
    Deliberation,
    /// 决定
    Decision,
    /// 送达
    Service,
    /// 执行 / 缴纳
    Execution,
    /// 申请 (licensing)
    Application,
    /// 受理 (licensing)
    Acceptance,
    /// 审批 (coercion)
    Approval,
    /// 实施强制措施 (coercion)
    Measure,
    /// 解除 (coercion)
    Release,
    /// 检查结果 (inspection)
    InspectionResult,
    /// 结案
    Closing,
    /// 归档
    Archiving,
}

impl Stage {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Opened => "未立案",
            Self::Filing => "立案",
            Self::Investigation => "调查取证",
            Self::Notice => "事先告知",
            Self::Hearing => "陈述申辩/听证",
            Self::Review => "法制审核",
            Self::Deliberation => "集体讨论",
            Self::Decision => "决定",
            Self::Service => "送达",
            Self::Execution => "执行/缴纳",
            Self::Application => "申请",
            Self::Acceptance => "受理",
            Self::Approval => "审批",
            Self::Measure => "实施强制措施",
            Self::Release => "解除",
            Self::InspectionResult => "检查结果",
            Self::Closing => "结案",
            Self::Archiving => "归档",
        }
    }
}

/// The identity of a party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PartyId {
    /// 公民 (natural person).
    Person { id_number: IdNumber },
    /// 法人或其他组织.
    Organisation { credit_code: CreditCode },
}

/// 当事人.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub name: String,
    pub id: PartyId,
    /// 送达地址 (confirmed address for service).
    pub service_address: String,
    /// 委托代理人 (names); a hearing allows one or two (S2 Art 64).
    #[serde(default)]
    pub agents: Vec<String>,
}

impl Party {
    pub fn is_person(&self) -> bool {
        matches!(self.id, PartyId::Person { .. })
    }

    /// A 个体工商户: its 统一社会信用代码 has registration authority 9 (工商) and category 2
    /// (GB 32100-2015).
    pub fn is_individual_business(&self) -> bool {
        matches!(&self.id, PartyId::Organisation { credit_code } if credit_code.as_str().starts_with("92"))
    }

    /// Whether the party is a citizen for an amount threshold; a 个体工商户 is one (民法典 Art 54)
    /// when `individual_business_as_person`.
    pub fn counts_as_person(&self, individual_business_as_person: bool) -> bool {
        self.is_person() || (individual_business_as_person && self.is_individual_business())
    }
}

/// 音像记录 requirement of the matter (A3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AvRequirement {
    /// 全过程记录
    FullProcess,
    /// 根据情况记录
    ByCircumstance,
    /// 不要求
    None,
}

/// An officer taking part in an act, as the registry says on the act date (supplied by the
/// caller: this crate reads no registry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfficerOnDuty {
    pub name: String,
    pub certificate_no: CertificateNo,
    /// `CertificateStatus::effective` on the act date.
    pub status: CertificateStatus,
    /// 执法类别 the certificate covers.
    pub categories: Vec<String>,
    /// 执法区域 the certificate covers (division codes or names).
    pub areas: Vec<String>,
}

/// Amount in fen (分). Never floats.
pub type Fen = i64;

/// Formats fen as yuan with two decimals, e.g. `20001` → `200.01`.
pub fn yuan(fen: Fen) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// 处罚种类 (S2 Art 9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Penalty {
    /// 警告
    Warning,
    /// 通报批评
    Criticism,
    /// 罚款
    Fine { fen: Fen },
    /// 没收违法所得
    ConfiscateGains { fen: Fen },
    /// 没收非法财物 (valued in fen)
    ConfiscateProperty { description: String, value_fen: Fen },
    /// 暂扣许可证件
    SuspendLicence { days: u32 },
    /// 吊销许可证件
    RevokeLicence,
    /// 降低资质等级
    LowerQualification,
    /// 限制开展生产经营活动
    RestrictActivities { days: u32 },
    /// 责令停产停业
    SuspendBusiness,
    /// 责令关闭
    Closure,
    /// 限制从业
    PracticeBan { days: u32 },
    /// 行政拘留
    Detention { days: u32 },
    /// 其他
    Other { description: String },
}

impl Penalty {
    pub fn label_zh(&self) -> String {
        match self {
            Self::Warning => "警告".into(),
            Self::Criticism => "通报批评".into(),
            Self::Fine { fen } => format!("罚款{}元", yuan(*fen)),
            Self::ConfiscateGains { fen } => format!("没收违法所得{}元", yuan(*fen)),
            Self::ConfiscateProperty { description, .. } => {
                format!("没收非法财物（{description}）")
            }
            Self::SuspendLicence { days } => format!("暂扣许可证件{days}日"),
            Self::RevokeLicence => "吊销许可证件".into(),
            Self::LowerQualification => "降低资质等级".into(),
            Self::RestrictActivities { days } => format!("限制开展生产经营活动{days}日"),
            Self::SuspendBusiness => "责令停产停业".into(),
            Self::Closure => "责令关闭".into(),
            Self::PracticeBan { days } => format!("限制从业{days}日"),
            Self::Detention { days } => format!("行政拘留{days}日"),
            Self::Other { description } => description.clone(),
        }
    }

    /// The same kind of penalty (for comparing a decision with the notice).
    pub fn same_kind(&self, other: &Penalty) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }

    /// A severity measure within one kind: amount or days; 0 for kinds without one.
    pub fn magnitude(&self) -> i64 {
        match self {
            Self::Fine { fen } | Self::ConfiscateGains { fen } => *fen,
            Self::ConfiscateProperty { value_fen, .. } => *value_fen,
            Self::SuspendLicence { days }
            | Self::RestrictActivities { days }
            | Self::PracticeBan { days }
            | Self::Detention { days } => i64::from(*days),
            _ => 0,
        }
    }
}
