//! Major-decision classification (REV-1): is a draft decision 重大, and why?
//!
//! Two sources, evaluated together (L1 + L2):
//! - the four statutory situations of 行政处罚法 Art 58 (L1), for penalties, always;
//! - the agency's 重大执法决定法制审核目录清单 (L2, CONFIG): rules by decision type, fine and
//!   confiscation thresholds per party class with the boundary the catalog states, penalty kinds
//!   and flags.
//!
//! Every reason names its source and, for thresholds, the numbers and the boundary, so that a
//! reviewer can see why. Thresholds with a qualifier the draft does not settle (a 2006 catalog's
//! "500（非经营）") are not guessed: they are returned as questions to answer.

use serde::{Deserialize, Serialize};

use super::PartyClass;
use super::matter::MatterKind;
use super::money::{Amount, Boundary, yuan_plain};
use crate::case::model::{Fen, Penalty};

/// The decision types a rule applies to; 其他 rows in real catalogs apply to every type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "kind", rename_all = "snake_case")]
pub enum AppliesTo {
    Any,
    Kind(MatterKind),
}

impl AppliesTo {
    pub fn parse_label(s: &str) -> Option<Self> {
        match MatterKind::parse_label(s)? {
            MatterKind::Other => Some(Self::Any),
            k => Some(Self::Kind(k)),
        }
    }

    fn covers(self, kind: MatterKind) -> bool {
        match self {
            Self::Any => true,
            Self::Kind(k) => k == kind,
        }
    }
}

/// The circumstances a catalog rule names besides amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// 涉及重大公共利益
    PublicInterest,
    /// 重大安全问题或重大社会影响
    MajorSafetyOrSocial,
    /// 疑难复杂、涉及多个法律关系
    Complex,
    /// 直接关系当事人或第三人重大权益 / 容易引起争议
    MajorRights,
    /// 经过（或应当经过）听证程序
    HearingHeld,
    /// 减轻处罚
    Mitigated,
    /// 减轻或者超出裁量基准加重处罚
    MitigatedOrAggravated,
    /// 责令停产停业（停业整顿）
    SuspendBusiness,
    /// 责令停止建设、停止施工
    StopWork,
    /// 责令关闭
    Closure,
    /// 限制从业
    PracticeBan,
    /// 降低资质等级
    LowerQualification,
    /// 吊销许可证件、营业执照或撤销执业资格
    RevokeLicence,
    /// 没收违法所得、非法财物（amount compared with the row's thresholds）
    Confiscation,
    /// 不予许可、不予变更、不予延续
    LicenceDenied,
    /// 撤回、撤销许可
    LicenceRevoked,
    /// 拍卖或依法处理查封扣押的财物
    AuctionSeized,
    /// 查封使生产经营难以正常进行
    SeizureStopsBusiness,
    /// 法律法规规章规定的其他情形，或机构负责人认为应当审核（兜底）
    CatchAll,
}

impl Trigger {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::PublicInterest => "涉及重大公共利益",
            Self::MajorSafetyOrSocial => "涉及重大安全问题或有重大社会影响",
            Self::Complex => "案件情况疑难复杂、涉及多个法律关系",
            Self::MajorRights => "直接关系当事人或第三人重大权益",
            Self::HearingHeld => "经过听证程序",
            Self::Mitigated => "减轻处罚",
            Self::MitigatedOrAggravated => "超出裁量基准减轻或加重处罚",
            Self::SuspendBusiness => "责令停产停业",
            Self::StopWork => "责令停止建设或停止施工",
            Self::Closure => "责令关闭",
            Self::PracticeBan => "限制从业",
            Self::LowerQualification => "降低资质等级",
            Self::RevokeLicence => "吊销许可证件、营业执照或撤销资格",
            Self::Confiscation => "没收违法所得或非法财物达到门槛",
            Self::LicenceDenied => "不予许可、不予变更或不予延续",
            Self::LicenceRevoked => "撤回或撤销许可",
            Self::AuctionSeized => "拍卖或处理查封扣押的财物",
            Self::SeizureStopsBusiness => "查封致生产经营活动难以正常进行",
            Self::CatchAll => "法律法规规定或负责人认为应当审核的其他情形",
        }
    }

    /// Reads one token of a catalog's trigger column (`;`-separated). A token that only
    /// qualifies the thresholds (`区分经营/非经营活动`) yields no trigger. `Err` for an unknown
    /// token, so that a new wording is looked at rather than silently ignored.
    pub fn parse_token(token: &str) -> Result<Vec<Trigger>, String> {
        use Trigger as T;
        let t = token.trim();
        let out = match t {
            "" => vec![],
            "重大公共利益" => vec![T::PublicInterest],
            "重大安全/社会影响" => vec![T::MajorSafetyOrSocial],
            "疑难复杂" => vec![T::Complex],
            "重大权益/争议" | "重大利益" | "重大权益" => vec![T::MajorRights],
            "听证" => vec![T::HearingHeld],
            "减轻处罚" => vec![T::Mitigated],
            "责令停产停业" | "责令停业整顿" => vec![T::SuspendBusiness],
            "停产停业/停止建设/停止施工" => vec![T::SuspendBusiness, T::StopWork],
            "责令关闭" => vec![T::Closure],
            "限制从业" => vec![T::PracticeBan],
            "降低资质等级" => vec![T::LowerQualification],
            "吊销许可证或营业执照" | "吊销许可证" | "吊销/撤销资格" => {
                vec![T::RevokeLicence]
            }
            "没收" | "没收等值违法所得/非法财物" => vec![T::Confiscation],
            "不予许可/撤销" => vec![T::LicenceDenied, T::LicenceRevoked],
            "撤回/撤销许可" => vec![T::LicenceRevoked],
            "拍卖/处理查封扣押财物" => vec![T::AuctionSeized],
            "查封致生产经营难以进行" => vec![T::SeizureStopsBusiness],
            "兜底" => vec![T::CatchAll],
            "区分经营/非经营活动" => vec![],
            _ if t.starts_with("减轻/加重") => vec![T::MitigatedOrAggravated],
            _ => return Err(format!("无法识别的触发情形“{t}”")),
        };
        Ok(out)
    }
}

