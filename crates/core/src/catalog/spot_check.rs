//! 随机抽查事项清单 (CAT-3): what may be randomly inspected, on what basis, how often.
//! Unpublished items may not be inspected (C2, S14); the plan module (INS-2) reads the ratio.

use serde::{Deserialize, Serialize};

use super::legal_basis::LegalRef;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpotCheckItem {
    /// 序号 as the list writes it (`1`, `1-发起`).
    pub seq: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// 抽查领域
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// 抽查事项
    pub name: String,
    /// 检查内容
    #[serde(default)]
    pub content: String,
    /// 抽查对象
    #[serde(default)]
    pub target: String,
    /// 一般检查事项 / 重点检查事项
    #[serde(default)]
    pub class: String,
    /// 检查方式
    #[serde(default)]
    pub method: String,
    /// 抽查比例 as written, and the percentage when it states one.
    #[serde(default)]
    pub ratio: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratio_percent: Option<u32>,
    /// 抽查频次
    #[serde(default)]
    pub frequency: String,
    /// 实施时间
    #[serde(default)]
    pub period: String,
    /// 发起部门 / 配合部门
    #[serde(default)]
    pub lead_dept: String,
    #[serde(default)]
    pub assisting: String,
    #[serde(default)]
    pub basis_text: String,
    #[serde(default)]
    pub basis: Vec<LegalRef>,
    /// 实施层级
    #[serde(default)]
    pub level: String,
}

/// `全年抽查比例不低于5%` → 5; `10%` → 10; `同上` or no percentage → `None`.
pub fn parse_ratio_percent(s: &str) -> Option<u32> {
    let pct = s.find(['%', '％'])?;
    let digits: String = s[..pct]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().ok().filter(|p| *p <= 100)
}
