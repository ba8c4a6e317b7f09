//! sanxiang-core: the domain types and rules of sanxiang.
//!
//! Architecture invariant: this crate does no I/O, has no async, never reads the clock or a random
//! source. Time, the calendar version and seeds are arguments. `tests/tidy.rs` checks the manifest.

pub mod auth;
pub mod calendar;
pub mod case;
pub mod catalog;
pub mod ids;
pub mod instrument;
pub mod media;
pub mod registry;
pub mod rule;
pub mod text;
pub mod throttle;
