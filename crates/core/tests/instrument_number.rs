//! Document numbering patterns: parsing, formatting, and that distinct sequence numbers never
//! collide.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use sanxiang_core::instrument::{NumberPattern, NumberPatternError};

#[test]
fn default_pattern_formats_the_national_form() {
    let p = NumberPattern::parse(NumberPattern::DEFAULT).unwrap();
    assert_eq!(
        p.format("湘潭市监", "罚", 2026, 12),
        "湘潭市监罚〔2026〕12号"
    );
    assert_eq!(NumberPattern::default(), p);
}

#[test]
fn fixed_word_and_padded_sequence() {
    let p = NumberPattern::parse("{简称}罚〔{年}〕{序号}号").unwrap();
    assert_eq!(p.format("雨市监", "告", 2026, 7), "雨市监罚〔2026〕7号");
    let padded = NumberPattern::parse("{简称}{字}〔{年}〕{序号:3}号").unwrap();
    assert_eq!(
        padded.format("雨市监", "告", 2026, 7),
        "雨市监告〔2026〕007号"
    );
    assert_eq!(
        padded.format("雨市监", "告", 2026, 1234),
        "雨市监告〔2026〕1234号"
    );
}

#[test]
fn malformed_patterns_are_rejected_with_a_reason() {
    assert_eq!(
        NumberPattern::parse("{简称}{编号}号"),
        Err(NumberPatternError::UnknownPlaceholder("编号".into()))
    );
    assert_eq!(
        NumberPattern::parse("{简称罚{序号}号"),
        Err(NumberPatternError::UnbalancedBrace(0))
    );
    assert_eq!(
        NumberPattern::parse("{序号}号}"),
        Err(NumberPatternError::UnbalancedBrace(5))
    );
    assert_eq!(
        NumberPattern::parse("{简称}罚〔{年}〕号"),
        Err(NumberPatternError::MissingSequence)
    );
    assert_eq!(
        NumberPattern::parse("{序号:0}"),
        Err(NumberPatternError::BadWidth("0".into()))
    );
    assert!(NumberPattern::parse("{序号").is_err());
    assert!(!NumberPatternError::MissingSequence.message_zh().is_empty());
}

#[test]
fn pattern_round_trips_through_serde_as_its_source_text() {
    let p = NumberPattern::parse("{简称}{字}〔{年}〕{序号:4}号").unwrap();
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(json, "\"{简称}{字}〔{年}〕{序号:4}号\"");
    assert_eq!(serde_json::from_str::<NumberPattern>(&json).unwrap(), p);
    assert!(serde_json::from_str::<NumberPattern>("\"{年}\"").is_err());
}

proptest! {
    #[test]
    fn parse_never_panics(s in "\\PC{0,40}") {
        let _ = NumberPattern::parse(&s);
    }

    #[test]
    fn parse_never_panics_on_brace_soup(s in "[{}序号简称字年:0-9a]{0,30}") {
        let _ = NumberPattern::parse(&s);
    }

    #[test]
    fn distinct_sequence_numbers_give_distinct_numbers(
        pattern in prop::sample::select(vec![
            "{简称}罚〔{年}〕{序号}号",
            "{简称}{字}〔{年}〕{序号:3}号",
            "{序号}{序号:2}",
            "{年}{序号:9}1",
        ]),
        a in 0u64..1_000_000_000_000,
        b in 0u64..1_000_000_000_000,
    ) {
        prop_assume!(a != b);
        let p = NumberPattern::parse(pattern).unwrap();
        prop_assert_ne!(p.format("湘潭市监", "罚", 2026, a), p.format("湘潭市监", "罚", 2026, b));
    }
}
