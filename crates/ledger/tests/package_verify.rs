//! Package verification: a good package verifies, and every kind of tampering is reported by
//! the check that names it.
#![allow(clippy::unwrap_used)]

mod package_support;

use package_support::*;
use sanxiang_ledger::chain::CaseChain;
use sanxiang_ledger::entry::Entry;
use sanxiang_ledger::hash::{Hash, HashAlg};
use sanxiang_ledger::package::{
    CheckId, NoExternalChecks, Report, Status, VerifyPolicy, manifest::file_path, verify,
};

fn status(r: &Report, id: CheckId) -> Status {
    r.status(id).unwrap()
}

/// Asserts that `id` fails and one of its details contains `needle`.
fn assert_fails(r: &Report, id: CheckId, needle: &str) {
    let c = r.get(id).unwrap();
    assert_eq!(c.status, Status::Fails, "{id} should fail:\n{r}");
    assert!(
        c.details.iter().any(|d| d.contains(needle)),
        "{id} details lack {needle:?}:\n{r}"
    );
    assert!(!r.all_hold());
}

fn tampered(f: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) -> Report {
    let mut m = members(&good_package());
    f(&mut m);
    verify_bytes(&repack(&m), &trusted_policy())
}

fn file_names() -> (String, String) {
    let files = file_contents();
    (
        file_path(&HashAlg::Sm3.digest(&files[0].1)),
        file_path(&HashAlg::Sm3.digest(&files[1].1)),
    )
}

#[test]
fn a_good_package_verifies_and_every_check_holds() {
    let report = verify_bytes(&good_package(), &trusted_policy());
    assert!(report.all_hold(), "{report}");
    assert_eq!(report.checks.len(), CheckId::ALL.len());
    for (check, id) in report.checks.iter().zip(CheckId::ALL) {
        assert_eq!(check.id, id);
        assert_eq!(check.status, Status::Holds, "{report}");
    }
    let text = report.to_string();
    assert!(text.contains("[通过/PASS] chain.continuous"), "{text}");
}

#[test]
fn the_member_order_is_fixed() {
    let names: Vec<String> = members(&good_package()).into_iter().map(|m| m.0).collect();
    let (photo, video) = file_names();
    let expected = [
        "manifest.json",
        "checkpoint.note",
        "keys/log.vkey",
        "keys/witnesses.vkey",
        "keys/tsa/1.pem",
        "timestamps/1.tsr",
        "entries/000001.bin",
        "entries/000002.bin",
        "entries/000003.bin",
        &photo,
        &video,
    ];
    assert_eq!(names, expected);
}

#[test]
fn without_caller_keys_the_package_keys_are_used_and_reported_with_their_key_id() {
    let report = verify_bytes(&good_package(), &VerifyPolicy::default());
    assert!(report.all_hold(), "{report}");
    let anchors = report.get(CheckId::TrustAnchors).unwrap();
    assert_eq!(anchors.status, Status::Caveat);
    let id = format!("{}+{:08x}", ORIGIN, log_pair().1.key_id());
    assert!(anchors.details.iter().any(|d| d.contains(&id)), "{report}");

    let strict = VerifyPolicy {
        require_caller_keys: true,
        ..VerifyPolicy::default()
    };
    assert_fails(
        &verify_bytes(&good_package(), &strict),
        CheckId::TrustAnchors,
        &id,
    );
}

#[test]
fn one_byte_changed_in_an_entry_is_caught_at_that_entry() {
    let r = tampered(|m| {
        let e = member(m, "entries/000002.bin");
        let pos = e.len() - 40; // inside the payload digest
        e[pos] ^= 1;
    });
    assert_fails(
        &r,
        CheckId::EntriesDecode,
        "act 2 (entries/000002.bin): leaf hash",
    );
    assert_fails(&r, CheckId::ChainContinuous, "act 3");
    assert_fails(&r, CheckId::EntriesInclusion, "act 2");
}

#[test]
fn one_byte_changed_in_a_file_is_caught_with_expected_and_found_digests() {
    let (_, video) = file_names();
    let r = tampered(|m| member(m, &video)[100] ^= 0x80);
    assert_fails(&r, CheckId::FilesMatch, &format!("{video}: SM3"));
    assert_fails(&r, CheckId::FilesMatch, &format!("{video}: SHA-256"));
    assert_eq!(status(&r, CheckId::ChainContinuous), Status::Holds);
}

