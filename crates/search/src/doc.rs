//! What the lead feeds in ([`SearchDoc`]) and what comes back ([`Hit`], [`SearchResults`]).

use serde::{Deserialize, Serialize};

/// The kind of public record a document stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    Agency,
    Officer,
    Matter,
    Guide,
    Law,
}

impl DocKind {
    pub const ALL: [DocKind; 5] = [
        DocKind::Agency,
        DocKind::Officer,
        DocKind::Matter,
        DocKind::Guide,
        DocKind::Law,
    ];

    /// Stable name, stored in the index and used in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Agency => "agency",
            DocKind::Officer => "officer",
            DocKind::Matter => "matter",
            DocKind::Guide => "guide",
            DocKind::Law => "law",
        }
    }

    /// Inverse of [`DocKind::as_str`].
    pub fn parse(s: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Chinese label for the portal.
    pub fn label(self) -> &'static str {
        match self {
            DocKind::Agency => "执法主体",
            DocKind::Officer => "执法人员",
            DocKind::Matter => "执法事项",
            DocKind::Guide => "办事指南",
            DocKind::Law => "法律法规",
        }
    }
}

/// One searchable record, derived from the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// Stable unique key, e.g. `officer:1234`; upsert and delete go by it.
    pub key: String,
    pub kind: DocKind,
    /// E.g. officer name and certificate number, matter name, agency name.
    pub title: String,
    /// Searchable text: legal basis, description, agency name, category…
    pub body: String,
    /// Portal path to link to; stored, not searched.
    pub url: String,
    /// Agency name for display; stored, not searched (put it in `body` to make it searchable).
    pub agency: Option<String>,
    /// Short display line; stored only.
    pub subtitle: Option<String>,
}

/// What to look for. The text is plain words, never query syntax.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery {
    pub text: String,
    /// Kinds to return; empty means all.
    pub kinds: Vec<DocKind>,
    /// Hits to skip; capped at [`MAX_OFFSET`](crate::MAX_OFFSET).
    pub offset: usize,
    /// Hits to return; capped at [`MAX_LIMIT`](crate::MAX_LIMIT). Zero only counts.
    pub limit: usize,
}

impl SearchQuery {
    /// First page (10 hits) of all kinds.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            kinds: Vec::new(),
            offset: 0,
            limit: 10,
        }
    }
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Number of matching documents (all pages).
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// One result, ready for a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub key: String,
    pub kind: DocKind,
    pub url: String,
    pub agency: Option<String>,
    pub subtitle: Option<String>,
    /// HTML-escaped title with matches in `<mark>…</mark>`; safe to insert unescaped.
    pub title_html: String,
    /// HTML-escaped excerpt of the body with matches in `<mark>…</mark>`; safe to insert
    /// unescaped. Without a match in the body: the start of the body.
    pub snippet_html: String,
    pub score: f32,
}
