//! The index: one tantivy index, one writer behind a mutex, a reader reloaded after each commit.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::Query;
use tantivy::schema::Value;
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Searcher, TantivyDocument,
    TantivyError, Term,
};

use crate::analysis::{normalize, tokenizer_manager};
use crate::doc::{DocKind, Hit, SearchDoc, SearchQuery, SearchResults};
use crate::error::SearchError;
use crate::highlight::Highlighter;
use crate::query::{self, Built};
use crate::schema::{self, Fields};

/// Most hits returned by one search.
pub const MAX_LIMIT: usize = 50;
/// Deepest offset served: nobody pages past it, and deep pages cost a full sort.
pub const MAX_OFFSET: usize = 1_000;
/// Writer memory, shared by its indexing threads.
const WRITER_HEAP_BYTES: usize = 96_000_000;
/// Longest normalised title indexed as an exact-match term (queries are shorter anyway).
const MAX_EXACT_TITLE_CHARS: usize = 100;

/// Result of [`SearchIndex::rebuild`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RebuildStats {
    /// Documents in the index after the rebuild (a repeated key counts once: the last wins).
    pub docs: u64,
    pub elapsed: Duration,
}

/// A full-text index of the portal's public records. `Send + Sync`: share it behind an `Arc`.
///
/// Derived data: [`SearchIndex::rebuild`] recreates it from the database at any time.
pub struct SearchIndex {
    reader: IndexReader,
    writer: Mutex<IndexWriter<TantivyDocument>>,
    fields: Fields,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating the directory and an empty index if missing.
    ///
    /// Fails with [`SearchError::SchemaMismatch`] if `dir` holds an index of another schema,
    /// and with a lock error if another `SearchIndex` (in any process) has it open.
    pub fn open(dir: &Path) -> Result<Self, SearchError> {
        std::fs::create_dir_all(dir).map_err(|source| SearchError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let directory = MmapDirectory::open(dir).map_err(|source| SearchError::OpenDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let (schema, fields) = schema::build();
        let index = Index::builder()
            .schema(schema)
            .tokenizers(tokenizer_manager())
            .open_or_create(directory)
            .map_err(|e| match e {
                TantivyError::SchemaError(_) => SearchError::SchemaMismatch {
                    path: dir.to_path_buf(),
                },
                other => SearchError::Index(other),
            })?;
        Self::with_index(index, fields, threads())
    }

    /// An index in memory only (tests, demos).
    pub fn in_ram() -> Result<Self, SearchError> {
        let (schema, fields) = schema::build();
        let index = Index::builder()
            .schema(schema)
            .tokenizers(tokenizer_manager())
            .create_in_ram()?;
        Self::with_index(index, fields, 1)
    }

    fn with_index(index: Index, fields: Fields, threads: usize) -> Result<Self, SearchError> {
        let writer = index.writer_with_num_threads(threads, WRITER_HEAP_BYTES)?;
        // Manual: we reload right after each of our commits, so a search that follows an
        // upsert sees it; there is no other writer to watch for.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Self {
            reader,
            writer: Mutex::new(writer),
            fields,
        })
    }

    /// Replaces the whole content with `docs` in one commit. Searches see the old content until
    /// the commit; a crash before it leaves the old content on disk. Returns the count and time.
    pub fn rebuild<I: IntoIterator<Item = SearchDoc>>(
        &self,
        docs: I,
    ) -> Result<RebuildStats, SearchError> {
        let started = Instant::now();
        let mut writer = self.lock_writer();
        let result = (|| {
            writer.delete_all_documents()?;
            let mut seen: HashSet<String> = HashSet::new();
            for doc in docs {
                // A repeated key: the last one wins, as with upsert.
                if !seen.insert(doc.key.clone()) {
                    writer.delete_term(Term::from_field_text(self.fields.key, &doc.key));
                }
                writer.add_document(self.to_tantivy(&doc))?;
            }
            writer.commit()?;
            Ok::<(), TantivyError>(())
        })();
        self.finish(&mut writer, result)?;
        Ok(RebuildStats {
            docs: self.doc_count(),
            elapsed: started.elapsed(),
        })
    }

    /// Adds `docs`, replacing any document with the same key. Visible to search on return.
    pub fn upsert(&self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        let mut writer = self.lock_writer();
        let result = (|| {
            for doc in docs {
                writer.delete_term(Term::from_field_text(self.fields.key, &doc.key));
                writer.add_document(self.to_tantivy(doc))?;
            }
            writer.commit()?;
            Ok(())
        })();
        self.finish(&mut writer, result)
    }

