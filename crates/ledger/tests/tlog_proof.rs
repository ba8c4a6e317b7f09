//! C2SP tlog-proof files (LOG-3): written by the log, verified offline with the log's key.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use rand_core::UnwrapErr;
use sanxiang_ledger::checkpoint::Checkpoint;
use sanxiang_ledger::hash::{Hash, HashAlg, leaf_hash};
use sanxiang_ledger::note::{self, Signer, Verifier};
use sanxiang_ledger::tlog_proof::{HEADER, TlogProof, TlogProofError};
use sanxiang_ledger::{proof, tree};

fn keys(name: &str) -> (Signer, Verifier) {
    let mut rng = UnwrapErr(getrandom::SysRng);
    let (s, v) = note::generate_sm2(name, &mut rng).unwrap();
    (
        Signer::from_key_string(&s).unwrap(),
        Verifier::from_key_string(&v).unwrap(),
    )
}

fn entries(n: usize) -> Vec<Vec<u8>> {
    (0..n).map(|i| format!("entry {i}").into_bytes()).collect()
}

/// A proof file for entry `index` of a log of `n` entries, signed by `signer`.
fn proof_file(signer: &Signer, n: usize, index: usize) -> (TlogProof, Vec<Vec<u8>>) {
    let data = entries(n);
    let leaves: Vec<Hash> = data.iter().map(|e| leaf_hash(HashAlg::Sm3, e)).collect();
    let root = tree::root(HashAlg::Sm3, &leaves);
    let cp = Checkpoint::new("sanxiang.test/log", n as u64, root.0, HashAlg::Sm3);
    let note = cp.sign(std::slice::from_ref(signer)).unwrap();
    let p = proof::inclusion_proof(HashAlg::Sm3, &leaves, index as u64, n as u64).unwrap();
    (
        TlogProof {
            extra: Some(data[index].clone()),
            index: index as u64,
            proof: p,
            checkpoint: note,
        },
        data,
    )
}

#[test]
fn log3_proof_file_round_trips_and_verifies_with_the_log_key() {
    let (s, v) = keys("sanxiang.test/log");
    for (n, i) in [(1, 0), (2, 1), (7, 3), (37, 36), (64, 0)] {
        let (p, data) = proof_file(&s, n, i);
        let text = p.to_text();
        assert!(text.starts_with(&format!("{HEADER}\nextra ")));
        let back = TlogProof::parse(text.as_bytes()).unwrap();
        assert_eq!(back, p);
        let ok = back
            .verify(None, &v, &[], Some("sanxiang.test/log"))
            .unwrap();
        assert_eq!(ok.checkpoint.size, n as u64);
        assert_eq!(ok.leaf_hash, leaf_hash(HashAlg::Sm3, &data[i]));
        // The entry given separately must be the same one.
        back.verify(Some(&data[i]), &v, &[], None).unwrap();
        if n > 1 {
            let other = &data[(i + 1) % n];
            assert!(matches!(
                back.verify(Some(other), &v, &[], None),
                Err(TlogProofError::Proof(_))
            ));
        }
    }
}

#[test]
fn log3_proof_file_without_extra_needs_the_entry() {
    let (s, v) = keys("sanxiang.test/log");
    let (mut p, data) = proof_file(&s, 5, 2);
    p.extra = None;
    let back = TlogProof::parse(p.to_text().as_bytes()).unwrap();
    assert_eq!(back.extra, None);
    assert_eq!(
        back.verify(None, &v, &[], None),
        Err(TlogProofError::NoEntry)
    );
    back.verify(Some(&data[2]), &v, &[], None).unwrap();
}

#[test]
fn log3_proof_signed_by_another_key_or_origin_is_rejected() {
    let (s, _) = keys("sanxiang.test/log");
    let (_, other) = keys("sanxiang.test/log");
    let (p, _) = proof_file(&s, 9, 4);
    assert!(matches!(
        p.verify(None, &other, &[], None),
        Err(TlogProofError::Checkpoint(_))
    ));
    let (s2, v2) = keys("sanxiang.test/log");
    let (p2, _) = proof_file(&s2, 9, 4);
    assert!(matches!(
        p2.verify(None, &v2, &[], Some("another.origin/log")),
        Err(TlogProofError::WrongOrigin { .. })
    ));
}

