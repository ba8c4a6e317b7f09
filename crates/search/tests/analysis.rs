#![allow(clippy::unwrap_used)]

use sanxiang_search::analysis::{
    MAX_QUERY_CHARS, legal_terms, normalize_query, precise_tokens, search_tokens,
};

#[test]
fn search_mode_splits_food_safety_into_overlapping_tokens_precise_mode_does_not() {
    // The STACK.md regression: search-mode query tokens overlap (食品, 安全, 食品安全), and a
    // query built from them demanded an impossible phrase. Precise mode gives one word.
    let search = search_tokens("食品安全");
    assert!(search.contains(&"食品".to_owned()), "{search:?}");
    assert!(search.contains(&"食品安全".to_owned()), "{search:?}");
    assert_eq!(precise_tokens("食品安全"), vec!["食品安全"]);
}

#[test]
fn dictionary_terms_stay_one_token_in_precise_mode() {
    for term in [
        "食品经营许可",
        "双随机一公开",
        "责令停产停业",
        "综合行政执法局",
        "裁量基准",
        "没收违法所得",
    ] {
        assert_eq!(precise_tokens(term), vec![term], "{term}");
    }
}

#[test]
fn dictionary_term_stays_whole_inside_a_sentence() {
    let tokens = precise_tokens("对未取得食品经营许可从事经营活动的处罚");
    assert!(tokens.contains(&"食品经营许可".to_owned()), "{tokens:?}");
}

#[test]
fn every_dictionary_term_is_one_precise_token() {
    let split: Vec<&str> = legal_terms()
        .filter(|t| precise_tokens(t) != vec![t.to_string()])
        .collect();
    assert!(split.is_empty(), "split terms: {split:?}");
    assert!(legal_terms().count() >= 300);
}

#[test]
fn certificate_number_is_one_token() {
    assert_eq!(precise_tokens("43010020230001"), vec!["43010020230001"]);
    assert!(search_tokens("王伟 43010020230001").contains(&"43010020230001".to_owned()));
}

#[test]
fn punctuation_and_whitespace_are_not_tokens() {
    assert_eq!(precise_tokens("食品，  安全！"), vec!["食品", "安全"]);
    assert!(precise_tokens("（）《》\"*:").is_empty());
}

#[test]
fn query_normalisation_drops_controls_punctuation_and_cuts_to_100_chars() {
    assert_eq!(normalize_query("食品\u{0}经营\t许可"), "食品经营 许可");
    assert_eq!(normalize_query("title:X AND (\"y\""), "title x and y");
    let long = "食".repeat(2_000);
    assert_eq!(normalize_query(&long).chars().count(), MAX_QUERY_CHARS);
}
