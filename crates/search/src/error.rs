//! Errors of the search index. User query text never causes one: only the index's storage can.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("cannot create index directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open index directory {path}: {source}")]
    OpenDir {
        path: PathBuf,
        source: tantivy::directory::error::OpenDirectoryError,
    },
    /// The directory holds an index of another schema (another version of this crate): the
    /// index is derived data, so delete the directory and rebuild.
    #[error("index in {path} has another schema; delete the directory and rebuild")]
    SchemaMismatch { path: PathBuf },
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
}

impl SearchError {
    /// Message for a portal user (details go to the log).
    pub fn user_message(&self) -> &'static str {
        "搜索服务暂时不可用，请稍后再试。"
    }
}
