//! `sanxiang catalog …` (CAT console from the command line), `sanxiang search reindex` and
//! `sanxiang alarms raise`.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Subcommand;
use sanxiang_app::catalogs::CatalogImport;
use sanxiang_app::{Actor, App};
use sanxiang_core::auth::Role;

use crate::commands::{explain, open};
use crate::config::Config;

#[derive(Subcommand)]
pub enum CatalogCmd {
    /// 导入清单为草稿（CSV/XLSX，格式见文档）/ import a catalog file as a draft
    Import {
        file: PathBuf,
        /// 执法主体名称或编号 / agency name or id
        #[arg(long)]
        agency: String,
        #[arg(long)]
        title: Option<String>,
        /// 同时发布，自该日起施行 / publish too, in force from this date (YYYY-MM-DD)
        #[arg(long)]
        publish: Option<NaiveDate>,
        /// 录入已在别处发布的历史清单（生效日期可早于今天）/ a list published elsewhere in the
        /// past: its effective date may lie before today
        #[arg(long)]
        historical: bool,
    },
    /// 发布草稿版本 / publish a draft version
    Publish {
        version: i64,
        #[arg(long)]
        from: NaiveDate,
        #[arg(long)]
        to: Option<NaiveDate>,
        /// 录入历史清单 / a list published elsewhere in the past
        #[arg(long)]
        historical: bool,
    },
    /// 导出版本（按导入格式）/ export a version in the import layout
    Export {
        version: i64,
        /// .csv 或 .xlsx
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum SearchCmd {
    /// 从数据库重建检索索引（服务停止时运行）/ rebuild the search index from the database
    Reindex,
}

fn operator() -> Actor {
    Actor::system_as("cli", Role::Supervisor)
}

async fn agency_id(app: &App, agency: &str) -> anyhow::Result<i64> {
    if let Ok(id) = agency.parse::<i64>() {
        return Ok(id);
    }
    sanxiang_store::repo::agencies::by_name(app.store().db(), agency)
        .await?
        .map(|a| a.id)
        .with_context(|| format!("执法主体“{agency}”不存在 / no such agency"))
}

async fn publish_version(
    app: &App,
    actor: &Actor,
    version: i64,
    from: NaiveDate,
    to: Option<NaiveDate>,
    historical: bool,
) -> anyhow::Result<sanxiang_store::entity::catalog_version::Model> {
    let r = if historical {
        app.catalog_publish_historical(actor, version, Some(from), to)
            .await
    } else {
        app.catalog_publish(actor, version, Some(from), to).await
    };
    r.map_err(explain)
}

pub async fn run(cfg: Config, cmd: CatalogCmd) -> anyhow::Result<()> {
    let app = open(&cfg).await?;
    let actor = operator();
    match cmd {
        CatalogCmd::Import {
            file,
            agency,
            title,
            publish,
            historical,
        } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let agency_id = agency_id(&app, &agency).await?;
            let v = app
                .catalog_import(
                    &actor,
                    CatalogImport {
                        agency_id,
                        title,
                        bytes,
                    },
                )
                .await
                .map_err(explain)?;
            println!(
                "已导入为草稿 / imported as draft: 版本 {} 《{}》，{} 项",
                v.id, v.title, v.item_count
            );
            if let Some(from) = publish {
                publish_version(&app, &actor, v.id, from, None, historical).await?;
                println!("已发布，自 {from} 起施行 / published");
            }
        }
        CatalogCmd::Publish {
            version,
            from,
            to,
            historical,
        } => {
            let v = publish_version(&app, &actor, version, from, to, historical).await?;
            println!(
                "已发布 / published: 版本 {} 指纹 SM3 {}",
                v.id,
                v.content_sm3.unwrap_or_default()
            );
        }
        CatalogCmd::Export { version, out } => {
            let bytes = app
                .catalog_export(
                    &actor,
                    version,
                    out.extension().is_some_and(|e| e == "xlsx"),
                )
                .await
                .map_err(explain)?;
            std::fs::write(&out, bytes)
                .with_context(|| format!("cannot write {}", out.display()))?;
            println!("已导出 / exported: {}", out.display());
        }
    }
    Ok(())
}

pub async fn search(cfg: Config, cmd: SearchCmd) -> anyhow::Result<()> {
    let SearchCmd::Reindex = cmd;
    let dir = cfg.data_dir.join("search");
    let index = sanxiang_search::SearchIndex::open(&dir).with_context(|| {
        format!(
            "无法打开检索索引（服务运行时由服务自动维护）/ cannot open the index {}",
            dir.display()
        )
    })?;
    let builder = crate::commands::builder(&cfg)
        .await?
        .search(Arc::new(index));
    let app = crate::commands::start(builder).await?;
    let stats = app.search_reindex().await.map_err(explain)?;
    println!(
        "检索索引已重建 / index rebuilt: {} 条, {} ms",
        stats.docs,
        stats.elapsed.as_millis()
    );
    Ok(())
}

#[derive(Subcommand)]
pub enum AlarmsCmd {
    /// 立即生成今日的办案期限预警（服务每日自动运行）/ raise today's deadline alarms now
    Raise,
}

pub async fn alarms(cfg: Config, cmd: AlarmsCmd) -> anyhow::Result<()> {
    let AlarmsCmd::Raise = cmd;
    let app = open(&cfg).await?;
    let run = app.raise_alarms().await.map_err(explain)?;
    println!(
        "未到期限 {} 项，新生成预警 {} 条 / {} open deadlines, {} new alarms",
        run.open_deadlines, run.raised, run.open_deadlines, run.raised
    );
    Ok(())
}
