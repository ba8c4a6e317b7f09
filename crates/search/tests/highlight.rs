#![allow(clippy::unwrap_used)]

mod common;

use common::{doc, index_with, sample, search};
use sanxiang_search::DocKind;

#[test]
fn matches_are_marked_in_title_and_snippet() {
    let index = index_with(sample());
    let results = search(&index, "食品经营许可");
    let hit = results.hits.iter().find(|h| h.key == "matter:2").unwrap();
    assert_eq!(hit.title_html, "<mark>食品经营许可</mark>");
    let hit = results.hits.iter().find(|h| h.key == "matter:3").unwrap();
    assert!(
        hit.snippet_html
            .contains("<mark>食品经营许可</mark>证有效期"),
        "{}",
        hit.snippet_html
    );
}

#[test]
fn partial_word_is_marked_exactly() {
    let index = index_with(sample());
    let results = search(&index, "经营许");
    let hit = results.hits.iter().find(|h| h.key == "matter:2").unwrap();
    assert_eq!(hit.title_html, "食品<mark>经营许</mark>可");
}

#[test]
fn single_character_is_marked() {
    let index = index_with(sample());
    let hit = search(&index, "王")
        .hits
        .into_iter()
        .find(|h| h.key == "officer:1")
        .unwrap();
    assert!(
        hit.title_html.starts_with("<mark>王</mark>伟"),
        "{}",
        hit.title_html
    );
}

#[test]
fn markup_in_documents_comes_out_escaped() {
    let index = index_with(vec![doc(
        "guide:1",
        DocKind::Guide,
        "<script>alert(1)</script>行政许可指南",
        "点击<a href=\"x\">这里</a> & 办理行政许可 'ok'",
    )]);
    let hit = search(&index, "行政许可").hits.remove(0);
    assert_eq!(
        hit.title_html,
        "&lt;script&gt;alert(1)&lt;/script&gt;<mark>行政许可</mark>指南"
    );
    assert!(!hit.snippet_html.contains("<a"), "{}", hit.snippet_html);
    assert!(hit.snippet_html.contains("&amp;"), "{}", hit.snippet_html);
    assert!(
        hit.snippet_html.contains("<mark>行政许可</mark>"),
        "{}",
        hit.snippet_html
    );
    // Without a match, the plain text is escaped too.
    let hit = search(&index, "script").hits.remove(0);
    assert!(
        hit.snippet_html.starts_with("点击&lt;a href="),
        "{}",
        hit.snippet_html
    );
}

#[test]
fn snippet_without_a_body_match_is_the_start_of_the_body() {
    let body = "甲".repeat(500);
    let index = index_with(vec![doc(
        "law:1",
        DocKind::Law,
        "中华人民共和国行政强制法",
        &body,
    )]);
    let hit = search(&index, "行政强制法").hits.remove(0);
    assert_eq!(hit.snippet_html, format!("{}…", "甲".repeat(120)));
}

#[test]
fn snippet_of_a_long_body_is_about_120_characters_around_the_match() {
    let body = format!("{}违法所得应当没收{}", "乙".repeat(300), "丙".repeat(300));
    let index = index_with(vec![doc("law:1", DocKind::Law, "法", &body)]);
    let hit = search(&index, "没收违法所得 违法所得").hits.remove(0);
    assert!(
        hit.snippet_html.contains("<mark>违法所得</mark>"),
        "{}",
        hit.snippet_html
    );
    let visible = hit
        .snippet_html
        .replace("<mark>", "")
        .replace("</mark>", "");
    assert!(visible.chars().count() <= 125, "{visible}");
    assert!(
        visible.starts_with('…') && visible.ends_with('…'),
        "{visible}"
    );
}
