//! Versions of a catalog (C2): drafts are edited, a published version never changes, and the
//! version in force on a date is the published one with the latest effective-from on or before it
//! (and not past its own effective-to). Publishing a new version therefore never touches an old one,
//! and a case that pinned an old version keeps reading it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::rule::Violation;

/// Which list a version belongs to (CAT-1..6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CatalogKind {
    /// 权责清单 / 行政执法事项清单 (CAT-1)
    Powers,
    /// 行政处罚裁量基准 (CAT-2)
    Discretion,
    /// 随机抽查事项清单 (CAT-3)
    SpotCheck,
    /// 音像记录事项清单 (CAT-4)
    Av,
    /// 重大执法决定法制审核目录清单 (CAT-5)
    MajorReview,
    /// 服务指南 and 执法流程图 (CAT-6)
    Guides,
}

impl CatalogKind {
    pub const ALL: [CatalogKind; 6] = [
        Self::Powers,
        Self::Discretion,
        Self::SpotCheck,
        Self::Av,
        Self::MajorReview,
        Self::Guides,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Powers => "powers",
            Self::Discretion => "discretion",
            Self::SpotCheck => "spot_check",
            Self::Av => "av",
            Self::MajorReview => "major_review",
            Self::Guides => "guides",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Powers => "权责清单",
            Self::Discretion => "行政处罚裁量基准",
            Self::SpotCheck => "随机抽查事项清单",
            Self::Av => "音像记录事项清单",
            Self::MajorReview => "重大执法决定法制审核目录清单",
            Self::Guides => "服务指南和执法流程图",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    Draft,
    Published,
}

impl VersionStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(Self::Draft),
            "published" => Some(Self::Published),
            _ => None,
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Draft => "草稿",
            Self::Published => "已发布",
        }
    }
}

/// Effective dates of a published version; `to` is inclusive and optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Effective {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

impl Effective {
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && self.to.is_none_or(|to| date <= to)
    }
}

/// What the version picker needs to know of a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionHead {
    pub id: i64,
    pub status: VersionStatus,
    pub effective: Option<Effective>,
}

/// C2: the version in force on `date`: among published versions covering the date, the one that
/// took effect last (ties: the later-published, i.e. higher id). Drafts never count.
pub fn version_in_force(versions: &[VersionHead], date: NaiveDate) -> Option<i64> {
    versions
        .iter()
        .filter(|v| v.status == VersionStatus::Published)
        .filter_map(|v| {
            v.effective
                .filter(|e| e.covers(date))
                .map(|e| (e.from, v.id))
        })
        .max()
        .map(|(_, id)| id)
}

/// C2: checks before publishing a draft. A version needs an effective-from date, an end not before
/// it, at least one item, and no item errors (the caller passes the items' own violations).
pub fn check_publish(
    status: VersionStatus,
    effective: Option<Effective>,
    item_count: usize,
) -> Vec<Violation> {
    let mut out = Vec::new();
    if status == VersionStatus::Published {
        out.push(Violation::hard(
            "C2",
            None,
            "已发布的版本不可修改或再次发布，请另建新版本",
        ));
        return out;
    }
    match effective {
        None => out.push(Violation::hard(
            "C2",
            Some("effective_from"),
            "发布前须填写生效日期",
        )),
        Some(e) if e.to.is_some_and(|to| to < e.from) => out.push(Violation::hard(
            "C2",
            Some("effective_to"),
            "失效日期不得早于生效日期",
        )),
        Some(_) => {}
    }
    if item_count == 0 {
        out.push(Violation::hard(
            "C2",
            Some("items"),
            "清单没有任何条目，不能发布",
        ));
    }
    out
}

/// C2: a case pins the version in force on its act date, so a version may not take effect
/// before the day it is published — that would change, after the fact, which rules applied to
/// acts already recorded. Lists published elsewhere in the past are entered as historical
/// publications (an administrator's import), which skip this check.
pub fn check_not_retroactive(effective: Option<Effective>, today: NaiveDate) -> Option<Violation> {
    let from = effective?.from;
    (from < today).then(|| {
        Violation::hard(
            "C2",
            Some("effective_from"),
            format!(
                "生效日期{from}早于发布日期{today}：已记录的执法行为适用当时施行的版本，新版本不能溯及既往"
            ),
        )
    })
}
