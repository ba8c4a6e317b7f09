//! Test harness: a real server on 127.0.0.1:0 over a fresh database, on SQLite and — when
//! `SANXIANG_TEST_DATABASE_URL` is set — on PostgreSQL too. Each test gets its own database.
#![allow(clippy::unwrap_used)]
#![allow(dead_code)]

use std::sync::Arc;

use sanxiang_app::auth::NewUser;
use sanxiang_app::forms::{AgencyForm, OfficerForm};
use sanxiang_app::{Actor, App, AppBuilder, FixedClock};
use sanxiang_core::auth::Role;
use sanxiang_store::Store;

pub const PASSWORD: &str = "Sx-test-Passw0rd";

pub use sanxiang_test_support::{Backend, backends, fresh_database};

/// An app over a fresh database with a clock fixed at 2026-11-23 10:00 CST.
static EVIDENCE_DIRS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

pub async fn app(backend: Backend) -> (App, Arc<FixedClock>) {
    let url = fresh_database(backend).await;
    let clock = test_clock();
    (app_over(&url, clock.clone(), |b| b).await, clock)
}

/// An app over a fresh database, built further by `configure`.
pub async fn app_built(
    backend: Backend,
    configure: impl FnOnce(AppBuilder) -> AppBuilder,
) -> (App, Arc<FixedClock>) {
    let url = fresh_database(backend).await;
    let clock = test_clock();
    (app_over(&url, clock.clone(), configure).await, clock)
}

/// The clock of a test world: 2026-11-23 10:00 CST until a test moves it.
pub fn test_clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(
        chrono::DateTime::parse_from_rfc3339("2026-11-23T02:00:00Z")
            .expect("time")
            .with_timezone(&chrono::Utc),
    ))
}