#[test]
fn log3_every_changed_hash_index_or_extra_is_rejected() {
    let (s, v) = keys("sanxiang.test/log");
    let (p, _) = proof_file(&s, 13, 6);
    for k in 0..p.proof.len() {
        for bit in [0u8, 7] {
            let mut q = p.clone();
            q.proof[k].0[(k * 5) % 32] ^= 1 << bit;
            assert!(q.verify(None, &v, &[], None).is_err(), "hash {k}");
        }
    }
    for index in [5u64, 7, 12, 13, 100] {
        let mut q = p.clone();
        q.index = index;
        assert!(q.verify(None, &v, &[], None).is_err(), "index {index}");
    }
    let mut q = p.clone();
    q.extra.as_mut().unwrap().push(b'!');
    assert!(q.verify(None, &v, &[], None).is_err());
    let mut q = p.clone();
    q.proof.pop();
    assert!(q.verify(None, &v, &[], None).is_err());
    // One byte of the checkpoint's root changed: the signature no longer holds.
    let mut q = p.clone();
    let lines: Vec<&str> = q.checkpoint.split('\n').collect();
    let mut root = lines[2].to_owned();
    root.replace_range(0..1, if root.starts_with('A') { "B" } else { "A" });
    q.checkpoint = q.checkpoint.replacen(lines[2], &root, 1);
    assert!(matches!(
        q.verify(None, &v, &[], None),
        Err(TlogProofError::Checkpoint(_))
    ));
}

#[test]
fn log3_malformed_proof_files_are_rejected_with_the_line() {
    let (s, _) = keys("sanxiang.test/log");
    let (p, _) = proof_file(&s, 4, 1);
    let good = p.to_text();
    let cases: Vec<(String, TlogProofError)> = vec![
        (
            good.replacen(HEADER, "c2sp.org/tlog-proof@v2", 1),
            TlogProofError::BadHeader,
        ),
        (
            good.replacen("index 1", "index 01", 1),
            TlogProofError::BadIndex { line: 3 },
        ),
        (
            good.replacen("index 1", "index -1", 1),
            TlogProofError::BadIndex { line: 3 },
        ),
        (
            good.replacen("index 1", "index 99999999999999999999", 1),
            TlogProofError::BadIndex { line: 3 },
        ),
        (
            good.replacen("extra ", "extra !", 1),
            TlogProofError::BadExtra { line: 2 },
        ),
        (
            good.replacen("index 1\n", "index 1\nAAAA\n", 1),
            TlogProofError::BadHash { line: 4 },
        ),
        (
            good.split("\n\n").next().unwrap().to_owned(),
            TlogProofError::MissingCheckpoint,
        ),
        (String::new(), TlogProofError::BadHeader),
    ];
    for (text, want) in cases {
        assert_eq!(TlogProof::parse(text.as_bytes()), Err(want), "{text:?}");
    }
    assert_eq!(
        TlogProof::parse(&[0xff, 0xfe]),
        Err(TlogProofError::NotUtf8)
    );
}

#[test]
fn log3_standard_example_from_the_spec_parses() {
    // The example of c2sp.org/tlog-proof with its signature lines shortened to valid base64.
    let text = "c2sp.org/tlog-proof@v1\nextra YWdlLXYxLjIuMQ==\nindex 73894\ngSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=\nB95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=\n\nexample.com/fancylog\n109482\nsFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=\n\n\u{2014} example.com/fancylog hI2DJwAAAA==\n";
    let p = TlogProof::parse(text.as_bytes()).unwrap();
    assert_eq!(p.index, 73894);
    assert_eq!(p.extra.as_deref(), Some(&b"age-v1.2.1"[..]));
    assert_eq!(p.proof.len(), 2);
    assert!(p.checkpoint.starts_with("example.com/fancylog\n109482\n"));
    assert_eq!(p.to_text(), text);
}

proptest! {
    #[test]
    fn log3_proof_parser_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = TlogProof::parse(&bytes);
    }

    #[test]
    fn log3_proof_parser_never_panics_on_near_valid_text(
        cut in 0usize..400, junk in "[a-z0-9+/=\\n ]{0,40}"
    ) {
        let text = format!("{HEADER}\nindex 3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\nlog\n4\nAAAA\n");
        let cut = cut.min(text.len());
        let mutated = format!("{}{junk}{}", &text[..cut], &text[cut..]);
        let _ = TlogProof::parse(mutated.as_bytes());
    }
}
