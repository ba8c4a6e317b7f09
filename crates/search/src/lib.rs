//! Chinese full-text search for the public portal: agencies, officers, enforcement matters,
//! guides and laws.
//!
//! The index is derived data: the lead feeds it [`SearchDoc`]s from the database, and
//! [`SearchIndex::rebuild`] recreates it from scratch at any time. Text is analysed three ways
//! (see `docs/search.md`): jieba words (search mode when indexing, precise mode when querying,
//! with a legal-term dictionary), character bigrams for partial words, and title characters for
//! one-character queries.
//!
//! Limits: a query is its first [`analysis::MAX_QUERY_CHARS`] characters; at most
//! [`MAX_LIMIT`] hits per page; offsets beyond [`MAX_OFFSET`] are served as [`MAX_OFFSET`].

pub mod analysis;
mod doc;
mod error;
mod highlight;
mod index;
mod query;
mod schema;
pub mod synthetic;

pub use doc::{DocKind, Hit, SearchDoc, SearchQuery, SearchResults};
pub use error::SearchError;
pub use index::{MAX_LIMIT, MAX_OFFSET, RebuildStats, SearchIndex};
