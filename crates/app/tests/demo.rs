//! The demo county: seeded once, complete, realistic enough to show every registry feature.
#![allow(clippy::unwrap_used)]
#![allow(clippy::disallowed_methods)] // the demo is seeded relative to the day it starts

use std::sync::Arc;

use std::time::Instant;

use chrono::{TimeZone, Utc};
use sanxiang_app::demo::{COUNTY_NAME, random_password, seed_demo};
use sanxiang_app::forms::AgencyForm;
use sanxiang_app::{Actor, App, FixedClock};
use sanxiang_core::auth::{Role, Scope, check_password};
use sanxiang_core::registry::CertificateStatus;

const LOCAL: std::net::IpAddr = std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);
use sanxiang_store::repo::agencies::AgencyFilter;
use sanxiang_store::repo::officers::OfficerFilter;
use sanxiang_store::repo::{self, PageRequest};
use sanxiang_store::{ConnectionTrait, Store};

/// A fresh database on every backend.
async fn databases() -> Vec<String> {
    let mut urls = Vec::new();
    for b in sanxiang_test_support::backends() {
        urls.push(sanxiang_test_support::fresh_database(b).await);
    }
    urls
}

async fn app_at(url: &str, now: chrono::DateTime<Utc>) -> App {
    let store = Store::connect(url).await.expect("connect");
    let seal = sanxiang_ledger::seal::SealKey::from_bytes([9; 16]);
    App::builder(store, Arc::new(FixedClock::new(now)), seal)
        .start()
        .await
        .expect("start")
}

fn system() -> Actor {
    Actor::system("test")
}

async fn officers_with(app: &App, status: Option<CertificateStatus>) -> u64 {
    let filter = OfficerFilter {
        status,
        ..Default::default()
    };
    app.list_officers(&system(), &filter, PageRequest::new(1, 1))
        .await
        .expect("list officers")
        .total
}

#[tokio::test]
async fn demo_is_seeded_once_with_a_complete_county() {
    for db in databases().await {
        demo_is_seeded_once_with_a_complete_county_on(&db).await;
    }
}

async fn demo_is_seeded_once_with_a_complete_county_on(db: &str) {
    let app = app_at(db, Utc::now()).await;

    let started = Instant::now();
    let creds = seed_demo(&app)
        .await
        .expect("seed")
        .expect("first run creates the demo");
    eprintln!(
        "seed_demo took {:?} (7 password hashes included)",
        started.elapsed()
    );
    assert!(
        seed_demo(&app).await.expect("second seed").is_none(),
        "second run creates nothing"
    );

    let agencies = app
        .list_agencies(&system(), &AgencyFilter::default(), PageRequest::new(1, 1))
        .await
        .expect("agencies");
    assert!(agencies.total >= 12, "{} agencies", agencies.total);
    let officers = officers_with(&app, None).await;
    assert!((140..=160).contains(&officers), "{officers} officers");

    // Every user role, each with a password that meets SEC-2 and signs in.
    let roles: Vec<Role> = creds.users.iter().map(|(_, _, r)| *r).collect();
    for r in Role::ALL {
        assert!(roles.contains(&r), "no demo user with role {r:?}");
    }
    for (username, password, role) in &creds.users {
        assert!(
            check_password(password).is_ok(),
            "{username}: weak password"
        );
        let s = app
            .login(username, password, LOCAL)
            .await
            .unwrap_or_else(|e| panic!("{username} cannot log in: {e}"));
        assert_eq!(s.actor.role, *role);
    }
    assert!(
        !format!("{creds:?}").contains(&creds.users[0].1),
        "Debug must not print passwords"
    );

    // About 300 cases in every procedure of the script and many stages, all in the ledger.
    let head = Actor::system_as("test", Role::Head);
    let all = app
        .list_cases(&head, &Default::default(), PageRequest::new(1, 200))
        .await
        .expect("cases");
    assert!((280..=300).contains(&all.total), "{} demo cases", all.total);
    let stages: std::collections::BTreeSet<&str> =
        all.items.iter().map(|c| c.stage.as_str()).collect();
    let kinds: std::collections::BTreeSet<&str> =
        all.items.iter().map(|c| c.kind.as_str()).collect();
    assert!(stages.len() >= 8, "{stages:?}");
    // CASE-1: every procedure, licensing and coercion included.
    assert_eq!(kinds.len(), 5, "{kinds:?}");
    assert!(all.items.iter().any(|c| c.closed));
    let acts: i64 = all.items.iter().map(|c| c.act_count).sum();
    assert!(app.ledger_size().await.expect("size") >= acts as u64);
    let view = app.case_view(&head, all.items[0].id).await.expect("view");
    assert_eq!(view.acts.len() as i64, all.items[0].act_count);
    // CASE-6: the demo reviewer reads the ordinary penalty cases assigned to them, and no other.
    let (_, password, _) = creds
        .users
        .iter()
        .find(|(u, _, _)| u == "reviewer")
        .expect("demo reviewer");
    let reviewer = app
        .login("reviewer", password, LOCAL)
        .await
        .expect("login")
        .actor;
    let theirs = app
        .list_cases(&reviewer, &Default::default(), PageRequest::new(1, 200))
        .await
        .expect("reviewer's cases");
    assert!(
        theirs.total > 0 && theirs.total < all.total,
        "{}",
        theirs.total
    );
    assert!(theirs.items.iter().all(|c| c.kind == "penalty_ordinary"));
}

