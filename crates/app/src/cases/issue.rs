//! Issuing documents (文书) with an act. Required elements are checked before anything is
//! written (422 naming the rule); inside the recording unit of work each document takes its
//! number from the agency's counter, is rendered to PDF/A and stored as an evidence blob, and
//! gets an `evidence` and an `instrument` row. The unit then puts each PDF's SM3 in the act and
//! attaches the file to the act's ledger entry. A failure anywhere rolls the unit back, the
//! counter with it, so numbers stay gap-free.

use std::sync::Arc;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sanxiang_core::auth::Scope;
use sanxiang_core::instrument::{InstrumentContent, NumberPattern, check_required};
use sanxiang_docgen::{DocMeta, DocgenError, Renderer, template_version};
use sanxiang_evidence::{Completion, EvidenceStore, Hash, Metadata};
use sanxiang_store::DatabaseTransaction;
use sanxiang_store::entity::{cases, evidence, instrument};
use sanxiang_store::repo;

use crate::{App, AppError};

/// Everything the unit of work needs to issue the documents of one act, gathered before it.
pub(super) struct Issuer {
    renderer: Arc<Renderer>,
    pattern: NumberPattern,
    /// The agency's 简称 (its name when it has none), for the number.
    short_name: String,
    agency_name: String,
    store: Arc<EvidenceStore>,
    contents: Vec<InstrumentContent>,
}

/// One issued document: its evidence row (the ledger attachment) and its instrument row.
pub(super) struct Issued {
    pub evidence: evidence::Model,
    pub instrument: instrument::Model,
}

/// A rendered document as stored in the evidence store.
struct StoredPdf {
    sm3: String,
    sha256: String,
    chunk_root: String,
    size: u64,
    pages: usize,
}

fn docgen_error(e: DocgenError) -> AppError {
    match e {
        DocgenError::MissingElements(v) => AppError::Invalid(v),
        e @ DocgenError::MissingCjkFont { .. } => AppError::Unavailable(e.to_string()),
        other => AppError::Internal(format!("document rendering: {other}")),
    }
}

impl App {
    /// Checks every document's required elements (all violations, nothing written), then
    /// gathers the renderer, the agency's names and the evidence store. `None`: nothing to issue.
    pub(super) async fn issuer(
        &self,
        agency_id: i64,
        contents: Vec<InstrumentContent>,
        issued_on: NaiveDate,
    ) -> Result<Option<Issuer>, AppError> {
        if contents.is_empty() {
            return Ok(None);
        }
        let violations: Vec<_> = contents
            .iter()
            .flat_map(|c| check_required(c, issued_on))
            .collect();
        if !violations.is_empty() {
            return Err(AppError::Invalid(violations));
        }
        let (renderer, pattern) = self.renderer()?;
        let store = self.evidence_store()?;
        // The case's agency was checked against the actor's scope by the caller.
        let agency = repo::agencies::get(self.store().db(), &Scope::All, agency_id).await?;
        let short_name = match agency.short_name.trim() {
            "" => agency.name.clone(),
            s => s.to_owned(),
        };
        Ok(Some(Issuer {
            renderer,
            pattern,
            short_name,
            agency_name: agency.name,
            store,
            contents,
        }))
    }
}

impl Issuer {
    /// Numbers, renders, stores and records each document of act `act_seq`, in order.
    pub(super) async fn issue(
        &self,
        txn: &DatabaseTransaction,
        case: &cases::Model,
        act_seq: u64,
        issued_on: NaiveDate,
        issued_by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Issued>, AppError> {
        let mut out = Vec::with_capacity(self.contents.len());
        for content in &self.contents {
            let kind = content.kind();
            let number = match kind.number_word() {
                Some(word) => {
                    let year = issued_on.year();
                    let seq =
                        repo::instruments::next_number(txn, case.agency_id, word, year).await?;
                    Some(self.pattern.format(&self.short_name, word, year, seq))
                }
                None => None,
            };
            let meta = DocMeta {
                number: number.clone(),
                issued_on,
                agency_name: self.agency_name.clone(),
                title_override: None,
            };
            let file_name = format!(
                "{}.pdf",
                number.as_deref().unwrap_or_else(|| kind.label_zh())
            );
            let pdf = self
                .render_and_store(content.clone(), meta, file_name.clone())
                .await?;
            let size = i64::try_from(pdf.size).unwrap_or(i64::MAX);
            let evidence = repo::evidence::insert(
                txn,
                evidence::Model {
                    id: 0,
                    case_id: case.id,
                    sm3: pdf.sm3.clone(),
                    sha256: pdf.sha256.clone(),
                    chunk_root: pdf.chunk_root,
                    size,
                    kind: "document".to_owned(),
                    content_type: "application/pdf".to_owned(),
                    file_name,
                    device_serial: None,
                    capture_start: None,
                    capture_end: None,
                    uploaded_by: issued_by,
                    created_at: now,
                },
            )
            .await?
            .row();
            let instrument = repo::instruments::insert(
                txn,
                instrument::Model {
                    id: 0,
                    case_id: case.id,
                    act_seq: i64::try_from(act_seq).unwrap_or(i64::MAX),
                    kind: kind.template_name().to_owned(),
                    number,
                    sm3: pdf.sm3,
                    sha256: pdf.sha256,
                    size,
                    pages: i32::try_from(pdf.pages).unwrap_or(i32::MAX),
                    template_version: i32::try_from(template_version(kind)).unwrap_or(0),
                    issued_on,
                    created_at: now,
                },
            )
            .await?;
            out.push(Issued {
                evidence,
                instrument,
            });
        }
        Ok(out)
    }

    /// Renders (CPU, ~5–10 ms) and writes the blob (file I/O with fsync) on the blocking pool,
    /// so the runtime's workers keep serving other requests while the unit waits. A blob left
    /// behind by a unit that rolls back is harmless: blobs are content-addressed and only rows
    /// make a file part of a case.
    async fn render_and_store(
        &self,
        content: InstrumentContent,
        meta: DocMeta,
        file_name: String,
    ) -> Result<StoredPdf, AppError> {
        let renderer = self.renderer.clone();
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || -> Result<StoredPdf, AppError> {
            let rendered = renderer.render(&content, &meta).map_err(docgen_error)?;
            let blob = |e: sanxiang_evidence::EvidenceError| {
                AppError::Internal(format!("storing document {file_name}: {e}"))
            };
            let sha256 = Hash::from_hex(&rendered.sha256)
                .map_err(|e| AppError::Internal(format!("document SHA-256: {e}")))?;
            let metadata = Metadata {
                content_type: Some("application/pdf".to_owned()),
                file_name: Some(file_name.clone()),
                ..Metadata::default()
            };
            let size = rendered.pdf.len() as u64;
            let id = store
                .create(size, Some(sha256), None, metadata)
                .map_err(blob)?;
            store.put_part(&id, 0, &rendered.pdf).map_err(blob)?;
            match store.complete(&id).map_err(blob)? {
                Completion::Stored { record, .. } => Ok(StoredPdf {
                    sm3: record.digests.sm3.to_hex(),
                    sha256: record.digests.sha256.to_hex(),
                    chunk_root: record.digests.chunk_root.to_hex(),
                    size: record.digests.size,
                    pages: rendered.pages,
                }),
                Completion::Quarantined(q) => Err(AppError::Internal(format!(
                    "document {file_name} quarantined: {}",
                    q.reason_text
                ))),
            }
        })
        .await
        .map_err(|e| AppError::Internal(format!("document task: {e}")))?
    }
}
