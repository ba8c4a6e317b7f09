//! Legal basis (法律依据) as references to articles: `《中华人民共和国档案法》第四十八条第（一）项；
//! 第四十九条第二款` → two references to 档案法, articles 48 (item 1) and 49 (paragraph 2).
//!
//! C1: a matter must carry its legal articles. Catalogs write them as free text; we keep the text
//! and extract what we can link to article texts. A law named without an article (source
//! truncated, or a whole regulation cited) is kept as a reference without an article.

use serde::{Deserialize, Serialize};

use super::numerals::{parse_cn_number, to_cn_number};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LegalRef {
    /// The law's title without 《》, e.g. `中华人民共和国行政许可法`.
    pub law: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<u32>,
    /// 款
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    /// 项
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<u32>,
}

impl LegalRef {
    /// `《中华人民共和国行政许可法》第三十二条第一款`.
    pub fn label_zh(&self) -> String {
        let mut out = format!("《{}》", self.law);
        if let Some(a) = self.article {
            out.push_str(&format!("第{}条", to_cn_number(a)));
        }
        if let Some(p) = self.paragraph {
            out.push_str(&format!("第{}款", to_cn_number(p)));
        }
        if let Some(i) = self.item {
            out.push_str(&format!("第（{}）项", to_cn_number(i)));
        }
        out
    }
}

/// Extracts every reference from a legal-basis text. Never fails: unparseable parts are simply
/// not references (the caller keeps the text).
pub fn parse_legal_basis(text: &str) -> Vec<LegalRef> {
    let chars: Vec<char> = text.chars().collect();
    let mut refs = Vec::new();
    let mut law: Option<String> = None;
    let mut law_has_article = false;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '《' => {
                let Some(end) = find(&chars, i + 1, '》') else {
                    break;
                };
                flush_bare_law(&mut refs, &law, law_has_article);
                let name: String = chars[i + 1..end].iter().collect();
                law = Some(name.trim().to_owned()).filter(|n| !n.is_empty());
                law_has_article = false;
                i = end + 1;
            }
            // A parenthetical note after a title (（国务院令第101号）) holds no article of it.
            '（' | '(' if i > 0 && chars[i - 1] == '》' => {
                let close = if chars[i] == '（' { '）' } else { ')' };
                i = find(&chars, i + 1, close).map_or(chars.len(), |e| e + 1);
            }
            '第' => {
                let Some((kind, n, next)) = numbered(&chars, i) else {
                    i += 1;
                    continue;
                };
                if let Some(name) = &law {
                    match kind {
                        '条' => {
                            refs.push(LegalRef {
                                law: name.clone(),
                                article: Some(n),
                                paragraph: None,
                                item: None,
                            });
                            law_has_article = true;
                        }
                        '款' | '项' => {
                            if let Some(last) = refs.last_mut().filter(|r| &r.law == name) {
                                if kind == '款' && last.paragraph.is_none() {
                                    last.paragraph = Some(n);
                                } else if kind == '项' && last.item.is_none() {
                                    last.item = Some(n);
                                }
                            }
                        }
                        _ => {}
                    }
                }
                i = next;
            }
            _ => i += 1,
        }
    }
    flush_bare_law(&mut refs, &law, law_has_article);
    refs.dedup();
    refs
}

fn flush_bare_law(refs: &mut Vec<LegalRef>, law: &Option<String>, had_article: bool) {
    if let (Some(name), false) = (law, had_article) {
        refs.push(LegalRef {
            law: name.clone(),
            article: None,
            paragraph: None,
            item: None,
        });
    }
}

fn find(chars: &[char], from: usize, target: char) -> Option<usize> {
    chars
        .get(from..)?
        .iter()
        .position(|c| *c == target)
        .map(|p| from + p)
}

/// At `第`: reads `第N条` / `第N款` / `第（N）项` / `第N项`; returns the unit, N and the index after.
fn numbered(chars: &[char], start: usize) -> Option<(char, u32, usize)> {
    let mut i = start + 1;
    let paren = matches!(chars.get(i), Some('（' | '('));
    if paren {
        i += 1;
    }
    let num_start = i;
    while i < chars.len() && is_numeral_char(chars[i]) && i - num_start < 8 {
        i += 1;
    }
    let digits: String = chars.get(num_start..i)?.iter().collect();
    if paren {
        if !matches!(chars.get(i), Some('）' | ')')) {
            return None;
        }
        i += 1;
    }
    let unit = *chars.get(i)?;
    if !matches!(unit, '条' | '款' | '项') {
        return None;
    }
    Some((unit, parse_cn_number(&digits)?, i + 1))
}

fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit() || "零〇一二两三四五六七八九十百千０１２３４５６７８９".contains(c)
}
