#![allow(clippy::unwrap_used)]

mod common;

use common::{doc, index_with, keys, sample, search};
use sanxiang_search::{DocKind, MAX_LIMIT, SearchDoc, SearchIndex, SearchQuery};

#[test]
fn food_safety_query_finds_documents_indexed_in_search_mode() {
    // Regression from STACK.md: querying with search-mode tokens gave 0 hits for 食品安全.
    let index = index_with(sample());
    let results = search(&index, "食品安全");
    assert!(results.total >= 3, "{results:?}");
    assert!(keys(&results).contains(&"agency:1"));
}

#[test]
fn exact_title_match_ranks_first() {
    let index = index_with(sample());
    let results = search(&index, "食品经营许可");
    assert_eq!(keys(&results).first(), Some(&"matter:2"), "{results:?}");
    assert!(keys(&results).contains(&"matter:1"));
    assert!(keys(&results).contains(&"matter:3"));
}

#[test]
fn partial_word_is_found_through_bigrams() {
    let index = index_with(sample());
    let results = search(&index, "经营许");
    let found = keys(&results);
    for key in ["matter:1", "matter:2", "matter:3"] {
        assert!(found.contains(&key), "{key} missing from {found:?}");
    }
    assert!(!found.contains(&"matter:4"));
}

#[test]
fn single_character_surname_finds_officers() {
    let index = index_with(sample());
    let results = search(&index, "王");
    let mut found = keys(&results);
    found.sort_unstable();
    assert_eq!(found, vec!["officer:1", "officer:3"]);
}

#[test]
fn officer_is_found_by_whole_certificate_number() {
    let index = index_with(sample());
    let results = search(&index, "43010020230002");
    assert_eq!(keys(&results).first(), Some(&"officer:2"), "{results:?}");
}

#[test]
fn every_word_of_a_multi_word_query_must_match() {
    let index = index_with(sample());
    let results = search(&index, "王 综合行政执法局");
    assert_eq!(keys(&results), vec!["officer:3"]);
}

#[test]
fn when_no_document_has_every_word_any_word_is_enough() {
    let index = index_with(sample());
    let results = search(&index, "特种设备 不存在的词语");
    assert_eq!(keys(&results), vec!["matter:4"]);
}

#[test]
fn kind_filter_keeps_only_the_requested_kinds() {
    let index = index_with(sample());
    let mut q = SearchQuery::new("市场监督管理局");
    assert!(
        index
            .search(&q)
            .unwrap()
            .hits
            .iter()
            .any(|h| h.kind == DocKind::Agency)
    );
    q.kinds = vec![DocKind::Officer];
    let results = index.search(&q).unwrap();
    assert_eq!(results.total, 2);
    assert!(results.hits.iter().all(|h| h.kind == DocKind::Officer));
}

#[test]
fn pagination_applies_offset_and_limit_and_reports_the_total() {
    let docs = (0..30)
        .map(|i| {
            doc(
                &format!("matter:{i}"),
                DocKind::Matter,
                &format!("行政检查第{i}项"),
                "双随机一公开",
            )
        })
        .collect();
    let index = index_with(docs);
    let mut q = SearchQuery::new("行政检查");
    q.limit = 10;
    let first = index.search(&q).unwrap();
    q.offset = 10;
    let second = index.search(&q).unwrap();
    q.offset = 25;
    let last = index.search(&q).unwrap();
    assert_eq!((first.total, second.total, last.total), (30, 30, 30));
    assert_eq!(
        (first.hits.len(), second.hits.len(), last.hits.len()),
        (10, 10, 5)
    );
    let mut all: Vec<&str> = keys(&first);
    all.extend(keys(&second));
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), 20, "pages overlap");
}

#[test]
fn limit_is_capped_and_zero_limit_only_counts() {
    let docs = (0..80)
        .map(|i| {
            doc(
                &format!("officer:{i}"),
                DocKind::Officer,
                &format!("张{i}"),
                "执法人员",
            )
        })
        .collect();
    let index = index_with(docs);
    let mut q = SearchQuery::new("执法人员");
    q.limit = 1_000;
    assert_eq!(index.search(&q).unwrap().hits.len(), MAX_LIMIT);
    q.limit = 0;
    let counted = index.search(&q).unwrap();
    assert_eq!((counted.total, counted.hits.len()), (80, 0));
    q.limit = 10;
    q.offset = usize::MAX;
    assert_eq!(index.search(&q).unwrap().total, 80);
}

#[test]
fn upsert_replaces_the_document_with_the_same_key() {
    let index = index_with(sample());
    let before = index.doc_count();
    index
        .upsert(&[doc(
            "officer:2",
            DocKind::Officer,
            "李娜 43010020239999",
            "调任",
        )])
        .unwrap();
    assert_eq!(index.doc_count(), before);
    assert_eq!(search(&index, "43010020230002").total, 0);
    assert_eq!(keys(&search(&index, "43010020239999")), vec!["officer:2"]);
}

#[test]
fn upsert_of_a_repeated_key_keeps_the_last() {
    let index = SearchIndex::in_ram().unwrap();
    index
        .upsert(&[
            doc("guide:1", DocKind::Guide, "旧指南", "旧"),
            doc("guide:1", DocKind::Guide, "新指南", "新"),
        ])
        .unwrap();
    assert_eq!(index.doc_count(), 1);
    assert_eq!(search(&index, "新指南").total, 1);
    assert_eq!(search(&index, "旧指南").total, 0);
}

