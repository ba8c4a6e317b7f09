//! The command line as a user runs it.
#![allow(clippy::unwrap_used)]

use std::process::Command;

fn sanxiang(args: &[&str]) -> (i32, String, String) {
    sanxiang_env(args, &[])
}

fn sanxiang_env(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    // Each call gets its own working and data directory: tests run in parallel.
    static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("sanxiang-cli-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sanxiang"))
        .args(args)
        .current_dir(&dir)
        .env_remove("SANXIANG_DATABASE_URL")
        .env("SANXIANG_DATA_DIR", dir.join("data"))
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn id_check_prints_valid_invalid_or_masked_with_exit_codes() {
    let (code, out, _) = sanxiang(&["id", "check", "credit-code", "911306840787827947"]);
    assert_eq!((code, out.lines().next()), (0, Some("valid")));
    let (code, out, _) = sanxiang(&["id", "check", "credit-code", "91350100M000100Y4Z"]);
    assert_eq!(code, 1);
    assert!(out.starts_with("invalid: 校验码错误"), "{out}");
    let (code, out, _) = sanxiang(&["id", "check", "credit-code", "91430102**********"]);
    assert_eq!((code, out.lines().next()), (0, Some("masked")));
    let (code, out, _) = sanxiang(&["id", "check", "id-number", "11010519491231002X"]);
    assert_eq!((code, out.lines().next()), (0, Some("valid")));
    let (code, out, _) = sanxiang(&["id", "check", "org-code", "MA53A9UY-7"]);
    assert_eq!((code, out.lines().next()), (0, Some("valid")));
    let (code, out, _) = sanxiang(&["id", "check", "division", "410381"]);
    assert_eq!((code, out.lines().next()), (0, Some("valid")));
    assert!(out.contains("弃用"), "{out}");
    let (code, _, _) = sanxiang(&["id", "check", "division", "130171"]);
    assert_eq!(code, 1, "NBS-only statistical codes are not divisions");
}

#[test]
fn w8_calendar_commands_print_due_dates() {
    let (code, out, _) = sanxiang(&["calendar", "add-workdays", "2025-09-26", "7"]);
    assert_eq!((code, out.trim()), (0, "2025-10-13"));
    let (_, out, _) = sanxiang(&["calendar", "add-workdays", "2020-01-22", "7"]);
    assert_eq!(out.trim(), "2020-02-10");
    let (_, out, _) = sanxiang(&["calendar", "add-days", "2025-01-20", "15", "--roll-forward"]);
    assert_eq!(out.trim(), "2025-02-05");
    let (_, out, _) = sanxiang(&["calendar", "add-days", "2025-07-01", "90"]);
    assert_eq!(out.trim(), "2025-09-29");
    let (_, out, _) = sanxiang(&["calendar", "is-workday", "2024-02-09"]);
    assert_eq!(out.trim(), "workday");
    let (_, out, _) = sanxiang(&["calendar", "is-workday", "2020-02-01"]);
    assert_eq!(out.trim(), "rest");
    let (_, out, err) = sanxiang(&["calendar", "is-workday", "2027-03-01"]);
    assert_eq!(out.trim(), "workday");
    assert!(err.contains("W7"), "provisional years say so: {err}");
}

#[test]
fn help_is_bilingual() {
    let (code, out, _) = sanxiang(&["--help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("启动服务") && out.contains("run the server"),
        "{out}"
    );
}

#[test]
fn ledger_keygen_writes_keys_that_sign_and_verify_notes() {
    let dir = std::env::temp_dir().join(format!("sanxiang-keygen-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let d = dir.to_str().unwrap();
    let (code, out, err) = sanxiang(&[
        "ledger",
        "keygen",
        "--name",
        "sanxiang.example/log",
        "--dir",
        d,
        "--ed25519",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 4);
    let read = |f: &str| {
        std::fs::read_to_string(dir.join(f))
            .unwrap()
            .trim()
            .to_owned()
    };
    for alg in ["sm2", "ed25519"] {
        let signer: sanxiang_ledger::note::Signer =
            read(&format!("sanxiang.example_log.{alg}.key"))
                .parse()
                .unwrap();
        let verifier: sanxiang_ledger::note::Verifier =
            read(&format!("sanxiang.example_log.{alg}.vkey"))
                .parse()
                .unwrap();
        let signed =
            sanxiang_ledger::note::sign("sanxiang.example/log\n1\nAAAA\n", &[signer]).unwrap();
        let opened = sanxiang_ledger::note::open(signed.as_bytes(), &[verifier]).unwrap();
        assert_eq!(opened.verified_by, vec!["sanxiang.example/log".to_owned()]);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("sanxiang.example_log.sm2.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "signer keys are private");
    }
    // Existing keys are never overwritten.
    let (code, _, _) = sanxiang(&[
        "ledger",
        "keygen",
        "--name",
        "sanxiang.example/log",
        "--dir",
        d,
    ]);
    assert_eq!(code, 1);
    let (code, _, _) = sanxiang(&["ledger", "keygen", "--name", "bad name", "--dir", d]);
    assert_eq!(code, 1);
}

#[test]
fn ledger_fsck_of_an_empty_log_is_ok() {
    let (code, out, err) = sanxiang(&["ledger", "fsck"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("ok: 0 entries"), "{out}");
}

/// CONFIG (P2, P5, P6, P8, R3): the local rules file is checked against the statutes when it is
/// read; the shipped example is lawful, and a file that contradicts a statute stops the start
/// naming the rule and the article.
#[test]
fn local_rules_contradicting_a_statute_stop_the_start_with_the_article() {
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config/local-rules.example.toml"
    );
    let (code, _, err) = sanxiang_env(&["ledger", "fsck"], &[("SANXIANG_LOCAL_RULES", example)]);
    assert_eq!(code, 0, "{err}");
    let dir = std::env::temp_dir().join(format!("sanxiang-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("rules.toml");
    std::fs::write(
        &bad,
        "[default.simple]\nperson_yuan = 500\norganisation_yuan = 3000\ncitation = \"某规定\"\n\n\
         [[default.single_officer]]\nact = \"coercion_measure\"\ncitation = \"某法\"\n",
    )
    .unwrap();
    let bad = bad.to_str().unwrap();
    let (code, _, err) = sanxiang_env(&["ledger", "fsck"], &[("SANXIANG_LOCAL_RULES", bad)]);
    assert_ne!(code, 0);
    assert!(err.contains("[P2]") && err.contains("第五十一条"), "{err}");
    assert!(
        err.contains("[R3]") && err.contains("第十八条第二项"),
        "{err}"
    );
    let (code, _, err) = sanxiang_env(
        &["ledger", "fsck"],
        &[("SANXIANG_LOCAL_RULES", "/nonexistent/rules.toml")],
    );
    assert_ne!(code, 0);
    assert!(err.contains("找不到本地规则文件"), "{err}");
}