#[test]
fn one_byte_changed_in_a_proof_hash_fails_that_inclusion_proof() {
    let r = tampered(|m| {
        edit_manifest(m, |v| {
            let h = v["entries"][1]["proof"][0].as_str().unwrap().to_owned();
            let flipped = if h.starts_with('0') { "1" } else { "0" };
            v["entries"][1]["proof"][0] = format!("{flipped}{}", &h[1..]).into();
        })
    });
    assert_fails(&r, CheckId::EntriesInclusion, "act 2 (leaf 3)");
    assert_eq!(status(&r, CheckId::EntriesDecode), Status::Holds);
}

#[test]
fn one_byte_changed_in_the_checkpoint_breaks_its_signature() {
    let r = tampered(|m| {
        let cp = member(m, "checkpoint.note");
        let pos = cp.iter().position(|&b| b == b'\n').unwrap() + 1; // tree size line
        cp[pos] = if cp[pos] == b'9' { b'8' } else { cp[pos] + 1 };
    });
    assert_fails(&r, CheckId::CheckpointSignature, "invalid signature");
}

#[test]
fn a_deleted_entry_is_a_gap_in_the_chain() {
    let r = tampered(|m| {
        m.retain(|(n, _)| n != "entries/000002.bin");
        edit_manifest(m, |v| {
            v["entries"].as_array_mut().unwrap().remove(1);
        });
    });
    assert_fails(&r, CheckId::ChainContinuous, "act 2 is missing");
}

#[test]
fn a_deleted_entry_member_alone_is_reported_missing() {
    let r = tampered(|m| m.retain(|(n, _)| n != "entries/000002.bin"));
    assert_fails(
        &r,
        CheckId::EntriesDecode,
        "act 2 (entries/000002.bin): missing",
    );
}

#[test]
fn deleting_the_last_act_is_caught_by_the_recorded_head() {
    let r = tampered(|m| {
        m.retain(|(n, _)| n != "entries/000003.bin");
        edit_manifest(m, |v| {
            v["entries"].as_array_mut().unwrap().remove(2);
        });
    });
    assert_eq!(status(&r, CheckId::ChainContinuous), Status::Holds);
    assert_fails(&r, CheckId::ChainHead, "the manifest records");
}

#[test]
fn reordered_entries_are_reported_as_out_of_order() {
    let r = tampered(|m| {
        let i = m
            .iter()
            .position(|(n, _)| n == "entries/000002.bin")
            .unwrap();
        m.swap(i, i + 1);
        edit_manifest(m, |v| v["entries"].as_array_mut().unwrap().swap(1, 2));
    });
    assert_fails(&r, CheckId::ChainContinuous, "out of order");
}

#[test]
fn a_duplicated_entry_is_reported_by_the_chain_and_as_a_duplicate_member() {
    let r = tampered(|m| {
        let i = m
            .iter()
            .position(|(n, _)| n == "entries/000002.bin")
            .unwrap();
        let copy = m[i].clone();
        m.insert(i + 1, copy);
        edit_manifest(m, |v| {
            let e = v["entries"][1].clone();
            v["entries"].as_array_mut().unwrap().insert(2, e);
        });
    });
    assert_fails(&r, CheckId::ChainContinuous, "appears again");
    assert_fails(&r, CheckId::MembersUnique, "entries/000002.bin");
}

#[test]
fn an_inserted_act_breaks_the_chain_and_has_no_inclusion_proof() {
    let entries = case_entries();
    let mut chain = CaseChain::new(ALG, CASE);
    chain.push(&entries[0]).unwrap();
    let forged = Entry {
        act_type: "forged".to_owned(),
        prev_head: chain.head(),
        seq: 2,
        attachments: vec![],
        ..entries[1].clone()
    };
    let r = tampered(|m| {
        let i = m
            .iter()
            .position(|(n, _)| n == "entries/000002.bin")
            .unwrap();
        m.insert(i, ("entries/000002.bin".to_owned(), forged.encode()));
        edit_manifest(m, |v| {
            let mut e = v["entries"][1].clone();
            e["leaf_hash"] = forged.leaf_hash(ALG).to_hex().into();
            v["entries"].as_array_mut().unwrap().insert(1, e);
        });
    });
    assert_fails(&r, CheckId::ChainContinuous, "position 3");
    assert_fails(&r, CheckId::EntriesInclusion, "act 2");
}

