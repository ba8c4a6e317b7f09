//! sanxiang-docgen: official documents (文书) rendered from typst templates to PDF/A-2b.
//!
//! A leaf crate: typst takes most of a cold build, so nothing else should depend on more than
//! this crate's small API. No network, no downloads, no typst packages: the templates use only
//! built-in typst functions, fonts come from local directories.
//!
//! - [`FontSet`]: fonts read once from directories (Debian `fonts-noto-cjk` by default).
//! - [`Renderer`]: checks a document's required elements (core's `check_required`), compiles its
//!   template with the content as data in `sys.inputs`, writes PDF/A-2b dated with the issue date.
//! - [`template_version`]: the version printed on each template's first line.
//!
//! Content is never spliced into markup: templates read it from `sys.inputs`, so characters such
//! as `#`, `[` or `$` in a party's name print literally.

mod error;
mod fonts;
mod render;
mod templates;
mod view;
mod world;

pub use error::DocgenError;
pub use fonts::{DEFAULT_FONT_DIRS, FontSet};
pub use render::{DocMeta, Rendered, Renderer};
pub use templates::template_version;
