//! The tlog-witness `add-checkpoint` request body: encoding, parsing, precise errors.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use sanxiang_ledger::hash::{Hash, HashAlg, leaf_hash};
use sanxiang_ledger::witness::{AddCheckpointRequest, MAX_PROOF_LINES, RequestError};

const NOTE: &[u8] = b"example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n\xe2\x80\x94 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n";

fn hashes(n: usize) -> Vec<Hash> {
    (0..n)
        .map(|i| leaf_hash(HashAlg::Sha256, &[i as u8]))
        .collect()
}

#[test]
fn the_spec_example_parses() {
    let body = [
        b"old 20852014\n".as_slice(),
        b"PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n",
        b"jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n",
        b"5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n",
        b"/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n",
        b"\n",
        NOTE,
    ]
    .concat();
    let req = AddCheckpointRequest::parse(&body).unwrap();
    assert_eq!(req.old_size, 20852014);
    assert_eq!(req.proof.len(), 4);
    assert_eq!(
        req.proof[0].to_hex(),
        "3e544d0abc07a6a846aeea6e7b42fb8316e36cc88a03db5e9afb996430e991ac"
    );
    assert_eq!(req.checkpoint, NOTE);
    assert_eq!(req.encode(), body);
}

#[test]
fn old_size_zero_and_no_proof() {
    let body = [b"old 0\n\n".as_slice(), NOTE].concat();
    let req = AddCheckpointRequest::parse(&body).unwrap();
    assert_eq!(req.old_size, 0);
    assert!(req.proof.is_empty());
}

#[test]
fn errors_name_the_line_and_the_problem() {
    let cases: Vec<(&[u8], RequestError)> = vec![
        (b"", RequestError::MissingNewline { line: 1 }),
        (b"old 5", RequestError::MissingNewline { line: 1 }),
        (b"new 5\n\nx\n", RequestError::MissingOldLine),
        (b"old  5\n\nx\n", RequestError::OldSizeNotDecimal),
        (b"old -5\n\nx\n", RequestError::OldSizeNotDecimal),
        (b"old \n\nx\n", RequestError::OldSizeNotDecimal),
        (b"old 05\n\nx\n", RequestError::OldSizeLeadingZero),
        (b"old 00\n\nx\n", RequestError::OldSizeLeadingZero),
        (
            b"old 18446744073709551616\n\nx\n",
            RequestError::OldSizeOverflow,
        ),
        (b"old 5\r\n\nx\n", RequestError::OldSizeNotDecimal),
        (
            b"old 5\nAAAA\n\nx\n",
            RequestError::BadProofLine { line: 2 },
        ),
        (
            b"old 5\nPlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n!!\n\nx\n",
            RequestError::BadProofLine { line: 3 },
        ),
        (
            b"old 5\nPlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=",
            RequestError::MissingNewline { line: 2 },
        ),
        (b"old 5\n\n", RequestError::MissingCheckpoint),
    ];
    for (body, want) in cases {
        assert_eq!(
            AddCheckpointRequest::parse(body),
            Err(want.clone()),
            "{}",
            String::from_utf8_lossy(body)
        );
        assert!(!want.to_string().is_empty());
    }
    assert_eq!(
        RequestError::BadProofLine { line: 3 }.to_string(),
        "line 3: proof hash is not 32 bytes of base64"
    );
}

#[test]
fn at_most_63_proof_lines() {
    let ok = AddCheckpointRequest {
        old_size: 1,
        proof: hashes(MAX_PROOF_LINES),
        checkpoint: NOTE.to_vec(),
    };
    assert_eq!(AddCheckpointRequest::parse(&ok.encode()).unwrap(), ok);
    let too_many = AddCheckpointRequest {
        proof: hashes(MAX_PROOF_LINES + 1),
        ..ok
    };
    assert_eq!(
        AddCheckpointRequest::parse(&too_many.encode()),
        Err(RequestError::TooManyProofLines)
    );
}

proptest! {
    #[test]
    fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = AddCheckpointRequest::parse(&bytes);
        let mut prefixed = b"old 3\n".to_vec();
        prefixed.extend_from_slice(&bytes);
        let _ = AddCheckpointRequest::parse(&prefixed);
    }

    #[test]
    fn encode_parse_round_trips(
        old_size in any::<u64>(),
        proof in proptest::collection::vec(any::<[u8; 32]>(), 0..=MAX_PROOF_LINES),
        checkpoint in proptest::collection::vec(any::<u8>(), 1..200),
    ) {
        let req = AddCheckpointRequest {
            old_size,
            proof: proof.into_iter().map(Hash).collect(),
            checkpoint,
        };
        prop_assert_eq!(AddCheckpointRequest::parse(&req.encode()), Ok(req));
    }
}
