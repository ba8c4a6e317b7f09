//! The package writer streams files, hashes them on the way, and refuses anything that would
//! not verify.
#![allow(clippy::unwrap_used)]

mod package_support;

use std::io::{self, Read};

use package_support::*;
use sanxiang_ledger::entry::{Attachment, Entry};
use sanxiang_ledger::hash::{Hash, HashAlg};
use sanxiang_ledger::package::{PackageError, PackageWriter, Status};

/// `len` bytes of a fixed pattern, produced on the fly (never in memory as a whole).
struct Pattern {
    pos: u64,
    len: u64,
}

impl Read for Pattern {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = (self.len - self.pos).min(buf.len() as u64) as usize;
        for (i, b) in buf[..n].iter_mut().enumerate() {
            *b = ((self.pos + i as u64) % 253) as u8;
        }
        self.pos += n as u64;
        Ok(n)
    }
}

fn first_file(w: &PackageWriter<Vec<u8>>) -> (Hash, u64) {
    let f = w.next_file().unwrap();
    (f.sm3, f.size)
}

#[test]
fn a_file_whose_content_differs_from_the_acts_is_refused() {
    let spec = build().spec;
    let mut w = PackageWriter::new(Vec::new(), &spec).unwrap();
    let (sm3, size) = first_file(&w);
    let wrong = vec![b'x'; size as usize];
    let err = w.add_file(&sm3, size, wrong.as_slice()).unwrap_err();
    assert!(matches!(err, PackageError::FileDigest(_)), "{err}");
    // The archive is now invalid: the writer refuses to go on.
    assert!(matches!(
        w.add_file(&sm3, size, wrong.as_slice()),
        Err(PackageError::Poisoned)
    ));
    assert!(matches!(w.finish(), Err(PackageError::Poisoned)));
}

#[test]
fn short_and_long_files_and_wrong_declared_sizes_are_refused() {
    let spec = build().spec;
    let photo = &file_contents()[0].1;

    let mut w = PackageWriter::new(Vec::new(), &spec).unwrap();
    let (sm3, size) = first_file(&w);
    let err = w.add_file(&sm3, size, &photo[..5]).unwrap_err();
    assert!(
        matches!(&err, PackageError::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof),
        "{err}"
    );

    let mut w = PackageWriter::new(Vec::new(), &spec).unwrap();
    let mut longer = photo.clone();
    longer.push(0);
    let err = w.add_file(&sm3, size, longer.as_slice()).unwrap_err();
    assert!(matches!(err, PackageError::FileTooLong { .. }), "{err}");

    let mut w = PackageWriter::new(Vec::new(), &spec).unwrap();
    let err = w.add_file(&sm3, size + 1, photo.as_slice()).unwrap_err();
    assert!(matches!(err, PackageError::DeclaredSize { .. }), "{err}");
}

#[test]
fn files_must_come_in_manifest_order_and_all_of_them() {
    let spec = build().spec;
    let video = &file_contents()[1].1;
    let mut w = PackageWriter::new(Vec::new(), &spec).unwrap();
    let err = w
        .add_file(
            &HashAlg::Sm3.digest(video),
            video.len() as u64,
            video.as_slice(),
        )
        .unwrap_err();
    assert!(matches!(err, PackageError::UnexpectedFile { .. }), "{err}");
    let err = w.finish().unwrap_err();
    assert!(
        matches!(err, PackageError::MissingFiles { missing: 2, .. }),
        "{err}"
    );
}

#[test]
fn the_writer_refuses_a_broken_chain_a_bad_proof_and_a_foreign_log_key() {
    let good = build().spec;

    let mut spec = good.clone();
    spec.entries.remove(1);
    let err = PackageWriter::new(Vec::new(), &spec).err().unwrap();
    assert!(matches!(err, PackageError::Chain(_)), "{err}");

    let mut spec = good.clone();
    spec.entries[2].proof[0].0[0] ^= 1;
    let err = PackageWriter::new(Vec::new(), &spec).err().unwrap();
    assert!(
        matches!(err, PackageError::Inclusion { seq: 3, .. }),
        "{err}"
    );

    let mut spec = good.clone();
    spec.log_keys = vec![sm2_pair(ORIGIN, 99).1];
    let err = PackageWriter::new(Vec::new(), &spec).err().unwrap();
    assert!(matches!(err, PackageError::LogSignature(_)), "{err}");

    let mut spec = good;
    spec.witness_quorum = 2;
    let err = PackageWriter::new(Vec::new(), &spec).err().unwrap();
    assert!(matches!(err, PackageError::Quorum { .. }), "{err}");
}

#[test]
fn a_large_file_streams_through_writer_and_verifier() {
    let len: u64 = 24 << 20;
    let digest = {
        let mut sm3 = sm3::Sm3::default();
        let mut sha = sha2::Sha256::default();
        let mut p = Pattern { pos: 0, len };
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = p.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            sm3::Digest::update(&mut sm3, &buf[..n]);
            sha2::Digest::update(&mut sha, &buf[..n]);
        }
        (
            Hash::from_slice(&sm3::Digest::finalize(sm3)).unwrap(),
            Hash::from_slice(&sha2::Digest::finalize(sha)).unwrap(),
        )
    };
    let mut entries = case_entries();
    let video = Attachment {
        kind: "video".to_owned(),
        sm3: digest.0,
        sha256: digest.1,
        chunk_root: None,
        size: len,
        device_serial: None,
    };
    // Re-link the chain after giving act 3 the large video.
    entries[2].attachments = vec![video];
    let entries: Vec<Entry> = relink(entries);
    let built = build_with(&entries, log_pair());
    let files = file_contents();
    let mut w = PackageWriter::new(Vec::new(), &built.spec).unwrap();
    while let Some(next) = w.next_file().cloned() {
        if next.sm3 == digest.0 {
            w.add_file(&next.sm3, len, Pattern { pos: 0, len }).unwrap();
        } else {
            let data = &files
                .iter()
                .find(|(_, d)| HashAlg::Sm3.digest(d) == next.sm3)
                .unwrap()
                .1;
            w.add_file(&next.sm3, data.len() as u64, data.as_slice())
                .unwrap();
        }
    }
    let bytes = w.finish().unwrap();
    assert!(bytes.len() as u64 > len);
    let r = verify_bytes(&bytes, &trusted_policy());
    assert!(r.all_hold(), "{r}");
    assert_eq!(
        r.status(sanxiang_ledger::package::CheckId::FilesMatch),
        Some(Status::Holds)
    );
}

/// Recomputes seq and prev heads so that edited acts form a chain again.
fn relink(entries: Vec<Entry>) -> Vec<Entry> {
    let mut chain = sanxiang_ledger::chain::CaseChain::new(ALG, CASE);
    entries
        .into_iter()
        .map(|mut e| {
            e.seq = chain.next_seq().unwrap();
            e.prev_head = chain.next_prev_head();
            chain.push(&e).unwrap();
            e
        })
        .collect()
}