/// One row of a 法制审核目录清单.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MajorReviewRule {
    /// 序号 in the catalog.
    pub item_no: String,
    pub applies_to: AppliesTo,
    /// The catalog's wording.
    pub criterion: String,
    /// Threshold for natural persons (and 个体工商户).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_threshold: Option<Amount>,
    /// Threshold for 法人或者其他组织.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_threshold: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundary: Option<Boundary>,
    /// The thresholds measure fines (the criterion speaks of 罚款).
    #[serde(default)]
    pub thresholds_fines: bool,
    #[serde(default)]
    pub triggers: Vec<Trigger>,
    /// 审核重点
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_focus: Option<String>,
}

/// Flags of a draft decision that no amount can show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftFlags {
    pub public_interest: bool,
    pub major_safety_or_social: bool,
    pub complex: bool,
    pub major_rights: bool,
    pub hearing_held: bool,
    pub mitigated: bool,
    /// 超出裁量基准加重
    pub aggravated: bool,
    pub stop_work: bool,
    pub licence_denied: bool,
    pub licence_revoked: bool,
    pub auction_seized: bool,
    pub seizure_stops_business: bool,
    /// 法律、法规规定应当进行法制审核 (Art 58 (4))
    pub law_requires: bool,
    /// 承办机构负责人认为应当提请审核
    pub head_requests: bool,
}

/// The decision about to be taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftDecision {
    pub kind: MatterKind,
    pub party: PartyClass,
    #[serde(default)]
    pub penalties: Vec<Penalty>,
    #[serde(default)]
    pub flags: DraftFlags,
    /// 经营活动 (true) or 非经营活动 (false), when a threshold depends on it.
    #[serde(default)]
    pub business_activity: Option<bool>,
}

impl DraftDecision {
    pub fn fines(&self) -> Fen {
        self.penalties
            .iter()
            .map(|p| match p {
                Penalty::Fine { fen } => *fen,
                _ => 0,
            })
            .sum()
    }

    pub fn confiscation(&self) -> Fen {
        self.penalties
            .iter()
            .map(|p| match p {
                Penalty::ConfiscateGains { fen } => *fen,
                Penalty::ConfiscateProperty { value_fen, .. } => *value_fen,
                _ => 0,
            })
            .sum()
    }

