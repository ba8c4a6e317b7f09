#![allow(clippy::unwrap_used)]

mod common;

use common::{index_with, keys, sample, search};
use proptest::prelude::*;
use sanxiang_search::{DocKind, SearchQuery};

#[test]
fn query_syntax_is_plain_text() {
    let index = index_with(sample());
    for text in [
        "食品 AND (",
        "title:王伟",
        "\"食品经营许可",
        "食品*",
        "key:officer:1",
        "+特种设备 -查封",
        "王伟~2",
        "[* TO *]",
        "食品 OR 特种设备) NOT",
        "\\",
    ] {
        index.search(&SearchQuery::new(text)).unwrap();
    }
    // `title:王伟` searches the words title and 王伟: falls back to documents with 王伟.
    assert_eq!(keys(&search(&index, "title:王伟")), vec!["officer:1"]);
}

#[test]
fn a_2000_character_query_works() {
    let index = index_with(sample());
    let text = "食品经营许可".repeat(334);
    assert!(text.chars().count() > 2_000);
    assert!(search(&index, &text).total >= 1);
    let mixed: String = (0..2_000)
        .map(|i| char::from_u32(0x4E00 + i * 7).unwrap())
        .collect();
    index.search(&SearchQuery::new(mixed)).unwrap();
}

#[test]
fn control_characters_are_dropped() {
    let index = index_with(sample());
    assert_eq!(
        keys(&search(&index, "430100\u{0}2023\u{1b}0001")).first(),
        Some(&"officer:1")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_text_never_errors(text in any::<String>(), offset in 0usize..5_000, limit in 0usize..500) {
        let index = shared();
        let q = SearchQuery { text, kinds: vec![DocKind::Officer, DocKind::Matter], offset, limit };
        let results = index.search(&q).unwrap();
        prop_assert!(results.hits.len() <= 50);
    }

    #[test]
    fn cjk_and_punctuation_text_never_errors(text in "[\\u{4e00}-\\u{4e2f}王食品经营许可()\":*~ \\t\\n]{0,300}") {
        let results = shared().search(&SearchQuery::new(text)).unwrap();
        prop_assert!(results.hits.len() <= results.total);
    }
}

fn shared() -> &'static sanxiang_search::SearchIndex {
    static INDEX: std::sync::OnceLock<sanxiang_search::SearchIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| index_with(sample()))
}
