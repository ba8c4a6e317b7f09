//! The index schema: which field holds what, analysed how.

use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis::{BIGRAM, EXACT, JIEBA_SEARCH, UNIGRAM};

/// Field handles of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// Stored, raw: the upsert/delete key.
    pub key: Field,
    /// Stored, raw: `DocKind::as_str`, for the kind filter.
    pub kind: Field,
    /// Stored original text, jieba search-mode tokens.
    pub title: Field,
    pub body: Field,
    /// Character bigrams of the normalised text: recall for partial words.
    pub title_bigram: Field,
    pub body_bigram: Field,
    /// Single characters of the normalised title: one-character queries (a surname).
    pub title_unigram: Field,
    /// The whole normalised title as one term: an exact title match ranks first.
    pub title_exact: Field,
    pub url: Field,
    /// Stored and raw-indexed, so a filter by agency can be added without a new schema.
    pub agency: Field,
    pub subtitle: Field,
}

fn analysed(tokenizer: &str, record: IndexRecordOption) -> TextOptions {
    // No positions: queries are built from terms only (no phrases), which keeps the index small.
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}

pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let freqs = IndexRecordOption::WithFreqs;
    let fields = Fields {
        key: b.add_text_field("key", STRING | STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        title: b.add_text_field("title", analysed(JIEBA_SEARCH, freqs) | STORED),
        body: b.add_text_field("body", analysed(JIEBA_SEARCH, freqs) | STORED),
        title_bigram: b.add_text_field("title_bigram", analysed(BIGRAM, freqs)),
        body_bigram: b.add_text_field("body_bigram", analysed(BIGRAM, freqs)),
        title_unigram: b.add_text_field("title_unigram", analysed(UNIGRAM, freqs)),
        title_exact: b.add_text_field("title_exact", analysed(EXACT, IndexRecordOption::Basic)),
        url: b.add_text_field("url", STORED),
        agency: b.add_text_field("agency", STRING | STORED),
        subtitle: b.add_text_field("subtitle", STORED),
    };
    (b.build(), fields)
}