    /// Removes the documents with these keys (unknown keys are ignored). Visible on return.
    pub fn delete(&self, keys: &[&str]) -> Result<(), SearchError> {
        let mut writer = self.lock_writer();
        let result = (|| {
            for key in keys {
                writer.delete_term(Term::from_field_text(self.fields.key, key));
            }
            writer.commit()?;
            Ok(())
        })();
        self.finish(&mut writer, result)
    }

    /// Number of documents searchable now.
    pub fn doc_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Runs a query. User text never makes this fail: it is only ever words; an empty or
    /// punctuation-only text gives no hits. `limit` is capped at [`MAX_LIMIT`] and `offset` at
    /// [`MAX_OFFSET`].
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        let Some(built) = query::build(&self.fields, &q.text, &q.kinds) else {
            return Ok(SearchResults {
                total: 0,
                hits: Vec::new(),
            });
        };
        let searcher = self.reader.searcher();
        let offset = q.offset.min(MAX_OFFSET);
        let limit = q.limit.min(MAX_LIMIT);
        let Built {
            strict,
            fallback,
            highlight,
        } = built;
        let (mut total, mut top) = run(&searcher, strict.as_ref(), offset, limit)?;
        if total == 0
            && let Some(any) = fallback
        {
            (total, top) = run(&searcher, any.as_ref(), offset, limit)?;
        }
        let mut highlighter = Highlighter::new(highlight, self.fields.body);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            if let Some(hit) = self.to_hit(&doc, score, &mut highlighter) {
                hits.push(hit);
            }
        }
        Ok(SearchResults { total, hits })
    }

    /// Rolls back on failure so a half-done batch never reaches a later commit; reloads the
    /// reader on success so the next search sees the commit.
    fn finish(
        &self,
        writer: &mut IndexWriter<TantivyDocument>,
        result: Result<(), TantivyError>,
    ) -> Result<(), SearchError> {
        match result {
            Ok(()) => Ok(self.reader.reload()?),
            Err(e) => {
                // The original error matters more than a failed rollback.
                let _ = writer.rollback();
                Err(e.into())
            }
        }
    }

    fn lock_writer(&self) -> MutexGuard<'_, IndexWriter<TantivyDocument>> {
        match self.writer.lock() {
            Ok(writer) => writer,
            Err(poisoned) => {
                // A panic mid-batch (say, in the caller's document iterator during a rebuild)
                // left uncommitted work: drop it, or the next commit would publish half a
                // rebuild.
                let mut writer = poisoned.into_inner();
                let _ = writer.rollback();
                self.writer.clear_poison();
                writer
            }
        }
    }

    fn to_tantivy(&self, d: &SearchDoc) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.key, &d.key);
        doc.add_text(f.kind, d.kind.as_str());
        doc.add_text(f.title, &d.title);
        doc.add_text(f.body, &d.body);
        let title = normalize(&d.title);
        doc.add_text(f.title_bigram, &title);
        doc.add_text(f.body_bigram, normalize(&d.body));
        doc.add_text(f.title_unigram, &title);
        if title.chars().count() <= MAX_EXACT_TITLE_CHARS {
            doc.add_text(f.title_exact, &title);
        }
        doc.add_text(f.url, &d.url);
        if let Some(agency) = &d.agency {
            doc.add_text(f.agency, agency);
        }
        if let Some(subtitle) = &d.subtitle {
            doc.add_text(f.subtitle, subtitle);
        }
        doc
    }

    fn to_hit(&self, doc: &TantivyDocument, score: Score, hl: &mut Highlighter) -> Option<Hit> {
        let f = &self.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        // A kind this version does not know (an index from a newer version) is skipped.
        let kind = DocKind::parse(&text(f.kind)?)?;
        let title = text(f.title).unwrap_or_default();
        let body = text(f.body).unwrap_or_default();
        Some(Hit {
            key: text(f.key)?,
            kind,
            url: text(f.url).unwrap_or_default(),
            agency: text(f.agency),
            subtitle: text(f.subtitle),
            title_html: hl.title_html(&title),
            snippet_html: hl.snippet_html(&body),
            score,
        })
    }
}

/// Total matches and one page of them, best first.
fn run(
    searcher: &Searcher,
    query: &dyn Query,
    offset: usize,
    limit: usize,
) -> Result<(usize, Vec<(Score, DocAddress)>), TantivyError> {
    if limit == 0 {
        return Ok((searcher.search(query, &Count)?, Vec::new()));
    }
    let top = TopDocs::with_limit(limit)
        .and_offset(offset)
        .order_by_score();
    searcher.search(query, &(Count, top))
}

/// Indexing threads: tantivy gives each its own segment; more than the cores only adds merges.
fn threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4)
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("docs", &self.doc_count())
            .finish_non_exhaustive()
    }
}
