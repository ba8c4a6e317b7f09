//! `Renderer`: required-element check, template compilation, PDF/A-2b export.

use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};
use typst::foundations::{Datetime, Dict, Smart};
use typst::syntax::{RootedPath, Source, VirtualPath, VirtualRoot};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use sanxiang_core::instrument::{InstrumentContent, InstrumentKind, check_required};

use crate::fonts::FontSet;
use crate::templates;
use crate::world::DocWorld;
use crate::{DocgenError, view};

/// China Standard Time, for the PDF's document date.
const CST_OFFSET_MINUTES: i32 = 8 * 60;

/// How many compilations a cached layout survives without being used: bounds the memory of a
/// long-running server while keeping the shared parts (fonts, `common.typ`) warm.
const CACHE_MAX_AGE: usize = 10;

/// What is printed around the content: number, date, issuing agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocMeta {
    /// 文号, when the document is numbered (see `NumberPattern`).
    pub number: Option<String>,
    /// The document's date: printed, and the PDF's creation date.
    pub issued_on: NaiveDate,
    /// The issuing agency's full name, printed at the top.
    pub agency_name: String,
    /// A title other than the kind's standard one (e.g. a sector's own form name).
    pub title_override: Option<String>,
}

/// A rendered document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// PDF/A-2b bytes.
    pub pdf: Vec<u8>,
    /// SHA-256 of `pdf`, lower-case hex.
    pub sha256: String,
    pub pages: usize,
}

/// Renders documents. `Send + Sync`: build one at startup and share it behind an `Arc`.
pub struct Renderer {
    fonts: FontSet,
    common: Source,
    mains: Vec<(InstrumentKind, Source)>,
}

fn project_source(path: &str, text: &str) -> Source {
    match VirtualPath::new(path) {
        Ok(vpath) => Source::new(
            RootedPath::new(VirtualRoot::Project, vpath).intern(),
            text.to_owned(),
        ),
        // Unreachable for our constant paths; a detached source makes the import fail loudly
        // at render time instead of panicking here.
        Err(_) => Source::detached(text),
    }
}

impl Renderer {
    /// Parses every template once.
    pub fn new(fonts: FontSet) -> Self {
        let common = project_source("/common.typ", templates::COMMON);
        let mains = InstrumentKind::ALL
            .iter()
            .map(|&kind| {
                let path = format!("/{}.typ", kind.template_name());
                (kind, project_source(&path, templates::source(kind)))
            })
            .collect();
        Renderer {
            fonts,
            common,
            mains,
        }
    }

    pub fn fonts(&self) -> &FontSet {
        &self.fonts
    }

    /// Checks the required elements, then renders PDF/A-2b. Same input, same bytes.
    pub fn render(
        &self,
        content: &InstrumentContent,
        meta: &DocMeta,
    ) -> Result<Rendered, DocgenError> {
        let violations = check_required(content, meta.issued_on);
        if !violations.is_empty() {
            return Err(DocgenError::MissingElements(violations));
        }
        let kind = content.kind();
        let template_error = |message: String| DocgenError::Template { kind, message };
        let main = self
            .mains
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, s)| s)
            .ok_or_else(|| template_error("no template".to_owned()))?;

        let inputs: Dict = serde_json::from_value(view::inputs(content, meta)?)?;
        let (today, midnight) = dates(meta.issued_on)
            .ok_or_else(|| template_error(format!("unrepresentable date {}", meta.issued_on)))?;
        let world = DocWorld {
            library: LazyHash::new(Library::builder().with_inputs(inputs).build()),
            fonts: &self.fonts,
            main,
            common: &self.common,
            today,
        };
        let compiled = typst::compile::<PagedDocument>(&world).output;
        typst::comemo::evict(CACHE_MAX_AGE);
        let document = compiled.map_err(|diags| {
            template_error(
                diags
                    .iter()
                    .map(|d| d.message.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;

        let pdf_error = |message: String| DocgenError::Pdf { kind, message };
        let standards = PdfStandards::new(&[PdfStandard::A_2b])
            .map_err(|e| pdf_error(e.message().to_string()))?;
        let timestamp = Timestamp::new_local(midnight, CST_OFFSET_MINUTES)
            .ok_or_else(|| pdf_error("invalid document date".to_owned()))?;
        let options = PdfOptions {
            // A stable identifier: the PDF's /ID must not vary between identical renders.
            ident: Smart::Custom(format!(
                "sanxiang/{}/{}",
                kind.template_name(),
                meta.number.as_deref().unwrap_or("-")
            )),
            timestamp: Some(timestamp),
            standards,
            ..PdfOptions::default()
        };
        let pdf = typst_pdf::pdf(&document, &options).map_err(|diags| {
            pdf_error(
                diags
                    .iter()
                    .map(|d| d.message.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
        let sha256 = hex::encode(Sha256::digest(&pdf));
        Ok(Rendered {
            pages: document.pages().len(),
            pdf,
            sha256,
        })
    }
}

/// `day` as typst's date ("today" inside the templates) and as midnight (the PDF's date).
fn dates(day: NaiveDate) -> Option<(Datetime, Datetime)> {
    let month = u8::try_from(day.month()).ok()?;
    let dom = u8::try_from(day.day()).ok()?;
    Some((
        Datetime::from_ymd(day.year(), month, dom)?,
        Datetime::from_ymd_hms(day.year(), month, dom, 0, 0, 0)?,
    ))
}
