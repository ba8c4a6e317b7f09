//! Errors of document generation. Messages are English (logs) except where an operator must act:
//! a missing CJK font explains the fix in Chinese first.

use std::path::PathBuf;

use sanxiang_core::instrument::InstrumentKind;
use sanxiang_core::rule::Violation;

#[derive(Debug, thiserror::Error)]
pub enum DocgenError {
    /// No font in the searched directories covers Chinese: documents would print empty boxes.
    #[error(
        "未找到中文字体（已查找：{}）。请安装 fonts-noto-cjk：sudo apt-get install fonts-noto-cjk，或在配置项 docgen_font_dirs 中指定字体目录 / no CJK font found in {}: install fonts-noto-cjk (sudo apt-get install fonts-noto-cjk) or set docgen_font_dirs to a directory with Chinese fonts",
        join(searched, "、"),
        join(searched, ", ")
    )]
    MissingCjkFont { searched: Vec<PathBuf> },
    /// The document lacks required elements; nothing was rendered. Show each violation's message.
    #[error("document lacks required elements: {}", violations_list(.0))]
    MissingElements(Vec<Violation>),
    /// The template failed to compile: a bug in a template or in the data it was given.
    #[error("template {kind:?} failed to compile: {message}")]
    Template {
        kind: InstrumentKind,
        message: String,
    },
    /// PDF export failed (e.g. a PDF/A conformance error).
    #[error("PDF export of {kind:?} failed: {message}")]
    Pdf {
        kind: InstrumentKind,
        message: String,
    },
    /// The content could not be turned into template inputs.
    #[error("could not pass the content to the template: {0}")]
    Inputs(#[from] serde_json::Error),
}

fn join(paths: &[PathBuf], sep: &str) -> String {
    if paths.is_empty() {
        return "（无）".to_owned();
    }
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(sep)
}

fn violations_list(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
