//! `sanxiang bench writers`: concurrent writers over HTTP against the configured database, the
//! way a busy county works (SEC-2 reliability figure). Each writer is an officer signed in with
//! their own account; for the whole run it files a case (the second officer confirming on the
//! device), records an on-site inspection in it (likewise confirmed), and uploads a small file
//! to it (create, part, complete). Every answer is counted; the target is no error at all.
//! The server is this process's, on a loopback port, with the production router and limits.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use sanxiang_app::auth::NewUser;
use sanxiang_app::{Actor, App};
use sanxiang_core::auth::Role;
use sanxiang_core::registry::CertificateStatus;
use sanxiang_store::repo::PageRequest;
use sanxiang_store::repo::officers::OfficerFilter;
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::config::Config;

const PASSWORD: &str = "Bench-Writers-9x";

/// The officers of the agency with the most active certificates of one category, as
/// (certificate, officer id), and the agency and category.
async fn officers(app: &App) -> anyhow::Result<(i64, String, Vec<(String, i64)>)> {
    let page = app
        .list_officers(
            &Actor::system("bench"),
            &OfficerFilter {
                status: Some(CertificateStatus::Active),
                ..Default::default()
            },
            PageRequest::new(1, 200),
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut teams: BTreeMap<(i64, String), Vec<(String, i64)>> = BTreeMap::new();
    for r in &page.items {
        if let Some(c) = &r.certificate {
            teams
                .entry((r.officer.agency_id, c.category.clone()))
                .or_default()
                .push((c.number.clone(), r.officer.id));
        }
    }
    let ((agency, category), team) = teams
        .into_iter()
        .max_by_key(|(_, t)| t.len())
        .filter(|(_, t)| t.len() >= 2)
        .context("no agency with two active officers of one category")?;
    Ok((agency, category, team))
}

#[derive(Default)]
struct Tally {
    ok: BTreeMap<&'static str, u64>,
    errors: BTreeMap<String, u64>,
}

pub async fn run(cfg: &Config, writers: u64, secs: u64) -> anyhow::Result<()> {
    let evidence_dir = cfg.data_dir.join("evidence");
    let evidence = sanxiang_evidence::EvidenceStore::open(&evidence_dir)
        .with_context(|| format!("cannot open {}", evidence_dir.display()))?;
    let builder = crate::commands::builder(cfg)
        .await?
        .evidence(Arc::new(evidence));
    let app = crate::commands::start(builder).await?;
    if sanxiang_app::demo::seed_demo(&app)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .is_some()
    {
        println!("(seeded the demo county first)");
    }
    let (agency_id, category, team) = officers(&app).await?;
    // One account per officer of the team (the second officer of a pair confirms with it).
    let admin = Actor::system("bench");
    for (cert, officer_id) in &team {
        let username = format!("bench-{cert}");
        let exists = app
            .list_users(&admin)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .iter()
            .any(|u| u.username == username);
        if !exists {
            app.create_user(
                &admin,
                NewUser {
                    username: &username,
                    display_name: "基准测试执法人员",
                    password: PASSWORD,
                    role: Role::Officer,
                    agency_id,
                    officer_id: Some(*officer_id),
                },
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let state = sanxiang_web::AppState::new(app.clone());
    let server = tokio::spawn(sanxiang_web::serve_with(
        state,
        listener,
        cfg.limits(),
        async {
            stopped.await.ok();
        },
    ));
    let pairs = team.len() / 2;
    let tally = Arc::new(Mutex::new(Tally::default()));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for w in 0..writers as usize {
        let me = team[2 * (w % pairs)].0.clone();
        let other = team[2 * (w % pairs) + 1].0.clone();
        // Signed in through the use case (the per-address sign-in limit is for people).
        let session = app
            .login(
                &format!("bench-{me}"),
                PASSWORD,
                std::net::IpAddr::V4(std::net::Ipv4Addr::new(
                    10,
                    99,
                    (w / 250) as u8,
                    (w % 250) as u8,
                )),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::COOKIE,
            format!("sx_session={}", session.token).parse()?,
        );
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .build()?;
        let (base, tally, category) = (base.clone(), tally.clone(), category.clone());
        tasks.spawn(async move {
            let w = Writer {
                client,
                base,
                tally,
                me,
                other,
            };
            while Instant::now() < deadline {
                w.round(agency_id, &category).await;
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    let elapsed = started.elapsed().as_secs_f64();
    let _ = stop.send(());
    let _ = server.await;
    let t = tally.lock().await;
    let ok: u64 = t.ok.values().sum();
    let errors: u64 = t.errors.values().sum();
    println!(
        "writers: {writers} officers over HTTP for {elapsed:.1} s on {}: {ok} writes answered 2xx ({:.0}/s), {errors} errors",
        app.store().backend(),
        ok as f64 / elapsed
    );
    for (what, n) in &t.ok {
        println!("  {what:<22} {n:>8}  {:>7.1}/s", *n as f64 / elapsed);
    }
    for (what, n) in &t.errors {
        println!("  ERROR {what}: {n}");
    }
    if errors > 0 {
        anyhow::bail!("{errors} writes failed");
    }
    Ok(())
}

struct Writer {
    client: reqwest::Client,
    base: String,
    tally: Arc<Mutex<Tally>>,
    me: String,
    other: String,
}

impl Writer {
    /// Sends one write; the body of a 2xx answer, or `None` (counted as an error).
    async fn send(&self, what: &'static str, req: reqwest::RequestBuilder) -> Option<Value> {
        let outcome = match req.send().await {
            Ok(r) if r.status().is_success() => Ok(r.json::<Value>().await.unwrap_or(Value::Null)),
            Ok(r) => {
                let status = r.status().as_u16();
                let body = r.text().await.unwrap_or_default();
                Err(format!(
                    "{what} {status} {}",
                    body.chars().take(160).collect::<String>()
                ))
            }
            Err(e) => Err(format!("{what} transport {e}")),
        };
        let mut t = self.tally.lock().await;
        match outcome {
            Ok(v) => {
                *t.ok.entry(what).or_default() += 1;
                Some(v)
            }
            Err(e) => {
                *t.errors.entry(e).or_default() += 1;
                None
            }
        }
    }

    fn confirmation(&self) -> Value {
        json!([{"certificate_no": self.other, "password": PASSWORD}])
    }

    async fn round(&self, agency_id: i64, category: &str) {
        let officers = json!([self.me, self.other]);
        let filing = json!({
            "agency_id": agency_id,
            "kind": "penalty_ordinary",
            "matter_category": category,
            "matter_area": sanxiang_app::demo::COUNTY_NAME,
            "first_act": {
                "officers": officers,
                "place": "示范县人民路8号",
                "confirmations": self.confirmation(),
                "payload": {"kind": "filing", "data": {
                    "party": {"name": "示范县基准测试有限公司",
                              "id": {"type": "organisation", "credit_code": "911306840787827947"},
                              "service_address": "示范县人民路1号", "agents": []},
                    "cause": "基准测试",
                    "violation_on": "2026-11-01", "continuing_until": null,
                    "discovered_on": "2026-11-20", "serious_harm": false,
                    "complex_or_serious": false, "review_required": false,
                    "approved_by": "分管负责人"
                }}
            }
        });
        let url = |p: &str| format!("{}{p}", self.base);
        let Some(case) = self
            .send(
                "file case",
                self.client.post(url("/api/v1/cases")).json(&filing),
            )
            .await
        else {
            return;
        };
        let Some(id) = case["id"].as_i64() else {
            return;
        };
        let inspection = json!({
            "officers": officers,
            "place": "示范县人民路8号",
            "confirmations": self.confirmation(),
            "payload": {"kind": "transcript", "data": {
                "kind": "inspection", "certificates_shown": officers, "rights_notified": true,
                "content": "现场检查", "officers_signed": true, "party_signed": true,
                "refusal_note": null, "witness": null
            }}
        });
        self.send(
            "record act",
            self.client
                .post(url(&format!("/api/v1/cases/{id}/acts")))
                .json(&inspection),
        )
        .await;
        // A small photo: distinct bytes per case, so that each is a new file.
        let mut photo = b"\xFF\xD8\xFF\xE0 bench photo ".to_vec();
        photo.extend_from_slice(&id.to_le_bytes());
        photo.resize(64 << 10, 0x5A);
        let Some(up) = self
            .send(
                "upload create",
                self.client
                    .post(url(&format!("/api/v1/cases/{id}/evidence/uploads")))
                    .json(
                        &json!({"size": photo.len(), "metadata": {"content_type": "image/jpeg"}}),
                    ),
            )
            .await
        else {
            return;
        };
        let Some(upload) = up["id"].as_str().map(str::to_owned) else {
            return;
        };
        if self
            .send(
                "upload part",
                self.client
                    .put(url(&format!("/api/v1/evidence/uploads/{upload}?offset=0")))
                    .body(photo),
            )
            .await
            .is_none()
        {
            return;
        }
        self.send(
            "upload complete",
            self.client
                .post(url(&format!("/api/v1/evidence/uploads/{upload}/complete")))
                .json(&json!({})),
        )
        .await;
    }
}
