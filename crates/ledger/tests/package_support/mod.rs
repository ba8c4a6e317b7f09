//! Shared by the `package_*` tests: a small synthetic case (three acts, two files) in a log
//! with other cases' leaves around it, a signed and cosigned checkpoint, a test timestamp, and
//! helpers to take a package apart and put it back together.
#![allow(clippy::unwrap_used, dead_code)]

use std::io::Read;

use ed25519_dalek::rand_core::{Infallible, TryCryptoRng, TryRng};
use sanxiang_ledger::chain::CaseChain;
use sanxiang_ledger::checkpoint::Checkpoint;
use sanxiang_ledger::entry::{Attachment, Entry};
use sanxiang_ledger::hash::{Hash, HashAlg, leaf_hash};
use sanxiang_ledger::note::{self, Signer, Verifier};
use sanxiang_ledger::package::{
    ExternalChecks, Outcome, PackageEntry, PackageSpec, PackageWriter, Report, VerifyPolicy, verify,
};
use sanxiang_ledger::proof::inclusion_proof;
use sanxiang_ledger::tree;
use sha2::{Digest as _, Sha256};

/// Deterministic test RNG: SHA-256 in counter mode. Not for production keys.
pub struct TestRng(pub u64, pub u64);

impl TryRng for TestRng {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(self.try_next_u64()? as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(32) {
            let d = Sha256::new()
                .chain_update(self.0.to_le_bytes())
                .chain_update(self.1.to_le_bytes())
                .finalize();
            self.1 += 1;
            chunk.copy_from_slice(&d[..chunk.len()]);
        }
        Ok(())
    }
}

impl TryCryptoRng for TestRng {}

pub const ORIGIN: &str = "example.gov.cn/sanxiang/log";
pub const CASE: &str = "湘-2026-0001";
pub const ALG: HashAlg = HashAlg::Sm3;
pub const WITNESS: &str = "witness.sfj.example.gov.cn";
/// The test TSA's "certificate".
pub const TSA_PEM: &[u8] =
    b"-----BEGIN CERTIFICATE-----\nVEVTVCBUU0E=\n-----END CERTIFICATE-----\n";

pub fn sm2_pair(name: &str, seed: u64) -> (Signer, Verifier) {
    let (s, v) = note::generate_sm2(name, &mut TestRng(seed, 0)).unwrap();
    (s.parse().unwrap(), v.parse().unwrap())
}

pub fn ed25519_pair(name: &str, seed: u64) -> (Signer, Verifier) {
    let (s, v) = note::generate_ed25519(name, &mut TestRng(seed, 0)).unwrap();
    (s.parse().unwrap(), v.parse().unwrap())
}

pub fn attachment(kind: &str, data: &[u8]) -> Attachment {
    Attachment {
        kind: kind.to_owned(),
        sm3: HashAlg::Sm3.digest(data),
        sha256: HashAlg::Sha256.digest(data),
        chunk_root: None,
        size: data.len() as u64,
        device_serial: Some("DSJ-A8-000123".to_owned()),
    }
}

/// The photo and the video of the case.
pub fn file_contents() -> Vec<(&'static str, Vec<u8>)> {
    let photo = b"\xff\xd8\xff\xe0 not really a JPEG".to_vec();
    let video: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
    vec![("photo", photo), ("video", video)]
}

/// Three acts of [`CASE`]: filing (photo), inspection (photo and video), decision (none).
pub fn case_entries() -> Vec<Entry> {
    case_entries_with(ALG)
}

