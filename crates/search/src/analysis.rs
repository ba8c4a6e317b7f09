//! Text analysis: jieba word segmentation with the legal-term dictionary, CJK n-grams, and the
//! normalisation shared by indexing and querying.
//!
//! We wrap `jieba-rs` ourselves instead of using `tantivy-jieba`: its tokenizer owns a `Jieba`
//! value when given a user dictionary, and tantivy clones tokenizers per segment writer and per
//! snippet, which would deep-copy the whole dictionary (hundreds of thousands of words) on every
//! highlighted search. Here the one dictionary lives behind an `Arc`.

use std::sync::{Arc, LazyLock};

use jieba_rs::{Jieba, TokenizeMode};
use tantivy::tokenizer::{
    LowerCaser, NgramTokenizer, RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer,
    TokenizerManager,
};

/// The legal-term user dictionary: one term a line, `#` starts a comment line.
const LEGAL_TERMS: &str = include_str!("../dict/legal_terms.txt");

/// Minimum frequency given to a dictionary term, so that it also stays whole inside longer
/// sentences, not only when it stands alone (which is all `suggest_freq` guarantees).
const MIN_TERM_FREQ: usize = 20_000;

/// Tokenizer names registered on every index (tokenizers are not persisted with the index).
pub(crate) const JIEBA_SEARCH: &str = "sx_jieba_search";
pub(crate) const BIGRAM: &str = "sx_bigram";
pub(crate) const UNIGRAM: &str = "sx_unigram";
pub(crate) const EXACT: &str = "sx_exact";

/// Longest query text considered, in characters; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 100;

static JIEBA: LazyLock<Arc<Jieba>> = LazyLock::new(|| {
    let mut jieba = Jieba::new();
    for term in legal_terms() {
        let freq = jieba.suggest_freq(term).max(MIN_TERM_FREQ);
        jieba.add_word(term, Some(freq), None);
    }
    Arc::new(jieba)
});

/// The terms of the shipped legal-term dictionary.
pub fn legal_terms() -> impl Iterator<Item = &'static str> {
    LEGAL_TERMS
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// Jieba segmentation as a tantivy tokenizer, sharing one dictionary.
///
/// Tokens made only of punctuation or whitespace are dropped: they would only add noise terms.
#[derive(Clone)]
pub struct ZhTokenizer {
    jieba: Arc<Jieba>,
    mode: TokenizeMode,
}

impl ZhTokenizer {
    /// Search mode: a long word also yields its dictionary sub-words. Used for indexing.
    pub fn search_mode() -> Self {
        Self {
            jieba: Arc::clone(&JIEBA),
            mode: TokenizeMode::Search,
        }
    }

    /// Precise mode: each character belongs to exactly one token. Used for queries, because
    /// search-mode tokens overlap and, turned into one query, ask for impossible combinations.
    pub fn precise_mode() -> Self {
        Self {
            jieba: Arc::clone(&JIEBA),
            mode: TokenizeMode::Default,
        }
    }
}

impl Tokenizer for ZhTokenizer {
    type TokenStream<'a> = ZhTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ZhTokenStream {
        let tokens = self
            .jieba
            .tokenize(text, self.mode, true)
            .into_iter()
            .filter(|t| t.word.chars().any(char::is_alphanumeric))
            .enumerate()
            .map(|(position, t)| Token {
                offset_from: t.byte_start,
                offset_to: t.byte_end,
                position,
                text: t.word.to_owned(),
                position_length: 1,
            })
            .collect::<Vec<_>>();
        ZhTokenStream {
            tokens: tokens.into_iter(),
            current: Token::default(),
        }
    }
}

/// Token stream of [`ZhTokenizer`] (segmentation happens up front; jieba works on whole text).
pub struct ZhTokenStream {
    tokens: std::vec::IntoIter<Token>,
    current: Token,
}

impl TokenStream for ZhTokenStream {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(token) => {
                self.current = token;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

/// Runs an analyzer over `text` and collects the token texts.
fn collect(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

/// Lower-cased precise-mode tokens, as the query is built from them.
pub fn precise_tokens(text: &str) -> Vec<String> {
    collect(
        TextAnalyzer::builder(ZhTokenizer::precise_mode())
            .filter(LowerCaser)
            .build(),
        text,
    )
}

/// Lower-cased search-mode tokens, as the title and body are indexed.
pub fn search_tokens(text: &str) -> Vec<String> {
    collect(search_analyzer(), text)
}

fn search_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(ZhTokenizer::search_mode())
        .filter(LowerCaser)
        .build()
}

/// An n-gram analyzer over characters (`n` is 1 or 2 here, so construction cannot fail; the
/// empty analyzer is a harmless fallback).
pub(crate) fn ngram_analyzer(min: usize, max: usize) -> TextAnalyzer {
    match NgramTokenizer::new(min, max, false) {
        Ok(tokenizer) => TextAnalyzer::builder(tokenizer).filter(LowerCaser).build(),
        Err(_) => TextAnalyzer::default(),
    }
}

/// The analyzers the schema refers to, by name.
pub(crate) fn tokenizer_manager() -> TokenizerManager {
    let manager = TokenizerManager::default();
    manager.register(JIEBA_SEARCH, search_analyzer());
    manager.register(BIGRAM, ngram_analyzer(2, 2));
    manager.register(UNIGRAM, ngram_analyzer(1, 1));
    manager.register(
        EXACT,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .build(),
    );
    manager
}

/// Normalised text: control characters dropped (tab and line breaks separate words like
/// spaces), anything else not a letter or digit turned into a space, lower-cased, whitespace collapsed. Used for the n-gram and exact-title fields and for
/// queries, so the two sides agree and user punctuation never means anything.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars().filter(|&c| keep(c)) {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// The user's query text reduced to what is searched: control characters dropped, cut to
/// [`MAX_QUERY_CHARS`] characters, then normalised.
pub fn normalize_query(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|&c| keep(c))
        .take(MAX_QUERY_CHARS)
        .collect();
    normalize(&kept)
}

fn keep(c: char) -> bool {
    !c.is_control() || c.is_whitespace()
}

/// Distinct character bigrams of one whitespace-free chunk, in order of first appearance.
pub(crate) fn bigrams(chunk: &str) -> Vec<String> {
    let chars: Vec<char> = chunk.chars().collect();
    let mut out: Vec<String> = Vec::new();
    for pair in chars.windows(2) {
        let gram: String = pair.iter().collect();
        if !out.contains(&gram) {
            out.push(gram);
        }
    }
    out
}
