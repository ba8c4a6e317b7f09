//! `sanxiang bench …`: measurements recorded in docs/benchmarks.md.

use std::time::Instant;

use anyhow::Context;
use chrono::{Datelike, NaiveDate};
use clap::Subcommand;
use sanxiang_core::calendar::WorkCalendar;
use sanxiang_store::TransactionTrait;
use sanxiang_store::entity::{agency, certificate, officer};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

mod cases;
mod ingest;
mod matters;
mod seed_cases;
mod writers;

use crate::commands::open;
use crate::config::Config;

#[derive(Subcommand)]
pub enum BenchCmd {
    /// add_workdays for every day of 2017–2026 × N ∈ 1..=30, in process
    Calendar,
    /// Appends synthetic entries to the ledger in batches; prints entries/s beside the raw SM3 rate
    Ledger {
        #[arg(long, default_value_t = 100_000)]
        entries: u64,
        /// entries per append call
        #[arg(long, default_value_t = 1_000)]
        batch: u64,
        /// concurrent callers (their appends are group-committed)
        #[arg(long, default_value_t = 1)]
        writers: u64,
        /// sign checkpoints every second meanwhile, as the server does
        #[arg(long)]
        checkpoints: bool,
        /// print `ack <position> <leaf hash>` for every append once it is durable
        #[arg(long)]
        acks: bool,
        /// case ids are `<PREFIX>-<n>` (50 acts per case)
        #[arg(long, default_value = "BENCH")]
        case_prefix: String,
        /// link each case's acts into a valid case chain (computed before timing starts)
        #[arg(long)]
        chained: bool,
    },
    /// Records acts through the app layer with concurrent officers (seeds the demo first)
    Cases {
        #[arg(long, default_value_t = 20_000)]
        acts: u64,
        #[arg(long, default_value_t = 32)]
        writers: u64,
        /// acts per case before a writer files a new one
        #[arg(long, default_value_t = 20)]
        per_case: u64,
    },
    /// Concurrent officers over HTTP for a while: each files cases, records on-site acts (the
    /// second officer confirming) and uploads files; every answer counted, errors listed
    Writers {
        #[arg(long, default_value_t = 64)]
        writers: u64,
        #[arg(long, default_value_t = 60)]
        secs: u64,
    },
    /// Evidence ingest over HTTP into a running server's case, beside the in-memory hashing
    /// rate of the same bytes (password in SANXIANG_BENCH_PASSWORD)
    Ingest {
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        base: String,
        #[arg(long)]
        user: String,
        #[arg(long)]
        case: i64,
        #[arg(long, default_value_t = 2048)]
        mib: u64,
    },
    /// Adds synthetic officers (with certificates) spread over the existing agencies, and
    /// synthetic matters published as one 权责清单 per agency
    Seed {
        #[arg(long, default_value_t = 100_000)]
        officers: u64,
        #[arg(long, default_value_t = 0)]
        matters: u64,
        /// case rows for the case-list benchmark (list filler: no acts)
        #[arg(long, default_value_t = 0)]
        cases: u64,
        /// the agency that gets the cases (default: the first)
        #[arg(long)]
        agency: Option<i64>,
    },
}

pub async fn run(cfg: Config, cmd: BenchCmd) -> anyhow::Result<()> {
    match cmd {
        BenchCmd::Calendar => calendar(),
        BenchCmd::Writers { writers, secs } => writers::run(&cfg, writers, secs).await,
        BenchCmd::Ingest {
            base,
            user,
            case,
            mib,
        } => {
            let password = std::env::var("SANXIANG_BENCH_PASSWORD")
                .context("set SANXIANG_BENCH_PASSWORD to the user's password")?;
            ingest::run(ingest::IngestArgs {
                base,
                username: user,
                password,
                case_id: case,
                mib,
            })
            .await
        }
        BenchCmd::Seed {
            officers,
            matters,
            cases,
            agency,
        } => {
            if officers > 0 {
                seed(cfg.clone(), officers).await?;
            }
            if matters > 0 {
                matters::seed(&open(&cfg).await?, matters).await?;
            }
            if cases > 0 {
                seed_cases::seed(&open(&cfg).await?, cases, agency).await?;
            }
            Ok(())
        }
        BenchCmd::Cases {
            acts,
            writers,
            per_case,
        } => cases::run(open(&cfg).await?, acts, writers, per_case).await,
        BenchCmd::Ledger {
            entries,
            batch,
            writers,
            checkpoints,
            acks,
            case_prefix,
            chained,
        } => {
            let opts = LedgerBench {
                chained,
                n: entries,
                batch,
                writers,
                checkpoints,
                acks,
                case_prefix,
            };
            ledger(cfg, opts).await
        }
    }
}

