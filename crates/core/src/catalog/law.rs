//! Statute texts as articles, so that a matter's legal basis links to the article's words.
//!
//! The input is the Markdown layout of the statute files we ship (`# title`, preamble up to
//! `<!-- INFO END -->`, `## 第一章 …`, `### 第一节 …`, then `第N条 text` with following
//! paragraphs). Parsing is checked against an independently made article list of 行政处罚法.

use serde::{Deserialize, Serialize};

use super::numerals::parse_cn_number;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LawText {
    pub title: String,
    /// Promulgation and amendment lines before the body.
    pub history: Vec<String>,
    pub articles: Vec<Article>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub number: u32,
    /// 第五十八条
    pub label: String,
    pub chapter: Option<String>,
    pub section: Option<String>,
    pub paragraphs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LawParseError {
    #[error("the text has no `# title` line")]
    NoTitle,
    #[error("the text has no articles")]
    NoArticles,
    #[error("article {found} follows article {previous}: numbers must ascend")]
    OutOfOrder { previous: u32, found: u32 },
}

pub fn parse_law_markdown(text: &str) -> Result<LawText, LawParseError> {
    let mut title = None;
    let mut history = Vec::new();
    let mut in_preamble = true;
    let mut chapter: Option<String> = None;
    let mut section: Option<String> = None;
    let mut articles: Vec<Article> = Vec::new();
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(t) = line.strip_prefix("# ") {
            title.get_or_insert_with(|| t.trim().to_owned());
            continue;
        }
        if line.starts_with("<!--") {
            in_preamble = false;
            continue;
        }
        if let Some(c) = line.strip_prefix("## ") {
            in_preamble = false;
            chapter = Some(c.trim().to_owned());
            section = None;
            continue;
        }
        if let Some(s) = line.strip_prefix("### ") {
            section = Some(s.trim().to_owned());
            continue;
        }
        if in_preamble {
            history.push(line.to_owned());
            continue;
        }
        if let Some((number, label, rest)) = article_head(line) {
            if let Some(prev) = articles.last()
                && number <= prev.number
            {
                return Err(LawParseError::OutOfOrder {
                    previous: prev.number,
                    found: number,
                });
            }
            articles.push(Article {
                number,
                label,
                chapter: chapter.clone(),
                section: section.clone(),
                paragraphs: vec![rest.to_owned()]
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .collect(),
            });
        } else if let Some(last) = articles.last_mut() {
            last.paragraphs.push(line.to_owned());
        }
    }
    let title = title.ok_or(LawParseError::NoTitle)?;
    if articles.is_empty() {
        return Err(LawParseError::NoArticles);
    }
    Ok(LawText {
        title,
        history,
        articles,
    })
}

/// `第五十八条 有下列情形之一…` → (58, "第五十八条", "有下列情形之一…").
fn article_head(line: &str) -> Option<(u32, String, &str)> {
    let rest = line.strip_prefix('第')?;
    let end = rest.find('条')?;
    let number = parse_cn_number(&rest[..end])?;
    let after = &rest[end + '条'.len_utf8()..];
    // An article heading is followed by a space (ASCII or full-width) or ends the line; a
    // paragraph that merely starts with 第…条 (a cross-reference) is not.
    let body = if after.is_empty() {
        after
    } else {
        after
            .strip_prefix(' ')
            .or_else(|| after.strip_prefix('\u{3000}'))?
    };
    let label = format!("第{}条", &rest[..end]);
    Some((number, label, body.trim()))
}

impl LawText {
    pub fn article(&self, number: u32) -> Option<&Article> {
        self.articles
            .binary_search_by_key(&number, |a| a.number)
            .ok()
            .and_then(|i| self.articles.get(i))
    }
}

/// The statutes shipped with the system (`data/laws`, public domain): slug and Markdown text.
/// The slug is the stable part of article URLs (`/portal/laws/xzcf-fa-2021#a58`).
pub const BUILTIN_LAWS: &[(&str, &str)] = &[
    (
        "xzcf-fa-2021",
        include_str!("../../data/laws/xzcf-fa-2021.md"),
    ),
    (
        "xzxk-fa-2019",
        include_str!("../../data/laws/xzxk-fa-2019.md"),
    ),
    (
        "xzqz-fa-2011",
        include_str!("../../data/laws/xzqz-fa-2011.md"),
    ),
    (
        "xzfy-fa-2023",
        include_str!("../../data/laws/xzfy-fa-2023.md"),
    ),
    (
        "xzss-fa-2017",
        include_str!("../../data/laws/xzss-fa-2017.md"),
    ),
    (
        "zfxxgk-tiaoli-2019",
        include_str!("../../data/laws/zfxxgk-tiaoli-2019.md"),
    ),
    (
        "qyxxgs-tiaoli-2014",
        include_str!("../../data/laws/qyxxgs-tiaoli-2014.md"),
    ),
    (
        "samr-order45-penalty-publicity-2021",
        include_str!("../../data/laws/samr-order45-penalty-publicity-2021.md"),
    ),
    (
        "nianjie-fangjia-banfa-2024",
        include_str!("../../data/laws/nianjie-fangjia-banfa-2024.md"),
    ),
];
