//! Fonts read once from local directories. Agencies may add licensed 仿宋 / 小标宋 fonts to a
//! configured directory; the templates prefer them and fall back to Noto Serif CJK SC.

use std::path::{Path, PathBuf};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

use crate::DocgenError;

/// Where Debian installs fonts (`fonts-noto-cjk` lands in the first).
pub const DEFAULT_FONT_DIRS: &[&str] = &[
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/opentype",
    "/usr/share/fonts/truetype",
    "/usr/local/share/fonts",
];

/// A character every CJK font covers; its absence means Chinese would not print.
const CJK_PROBE: char = '罚';

/// The fonts available to the templates. Cheap to share: fonts are reference-counted.
#[derive(Debug)]
pub struct FontSet {
    pub(crate) book: LazyHash<FontBook>,
    pub(crate) fonts: Vec<Font>,
}

impl FontSet {
    /// Reads every `.ttf`, `.otf`, `.ttc` and `.otc` under `dirs` (recursively; a missing
    /// directory is skipped, an unreadable file ignored). Fails unless a font covers Chinese.
    pub fn load(dirs: &[PathBuf]) -> Result<FontSet, DocgenError> {
        let mut files = Vec::new();
        for dir in dirs {
            collect_font_files(dir, &mut files);
        }
        // Directories overlap (`opentype` contains `opentype/noto`): read each file once, in a
        // stable order so the font indices, and thus the PDFs, do not depend on the listing.
        files.sort();
        files.dedup();
        let mut fonts = Vec::new();
        for path in files {
            if let Ok(data) = std::fs::read(&path) {
                fonts.extend(Font::iter(Bytes::new(data)));
            }
        }
        if !fonts
            .iter()
            .any(|f| f.info().coverage.contains(u32::from(CJK_PROBE)))
        {
            return Err(DocgenError::MissingCjkFont {
                searched: dirs.to_vec(),
            });
        }
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        Ok(FontSet { book, fonts })
    }

    /// [`FontSet::load`] over [`DEFAULT_FONT_DIRS`].
    pub fn load_default() -> Result<FontSet, DocgenError> {
        let dirs: Vec<PathBuf> = DEFAULT_FONT_DIRS.iter().map(PathBuf::from).collect();
        Self::load(&dirs)
    }

    /// How many font faces were loaded (a `.ttc` holds several).
    pub fn len(&self) -> usize {
        self.fonts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fonts.is_empty()
    }

    /// Whether a family (e.g. `Noto Serif CJK SC`, `FangSong`) is available.
    pub fn has_family(&self, family: &str) -> bool {
        self.book.contains_family(&family.to_lowercase())
    }
}

fn collect_font_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_font_files(&path, out);
        } else if is_font_file(&path) {
            out.push(path);
        }
    }
}

fn is_font_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "ttf" | "otf" | "ttc" | "otc"
        )
    })
}
