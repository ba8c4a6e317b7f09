#![allow(clippy::unwrap_used)]

use std::collections::HashSet;

use sanxiang_search::synthetic::{chinese_number, corpus, queries};

#[test]
fn article_numbers_read_as_laws_write_them() {
    assert_eq!(chinese_number(122), "一百二十二");
    assert_eq!(chinese_number(105), "一百零五");
    assert_eq!(chinese_number(110), "一百一十");
    assert_eq!(chinese_number(10), "十");
    assert_eq!(chinese_number(35), "三十五");
    assert_eq!(chinese_number(7), "七");
}

#[test]
fn corpus_is_deterministic_with_unique_keys_and_certificate_numbers() {
    let a: Vec<_> = corpus(300, 20_000, 2_000, 7).collect();
    let b: Vec<_> = corpus(300, 20_000, 2_000, 7).collect();
    assert_eq!(a, b);
    assert_eq!(a.len(), 22_300);
    let keys: HashSet<&str> = a.iter().map(|d| d.key.as_str()).collect();
    assert_eq!(keys.len(), a.len());
    let certificates: HashSet<&str> = a
        .iter()
        .filter(|d| d.key.starts_with("officer:"))
        .map(|d| d.title.split(' ').nth(1).unwrap())
        .collect();
    assert_eq!(certificates.len(), 20_000);
    assert!(
        certificates
            .iter()
            .all(|c| c.len() == 14 && c.bytes().all(|b| b.is_ascii_digit()))
    );
}

#[test]
fn queries_mix_names_numbers_and_matter_words() {
    let certificates = vec!["43010220150001".to_owned()];
    let qs = queries(600, &certificates, 1);
    assert_eq!(qs.len(), 600);
    assert!(qs.iter().any(|q| q == "43010220150001"));
    assert!(qs.iter().any(|q| q.ends_with("许可")));
    assert!(qs.iter().all(|q| !q.is_empty()));
}
