//! `sanxiang bench seed --cases N`: case rows for the list benchmark at a province's size
//! (issue "Cases …": an agency with 1,000,000 cases). Filing through the app layer writes a
//! sealed act, a deadline, an audit entry and a ledger entry per case (~650 cases/s); this
//! generator writes only what the case list reads — the case rows, numbered after the agency's
//! counter for 2025, spread over the procedures, stages and the year — so that a million rows
//! take seconds. Such rows have no acts: they are list filler for a benchmark database only.

use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use sanxiang_app::App;
use sanxiang_store::TransactionTrait;
use sanxiang_store::entity::{case_counter, cases};
use sea_orm::ActiveValue::Set;
use sea_orm::{EntityTrait, PaginatorTrait};

const KINDS: [(&str, &str); 3] = [
    ("penalty_ordinary", "investigation"),
    ("inspection", "inspection_result"),
    ("penalty_simple", "closing"),
];

const CAUSES: [&str; 6] = [
    "销售过期食品",
    "未取得许可从事经营活动",
    "未按规定公示证照",
    "虚假宣传",
    "无证排污",
    "特种设备未经检验使用",
];

/// Adds `n` cases to `agency` (default: the agency `sanxiang bench cases` records in, so that
/// `scripts/bench-cases` measures the list and the 200-act page as one agency's head).
pub async fn seed(app: &App, n: u64, agency: Option<i64>) -> anyhow::Result<()> {
    let db = app.store().db();
    let agency_id = match agency {
        Some(a) => a,
        None => super::cases::team(app).await?.0,
    };
    const YEAR: i32 = 2025;
    let start = case_counter::Entity::find_by_id((agency_id, YEAR))
        .one(db)
        .await?
        .map_or(1, |c| c.last + 1);
    let before = cases::Entity::find().count(db).await?;
    let t = Instant::now();
    let year_start = Utc
        .with_ymd_and_hms(YEAR, 1, 1, 1, 0, 0)
        .single()
        .ok_or_else(|| anyhow::anyhow!("date"))?;
    let step = Duration::seconds((365 * 24 * 3600 / n.max(1) as i64).max(1));
    let mut done = 0u64;
    while done < n {
        let batch = (n - done).min(2_000);
        let rows: Vec<cases::Model> = (0..batch)
            .map(|i| {
                let k = done + i;
                let seq = start + k as i64;
                let (kind, stage) = KINDS[(k % 3) as usize];
                cases::Model {
                    id: 0,
                    case_no: format!("{YEAR}-{agency_id:04}-{seq:05}"),
                    agency_id,
                    kind: kind.to_owned(),
                    matter_category: "市场监管".into(),
                    matter_area: "示范县".into(),
                    cause: CAUSES[(k % 6) as usize].to_owned(),
                    party_name: format!("示范县基准测试商户{seq}"),
                    stage: stage.to_owned(),
                    act_count: 0,
                    chain_head: vec![0; 32],
                    closed: stage == "closing",
                    created_at: year_start + step * (k as i32),
                    created_by: None,
                }
            })
            .collect();
        let txn = db.begin().await?;
        sanxiang_store::repo::cases::insert_many(&txn, rows).await?;
        txn.commit().await?;
        done += batch;
    }
    let last = start + n as i64 - 1;
    case_counter::Entity::insert(case_counter::ActiveModel {
        agency_id: Set(agency_id),
        year: Set(YEAR),
        last: Set(last),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::columns([
            case_counter::Column::AgencyId,
            case_counter::Column::Year,
        ])
        .update_column(case_counter::Column::Last)
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    println!(
        "seeded {n} case rows for agency {agency_id} in {:.1} s ({} cases now)",
        t.elapsed().as_secs_f64(),
        before + n
    );
    Ok(())
}