fn calendar() -> anyhow::Result<()> {
    let cal = WorkCalendar::new(
        sanxiang_core::calendar::HolidayTable::try_builtin().map_err(|e| anyhow::anyhow!("{e}"))?,
    );
    let start = NaiveDate::from_ymd_opt(2017, 1, 1).context("date")?;
    let end = NaiveDate::from_ymd_opt(2026, 12, 31).context("date")?;
    let mut best = f64::MAX;
    let mut calls = 0u64;
    let mut checksum = 0i64;
    for _ in 0..5 {
        let t = Instant::now();
        calls = 0;
        let mut d = start;
        while d <= end {
            for n in 1..=30 {
                checksum += i64::from(cal.add_workdays(d, n).ordinal());
                calls += 1;
            }
            d = d.succ_opt().context("date")?;
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "calendar add-workdays: {calls} calls in {:.1} ms (best of 5), {:.0} ns/call [checksum {checksum}]",
        best * 1e3,
        best * 1e9 / calls as f64
    );
    Ok(())
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
    "秀英", "建国", "志强", "海燕", "晓东",
];

async fn seed(cfg: Config, n: u64) -> anyhow::Result<()> {
    let app = open(&cfg).await?;
    let db = app.store().db();
    let agencies = agency::Entity::find().all(db).await?;
    anyhow::ensure!(
        !agencies.is_empty(),
        "no agencies: run `sanxiang demo` (or import agencies) first"
    );
    let before = officer::Entity::find().count(db).await?;
    let now = app.now();
    let t = Instant::now();
    let mut done = 0u64;
    while done < n {
        let batch = (n - done).min(2_000);
        let txn = db.begin().await?;
        let mut officers = Vec::with_capacity(batch as usize);
        for i in 0..batch {
            let k = before + done + i;
            let a = &agencies[(k % agencies.len() as u64) as usize];
            officers.push(officer::ActiveModel {
                agency_id: Set(a.id),
                name: Set(format!(
                    "{}{}{}",
                    SURNAMES[(k % 20) as usize],
                    GIVEN[((k / 20) % 20) as usize],
                    k
                )),
                sex: Set(if k.is_multiple_of(2) { "M" } else { "F" }.to_owned()),
                id_number: Set(None),
                phone: Set(None),
                post: Set("执法队员".to_owned()),
                is_reviewer: Set(k.is_multiple_of(19)),
                legal_qualified: Set(k.is_multiple_of(19)),
                legal_qualified_on: Set(None),
                first_review_on: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        }
        // Seeding runs alone: the new rows are exactly those above the previous maximum id.
        let max_before = officer::Entity::find()
            .order_by_desc(officer::Column::Id)
            .one(&txn)
            .await?
            .map(|o| o.id)
            .unwrap_or(0);
        officer::Entity::insert_many(officers).exec(&txn).await?;
        let ids: Vec<i64> = officer::Entity::find()
            .filter(officer::Column::Id.gt(max_before))
            .all(&txn)
            .await?
            .into_iter()
            .map(|o| o.id)
            .collect();
        let certs: Vec<certificate::ActiveModel> = ids
            .iter()
            .map(|id| certificate::ActiveModel {
                officer_id: Set(*id),
                number: Set(format!("BENCH{id:010}")),
                category: Set("综合执法".to_owned()),
                area: Set("示范县".to_owned()),
                issued_by: Set("示范市人民政府".to_owned()),
                valid_from: Set(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default()),
                valid_until: Set(NaiveDate::from_ymd_opt(2029, 12, 31).unwrap_or_default()),
                status: Set("active".to_owned()),
                created_at: Set(now),
                ..Default::default()
            })
            .collect();
        certificate::Entity::insert_many(certs).exec(&txn).await?;
        txn.commit().await?;
        done += batch;
    }
    println!(
        "seeded {n} officers with certificates in {:.1} s ({} now)",
        t.elapsed().as_secs_f64(),
        before + n
    );
    Ok(())
}

struct LedgerBench {
    n: u64,
    batch: u64,
    writers: u64,
    checkpoints: bool,
    acks: bool,
    case_prefix: String,
    chained: bool,
}

async fn ledger(cfg: Config, opts: LedgerBench) -> anyhow::Result<()> {
    use sanxiang_ledger::entry::Entry;
    use sanxiang_ledger::hash::{Hash, HashAlg, node_hash};
    let LedgerBench {
        n,
        batch,
        writers,
        checkpoints,
        acks,
        case_prefix,
        chained,
    } = opts;
    let app = if checkpoints {
        let app = crate::commands::open_signing(&cfg).await?;
        crate::commands::start_checkpoints(&app);
        app
    } else {
        open(&cfg).await?
    };
    let start_size = app
        .ledger_size()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    // Case k of this run holds acts 50k+1 … 50k+50 (`<prefix>-<k>`, seq 1…50). With `--chained`
    // every act carries its case's real previous head, so the cases package and verify.
    let make = move |i: u64, prev_head: Hash| Entry {
        case_id: format!("{case_prefix}-{}", i / 50),
        seq: i % 50 + 1,
        prev_head,
        act_type: "inspection".to_owned(),
        actors: vec!["43012120240001".to_owned(), "43012120240002".to_owned()],
        claimed_time_ms: 1_767_225_600_000 + (start_size + i) as i64,
        attachments: Vec::new(),
        payload_digest: HashAlg::Sm3.digest(&(start_size + i).to_be_bytes()),
        signature: None,
    };
    let entries: Option<std::sync::Arc<Vec<Entry>>> = chained.then(|| {
        let mut head = Hash([0; 32]);
        let all: Vec<Entry> = (0..n)
            .map(|i| {
                if i % 50 == 0 {
                    head = Hash([0; 32]);
                }
                let e = make(i, head);
                head = sanxiang_ledger::chain::next_head(HashAlg::Sm3, &head, &e.encode());
                e
            })
            .collect();
        std::sync::Arc::new(all)
    });
    let make = std::sync::Arc::new(make);
    let batch = batch.max(1);
    let writers = writers.max(1);
    let t = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for w in 0..writers {
        let app = app.clone();
        let (make, chained_entries) = (make.clone(), entries.clone());
        // Writer w takes the calls w, w + writers, w + 2·writers, …
        tasks.spawn(async move {
            let mut call = w;
            while call * batch < n {
                let lo = call * batch;
                let range = lo..(lo + batch).min(n);
                let entries: Vec<Entry> = match &chained_entries {
                    Some(all) => range.map(|i| all[i as usize].clone()).collect(),
                    None => range.map(|i| make(i, Hash([0; 32]))).collect(),
                };
                let first = app
                    .ledger_append(&entries)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                if acks {
                    // Printed only after the append returned, i.e. once it is durable.
                    use std::io::Write as _;
                    let mut out = std::io::stdout().lock();
                    for (k, e) in entries.iter().enumerate() {
                        writeln!(
                            out,
                            "ack {} {}",
                            first + k as u64,
                            e.leaf_hash(HashAlg::Sm3).to_hex()
                        )?;
                    }
                    out.flush()?;
                }
                call += writers;
            }
            anyhow::Ok(())
        });
    }
    while let Some(r) = tasks.join_next().await {
        r??;
    }
    let secs = t.elapsed().as_secs_f64();
    // The raw cost of the tree's hashing alone: about two node hashes per entry.
    let h = Instant::now();
    let mut x = Hash([7; 32]);
    let rounds = 1_000_000u32;
    for _ in 0..rounds {
        x = node_hash(HashAlg::Sm3, &x, &x);
    }
    let raw = f64::from(rounds) / h.elapsed().as_secs_f64();
    println!(
        "ledger append: {n} entries, {writers} writer(s) of {batch} per call, in {secs:.2} s = {:.0} entries/s durable and integrated ({} in the log); raw SM3 node hashes: {raw:.0}/s on one core [{}]",
        n as f64 / secs,
        start_size + n,
        &x.to_hex()[..8]
    );
    Ok(())
}
