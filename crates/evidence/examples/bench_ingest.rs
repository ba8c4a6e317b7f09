//! Ingest benchmark:
//! `cargo run --release -p sanxiang-evidence --example bench_ingest -- [dir] [MiB] [rounds]`.
//! Defaults: a fresh directory under the system temp dir, 2048 MiB, 1 round (best of the rounds
//! is reported). The directory is removed after.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::env::temp_dir().join(format!("sx-evidence-bench-{}", std::process::id()))
        });
    let mib: u64 = match args.next().map(|s| s.parse()) {
        None => 2048,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("大小无效 / size must be a number of MiB");
            return ExitCode::FAILURE;
        }
    };
    let rounds: u32 = match args.next().map(|s| s.parse()) {
        None => 1,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("轮数无效 / rounds must be a number");
            return ExitCode::FAILURE;
        }
    };
    let result = sanxiang_evidence::bench::bench_ingest_best_of(&dir, mib << 20, rounds);
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Ok(figures) => {
            println!("{figures}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("基准测试失败 / benchmark failed: {e}");
            ExitCode::FAILURE
        }
    }
}
