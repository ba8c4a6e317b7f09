//! A small good package is kept in `tests/data/package-v1.tar` so that the format stays stable:
//! the writer must reproduce it byte for byte, and it must keep verifying.
//! Regenerate after an intended format change with `SANXIANG_UPDATE_FIXTURES=1`.
#![allow(clippy::unwrap_used)]

mod package_support;

use package_support::*;
use sanxiang_ledger::package::{CheckId, Status};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/package-v1.tar");

#[test]
fn the_writer_reproduces_the_committed_fixture() {
    let fresh = good_package();
    if std::env::var_os("SANXIANG_UPDATE_FIXTURES").is_some() {
        std::fs::write(FIXTURE, &fresh).unwrap();
    }
    let committed = std::fs::read(FIXTURE).unwrap();
    assert!(
        committed == fresh,
        "the package format changed; regenerate the fixture deliberately"
    );
}

#[test]
fn the_committed_fixture_verifies_with_the_known_log_key() {
    let committed = std::fs::read(FIXTURE).unwrap();
    let r = verify_bytes(&committed, &trusted_policy());
    assert!(r.all_hold(), "{r}");
    assert!(r.checks.iter().all(|c| c.status == Status::Holds), "{r}");
    assert_eq!(
        r.get(CheckId::FilesMatch).unwrap().details,
        vec!["2 files, 5022 bytes".to_owned()]
    );
}
