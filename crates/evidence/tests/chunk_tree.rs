#![allow(clippy::unwrap_used)]
//! The chunk tree against an independent computation (sha2 and sm3 used directly, RFC 6962
//! recursion written out here) and against fixed vectors computed with Python's hashlib
//! (the reference code in docs/evidence.md).

use sanxiang_evidence::chunk::{
    CHUNK_LEN, chunk_count, chunk_proof, digest_bytes, digest_reader, verify_chunk,
};
use sha2::Sha256;
use sm3::{Digest, Sm3};

fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i % 251) as u8).collect()
}

fn sm3(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sm3::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// RFC 6962 MTH written independently of the ledger crate.
fn mth(leaves: &[[u8; 32]]) -> [u8; 32] {
    match leaves.len() {
        0 => sm3(&[]),
        1 => leaves[0],
        n => {
            let mut k = 1;
            while k * 2 < n {
                k *= 2;
            }
            sm3(&[&[1], &mth(&leaves[..k]), &mth(&leaves[k..])])
        }
    }
}

/// (sm3, sha256, chunk root, chunk count) computed independently.
fn independent(data: &[u8]) -> ([u8; 32], [u8; 32], [u8; 32], u64) {
    let leaves: Vec<[u8; 32]> = data
        .chunks(4 * 1024 * 1024)
        .map(|c| sm3(&[&[0], c]))
        .collect();
    let sha: [u8; 32] = Sha256::digest(data).into();
    (sm3(&[data]), sha, mth(&leaves), leaves.len() as u64)
}

/// name, size, sm3, sha256, chunk root, chunks — from the Python reference implementation.
const VECTORS: &[(&str, usize, &str, &str, &str, u64)] = &[
    (
        "empty",
        0,
        "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b",
        0,
    ),
    (
        "4 MiB",
        4 * 1024 * 1024,
        "27c5dc094f725af28bcdc5686214b17762aeb2ea378809fd7cca68b3b997a291",
        "a117210941a0b00dcb2d8577e680d84b6fa0eaf760d2afc654c953b9859d54fa",
        "24be41c1432e0986765e7b1942fc5e5d39237cb29125528bd2b5882d15968e62",
        1,
    ),
    (
        "4 MiB + 1",
        4 * 1024 * 1024 + 1,
        "fe8a340388f737cb8abb3d238ff302a520d69697714b422a45d96f589df6d7b0",
        "f4711f6bc42a8dc6520e30e306743855a82c7bdecd6e7d3edfb04b6f4524f7bd",
        "5c713d31bd253903cca48d3bfaa972aaeaf5e0561ee851afa490e3c57ea6917b",
        2,
    ),
    (
        "3 chunks (8 MiB + 100)",
        8 * 1024 * 1024 + 100,
        "eefa2efc0d143356da6299ddd228cbad1cd71d2922a66c102c5421dfe1555749",
        "7bc2c16e0155e367a21bed35000c6536a8515e3ffe9ffd2deb8d99b0493fdd0f",
        "11f05f5ee3913f396d51ada17489431309557f9b57fd26a4546895d18126ad50",
        3,
    ),
];

#[test]
fn vectors_match_python_reference_and_independent_computation() {
    for &(name, size, sm3_hex, sha_hex, root_hex, chunks) in VECTORS {
        let data = pattern(size);
        let (d, hashes) = digest_bytes(&data);
        assert_eq!(d.size, size as u64, "{name}");
        assert_eq!(d.sm3.to_hex(), sm3_hex, "{name}: sm3");
        assert_eq!(d.sha256.to_hex(), sha_hex, "{name}: sha256");
        assert_eq!(d.chunk_root.to_hex(), root_hex, "{name}: chunk root");
        assert_eq!(d.chunk_count, chunks, "{name}: chunk count");
        assert_eq!(hashes.len() as u64, chunks, "{name}");
        let (i_sm3, i_sha, i_root, i_chunks) = independent(&data);
        assert_eq!(d.sm3.0, i_sm3, "{name}");
        assert_eq!(d.sha256.0, i_sha, "{name}");
        assert_eq!(d.chunk_root.0, i_root, "{name}");
        assert_eq!(d.chunk_count, i_chunks, "{name}");
    }
}

#[test]
fn one_byte_file_root_is_its_single_leaf_hash() {
    let (d, hashes) = digest_bytes(b"a");
    // SM3(0x00 ‖ "a"), from Python hashlib.
    let leaf = "c688f41bcd570f9651ccb215058a545f66f52ab4eac2968896e1637af9443d8c";
    assert_eq!(d.chunk_root.to_hex(), leaf);
    assert_eq!(hashes[0].to_hex(), leaf);
    assert_eq!(
        d.sm3.to_hex(),
        "623476ac18f65a2909e43c7fec61b49c7e764a91a18ccb82f1917a29c86c5e88"
    );
    assert_eq!(
        d.sha256.to_hex(),
        "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
    );
    assert_eq!(d.chunk_count, 1);
}

#[test]
fn chunk_boundaries_and_counts() {
    let c = CHUNK_LEN as u64;
    assert_eq!(chunk_count(0), 0);
    assert_eq!(chunk_count(1), 1);
    assert_eq!(chunk_count(c), 1);
    assert_eq!(chunk_count(c + 1), 2);
    assert_eq!(chunk_count(3 * c), 3);
}

#[test]
fn streaming_reader_matches_in_memory_for_any_batch_size() {
    let data = pattern(3 * CHUNK_LEN + 12345);
    let (expected, hashes) = digest_bytes(&data);
    for batch in [1, 2, 3, 8] {
        let (d, h) = digest_reader(&data[..], batch).unwrap();
        assert_eq!(d, expected, "batch {batch}");
        assert_eq!(h, hashes, "batch {batch}");
    }
}

#[test]
fn every_chunk_verifies_by_inclusion_proof_and_a_changed_chunk_does_not() {
    let data = pattern(4 * CHUNK_LEN + 7);
    let (d, hashes) = digest_bytes(&data);
    for (i, chunk) in data.chunks(CHUNK_LEN).enumerate() {
        let proof = chunk_proof(&hashes, i as u64).unwrap();
        verify_chunk(chunk, i as u64, d.chunk_count, &proof, &d.chunk_root).unwrap();
        let mut bad = chunk.to_vec();
        bad[0] ^= 1;
        assert!(verify_chunk(&bad, i as u64, d.chunk_count, &proof, &d.chunk_root).is_err());
    }
    assert!(chunk_proof(&hashes, 5).is_err());
}
