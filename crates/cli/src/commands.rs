//! The subcommands. Each opens what it needs and calls the app layer.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Subcommand;
use sanxiang_app::auth::NewUser;
use sanxiang_app::{Actor, App, AppBuilder, AppError, SystemClock};
use sanxiang_core::auth::Role;
use sanxiang_core::calendar::WorkCalendar;
use sanxiang_core::ids::{Checked, CreditCode, DivisionCode, IdNumber, OrgCode};
use sanxiang_store::Store;
use sanxiang_store::repo::officers::OfficerFilter;

use crate::config::Config;

pub fn init_logging(cfg: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn")
    });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if cfg.log_format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// Explains an app error in Chinese and English on the terminal.
pub(crate) fn explain(e: AppError) -> anyhow::Error {
    match e {
        AppError::Invalid(v) => anyhow::anyhow!(
            "{}",
            v.iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
        AppError::ImportRejected(p) => anyhow::anyhow!(
            "导入失败，未写入任何数据 / import rejected, nothing written:\n{}",
            p.iter()
                .map(|p| format!(
                    "  第{}行 [{}] “{}”：{}（{}）",
                    p.row, p.column, p.value, p.message, p.rule
                ))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        other => anyhow::anyhow!("{other}"),
    }
}

/// The app of a command-line tool: the database, the seal key, the hash of a new log and the
/// numbering of documents from the configuration. The server and the tools that sign
/// checkpoints or open the evidence store add those to the same builder.
pub async fn builder(cfg: &Config) -> anyhow::Result<AppBuilder> {
    let url = cfg.database_url()?;
    let store = Store::connect(&url)
        .await
        .context("cannot open the database")?;
    // The hash of a new log (an existing log keeps its own); `Config::load` checked the name.
    let hash = cfg
        .ledger_hash
        .parse()
        .map_err(|e| anyhow::anyhow!("invalid configuration: ledger_hash: {e}"))?;
    Ok(App::builder(store, Arc::new(SystemClock), seal_key(cfg)?)
        .ledger_hash(hash)
        .number_pattern(cfg.number_pattern()?)
        .local_rules(cfg.local_rules(false)?))
}

/// Starts a built app, saying in Chinese and English what stopped it.
pub async fn start(builder: AppBuilder) -> anyhow::Result<App> {
    builder.start().await.map_err(explain)
}

pub async fn open(cfg: &Config) -> anyhow::Result<App> {
    start(builder(cfg).await?).await
}

/// An app that signs checkpoints with the configured keys (LOG-2).
pub async fn open_signing(cfg: &Config) -> anyhow::Result<App> {
    start(builder(cfg).await?.ledger_signing(signing(cfg)?)).await
}

/// The SM4 key sealing case records: `seal_key` (32 hex digits), or
/// `<data_dir>/keys/seal.key`, generated (mode 0600) on first start.
fn seal_key(cfg: &Config) -> anyhow::Result<sanxiang_ledger::seal::SealKey> {
    use sanxiang_ledger::seal::SealKey;
    if !cfg.seal_key.trim().is_empty() {
        return SealKey::from_hex(&cfg.seal_key)
            .map_err(|e| anyhow::anyhow!("invalid configuration: seal_key: {e}"));
    }
    let dir = cfg.data_dir.join("keys");
    let file = dir.join("seal.key");
    if !file.exists() {
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let mut key = [0u8; 16];
        getrandom::fill(&mut key).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        crate::ledger::write_new(&file, &hex, true).map_err(|e| anyhow::anyhow!(e))?;
        tracing::info!(key = %file.display(), "generated the key that seals case records");
    }
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    SealKey::from_hex(&text)
        .map_err(|e| anyhow::anyhow!("invalid seal key in {}: {e}", file.display()))
}

pub async fn serve(cfg: Config, listen: Option<String>, demo: bool) -> anyhow::Result<()> {
    let started = Instant::now();
    // Only the server holds the evidence directory (the store locks it against a second opener).
    let evidence_dir = cfg.data_dir.join("evidence");
    let mut builder = builder(&cfg)
        .await?
        .evidence(Arc::new(
            sanxiang_evidence::EvidenceStore::open(&evidence_dir).with_context(|| {
                format!("cannot open the evidence store {}", evidence_dir.display())
            })?,
        ))
        .renderer(load_renderer(&cfg))
        .ledger_signing(signing(&cfg)?)
        .local_rules(cfg.local_rules(demo)?);
    if let Some(index) = open_search(&cfg) {
        builder = builder.search(index);
    }
    let app = start(builder).await?;
    app.start_search();
    app.backfill_case_officers().await.map_err(explain)?;
    app.start_alarm_job();
    if demo {
        match sanxiang_app::demo::seed_demo(&app).await.map_err(explain)? {
            Some(creds) => {
                println!("已创建演示数据“示范县”。以下账户密码只显示这一次，请妥善保存：");
                println!("Demo county created. These passwords are shown only once:");
                for (user, password, role) in &creds.users {
                    println!("  {:<12} {:<16} {}", user, password, role.label_zh());
                }
            }
            None => println!("演示数据已存在，未重复创建。/ Demo data already present."),
        }
    }
    let addr = listen.unwrap_or_else(|| cfg.listen.clone());
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    start_checkpoints(&app);
    let mut state = sanxiang_web::AppState::new(app);
    state.secure_cookies = cfg.secure_cookies;
    tracing::info!(
        addr = %local,
        database = state.app.store().backend(),
        ready_ms = started.elapsed().as_millis() as u64,
        "sanxiang ready"
    );
    if !cfg.metrics_listen.is_empty() {
        let metrics = tokio::net::TcpListener::bind(&cfg.metrics_listen)
            .await
            .with_context(|| format!("cannot listen on {} (metrics_listen)", cfg.metrics_listen))?;
        let router = sanxiang_web::metrics_router(state.clone());
        let limits = cfg.limits();
        tokio::spawn(async move {
            let never = std::future::pending::<()>();
            if let Err(e) = sanxiang_web::serve_router(router, metrics, limits, never).await {
                tracing::error!(error = %e, "metrics listener failed");
            }
        });
    }
    // A panic in a request is answered 500 and counted; it is logged here once, with its
    // place, and without the backtrace that would otherwise be printed for every request.
    std::panic::set_hook(Box::new(|info| tracing::error!(panic = %info, "panic")));
    println!("sanxiang 已启动 / ready: http://{local}/console  (API: http://{local}/api/docs)");
    sanxiang_web::serve_with(state, listener, cfg.limits(), shutdown_signal()).await?;
    Ok(())
}

/// PUB-1: the portal's search index under `<data_dir>/search`, kept current by a job. A server
/// that cannot open it still serves (the portal says search is unavailable) and logs why.
fn open_search(cfg: &Config) -> Option<Arc<sanxiang_search::SearchIndex>> {
    let dir = cfg.data_dir.join("search");
    match sanxiang_search::SearchIndex::open(&dir) {
        Ok(index) => Some(Arc::new(index)),
        Err(e) => {
            tracing::error!(error = %e, dir = %dir.display(), "search index unavailable");
            None
        }
    }
}

/// Loads the fonts once for the document renderer. A missing CJK font is said once here and
/// does not stop the server: issuing a document then answers 503 with the same message.
fn load_renderer(
    cfg: &Config,
) -> Result<Arc<sanxiang_docgen::Renderer>, sanxiang_docgen::DocgenError> {
    let started = Instant::now();
    let renderer = sanxiang_docgen::FontSet::load(&cfg.docgen_font_dirs)
        .map(|fonts| Arc::new(sanxiang_docgen::Renderer::new(fonts)));
    match &renderer {
        Ok(r) => tracing::info!(
            faces = r.fonts().len(),
            load_ms = started.elapsed().as_millis() as u64,
            "document fonts loaded"
        ),
        Err(e) => tracing::warn!(error = %e, "documents cannot be issued"),
    }
    renderer
}

/// LOG-2: signs a checkpoint at most every second while entries arrive (with the keys the app
/// was built with).
pub fn start_checkpoints(app: &App) {
    let app = app.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
        loop {
            tick.tick().await;
            if let Err(e) = app.ledger_checkpoint_now().await {
                tracing::error!(error = %e, "checkpoint failed");
            }
        }
    });
}

