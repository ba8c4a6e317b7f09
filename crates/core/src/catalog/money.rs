//! Amounts and thresholds as catalogs state them. Thresholds are data (CAT-5): the same
//! "1万/10万" reads "不含本数" in one catalog and "含本数" in another, so the boundary is stored
//! with the amount, and a catalog that does not say keeps "未说明" until evaluated.

use serde::{Deserialize, Serialize};

use crate::case::model::{Fen, yuan};

/// Whether a threshold amount itself counts as reaching the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Boundary {
    /// 含本数: amount ≥ threshold.
    Inclusive,
    /// 不含本数: amount > threshold.
    Exclusive,
    /// 未说明: the source says "以上" without saying. Evaluated as inclusive, following the
    /// statutory convention that 以上 includes the number itself (刑法 Art 99; 民法典 Art 1259),
    /// and the reason says so.
    Unstated,
}

impl Boundary {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Inclusive => "含本数",
            Self::Exclusive => "不含本数",
            Self::Unstated => "未说明，按“以上”含本数理解",
        }
    }

    pub fn reached(self, amount: Fen, threshold: Fen) -> bool {
        match self {
            Self::Inclusive | Self::Unstated => amount >= threshold,
            Self::Exclusive => amount > threshold,
        }
    }

    /// Reads a catalog's inclusive column: `含本数（来源明示）`, `不含本数（…）`, `未说明（“以上”）`;
    /// empty means the row has no threshold.
    pub fn parse_cell(s: &str) -> Result<Option<Boundary>, String> {
        let s = s.trim();
        if s.is_empty() {
            Ok(None)
        } else if s.starts_with("不含") {
            Ok(Some(Self::Exclusive))
        } else if s.starts_with("含") {
            Ok(Some(Self::Inclusive))
        } else if s.starts_with("未说明") {
            Ok(Some(Self::Unstated))
        } else {
            Err(format!("“{s}”不是“含本数”“不含本数”或“未说明”"))
        }
    }
}

/// A threshold amount, optionally limited to a circumstance the catalog names in brackets
/// (`500（非经营）` = 500 yuan for non-business activities).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amount {
    pub fen: Fen,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
}

impl Amount {
    pub fn label_zh(&self) -> String {
        let mut s = format!("{}元", yuan_plain(self.fen));
        if let Some(q) = &self.qualifier {
            s.push_str(&format!("（{q}）"));
        }
        s
    }
}

/// 10000 → "10000", 10000.5 → "10000.50": yuan without trailing .00.
pub fn yuan_plain(fen: Fen) -> String {
    if fen % 100 == 0 {
        (fen / 100).to_string()
    } else {
        yuan(fen)
    }
}

/// Parses an amount in yuan written with Arabic digits (`10000`, `10,000`, `2500.5`, full-width
/// digits), optionally followed by a bracketed qualifier. Words (`一万元以上`, `1万`) are refused:
/// a threshold must be unambiguous, and the boundary lives in its own column.
pub fn parse_yuan(s: &str) -> Result<Option<Amount>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let (number, qualifier) = match s.find(['（', '(']) {
        Some(open) => {
            let inner = s[open..]
                .trim_start_matches(['（', '('])
                .trim_end_matches(['）', ')'])
                .trim();
            (&s[..open], Some(inner.to_owned()).filter(|q| !q.is_empty()))
        }
        None => (s, None),
    };
    let ascii: String = number
        .trim()
        .trim_end_matches('元')
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            other => other,
        })
        .collect();
    let bad =
        || format!("“{s}”不是金额：须为以元为单位的阿拉伯数字（如 10000），含不含本数另列填写");
    let (int, frac) = match ascii.split_once('.') {
        Some((i, f)) => (i, f),
        None => (ascii.as_str(), ""),
    };
    if int.is_empty()
        || !int.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || int.len() > 13
    {
        return Err(bad());
    }
    let whole: i64 = int.parse().map_err(|_| bad())?;
    let cents: i64 = if frac.is_empty() {
        0
    } else {
        let f: i64 = frac.parse().map_err(|_| bad())?;
        if frac.len() == 1 { f * 10 } else { f }
    };
    Ok(Some(Amount {
        fen: whole * 100 + cents,
        qualifier,
    }))
}
