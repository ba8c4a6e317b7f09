//! The `sanxiang` binary.

mod bench;
mod catalog;
mod commands;
mod config;
mod ledger;
mod package;
mod tsa;
mod witness;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// 三项制度行政执法系统 sanxiang — administrative law enforcement under the three systems
/// (publicity, full-process recording, legal review of major decisions).
#[derive(Parser)]
#[command(
    name = "sanxiang",
    version,
    about = "三项制度行政执法系统 — 行政执法公示、执法全过程记录、重大执法决定法制审核\nsanxiang — administrative law enforcement under the three systems",
    long_about = None
)]
struct Cli {
    /// 配置文件 / configuration file (default: ./sanxiang.toml if present)
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 启动服务 / run the server
    Serve {
        /// 监听地址 / listen address (overrides configuration)
        #[arg(long)]
        listen: Option<String>,
    },
    /// 创建演示数据（仅首次）并启动服务 / create the demo county (once) and run the server
    Demo {
        #[arg(long)]
        listen: Option<String>,
        /// 数据目录 / data directory
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// 执行数据库迁移 / apply database migrations
    Migrate,
    /// 用户管理 / manage users
    #[command(subcommand)]
    User(commands::UserCmd),
    /// 从XLSX导入 / import from XLSX
    #[command(subcommand)]
    Import(commands::ImportCmd),
    /// 导出为XLSX / export to XLSX
    #[command(subcommand)]
    Export(commands::ExportCmd),
    /// 工作日历 / working-day calendar
    #[command(subcommand)]
    Calendar(commands::CalendarCmd),
    /// 校验证件代码 / check an identifier
    Id {
        #[command(subcommand)]
        cmd: commands::IdCmd,
    },
    /// 记录日志（防删改） / the tamper-evident ledger
    #[command(subcommand)]
    Ledger(ledger::LedgerCmd),
    /// 见证服务（由另一机构运行）/ the witness, run by another body
    #[command(subcommand)]
    Witness(witness::WitnessCmd),
    /// 公示清单 / catalogs (权责清单、法制审核目录、随机抽查事项…)
    #[command(subcommand)]
    Catalog(catalog::CatalogCmd),
    /// 全文检索 / full-text search index
    #[command(subcommand)]
    Search(catalog::SearchCmd),
    /// 办案期限预警 / deadline alarms (the server raises them daily by itself)
    #[command(subcommand)]
    Alarms(catalog::AlarmsCmd),
    /// 性能测试 / benchmarks
    #[command(subcommand)]
    Bench(bench::BenchCmd),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    // `id check` needs neither a runtime nor a database.
    if let Command::Id { cmd } = cli.command {
        return commands::id(cmd);
    }
    if let Command::Ledger(cmd) = &cli.command
        && let Some(code) = ledger::run_offline(cmd)
    {
        return code;
    }
    let cfg = match config::Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("错误 / error: {e:#}");
            return std::process::ExitCode::from(2);
        }
    };
    commands::init_logging(&cfg);
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = rt.block_on(async move {
        match cli.command {
            Command::Serve { listen } => commands::serve(cfg, listen, false).await,
            Command::Demo { listen, data_dir } => {
                let mut cfg = cfg;
                if let Some(d) = data_dir {
                    cfg.data_dir = d;
                }
                commands::serve(cfg, listen, true).await
            }
            Command::Migrate => commands::migrate(cfg).await,
            Command::User(c) => commands::user(cfg, c).await,
            Command::Import(c) => commands::import(cfg, c).await,
            Command::Export(c) => commands::export(cfg, c).await,
            Command::Calendar(c) => commands::calendar(cfg, c).await,
            Command::Bench(c) => bench::run(cfg, c).await,
            Command::Catalog(c) => catalog::run(cfg, c).await,
            Command::Search(c) => catalog::search(cfg, c).await,
            Command::Alarms(c) => catalog::alarms(cfg, c).await,
            Command::Ledger(c) => ledger::run_online(cfg, c).await,
            Command::Witness(c) => witness::run(c).await,
            Command::Id { .. } => Ok(()),
        }
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误 / error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
