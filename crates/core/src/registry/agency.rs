//! REG-1 / R1: the kinds of lawful actor and how agencies are funded.

use serde::{Deserialize, Serialize};

/// R1: who may act. Entrusted bodies act in the entrusting organ's name; township bodies hold
/// powers by a published provincial decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyNature {
    /// 行政机关 acting within its statutory powers.
    Organ,
    /// 法律法规授权的组织.
    Empowered,
    /// 受委托组织 (needs an entrustment).
    Entrusted,
    /// 乡镇人民政府、街道办事处 (赋权).
    Township,
}

impl AgencyNature {
    pub const ALL: [AgencyNature; 4] = [
        AgencyNature::Organ,
        AgencyNature::Empowered,
        AgencyNature::Entrusted,
        AgencyNature::Township,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AgencyNature::Organ => "organ",
            AgencyNature::Empowered => "empowered",
            AgencyNature::Entrusted => "entrusted",
            AgencyNature::Township => "township",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            AgencyNature::Organ => "行政机关",
            AgencyNature::Empowered => "法律法规授权组织",
            AgencyNature::Entrusted => "受委托组织",
            AgencyNature::Township => "乡镇街道（赋权）",
        }
    }

    /// Accepts the code or the Chinese label (as typed in spreadsheets).
    pub fn parse(s: &str) -> Option<AgencyNature> {
        let s = s.trim();
        AgencyNature::ALL
            .into_iter()
            .find(|n| n.code() == s || n.label_zh() == s || s == short_label(*n))
    }
}

fn short_label(n: AgencyNature) -> &'static str {
    match n {
        AgencyNature::Organ => "行政机关",
        AgencyNature::Empowered => "授权组织",
        AgencyNature::Entrusted => "委托组织",
        AgencyNature::Township => "乡镇街道",
    }
}

/// 经费保障方式 (REG-1 "funding").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Funding {
    /// 财政全额拨款
    Full,
    /// 财政差额拨款
    Partial,
    /// 自收自支
    SelfFunded,
}

impl Funding {
    pub const ALL: [Funding; 3] = [Funding::Full, Funding::Partial, Funding::SelfFunded];

    pub fn code(self) -> &'static str {
        match self {
            Funding::Full => "full",
            Funding::Partial => "partial",
            Funding::SelfFunded => "self_funded",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Funding::Full => "财政全额拨款",
            Funding::Partial => "财政差额拨款",
            Funding::SelfFunded => "自收自支",
        }
    }

    pub fn parse(s: &str) -> Option<Funding> {
        let s = s.trim();
        Funding::ALL
            .into_iter()
            .find(|f| f.code() == s || f.label_zh() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natures_parse_from_code_and_chinese_label() {
        for n in AgencyNature::ALL {
            assert_eq!(AgencyNature::parse(n.code()), Some(n));
            assert_eq!(AgencyNature::parse(n.label_zh()), Some(n));
        }
        assert_eq!(
            AgencyNature::parse("委托组织"),
            Some(AgencyNature::Entrusted)
        );
        assert_eq!(AgencyNature::parse("公司"), None);
        for f in Funding::ALL {
            assert_eq!(Funding::parse(f.label_zh()), Some(f));
        }
    }
}