/// LOG-2: loads (or, on first start, generates) the SM2 checkpoint key, the optional Ed25519
/// key, the witnesses and the TSA.
pub fn signing(cfg: &Config) -> anyhow::Result<sanxiang_app::ledger::LedgerSigning> {
    let file = if cfg.ledger_key.trim().is_empty() {
        let dir = cfg.data_dir.join("ledger");
        let file = dir.join(format!("{}.sm2.key", cfg.ledger_origin.replace('/', "_")));
        if !file.exists() {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            crate::ledger::keygen(&cfg.ledger_origin, &dir, false)
                .map_err(|e| anyhow::anyhow!(e))?;
            tracing::info!(key = %file.display(), "generated the checkpoint signing key");
        }
        file
    } else {
        PathBuf::from(cfg.ledger_key.trim())
    };
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("cannot read the checkpoint key {}", file.display()))?;
    let signer: sanxiang_ledger::note::Signer = text
        .trim()
        .parse()
        .map_err(|e| anyhow::anyhow!("invalid checkpoint key {}: {e}", file.display()))?;
    let mut signers = vec![signer];
    if !cfg.ledger_ed25519_key.trim().is_empty() {
        let file = cfg.ledger_ed25519_key.trim();
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read the Ed25519 checkpoint key {file}"))?;
        signers.push(
            text.trim()
                .parse()
                .map_err(|e| anyhow::anyhow!("invalid Ed25519 checkpoint key {file}: {e}"))?,
        );
    }
    let timestamper: Option<Arc<dyn sanxiang_app::ledger::Timestamper>> =
        if cfg.ledger_tsa_url.trim().is_empty() {
            None
        } else {
            Some(Arc::new(crate::tsa::HttpTsa::new(
                cfg.ledger_tsa_url.trim(),
                Path::new(cfg.ledger_tsa_ca.trim()),
                Arc::new(SystemClock),
            )?))
        };
    let quorum = crate::witness::WitnessQuorum::from_config(
        &cfg.ledger_witnesses,
        cfg.ledger_witness_quorum,
    )?
    .map(Arc::new);
    Ok(sanxiang_app::ledger::LedgerSigning {
        origin: cfg.ledger_origin.clone(),
        signers,
        cosigner: quorum.map(|q| q as Arc<dyn sanxiang_app::ledger::Cosigner>),
        timestamper,
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

pub async fn migrate(cfg: Config) -> anyhow::Result<()> {
    open(&cfg).await?;
    println!("数据库已迁移到最新版本 / migrations applied");
    Ok(())
}

#[derive(Subcommand)]
pub enum UserCmd {
    /// 新增用户 / add a user (password read from SANXIANG_PASSWORD or prompted on stdin)
    Add {
        username: String,
        /// officer | reviewer | head | supervisor | system_admin | security_admin | audit_admin
        #[arg(long)]
        role: String,
        /// 所属执法主体ID / agency id
        #[arg(long)]
        agency: i64,
        /// 姓名 / display name
        #[arg(long)]
        name: Option<String>,
        /// 关联执法人员（执法证号）/ the officer this account acts as (certificate number)
        #[arg(long)]
        officer: Option<String>,
    },
    /// 关联或解除关联执法人员 / link the account to an officer (omit the number to unlink)
    Link {
        username: String,
        certificate_no: Option<String>,
    },
    /// 重置密码 / set a password (from SANXIANG_PASSWORD or stdin)
    Passwd { username: String },
    /// 修改角色 / change a user's role
    Role { username: String, role: String },
    /// 停用 / lock a user
    Lock { username: String },
    /// 启用并解除锁定 / unlock a user
    Unlock { username: String },
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("SANXIANG_PASSWORD") {
        return Ok(p);
    }
    eprint!("密码 / password: ");
    let mut s = String::new();
    std::io::stdin().read_line(&mut s)?;
    Ok(s.trim_end_matches(['\r', '\n']).to_owned())
}

pub async fn user(cfg: Config, cmd: UserCmd) -> anyhow::Result<()> {
    let app = open(&cfg).await?;
    let admin = Actor::system("cli");
    match cmd {
        UserCmd::Add {
            username,
            role,
            agency,
            name,
            officer,
        } => {
            let role = Role::from_code(&role).with_context(|| format!("unknown role `{role}`"))?;
            let password = read_password()?;
            let u = app
                .create_user(
                    &admin,
                    NewUser {
                        username: &username,
                        display_name: name.as_deref().unwrap_or(&username),
                        password: &password,
                        role,
                        agency_id: agency,
                        officer_id: None,
                    },
                )
                .await
                .map_err(explain)?;
            println!("已创建用户 {}（{}）", u.username, role.label_zh());
            if let Some(no) = officer {
                app.link_user_officer(&admin, &u.username, Some(&no))
                    .await
                    .map_err(explain)?;
                println!("已关联执法证 {no}");
            }
        }
        UserCmd::Link {
            username,
            certificate_no,
        } => {
            app.link_user_officer(&admin, &username, certificate_no.as_deref())
                .await
                .map_err(explain)?;
            match certificate_no {
                Some(no) => println!("已将 {username} 关联到执法证 {no}"),
                None => println!("已解除 {username} 与执法人员的关联"),
            }
        }
        UserCmd::Passwd { username } => {
            let password = read_password()?;
            app.set_password(&admin, &username, &password)
                .await
                .map_err(explain)?;
            println!("已重置 {username} 的密码");
        }
        UserCmd::Role { username, role } => {
            let role = Role::from_code(&role).with_context(|| format!("unknown role `{role}`"))?;
            app.set_user_role(
                &Actor::system_as("cli", Role::SecurityAdmin),
                &username,
                role,
            )
            .await
            .map_err(explain)?;
            println!("已将 {username} 的角色改为{}", role.label_zh());
        }
        UserCmd::Lock { username } => {
            app.set_user_locked(&admin, &username, true)
                .await
                .map_err(explain)?;
            println!("已停用 {username}");
        }
        UserCmd::Unlock { username } => {
            app.set_user_locked(&admin, &username, false)
                .await
                .map_err(explain)?;
            println!("已启用 {username}");
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum ImportCmd {
    /// 导入执法人员 / import officers
    Officers { file: PathBuf },
    /// 导入执法主体 / import agencies
    Agencies { file: PathBuf },
}

pub async fn import(cfg: Config, cmd: ImportCmd) -> anyhow::Result<()> {
    let app = open(&cfg).await?;
    let admin = Actor::system("cli");
    let (file, officers) = match &cmd {
        ImportCmd::Officers { file } => (file, true),
        ImportCmd::Agencies { file } => (file, false),
    };
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let r = if officers {
        app.import_officers(&admin, &bytes).await
    } else {
        app.import_agencies(&admin, &bytes).await
    }
    .map_err(explain)?;
    println!("导入成功 / imported: {}", r.imported);
    Ok(())
}

#[derive(Subcommand)]
pub enum ExportCmd {
    /// 导出执法人员 / export officers
    Officers { file: PathBuf },
    /// 导出执法主体 / export agencies
    Agencies { file: PathBuf },
}

pub async fn export(cfg: Config, cmd: ExportCmd) -> anyhow::Result<()> {
    let app = open(&cfg).await?;
    let admin = Actor::system("cli");
    let (bytes, file) = match &cmd {
        ExportCmd::Officers { file } => (
            app.export_officers(&admin, &OfficerFilter::default()).await,
            file,
        ),
        ExportCmd::Agencies { file } => (app.export_agencies(&admin).await, file),
    };
    std::fs::write(file, bytes.map_err(explain)?)
        .with_context(|| format!("cannot write {}", file.display()))?;
    println!("已导出 / exported: {}", file.display());
    Ok(())
}

#[derive(Subcommand)]
pub enum CalendarCmd {
    /// 是否工作日（输出 workday 或 rest）/ prints `workday` or `rest`
    IsWorkday { date: NaiveDate },
    /// N个工作日后的日期（不含起算日）/ due date N working days after DATE
    AddWorkdays { date: NaiveDate, n: u32 },
    /// N日后的日期 / due date N calendar days after DATE
    AddDays {
        date: NaiveDate,
        n: u32,
        /// 期限届满日为节假日的，顺延至节假日后的第一日 / roll forward to the next working day
        #[arg(long)]
        roll_forward: bool,
    },
    /// 导入放假通知（CSV 或 holiday-cn JSON）/ import a holiday notice
    Import {
        file: PathBuf,
        /// 通知所属年度 / the notice year
        #[arg(long)]
        year: i32,
    },
}

/// Uses the stored calendar when a database exists, the built-in one otherwise.
async fn calendar_for(cfg: &Config) -> anyhow::Result<Arc<WorkCalendar>> {
    let has_db = !cfg.database_url.trim().is_empty() || cfg.data_dir.join("sanxiang.db").exists();
    if has_db {
        Ok(open(cfg).await?.calendar())
    } else {
        Ok(Arc::new(WorkCalendar::new(
            sanxiang_core::calendar::HolidayTable::try_builtin()
                .map_err(|e| anyhow::anyhow!("{e}"))?,
        )))
    }
}

pub async fn calendar(cfg: Config, cmd: CalendarCmd) -> anyhow::Result<()> {
    match cmd {
        CalendarCmd::IsWorkday { date } => {
            let cal = calendar_for(&cfg).await?;
            println!(
                "{}",
                if cal.is_workday(date) {
                    "workday"
                } else {
                    "rest"
                }
            );
            if cal.is_provisional(date) {
                eprintln!(
                    "注意：{} 年尚未收录放假通知，按周一至周五计算（W7）",
                    chrono::Datelike::year(&date)
                );
            }
        }
        CalendarCmd::AddWorkdays { date, n } => {
            let cal = calendar_for(&cfg).await?;
            let due = cal.add_workdays(date, n);
            println!("{}", due.format("%Y-%m-%d"));
            if cal.any_provisional(date, due) {
                eprintln!("注意：期间含尚未收录放假通知的年度，结果为暂定（W7）");
            }
        }
        CalendarCmd::AddDays {
            date,
            n,
            roll_forward,
        } => {
            let cal = calendar_for(&cfg).await?;
            println!("{}", cal.add_days(date, n, roll_forward).format("%Y-%m-%d"));
        }
        CalendarCmd::Import { file, year } => {
            let app = open(&cfg).await?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let entries =
                sanxiang_app::calendar::parse_notice(&text).map_err(|v| anyhow::anyhow!("{v}"))?;
            let r = app
                .import_notice(&Actor::system("cli"), year, entries)
                .await
                .map_err(explain)?;
            println!(
                "已导入{}年放假通知（{}条）；日历版本 {} → {}；未到期期限{}个，到期日变化{}个",
                r.notice_year,
                r.entries,
                r.old_version,
                r.new_version,
                r.deadlines_checked,
                r.deadlines_moved
            );
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum IdCmd {
    /// 校验 / check: KIND is credit-code | org-code | id-number | division
    Check { kind: String, value: String },
}

fn report<T>(c: Checked<T>, describe: impl FnOnce(&T) -> String) -> ExitCode {
    match c {
        Checked::Valid(v) => {
            println!("valid");
            println!("{}", describe(&v));
            ExitCode::SUCCESS
        }
        Checked::Masked(_) => {
            println!("masked");
            ExitCode::SUCCESS
        }
        Checked::Invalid(e) => {
            println!("invalid: {}", e.message_zh());
            println!("{} ({})", e, e.rule());
            ExitCode::from(1)
        }
    }
}

pub fn id(cmd: IdCmd) -> ExitCode {
    let IdCmd::Check { kind, value } = cmd;
    match kind.as_str() {
        "credit-code" => report(CreditCode::check(&value), |c| {
            let region = c
                .division()
                .map(|d| d.full_name())
                .unwrap_or_else(|| "未知区划".into());
            format!(
                "组织机构代码 {}；登记管理机关区划 {} {}",
                c.org_code(),
                c.region(),
                region
            )
        }),
        "org-code" => report(OrgCode::check(&value), |c| format!("{c}")),
        "id-number" => report(IdNumber::check(&value), |c| {
            format!(
                "{}；出生日期 {}；{}",
                c.masked(),
                c.birth_date(),
                c.sex().label_zh()
            )
        }),
        "division" => report(DivisionCode::check(&value), |d| {
            let status = match d.status() {
                sanxiang_core::ids::DivisionStatus::InUse => "在用".to_owned(),
                sanxiang_core::ids::DivisionStatus::Retired { since, .. } => {
                    format!("{since}年起弃用")
                }
            };
            format!("{}（{}，{}）", d.full_name(), d.level().label_zh(), status)
        }),
        other => {
            println!(
                "invalid: 未知类型 {other}（应为 credit-code、org-code、id-number 或 division）"
            );
            ExitCode::from(2)
        }
    }
}
