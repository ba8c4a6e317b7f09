//! Parsers of catalog text: numerals, legal-basis references, statute articles, amounts, rows.
#![allow(clippy::unwrap_used)]

#[path = "catalog_support.rs"]
mod support;

use proptest::prelude::*;
use sanxiang_core::catalog::import::{RowFormat, major_rule_row, matter_row, spot_check_row};
use sanxiang_core::catalog::law::{BUILTIN_LAWS, parse_law_markdown};
use sanxiang_core::catalog::legal_basis::{LegalRef, parse_legal_basis};
use sanxiang_core::catalog::money::{Boundary, parse_yuan};
use sanxiang_core::catalog::numerals::{article_label, parse_cn_number, to_cn_number};
use sanxiang_core::catalog::spot_check::parse_ratio_percent;
use sanxiang_core::catalog::{MatterKind, import::Row};
use support::*;

#[test]
fn chinese_numerals_of_article_numbers() {
    for (text, n) in [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("五十八", 58),
        ("一百", 100),
        ("一百零五", 105),
        ("一百二十二", 122),
        ("一千零一", 1001),
        ("122", 122),
        ("１２２", 122),
    ] {
        assert_eq!(parse_cn_number(text), Some(n), "{text}");
    }
    for bad in ["", "条", "二二", "百十", "十百", "零", "一零五", "abc"] {
        assert_eq!(parse_cn_number(bad), None, "{bad}");
    }
    assert_eq!(article_label(58), "第五十八条");
    assert_eq!(to_cn_number(110), "一百一十");
    assert_eq!(to_cn_number(1010), "一千零一十");
}

proptest! {
    #[test]
    fn numerals_round_trip(n in 1u32..10_000) {
        prop_assert_eq!(parse_cn_number(&to_cn_number(n)), Some(n));
    }

    #[test]
    fn numeral_parser_never_panics(s in "\\PC{0,12}") {
        let _ = parse_cn_number(&s);
    }

    #[test]
    fn legal_basis_parser_never_panics(s in "[《》（）()第条款项一二三十百0-9a-z；，]{0,40}") {
        for r in parse_legal_basis(&s) {
            prop_assert!(!r.law.is_empty());
        }
    }

    #[test]
    fn amount_parser_never_panics(s in "\\PC{0,20}") {
        let _ = parse_yuan(&s);
    }
}

fn r(law: &str, article: Option<u32>, paragraph: Option<u32>, item: Option<u32>) -> LegalRef {
    LegalRef {
        law: law.into(),
        article,
        paragraph,
        item,
    }
}

#[test]
fn c1_legal_basis_texts_of_real_catalogs_become_article_references() {
    assert_eq!(
        parse_legal_basis(
            "《中华人民共和国档案法》第四十八条第（一）项；第四十九条第二款（警告，并处二万元以上二十万元以下罚款）"
        ),
        vec![
            r("中华人民共和国档案法", Some(48), None, Some(1)),
            r("中华人民共和国档案法", Some(49), Some(2), None),
        ]
    );
    assert_eq!(
        parse_legal_basis(
            "《城市市容和环境卫生管理条例》（国务院令第101号）第十四条；《城市道路管理条例》（国务院令第198号）第二十七条"
        ),
        vec![
            r("城市市容和环境卫生管理条例", Some(14), None, None),
            r("城市道路管理条例", Some(27), None, None),
        ]
    );
    // A law cited without an article (truncated source) is kept, without an article.
    assert_eq!(
        parse_legal_basis("《粮油仓储管理办法》第五条；《粮食质量安全监管办法》（条号截断）"),
        vec![
            r("粮油仓储管理办法", Some(5), None, None),
            r("粮食质量安全监管办法", None, None, None),
        ]
    );
    assert!(parse_legal_basis("依据有关规定").is_empty());
    assert_eq!(
        r("中华人民共和国行政许可法", Some(32), Some(1), Some(5)).label_zh(),
        "《中华人民共和国行政许可法》第三十二条第一款第（五）项"
    );
}

