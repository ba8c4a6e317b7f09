//! Times font loading and rendering each kind of document.
//!
//!     cargo run --release -p sanxiang-docgen --example render_bench [-- ITERATIONS [FONT_DIR…]]
//!
//! Each iteration renders a different document number, so no two renders are identical inputs
//! (typst's memoisation still reuses the unchanged parts, as it would in a server).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use sanxiang_core::instrument::InstrumentKind;
use sanxiang_core::instrument::sample::sample;
use sanxiang_docgen::{DEFAULT_FONT_DIRS, DocMeta, FontSet, Renderer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let iterations: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(100);
    let mut dirs: Vec<PathBuf> = args.map(PathBuf::from).collect();
    if dirs.is_empty() {
        dirs = DEFAULT_FONT_DIRS.iter().map(PathBuf::from).collect();
    }

    let started = Instant::now();
    let fonts = FontSet::load(&dirs)?;
    let faces = fonts.len();
    let renderer = Renderer::new(fonts);
    println!("font loading: {:?} ({faces} faces)", started.elapsed());

    let issued_on = NaiveDate::from_ymd_opt(2026, 5, 8).ok_or("date")?;
    println!(
        "{:<32} {:>6} {:>10} {:>10} {:>10} {:>8}",
        "kind", "pages", "first", "median", "p99", "KiB"
    );
    for kind in InstrumentKind::ALL {
        let content = sample(kind);
        let mut times = Vec::with_capacity(iterations);
        let mut pages = 0;
        let mut size = 0;
        for i in 0..iterations {
            let meta = DocMeta {
                number: Some(format!("湘潭市监罚〔2026〕{}号", i + 1)),
                issued_on,
                agency_name: "湘潭市市场监督管理局".into(),
                title_override: None,
            };
            let t = Instant::now();
            let out = renderer.render(&content, &meta)?;
            times.push(t.elapsed());
            pages = out.pages;
            size = out.pdf.len();
        }
        let first = times.first().copied().unwrap_or_default();
        times.sort();
        println!(
            "{:<32} {:>6} {:>10} {:>10} {:>10} {:>8}",
            kind.template_name(),
            pages,
            ms(first),
            ms(percentile(&times, 50)),
            ms(percentile(&times, 99)),
            size / 1024
        );
    }
    Ok(())
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let idx = (sorted.len() * p).div_ceil(100).saturating_sub(1);
    sorted
        .get(idx.min(sorted.len() - 1))
        .copied()
        .unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.1}ms", d.as_secs_f64() * 1000.0)
}
