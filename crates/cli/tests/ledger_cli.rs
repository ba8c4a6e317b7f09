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
        // How many appends are acknowledged in the time is a benchmark's business, not a test's.
        assert!(!acks.is_empty(), "round {round}: no append acknowledged");
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

/// A `sanxiang witness serve` process on a loopback port; killed on drop.
struct WitnessProcess {
    child: std::process::Child,
    url: String,
    vkey: String,
    state: PathBuf,
}

impl Drop for WitnessProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_witness(sx: &Sx, name: &str) -> WitnessProcess {
    let dir = sx.dir.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let dir_s = dir.display().to_string();
    sx.ok(&["witness", "keygen", "--name", name, "--dir", &dir_s]);
    let state = dir.join("state");
    let log = format!("sanxiang.local/log={}", sx.log_key());
    let mut child = sx
        .command(&[
            "witness",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--key",
            &format!("{dir_s}/{name}.witness.key"),
            "--state",
            &state.display().to_string(),
            "--log",
            &log,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .split("http://")
        .nth(1)
        .and_then(|r| r.strip_suffix("/add-checkpoint\n"))
        .map(|a| format!("http://{a}"))
        .unwrap_or_else(|| panic!("witness did not start: {first}"));
    WitnessProcess {
        child,
        url,
        vkey: format!("{dir_s}/{name}.witness.vkey"),
        state,
    }
}

/// LOG-2/LOG-4: a checkpoint published only with both witnesses' cosignatures and a TSA stamp;
/// the case's archive package verifies offline with every check (strict), a changed byte in it
/// does not; a database rolled back to an older backup and regrown is caught by the witnesses,
/// which write a fork proof that `ledger verify-fork` confirms. (fsck alone cannot see this
/// rollback: the restored database is consistent in itself.)
#[test]
fn log4_witnessed_stamped_package_verifies_offline_and_a_rollback_is_caught_by_witnesses() {
    let sx = Sx::new("witness");
    // The log's key exists before the witnesses are told about it.
    sx.ok(&[
        "bench",
        "ledger",
        "--entries",
        "30",
        "--batch",
        "30",
        "--chained",
        "--case-prefix",
        "湘罚",
    ]);
    sx.ok(&["ledger", "fsck"]);
    let w1 = start_witness(&sx, "sfj.test");
    let w2 = start_witness(&sx, "archive.test");
    let tsa_dir = sx.dir.join("tsa");
    std::fs::create_dir_all(&tsa_dir).unwrap();
    let tsa = std::sync::Arc::new(test_tsa::TestTsa::create(&tsa_dir));
    let tsa_url = serve_tsa(tsa.clone());
    let ca = tsa.ca_pem.display().to_string();
    let witnesses = format!("{} {}; {} {}", w1.url, w1.vkey, w2.url, w2.vkey);
    let with_env = |args: &[&str]| {
        let out = sx
            .command(args)
            .env("SANXIANG_LEDGER_WITNESSES", &witnesses)
            .env("SANXIANG_LEDGER_TSA_URL", &tsa_url)
            .env("SANXIANG_LEDGER_TSA_CA", &ca)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, note, err) = with_env(&["ledger", "checkpoint"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        note.contains("\u{2014} sfj.test ") && note.contains("\u{2014} archive.test "),
        "{note}"
    );

    // The package of case 湘罚-0 (30 acts), verified offline with every check required.
    let pkg = sx.path("case.tar");
    let (code, _, err) = with_env(&["ledger", "export-package", "湘罚-0", "--out", &pkg]);
    assert_eq!(code, 0, "{err}");
    let verify = |file: &str| {
        sx.run(&[
            "ledger",
            "verify",
            file,
            "--key",
            &sx.log_key(),
            "--witness",
            &w1.vkey,
            "--witness",
            &w2.vkey,
            "--tsa-ca",
            &ca,
            "--strict",
        ])
    };
    let (code, report, _) = verify(&pkg);
    assert_eq!(code, 0, "{report}");
    assert!(report.contains("结论：全部成立"), "{report}");
    assert!(report.contains("genTime"), "{report}");
    // One byte of the archive changed inside an act: does not hold.
    let mut bytes = std::fs::read(&pkg).unwrap();
    let at = bytes
        .windows(5)
        .position(|w| w == b"inspe".as_slice())
        .unwrap();
    bytes[at] ^= 0x20;
    let bad = sx.path("bad.tar");
    std::fs::write(&bad, &bytes).unwrap();
    let (code, report, _) = verify(&bad);
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("结论：不成立"), "{report}");

    // Back up the database, grow the log and have it witnessed at 45.
    let data = sx.dir.join("data");
    let backup = sx.dir.join("backup");
    std::fs::create_dir_all(&backup).unwrap();
    for f in ["sanxiang.db", "sanxiang.db-wal", "sanxiang.db-shm"] {
        if data.join(f).exists() {
            std::fs::copy(data.join(f), backup.join(f)).unwrap();
        }
    }
    sx.ok(&[
        "bench",
        "ledger",
        "--entries",
        "15",
        "--batch",
        "15",
        "--case-prefix",
        "A",
    ]);
    let (code, _, err) = with_env(&["ledger", "checkpoint"]);
    assert_eq!(code, 0, "{err}");
    // Roll the database back and record other acts up to 47 entries.
    for f in ["sanxiang.db", "sanxiang.db-wal", "sanxiang.db-shm"] {
        let _ = std::fs::remove_file(data.join(f));
        if backup.join(f).exists() {
            std::fs::copy(backup.join(f), data.join(f)).unwrap();
        }
    }
    sx.ok(&[
        "bench",
        "ledger",
        "--entries",
        "17",
        "--batch",
        "17",
        "--case-prefix",
        "B",
    ]);
    assert!(sx.ok(&["ledger", "fsck"]).starts_with("ok: 47 entries"));
    let (code, _, err) = with_env(&["ledger", "checkpoint"]);
    assert_ne!(code, 0, "a forked checkpoint must not be published");
    assert!(err.contains("not published"), "{err}");
    for w in [&w1, &w2] {
        let forks: Vec<_> = std::fs::read_dir(w.state.join("forks"))
            .unwrap()
            .map(|e| e.unwrap().path().display().to_string())
            .collect();
        assert_eq!(forks.len(), 1, "{forks:?}");
        let out = sx.ok(&["ledger", "verify-fork", &forks[0]]);
        assert!(out.starts_with("成立 / holds: 日志已分叉"), "{out}");
    }
}

/// LOG-2: with `ledger_ed25519_key` configured, checkpoints carry an SM2 and an Ed25519
/// signature, and a proof verifies with either key alone.
#[test]
fn log2_checkpoints_are_also_signed_with_a_configured_ed25519_key() {
    let sx = Sx::new("ed25519");
    let keys = sx.path("keys");
    std::fs::create_dir_all(&keys).unwrap();
    sx.ok(&[
        "ledger",
        "keygen",
        "--name",
        "sanxiang.local/log",
        "--dir",
        &keys,
        "--ed25519",
    ]);
    sx.ok(&["bench", "ledger", "--entries", "5", "--batch", "5"]);
    let out = sx
        .command(&["ledger", "checkpoint"])
        .env(
            "SANXIANG_LEDGER_KEY",
            format!("{keys}/sanxiang.local_log.sm2.key"),
        )
        .env(
            "SANXIANG_LEDGER_ED25519_KEY",
            format!("{keys}/sanxiang.local_log.ed25519.key"),
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let note = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        note.matches("\u{2014} sanxiang.local/log ").count(),
        2,
        "{note}"
    );
    let file = sx.path("p.tlog-proof");
    sx.ok(&["ledger", "export-proof", "4", "--out", &file]);
    for alg in ["sm2", "ed25519"] {
        let key = format!("{keys}/sanxiang.local_log.{alg}.vkey");
        let out = sx.ok(&["ledger", "verify-proof", &file, "--key", &key]);
        assert!(out.starts_with("成立"), "{alg}: {out}");
    }
}

/// The documented `ledger_hash` setting chooses the hash of a new log (it once had no effect:
/// the setting was read and never passed on); an existing log keeps its own.
#[test]
fn log1_the_ledger_hash_setting_chooses_the_hash_of_a_new_log() {
    let sx = Sx::new("hash");
    let out = sx
        .command(&["bench", "ledger", "--entries", "5", "--batch", "5"])
        .env("SANXIANG_LEDGER_HASH", "sha256")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fsck = sx.ok(&["ledger", "fsck"]);
    assert!(fsck.contains("with sha256"), "{fsck}");
    // The log keeps its hash whatever the setting says later.
    let out = sx
        .command(&["ledger", "fsck"])
        .env("SANXIANG_LEDGER_HASH", "sm3")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("with sha256"));
    let fresh = Sx::new("hash-default");
    fresh.ok(&["bench", "ledger", "--entries", "5", "--batch", "5"]);
    assert!(fresh.ok(&["ledger", "fsck"]).contains("with sm3"));
}
