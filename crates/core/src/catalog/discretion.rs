//! 行政处罚裁量基准 (CAT-2) and the discretion engine (C3).
//!
//! A standard lists, for one violation, tiers (不予处罚 / 减轻 / 从轻 / 一般 / 从重) with their
//! conditions and a fine range whose ends are inclusive or exclusive exactly as the standard
//! writes them ("五千元以上一万元以下" vs "超过一万元"). Given the circumstances found, the engine
//! picks the tier and says whether a proposed fine lies inside it; outside is a WARN (C3) that
//! needs a written justification and is looked at in legal review (L3).

use serde::{Deserialize, Serialize};

use super::money::yuan_plain;
use crate::case::model::Fen;
use crate::rule::Violation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscretionLevel {
    /// 不予处罚 (S2 Art 33)
    NoPenalty,
    /// 减轻处罚 (S2 Art 32)
    Mitigated,
    /// 从轻处罚 (S2 Art 32)
    Lighter,
    /// 一般处罚
    General,
    /// 从重处罚
    Heavier,
}

impl DiscretionLevel {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::NoPenalty => "不予处罚",
            Self::Mitigated => "减轻处罚",
            Self::Lighter => "从轻处罚",
            Self::General => "一般处罚",
            Self::Heavier => "从重处罚",
        }
    }
}

/// One end of a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bound {
    pub fen: Fen,
    pub inclusive: bool,
}

/// A fine range; an absent end is open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FineRange {
    pub min: Option<Bound>,
    pub max: Option<Bound>,
}

impl FineRange {
    pub fn contains(&self, fen: Fen) -> bool {
        let above_min = self.min.is_none_or(|b| {
            if b.inclusive {
                fen >= b.fen
            } else {
                fen > b.fen
            }
        });
        let below_max = self.max.is_none_or(|b| {
            if b.inclusive {
                fen <= b.fen
            } else {
                fen < b.fen
            }
        });
        above_min && below_max
    }

    /// `5000元以上（含）10000元以下（不含）`.
    pub fn label_zh(&self) -> String {
        let end = |b: Bound, word: &str| {
            format!(
                "{}元{word}（{}）",
                yuan_plain(b.fen),
                if b.inclusive { "含" } else { "不含" }
            )
        };
        match (self.min, self.max) {
            (None, None) => "不限".into(),
            (Some(a), None) => end(a, "以上"),
            (None, Some(b)) => end(b, "以下"),
            (Some(a), Some(b)) => format!("{}{}", end(a, "以上"), end(b, "以下")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscretionTier {
    pub level: DiscretionLevel,
    /// 适用情形 as the standard writes them.
    pub conditions: Vec<String>,
    #[serde(default)]
    pub fine: FineRange,
    /// Other penalties of the tier (警告, 没收违法所得…), as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscretionStandard {
    /// Matter code or name it belongs to.
    pub matter: String,
    /// 违法行为
    pub violation: String,
    /// 违法依据 / 处罚依据, as written.
    pub basis_text: String,
    pub tiers: Vec<DiscretionTier>,
}

/// What the investigation found; counts of factors of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Circumstances {
    /// Art 33 grounds (初次违法且危害后果轻微并及时改正, 违法行为轻微并及时改正…).
    pub no_penalty_grounds: bool,
    /// Art 32 mitigating factors (主动消除或者减轻违法行为危害后果, 受他人胁迫, 立功…).
    pub mitigating: u32,
    /// 从轻 factors.
    pub lighter: u32,
    /// 从重 factors.
    pub heavier: u32,
}

/// C3: the tier that applies. Art 33 grounds first, then Art 32 mitigation, then 从轻 against
/// 从重 by their count (a case with as many of each is 一般, the common rule of local standards).
/// A standard without the chosen tier falls back to 一般; `None` when it has no 一般 either.
pub fn applicable_tier<'a>(
    standard: &'a DiscretionStandard,
    c: &Circumstances,
) -> Option<&'a DiscretionTier> {
    let wanted = if c.no_penalty_grounds {
        DiscretionLevel::NoPenalty
    } else if c.mitigating > 0 {
        DiscretionLevel::Mitigated
    } else if c.lighter > c.heavier {
        DiscretionLevel::Lighter
    } else if c.heavier > c.lighter {
        DiscretionLevel::Heavier
    } else {
        DiscretionLevel::General
    };
    let find = |level| standard.tiers.iter().find(|t| t.level == level);
    find(wanted).or_else(|| find(DiscretionLevel::General))
}

/// C3: a proposed fine outside the tier's range is a WARN naming the range.
pub fn check_fine(tier: &DiscretionTier, fen: Fen) -> Option<Violation> {
    if tier.fine.contains(fen) {
        return None;
    }
    Some(Violation::warn(
        "C3",
        Some("fine"),
        format!(
            "拟罚款{}元不在裁量基准“{}”档的幅度{}内，须书面说明理由",
            yuan_plain(fen),
            tier.level.label_zh(),
            tier.fine.label_zh()
        ),
    ))
}
