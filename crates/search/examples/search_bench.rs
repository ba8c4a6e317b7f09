//! Rebuild and query benchmark on a synthetic portal:
//! `cargo run --release -p sanxiang-search --example search_bench [officers matters agencies queries]`
//! (defaults: 100,000 officers, 50,000 matters, 2,000 agencies, 2,000 queries).

use std::time::{Duration, Instant};

use sanxiang_search::synthetic;
use sanxiang_search::{DocKind, SearchIndex, SearchQuery};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse())
        .collect::<Result<_, _>>()?;
    let arg = |i: usize, default: usize| args.get(i).copied().unwrap_or(default);
    let (officers, matters, agencies, queries) = (
        arg(0, 100_000),
        arg(1, 50_000),
        arg(2, 2_000),
        arg(3, 2_000),
    );
    let seed = 20_260_101;

    let started = Instant::now();
    let docs: Vec<_> = synthetic::corpus(agencies, officers, matters, seed).collect();
    let bytes: usize = docs.iter().map(|d| d.title.len() + d.body.len()).sum();
    println!(
        "generated {} docs ({:.1} MB of title+body text) in {:.2?}",
        docs.len(),
        bytes as f64 / 1e6,
        started.elapsed()
    );
    let certificates: Vec<String> = docs
        .iter()
        .filter(|d| d.kind == DocKind::Officer)
        .filter_map(|d| d.title.split(' ').nth(1).map(str::to_owned))
        .collect();

    let dir = tempfile::tempdir()?;
    let index = SearchIndex::open(dir.path())?;
    let stats = index.rebuild(docs)?;
    println!(
        "rebuild: {} docs in {:.2?} ({:.0} docs/s), index {:.1} MB on disk",
        stats.docs,
        stats.elapsed,
        stats.docs as f64 / stats.elapsed.as_secs_f64(),
        dir_size(dir.path()) as f64 / 1e6
    );

    let texts = synthetic::queries(queries, &certificates, seed);
    let mut times: Vec<Duration> = Vec::with_capacity(texts.len());
    let mut total_hits = 0usize;
    let mut empty: Vec<&str> = Vec::new();
    for text in &texts {
        let q = SearchQuery::new(text.as_str());
        let t = Instant::now();
        let results = index.search(&q)?;
        times.push(t.elapsed());
        total_hits += results.hits.len();
        if results.total == 0 {
            empty.push(text);
        }
    }
    times.sort_unstable();
    let at = |p: f64| {
        let i = ((times.len() as f64 - 1.0) * p).round() as usize;
        times.get(i).copied().unwrap_or_default()
    };
    println!(
        "{} queries (limit 10, with highlighting): p50 {:.2?}, p99 {:.2?}, max {:.2?}; {} hits shown, {} queries without hits",
        times.len(),
        at(0.50),
        at(0.99),
        times.last().copied().unwrap_or_default(),
        total_hits,
        empty.len()
    );
    println!(
        "e.g. without hits: {:?}",
        empty.iter().take(8).collect::<Vec<_>>()
    );
    let t = Instant::now();
    drop(index);
    println!("closing (waits for background merges): {:.2?}", t.elapsed());
    Ok(())
}

fn dir_size(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
