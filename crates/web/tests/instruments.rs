//! Documents (文书) issued with acts, over HTTP: numbering gap-free per agency, word and year;
//! the PDF stored as case evidence with its SM3 in the act and in the ledger entry; required
//! elements refused before anything is written (P5); missing fonts answered with the install
//! hint (503) while the server runs on; scope and audited downloads.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::Command;
use std::sync::Arc;

use sanxiang_app::Actor;
use sanxiang_core::instrument::sample::sample;
use sanxiang_core::instrument::{InstrumentContent, InstrumentKind};
use sanxiang_docgen::{FontSet, Renderer};
use sanxiang_ledger::hash::HashAlg;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

const C1: &str = "43012120250001";
const C2: &str = "43012120250002";
const PARTY: &str = "赵某";
/// Agency A has no short name in the test world: its full name stands in for 简称.
const NOTICE_1: &str = "示范县市场监督管理局告〔2026〕1号";

/// A server with a renderer, two certified officers of agency A and a filed penalty case.
async fn filed_case(b: common::Backend) -> (common::Server, reqwest::Client, i64) {
    let s = common::server_built(b, |x| x.renderer(Ok(common::renderer()))).await;
    let sys = Actor::system("test");
    for (name, cert) in [("张三", C1), ("李四", C2)] {
        let f = common::officer_form(s.world.agency_a, name, cert);
        s.world.app.create_officer(&sys, &f).await.unwrap();
    }
    common::link_officer(&s, "officer1", C1).await;
    common::link_officer(&s, "officer2", C2).await;
    let officer = s.client("officer1").await;
    let filing = json!({
        "agency_id": s.world.agency_a,
        "kind": "penalty_ordinary",
        "matter_category": "市场监管",
        "matter_area": "示范县",
        "first_act": {
            "officers": [C1, C2],
            "place": "示范县人民路8号",
            "payload": {"kind": "filing", "data": {
                "party": {"name": PARTY, "id": {"type": "person", "id_number": "11010519491231002X"},
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
    });
    let (status, case) = post(&officer, s.url("/api/v1/cases"), &filing).await;
    assert_eq!(status, 201, "{case}");
    let id = case["id"].as_i64().unwrap();
    (s, officer, id)
}

/// Posts `body`; an act naming 李四 (C2) carries his confirmation typed on the device (CASE-2).
async fn post(c: &reqwest::Client, url: String, body: &Value) -> (u16, Value) {
    let body = common::confirmed_by(body.clone(), &[C2]);
    let r = c.post(url).json(&body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn get_json(c: &reqwest::Client, url: String) -> Value {
    let r = c.get(url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// The sample 事先告知书 addressed to the case's party.
fn prior_notice() -> Value {
    let mut doc = sample(InstrumentKind::PenaltyPriorNotice);
    if let InstrumentContent::PenaltyPriorNotice(d) = &mut doc {
        d.party.name = PARTY.into();
    }
    serde_json::to_value(doc).unwrap()
}

/// A 告知 act (P5) issuing `docs`.
fn notice_act(docs: Vec<Value>) -> Value {
    json!({
        "officers": [C1, C2],
        "payload": {"kind": "notice", "data": {
            "penalties": [{"kind": "warning"}],
            "facts": "当事人销售超过保质期的食品3件",
            "reasons": "违反食品安全法第三十四条第十项",
            "basis": "食品安全法第一百二十四条",
            "rights_told": true,
            "hearing_offered": false
        }},
        "issue": docs
    })
}

/// The PDF's text without whitespace (CJK lines wrap anywhere).
fn pdf_text(pdf: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!(
        "sanxiang-instr-{}-{}.pdf",
        std::process::id(),
        rand::random::<u64>()
    ));
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext is needed (apt-get install poppler-utils): {e}"));
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn ledger_entries(bytes: &[u8]) -> Vec<sanxiang_ledger::entry::Entry> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while rest.len() >= 2 {
        let n = usize::from(u16::from_be_bytes([rest[0], rest[1]]));
        out.push(sanxiang_ledger::entry::Entry::decode(&rest[2..2 + n]).unwrap());
        rest = &rest[2 + n..];
    }
    out
}

async fn numbers(c: &reqwest::Client, s: &common::Server, id: i64) -> Vec<Value> {
    let list = get_json(c, s.url(&format!("/api/v1/cases/{id}/instruments"))).await;
    list.as_array()
        .unwrap()
        .iter()
        .map(|d| d["number"].clone())
        .collect()
}

#[tokio::test]
async fn a_prior_notice_issued_with_the_act_is_numbered_rendered_and_hashed_into_act_and_ledger() {
    for b in common::backends() {
        let (s, officer, id) = filed_case(b).await;
        let acts = s.url(&format!("/api/v1/cases/{id}/acts"));
        let (status, after) = post(&officer, acts.clone(), &notice_act(vec![prior_notice()])).await;
        assert_eq!(status, 201, "{after}");

        let list = get_json(&officer, s.url(&format!("/api/v1/cases/{id}/instruments"))).await;
        let doc = &list[0];
        assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
        assert_eq!(doc["kind"], "penalty_prior_notice");
        assert_eq!(doc["label"], "行政处罚事先告知书");
        assert_eq!(doc["number"], NOTICE_1);
        assert_eq!(doc["issued_on"], "2026-11-23", "the act's date (CST)");
        assert_eq!(doc["act_seq"], 2);
        let sm3 = doc["sm3"].as_str().unwrap().to_owned();

        // The act lists the PDF's SM3.
        let view = get_json(&officer, s.url(&format!("/api/v1/cases/{id}"))).await;
        assert_eq!(
            view["acts"][1]["act"]["instruments"],
            json!([sm3]),
            "{view}"
        );

        // The download is the PDF whose SM3 the act holds; it prints the number and the party.
        let r = officer
            .get(s.url(&format!("/api/v1/cases/{id}/instruments/{sm3}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/pdf");
        assert!(
            r.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("inline")
        );
        let pdf = r.bytes().await.unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert_eq!(HashAlg::Sm3.digest(&pdf).to_hex(), sm3);
        assert_eq!(doc["size"].as_u64(), Some(pdf.len() as u64));
        let text = pdf_text(&pdf);
        assert!(text.contains(NOTICE_1), "{text}");
        assert!(text.contains(PARTY), "{text}");

        // The ledger entry of the act attaches the document by the same SM3.
        let app = &s.world.app;
        let size = app.ledger_size().await.unwrap();
        assert_eq!(size, 2);
        let bundle = app
            .ledger_tile(&format!("tile/entries/000.p/{size}"))
            .await
            .unwrap()
            .unwrap();
        let entry = &ledger_entries(&bundle)[1];
        assert_eq!(entry.act_type, "notice");
        assert_eq!(entry.attachments.len(), 1);
        assert_eq!(entry.attachments[0].kind, "document");
        assert_eq!(entry.attachments[0].sm3.to_hex(), sm3);

        // It is also a file of the case (evidence), and the download was audited.
        let files = get_json(&officer, s.url(&format!("/api/v1/cases/{id}/evidence"))).await;
        assert!(
            files
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["sm3"] == sm3 && f["content_type"] == "application/pdf"),
            "{files}"
        );
        let reads = sanxiang_store::entity::audit_log::Entity::find()
            .filter(sanxiang_store::entity::audit_log::Column::Action.eq("instrument.read"))
            .all(app.store().db())
            .await
            .unwrap();
        assert_eq!(reads.len(), 1);

        // The case page links the document from its act.
        let page = officer
            .get(s.url(&format!("/console/cases/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains(&format!("/api/v1/cases/{id}/instruments/{sm3}")),
            "{page}"
        );
        assert!(page.contains(NOTICE_1), "{page}");
    }
}

#[tokio::test]
async fn p5_missing_facts_is_refused_before_numbering_so_numbers_stay_gap_free() {
    for b in common::backends() {
        let (s, officer, id) = filed_case(b).await;
        let acts = s.url(&format!("/api/v1/cases/{id}/acts"));
        let (status, body) = post(&officer, acts.clone(), &notice_act(vec![prior_notice()])).await;
        assert_eq!(status, 201, "{body}");

        // P5: a 告知书 without facts is refused, naming the rule; nothing is written.
        let mut bad = prior_notice();
        bad["data"]["facts"] = json!("  ");
        let (status, body) = post(&officer, acts.clone(), &notice_act(vec![bad])).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["error"]["rule"], "P5", "{body}");
        assert_eq!(body["error"]["field"], "facts", "{body}");
        assert!(body.to_string().contains("缺少：违法事实"), "{body}");
        assert_eq!(s.world.app.ledger_size().await.unwrap(), 2);
        let view = get_json(&officer, s.url(&format!("/api/v1/cases/{id}"))).await;
        assert_eq!(view["case"]["act_count"], 2);

        // The next two documents take numbers 2 and 3, in one act: no gap, no repeat.
        let (status, body) = post(
            &officer,
            acts.clone(),
            &notice_act(vec![prior_notice(), prior_notice()]),
        )
        .await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(
            numbers(&officer, &s, id).await,
            vec![
                json!(NOTICE_1),
                json!("示范县市场监督管理局告〔2026〕2号"),
                json!("示范县市场监督管理局告〔2026〕3号"),
            ]
        );
        let view = get_json(&officer, s.url(&format!("/api/v1/cases/{id}"))).await;
        assert_eq!(
            view["acts"][2]["act"]["instruments"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
    }
}

#[tokio::test]
async fn unnumbered_kinds_are_issued_without_a_number_and_other_agencies_cannot_read_them() {
    for b in common::backends() {
        let (s, officer, id) = filed_case(b).await;
        let acts = s.url(&format!("/api/v1/cases/{id}/acts"));
        let record = serde_json::to_value(sample(InstrumentKind::InspectionRecord)).unwrap();
        let (status, body) = post(&officer, acts, &notice_act(vec![record])).await;
        assert_eq!(status, 201, "{body}");
        let list = get_json(&officer, s.url(&format!("/api/v1/cases/{id}/instruments"))).await;
        assert_eq!(list[0]["kind"], "inspection_record");
        assert_eq!(list[0]["number"], Value::Null);
        let sm3 = list[0]["sm3"].as_str().unwrap();

        let other = s.client("head2").await;
        for path in [
            format!("/api/v1/cases/{id}/instruments"),
            format!("/api/v1/cases/{id}/instruments/{sm3}"),
        ] {
            let r = other.get(s.url(&path)).send().await.unwrap();
            assert_eq!(r.status(), 403, "{path}");
            let r = s.anonymous().get(s.url(&path)).send().await.unwrap();
            assert_eq!(r.status(), 401, "{path}");
        }
        let r = officer
            .get(s.url(&format!(
                "/api/v1/cases/{id}/instruments/{}",
                "0".repeat(64)
            )))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
    }
}

#[tokio::test]
async fn without_a_chinese_font_issuing_answers_503_with_the_install_hint_and_writes_nothing() {
    for b in common::backends() {
        let (s, officer, id) = filed_case(b).await;
        let empty = std::env::temp_dir().join(format!(
            "sanxiang-no-fonts-{}-{}",
            std::process::id(),
            rand::random::<u64>()
        ));
        std::fs::create_dir_all(&empty).unwrap();
        let missing =
            FontSet::load(std::slice::from_ref(&empty)).map(|f| Arc::new(Renderer::new(f)));
        assert!(missing.is_err());
        // The same database served by a server started without the fonts.
        let s = s.beside(|x| x.renderer(missing)).await;

        let acts = s.url(&format!("/api/v1/cases/{id}/acts"));
        let (status, body) = post(&officer, acts.clone(), &notice_act(vec![prior_notice()])).await;
        assert_eq!(status, 503, "{body}");
        assert_eq!(body["error"]["code"], "unavailable", "{body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.starts_with("未找到中文字体"), "{message}");
        assert!(message.contains("fonts-noto-cjk"), "{message}");
        assert_eq!(
            s.world.app.ledger_size().await.unwrap(),
            1,
            "nothing written"
        );
        assert!(numbers(&officer, &s, id).await.is_empty());

        // The server runs on: acts without documents are recorded.
        let (status, body) = post(&officer, acts, &notice_act(vec![])).await;
        assert_eq!(status, 201, "{body}");
        let _ = std::fs::remove_dir_all(&empty);
    }
}

#[tokio::test]
async fn a_failure_inside_the_recording_unit_after_numbering_gives_the_number_back() {
    for b in common::backends() {
        let (s, officer, id) = filed_case(b).await;
        let acts = s.url(&format!("/api/v1/cases/{id}/acts"));
        // Fault injection: a pattern whose numbers make a file name longer than the evidence
        // store accepts (1 KiB), so storing the PDF fails after the number was taken.
        let long = format!("{{简称}}{{字}}{}{{序号}}号", "长".repeat(400));
        let pattern = sanxiang_core::instrument::NumberPattern::parse(&long).unwrap();
        let faulty = s
            .beside(|x| x.renderer(Ok(common::renderer())).number_pattern(pattern))
            .await;
        let faulty_acts = faulty.url(&format!("/api/v1/cases/{id}/acts"));
        let (status, body) = post(&officer, faulty_acts, &notice_act(vec![prior_notice()])).await;
        assert_eq!(status, 500, "{body}");
        let app = &s.world.app;
        assert_eq!(
            app.ledger_size().await.unwrap(),
            1,
            "the act was rolled back"
        );

        // The server with the default pattern issues number 1: it was given back.
        let (status, body) = post(&officer, acts, &notice_act(vec![prior_notice()])).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(numbers(&officer, &s, id).await, vec![json!(NOTICE_1)]);
    }
}
