//! sanxiang-witness: an HTTP witness for sanxiang ledgers (C2SP tlog-witness with tlog-cosignature
//! v1 Ed25519 cosignatures), and the client a log uses to collect cosignatures.
//!
//! The protocol decisions are pure functions in [`sanxiang_ledger::witness`]; this crate adds
//! durable state ([`WitnessStore`]), the axum service ([`router`], [`serve`]) and the log side
//! ([`request_cosignature`], [`collect_cosignatures`]). Formats: `docs/witness.md`.

mod client;
mod config;
mod server;
mod store;

pub use client::{
    ClientError, CollectError, Collected, WitnessEndpoint, WitnessFailure, collect_cosignatures,
    request_cosignature,
};
pub use config::{DEFAULT_MAX_BODY_BYTES, LogConfig, WitnessConfig};
pub use server::{router, serve};
pub use store::{StoreError, WitnessStore};
