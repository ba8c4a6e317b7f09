//! Turns user text into a tantivy query, without tantivy's query parser: the text is only ever
//! words, so `AND`, `title:x`, `"` or `*` are searched for (or dropped) like any other text.
//!
//! The normalised text is split at whitespace and punctuation into chunks. Every chunk must
//! match (AND), in at least one of these ways:
//! - all its precise-mode jieba words, each in the title (boosted) or the body;
//! - all the smallest words of its compounds (`食品`, `经营`, `许可` for `食品经营许可`), so a
//!   title that splits a compound (`食品（含保健食品）经营许可`) is still found;
//! - all its character bigrams, each in the title (boosted) or the body — a partial word such
//!   as `经营许` still finds `食品经营许可` (only for chunks with CJK text: ASCII words and
//!   numbers, such as certificate numbers, match whole);
//! - for a one-character chunk (a surname such as `王`), the character in the title. Bigrams
//!   cannot express one character, and jieba keeps `王伟` as one word, so the title is also
//!   indexed as single characters. Only the title: single characters of every body would
//!   double the index for a query that is mostly a name.
//!
//! A title equal to the whole query adds a large boost. If no document matches every chunk, the
//! caller retries with any chunk (see [`Built::fallback`]).

use std::collections::BTreeMap;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Score, Term};

use crate::analysis::{bigrams, normalize_query, precise_tokens, search_tokens};
use crate::doc::DocKind;
use crate::schema::Fields;

const TITLE_WORD: Score = 3.0;
const BODY_WORD: Score = 1.0;
const TITLE_BIGRAM: Score = 1.5;
const BODY_BIGRAM: Score = 0.5;
const TITLE_CHAR: Score = 2.0;
const TITLE_LEAF: Score = 2.0;
const EXACT_TITLE: Score = 10.0;

/// A query ready to run.
pub(crate) struct Built {
    /// Every chunk must match.
    pub strict: Box<dyn Query>,
    /// Any chunk may match; `None` when there is only one chunk (it would equal `strict`).
    pub fallback: Option<Box<dyn Query>>,
    /// Lower-case strings to highlight (bigrams of the chunks, and one-character chunks).
    pub highlight: BTreeMap<String, Score>,
}

/// `None` when nothing searchable is left of the text (empty, only punctuation or control
/// characters): the caller returns no hits.
pub(crate) fn build(fields: &Fields, text: &str, kinds: &[DocKind]) -> Option<Built> {
    let normalized = normalize_query(text);
    let chunks: Vec<&str> = normalized.split_whitespace().collect();
    if chunks.is_empty() {
        return None;
    }
    let mut highlight = BTreeMap::new();
    let mut chunk_queries = Vec::with_capacity(chunks.len());
    for chunk in &chunks {
        if let Some(q) = chunk_query(fields, chunk) {
            chunk_queries.push(q);
        }
        let grams = bigrams(chunk);
        if grams.is_empty() {
            highlight.insert((*chunk).to_owned(), 1.0);
        }
        for gram in grams {
            highlight.insert(gram, 1.0);
        }
    }
    if chunk_queries.is_empty() {
        return None;
    }
    let exact = boosted(fields.title_exact, &normalized, EXACT_TITLE);
    let filter = kind_filter(fields, kinds);

    let fallback = (chunk_queries.len() > 1).then(|| {
        let any: Vec<Box<dyn Query>> = chunk_queries.iter().map(|q| q.box_clone()).collect();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Must, Box::new(BooleanQuery::union(any))),
            (Occur::Should, exact.box_clone()),
        ];
        if let Some(f) = &filter {
            clauses.push((Occur::Must, f.box_clone()));
        }
        Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>
    });

    let mut clauses: Vec<(Occur, Box<dyn Query>)> = chunk_queries
        .into_iter()
        .map(|q| (Occur::Must, q))
        .collect();
    clauses.push((Occur::Should, exact));
    if let Some(f) = filter {
        clauses.push((Occur::Must, f));
    }
    Some(Built {
        strict: Box::new(BooleanQuery::new(clauses)),
        fallback,
        highlight,
    })
}