/// [`case_entries`] chained with `alg`.
pub fn case_entries_with(alg: HashAlg) -> Vec<Entry> {
    let files = file_contents();
    let photo = attachment(files[0].0, &files[0].1);
    let video = attachment(files[1].0, &files[1].1);
    let acts = [
        ("filing", vec![photo.clone()]),
        ("inspection", vec![photo, video]),
        ("decision", vec![]),
    ];
    let mut chain = CaseChain::new(alg, CASE);
    let mut out = Vec::new();
    for (act, attachments) in acts {
        let e = Entry {
            case_id: CASE.to_owned(),
            seq: chain.next_seq().unwrap(),
            prev_head: chain.next_prev_head(),
            act_type: act.to_owned(),
            actors: vec!["43010019990001".to_owned()],
            claimed_time_ms: 1_767_225_600_000 + 60_000 * chain.last_seq() as i64,
            attachments,
            payload_digest: ALG.digest(act.as_bytes()),
            signature: None,
        };
        chain.push(&e).unwrap();
        out.push(e);
    }
    out
}

/// An entry of another case, used as filler leaves and for insertion tampering.
pub fn other_case_entry(n: u64) -> Entry {
    Entry {
        case_id: "湘-2026-0999".to_owned(),
        seq: n,
        prev_head: Hash([n as u8; 32]),
        act_type: "filing".to_owned(),
        actors: vec![],
        claimed_time_ms: 0,
        attachments: vec![],
        payload_digest: Hash([0; 32]),
        signature: None,
    }
}

/// A log holding `entries` (and filler leaves around them), a checkpoint over it signed by
/// `log` and cosigned by `witness`, and the package spec for `entries`.
pub struct Built {
    pub spec: PackageSpec,
    pub log_signer: Signer,
    pub log_verifier: Verifier,
    pub witness_verifier: Verifier,
    pub leaves: Vec<Hash>,
}

/// Puts the given acts into a log at leaves 1, 3, 4, … and packages them.
pub fn build_with(entries: &[Entry], log: (Signer, Verifier)) -> Built {
    build_with_alg(entries, log, ALG)
}

/// [`build_with`] for a log hashing with `alg`.
pub fn build_with_alg(entries: &[Entry], log: (Signer, Verifier), alg: HashAlg) -> Built {
    let (witness_signer, witness_verifier) = ed25519_pair(WITNESS, 7);
    let mut leaves = Vec::new();
    let mut indices = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        leaves.push(leaf_hash(alg, &other_case_entry(i as u64 + 1).encode()));
        indices.push(leaves.len() as u64);
        leaves.push(e.leaf_hash(alg));
    }
    leaves.push(leaf_hash(alg, &other_case_entry(100).encode()));
    let size = leaves.len() as u64;
    let root = tree::root(alg, &leaves);
    let checkpoint = Checkpoint::new(ORIGIN, size, root.0, alg);
    let signed = checkpoint.sign(std::slice::from_ref(&log.0)).unwrap();
    let cosigned = note::add_signatures(signed.as_bytes(), &[witness_signer]).unwrap();
    let text = checkpoint.to_text();
    let package_entries = entries
        .iter()
        .zip(&indices)
        .map(|(e, &index)| PackageEntry {
            index,
            bytes: e.encode(),
            proof: inclusion_proof(alg, &leaves, index, size).unwrap(),
        })
        .collect();
    let spec = PackageSpec {
        entries: package_entries,
        checkpoint_note: cosigned,
        log_keys: vec![log.1.clone()],
        witness_keys: vec![witness_verifier.to_key_string()],
        witness_quorum: 1,
        tsa_certs: vec![TSA_PEM.to_vec()],
        timestamps: vec![test_token(text.as_bytes())],
    };
    Built {
        spec,
        log_signer: log.0,
        log_verifier: log.1,
        witness_verifier,
        leaves,
    }
}

pub fn log_pair() -> (Signer, Verifier) {
    sm2_pair(ORIGIN, 1)
}

pub fn build() -> Built {
    build_with(&case_entries(), log_pair())
}

/// Writes the package for `spec` with the case's files.
pub fn write_spec(spec: &PackageSpec) -> Vec<u8> {
    let files = file_contents();
    let mut w = PackageWriter::new(Vec::new(), spec).unwrap();
    while let Some(next) = w.next_file().cloned() {
        let (_, data) = files
            .iter()
            .find(|(_, d)| HashAlg::Sm3.digest(d) == next.sm3)
            .unwrap();
        w.add_file(&next.sm3, data.len() as u64, data.as_slice())
            .unwrap();
    }
    w.finish().unwrap()
}

