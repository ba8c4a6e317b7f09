//! SEC-2 over HTTP: the findings of the black-box probe, each kept closed by a test that failed
//! before its fix — evidence that would run as script, huge page numbers, concurrent upload
//! completions, slow clients, account enumeration and lockout, hostile text, formula cells,
//! caching of personal data, the CSRF origin and the metrics endpoint.
#![allow(clippy::unwrap_used)]

mod common;

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use sanxiang_app::Actor;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const C1: &str = "43012120250001";
const C2: &str = "43012120250002";

async fn officers(s: &common::Server) {
    let sys = Actor::system("test");
    for (name, cert) in [("张三", C1), ("李四", C2)] {
        let f = common::officer_form(s.world.agency_a, name, cert);
        s.world.app.create_officer(&sys, &f).await.unwrap();
    }
    common::link_officer(s, "officer1", C1).await;
}

fn filing(agency: i64, party_name: &str, cause: &str) -> Value {
    json!({
        "agency_id": agency,
        "kind": "penalty_ordinary",
        "matter_category": "市场监管",
        "matter_area": "示范县",
        "first_act": {
            "officers": [C1, C2],
            "place": "示范县人民路8号",
            "payload": {"kind": "filing", "data": {
                "party": {"name": party_name, "id": {"type": "organisation", "credit_code": "91350100M000100Y43"},
                          "service_address": "示范县人民路8号", "agents": []},
                "cause": cause,
                "violation_on": "2026-11-01",
                "continuing_until": null,
                "discovered_on": "2026-11-20",
                "serious_harm": false,
                "complex_or_serious": false,
                "review_required": false,
                "approved_by": "局长"
            }}
        }
    })
}

