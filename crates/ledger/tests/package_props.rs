//! Arbitrary bytes never make the verifier or the manifest parser panic; a damaged package never
//! verifies unless the damage left every member intact; manifests round-trip.
#![allow(clippy::unwrap_used)]

mod package_support;

use std::io::Read;
use std::sync::OnceLock;

use package_support::*;
use proptest::prelude::*;
use sanxiang_ledger::hash::{Hash, HashAlg};
use sanxiang_ledger::package::manifest::{entry_path, file_path, timestamp_path};
use sanxiang_ledger::package::{Manifest, ManifestEntry, ManifestFile, ManifestKeys};

fn good() -> &'static [u8] {
    static GOOD: OnceLock<Vec<u8>> = OnceLock::new();
    GOOD.get_or_init(good_package)
}

/// The members, or `None` if the tar crate cannot read them all.
fn members_lenient(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut archive = tar::Archive::new(bytes);
    let mut out = Vec::new();
    for m in archive.entries().ok()? {
        let mut m = m.ok()?;
        let name = String::from_utf8(m.path_bytes().into_owned()).ok()?;
        let mut data = Vec::new();
        m.read_to_end(&mut data).ok()?;
        if data.len() as u64 != m.size() {
            return None;
        }
        out.push((name, data));
    }
    Some(out)
}

fn hash() -> impl Strategy<Value = Hash> {
    any::<[u8; 32]>().prop_map(Hash)
}

fn manifest() -> impl Strategy<Value = Manifest> {
    (
        "[a-z0-9\u{6e58}-]{1,20}",
        prop::collection::vec(
            (
                any::<u64>(),
                any::<u64>(),
                hash(),
                prop::collection::vec(hash(), 0..4),
            ),
            1..4,
        ),
        prop::collection::vec((hash(), hash(), any::<u64>(), "[a-z]{0,8}"), 0..3),
        0usize..3,
        prop::option::of(1u64..4),
        any::<bool>(),
    )
        .prop_map(|(case_id, entries, files, ts, quorum, sha)| Manifest {
            hash: if sha { HashAlg::Sha256 } else { HashAlg::Sm3 },
            case_id,
            origin: "example.gov.cn/sanxiang/log".into(),
            chain_head: Hash([9; 32]),
            checkpoint: "checkpoint.note".into(),
            entries: entries
                .into_iter()
                .map(|(index, seq, leaf_hash, proof)| ManifestEntry {
                    index,
                    seq,
                    path: entry_path(seq),
                    leaf_hash,
                    proof,
                })
                .collect(),
            files: files
                .into_iter()
                .map(|(sm3, sha256, size, kind)| ManifestFile {
                    path: file_path(&sm3),
                    kind,
                    sm3,
                    sha256,
                    size,
                })
                .collect(),
            timestamps: (1..=ts).map(timestamp_path).collect(),
            keys: ManifestKeys {
                log: "keys/log.vkey".into(),
                witnesses: quorum.map(|_| "keys/witnesses.vkey".into()),
                witness_quorum: quorum.unwrap_or(0),
                tsa: vec!["keys/tsa/gb.pem".into()],
            },
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let r = verify_bytes(&bytes, &trusted_policy());
        prop_assert!(!r.all_hold());
        let _ = Manifest::from_json(&bytes);
    }

    #[test]
    fn arbitrary_bytes_after_a_valid_header_never_panic(tail in prop::collection::vec(any::<u8>(), 0..2048)) {
        let mut bytes = good()[..512].to_vec();
        bytes.extend_from_slice(&tail);
        let r = verify_bytes(&bytes, &trusted_policy());
        prop_assert!(!r.all_hold());
    }

    #[test]
    fn a_flipped_byte_fails_unless_every_member_is_intact(pos in 0usize..1_000_000, bit in 0u8..8) {
        let good = good();
        let mut bytes = good.to_vec();
        let pos = pos % bytes.len();
        bytes[pos] ^= 1 << bit;
        let r = verify_bytes(&bytes, &trusted_policy());
        if r.all_hold() {
            // The package's own log key is not consulted when the caller gives the real one.
            let relevant = |m: Option<Vec<(String, Vec<u8>)>>| {
                m.map(|v| v.into_iter().filter(|(n, _)| n != "keys/log.vkey").collect::<Vec<_>>())
            };
            prop_assert!(
                relevant(members_lenient(&bytes)) == relevant(members_lenient(good)),
                "byte {} bit {} changed a member, yet:\n{}", pos, bit, r
            );
        }
    }

    #[test]
    fn a_truncated_package_fails(cut in 0usize..1_000_000) {
        let good = good();
        let cut = cut % (good.len() - 1024);
        let r = verify_bytes(&good[..cut], &trusted_policy());
        prop_assert!(!r.all_hold(), "{}", r);
    }

    #[test]
    fn manifests_round_trip(m in manifest()) {
        let json = m.to_json();
        prop_assert_eq!(Manifest::from_json(&json), Ok(m.clone()));
        prop_assert_eq!(Manifest::from_json(&json).unwrap().to_json(), json);
    }

    #[test]
    fn arbitrary_json_never_panics(text in "\\{[\"a-z0-9:,\\[\\]{} ]{0,200}\\}") {
        let _ = Manifest::from_json(text.as_bytes());
    }
}
