//! Chinese numerals as they appear in article references: 第一百二十二条, 第（三）项, 第十款.

/// Parses a Chinese or Arabic numeral up to 9,999 (`一百二十二` → 122, `十` → 10, `二十` → 20,
/// `一百零五` → 105, `122` → 122, full-width digits too). `None` for anything else.
pub fn parse_cn_number(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.chars()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        let ascii: String = s
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                other => other,
            })
            .collect();
        return ascii.parse().ok().filter(|n| *n > 0 && *n < 100_000);
    }
    let mut total = 0u32;
    let mut digit: Option<u32> = None;
    let mut last_unit = 10_000u32;
    for c in s.chars() {
        match (digit_value(c), unit_value(c)) {
            // 零 only marks a skipped unit (一百零五); it carries no value.
            (Some(0), _) => {
                if digit.is_some() {
                    return None;
                }
            }
            (Some(d), _) => {
                if digit.is_some() {
                    return None; // two digits in a row: not a numeral we accept
                }
                digit = Some(d);
            }
            (None, Some(unit)) => {
                if unit >= last_unit {
                    return None; // units must descend: 百 after 十 is malformed
                }
                // A bare 十 at the start means 10 (十二 = 12).
                let d = match digit.take() {
                    Some(d) => d,
                    None if unit == 10 && total == 0 => 1,
                    None => return None,
                };
                if d == 0 {
                    return None;
                }
                total += d * unit;
                last_unit = unit;
            }
            (None, None) => return None,
        }
    }
    if let Some(d) = digit {
        total += d;
    }
    (total > 0).then_some(total)
}

fn digit_value(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn unit_value(c: char) -> Option<u32> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

/// Writes `n` (1..=9,999) the way statutes number articles: 122 → 一百二十二, 10 → 十, 105 → 一百零五.
pub fn to_cn_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 || n > 9_999 {
        return n.to_string();
    }
    let parts = [
        (n / 1000, "千"),
        (n / 100 % 10, "百"),
        (n / 10 % 10, "十"),
        (n % 10, ""),
    ];
    let mut out = String::new();
    let mut pending_zero = false;
    for (d, unit) in parts {
        if d == 0 {
            if !out.is_empty() {
                pending_zero = true;
            }
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        // 十 alone at the start: 十二, not 一十二.
        if !(d == 1 && unit == "十" && out.is_empty()) {
            out.push_str(DIGITS[d as usize]);
        }
        out.push_str(unit);
    }
    out
}

/// The label of an article: 第一百二十二条.
pub fn article_label(n: u32) -> String {
    format!("第{}条", to_cn_number(n))
}
