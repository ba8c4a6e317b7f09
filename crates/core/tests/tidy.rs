//! Architecture invariant: sanxiang-core does no I/O and has no async — it must not depend on
//! a runtime, a database or a web framework.
#![allow(clippy::unwrap_used)]

#[test]
fn core_depends_on_no_runtime_database_or_web_crate() {
    let manifest = include_str!("../Cargo.toml");
    let deps = manifest
        .split("[dependencies]")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .unwrap_or("");
    for banned in [
        "tokio",
        "sea-orm",
        "sqlx",
        "axum",
        "hyper",
        "reqwest",
        "async-std",
    ] {
        assert!(
            !deps.lines().any(|l| l.trim_start().starts_with(banned)),
            "sanxiang-core must not depend on {banned}"
        );
    }
}

#[test]
fn core_never_reads_the_clock() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for banned in [
                    "Utc::now",
                    "Local::now",
                    "SystemTime::now",
                    "Instant::now",
                    "std::fs::",
                    "std::net::",
                ] {
                    assert!(!text.contains(banned), "{} uses {banned}", path.display());
                }
            }
        }
    }
}