#[test]
fn an_act_of_another_case_is_reported_as_wrong_case() {
    let other = other_case_entry(2);
    let r = tampered(|m| {
        *member(m, "entries/000002.bin") = other.encode();
        edit_manifest(m, |v| {
            v["entries"][1]["leaf_hash"] = other.leaf_hash(ALG).to_hex().into();
        });
    });
    assert_fails(&r, CheckId::ChainContinuous, "belongs to case");
}

#[test]
fn a_missing_file_is_reported_with_its_path() {
    let (photo, _) = file_names();
    let r = tampered(|m| m.retain(|(n, _)| *n != photo));
    assert_fails(
        &r,
        CheckId::FilesMatch,
        &format!("{photo} (photo): missing"),
    );
}

#[test]
fn swapped_files_are_both_reported() {
    let (photo, video) = file_names();
    let r = tampered(|m| {
        let a = member(m, &photo).clone();
        let b = std::mem::replace(member(m, &video), a);
        *member(m, &photo) = b;
    });
    assert_fails(&r, CheckId::FilesMatch, &format!("{photo}: size"));
    assert_fails(&r, CheckId::FilesMatch, &format!("{video}: SM3"));
}

#[test]
fn an_extra_member_is_reported_as_unlisted() {
    let extra = file_path(&HashAlg::Sm3.digest(b"extra"));
    let r = tampered(|m| m.push((extra.clone(), b"extra".to_vec())));
    assert_fails(&r, CheckId::MembersListed, &extra);
    assert_eq!(status(&r, CheckId::FilesMatch), Status::Holds);
}

#[test]
fn an_extra_listed_file_that_no_act_refers_to_is_reported() {
    let extra = file_path(&HashAlg::Sm3.digest(b"extra"));
    let r = tampered(|m| {
        m.push((extra.clone(), b"extra".to_vec()));
        edit_manifest(m, |v| {
            v["files"].as_array_mut().unwrap().push(serde_json::json!({
                "path": extra,
                "kind": "photo",
                "sm3": HashAlg::Sm3.digest(b"extra").to_hex(),
                "sha256": HashAlg::Sha256.digest(b"extra").to_hex(),
                "size": 5,
            }));
        });
    });
    assert_fails(&r, CheckId::FilesMatch, "no act refers to it");
}

#[test]
fn a_truncated_archive_is_reported() {
    let good = good_package();
    for cut in [100, 512 + 300, good.len() / 2, good.len() - 1024 - 700] {
        let r = verify_bytes(&good[..cut], &trusted_policy());
        assert!(!r.all_hold(), "cut at {cut}:\n{r}");
        if cut > 2048 {
            assert_fails(&r, CheckId::ArchiveRead, "truncated");
        }
    }
    assert_fails(
        &verify_bytes(&good[..good.len() / 2], &trusted_policy()),
        CheckId::ArchiveRead,
        "",
    );
}

#[test]
fn members_out_of_the_fixed_order_are_reported() {
    let r = tampered(|m| {
        let i = m.iter().position(|(n, _)| n == "checkpoint.note").unwrap();
        m.swap(i, i + 1);
    });
    assert_fails(&r, CheckId::MembersOrder, "checkpoint.note");
    assert_eq!(status(&r, CheckId::CheckpointSignature), Status::Holds);
}

#[test]
fn a_package_resigned_with_another_key_fails_against_the_real_key() {
    let forged = write_spec(&build_with(&case_entries(), sm2_pair(ORIGIN, 99)).spec);
    let r = verify_bytes(&forged, &trusted_policy());
    assert_fails(
        &r,
        CheckId::CheckpointSignature,
        "no signature from a known key",
    );

    // Without the real key it is self-consistent: the report shows whose key it trusted.
    let r = verify_bytes(&forged, &VerifyPolicy::default());
    assert!(r.all_hold(), "{r}");
    let anchors = r.get(CheckId::TrustAnchors).unwrap();
    assert_eq!(anchors.status, Status::Caveat);
    let forger = format!("{:08x}", sm2_pair(ORIGIN, 99).1.key_id());
    assert!(anchors.details[0].contains(&forger), "{r}");
}

#[test]
fn a_caller_witness_that_did_not_cosign_fails_the_quorum() {
    let (_, stranger) = ed25519_pair("other.witness", 8);
    let policy = VerifyPolicy {
        witness_keys: vec![stranger.to_key_string()],
        ..trusted_policy()
    };
    let r = verify_bytes(&good_package(), &policy);
    assert_fails(&r, CheckId::CheckpointCosignatures, "0 of 1");
}

