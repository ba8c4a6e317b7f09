//! The typst `World` of one render: two in-memory sources (the kind's template and
//! `common.typ`), the loaded fonts, and the issue date as "today". Nothing is read from disk or
//! the network, and the clock is never read, so the same input gives the same PDF.

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use crate::fonts::FontSet;

pub(crate) struct DocWorld<'a> {
    pub library: LazyHash<Library>,
    pub fonts: &'a FontSet,
    pub main: &'a Source,
    pub common: &'a Source,
    pub today: Datetime,
}

impl DocWorld<'_> {
    fn lookup(&self, id: FileId) -> FileResult<&Source> {
        if id == self.main.id() {
            Ok(self.main)
        } else if id == self.common.id() {
            Ok(self.common)
        } else {
            Err(FileError::AccessDenied)
        }
    }
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.lookup(id).cloned()
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.lookup(id).map(|s| Bytes::from_string(s.clone()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