#[test]
fn statute_articles_match_an_independently_made_article_list() {
    let law = parse_law_markdown(include_str!("../data/laws/xzcf-fa-2021.md")).unwrap();
    let reference: serde_json::Value =
        serde_json::from_str(include_str!("data/xzcf-fa-2021.articles.json")).unwrap();
    let articles = reference["articles"].as_array().unwrap();
    assert_eq!(law.title, "中华人民共和国行政处罚法");
    assert_eq!(law.articles.len(), articles.len());
    for (ours, theirs) in law.articles.iter().zip(articles) {
        assert_eq!(u64::from(ours.number), theirs["article"].as_u64().unwrap());
        assert_eq!(ours.label, theirs["label"].as_str().unwrap());
        assert_eq!(ours.chapter.as_deref(), theirs["chapter"].as_str());
        assert_eq!(ours.section.as_deref(), theirs["section"].as_str());
        let paragraphs: Vec<&str> = theirs["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert_eq!(ours.paragraphs, paragraphs, "article {}", ours.number);
    }
    let art58 = law.article(58).unwrap();
    assert!(art58.paragraphs[2].contains("经过听证程序"));
}

#[test]
fn every_shipped_statute_parses_with_ascending_articles() {
    for (slug, text) in BUILTIN_LAWS {
        let law = parse_law_markdown(text).unwrap_or_else(|e| panic!("{slug}: {e}"));
        let heads = text
            .lines()
            .filter(|l| l.starts_with('第') && l.contains("条 "))
            .count();
        assert!(law.articles.len() >= 8, "{slug}");
        assert!(law.articles.len() <= heads, "{slug}");
        assert_eq!(law.articles.first().unwrap().number, 1, "{slug}");
    }
}

#[test]
fn amounts_are_arabic_yuan_and_words_are_refused_cat5() {
    assert_eq!(parse_yuan("10000").unwrap().unwrap().fen, 1_000_000);
    assert_eq!(parse_yuan("10,000.5").unwrap().unwrap().fen, 1_000_050);
    assert_eq!(parse_yuan("２００００").unwrap().unwrap().fen, 2_000_000);
    let q = parse_yuan("500（非经营）").unwrap().unwrap();
    assert_eq!((q.fen, q.qualifier.as_deref()), (50_000, Some("非经营")));
    assert_eq!(parse_yuan("").unwrap(), None);
    for bad in ["一万元以上", "1万", "万元", "10000.123", "-5", "1e5"] {
        let e = parse_yuan(bad).unwrap_err();
        assert!(e.contains("阿拉伯数字"), "{bad}: {e}");
    }
    assert_eq!(
        Boundary::parse_cell("不含本数（来源明示）").unwrap(),
        Some(Boundary::Exclusive)
    );
    assert_eq!(
        Boundary::parse_cell("含本数（来源明示“含1000元”）").unwrap(),
        Some(Boundary::Inclusive)
    );
    assert_eq!(
        Boundary::parse_cell("未说明（“以上”）").unwrap(),
        Some(Boundary::Unstated)
    );
    assert!(Boundary::parse_cell("大概").is_err());
}

#[test]
fn the_published_demo_catalogs_import_as_they_are() {
    assert_eq!(
        RowFormat::detect(&headers_of(POWERS_CSV)),
        Ok(RowFormat::Powers)
    );
    assert_eq!(
        RowFormat::detect(&headers_of(MAJOR_CSV)),
        Ok(RowFormat::MajorReview)
    );
    assert_eq!(
        RowFormat::detect(&headers_of(SPOT_CSV)),
        Ok(RowFormat::SpotCheck)
    );
    let matters: Vec<_> = rows_of(POWERS_CSV)
        .iter()
        .map(|r| matter_row(r).unwrap())
        .collect();
    assert_eq!(matters.len(), 43);
    let food = matters
        .iter()
        .find(|(_, m)| m.name.contains("食品（含保健食品）经营许可"))
        .unwrap();
    assert_eq!(food.1.kind, MatterKind::Licensing);
    let archives = matters
        .iter()
        .find(|(_, m)| m.code.as_deref() == Some("330275012000"))
        .unwrap();
    assert_eq!(archives.1.basis[0].article, Some(48));
    // 行政奖励 and 其他行政权力-备案 are 其他, with their own label kept.
    assert!(
        matters
            .iter()
            .any(|(_, m)| m.kind == MatterKind::Other && m.kind_label == "行政奖励")
    );

    let rules: Vec<_> = rows_of(MAJOR_CSV)
        .iter()
        .map(|r| major_rule_row(r).unwrap())
        .collect();
    assert_eq!(rules.len(), 32);
    let spot: Vec<_> = rows_of(SPOT_CSV)
        .iter()
        .map(|r| spot_check_row(r).unwrap())
        .collect();
    assert_eq!(spot.len(), 23);
    assert_eq!(spot[0].1.ratio_percent, Some(5));
}

#[test]
fn cat5_a_threshold_written_in_words_reports_row_column_and_rule() {
    let headers = headers_of(MAJOR_CSV);
    let mut rows = rows_of(MAJOR_CSV);
    let bad = rows.get_mut(1).unwrap();
    bad.cells.insert(
        "natural_person_fine_threshold_yuan".into(),
        "一万元以上".into(),
    );
    bad.cells.insert("other_trigger".into(), "天降大任".into());
    let errs = major_rule_row(bad).unwrap_err();
    assert_eq!(errs.len(), 2);
    assert_eq!(errs[0].line, 3);
    assert_eq!(errs[0].column, "natural_person_fine_threshold_yuan");
    assert_eq!(errs[0].rule, "CAT-5");
    assert!(
        errs[0]
            .to_string()
            .starts_with("第3行“natural_person_fine_threshold_yuan”列：")
    );
    assert_eq!(errs[1].column, "other_trigger");
    // A threshold without a stated boundary column is refused too.
    let mut row = Row::new(2, &headers, &[]);
    for (k, v) in [
        ("catalog_id", "x"),
        ("item_no", "1"),
        ("decision_type", "行政处罚"),
        ("criterion", "罚款一万元以上"),
        ("natural_person_fine_threshold_yuan", "10000"),
    ] {
        row.cells.insert(k.into(), v.into());
    }
    let errs = major_rule_row(&row).unwrap_err();
    assert_eq!(errs[0].column, "threshold_inclusive");
}

#[test]
fn ratios_state_a_percentage_or_none() {
    assert_eq!(parse_ratio_percent("全年抽查比例不低于5%"), Some(5));
    assert_eq!(parse_ratio_percent("10%"), Some(10));
    assert_eq!(parse_ratio_percent("同上"), None);
    assert_eq!(parse_ratio_percent("%"), None);
}
