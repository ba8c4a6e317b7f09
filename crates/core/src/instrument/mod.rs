//! Official documents (文书): kinds, typed content, required-element checks and numbering.
//!
//! Pure: the `sanxiang-docgen` crate renders a checked [`InstrumentContent`] to PDF/A; the store
//! allocates sequence numbers gap-free and [`NumberPattern`] formats them.
//!
//! - [`kind`] — the 14 kinds, their titles, template names and number words.
//! - [`parts`], [`content`] — the fields each document carries.
//! - [`check`] — `check_required`, HARD violations naming the rule (§10, P2, P5, P9, P13, A7…).
//! - [`number`] — `NumberPattern`.
//! - [`sample`] — one complete document per kind (tests, demos, benchmarks).

pub mod check;
pub mod content;
pub mod draft;
pub mod kind;
pub mod number;
pub mod parts;
pub mod sample;

pub use check::{check_configured, check_required};
pub use content::*;
pub use kind::InstrumentKind;
pub use number::{NumberPattern, NumberPatternError};
pub use parts::{
    LegalBasis, ListedItem, Officer, Opinion, PartyInfo, PartyKind, RecordHeader, Signatures,
    Witness,
};
