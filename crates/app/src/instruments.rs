//! Official documents (文书) issued with case acts: the renderer and numbering configuration,
//! the list of a case's documents, and audited downloads of their PDFs (CASE-6).
//!
//! Issuing itself happens while an act is recorded (`cases::issue`): the number is taken, the
//! PDF rendered and stored, and its SM3 put in the act and the ledger entry in one unit of work.

use std::sync::Arc;

use sanxiang_core::auth::Permission;
use sanxiang_core::instrument::{InstrumentKind, NumberPattern};
use sanxiang_docgen::{DocgenError, Renderer};
use sanxiang_evidence::Hash;
use sanxiang_store::entity::{cases, instrument};
use sanxiang_store::repo;
use serde::Serialize;

use crate::{Actor, App, AppError};

/// Largest document served in one read; rendered 文书 are tens of KiB.
const MAX_PDF: u64 = 64 << 20;

/// Message when no renderer was ever configured (a process that does not issue documents).
const NOT_CONFIGURED: &str = "本系统未启用文书生成功能，无法出具文书";

/// What the application knows about document generation.
pub(crate) struct Documents {
    renderer: RendererState,
    pattern: NumberPattern,
}

enum RendererState {
    Unset,
    Ready(Arc<Renderer>),
    /// Fonts could not be loaded: issuing answers with this (Chinese first) message.
    Missing(String),
}

impl Documents {
    pub(crate) fn with_renderer(self, renderer: Result<Arc<Renderer>, DocgenError>) -> Self {
        let renderer = match renderer {
            Ok(r) => RendererState::Ready(r),
            Err(e) => RendererState::Missing(e.to_string()),
        };
        Documents { renderer, ..self }
    }

    pub(crate) fn with_pattern(self, pattern: NumberPattern) -> Self {
        Documents { pattern, ..self }
    }
}

impl Default for Documents {
    fn default() -> Self {
        Documents {
            renderer: RendererState::Unset,
            pattern: NumberPattern::default(),
        }
    }
}

/// An issued document as listed to the case's readers.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IssuedInstrument {
    /// `InstrumentKind` code, e.g. `penalty_prior_notice`.
    pub kind: String,
    /// The document's title, e.g. 行政处罚事先告知书.
    pub label: String,
    /// 文号; none for records, lists and receipts.
    pub number: Option<String>,
    /// The act that issued it.
    pub act_seq: i64,
    #[schema(value_type = String)]
    pub issued_on: chrono::NaiveDate,
    /// SM3 of the PDF (hex), as listed in the act's `instruments` and the ledger entry.
    pub sm3: String,
    pub sha256: String,
    /// PDF size in bytes.
    pub size: i64,
    pub pages: i32,
    pub template_version: i32,
}

impl IssuedInstrument {
    pub fn of(m: &instrument::Model) -> IssuedInstrument {
        let label =
            serde_json::from_value::<InstrumentKind>(serde_json::Value::String(m.kind.clone()))
                .map_or_else(|_| m.kind.clone(), |k| k.label_zh().to_owned());
        IssuedInstrument {
            kind: m.kind.clone(),
            label,
            number: m.number.clone(),
            act_seq: m.act_seq,
            issued_on: m.issued_on,
            sm3: m.sm3.clone(),
            sha256: m.sha256.clone(),
            size: m.size,
            pages: m.pages,
            template_version: m.template_version,
        }
    }

    /// What the console shows as the link text: the number, else the title.
    pub fn title(&self) -> String {
        match &self.number {
            Some(n) => format!("{n} {}", self.label),
            None => self.label.clone(),
        }
    }
}

impl App {
    /// The renderer, or a 503 saying why documents cannot be issued now.
    pub(crate) fn renderer(&self) -> Result<(Arc<Renderer>, NumberPattern), AppError> {
        let d = &self.documents;
        match &d.renderer {
            RendererState::Ready(r) => Ok((r.clone(), d.pattern.clone())),
            RendererState::Missing(message) => Err(AppError::Unavailable(message.clone())),
            RendererState::Unset => Err(AppError::Unavailable(NOT_CONFIGURED.to_owned())),
        }
    }

    async fn instrument_case(&self, actor: &Actor, case_id: i64) -> Result<cases::Model, AppError> {
        actor.require(Permission::ReadCases)?;
        self.readable_case(actor, case_id).await
    }

    /// The documents issued in a case, in act order.
    pub async fn instruments_list(
        &self,
        actor: &Actor,
        case_id: i64,
    ) -> Result<Vec<IssuedInstrument>, AppError> {
        self.instrument_case(actor, case_id).await?;
        let rows = repo::instruments::for_case(self.store().db(), case_id).await?;
        Ok(rows.iter().map(IssuedInstrument::of).collect())
    }

    /// The documents of a case already read in scope (for the case page, whose read is
    /// logged once by `case_view`).
    pub(crate) async fn instruments_of(
        &self,
        case_id: i64,
    ) -> Result<Vec<IssuedInstrument>, AppError> {
        let rows = repo::instruments::for_case(self.store().db(), case_id).await?;
        Ok(rows.iter().map(IssuedInstrument::of).collect())
    }

    /// One document's PDF; the read is logged (CASE-6) like an evidence read.
    pub async fn instrument_pdf(
        &self,
        actor: &Actor,
        case_id: i64,
        sm3: &str,
    ) -> Result<(IssuedInstrument, Vec<u8>), AppError> {
        self.instrument_case(actor, case_id).await?;
        let (row, bytes) = self.instrument_bytes(case_id, sm3).await?;
        let db = self.store().db();
        let mut audit = actor.audit("instrument.read", "case", Some(case_id));
        audit.after = Some(serde_json::json!({"sm3": row.sm3, "number": row.number}));
        repo::audit::append(db, audit, self.now()).await?;
        Ok((IssuedInstrument::of(&row), bytes))
    }

    /// A document's row and PDF bytes (the caller checks access and logs the read).
    pub(crate) async fn instrument_bytes(
        &self,
        case_id: i64,
        sm3: &str,
    ) -> Result<(sanxiang_store::entity::instrument::Model, Vec<u8>), AppError> {
        let db = self.store().db();
        let row = repo::instruments::by_sm3(db, case_id, sm3.trim())
            .await?
            .ok_or(AppError::NotFound)?;
        let hash = Hash::from_hex(&row.sm3).map_err(|e| AppError::Internal(e.to_string()))?;
        let size = u64::try_from(row.size).unwrap_or_default();
        if size > MAX_PDF {
            return Err(AppError::Internal(format!(
                "instrument {} is {size} bytes",
                row.id
            )));
        }
        let store = self.evidence_store()?;
        let bytes = tokio::task::spawn_blocking(move || {
            use std::io::Read as _;
            let mut out = Vec::with_capacity(usize::try_from(size).unwrap_or_default());
            let mut r = store
                .read_range(&hash, 0, size)
                .map_err(|e| e.to_string())?;
            r.read_to_end(&mut out).map_err(|e| e.to_string())?;
            Ok::<_, String>(out)
        })
        .await
        .map_err(|e| AppError::Internal(format!("instrument read task: {e}")))?
        .map_err(|e| AppError::Internal(format!("instrument {}: {e}", row.id)))?;
        Ok((row, bytes))
    }
}