#[tokio::test]
async fn demo_certificates_are_in_every_status_and_some_agency_lacks_reviewers() {
    for db in databases().await {
        demo_certificates_are_in_every_status_and_some_agency_lacks_reviewers_on(&db).await;
    }
}

async fn demo_certificates_are_in_every_status_and_some_agency_lacks_reviewers_on(db: &str) {
    let app = app_at(db, Utc::now()).await;
    seed_demo(&app).await.expect("seed");

    for s in CertificateStatus::ALL {
        let n = officers_with(&app, Some(s)).await;
        assert!(n >= 1, "no certificate {s:?}");
        if s != CertificateStatus::Active {
            assert!(n <= 15, "{n} certificates {s:?}: most should be active");
        }
    }
    let ratios = app.reviewer_ratios(&system()).await.expect("ratios");
    assert!(
        ratios
            .iter()
            .any(|r| r.warning.as_ref().is_some_and(|w| w.rule == "R8"))
    );
    assert!(
        ratios
            .iter()
            .any(|r| r.warning.is_none() && r.ratio.reviewers > 0)
    );
    let reviewers = app
        .list_officers(
            &system(),
            &OfficerFilter {
                reviewers_only: true,
                ..Default::default()
            },
            PageRequest::new(1, 200),
        )
        .await
        .expect("reviewers");
    let officers = officers_with(&app, None).await;
    let share = reviewers.total as f64 / officers as f64;
    assert!((0.06..=0.10).contains(&share), "reviewer share {share}");
    assert!(
        reviewers
            .items
            .iter()
            .filter(|r| r.officer.legal_qualified)
            .count()
            * 2
            > reviewers.items.len()
    );

    // Status changes are recorded events with reasons.
    let revoked = app
        .list_officers(
            &system(),
            &OfficerFilter {
                status: Some(CertificateStatus::Revoked),
                ..Default::default()
            },
            PageRequest::new(1, 50),
        )
        .await
        .expect("revoked");
    for row in &revoked.items {
        let cert = row.certificate.as_ref().expect("certificate");
        let events = app
            .certificate_events(&system(), cert.id)
            .await
            .expect("events");
        let last = events.last().expect("an event");
        assert_eq!(last.to_status, "revoked");
        assert!(!last.reason.trim().is_empty());
    }
}

#[tokio::test]
async fn demo_has_an_entrustment_advisers_deadlines_and_a_supervisor_who_sees_the_county() {
    for db in databases().await {
        demo_has_an_entrustment_advisers_deadlines_and_a_supervisor_who_sees_the_county_on(&db)
            .await;
    }
}

