//! `sanxiang bench seed --matters N`: synthetic 权责清单 items, published per agency, so that the
//! portal and its search are measured at a province's size (issue "Catalogs …": 50,000 matters).
//! Names and legal bases are combined from real vocabulary so the Chinese analysers see realistic
//! text, and every basis cites a statute we ship (the links resolve).

use std::time::Instant;

use chrono::NaiveDate;
use sanxiang_app::App;
use sanxiang_app::catalogs::ItemValue;
use sanxiang_core::catalog::{Matter, MatterKind};
use sanxiang_store::TransactionTrait;
use sanxiang_store::entity::agency;
use sanxiang_store::repo::catalogs::{self, NewVersion};
use sea_orm::EntityTrait;

const OBJECTS: &[&str] = &[
    "食品经营",
    "药品零售",
    "医疗器械经营",
    "特种设备使用",
    "危险化学品经营",
    "建筑施工",
    "道路运输",
    "娱乐场所",
    "网吧经营",
    "排污",
    "燃气经营",
    "出版物零售",
    "种子生产经营",
    "农药经营",
    "兽药经营",
    "烟花爆竹零售",
    "印刷经营",
    "旅行社经营",
    "人力资源服务",
    "民办学校办学",
];

const PENALTY_ACTS: &[&str] = &[
    "未取得许可擅自从事",
    "超越许可范围从事",
    "伪造、变造许可证件从事",
    "未按规定公示许可证件从事",
    "拒不执行责令改正决定继续从事",
];

const BASES: &[&str] = &[
    "《中华人民共和国行政处罚法》第九条",
    "《中华人民共和国行政许可法》第十二条第（一）项",
    "《中华人民共和国行政强制法》第九条",
    "《中华人民共和国行政处罚法》第五十四条",
    "《中华人民共和国行政许可法》第四十二条",
];

/// The `k`-th synthetic matter: kind, name, legal basis.
fn matter(k: u64, seq: u32) -> Matter {
    let object = OBJECTS[(k % OBJECTS.len() as u64) as usize];
    let (kind, name) = match k % 4 {
        0 => (MatterKind::Licensing, format!("{object}许可")),
        1 | 2 => {
            let act = PENALTY_ACTS[((k / 4) % PENALTY_ACTS.len() as u64) as usize];
            (
                MatterKind::Penalty,
                format!("对{act}{object}活动的行政处罚"),
            )
        }
        _ => (MatterKind::Inspection, format!("{object}活动监督检查")),
    };
    Matter {
        seq,
        code: Some(format!("BM{k:08}")),
        name: format!("{name}（{k}）"),
        sub_item: None,
        kind,
        kind_label: kind.label_zh().to_owned(),
        level: Some("县级".into()),
        unit: None,
        basis_text: BASES[(k % BASES.len() as u64) as usize].to_owned(),
        basis: Vec::new(),
        time_limit: (kind == MatterKind::Licensing).then(|| "二十个工作日".to_owned()),
        fees: Some("不收费".into()),
        responsibilities: Some("受理责任、审查责任、决定责任、送达责任、事后监管责任".into()),
        notes: None,
    }
    .with_basis(BASES[(k % BASES.len() as u64) as usize])
}

/// Publishes one synthetic 权责清单 per agency holding `n` matters in all, in force from 2024.
pub async fn seed(app: &App, n: u64) -> anyhow::Result<()> {
    let db = app.store().db();
    let agencies = agency::Entity::find().all(db).await?;
    anyhow::ensure!(
        !agencies.is_empty(),
        "no agencies: run `sanxiang demo` (or import agencies) first"
    );
    let from = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    let per = n.div_ceil(agencies.len() as u64);
    let t = Instant::now();
    let mut k = 0u64;
    for a in &agencies {
        if k >= n {
            break;
        }
        let count = per.min(n - k);
        let items = (0..count)
            .map(|i| {
                let seq = u32::try_from(i + 1).unwrap_or(u32::MAX);
                ItemValue::Matter(matter(k + i, seq)).to_new_item(i32::try_from(seq).unwrap_or(0))
            })
            .collect();
        k += count;
        let txn = db.begin().await?;
        let v = catalogs::create_version(
            &txn,
            NewVersion {
                agency_id: a.id,
                kind: "powers".into(),
                title: format!("{}权责清单（基准测试）", a.name),
                source_list_id: None,
                source_issuer: None,
                source_url: None,
                note: Some("sanxiang bench seed".into()),
            },
            app.now(),
        )
        .await?;
        catalogs::replace_items(&txn, v.id, items).await?;
        let stored = catalogs::all_items(&txn, v.id).await?;
        let fingerprint = sanxiang_app::catalogs::content_sm3(&stored);
        catalogs::publish(&txn, v.id, from, None, &fingerprint, None, app.now()).await?;
        txn.commit().await?;
    }
    println!(
        "seeded {k} matters in {} published catalogs in {:.1} s",
        agencies
            .len()
            .min(usize::try_from(n.div_ceil(per.max(1))).unwrap_or(0)),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