#[test]
fn no_witness_and_no_timestamp_are_explicit_states() {
    let mut spec = build().spec;
    spec.witness_keys.clear();
    spec.witness_quorum = 0;
    spec.timestamps.clear();
    let bytes = write_spec(&spec);
    let r = verify_bytes(&bytes, &trusted_policy());
    assert!(r.all_hold(), "{r}");
    let cos = r.get(CheckId::CheckpointCosignatures).unwrap();
    assert_eq!(cos.status, Status::NotChecked);
    assert!(cos.details[0].contains("no witness configured"));
    let ts = r.get(CheckId::CheckpointTimestamp).unwrap();
    assert_eq!(ts.status, Status::NotChecked);
    assert!(ts.details[0].contains("no timestamp"));

    let strict = VerifyPolicy {
        require_witnesses: true,
        require_timestamp: true,
        ..trusted_policy()
    };
    let r = verify_bytes(&bytes, &strict);
    assert_fails(&r, CheckId::CheckpointCosignatures, "no witness configured");
    assert_fails(&r, CheckId::CheckpointTimestamp, "no timestamp");
}

#[test]
fn a_timestamp_over_something_else_fails() {
    let mut spec = build().spec;
    spec.timestamps = vec![test_token(b"another checkpoint\n")];
    let r = verify_bytes(&write_spec(&spec), &trusted_policy());
    assert_fails(&r, CheckId::CheckpointTimestamp, "timestamps/1.tsr");
}

#[test]
fn without_external_verifiers_cosignatures_and_timestamps_are_not_checked() {
    let r = verify(
        good_package().as_slice(),
        &trusted_policy(),
        &NoExternalChecks,
    );
    assert!(r.all_hold(), "{r}");
    assert_eq!(
        status(&r, CheckId::CheckpointCosignatures),
        Status::NotChecked
    );
    assert_eq!(status(&r, CheckId::CheckpointTimestamp), Status::NotChecked);
}

#[test]
fn another_format_version_is_reported_and_nothing_else_is_trusted() {
    let r = tampered(|m| edit_manifest(m, |v| v["format"] = "sanxiang-archive/v2".into()));
    assert_fails(&r, CheckId::ManifestFormat, "sanxiang-archive/v2");
    for id in [CheckId::ChainContinuous, CheckId::FilesMatch] {
        assert_eq!(status(&r, id), Status::NotChecked);
    }
}

#[test]
fn a_manifest_that_is_not_first_is_reported() {
    let r = tampered(|m| m.swap(0, 1));
    assert_fails(&r, CheckId::ManifestParse, "not manifest.json");
}

#[test]
fn a_malformed_manifest_names_the_field() {
    let r = tampered(|m| edit_manifest(m, |v| v["entries"][0]["leaf_hash"] = "zz".into()));
    assert_fails(&r, CheckId::ManifestParse, "entries[0].leaf_hash");
}

#[test]
fn the_caller_can_require_a_known_chain_head() {
    let policy = VerifyPolicy {
        expected_chain_head: Some(Hash([7; 32])),
        ..trusted_policy()
    };
    let r = verify_bytes(&good_package(), &policy);
    assert_fails(&r, CheckId::ChainHead, "the caller expects");
}

#[test]
fn other_log_keys_in_the_package_are_shown_when_the_caller_gives_the_real_one() {
    let forged = write_spec(&build_with(&case_entries(), sm2_pair(ORIGIN, 99)).spec);
    let r = verify_bytes(&forged, &trusted_policy());
    let anchors = r.get(CheckId::TrustAnchors).unwrap();
    let forger = format!("{:08x}", sm2_pair(ORIGIN, 99).1.key_id());
    assert!(
        anchors
            .details
            .iter()
            .any(|d| d.contains("not trusted") && d.contains(&forger)),
        "{r}"
    );
}