async fn demo_has_an_entrustment_advisers_deadlines_and_a_supervisor_who_sees_the_county_on(
    db: &str,
) {
    let app = app_at(db, Utc::now()).await;
    let creds = seed_demo(&app).await.expect("seed").expect("created");

    let all = app.agencies_in_scope(&system()).await.expect("agencies");
    let entrusted = all
        .iter()
        .find(|a| a.nature == "entrusted")
        .expect("an entrusted body");
    let e = app
        .entrustments_of(&system(), entrusted.id)
        .await
        .expect("entrustments");
    assert_eq!(e.len(), 1);
    assert!(e[0].publication_url.starts_with("https://"));
    assert!(all.iter().any(|a| a.nature == "empowered"));
    assert!(all.iter().any(|a| a.nature == "township"));
    for a in &all {
        let code = a.credit_code.as_deref().expect("credit code");
        assert!(
            sanxiang_core::ids::CreditCode::parse(code).is_ok(),
            "{code}"
        );
        assert!(a.division_code.starts_with("4301"));
    }

    let advisers = app.advisers(&system()).await.expect("advisers");
    assert!(advisers.iter().any(|a| a.agency_id.is_none()));
    assert!(advisers.iter().any(|a| a.agency_id.is_some()));
    assert!(
        repo::deadlines::open(app.store().db())
            .await
            .expect("deadlines")
            .len()
            >= 2
    );

    let (_, password, _) = creds
        .users
        .iter()
        .find(|(u, _, _)| u == "supervisor")
        .expect("supervisor");
    let supervisor = app
        .login("supervisor", password, LOCAL)
        .await
        .expect("login")
        .actor;
    assert_eq!(supervisor.scope, Scope::Division("4301".to_owned()));
    assert_eq!(
        app.agencies_in_scope(&supervisor)
            .await
            .expect("scope")
            .len(),
        all.len()
    );

    for who in ["officer", "reviewer"] {
        let (_, password, _) = creds.users.iter().find(|(u, _, _)| u == who).expect("user");
        let actor = app.login(who, password, LOCAL).await.expect("login").actor;
        let officer_id = actor.officer_id.expect("linked to an officer record");
        let row = app
            .get_officer(&actor, officer_id, false)
            .await
            .expect("own record");
        assert_eq!(row.officer.is_reviewer, who == "reviewer");
        assert!(row.agency_name.starts_with(COUNTY_NAME));
    }
}

#[tokio::test]
async fn a_rerun_after_a_crash_creates_only_the_missing_users() {
    for db in databases().await {
        a_rerun_after_a_crash_creates_only_the_missing_users_on(&db).await;
    }
}

async fn a_rerun_after_a_crash_creates_only_the_missing_users_on(db: &str) {
    let app = app_at(db, Utc::now()).await;
    seed_demo(&app).await.expect("seed");
    // As if the process had died after the registry and four users.
    app.store()
        .db()
        .execute_unprepared(
            "DELETE FROM app_user WHERE username IN ('secadmin', 'auditor', 'head')",
        )
        .await
        .expect("delete");
    let officers = officers_with(&app, None).await;

    let creds = seed_demo(&app)
        .await
        .expect("rerun")
        .expect("missing users created");
    let mut names: Vec<&str> = creds.users.iter().map(|(u, _, _)| u.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["auditor", "head", "secadmin"]);
    assert_eq!(
        officers_with(&app, None).await,
        officers,
        "registry not seeded twice"
    );
    assert!(seed_demo(&app).await.expect("third run").is_none());
}

#[tokio::test]
async fn a_database_with_real_agencies_is_left_alone() {
    for db in databases().await {
        a_database_with_real_agencies_is_left_alone_on(&db).await;
    }
}

async fn a_database_with_real_agencies_is_left_alone_on(db: &str) {
    let app = app_at(db, Utc::now()).await;
    let form = AgencyForm {
        name: "某县市场监督管理局".into(),
        nature: "行政机关".into(),
        division_code: "430121".into(),
        category: "市场监管".into(),
        legal_representative: "王某".into(),
        address: "某县某路1号".into(),
        complaint_phone: "12315".into(),
        ..Default::default()
    };
    app.create_agency(&system(), &form).await.expect("agency");
    assert!(seed_demo(&app).await.expect("seed").is_none());
    assert_eq!(
        repo::users::count(app.store().db()).await.expect("users"),
        0
    );
    assert_eq!(
        repo::agencies::count(app.store().db())
            .await
            .expect("agencies"),
        1
    );
}

#[tokio::test]
async fn the_demo_is_complete_whatever_the_date() {
    for now in [
        Utc.with_ymd_and_hms(2024, 1, 2, 1, 0, 0),
        Utc.with_ymd_and_hms(2031, 7, 1, 1, 0, 0),
    ] {
        for db in databases().await {
            let app = app_at(&db, now.single().expect("date")).await;
            seed_demo(&app).await.expect("seed");
            for s in CertificateStatus::ALL {
                assert!(
                    officers_with(&app, Some(s)).await >= 1,
                    "no certificate {s:?} at {now:?}"
                );
            }
        }
    }
}

#[test]
fn random_passwords_meet_the_policy_and_avoid_look_alikes() {
    for _ in 0..200 {
        let p = random_password();
        assert_eq!(p.chars().count(), 12);
        assert!(check_password(&p).is_ok(), "{p}");
        assert!(!p.chars().any(|c| "0O1lI".contains(c)), "{p}");
    }
}
