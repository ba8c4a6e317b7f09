//! Cases over HTTP (CASE-1, CASE-2, CASE-6): filing and recording acts as an officer, rule
//! violations as 422 with nothing written, the timeline, the ledger chain, scope and sealing.
#![allow(clippy::unwrap_used)]

mod common;

use sanxiang_app::Actor;
use serde_json::{Value, json};

const C1: &str = "43012120250001";
const C2: &str = "43012120250002";
const C3: &str = "43012120250003";
const PERSON_ID: &str = "11010519491231002X";

/// Three officers of agency A: two with valid certificates, one whose certificate expired.
async fn officers(s: &common::Server) {
    let app = &s.world.app;
    let sys = Actor::system("test");
    for (name, cert, until) in [
        ("张三", C1, "2029-12-31"),
        ("李四", C2, "2029-12-31"),
        ("王五", C3, "2025-12-31"),
    ] {
        let mut f = common::officer_form(s.world.agency_a, name, cert);
        f.certificate_valid_until = until.into();
        app.create_officer(&sys, &f).await.unwrap();
    }
    common::link_officer(s, "officer1", C1).await;
    common::link_officer(s, "officer2", C2).await;
}

fn filing(agency: i64, officers: &[&str]) -> Value {
    json!({
        "agency_id": agency,
        "kind": "penalty_ordinary",
        "matter_category": "市场监管",
        "matter_area": "示范县",
        "first_act": {
            "officers": officers,
            "place": "示范县人民路8号",
            "payload": {"kind": "filing", "data": {
                "party": {"name": "赵某", "id": {"type": "person", "id_number": PERSON_ID},
                          "service_address": "示范县幸福里3栋201", "agents": []},
                "cause": "销售过期食品",
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

fn inspection(officers: &[&str], shown: &[&str]) -> Value {
    json!({
        "officers": officers,
        "place": "示范县人民路8号",
        "payload": {"kind": "transcript", "data": {
            "kind": "inspection", "certificates_shown": shown, "rights_notified": true,
            "content": "货架上发现过期食品3件", "officers_signed": true, "party_signed": true,
            "refusal_note": null, "witness": null
        }}
    })
}

/// Posts `body`; an act naming 李四 (C2) carries his confirmation typed on the device (CASE-2).
async fn post(c: &reqwest::Client, url: String, body: &Value) -> (u16, Value) {
    let body = common::confirmed_by(body.clone(), &[C2]);
    let r = c.post(url).json(&body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn case_filed_and_inspected_by_two_officers_shows_in_the_timeline_and_the_ledger() {
    for b in common::backends() {
        let s = common::server(b).await;
        officers(&s).await;
        let officer = s.client("officer1").await;
        let a = s.world.agency_a;

        // R2: an expired certificate blocks the act and the message says whose.
        let (status, body) = post(&officer, s.url("/api/v1/cases"), &filing(a, &[C1, C3])).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.to_string().contains(C3), "{body}");
        let list: Value = officer
            .get(s.url("/api/v1/cases"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 0, "a refused filing writes nothing");
        assert_eq!(s.world.app.ledger_size().await.unwrap(), 0);

        // Filed with two certified officers, then an on-site inspection.
        let (status, case) = post(&officer, s.url("/api/v1/cases"), &filing(a, &[C1, C2])).await;
        assert_eq!(status, 201, "{case}");
        let id = case["id"].as_i64().unwrap();
        assert!(
            case["case_no"].as_str().unwrap().starts_with("2026-"),
            "{case}"
        );
        // R3: an inspection by one officer is refused, and nothing is written.
        let acts_url = s.url(&format!("/api/v1/cases/{id}/acts"));
        let (status, body) = post(&officer, acts_url.clone(), &inspection(&[C1], &[C1])).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["error"]["rule"], "R3", "{body}");
        assert!(body.to_string().contains("执法人员不得少于两人"), "{body}");
        assert_eq!(
            s.world.app.ledger_size().await.unwrap(),
            1,
            "only the filing is logged"
        );
        // R4: the certificates shown must be listed.
        let (status, body) = post(
            &officer,
            s.url(&format!("/api/v1/cases/{id}/acts")),
            &inspection(&[C1, C2], &[]),
        )
        .await;
        assert_eq!(status, 422, "{body}");
        let (status, after) = post(
            &officer,
            s.url(&format!("/api/v1/cases/{id}/acts")),
            &inspection(&[C1, C2], &[C1, C2]),
        )
        .await;
        assert_eq!(status, 201, "{after}");
        assert_eq!(after["act_count"], 2);

        let view: Value = officer
            .get(s.url(&format!("/api/v1/cases/{id}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let acts = view["acts"].as_array().unwrap();
        assert_eq!(acts.len(), 2);
        assert_eq!(acts[0]["act"]["payload"]["kind"], "filing");
        assert_eq!(
            acts[1]["act"]["payload"]["data"]["content"],
            "货架上发现过期食品3件"
        );
        assert_eq!(
            (
                acts[0]["ledger_index"].as_i64(),
                acts[1]["ledger_index"].as_i64()
            ),
            (Some(0), Some(1))
        );

        // The log holds both acts as one continuous case chain.
        let app = &s.world.app;
        let case_no = case["case_no"].as_str().unwrap();
        let bundle = app
            .ledger_tile("tile/entries/000.p/2")
            .await
            .unwrap()
            .unwrap();
        let entries = decode_bundle(&bundle);
        let chain =
            sanxiang_ledger::chain::CaseChain::new(sanxiang_ledger::hash::HashAlg::Sm3, case_no);
        chain.verify(&entries).unwrap();
        assert_eq!(entries[1].act_type, "transcript");
        assert_eq!(entries[1].actors, vec![C1.to_owned(), C2.to_owned()]);

        // Personal identifiers are neither in the database in clear nor in the log.
        for e in &entries {
            assert!(!String::from_utf8_lossy(&e.encode()).contains(PERSON_ID));
        }
        let raw = sanxiang_store::entity::case_act::Entity::find()
            .all(app.store().db())
            .await
            .unwrap();
        for r in raw {
            assert!(
                !String::from_utf8_lossy(&r.body).contains(PERSON_ID),
                "act body is sealed"
            );
        }

        // CASE-5: the filing opened the P8 decision deadline (90 days); it is on the alarm list.
        let dl: Value = officer
            .get(s.url("/api/v1/deadlines"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let p8 = dl
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["deadline"]["rule"] == "P8")
            .unwrap_or_else(|| panic!("{dl}"));
        assert_eq!(p8["case_no"], case_no);
        assert_eq!(p8["deadline"]["due"], "2027-02-21");
        assert_eq!(p8["deadline"]["what"], "作出行政处罚决定");
        assert_eq!(p8["alarm"], "open");
        let page = officer
            .get(s.url("/console/deadlines"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains(case_no) && page.contains("P8"),
            "deadline page"
        );
        let other: Value = s
            .client("head2")
            .await
            .get(s.url("/api/v1/deadlines"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            other.as_array().unwrap().len(),
            0,
            "another agency sees none"
        );

        // The console shows the timeline and the list.
        let page = officer
            .get(s.url(&format!("/console/cases/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        for needle in [
            "执法全过程记录",
            "1. 立案",
            "2. 笔录",
            C1,
            "防篡改证明（日志第1条）",
        ] {
            assert!(html.contains(needle), "{needle} missing from the case page");
        }
        // A8: the case's officers see the party's ID number in full (others see it masked).
        assert!(
            html.contains(&format!("id=\"party-id\">{PERSON_ID}<")),
            "the party's ID number for the case's officer"
        );
        let list = officer
            .get(s.url("/console/cases?q=过期"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            list.contains(case_no),
            "the list finds the case by its cause"
        );

        // Another agency's head cannot read it (403, audited).
        let head2 = s.client("head2").await;
        let r = head2
            .get(s.url(&format!("/api/v1/cases/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        let r = head2
            .post(s.url(&format!("/api/v1/cases/{id}/acts")))
            .json(&inspection(&[C1, C2], &[C1, C2]))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
    }
}

use sea_orm::EntityTrait;

fn decode_bundle(bytes: &[u8]) -> Vec<sanxiang_ledger::entry::Entry> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while rest.len() >= 2 {
        let n = usize::from(u16::from_be_bytes([rest[0], rest[1]]));
        out.push(sanxiang_ledger::entry::Entry::decode(&rest[2..2 + n]).unwrap());
        rest = &rest[2 + n..];
    }
    out
}

async fn upload(
    s: &common::Server,
    c: &reqwest::Client,
    case: i64,
    bytes: &[u8],
    meta: Value,
    sha256: Option<String>,
) -> (u16, Value) {
    let (status, up) = post(
        c,
        s.url(&format!("/api/v1/cases/{case}/evidence/uploads")),
        &json!({"size": bytes.len(), "sha256": sha256, "metadata": meta}),
    )
    .await;
    assert_eq!(status, 201, "{up}");
    let id = up["id"].as_str().unwrap().to_owned();
    // Sent twice (a retry after a dropped connection), then completed.
    for _ in 0..2 {
        let r = c
            .put(s.url(&format!("/api/v1/evidence/uploads/{id}?offset=0")))
            .body(bytes.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    let st: Value = c
        .get(s.url(&format!("/api/v1/evidence/uploads/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(st["missing_chunks"], 0, "{st}");
    post(
        c,
        s.url(&format!("/api/v1/evidence/uploads/{id}/complete")),
        &json!({}),
    )
    .await
}

/// CASE-4 / A3: files uploaded to a case are attached to acts and committed in the ledger
/// entry; a file that disagrees with its declared hash is quarantined, never attached; 查封扣押
/// cannot be recorded without a video covering it; reads support ranges.
#[tokio::test]
async fn a3_case4_case7_evidence_attached_to_acts_required_for_seizure_and_archived_verifiably() {
    for b in common::backends() {
        let s = common::server(b).await;
        officers(&s).await;
        let officer = s.client("officer1").await;
        let mut f = filing(s.world.agency_a, &[C1, C2]);
        f["kind"] = json!("coercion");
        let (status, case) = post(&officer, s.url("/api/v1/cases"), &f).await;
        assert_eq!(status, 201, "{case}");
        let id = case["id"].as_i64().unwrap();

        // A photo, uploaded resumably; range reads for playback.
        let mut photo: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
        // A JPEG by its bytes (CASE-4: the kind is sniffed, not taken from the declared type).
        photo[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
        let sha = sanxiang_ledger::hash::HashAlg::Sha256
            .digest(&photo)
            .to_hex();
        let (status, ev) = upload(
            &s,
            &officer,
            id,
            &photo,
            json!({"content_type": "image/jpeg", "file_name": "现场.jpg"}),
            Some(sha),
        )
        .await;
        assert_eq!(status, 201, "{ev}");
        assert_eq!(ev["kind"], "photo");
        let sm3 = ev["sm3"].as_str().unwrap().to_owned();
        let r = officer
            .get(s.url(&format!("/api/v1/cases/{id}/evidence/{sm3}")))
            .header("Range", "bytes=100-199")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 206);
        assert_eq!(r.headers()["content-range"], "bytes 100-199/50000");
        assert_eq!(r.bytes().await.unwrap().to_vec(), photo[100..200].to_vec());

        // A file whose bytes disagree with the declared hash: quarantined, not attached.
        let (status, body) = upload(
            &s,
            &officer,
            id,
            b"tampered",
            json!({"content_type": "image/jpeg"}),
            Some("00".repeat(32)),
        )
        .await;
        assert_eq!(status, 422, "{body}");
        let list: Value = officer
            .get(s.url(&format!("/api/v1/cases/{id}/evidence")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list.as_array().unwrap().len(), 1, "{list}");

        // 查封扣押 after approval: refused without a video covering it (A3) ...
        let approval = json!({"officers": [C1, C2], "payload": {"kind": "coercion_approval", "data": {"approved_by": "局长"}}});
        let (status, body) = post(
            &officer,
            s.url(&format!("/api/v1/cases/{id}/acts")),
            &approval,
        )
        .await;
        assert_eq!(status, 201, "{body}");
        let seizure = |evidence: Vec<String>| {
            json!({
                "officers": [C1, C2], "place": "示范县人民路8号", "evidence": evidence,
                "at": "2026-11-23T10:01:00",
                "payload": {"kind": "coercion_measure", "data": {
                    "measure": "seizure", "emergency": false,
                    "items": [{"name": "过期奶粉", "quantity": "20箱"}], "term_days": 30,
                    "checklist": {"certificate_shown": true, "party_notified": true, "reasons_basis_rights_told": true,
                        "party_heard": true, "onsite_record_made": true, "signed_or_refusal_noted": true,
                        "party_present": true, "witness_signed": false, "other_legal_steps": true},
                    "reasons": "涉嫌销售过期食品", "basis": "《中华人民共和国食品安全法》第一百一十条"}}
            })
        };
        let (status, body) = post(
            &officer,
            s.url(&format!("/api/v1/cases/{id}/acts")),
            &seizure(vec![sm3.clone()]),
        )
        .await;
        assert_eq!(status, 422, "a photo is not an AV record: {body}");
        assert_eq!(body["error"]["rule"], "A3", "{body}");
        // ... and accepted with a body-camera video whose capture window covers it.
        // An MP4 by its bytes (CASE-4: the kind is sniffed, not taken from the declared type).
        let mut video = b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom".to_vec();
        video.resize(9_000, 7);
        // Captured 2026-11-23 10:00–11:00 China Standard Time; the seizure at 10:01 (the clock reads 10:00; CASE-2 allows a few minutes of drift).
        let window = json!({"content_type": "video/mp4", "file_name": "DSJ0001.mp4", "device_serial": "DSJ-A8-000123",
            "capture_start_ms": 1_795_399_200_000i64, "capture_end_ms": 1_795_402_800_000i64});
        let (status, v) = upload(&s, &officer, id, &video, window, None).await;
        assert_eq!(status, 201, "{v}");
        let vsm3 = v["sm3"].as_str().unwrap().to_owned();
        let (status, body) = post(
            &officer,
            s.url(&format!("/api/v1/cases/{id}/acts")),
            &seizure(vec![vsm3.clone(), sm3.clone()]),
        )
        .await;
        assert_eq!(status, 201, "{body}");

        // The seizure's ledger entry commits to both files.
        let bundle = s
            .world
            .app
            .ledger_tile("tile/entries/000.p/3")
            .await
            .unwrap()
            .unwrap();
        let entries = decode_bundle(&bundle);
        let files: Vec<String> = entries[2]
            .attachments
            .iter()
            .map(|a| a.sm3.to_hex())
            .collect();
        assert_eq!(files, vec![vsm3.clone(), sm3.clone()]);
        assert_eq!(
            entries[2].attachments[0].device_serial.as_deref(),
            Some("DSJ-A8-000123")
        );

        // A file of another case cannot be attached.
        let other = head_of_b_cannot_read(&s, id).await;
        let _ = other;
    }
}

async fn head_of_b_cannot_read(s: &common::Server, id: i64) -> u16 {
    let head2 = s.client("head2").await;
    let r = head2
        .get(s.url(&format!("/api/v1/cases/{id}/evidence")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    r.status().as_u16()
}

/// CASE-4: a part larger than the store takes is refused as a whole, naming the rule, and the
/// upload goes on (nothing of it was kept).
#[tokio::test]
async fn case4_a_part_over_the_limit_is_refused_and_nothing_of_it_kept() {
    for b in common::backends() {
        let s = common::server(b).await;
        officers(&s).await;
        let officer = s.client("officer1").await;
        let (status, case) = post(
            &officer,
            s.url("/api/v1/cases"),
            &filing(s.world.agency_a, &[C1, C2]),
        )
        .await;
        assert_eq!(status, 201, "{case}");
        let size = 80 << 20;
        let (status, up) = post(
            &officer,
            s.url(&format!("/api/v1/cases/{}/evidence/uploads", case["id"])),
            &json!({"size": size, "metadata": {}}),
        )
        .await;
        assert_eq!(status, 201, "{up}");
        let url = s.url(&format!(
            "/api/v1/evidence/uploads/{}?offset=0",
            up["id"].as_str().unwrap()
        ));
        let r = officer
            .put(&url)
            .body(vec![7u8; (64 << 20) + 4097])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["rule"], "CASE-4", "{body}");
        assert!(body["error"]["message"].as_str().unwrap().contains("MiB"));
        let st: Value = officer
            .get(&url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(st["received_bytes"], 0, "{st}");
    }
}

/// R2 at the act: a certificate's status is the one it had at the act's time, from its status
/// history (REG-2), not today's. Suspended at 10:00 and reinstated at 10:05, it cannot carry an
/// act claimed for 10:02 — though its status today is 有效 — and can carry one at 10:06.
#[tokio::test]
async fn r2_the_certificate_status_at_the_acts_time_decides_not_todays() {
    for b in common::backends() {
        let s = common::server(b).await;
        let app = &s.world.app;
        let sys = Actor::system("test");
        let mut rows = Vec::new();
        for (name, cert) in [("张三", C1), ("李四", C2)] {
            let f = common::officer_form(s.world.agency_a, name, cert);
            rows.push(app.create_officer(&sys, &f).await.unwrap());
        }
        common::link_officer(&s, "officer1", C1).await;
        common::link_officer(&s, "officer2", C2).await;
        let officer = s.client("officer1").await;
        let mut filed = filing(s.world.agency_a, &[C1, C2]);
        filed["first_act"]["at"] = json!("2026-11-23T09:00:00");
        let (status, case) = post(&officer, s.url("/api/v1/cases"), &filed).await;
        assert_eq!(status, 201, "{case}");
        let id = case["id"].as_i64().unwrap();
        let cert = rows[0].certificate.as_ref().unwrap().id;
        let change = |change: &str| sanxiang_app::forms::StatusChangeForm {
            change: change.into(),
            reason: "调查期间暂扣".into(),
        };
        app.change_certificate_status(&sys, cert, &change("suspend"))
            .await
            .unwrap();
        s.world.clock.advance(chrono::Duration::minutes(5));
        app.change_certificate_status(&sys, cert, &change("reinstate"))
            .await
            .unwrap();
        let acts_url = s.url(&format!("/api/v1/cases/{id}/acts"));
        let at = |t: &str| {
            let mut v = inspection(&[C1, C2], &[C1, C2]);
            v["at"] = json!(t);
            v
        };
        let (status, body) = post(&officer, acts_url.clone(), &at("2026-11-23T10:02:00")).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["error"]["rule"], "R2", "{body}");
        assert!(body.to_string().contains("暂扣"), "{body}");
        let (status, body) = post(&officer, acts_url, &at("2026-11-23T10:06:00")).await;
        assert_eq!(status, 201, "{body}");
    }
}

/// The registry's officers, and a case filed over the API by officer1 with C1 and C2: the
/// signed-in client and the case's id.
async fn filed_by_officer1(s: &common::Server) -> (reqwest::Client, i64) {
    officers(s).await;
    let officer = s.client("officer1").await;
    let (status, case) = post(
        &officer,
        s.url("/api/v1/cases"),
        &filing(s.world.agency_a, &[C1, C2]),
    )
    .await;
    assert_eq!(status, 201, "{case}");
    (officer, case["id"].as_i64().unwrap())
}

/// CASE-5: the party's own periods (its 陈述申辩 period, P5; later its 复议 and 诉讼 periods,
/// P12) are shown on the case but raise no alarm: their passing is no failure of the agency's.
/// The agency's own deadline (P8) still alarms.
#[tokio::test]
async fn case5_the_partys_own_periods_are_shown_but_not_alarmed() {
    for b in common::backends() {
        let s = common::server(b).await;
        let (officer, id) = filed_by_officer1(&s).await;
        let acts = s.url(&format!("/api/v1/cases/{id}/acts"));
        let notice = json!({"officers": [C1, C2], "payload": {"kind": "notice", "data": {
            "penalties": [{"kind": "warning"}], "facts": "销售过期食品3件",
            "reasons": "违反食品安全法第三十四条", "basis": "《中华人民共和国食品安全法》第一百二十四条",
            "rights_told": true, "hearing_offered": false}}});
        let (status, body) = post(&officer, acts.clone(), &notice).await;
        assert_eq!(status, 201, "{body}");
        let service = json!({"officers": [C1, C2], "payload": {"kind": "service", "data": {
            "of_act": 2, "recipient": "赵某",
            "method": {"method": "personal", "receipt_signed": true},
            "served_on": "2026-11-23"}}});
        let (status, body) = post(&officer, acts, &service).await;
        assert_eq!(status, 201, "{body}");
        let app = &s.world.app;
        // Ten days on, the party's 5-working-day reply period has passed: no alarm.
        s.world.clock.advance(chrono::Duration::days(10));
        assert_eq!(app.raise_alarms().await.unwrap().raised, 0, "{b:?}");
        // Past the agency's 90 days (P8): one alarm.
        s.world.clock.advance(chrono::Duration::days(90));
        assert_eq!(app.raise_alarms().await.unwrap().raised, 1, "{b:?}");
    }
}

/// A body that is not the documented JSON is an input error of its own (`JSON`, field `body`,
/// with the line and column), not a rule violation, and writes nothing.
#[tokio::test]
async fn a_malformed_act_body_is_an_input_error_not_a_rule() {
    for b in common::backends() {
        let s = common::server(b).await;
        let (officer, id) = filed_by_officer1(&s).await;
        let r = officer
            .post(s.url(&format!("/api/v1/cases/{id}/acts")))
            .header("content-type", "application/json")
            .body("{\"officers\": [\"43012120250001\",")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["rule"], "JSON", "{body}");
        assert_eq!(body["error"]["field"], "body", "{body}");
        assert!(body.to_string().contains("第1行"), "{body}");
        assert_eq!(
            s.world.app.ledger_size().await.unwrap(),
            1,
            "only the filing"
        );
    }
}

/// A well-formed body missing a required field names that field, in Chinese.
#[tokio::test]
async fn a_body_missing_a_field_names_the_field() {
    for b in common::backends() {
        let s = common::server(b).await;
        let (officer, id) = filed_by_officer1(&s).await;
        let r = officer
            .post(s.url(&format!("/api/v1/cases/{id}/acts")))
            .json(&json!({"officers": [C1, C2]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["rule"], "JSON", "{body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains("缺少字段“payload”"), "{message}");
        assert!(!message.contains("missing"), "{message}");
    }
}