async fn post(c: &reqwest::Client, url: String, body: &Value) -> (u16, Value) {
    let r = c.post(url).json(body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn file_case(s: &common::Server, c: &reqwest::Client) -> i64 {
    let (status, case) = post(
        c,
        s.url("/api/v1/cases"),
        &filing(s.world.agency_a, "示范县某超市", "销售过期食品"),
    )
    .await;
    assert_eq!(status, 201, "{case}");
    case["id"].as_i64().unwrap()
}

/// Creates an upload of `bytes` declared as `content_type` and sends its one part; its id.
async fn upload(
    s: &common::Server,
    c: &reqwest::Client,
    case: i64,
    bytes: &[u8],
    content_type: &str,
) -> String {
    let (status, up) = post(
        c,
        s.url(&format!("/api/v1/cases/{case}/evidence/uploads")),
        &json!({"size": bytes.len(), "metadata": {"content_type": content_type, "file_name": "x.html"}}),
    )
    .await;
    assert_eq!(status, 201, "{up}");
    let id = up["id"].as_str().unwrap().to_owned();
    let r = c
        .put(s.url(&format!("/api/v1/evidence/uploads/{id}?offset=0")))
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    id
}

#[tokio::test]
async fn sec2_a3_uploaded_markup_is_a_download_never_inline_nor_an_av_record() {
    for b in common::backends() {
        let s = common::server(b).await;
        officers(&s).await;
        let c = s.client("officer1").await;
        let case = file_case(&s, &c).await;
        let script = b"<html><script>fetch('/api/v1/cases')</script></html>";
        let svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>";
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-not-really-a-picture";
        for (bytes, declared, inline) in [
            (&script[..], "text/html", None),
            (&script[..], "text/html; charset=utf-7", None),
            (&svg[..], "image/svg+xml", None),
            // Declared as a photo or a body-camera video: the bytes are still markup.
            (&script[..], "image/jpeg", None),
            (&script[..], "video/mp4", None),
            (&png[..], "application/octet-stream", Some("image/png")),
        ] {
            let id = upload(&s, &c, case, bytes, declared).await;
            let (status, ev) = post(
                &c,
                s.url(&format!("/api/v1/evidence/uploads/{id}/complete")),
                &json!({}),
            )
            .await;
            assert_eq!(status, 201, "{ev}");
            // CASE-4, A3: the kind is the bytes' (markup never counts as a 音像记录).
            let kind = if inline.is_some() {
                "photo"
            } else {
                "document"
            };
            assert_eq!(ev["kind"], kind, "declared {declared}");
            let r = c
                .get(s.url(&format!(
                    "/api/v1/cases/{case}/evidence/{}",
                    ev["sm3"].as_str().unwrap()
                )))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            let h = r.headers();
            let ct = h["content-type"].to_str().unwrap();
            let cd = h["content-disposition"].to_str().unwrap();
            let csp = h["content-security-policy"].to_str().unwrap();
            assert_eq!(h["x-content-type-options"], "nosniff");
            assert!(csp.starts_with("sandbox"), "{csp}");
            match inline {
                None => {
                    assert_eq!(ct, "application/octet-stream", "declared {declared}");
                    assert!(cd.starts_with("attachment"), "{cd}");
                }
                Some(t) => {
                    assert_eq!(ct, t);
                    assert_eq!(cd, "inline");
                }
            }
        }
    }
}

#[tokio::test]
async fn sec2_console_and_portal_allow_no_inline_script() {
    for b in common::backends() {
        let s = common::server(b).await;
        for path in ["/console/login", "/", "/api/docs/"] {
            let r = s.anonymous().get(s.url(path)).send().await.unwrap();
            let csp = r.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            let script = csp
                .split(';')
                .map(str::trim)
                .find(|d| d.starts_with("script-src"))
                .unwrap_or_else(|| panic!("{path}: no script-src in {csp}"));
            assert!(!script.contains("unsafe-inline"), "{path}: {csp}");
            let body = r.text().await.unwrap();
            assert!(
                !body.contains("<script>") && !body.contains(" onclick="),
                "{path} has inline script"
            );
        }
    }
}

#[tokio::test]
async fn sec2_a_huge_page_number_is_a_400_naming_the_field_on_every_list() {
    for b in common::backends() {
        let s = common::server(b).await;
        let head = s.client("head1").await;
        let huge = "461168601842738792";
        for path in [
            "/api/v1/cases",
            "/api/v1/officers",
            "/api/v1/agencies",
            "/api/v1/public/agencies",
            "/api/v1/public/officers",
        ] {
            for q in [
                format!("page={huge}"),
                "per_page=100000".into(),
                "page=0".into(),
            ] {
                let r = head
                    .get(s.url(&format!("{path}?{q}")))
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("{path}?{q}: connection dropped: {e}"));
                assert_eq!(r.status(), 400, "{path}?{q}");
                let text = r.text().await.unwrap();
                let body: Value = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("{path}?{q}: {e}: {text}"));
                let field = q.split('=').next().unwrap();
                assert_eq!(body["error"]["field"], field, "{path}?{q}: {body}");
                assert!(body["error"]["message"].as_str().unwrap().contains("应为"));
            }
        }
        for path in ["/console/cases", "/console/officers", "/console/audit"] {
            let r = head
                .get(s.url(&format!("{path}?page={huge}")))
                .send()
                .await
                .unwrap_or_else(|e| panic!("{path}: connection dropped: {e}"));
            assert_eq!(r.status(), 400, "{path}");
            assert!(r.text().await.unwrap().contains("页码"));
        }
        // The largest accepted page is answered (empty), not refused.
        let r = head
            .get(s.url("/api/v1/cases?page=10000000&per_page=200"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        // No request above ended in a 5xx.
        let metrics = s.anonymous().get(s.url("/metrics")).send().await.unwrap();
        let text = metrics.text().await.unwrap();
        assert!(!text.contains("status=\"500\""), "{text}");
    }
}

#[tokio::test]
async fn sec2_concurrent_and_repeated_completes_give_the_first_result_and_one_audit_entry() {
    for b in common::backends() {
        let s = common::server(b).await;
        officers(&s).await;
        let c = s.client("officer1").await;
        let case = file_case(&s, &c).await;
        let id = upload(&s, &c, case, b"\xFF\xD8\xFF\xE0 a photo", "image/jpeg").await;
        let url = s.url(&format!("/api/v1/evidence/uploads/{id}/complete"));
        let tasks: Vec<_> = (0..10)
            .map(|_| {
                let (c, url) = (c.clone(), url.clone());
                tokio::spawn(async move {
                    let r = c.post(url).json(&json!({})).send().await.unwrap();
                    (r.status().as_u16(), r.json::<Value>().await.unwrap())
                })
            })
            .collect();
        let mut results = Vec::new();
        for t in tasks {
            results.push(t.await.unwrap());
        }
        results.push(post(&c, url.clone(), &json!({})).await);
        let first = results[0].1.clone();
        for (status, body) in &results {
            assert_eq!(*status, 201, "{body}");
            assert_eq!(body, &first);
        }
        let audit = s
            .world
            .app
            .audit_log(
                &Actor::system_as("test", sanxiang_core::auth::Role::AuditAdmin),
                &sanxiang_store::repo::audit::AuditFilter {
                    action: Some("evidence.attach".into()),
                    ..Default::default()
                },
                sanxiang_store::repo::PageRequest::new(1, 50),
            )
            .await
            .unwrap();
        assert_eq!(
            audit.total, 1,
            "one attach entry on {b:?}: {:?}",
            audit.items
        );
        let list: Value = c
            .get(s.url(&format!("/api/v1/cases/{case}/evidence")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list.as_array().unwrap().len(), 1);
    }
}

/// Reads until the server closes the connection; what it sent, or `None` if it did not close
/// within `within`.
async fn until_closed(stream: &mut tokio::net::TcpStream, within: Duration) -> Option<String> {
    let mut got = Vec::new();
    let read = async {
        let mut buf = [0u8; 1024];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(within, read).await.ok()?;
    Some(String::from_utf8_lossy(&got).into_owned())
}

/// A raw connection to `addr` that has sent `bytes`.
async fn sent(addr: &str, bytes: &[u8]) -> tokio::net::TcpStream {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    stream
}

#[tokio::test]
async fn sec2_slow_clients_are_cut_off_and_one_address_holds_few_connections() {
    let limits = sanxiang_web::Limits {
        header_timeout: Duration::from_secs(1),
        body_idle_timeout: Duration::from_secs(1),
        max_connections_per_client: 3,
    };
    let s = common::server_with(common::Backend::Sqlite, limits).await;
    let addr = s.base.trim_start_matches("http://").to_owned();

    // Unfinished headers.
    let mut slow = sent(&addr, b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await;
    assert!(
        until_closed(&mut slow, Duration::from_secs(5))
            .await
            .is_some(),
        "unfinished headers held the connection"
    );

    // A body shorter than its Content-Length.
    let mut short = sent(
        &addr,
        b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"user",
    )
    .await;
    assert!(
        until_closed(&mut short, Duration::from_secs(5))
            .await
            .is_some(),
        "a short body held the connection"
    );

    // An idle kept-alive connection is closed too.
    let mut idle = sent(&addr, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await;
    let answer = until_closed(&mut idle, Duration::from_secs(5)).await;
    assert!(answer.is_some_and(|a| a.starts_with("HTTP/1.1 200")));

    // The fourth connection from one address is closed at once; the first three still work.
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(tokio::net::TcpStream::connect(&addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut fourth = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let _ = fourth
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await;
    let refused = until_closed(&mut fourth, Duration::from_secs(2)).await;
    assert_eq!(
        refused.as_deref(),
        Some(""),
        "the fourth connection was served"
    );
    held[0]
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let ok = until_closed(&mut held[0], Duration::from_secs(2))
        .await
        .unwrap();
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
}

#[tokio::test]
async fn sec2_wrong_passwords_answer_alike_for_unknown_and_existing_names() {
    for b in common::backends() {
        let s = common::server(b).await;
        let statuses = |user: &'static str| {
            let s = &s;
            async move {
                let c = s.anonymous();
                let mut out = Vec::new();
                for _ in 0..5 {
                    let r = c
                        .post(s.url("/api/v1/session"))
                        .json(&json!({"username": user, "password": "Wrong-pass1"}))
                        .send()
                        .await
                        .unwrap();
                    let status = r.status().as_u16();
                    let body: Value = r.json().await.unwrap();
                    out.push((
                        status,
                        body["error"]["message"].as_str().unwrap().to_owned(),
                    ));
                }
                out
            }
        };
        let existing = statuses("head2").await;
        // A new minute for the per-address request limit is not needed: 5 + 5 stay under it.
        let unknown = statuses("nobody-here").await;
        assert_eq!(existing, unknown);
        assert!(existing.iter().all(|(status, _)| *status == 401));
    }
}

#[tokio::test]
async fn sec2_a_stranger_cannot_lock_an_officer_out_from_one_address() {
    for b in common::backends() {
        let s = common::server(b).await;
        let app = &s.world.app;
        let stranger = IpAddr::V4(Ipv4Addr::new(203, 0, 113, 9));
        let office = IpAddr::V4(Ipv4Addr::new(10, 20, 0, 5));
        for _ in 0..5 {
            let e = app
                .login("head1", "Wrong-pass1", stranger)
                .await
                .err()
                .unwrap();
            assert!(matches!(e, sanxiang_app::AppError::BadCredentials), "{e:?}");
        }
        // Locked from the stranger's address, for a right password too; and so is an unknown name
        // tried as often (no difference to tell).
        let e = app
            .login("head1", common::PASSWORD, stranger)
            .await
            .err()
            .unwrap();
        assert!(
            matches!(
                e,
                sanxiang_app::AppError::Throttled {
                    retry_after_secs: 900
                }
            ),
            "{e:?}"
        );
        for _ in 0..5 {
            let _ = app.login("nobody-here", "Wrong-pass1", stranger).await;
        }
        let e = app
            .login("nobody-here", "Wrong-pass1", stranger)
            .await
            .err()
            .unwrap();
        assert!(
            matches!(e, sanxiang_app::AppError::Throttled { .. }),
            "{e:?}"
        );
        // The officer signs in from the office.
        app.login("head1", common::PASSWORD, office).await.unwrap();
        // The security administrator's unlock ends the stranger's lock too.
        let secadmin = app
            .login("secadmin", common::PASSWORD, office)
            .await
            .unwrap()
            .actor;
        app.set_user_locked(&secadmin, "head1", false)
            .await
            .unwrap();
        app.login("head1", common::PASSWORD, stranger)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn sec2_text_with_control_or_invisible_characters_or_too_long_is_refused_naming_the_field() {
    for b in common::backends() {
        let s = common::server(b).await;
        officers(&s).await;
        let c = s.client("officer1").await;
        let a = s.world.agency_a;
        for (name, cause, field) in [
            (
                "某\u{0}超市",
                "销售过期食品",
                "first_act.payload.data.party.name",
            ),
            (
                "某\u{1b}[31m超市",
                "销售过期食品",
                "first_act.payload.data.party.name",
            ),
            (
                "某超市\r\n",
                "销售过期食品",
                "first_act.payload.data.party.name",
            ),
            (
                "某\u{202E}超市",
                "销售过期食品",
                "first_act.payload.data.party.name",
            ),
            (
                "某\u{200B}超市",
                "销售过期食品",
                "first_act.payload.data.party.name",
            ),
            (
                "某超市",
                &*"违".repeat(1_000_000),
                "first_act.payload.data.cause",
            ),
        ] {
            let (status, body) = post(&c, s.url("/api/v1/cases"), &filing(a, name, cause)).await;
            assert_eq!(status, 422, "{name:?}");
            assert_eq!(body["error"]["field"], field, "{body}");
        }
        let list: Value = c
            .get(s.url("/api/v1/cases"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 0, "nothing was written");
        // Stored in NFC: "é" sent as e + U+0301 comes back as one character.
        let (status, case) = post(
            &c,
            s.url("/api/v1/cases"),
            &filing(a, "Cafe\u{301}超市", "销售过期食品"),
        )
        .await;
        assert_eq!(status, 201, "{case}");
        assert_eq!(case["party_name"], "Caf\u{e9}超市", "{case}");
        // The console says it in Chinese.
        let r = c
            .post(s.url("/console/officers"))
            .form(&[("name", "张\u{1b}三")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("控制字符"));
    }
}

#[tokio::test]
async fn sec2_exported_cells_cannot_run_as_formulas() {
    for b in common::backends() {
        let s = common::server(b).await;
        let sys = Actor::system("test");
        for (name, cert) in [("=HYPERLINK(\"http://x\")", C1), ("@SUM(A1)", C2)] {
            let f = common::officer_form(s.world.agency_a, name, cert);
            s.world.app.create_officer(&sys, &f).await.unwrap();
        }
        let csv = s
            .anonymous()
            .get(s.url("/api/v1/public/officers.csv"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(csv.contains("'=HYPERLINK"), "{csv}");
        assert!(csv.contains("'@SUM(A1)"), "{csv}");
        for line in csv.lines().skip(1) {
            for cell in line.split(',') {
                let cell = cell.trim_start_matches('"');
                assert!(!cell.starts_with(['=', '+', '@']), "{line}");
            }
        }
    }
}

#[tokio::test]
async fn sec2_personal_data_is_never_cached_and_csrf_compares_the_scheme() {
    for b in common::backends() {
        let s = common::server(b).await;
        let head = s.client("head1").await;
        for path in [
            "/api/v1/cases",
            "/api/v1/officers",
            "/console",
            "/console/officers",
        ] {
            let r = head.get(s.url(path)).send().await.unwrap();
            assert_eq!(r.headers()["cache-control"], "no-store", "{path}");
        }
        let r = s.anonymous().get(s.url("/")).send().await.unwrap();
        assert_ne!(
            r.headers()
                .get("cache-control")
                .map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "the public portal may be cached"
        );
        let host = s.base.trim_start_matches("http://").to_owned();
        for (origin, expect) in [
            (format!("https://{host}"), 403),
            (format!("http://{host}.evil.example"), 403),
            (format!("http://{host}"), 401),
        ] {
            let r = s
                .anonymous()
                .post(s.url("/api/v1/cases"))
                .header("origin", origin.clone())
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), expect, "{origin}");
        }
    }
}

#[tokio::test]
async fn sec2_metrics_answer_loopback_clients_only() {
    use tower::ServiceExt as _;
    for b in common::backends() {
        let s = common::server(b).await;
        let r = s.anonymous().get(s.url("/metrics")).send().await.unwrap();
        assert_eq!(r.status(), 200, "from loopback");
        let router = sanxiang_web::router(sanxiang_web::AppState::new(s.world.app.clone()));
        for (peer, expect) in [("10.0.0.7:5000", 404), ("127.0.0.1:5000", 200)] {
            let mut req = axum::http::Request::get("/metrics")
                .body(axum::body::Body::empty())
                .unwrap();
            req.extensions_mut().insert(axum::extract::ConnectInfo(
                peer.parse::<std::net::SocketAddr>().unwrap(),
            ));
            let resp = router.clone().oneshot(req).await.unwrap();
            assert_eq!(resp.status().as_u16(), expect, "{peer}");
        }
    }
}

fn inspection(officers: &[&str]) -> Value {
    json!({
        "officers": officers,
        "place": "示范县人民路8号",
        "payload": {"kind": "transcript", "data": {
            "kind": "inspection", "certificates_shown": officers, "rights_notified": true,
            "content": "货架上发现过期食品3件", "officers_signed": true, "party_signed": true,
            "refusal_note": null, "witness": null
        }}
    })
}

fn notice(officers: &[&str]) -> Value {
    json!({
        "officers": officers,
        "payload": {"kind": "notice", "data": {
            "penalties": [{"kind": "warning"}],
            "facts": "当事人销售超过保质期的食品3件",
            "reasons": "违反食品安全法第三十四条第十项",
            "basis": "食品安全法第一百二十四条",
            "rights_told": true,
            "hearing_offered": false
        }}
    })
}

#[tokio::test]
async fn case2_r3_acts_are_recorded_by_their_officer_and_colleagues_confirm_themselves() {
    const C3: &str = "43012120250003";
    for b in common::backends() {
        let s = common::server(b).await;
        officers(&s).await;
        let sys = Actor::system("test");
        let f = common::officer_form(s.world.agency_a, "王五", C3);
        s.world.app.create_officer(&sys, &f).await.unwrap();
        common::link_officer(&s, "officer2", C2).await;
        let officer1 = s.client("officer1").await;
        let case = file_case(&s, &officer1).await;
        let acts = s.url(&format!("/api/v1/cases/{case}/acts"));

        // CASE-2: an act naming two colleagues, not the signed-in officer himself.
        let (status, body) = post(&officer1, acts.clone(), &inspection(&[C2, C3])).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["error"]["rule"], "CASE-2", "{body}");

        // R3: the second officer counts only after confirming with his own password.
        let (status, body) = post(&officer1, acts.clone(), &inspection(&[C1, C2])).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["error"]["rule"], "R3", "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("尚未本人确认")
        );
        let mut wrong = inspection(&[C1, C2]);
        wrong["confirmations"] = json!([{"certificate_no": C2, "password": "Not-his-pass1"}]);
        let (status, body) = post(&officer1, acts.clone(), &wrong).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["error"]["rule"], "CASE-2", "{body}");
        let confirmed = common::confirmed_by(inspection(&[C1, C2]), &[C2]);
        let (status, body) = post(&officer1, acts.clone(), &confirmed).await;
        assert_eq!(status, 201, "{body}");

        // An officer not on the case cannot join it by naming himself in an act.
        let officer2 = s.client("officer2").await;
        let other = file_case(&s, &officer1).await;
        let r = officer2
            .post(s.url(&format!("/api/v1/cases/{other}/acts")))
            .json(&notice(&[C2]))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);

        // A step off site, recorded by 张三 naming 李四: recorded, 李四 awaits; he and the
        // head see it; he reads the case only once he has confirmed.
        let (status, body) = post(
            &officer1,
            s.url(&format!("/api/v1/cases/{other}/acts")),
            &notice(&[C1, C2]),
        )
        .await;
        assert_eq!(status, 201, "{body}");
        let seq = body["act_count"].as_i64().unwrap();
        let mine: Value = officer2
            .get(s.url("/api/v1/confirmations"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let pending: Vec<(i64, i64)> = mine["mine"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["case_id"].as_i64().unwrap(), p["seq"].as_i64().unwrap()))
            .collect();
        assert!(pending.contains(&(other, seq)), "{mine}");
        let head = s.client("head1").await;
        let theirs: Value = head
            .get(s.url("/api/v1/confirmations"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            theirs["in_scope"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["case_id"] == other && p["certificate_no"] == C2),
            "{theirs}"
        );
        let timeline = head
            .get(s.url(&format!("/console/cases/{other}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            timeline.contains(&format!("{C2}（待本人确认）")),
            "{timeline}"
        );
        let read = |c: &reqwest::Client| c.get(s.url(&format!("/api/v1/cases/{other}"))).send();
        assert_eq!(read(&officer2).await.unwrap().status(), 403);
        let confirm = s.url(&format!("/api/v1/cases/{other}/acts/{seq}/confirm"));
        let r = officer2.post(confirm.clone()).send().await.unwrap();
        assert_eq!(r.status(), 204);
        assert_eq!(read(&officer2).await.unwrap().status(), 200);
        // Confirmed once: a second confirmation finds nothing, and nobody else can confirm.
        assert_eq!(
            officer2
                .post(confirm.clone())
                .send()
                .await
                .unwrap()
                .status(),
            404
        );
        assert_eq!(officer1.post(confirm).send().await.unwrap().status(), 404);
        let after: Value = head
            .get(s.url("/api/v1/confirmations"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            !after["in_scope"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["case_id"] == other && p["seq"] == seq),
            "{after}"
        );

        // CASE-6: or a head assigns an officer of the agency to a case, explicitly.
        let third = file_case(&s, &officer1).await;
        let read3 = |c: &reqwest::Client| c.get(s.url(&format!("/api/v1/cases/{third}"))).send();
        assert_eq!(read3(&officer2).await.unwrap().status(), 403);
        let assign = s.url(&format!("/console/cases/{third}/officers"));
        let r = head
            .post(assign.clone())
            .form(&[("certificate_no", "43012120259999")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "an officer not in the registry");
        let r = officer1
            .post(assign.clone())
            .form(&[("certificate_no", C2)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "only a head assigns");
        let r = head
            .post(assign)
            .form(&[("certificate_no", C2)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "back on the case page");
        assert_eq!(read3(&officer2).await.unwrap().status(), 200);
    }
}