fn chunk_query(fields: &Fields, chunk: &str) -> Option<Box<dyn Query>> {
    let mut ways: Vec<(Occur, Box<dyn Query>)> = Vec::new();

    let mut words = precise_tokens(chunk);
    words.sort_unstable();
    words.dedup();
    if !words.is_empty() {
        let all = words
            .iter()
            .map(|w| {
                let either = BooleanQuery::union(vec![
                    boosted(fields.title, w, TITLE_WORD),
                    boosted(fields.body, w, BODY_WORD),
                ]);
                (Occur::Must, Box::new(either) as Box<dyn Query>)
            })
            .collect();
        ways.push((Occur::Should, Box::new(BooleanQuery::new(all))));
    }

    // The smallest words inside a compound: `食品经营许可` is one dictionary word, but a title
    // may split it (`食品（含保健食品）经营许可`); all of 食品, 经营 and 许可 must then appear.
    let leaves = leaf_words(chunk);
    if leaves.len() > 1 && leaves != words {
        let all = leaves
            .iter()
            .map(|w| {
                let either = BooleanQuery::union(vec![
                    boosted(fields.title, w, TITLE_LEAF),
                    boosted(fields.body, w, BODY_WORD),
                ]);
                (Occur::Must, Box::new(either) as Box<dyn Query>)
            })
            .collect();
        ways.push((Occur::Should, Box::new(BooleanQuery::new(all))));
    }

    // Bigrams only for chunks with CJK (non-ASCII) text: the bigrams of one certificate
    // number are nearly all found in its neighbours' (`…0001` has every bigram of `…0002`), so
    // ASCII words and numbers match as whole jieba tokens only.
    let grams = if chunk.is_ascii() {
        Vec::new()
    } else {
        bigrams(chunk)
    };
    if !grams.is_empty() {
        let all = grams
            .iter()
            .map(|g| {
                let either = BooleanQuery::union(vec![
                    boosted(fields.title_bigram, g, TITLE_BIGRAM),
                    boosted(fields.body_bigram, g, BODY_BIGRAM),
                ]);
                (Occur::Must, Box::new(either) as Box<dyn Query>)
            })
            .collect();
        ways.push((Occur::Should, Box::new(BooleanQuery::new(all))));
    }

    if chunk.chars().count() == 1 {
        ways.push((
            Occur::Should,
            boosted(fields.title_unigram, chunk, TITLE_CHAR),
        ));
    }

    (!ways.is_empty()).then(|| Box::new(BooleanQuery::new(ways)) as Box<dyn Query>)
}

/// Search-mode words of `chunk` that contain no other of its words (the leaves of compounds).
fn leaf_words(chunk: &str) -> Vec<String> {
    let mut words = search_tokens(chunk);
    words.sort_unstable();
    words.dedup();
    let leaves: Vec<String> = words
        .iter()
        .filter(|w| !words.iter().any(|o| o != *w && w.contains(o.as_str())))
        .cloned()
        .collect();
    leaves
}

fn boosted(field: Field, text: &str, boost: Score) -> Box<dyn Query> {
    let term = TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    );
    Box::new(BoostQuery::new(Box::new(term), boost))
}

/// `None` when all kinds are wanted. Scores nothing: filtering must not change the ranking.
fn kind_filter(fields: &Fields, kinds: &[DocKind]) -> Option<Box<dyn Query>> {
    if kinds.is_empty() || DocKind::ALL.iter().all(|k| kinds.contains(k)) {
        return None;
    }
    let terms = kinds
        .iter()
        .map(|k| Term::from_field_text(fields.kind, k.as_str()));
    Some(Box::new(ConstScoreQuery::new(
        Box::new(TermSetQuery::new(terms)),
        0.0,
    )))
}
