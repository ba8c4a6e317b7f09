//! Highlighting with tantivy's `SnippetGenerator` (which HTML-escapes the text around the marks).
//!
//! Matches are found with a 1–2-gram analyzer against the query's bigrams (and its
//! one-character chunks): overlapping bigrams merge into one mark, so `经营许` marks exactly
//! those three characters inside `食品经营许可`, whatever jieba made of either side.

use std::collections::BTreeMap;

use tantivy::Score;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;

use crate::analysis::ngram_analyzer;

/// Body length (bytes) of a default snippet, about 120 Chinese characters.
const SNIPPET_BYTES: usize = 360;
/// Only the start of a long body (a law's full text) is scanned for a snippet, bounding the
/// cost per hit.
const SCAN_BYTES: usize = 20_000;

const MARK_OPEN: &str = "<mark>";
const MARK_CLOSE: &str = "</mark>";
const ELLIPSIS: &str = "…";

pub(crate) struct Highlighter {
    generator: SnippetGenerator,
}

impl Highlighter {
    pub fn new(terms: BTreeMap<String, Score>, field: Field) -> Self {
        Self {
            generator: SnippetGenerator::new(terms, ngram_analyzer(1, 2), field, SNIPPET_BYTES),
        }
    }

    /// The whole title, escaped, with marks.
    pub fn title_html(&mut self, title: &str) -> String {
        self.generator
            .set_max_num_chars(title.len().saturating_add(1));
        let mut snippet = self.generator.snippet(title);
        if snippet.is_empty() || snippet.fragment_range() != (0..title.len()) {
            return escape(title);
        }
        snippet.set_snippet_prefix_postfix(MARK_OPEN, MARK_CLOSE);
        snippet.to_html()
    }

    /// The best passage of the body (about 120 characters), escaped, with marks; the start of
    /// the body when nothing in it matches.
    pub fn snippet_html(&mut self, body: &str) -> String {
        let scanned = prefix(body, SCAN_BYTES);
        self.generator.set_max_num_chars(SNIPPET_BYTES);
        let mut snippet = self.generator.snippet(scanned);
        if snippet.is_empty() {
            let start = prefix(body, SNIPPET_BYTES);
            let mut html = escape(start);
            if start.len() < body.len() {
                html.push_str(ELLIPSIS);
            }
            return html;
        }
        snippet.set_snippet_prefix_postfix(MARK_OPEN, MARK_CLOSE);
        let range = snippet.fragment_range();
        let mut html = String::new();
        if range.start > 0 {
            html.push_str(ELLIPSIS);
        }
        html.push_str(&snippet.to_html());
        if range.end < body.len() {
            html.push_str(ELLIPSIS);
        }
        html
    }
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

/// Minimal HTML escaping for text content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
    }
    out
}