    fn has(&self, t: Trigger) -> bool {
        let f = &self.flags;
        let penalty = |pred: fn(&Penalty) -> bool| self.penalties.iter().any(pred);
        match t {
            Trigger::PublicInterest => f.public_interest,
            Trigger::MajorSafetyOrSocial => f.major_safety_or_social,
            Trigger::Complex => f.complex,
            Trigger::MajorRights => f.major_rights,
            Trigger::HearingHeld => f.hearing_held,
            Trigger::Mitigated => f.mitigated,
            Trigger::MitigatedOrAggravated => f.mitigated || f.aggravated,
            Trigger::SuspendBusiness => penalty(|p| matches!(p, Penalty::SuspendBusiness)),
            Trigger::StopWork => f.stop_work,
            Trigger::Closure => penalty(|p| matches!(p, Penalty::Closure)),
            Trigger::PracticeBan => penalty(|p| matches!(p, Penalty::PracticeBan { .. })),
            Trigger::LowerQualification => penalty(|p| matches!(p, Penalty::LowerQualification)),
            Trigger::RevokeLicence => penalty(|p| matches!(p, Penalty::RevokeLicence)),
            // Judged against the thresholds, not as a flag.
            Trigger::Confiscation => false,
            Trigger::LicenceDenied => f.licence_denied,
            Trigger::LicenceRevoked => f.licence_revoked,
            Trigger::AuctionSeized => f.auction_seized,
            Trigger::SeizureStopsBusiness => f.seizure_stops_business,
            Trigger::CatchAll => f.law_requires || f.head_requests,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReasonSource {
    /// 行政处罚法 第五十八条 第 n 项.
    Art58 { situation: u8 },
    /// A row of the agency's catalog.
    Catalog { item_no: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MajorReason {
    pub source: ReasonSource,
    /// Chinese, e.g. `罚款 10000元 达到对自然人的门槛 10000元（含本数）`.
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {
    pub reasons: Vec<MajorReason>,
    /// What the draft must say before some rule can be evaluated.
    pub questions: Vec<String>,
}

impl Classification {
    /// Legal review is required (L1/L2) when any reason applies.
    pub fn is_major(&self) -> bool {
        !self.reasons.is_empty()
    }
}

/// L1 + L2: classifies a draft against Art 58 and the catalog rules.
pub fn classify(draft: &DraftDecision, rules: &[MajorReviewRule]) -> Classification {
    let mut out = Classification::default();
    if draft.kind == MatterKind::Penalty {
        art58(draft, &mut out);
    }
    for rule in rules.iter().filter(|r| r.applies_to.covers(draft.kind)) {
        evaluate_rule(draft, rule, &mut out);
    }
    out
}

fn art58(draft: &DraftDecision, out: &mut Classification) {
    let f = &draft.flags;
    let mut push = |situation: u8, text: &str| {
        out.reasons.push(MajorReason {
            source: ReasonSource::Art58 { situation },
            text: format!(
                "《中华人民共和国行政处罚法》第五十八条第一款第（{}）项：{text}",
                cn(situation)
            ),
        })
    };
    if f.public_interest {
        push(1, "涉及重大公共利益");
    }
    if f.major_rights && f.hearing_held {
        push(2, "直接关系当事人或者第三人重大权益，经过听证程序");
    }
    if f.complex {
        push(3, "案件情况疑难复杂、涉及多个法律关系");
    }
    if f.law_requires {
        push(4, "法律、法规规定应当进行法制审核");
    }
}

fn cn(n: u8) -> &'static str {
    ["", "一", "二", "三", "四"]
        .get(usize::from(n))
        .copied()
        .unwrap_or("")
}

fn evaluate_rule(draft: &DraftDecision, rule: &MajorReviewRule, out: &mut Classification) {
    let source = || ReasonSource::Catalog {
        item_no: rule.item_no.clone(),
    };
    let threshold = if draft.party.uses_person_threshold() {
        rule.person_threshold.as_ref()
    } else {
        rule.org_threshold.as_ref()
    };
    if let Some(threshold) = threshold {
        let boundary = rule.boundary.unwrap_or(Boundary::Unstated);
        let mut measured: Vec<(&str, Fen)> = Vec::new();
        if rule.thresholds_fines {
            measured.push(("罚款", draft.fines()));
        }
        if rule.triggers.contains(&Trigger::Confiscation) {
            measured.push(("没收违法所得、非法财物价值", draft.confiscation()));
        }
        let applicable = match threshold.qualifier.as_deref() {
            None => Some(true),
            Some(q) if q.contains("非经营") => draft.business_activity.map(|b| !b),
            Some(q) if q.contains("经营") => draft.business_activity,
            Some(_) => None,
        };
        match applicable {
            Some(true) => {
                for (what, amount) in measured {
                    if amount > 0 && boundary.reached(amount, threshold.fen) {
                        out.reasons.push(MajorReason {
                            source: source(),
                            text: format!(
                                "第{}项：{what}{}元，达到对{}的门槛{}（{}）",
                                rule.item_no,
                                yuan_plain(amount),
                                draft.party.label_zh(),
                                threshold.label_zh(),
                                boundary.label_zh()
                            ),
                        });
                    }
                }
            }
            Some(false) => {}
            None => out.questions.push(format!(
                "第{}项的门槛{}仅适用于特定情形，请说明是否属于经营活动",
                rule.item_no,
                threshold.label_zh()
            )),
        }
    }
    for t in &rule.triggers {
        if draft.has(*t) {
            out.reasons.push(MajorReason {
                source: source(),
                text: format!(
                    "第{}项：{}（{}）",
                    rule.item_no,
                    t.label_zh(),
                    rule.criterion
                ),
            });
        }
    }
}