#[test]
fn delete_removes_documents_and_ignores_unknown_keys() {
    let index = index_with(sample());
    let before = index.doc_count();
    index.delete(&["officer:1", "officer:404"]).unwrap();
    assert_eq!(index.doc_count(), before - 1);
    assert_eq!(keys(&search(&index, "王")), vec!["officer:3"]);
}

#[test]
fn rebuild_replaces_everything() {
    let index = index_with(sample());
    let stats = index
        .rebuild(vec![doc(
            "law:1",
            DocKind::Law,
            "中华人民共和国行政处罚法",
            "第一条",
        )])
        .unwrap();
    assert_eq!(stats.docs, 1);
    assert_eq!(index.doc_count(), 1);
    assert_eq!(search(&index, "食品经营许可").total, 0);
    assert_eq!(keys(&search(&index, "行政处罚法")), vec!["law:1"]);
}

#[test]
fn rebuild_with_a_repeated_key_keeps_the_last() {
    let index = index_with(vec![
        doc("law:1", DocKind::Law, "旧法", ""),
        doc("law:1", DocKind::Law, "新法", ""),
    ]);
    assert_eq!(index.doc_count(), 1);
    assert_eq!(search(&index, "旧法").total, 0);
}

#[test]
fn reopening_from_disk_keeps_the_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index");
    {
        let index = SearchIndex::open(&path).unwrap();
        index.rebuild(sample()).unwrap();
        index
            .upsert(&[doc("guide:1", DocKind::Guide, "办事指南", "")])
            .unwrap();
    }
    let index = SearchIndex::open(&path).unwrap();
    assert_eq!(index.doc_count(), 9);
    assert_eq!(
        keys(&search(&index, "43010020230001")).first(),
        Some(&"officer:1")
    );
    assert_eq!(keys(&search(&index, "办事指南")), vec!["guide:1"]);
}

#[test]
fn a_second_open_of_the_same_directory_is_refused_while_the_first_is_alive() {
    let dir = tempfile::tempdir().unwrap();
    let _first = SearchIndex::open(dir.path()).unwrap();
    assert!(SearchIndex::open(dir.path()).is_err());
}

#[test]
fn empty_and_punctuation_only_queries_return_no_hits() {
    let index = index_with(sample());
    for text in ["", "   ", "（）", "\u{0}\u{7}", "\"", "*", ":"] {
        let results = search(&index, text);
        assert_eq!((results.total, results.hits.len()), (0, 0), "{text:?}");
    }
}

#[test]
fn search_after_upsert_sees_it_without_waiting() {
    let index = SearchIndex::in_ram().unwrap();
    for i in 0..5 {
        let key = format!("guide:{i}");
        index
            .upsert(&[doc(
                &key,
                DocKind::Guide,
                &format!("行政复议申请指南{i}"),
                "",
            )])
            .unwrap();
        assert_eq!(search(&index, "行政复议").total, i + 1);
    }
}

#[test]
fn index_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SearchIndex>();
}

/// Sample documents, then a panic: a rebuild interrupted by the caller's data source.
fn interrupted() -> impl Iterator<Item = sanxiang_search::SearchDoc> {
    sample()
        .into_iter()
        .take(3)
        .chain(std::iter::from_fn(|| panic!("database went away")))
}

#[test]
fn interrupted_rebuild_keeps_the_old_content_and_is_not_committed_later() {
    let index = index_with(vec![doc(
        "law:1",
        DocKind::Law,
        "中华人民共和国行政许可法",
        "",
    )]);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        index.rebuild(interrupted())
    }));
    assert!(outcome.is_err());
    assert_eq!(keys(&search(&index, "行政许可法")), vec!["law:1"]);
    // The next commit must not publish the half rebuild (delete-all plus three documents).
    index
        .upsert(&[doc("guide:1", DocKind::Guide, "办事指南", "")])
        .unwrap();
    assert_eq!(index.doc_count(), 2);
    assert_eq!(keys(&search(&index, "行政许可法")), vec!["law:1"]);
}

#[test]
fn rebuild_cut_short_leaves_the_old_index_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = SearchIndex::open(dir.path()).unwrap();
        index.rebuild(sample()).unwrap();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            index.rebuild(
                std::iter::once(doc("law:9", DocKind::Law, "新法", "")).chain(interrupted()),
            )
        }));
        assert!(outcome.is_err());
        // Dropped without a commit, as a crash would leave it.
    }
    let index = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(index.doc_count(), 8);
    assert_eq!(search(&index, "新法").total, 0);
}

#[test]
fn a_compound_word_finds_a_title_that_splits_it() {
    let index = SearchIndex::in_ram().unwrap();
    index
        .upsert(&[SearchDoc {
            key: "item:1".into(),
            kind: DocKind::Matter,
            title: "食品（含保健食品）经营许可".into(),
            body: "行政许可".into(),
            url: "/powers/1".into(),
            agency: None,
            subtitle: None,
        }])
        .unwrap();
    let r = index.search(&SearchQuery::new("食品经营许可")).unwrap();
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].key, "item:1");
}