/// An app over the database at `url` with the test seal key and an evidence directory of its
/// own, built further by `configure` (a renderer, a search index, signing keys …).
pub async fn app_over(
    url: &str,
    clock: Arc<FixedClock>,
    configure: impl FnOnce(AppBuilder) -> AppBuilder,
) -> App {
    let store = Store::connect(url).await.expect("connect");
    let dir = std::env::temp_dir().join(format!(
        "sanxiang-evidence-{}-{}",
        std::process::id(),
        EVIDENCE_DIRS.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let seal = sanxiang_ledger::seal::SealKey::from_bytes([0x5a; 16]);
    let builder = App::builder(store, clock, seal).evidence(Arc::new(
        sanxiang_evidence::EvidenceStore::open(&dir).expect("evidence store"),
    ));
    configure(builder).start().await.expect("start app")
}

pub fn agency_form(name: &str, division: &str) -> AgencyForm {
    AgencyForm {
        name: name.into(),
        short_name: String::new(),
        nature: "organ".into(),
        credit_code: String::new(),
        division_code: division.into(),
        parent_id: String::new(),
        funding: "full".into(),
        staffing: "30".into(),
        category: "市场监管".into(),
        duties: "负责本行政区域内的市场监督管理执法。".into(),
        legal_representative: "王某".into(),
        address: "示范县人民路1号".into(),
        complaint_phone: "0731-12345678".into(),
    }
}

pub fn officer_form(agency_id: i64, name: &str, cert: &str) -> OfficerForm {
    OfficerForm {
        agency_id: agency_id.to_string(),
        name: name.into(),
        sex: "男".into(),
        post: "执法队员".into(),
        certificate_no: cert.into(),
        certificate_category: "市场监管".into(),
        certificate_area: "示范县".into(),
        certificate_issued_by: "长沙市人民政府".into(),
        certificate_valid_from: "2024-01-01".into(),
        certificate_valid_until: "2029-12-31".into(),
        ..Default::default()
    }
}

/// A small registry: a city judicial bureau (430100), two county agencies (430121) and a
/// user per role. Users: `head1` (agency A), `head2` (agency B), `officer1` (A),
/// `supervisor` (city), `sysadmin`, `secadmin`, `auditor`.
pub struct World {
    pub app: App,
    /// The database, for a second app over it ([`Server::beside`]).
    pub url: String,
    pub clock: Arc<FixedClock>,
    pub city: i64,
    pub agency_a: i64,
    pub agency_b: i64,
}

pub async fn world(backend: Backend) -> World {
    world_with(backend, |b| b).await
}

/// A world whose app is built further by `configure`.
pub async fn world_with(
    backend: Backend,
    configure: impl FnOnce(AppBuilder) -> AppBuilder,
) -> World {
    let url = fresh_database(backend).await;
    let clock = test_clock();
    let app = app_over(&url, clock.clone(), configure).await;
    let sys = Actor::system("test");
    let city = app
        .create_agency(&sys, &agency_form("长沙市司法局", "430100"))
        .await
        .expect("city")
        .id;
    let a = app
        .create_agency(&sys, &agency_form("示范县市场监督管理局", "430121"))
        .await
        .expect("a")
        .id;
    let b = app
        .create_agency(&sys, &agency_form("示范县生态环境局", "430121"))
        .await
        .expect("b")
        .id;
    for (user, role, agency) in [
        ("head1", Role::Head, a),
        ("head2", Role::Head, b),
        ("officer1", Role::Officer, a),
        ("officer2", Role::Officer, a),
        ("supervisor", Role::Supervisor, city),
        ("sysadmin", Role::SystemAdmin, city),
        ("secadmin", Role::SecurityAdmin, city),
        ("auditor", Role::AuditAdmin, city),
    ] {
        app.create_user(
            &sys,
            NewUser {
                username: user,
                display_name: user,
                password: PASSWORD,
                role,
                agency_id: agency,
                officer_id: None,
            },
        )
        .await
        .expect("user");
    }
    World {
        app,
        url,
        clock,
        city,
        agency_a: a,
        agency_b: b,
    }
}

/// A running server for a world.
pub struct Server {
    pub base: String,
    pub world: World,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

pub async fn server(backend: Backend) -> Server {
    server_with(backend, sanxiang_web::Limits::default()).await
}

/// A running server whose app is built further by `configure` (a renderer, a search index …).
pub async fn server_built(
    backend: Backend,
    configure: impl FnOnce(AppBuilder) -> AppBuilder,
) -> Server {
    serve(
        world_with(backend, configure).await,
        sanxiang_web::Limits::default(),
    )
    .await
}

/// A running server with the given connection limits.
pub async fn server_with(backend: Backend, limits: sanxiang_web::Limits) -> Server {
    serve(world(backend).await, limits).await
}

async fn serve(world: World, limits: sanxiang_web::Limits) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let state = sanxiang_web::AppState::new(world.app.clone());
    tokio::spawn(async move {
        sanxiang_web::serve_with(state, listener, limits, async {
            rx.await.ok();
        })
        .await
        .expect("serve");
    });
    Server {
        base: format!("http://{addr}"),
        world,
        _shutdown: tx,
    }
}

impl Server {
    /// A second server over the same database and clock, its app built with other settings —
    /// what a restart after a configuration change serves. Clients signed in to this server
    /// stay signed in there (sessions live in the database; cookies do not name the port).
    pub async fn beside(&self, configure: impl FnOnce(AppBuilder) -> AppBuilder) -> Server {
        let app = app_over(&self.world.url, self.world.clock.clone(), configure).await;
        let world = World {
            app,
            url: self.world.url.clone(),
            clock: self.world.clock.clone(),
            city: self.world.city,
            agency_a: self.world.agency_a,
            agency_b: self.world.agency_b,
        };
        serve(world, sanxiang_web::Limits::default()).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A client with its own cookie jar, signed in as `user`.
    pub async fn client(&self, user: &str) -> reqwest::Client {
        self.signed_in(user, true).await
    }

    /// A signed-in client that does not follow redirects (to assert 303s).
    pub async fn client_no_redirect(&self, user: &str) -> reqwest::Client {
        self.signed_in(user, false).await
    }

    async fn signed_in(&self, user: &str, follow: bool) -> reqwest::Client {
        let policy = if follow {
            reqwest::redirect::Policy::default()
        } else {
            reqwest::redirect::Policy::none()
        };
        let c = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(policy)
            .build()
            .expect("client");
        let r = c
            .post(self.url("/api/v1/session"))
            .json(&serde_json::json!({"username": user, "password": PASSWORD}))
            .send()
            .await
            .expect("login");
        assert_eq!(r.status(), 200, "login as {user}");
        c
    }

    pub fn anonymous(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }
}

/// Links a user account to the officer holding `cert` (an officer reads the cases they act in,
/// CASE-6). Do it before signing the user in: linking ends the user's sessions.
#[allow(dead_code)]
pub async fn link_officer(s: &Server, username: &str, cert: &str) {
    s.world
        .app
        .link_user_officer(&Actor::system("test"), username, Some(cert))
        .await
        .expect("link the user to the officer");
}

/// Local rules allowing decision-period extensions as a sector rule would (P8: 30 days with
/// the head's approval, then collectively; at most 3).
#[allow(dead_code)]
pub fn local_rules() -> sanxiang_core::case::local_rules::LocalRules {
    use sanxiang_core::case::local_rules::{ExtensionRule, LocalRulesFile, RuleSet};
    LocalRulesFile {
        default: RuleSet {
            decision_extension: Some(ExtensionRule {
                max_extensions: 3,
                max_days: 30,
                collective_after_first: true,
                citation: "测试用部门规章".into(),
            }),
            ..RuleSet::default()
        },
        overrides: Vec::new(),
    }
    .check()
    .expect("lawful local rules")
}

/// The document renderer over Debian's fonts, loaded once per test binary.
#[allow(dead_code)]
pub fn renderer() -> Arc<sanxiang_docgen::Renderer> {
    static R: std::sync::OnceLock<Arc<sanxiang_docgen::Renderer>> = std::sync::OnceLock::new();
    R.get_or_init(|| {
        let dirs: Vec<std::path::PathBuf> = sanxiang_docgen::DEFAULT_FONT_DIRS
            .iter()
            .map(std::path::PathBuf::from)
            .collect();
        Arc::new(sanxiang_docgen::Renderer::new(
            sanxiang_docgen::FontSet::load(&dirs)
                .expect("CJK fonts (apt-get install fonts-noto-cjk)"),
        ))
    })
    .clone()
}

/// CASE-2: the officers `who` named in an act body (`officers`, also under `first_act`) confirm
/// it on the recording device with their own password — as the second officer at the scene
/// does. Their accounts are the world's (`officer2`, linked by the test to its certificate).
#[allow(dead_code)]
pub fn confirmed_by(mut body: serde_json::Value, who: &[&str]) -> serde_json::Value {
    fn add(act: &mut serde_json::Value, who: &[&str]) {
        let Some(officers) = act.get("officers").and_then(|o| o.as_array()).cloned() else {
            return;
        };
        if act.get("confirmations").is_some() {
            return;
        }
        let list: Vec<serde_json::Value> = officers
            .iter()
            .filter_map(|o| o.as_str())
            .filter(|o| who.contains(o))
            .map(|o| serde_json::json!({"certificate_no": o, "password": PASSWORD}))
            .collect();
        act["confirmations"] = serde_json::Value::Array(list);
    }
    add(&mut body, who);
    if let Some(first) = body.get_mut("first_act") {
        add(first, who);
    }
    body
}
