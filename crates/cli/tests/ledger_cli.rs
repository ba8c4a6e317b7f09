//! The ledger from the command line: proof files exported and verified offline (LOG-3), and
//! appends that survive `kill -9` (LOG-1).
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One data directory shared by the commands of a test.
struct Sx {
    dir: PathBuf,
}

impl Sx {
    fn new(name: &str) -> Sx {
        let dir =
            std::env::temp_dir().join(format!("sanxiang-ledger-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Sx { dir }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sanxiang"));
        c.args(args)
            .current_dir(&self.dir)
            .env_remove("SANXIANG_DATABASE_URL")
            .env("SANXIANG_DATA_DIR", self.dir.join("data"));
        c
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.command(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn ok(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(code, 0, "sanxiang {args:?}\n{out}\n{err}");
        out
    }

    fn path(&self, p: &str) -> String {
        self.dir.join(p).display().to_string()
    }

    fn log_key(&self) -> String {
        self.path("data/ledger/sanxiang.local_log.sm2.vkey")
    }
}

#[test]
fn log3_exported_proof_verifies_offline_and_a_changed_entry_does_not() {
    let sx = Sx::new("proof");
    sx.ok(&["bench", "ledger", "--entries", "50", "--batch", "7"]);
    let note = sx.ok(&["ledger", "checkpoint"]);
    assert!(note.starts_with("sanxiang.local/log\n50\n"), "{note}");
    let file = sx.path("e17.tlog-proof");
    sx.ok(&["ledger", "export-proof", "17", "--out", &file]);
    let out = sx.ok(&["ledger", "verify-proof", &file, "--key", &sx.log_key()]);
    assert!(out.starts_with("成立 / holds: 第17条记录"), "{out}");
    assert!(out.contains("案件 BENCH-0 第18项 inspection"), "{out}");
    // The entry given separately must be the logged one.
    let other = sx.path("other.bin");
    std::fs::write(&other, b"not the entry").unwrap();
    let (code, out, _) = sx.run(&[
        "ledger",
        "verify-proof",
        &file,
        "--key",
        &sx.log_key(),
        "--entry",
        &other,
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("不成立 / does not hold: inclusion proof does not verify"),
        "{out}"
    );
    // Another log's key: the checkpoint signature does not hold.
    let keys = sx.path("keys");
    std::fs::create_dir_all(&keys).unwrap();
    sx.ok(&[
        "ledger",
        "keygen",
        "--name",
        "sanxiang.local/log",
        "--dir",
        &keys,
    ]);
    let (code, out, _) = sx.run(&[
        "ledger",
        "verify-proof",
        &file,
        "--key",
        &format!("{keys}/sanxiang.local_log.sm2.vkey"),
    ]);
    assert_eq!(code, 1, "{out}");
    // An entry beyond the latest checkpoint has no proof yet.
    sx.ok(&["bench", "ledger", "--entries", "3", "--batch", "3"]);
    let (code, _, err) = sx.run(&["ledger", "export-proof", "51"]);
    assert_eq!(code, 1);
    assert!(err.contains("尚无检查点覆盖"), "{err}");
}

fn acked(line: &str) -> Option<(u64, String)> {
    let mut p = line.strip_prefix("ack ")?.split(' ');
    Some((p.next()?.parse().ok()?, p.next()?.to_owned()))
}

/// Runs a heavy append load with checkpoints and kills it with SIGKILL after `after`;
/// returns the acknowledged (position, leaf hash) pairs.
fn append_then_kill(sx: &Sx, after: Duration) -> Vec<(u64, String)> {
    let mut child = sx
        .command(&[
            "bench",
            "ledger",
            "--entries",
            "100000000",
            "--batch",
            "1",
            "--writers",
            "32",
            "--checkpoints",
            "--acks",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut acks = Vec::new();
    let start = Instant::now();
    while start.elapsed() < after {
        match lines.next() {
            Some(Ok(l)) => acks.extend(acked(&l)),
            _ => break,
        }
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    // Acknowledgements already written to the pipe count too.
    acks.extend(lines.map_while(Result::ok).filter_map(|l| acked(&l)));
    acks
}

fn verify_entry(sx: &Sx, index: u64, leaf: &str) {
    let file = sx.path(&format!("p{index}.tlog-proof"));
    sx.ok(&["ledger", "export-proof", &index.to_string(), "--out", &file]);
    let out = sx.ok(&["ledger", "verify-proof", &file, "--key", &sx.log_key()]);
    assert!(
        out.contains(&format!("叶子哈希 / leaf hash: {leaf}")),
        "entry {index}: {out}"
    );
}

#[test]
fn log1_kill_9_during_appends_loses_no_acknowledged_entry_and_the_tree_stays_consistent() {
    let sx = Sx::new("kill");
    let mut last_size = 0u64;
    for round in 0..3u64 {
        let acks = append_then_kill(&sx, Duration::from_millis(1200 + 400 * round));
        assert!(acks.len() > 100, "round {round}: only {} acks", acks.len());
        let fsck = sx.ok(&["ledger", "fsck"]);
        let size: u64 = fsck
            .strip_prefix("ok: ")
            .and_then(|s| s.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{fsck}"));
        let max_acked = acks.iter().map(|a| a.0).max().unwrap();
        assert!(
            max_acked < size,
            "round {round}: acked {max_acked} but the log has {size}"
        );
        assert!(
            size >= last_size,
            "round {round}: the log shrank from {last_size} to {size}"
        );
        // A checkpoint of the recovered tree; it never goes below an earlier one.
        let note = sx.ok(&["ledger", "checkpoint"]);
        let cp_size: u64 = note.lines().nth(1).unwrap().parse().unwrap();
        assert_eq!(cp_size, size, "{note}");
        // Sample acknowledged entries across the range, always the first and last.
        let mut sample: Vec<&(u64, String)> =
            acks.iter().step_by((acks.len() / 12).max(1)).collect();
        sample.push(acks.iter().max_by_key(|a| a.0).unwrap());
        for (index, leaf) in sample {
            verify_entry(&sx, *index, leaf);
        }
        last_size = size;
    }
    let _ = std::fs::remove_dir_all(Path::new(&sx.dir));
}

#[path = "../../tsa/tests/common/mod.rs"]
mod test_tsa;

/// A loopback HTTP TSA answering with `openssl ts -reply`.
fn serve_tsa(tsa: std::sync::Arc<test_tsa::TestTsa>) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/tsa", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            // Read the head, then the body by Content-Length.
            let (head_end, len) = loop {
                let n = conn.read(&mut chunk).unwrap_or(0);
                if n == 0 {
                    break (0, 0);
                }
                buf.extend_from_slice(&chunk[..n]);
                if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&buf[..i]).to_ascii_lowercase();
                    let len = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(0);
                    break (i + 4, len);
                }
            };
            if head_end == 0 {
                continue;
            }
            while buf.len() < head_end + len {
                let n = conn.read(&mut chunk).unwrap_or(0);
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            let reply = tsa.reply(&buf[head_end..]);
            let _ = conn.write_all(
                format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/timestamp-reply\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    reply.len()
                )
                .as_bytes(),
            );
            let _ = conn.write_all(&reply);
        }
    });
    url
}

#[test]
fn log4_checkpoints_are_stamped_by_a_loopback_openssl_tsa_and_openssl_verifies_the_token() {
    let sx = Sx::new("tsa");
    let tsa_dir = sx.dir.join("tsa");
    std::fs::create_dir_all(&tsa_dir).unwrap();
    let tsa = std::sync::Arc::new(test_tsa::TestTsa::create(&tsa_dir));
    let url = serve_tsa(tsa.clone());
    let ca = tsa.ca_pem.display().to_string();
    sx.ok(&["bench", "ledger", "--entries", "20", "--batch", "20"]);
    let out = sx
        .command(&["ledger", "checkpoint"])
        .env("SANXIANG_LEDGER_TSA_URL", &url)
        .env("SANXIANG_LEDGER_TSA_CA", &ca)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = sx.ok(&["ledger", "timestamp", "20", "--out", &sx.path("")]);
    assert!(written.contains("genTime "), "{written}");
    let (txt, tsr) = (sx.path("checkpoint-20.txt"), sx.path("checkpoint-20.tsr"));
    assert!(
        std::fs::read_to_string(&txt)
            .unwrap()
            .starts_with("sanxiang.local/log\n20\n")
    );
    // An independent implementation checks the stored token over the checkpoint's text.
    let verify = |data: &str| {
        Command::new("openssl")
            .args([
                "ts",
                "-verify",
                "-data",
                data,
                "-in",
                &tsr,
                "-token_in",
                "-CAfile",
                &ca,
            ])
            .output()
            .unwrap()
    };
    let v = verify(&txt);
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
    // The token does not fit another text.
    let forged = sx.path("forged.txt");
    std::fs::write(&forged, "sanxiang.local/log\n21\n").unwrap();
    assert!(!verify(&forged).status.success());
    // A checkpoint that was not stamped has no token.
    sx.ok(&["bench", "ledger", "--entries", "1", "--batch", "1"]);
    sx.ok(&["ledger", "checkpoint"]);
    let (code, _, err) = sx.run(&["ledger", "timestamp", "21"]);
    assert_eq!(code, 1);
    assert!(err.contains("没有时间戳"), "{err}");
}