/// A package whose member `name` claims `size` bytes but holds only a few.
fn with_oversized_member(name: &str, size: u64) -> Vec<u8> {
    let mut m = members(&good_package());
    let i = m.iter().position(|(n, _)| n == name).unwrap();
    let before = repack(&m[..i]);
    // `repack` ends with two zero blocks; drop them and append the lying header.
    let mut bytes = before[..before.len() - 1024].to_vec();
    let mut h = tar::Header::new_ustar();
    h.set_path(name).unwrap();
    h.set_size(size);
    h.set_mode(0o644);
    h.set_entry_type(tar::EntryType::Regular);
    h.set_cksum();
    bytes.extend_from_slice(h.as_bytes());
    bytes.extend_from_slice(&m.remove(i).1);
    bytes
}

#[test]
fn an_entry_member_claiming_too_many_bytes_is_refused_before_reading() {
    let r = verify_bytes(
        &with_oversized_member("entries/000002.bin", 1 << 40),
        &trusted_policy(),
    );
    assert_fails(
        &r,
        CheckId::ArchiveRead,
        "entries/000002.bin: 1099511627776 bytes, more than",
    );
}

#[test]
fn a_file_member_claiming_20_gb_but_cut_short_is_reported_truncated() {
    let (photo, _) = file_names();
    let r = verify_bytes(
        &with_oversized_member(&photo, 20_000_000_000),
        &trusted_policy(),
    );
    assert_fails(
        &r,
        CheckId::ArchiveRead,
        &format!("{photo}: truncated, 22 of 20000000000 bytes"),
    );
    assert_fails(&r, CheckId::FilesMatch, "missing");
}

#[test]
fn a_relabelled_file_kind_is_reported() {
    let r = tampered(|m| edit_manifest(m, |v| v["files"][1]["kind"] = "photo".into()));
    assert_fails(&r, CheckId::FilesMatch, "act 2 attaches it as \"video\"");
}

#[test]
fn data_hidden_after_the_end_of_the_archive_is_reported() {
    let mut bytes = good_package();
    bytes.extend_from_slice(&[0; 512]);
    assert!(verify_bytes(&bytes, &trusted_policy()).all_hold());
    bytes.extend_from_slice(b"hidden");
    let r = verify_bytes(&bytes, &trusted_policy());
    assert_fails(
        &r,
        CheckId::ArchiveRead,
        "data after the end of the archive",
    );
}

#[test]
fn a_package_from_an_ed25519_log_verifies_with_that_key() {
    let log = ed25519_pair(ORIGIN, 3);
    let key = log.1.clone();
    let bytes = write_spec(&build_with(&case_entries(), log).spec);
    let policy = VerifyPolicy {
        log_keys: vec![key],
        ..VerifyPolicy::default()
    };
    assert!(verify_bytes(&bytes, &policy).all_hold());
    assert_fails(
        &verify_bytes(&bytes, &trusted_policy()),
        CheckId::CheckpointSignature,
        "no signature from a known key",
    );
}

#[test]
fn the_report_serializes_with_stable_ids_and_statuses() {
    let r = tampered(|m| m.retain(|(n, _)| n != "entries/000002.bin"));
    let json = serde_json::to_value(&r).unwrap();
    let checks = json["checks"].as_array().unwrap();
    assert_eq!(checks.len(), CheckId::ALL.len());
    assert_eq!(checks[0]["id"], "archive.read");
    assert_eq!(checks[0]["status"], "holds");
    let decode = checks.iter().find(|c| c["id"] == "entries.decode").unwrap();
    assert_eq!(decode["status"], "fails");
    assert!(decode["description"].as_str().unwrap().contains(" / "));
    assert_eq!(decode["details"][0], "act 2 (entries/000002.bin): missing");
}

#[test]
fn a_sha256_log_package_verifies_and_a_hash_mismatch_with_the_checkpoint_is_reported() {
    let sha = HashAlg::Sha256;
    let spec = build_with_alg(&case_entries_with(sha), log_pair(), sha).spec;
    let bytes = write_spec(&spec);
    let r = verify_bytes(&bytes, &trusted_policy());
    assert!(r.all_hold(), "{r}");
    assert!(
        members(&bytes)[0]
            .1
            .starts_with(b"{\n  \"format\": \"sanxiang-archive/v1\",\n  \"hash\": \"sha256\"")
    );

    let mut m = members(&bytes);
    edit_manifest(&mut m, |v| v["hash"] = "sm3".into());
    let r = verify_bytes(&repack(&m), &trusted_policy());
    assert_fails(
        &r,
        CheckId::CheckpointSignature,
        "hash sha256 in the checkpoint, sm3 in the manifest",
    );
    assert_fails(&r, CheckId::EntriesDecode, "leaf hash");
}