/// The good package.
pub fn good_package() -> Vec<u8> {
    write_spec(&build().spec)
}

/// A "timestamp token" for the tests: `TST1` ‖ SHA-256 of the stamped bytes.
pub fn test_token(signed: &[u8]) -> Vec<u8> {
    let mut t = b"TST1".to_vec();
    t.extend_from_slice(&Sha256::digest(signed));
    t
}

/// Test implementation of the external checks: cosignatures are signed-note signatures by the
/// witness keys; timestamps are [`test_token`]s.
pub struct TestExternal;

impl ExternalChecks for TestExternal {
    fn cosignatures(&self, note_bytes: &[u8], witness_keys: &[String], quorum: u64) -> Outcome {
        let Ok(parsed) = note::parse(note_bytes) else {
            return Outcome::Fails("note does not parse".into());
        };
        let mut signed_by = Vec::new();
        for k in witness_keys {
            let Ok(v) = k.parse::<Verifier>() else {
                return Outcome::Fails(format!("bad witness key {k}"));
            };
            if parsed.signatures.iter().any(|s| {
                s.name == v.name()
                    && s.key_id == v.key_id()
                    && v.verify(parsed.text.as_bytes(), &s.signature)
            }) {
                signed_by.push(v.name().to_owned());
            }
        }
        if signed_by.len() as u64 >= quorum {
            Outcome::Holds(format!(
                "{} of {quorum}: {}",
                signed_by.len(),
                signed_by.join(",")
            ))
        } else {
            Outcome::Fails(format!(
                "{} of {quorum} witnesses cosigned",
                signed_by.len()
            ))
        }
    }

    fn timestamp(&self, token: &[u8], signed: &[u8], tsa_certs: &[Vec<u8>]) -> Outcome {
        if tsa_certs.is_empty() {
            return Outcome::NotChecked("no TSA certificate".into());
        }
        if tsa_certs != [TSA_PEM] {
            return Outcome::Fails("not the test TSA".into());
        }
        if token == test_token(signed) {
            Outcome::Holds("test token matches".into())
        } else {
            Outcome::Fails("test token does not match the checkpoint".into())
        }
    }
}

/// The policy a careful verifier uses: the real log key.
pub fn trusted_policy() -> VerifyPolicy {
    VerifyPolicy {
        log_keys: vec![log_pair().1],
        ..VerifyPolicy::default()
    }
}

pub fn verify_bytes(bytes: &[u8], policy: &VerifyPolicy) -> Report {
    verify(bytes, policy, &TestExternal)
}

/// The members of a package, in order.
pub fn members(tar_bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = tar::Archive::new(tar_bytes);
    let mut out = Vec::new();
    for m in archive.entries().unwrap() {
        let mut m = m.unwrap();
        let name = m.path().unwrap().to_str().unwrap().to_owned();
        let mut data = Vec::new();
        m.read_to_end(&mut data).unwrap();
        out.push((name, data));
    }
    out
}

/// A package with exactly these members, in this order.
pub fn repack(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in members {
        let mut h = tar::Header::new_ustar();
        h.set_path(name).unwrap();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_entry_type(tar::EntryType::Regular);
        h.set_cksum();
        b.append(&h, data.as_slice()).unwrap();
    }
    b.into_inner().unwrap()
}

pub fn member<'a>(members: &'a mut [(String, Vec<u8>)], name: &str) -> &'a mut Vec<u8> {
    &mut members.iter_mut().find(|(n, _)| n == name).unwrap().1
}

/// Edits `manifest.json` as JSON.
pub fn edit_manifest(members: &mut [(String, Vec<u8>)], f: impl FnOnce(&mut serde_json::Value)) {
    let m = member(members, "manifest.json");
    let mut v: serde_json::Value = serde_json::from_slice(m).unwrap();
    f(&mut v);
    *m = serde_json::to_vec_pretty(&v).unwrap();
}
