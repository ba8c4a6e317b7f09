//! Cases run from the console's forms (CASE-1..6): 立案 and the acts of every procedure, documents
//! drafted from the record, rule violations answered as the same form (422) naming the rule with
//! nothing written; A3 from the agency's AV list; the evidence page; deadline alarms; who reads a
//! case (officers their own, heads their agency's, the access log, the party with its code).
#![allow(clippy::unwrap_used)]

mod common;

use sanxiang_app::Actor;

const C1: &str = "43012120250001";
const C2: &str = "43012120250002";
const C3: &str = "43012120250003";
const PERSON_ID: &str = "11010519491231002X";

async fn setup(b: common::Backend) -> (common::Server, reqwest::Client) {
    let s = common::server_built(b, |x| {
        x.renderer(Ok(common::renderer()))
            .local_rules(common::local_rules())
    })
    .await;
    let sys = Actor::system("test");
    for (name, cert, until) in [
        ("张三", C1, "2029-12-31"),
        ("李四", C2, "2029-12-31"),
        ("王五", C3, "2025-12-31"),
    ] {
        let mut f = common::officer_form(s.world.agency_a, name, cert);
        f.certificate_valid_until = until.into();
        s.world.app.create_officer(&sys, &f).await.unwrap();
    }
    common::link_officer(&s, "officer1", C1).await;
    common::link_officer(&s, "officer2", C2).await;
    let c = s.client_no_redirect("officer1").await;
    (s, c)
}

fn filing(agency: i64, second: &str) -> Vec<(&'static str, String)> {
    vec![
        ("agency_id", agency.to_string()),
        ("kind", "penalty_ordinary".into()),
        ("matter_category", "市场监管".into()),
        ("matter_area", "示范县".into()),
        ("officer_1", C1.into()),
        ("officer_2", second.into()),
        ("party_kind", "person".into()),
        ("party_name", "赵某".into()),
        ("party_id", PERSON_ID.into()),
        ("party_address", "示范县幸福里3栋201".into()),
        ("cause", "销售过期食品".into()),
        ("violation_on", "2026-11-01".into()),
        ("discovered_on", "2026-11-20".into()),
        ("approved_by", "局长".into()),
        ("place", "示范县人民路8号".into()),
        ("at", "2026-11-23T09:00".into()),
        // CASE-2: 李四 confirms on the device with his own password (last: tests index fields).
        (
            "officer_2_password",
            if second == C2 { common::PASSWORD } else { "" }.into(),
        ),
    ]
}

async fn post(
    c: &reqwest::Client,
    s: &common::Server,
    path: &str,
    form: &[(&str, String)],
) -> (u16, String, String) {
    let r = c.post(s.url(path)).form(form).send().await.unwrap();
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, r.text().await.unwrap())
}

async fn page(c: &reqwest::Client, s: &common::Server, path: &str) -> String {
    let r = c.get(s.url(path)).send().await.unwrap();
    assert_eq!(r.status(), 200, "{path}");
    r.text().await.unwrap()
}

/// Files the standard case (officers C1 and C2) from the console; its page's path and id.
async fn file_case(c: &reqwest::Client, s: &common::Server) -> (String, i64) {
    let (status, case_url, body) =
        post(c, s, "/console/cases", &filing(s.world.agency_a, C2)).await;
    assert_eq!(status, 303, "{body}");
    let id = case_url.rsplit('/').next().unwrap().parse().unwrap();
    (case_url, id)
}

/// An act form by officers C1 and C2 at `at` (`YYYY-MM-DDTHH:MM`), with the kind's own fields.
fn act_form(kind: &str, at: &str, extra: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut v = vec![
        ("kind", kind.to_owned()),
        ("officer_1", C1.to_owned()),
        ("officer_2", C2.to_owned()),
        ("officer_2_password", common::PASSWORD.to_owned()),
        ("at", at.to_owned()),
    ];
    v.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    // CASE-2: 李四 confirms on the device with his own password.
    v.push(("officer_2_password", common::PASSWORD.to_owned()));
    v
}

/// The first option's value of the select with this id in a page.
fn first_option(page: &str, select: &str) -> String {
    page.split(&format!("id=\"{select}\""))
        .nth(1)
        .and_then(|r| r.split("<option value=\"").nth(1))
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned()
}

/// The id of the first alarm listed on the dashboard.
fn first_alarm_id(dash: &str) -> String {
    dash.split("/console/alarms/")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap()
        .to_owned()
}

/// A user of agency A with `role`, not linked to an officer.
async fn add_user(
    s: &common::Server,
    username: &str,
    display_name: &str,
    role: sanxiang_core::auth::Role,
) -> sanxiang_store::entity::app_user::Model {
    s.world
        .app
        .create_user(
            &Actor::system("test"),
            sanxiang_app::auth::NewUser {
                username,
                display_name,
                password: common::PASSWORD,
                role,
                agency_id: s.world.agency_a,
                officer_id: None,
            },
        )
        .await
        .unwrap()
}

/// The earliest open case deadline's due date (read as a supervisor sees the county).
async fn first_due(s: &common::Server) -> chrono::NaiveDate {
    let supervisor = Actor::system_as("t", sanxiang_core::auth::Role::Supervisor);
    s.world.app.case_deadlines(&supervisor, 10).await.unwrap()[0]
        .deadline
        .deadline
        .due
}

#[tokio::test]
async fn case1_console_files_a_case_and_records_an_inspection_and_a_notice_with_documents() {
    for b in common::backends() {
        let (s, c) = setup(b).await;
        let a = s.world.agency_a;
        let form = page(&c, &s, "/console/cases/new").await;
        assert!(form.contains("立案") && form.contains("party_id"));

        // R2: the expired certificate blocks filing and the form says whose; nothing is written.
        let (status, _, body) = post(&c, &s, "/console/cases", &filing(a, C3)).await;
        assert_eq!(status, 422, "{b:?}");
        assert!(body.contains(C3) && body.contains("R2"), "{body}");
        assert!(
            body.contains("value=\"销售过期食品\""),
            "the form keeps what was typed"
        );
        assert_eq!(s.world.app.ledger_size().await.unwrap(), 0);
        // A bad ID number is named by its field and rule.
        let mut bad = filing(a, C2);
        bad.iter_mut().find(|(k, _)| *k == "party_id").unwrap().1 = "110105194912310021".into();
        let (status, _, body) = post(&c, &s, "/console/cases", &bad).await;
        assert_eq!(status, 422);
        assert!(body.contains("ID-CHECKSUM"), "{body}");

        let (status, case_url, _) = post(&c, &s, "/console/cases", &filing(a, C2)).await;
        assert_eq!(status, 303);
        let id: i64 = case_url.rsplit('/').next().unwrap().parse().unwrap();
        let case_page = page(&c, &s, &case_url).await;
        assert!(case_page.contains("立案") && case_page.contains("记录执法行为"));
        // A8: the party's ID number and address are shown in full to the case's officers only.
        assert!(
            case_page.contains(PERSON_ID) && case_page.contains("示范县幸福里3栋201"),
            "{case_page}"
        );

        // R3: an inspection by one officer is refused with the form again.
        let acts = format!("/console/cases/{id}/acts");
        let inspection = |second: &str| {
            vec![
                ("kind", "transcript".to_owned()),
                ("officer_1", C1.to_owned()),
                ("officer_2", second.to_owned()),
                ("officer_2_password", common::PASSWORD.to_owned()),
                // CASE-2: now (the clock reads 10:00), after the filing.
                ("at", "2026-11-23T10:00".to_owned()),
                ("place", "示范县人民路8号".to_owned()),
                ("transcript_kind", "inspection".to_owned()),
                ("content", "货架上发现过期食品3件".to_owned()),
                ("certificates_shown", "on".to_owned()),
                ("rights_notified", "on".to_owned()),
                ("officers_signed", "on".to_owned()),
                ("party_signed", "on".to_owned()),
                ("issue", "on".to_owned()),
                ("started_at", "2026-11-23T09:30".to_owned()),
                ("present_person", "赵某（店主）".to_owned()),
                ("recorder", "李四".to_owned()),
            ]
        };
        let (status, _, body) = post(&c, &s, &acts, &inspection("")).await;
        assert_eq!(status, 422);
        assert!(body.contains("R3"), "{body}");
        assert_eq!(s.world.app.ledger_size().await.unwrap(), 1);

        // Two officers: recorded, with the 现场检查笔录 issued from the record.
        let (status, to, body) = post(&c, &s, &acts, &inspection(C2)).await;
        assert_eq!(status, 303, "{body}");
        assert!(to.ends_with("#act-2"), "{to}");
        let case_page = page(&c, &s, &format!("/console/cases/{id}")).await;
        assert!(case_page.contains("现场检查笔录"), "{case_page}");

        // The next morning (CASE-2: an act is recorded when it happens; signed in again).
        s.world.clock.advance(chrono::Duration::hours(23));
        let c = s.client_no_redirect("officer1").await;
        // 事先告知 with the 事先告知书 drafted from the case: the party comes from the filing.
        let notice = vec![
            ("kind", "notice".to_owned()),
            ("officer_1", C1.to_owned()),
            ("officer_2", C2.to_owned()),
            ("officer_2_password", common::PASSWORD.to_owned()),
            ("at", "2026-11-24T09:00".to_owned()),
            ("facts", "当事人销售超过保质期的食品3件".to_owned()),
            ("reasons", "违反食品安全法第三十四条".to_owned()),
            (
                "basis",
                "《中华人民共和国食品安全法》第一百二十四条第一款".to_owned(),
            ),
            ("fine_yuan", "5000".to_owned()),
            ("warning", "on".to_owned()),
            ("rights_told", "on".to_owned()),
            // P6: ¥5,000 for a natural person is a 较大数额: the hearing must be offered.
            ("hearing_offered", "on".to_owned()),
            ("issue", "on".to_owned()),
            ("contact", "李四 0731-00000000".to_owned()),
        ];
        let (status, _, body) = post(&c, &s, &acts, &notice).await;
        assert_eq!(status, 303, "{body}");
        let case_page = page(&c, &s, &format!("/console/cases/{id}")).await;
        assert!(case_page.contains("行政处罚事先告知书"), "{case_page}");
        let pdf_link = case_page
            .split("href=\"")
            .filter_map(|p| p.split('"').next())
            .filter(|h| h.contains("/instruments/"))
            .last()
            .unwrap()
            .to_owned();
        let pdf = c.get(s.url(&pdf_link)).send().await.unwrap();
        assert_eq!(pdf.status(), 200);
        assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));

        // A bad amount is named by its field.
        let mut bad = notice.clone();
        bad.iter_mut().find(|(k, _)| *k == "fine_yuan").unwrap().1 = "五千元".into();
        let (status, _, body) = post(&c, &s, &acts, &bad).await;
        assert_eq!(status, 422);
        assert!(body.contains("AMOUNT"), "{body}");
    }
}

#[tokio::test]
async fn case4_the_evidence_page_offers_a_resumable_upload_usable_on_a_phone() {
    for b in common::backends() {
        let (s, c) = setup(b).await;
        let (status, case_url, _) =
            post(&c, &s, "/console/cases", &filing(s.world.agency_a, C2)).await;
        assert_eq!(status, 303);
        let page = page(&c, &s, &format!("{case_url}/evidence")).await;
        assert!(page.contains(r#"capture="environment""#));
        assert!(page.contains(r#"<progress id="upload-progress""#));
        assert!(page.contains("/console/static/upload.js"));
        let js = c
            .get(s.url("/console/static/upload.js"))
            .send()
            .await
            .unwrap();
        assert_eq!(js.status(), 200);
        let js = js.text().await.unwrap();
        assert!(js.contains("localStorage") && js.contains("/complete"));
    }
}

/// A3 + CAT-4: an agency's 音像记录事项清单 in force raises on-site enforcement of its penalty
/// matters to full-process recording; an inspection without an AV record is then refused.
#[tokio::test]
async fn a3_the_agencys_av_list_in_force_makes_on_site_recording_mandatory() {
    for b in common::backends() {
        let (s, c) = setup(b).await;
        let app = &s.world.app;
        let staff = Actor::system_as("test", sanxiang_core::auth::Role::Supervisor);
        let v = app
            .catalog_new_draft(
                &staff,
                s.world.agency_a,
                sanxiang_core::catalog::version::CatalogKind::Av,
                "音像记录事项清单".into(),
            )
            .await
            .unwrap();
        let row = serde_json::json!({"item_no": "1", "act": "on_site_enforcement",
        "matter_kind": "penalty", "requirement": "full_process", "note": "从到达现场至离开现场"});
        app.catalog_save_items(&staff, v.id, &[row]).await.unwrap();
        let (status, case_url, _) =
            post(&c, &s, "/console/cases", &filing(s.world.agency_a, C2)).await;
        assert_eq!(status, 303);
        let id: i64 = case_url.rsplit('/').next().unwrap().parse().unwrap();
        let inspection = vec![
            ("kind", "transcript".to_owned()),
            ("officer_1", C1.to_owned()),
            ("officer_2", C2.to_owned()),
            ("officer_2_password", common::PASSWORD.to_owned()),
            ("at", "2026-11-23T09:30".to_owned()),
            ("place", "示范县人民路8号".to_owned()),
            ("content", "现场检查".to_owned()),
            ("certificates_shown", "on".to_owned()),
            ("rights_notified", "on".to_owned()),
            ("officers_signed", "on".to_owned()),
            ("party_signed", "on".to_owned()),
        ];
        let acts = format!("/console/cases/{id}/acts");
        // A draft list is not in force: the floor (by circumstance) gives a warning only.
        let (status, _, body) = post(&c, &s, &acts, &inspection).await;
        assert_eq!(status, 303, "{body}");
        let from = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        app.catalog_publish_historical(&staff, v.id, Some(from), None)
            .await
            .unwrap();
        let (status, _, body) = post(&c, &s, &acts, &inspection).await;
        assert_eq!(status, 422);
        assert!(
            body.contains("A3") && body.contains("全过程音像记录"),
            "{body}"
        );
    }
}

/// CASE-6: every read of a case is logged; the agency's head reviews who read it (and who was
/// refused), an officer may not.
#[tokio::test]
async fn case6_heads_review_who_read_a_case_including_refused_attempts() {
    for b in common::backends() {
        let (s, c) = setup(b).await;
        let (status, case_url, _) =
            post(&c, &s, "/console/cases", &filing(s.world.agency_a, C2)).await;
        assert_eq!(status, 303);
        page(&c, &s, &case_url).await;
        // Another agency's head is refused, and the refusal is logged under the case.
        let other = s.client_no_redirect("head2").await;
        let r = other.get(s.url(&case_url)).send().await.unwrap();
        assert_eq!(r.status(), 403);
        let head = s.client_no_redirect("head1").await;
        let log = page(&head, &s, &format!("{case_url}/access")).await;
        assert!(log.contains("立案") && log.contains("查阅案件"), "{log}");
        assert!(
            log.contains("越权访问（已拒绝）") && log.contains("head2"),
            "{log}"
        );
        let r = c
            .get(s.url(&format!("{case_url}/access")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "an officer does not review the access log");
    }
}

/// CASE-1 over the console: a licensing case (P14: correction at once, acceptance, decision)
/// and a coercion case whose 查封扣押 is refused without a covering AV record (A3) and whose
/// emergency freeze is approved after the fact (P13).
#[tokio::test]
async fn p13_p14_and_a3_licensing_and_coercion_run_from_the_console() {
    for b in common::backends() {
        let (s, c) = setup(b).await;
        let a = s.world.agency_a;
        let mut licensing = filing(a, C2);
        licensing[1].1 = "licensing".into();
        licensing[6].1 = "organisation".into();
        licensing[7].1 = "示范县好味道餐饮店".into();
        licensing[8].1 = "91350100M000100Y43".into();
        licensing[10].1 = "食品经营许可".into();
        let (status, url, body) = post(&c, &s, "/console/cases", &licensing).await;
        assert_eq!(status, 303, "{body}");
        let id: i64 = url.rsplit('/').next().unwrap().parse().unwrap();
        let case_page = page(&c, &s, &url).await;
        assert!(
            case_page.contains("一次性告知补正材料") && !case_page.contains("行政处罚事先告知")
        );
        let acts = format!("/console/cases/{id}/acts");
        let act =
            |kind: &str, extra: &[(&'static str, &str)]| act_form(kind, "2026-11-23T09:30", extra);
        for (kind, extra) in [
            (
                "correction_notice",
                vec![("missing", "营业执照复印件\n食品安全管理制度")],
            ),
            ("acceptance", vec![("receipt_sealed_and_dated", "on")]),
            (
                "licensing_decision",
                vec![("granted", "yes"), ("reasons", "符合法定条件")],
            ),
        ] {
            let (status, _, body) = post(&c, &s, &acts, &act(kind, &extra)).await;
            assert_eq!(status, 303, "{kind}: {body}");
        }
        let case_page = page(&c, &s, &url).await;
        // On the timeline (not merely the act menu's option of the same name).
        assert!(case_page.contains(". 许可决定</strong>"), "{case_page}");

        // Coercion: approval, then a seizure without video is refused (A3), nothing written.
        let mut coercion = filing(a, C2);
        coercion[1].1 = "coercion".into();
        let (status, url, _) = post(&c, &s, "/console/cases", &coercion).await;
        assert_eq!(status, 303);
        let id: i64 = url.rsplit('/').next().unwrap().parse().unwrap();
        let acts = format!("/console/cases/{id}/acts");
        let (status, _, body) = post(
            &c,
            &s,
            &acts,
            &act("coercion_approval", &[("approved_by", "局长")]),
        )
        .await;
        assert_eq!(status, 303, "{body}");
        let size = s.world.app.ledger_size().await.unwrap();
        let seizure = act(
            "coercion_measure",
            &[
                ("measure", "seizure"),
                ("items", "过期食品，3件"),
                ("term_days", "30"),
                ("reasons", "涉嫌销售过期食品"),
                ("basis", "《中华人民共和国食品安全法》第一百一十条"),
                ("certificate_shown", "on"),
                ("party_notified", "on"),
                ("reasons_basis_rights_told", "on"),
                ("party_heard", "on"),
                ("onsite_record_made", "on"),
                ("signed_or_refusal_noted", "on"),
                ("party_present", "on"),
            ],
        );
        let (status, _, body) = post(&c, &s, &acts, &seizure).await;
        assert_eq!(status, 422);
        assert!(
            body.contains("A3") && body.contains("查封扣押须全过程音像记录"),
            "{body}"
        );
        assert_eq!(s.world.app.ledger_size().await.unwrap(), size);

        // P13 (S3 Art 19): a freeze carried out in an emergency, then approved after the fact.
        let mut freeze = seizure.clone();
        for (k, v) in freeze.iter_mut() {
            if *k == "measure" {
                *v = "freeze".into();
            }
        }
        freeze.extend([
            ("emergency", "on".to_owned()),
            ("other_legal_steps", "on".to_owned()),
        ]);
        let (status, _, body) = post(&c, &s, &acts, &freeze).await;
        assert_eq!(status, 303, "{body}");
        let form = page(&c, &s, &format!("{url}/acts/new?kind=emergency_approval")).await;
        assert!(form.contains("不批准（应当立即解除）"), "{form}");
        let measure = first_option(&form, "measure");
        let approval = act(
            "emergency_approval",
            &[
                ("measure", measure.as_str()),
                ("approved", "yes"),
                ("approved_by", "局长"),
            ],
        );
        let (status, _, body) = post(&c, &s, &acts, &approval).await;
        assert_eq!(status, 303, "{body}");
        assert!(page(&c, &s, &url).await.contains("紧急情况事后审批"));
    }
}

fn pdf_text(bytes: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!(
        "sanxiang-party-{}-{}.pdf",
        std::process::id(),
        bytes.len()
    ));
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext is needed (apt-get install poppler-utils): {e}"));
    let _ = std::fs::remove_file(&path);
    String::from_utf8(out.stdout).unwrap()
}

/// CASE-6: the 送达回证 carries the case's access code; with it and the case number the party
/// sees and downloads the documents served on it, and nothing else.
#[tokio::test]
async fn case6_the_party_reads_its_served_documents_with_the_code_on_the_receipt() {
    for b in common::backends() {
        let (s, c) = setup(b).await;
        let (status, case_url, _) =
            post(&c, &s, "/console/cases", &filing(s.world.agency_a, C2)).await;
        assert_eq!(status, 303);
        let id: i64 = case_url.rsplit('/').next().unwrap().parse().unwrap();
        let acts = format!("/console/cases/{id}/acts");
        let common = |kind: &str| {
            vec![
                ("kind", kind.to_owned()),
                ("officer_1", C1.to_owned()),
                ("officer_2", C2.to_owned()),
                ("officer_2_password", common::PASSWORD.to_owned()),
                ("at", "2026-11-23T09:30".to_owned()),
            ]
        };
        let mut notice = common("notice");
        notice.extend([
            ("facts", "销售超过保质期的食品".to_owned()),
            ("reasons", "违反食品安全法".to_owned()),
            (
                "basis",
                "《中华人民共和国食品安全法》第一百二十四条".to_owned(),
            ),
            ("warning", "on".to_owned()),
            ("rights_told", "on".to_owned()),
            ("issue", "on".to_owned()),
        ]);
        let (status, _, body) = post(&c, &s, &acts, &notice).await;
        assert_eq!(status, 303, "{body}");
        let mut service = common("service");
        service.extend([
            ("of_act", "2".to_owned()),
            ("recipient", "赵某".to_owned()),
            ("method", "personal".to_owned()),
            ("receipt_signed", "on".to_owned()),
            ("served_on", "2026-11-23".to_owned()),
            ("issue", "on".to_owned()),
        ]);
        let (status, _, body) = post(&c, &s, &acts, &service).await;
        assert_eq!(status, 303, "{body}");

        // The receipt prints the code.
        let docs: serde_json::Value = c
            .get(s.url(&format!("/api/v1/cases/{id}/instruments")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let receipt = docs
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["kind"] == "service_receipt")
            .unwrap_or_else(|| panic!("{docs}"));
        let pdf = c
            .get(s.url(&format!(
                "/api/v1/cases/{id}/instruments/{}",
                receipt["sm3"].as_str().unwrap()
            )))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let case_no = s
            .world
            .app
            .case_view(
                &Actor::system_as("test", sanxiang_core::auth::Role::Supervisor),
                id,
            )
            .await
            .unwrap()
            .case
            .case_no;
        let code = s.world.app.party_access_code(&case_no).unwrap();
        assert!(pdf_text(&pdf).contains(&code), "the receipt prints {code}");

        // The party: a wrong code is refused like an unknown case; the right one lets it in.
        let party = s.anonymous();
        let wrong = party
            .post(s.url("/my-case"))
            .form(&[("case_no", case_no.as_str()), ("code", "22222-22222")])
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 422);
        assert!(wrong.text().await.unwrap().contains("案号或查询码不正确"));
        let ok = party
            .post(s.url("/my-case"))
            .form(&[
                ("case_no", case_no.as_str()),
                ("code", &code.to_lowercase()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), 303);
        let mine = party
            .get(s.url("/my-case"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(mine.contains("行政处罚事先告知书"), "{mine}");
        assert!(
            !mine.contains(PERSON_ID),
            "A8: no ID number on the party's page"
        );
        let link = mine
            .split("href=\"")
            .filter_map(|p| p.split('"').next())
            .find(|h| h.starts_with("/my-case/documents/"))
            .unwrap()
            .to_owned();
        let pdf = party.get(s.url(&link)).send().await.unwrap();
        assert_eq!(pdf.status(), 200);
        assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
        // Without the cookie the document is not there.
        let r = s.anonymous().get(s.url(&link)).send().await.unwrap();
        assert_eq!(r.status(), 303);
        // Attempts are limited per address.
        let mut last = 0;
        for _ in 0..12 {
            last = s
                .anonymous()
                .post(s.url("/my-case"))
                .form(&[("case_no", case_no.as_str()), ("code", "22222-22222")])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
        }
        assert_eq!(last, 429);
        // The party's reads are in the case's access log.
        let head = s.client_no_redirect("head1").await;
        let log = page(&head, &s, &format!("{case_url}/access")).await;
        assert!(
            log.contains("当事人凭查询码查阅") && log.contains("当事人下载文书"),
            "{log}"
        );
    }
}

/// CASE-5: the daily job raises 临期 then 逾期 once each; the dashboard lists open alarms in
/// scope and 已知悉 clears one.
#[tokio::test]
async fn case5_the_daily_job_raises_due_soon_and_overdue_alarms_once() {
    for b in common::backends() {
        let (s, c) = setup(b).await;
        let (status, _, _) = post(&c, &s, "/console/cases", &filing(s.world.agency_a, C2)).await;
        assert_eq!(status, 303);
        let app = &s.world.app;
        // Filed 2026-11-23: the P8 decision period ends months later; nothing to raise today.
        assert_eq!(app.raise_alarms().await.unwrap().raised, 0);
        // Two working days before the due date: 临期.
        let due = first_due(&s).await;
        let before = due - chrono::Duration::days(2);
        let now = app.today();
        s.world
            .clock
            .advance(chrono::Duration::days((before - now).num_days()));
        assert_eq!(app.raise_alarms().await.unwrap().raised, 1, "{b:?}");
        assert_eq!(app.raise_alarms().await.unwrap().raised, 0, "raised once");
        let head = s.client_no_redirect("head1").await;
        let dash = page(&head, &s, "/console").await;
        assert!(dash.contains("临期") && dash.contains("P8"), "{dash}");
        // Past the due date: 逾期, a second alarm of its own (signed in again: days passed).
        s.world.clock.advance(chrono::Duration::days(5));
        assert_eq!(app.raise_alarms().await.unwrap().raised, 1);
        let head = s.client_no_redirect("head1").await;
        let dash = page(&head, &s, "/console").await;
        assert!(
            dash.contains("逾期") && dash.contains("2条未处理"),
            "{dash}"
        );
        // Another agency's head does not see them.
        let other = s.client_no_redirect("head2").await;
        assert!(!page(&other, &s, "/console").await.contains("办案期限预警"));
        // 已知悉.
        let id = first_alarm_id(&dash);
        let r = head
            .post(s.url(&format!("/console/alarms/{id}/acknowledge")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert!(page(&head, &s, "/console").await.contains("1条未处理"));
        let r = other
            .post(s.url(&format!("/console/alarms/{id}/acknowledge")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "outside scope");
    }
}

/// A8 (CASE item 3): a natural person's ID number and address are in full for the case's
/// officers and masked for everyone else who reads the case, on the page and in the API.
#[tokio::test]
async fn a8_the_partys_identifiers_are_masked_except_for_the_cases_officers() {
    for b in common::backends() {
        let (s, c) = setup(b).await;
        let (case_url, id) = file_case(&c, &s).await;
        let api = format!("/api/v1/cases/{id}");
        let own = page(&c, &s, &case_url).await;
        assert!(own.contains(PERSON_ID) && !own.contains("个人信息已部分隐去"));
        let own_api = page(&c, &s, &api).await;
        assert!(own_api.contains(PERSON_ID), "{own_api}");
        let head = s.client_no_redirect("head1").await;
        let masked = page(&head, &s, &case_url).await;
        assert!(!masked.contains(PERSON_ID), "{b:?}");
        assert!(!masked.contains("幸福里"), "{masked}");
        assert!(
            masked.contains("110105********002X") && masked.contains("个人信息已部分隐去"),
            "{masked}"
        );
        let masked_api = page(&head, &s, &api).await;
        assert!(
            !masked_api.contains(PERSON_ID) && !masked_api.contains("幸福里"),
            "{masked_api}"
        );
        assert!(masked_api.contains("110105********002X"), "{masked_api}");
    }
}

/// P8 with CASE-5: a pause of the decision period moves its deadline when it ends; the
/// deadline table follows (the alarm raised on the old date is no longer listed, none is
/// raised until the new date comes near).
#[tokio::test]
async fn p8_a_pause_moves_the_decision_deadline_and_its_alarms() {
    for b in common::backends() {
        let (s, c) = setup(b).await;
        let (_, id) = file_case(&c, &s).await;
        let acts = format!("/console/cases/{id}/acts");
        let pause = act_form("pause", "2026-11-23T09:30", &[("reason", "送检：抽样检验")]);
        let (status, _, body) = post(&c, &s, &acts, &pause).await;
        assert_eq!(status, 303, "{body}");
        let app = &s.world.app;
        let due = first_due(&s).await;
        // Two days before the (still unmoved) due date: 临期 is raised.
        let days = (due - app.today()).num_days() - 2;
        s.world.clock.advance(chrono::Duration::days(days));
        assert_eq!(app.raise_alarms().await.unwrap().raised, 1, "{b:?}");
        // The test ends today: the decision period is longer by the days it was paused.
        let c = s.client_no_redirect("officer1").await;
        let today = app.today();
        let resume = act_form("resume", &format!("{today}T09:00"), &[]);
        let (status, _, body) = post(&c, &s, &acts, &resume).await;
        assert_eq!(status, 303, "{body}");
        let supervisor = Actor::system_as("t", sanxiang_core::auth::Role::Supervisor);
        let moved = app.case_deadlines(&supervisor, 10).await.unwrap();
        assert_eq!(moved.len(), 1);
        let paused = (today - chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).num_days();
        assert_eq!(
            moved[0].deadline.deadline.due,
            due + chrono::Duration::days(paused)
        );
        assert_eq!(app.raise_alarms().await.unwrap().raised, 0);
        let head = s.client_no_redirect("head1").await;
        assert!(!page(&head, &s, "/console").await.contains("办案期限预警"));
    }
}

/// CASE-6: a 法制审核人员 reads the cases a head of the agency assigned them to, and no other;
/// only the agency's reviewers can be assigned, only by its heads; the assignment is logged.
#[tokio::test]
async fn case6_a_reviewer_reads_only_the_cases_assigned_by_a_head() {
    for b in common::backends() {
        let (s, c) = setup(b).await;
        let (case_url, _) = file_case(&c, &s).await;
        let reviewer = add_user(
            &s,
            "reviewer1",
            "审核员甲",
            sanxiang_core::auth::Role::Reviewer,
        )
        .await;
        let rc = s.client_no_redirect("reviewer1").await;
        assert!(!page(&rc, &s, "/console/cases").await.contains(&case_url));
        let r = rc.get(s.url(&case_url)).send().await.unwrap();
        assert_eq!(r.status(), 403, "{b:?}: not assigned");
        // An officer cannot assign; a head assigns; only a reviewer of the agency can be assigned.
        let assign = format!("{case_url}/reviewers");
        let (status, _, _) = post(&c, &s, &assign, &[("reviewer", reviewer.id.to_string())]).await;
        assert_eq!(status, 403);
        let head = s.client_no_redirect("head1").await;
        let case_page = page(&head, &s, &case_url).await;
        assert!(case_page.contains("审核员甲") && case_page.contains("assign-reviewer"));
        let (status, _, body) = post(&head, &s, &assign, &[("reviewer", "1".to_owned())]).await;
        assert_eq!(status, 422, "the first user is no reviewer: {body}");
        let (status, _, _) =
            post(&head, &s, &assign, &[("reviewer", reviewer.id.to_string())]).await;
        assert_eq!(status, 303);
        let case_page = page(&head, &s, &case_url).await;
        assert!(case_page.contains("审核员甲（"), "{case_page}");
        // Now the reviewer lists and reads it, the party's identifiers masked.
        assert!(page(&rc, &s, "/console/cases").await.contains(&case_url));
        let read = page(&rc, &s, &case_url).await;
        assert!(!read.contains(PERSON_ID) && read.contains("个人信息已部分隐去"));
        let log = page(&head, &s, &format!("{case_url}/access")).await;
        assert!(log.contains("指定法制审核人员"), "{log}");
    }
}

/// P4 and P8 over the console: evidence registered for preservation is decided on, which closes
/// its 7-working-day deadline, and the head's extension moves the decision deadline.
#[tokio::test]
async fn p4_p8_preserved_evidence_is_decided_on_and_the_decision_period_extended() {
    for b in common::backends() {
        let (s, c) = setup(b).await;
        let (case_url, id) = file_case(&c, &s).await;
        let acts = format!("/console/cases/{id}/acts");
        let act =
            |kind: &str, extra: &[(&'static str, &str)]| act_form(kind, "2026-11-23T09:40", extra);
        let (status, _, body) = post(
            &c,
            &s,
            &acts,
            &act("preservation_approval", &[("approved_by", "局长")]),
        )
        .await;
        assert_eq!(status, 303, "{body}");
        let form = page(&c, &s, &format!("{acts}/new?kind=preservation")).await;
        let approval = first_option(&form, "approval");
        let (status, _, body) = post(
            &c,
            &s,
            &acts,
            &act(
                "preservation",
                &[("approval", approval.as_str()), ("items", "过期食品，3件")],
            ),
        )
        .await;
        assert_eq!(status, 303, "{body}");
        assert!(page(&c, &s, &case_url).await.contains("<td>P4</td>"));
        let form = page(&c, &s, &format!("{acts}/new?kind=preservation_handled")).await;
        let preservation = first_option(&form, "preservation");
        let (status, _, body) = post(
            &c,
            &s,
            &acts,
            &act(
                "preservation_handled",
                &[
                    ("preservation", preservation.as_str()),
                    ("outcome", "予以扣押"),
                ],
            ),
        )
        .await;
        assert_eq!(status, 303, "{body}");
        assert!(!page(&c, &s, &case_url).await.contains("<td>P4</td>"));
        // P8: 90 days, then 30 more with the head's approval.
        let due = first_due(&s).await;
        let (status, _, body) = post(
            &c,
            &s,
            &acts,
            &act(
                "decision_extension",
                &[("days", "30"), ("approved_by", "局长")],
            ),
        )
        .await;
        assert_eq!(status, 303, "{body}");
        assert_eq!(first_due(&s).await, due + chrono::Duration::days(30));
    }
}

/// P8 (处罚法 Art 60) over the console: without a configured rule that allows it, the decision
/// period is not extended, and the page says why.
#[tokio::test]
async fn p8_no_extension_without_a_rule_that_allows_one() {
    for b in common::backends() {
        let s = common::server(b).await;
        let sys = Actor::system("test");
        let f = common::officer_form(s.world.agency_a, "张三", C1);
        s.world.app.create_officer(&sys, &f).await.unwrap();
        let f = common::officer_form(s.world.agency_a, "李四", C2);
        s.world.app.create_officer(&sys, &f).await.unwrap();
        common::link_officer(&s, "officer1", C1).await;
        common::link_officer(&s, "officer2", C2).await;
        let c = s.client_no_redirect("officer1").await;
        let (_, id) = file_case(&c, &s).await;
        let acts = format!("/console/cases/{id}/acts");
        let due = first_due(&s).await;
        let form = act_form(
            "decision_extension",
            "2026-11-23T09:40",
            &[("days", "30"), ("approved_by", "局长")],
        );
        let (status, _, body) = post(&c, &s, &acts, &form).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains("第六十条") && body.contains("P8"), "{body}");
        assert_eq!(first_due(&s).await, due, "nothing written");
    }
}

/// CASE-2 over the console: an act recorded more than a day after it happened is a 补录 that
/// states why and is marked on the timeline; a claimed time ahead of the clock is refused.
#[tokio::test]
async fn case2_a_late_entry_states_its_reason_and_is_marked_on_the_timeline() {
    for b in common::backends() {
        let (s, c) = setup(b).await;
        let (case_url, id) = file_case(&c, &s).await;
        let acts = format!("/console/cases/{id}/acts");
        let ahead = act_form(
            "decision_extension",
            "2026-11-23T11:00",
            &[("days", "30"), ("approved_by", "局长")],
        );
        let (status, _, body) = post(&c, &s, &acts, &ahead).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains("晚于现在"), "{body}");
        // Two days later, the act of the 23rd is entered.
        s.world.clock.advance(chrono::Duration::days(2));
        let c = s.client_no_redirect("officer1").await;
        let late = |reason: &str| {
            act_form(
                "decision_extension",
                "2026-11-23T10:30",
                &[
                    ("days", "30"),
                    ("approved_by", "局长"),
                    ("late_reason", reason),
                ],
            )
        };
        let (status, _, body) = post(&c, &s, &acts, &late("")).await;
        assert_eq!(status, 422, "{body}");
        assert!(
            body.contains("补录理由") || body.contains("须说明补录理由"),
            "{body}"
        );
        assert!(
            body.contains("2026-11-23T10:30"),
            "the form keeps what was typed"
        );
        let (status, _, body) = post(&c, &s, &acts, &late("现场无网络，返回后补录")).await;
        assert_eq!(status, 303, "{body}");
        let timeline = page(&c, &s, &case_url).await;
        assert!(
            timeline.contains("2026-11-25 10:00补录：现场无网络，返回后补录"),
            "{timeline}"
        );
        // Counted for the agency's head (and supervisors); an officer's home page has no list.
        let head = s.client_no_redirect("head1").await;
        let home = page(&head, &s, "/console").await;
        assert!(
            home.contains("补录的执法行为（1）")
                && home.contains(&format!("/console/cases/{id}#act-2")),
            "{home}"
        );
        assert!(!page(&c, &s, "/console").await.contains("补录的执法行为"));
    }
}

/// CASE-2 over the console: a correction is a new act that names the act it replaces, of the
/// same kind; the original stays in the timeline.
#[tokio::test]
async fn case2_a_correction_is_a_new_act_naming_the_one_it_replaces() {
    for b in common::backends() {
        let (s, c) = setup(b).await;
        let (case_url, id) = file_case(&c, &s).await;
        let acts = format!("/console/cases/{id}/acts");
        let extension = |days: &str, corrects: &str| {
            act_form(
                "decision_extension",
                "2026-11-23T09:50",
                &[
                    ("days", days),
                    ("approved_by", "局长"),
                    ("corrects", corrects),
                ],
            )
        };
        let (status, _, body) = post(&c, &s, &acts, &extension("30", "")).await;
        assert_eq!(status, 303, "{body}");
        let form = page(&c, &s, &format!("{acts}/new?kind=decision_extension")).await;
        assert!(form.contains("更正第2项"), "{form}");
        // Act 1 is the filing: not of the same kind.
        let (status, _, body) = post(&c, &s, &acts, &extension("20", "1")).await;
        assert_eq!(status, 422);
        assert!(
            body.contains("CASE-2") && body.contains("类型相同"),
            "{body}"
        );
        let (status, _, body) = post(&c, &s, &acts, &extension("20", "2")).await;
        assert_eq!(status, 303, "{body}");
        let timeline = page(&c, &s, &case_url).await;
        assert!(
            timeline.contains("id=\"act-2\"") && timeline.contains("更正第2项记录"),
            "{timeline}"
        );
    }
}

/// CASE-5 with CASE-6: an officer's dashboard lists the alarms of the cases they act in, not the
/// whole agency's, and an officer may not acknowledge another case's alarm.
#[tokio::test]
async fn case5_an_officer_sees_the_alarms_of_their_own_cases_only() {
    for b in common::backends() {
        let (s, c) = setup(b).await;
        file_case(&c, &s).await;
        let app = &s.world.app;
        add_user(
            &s,
            "officer3",
            "officer3",
            sanxiang_core::auth::Role::Officer,
        )
        .await;
        common::link_officer(&s, "officer3", C3).await;
        // Past the P8 due date of the case: an alarm of agency A.
        let due = first_due(&s).await;
        let days = (due - app.today()).num_days() + 1;
        s.world.clock.advance(chrono::Duration::days(days));
        assert_eq!(app.raise_alarms().await.unwrap().raised, 1, "{b:?}");
        // The case's officer sees it (signed in again: days passed).
        let own = s.client_no_redirect("officer1").await;
        let dash = page(&own, &s, "/console").await;
        assert!(
            dash.contains("逾期") && dash.contains("1条未处理"),
            "{dash}"
        );
        let id = first_alarm_id(&dash);
        // An officer of the same agency who does not act in the case neither sees nor clears it.
        let other = s.client_no_redirect("officer3").await;
        assert!(!page(&other, &s, "/console").await.contains("办案期限预警"));
        let r = other
            .post(s.url(&format!("/console/alarms/{id}/acknowledge")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "not the officer's case");
        assert!(page(&own, &s, "/console").await.contains("1条未处理"));
    }
}

/// CASE-6: an officer reads the cases they act in, not the whole agency's; heads read the
/// agency's; an account not linked to an officer reads none; a refusal is logged.
#[tokio::test]
async fn case6_an_officer_reads_only_the_cases_they_act_in() {
    for b in common::backends() {
        let (s, c) = setup(b).await;
        let (status, case_url, _) =
            post(&c, &s, "/console/cases", &filing(s.world.agency_a, C2)).await;
        assert_eq!(status, 303);
        let id: i64 = case_url.rsplit('/').next().unwrap().parse().unwrap();
        for (user, cert) in [("officer3", Some(C3)), ("clerk", None)] {
            add_user(&s, user, user, sanxiang_core::auth::Role::Officer).await;
            if let Some(cert) = cert {
                common::link_officer(&s, user, cert).await;
            }
        }
        // The officers of the case see it in their list and open it.
        let list = page(&c, &s, "/console/cases").await;
        assert!(list.contains(&format!("/console/cases/{id}")), "{b:?}");
        // Another officer of the same agency does not, and is refused (logged).
        let other = s.client_no_redirect("officer3").await;
        let list = page(&other, &s, "/console/cases").await;
        assert!(!list.contains(&format!("/console/cases/{id}")), "{list}");
        let r = other.get(s.url(&case_url)).send().await.unwrap();
        assert_eq!(r.status(), 403);
        let api: serde_json::Value = other
            .get(s.url("/api/v1/cases"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(api["total"], 0, "{api}");
        let r = other
            .get(s.url(&format!("/api/v1/cases/{id}/evidence")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "evidence too");
        // An officer's account not linked to an officer sees no case.
        let clerk = s.client_no_redirect("clerk").await;
        let list = page(&clerk, &s, "/console/cases").await;
        assert!(!list.contains(&format!("/console/cases/{id}")), "{list}");
        // The head sees the agency's cases, and the refusal in the access log.
        let head = s.client_no_redirect("head1").await;
        assert!(
            page(&head, &s, "/console/cases")
                .await
                .contains(&format!("/console/cases/{id}"))
        );
        let log = page(&head, &s, &format!("{case_url}/access")).await;
        assert!(
            log.contains("officer3") && log.contains("越权访问（已拒绝）"),
            "{log}"
        );
    }
}

/// An account is linked only to an officer of its own agency.
#[tokio::test]
async fn sec1_an_account_is_linked_only_to_an_officer_of_its_agency() {
    for b in common::backends() {
        let (s, _) = setup(b).await;
        let sys = Actor::system("test");
        let mut f = common::officer_form(s.world.agency_b, "外单位", "43012120259999");
        f.certificate_valid_until = "2029-12-31".into();
        s.world.app.create_officer(&sys, &f).await.unwrap();
        let err = s
            .world
            .app
            .link_user_officer(&sys, "officer1", Some("43012120259999"))
            .await
            .unwrap_err();
        assert!(format!("{err:?}").contains("SEC-1"), "{err:?}");
        let err = s
            .world
            .app
            .link_user_officer(&sys, "officer1", Some("00000000"))
            .await
            .unwrap_err();
        assert!(format!("{err:?}").contains("REG-2"), "{err:?}");
    }
}

/// CASE-6 for databases from before `case_officer`: the officers are filled in from the sealed
/// acts at start, once.
#[tokio::test]
async fn case6_case_officers_are_filled_from_the_recorded_acts_once() {
    use sea_orm::ConnectionTrait;
    for b in common::backends() {
        let (s, c) = setup(b).await;
        let (status, case_url, _) =
            post(&c, &s, "/console/cases", &filing(s.world.agency_a, C2)).await;
        assert_eq!(status, 303);
        let app = &s.world.app;
        assert_eq!(
            app.backfill_case_officers().await.unwrap(),
            0,
            "nothing missing"
        );
        app.store()
            .db()
            .execute_unprepared("DELETE FROM case_officer")
            .await
            .unwrap();
        let r = c.get(s.url(&case_url)).send().await.unwrap();
        assert_eq!(
            r.status(),
            403,
            "{b:?}: without its officers the case is closed to them"
        );
        assert_eq!(app.backfill_case_officers().await.unwrap(), 1);
        let r = c.get(s.url(&case_url)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(app.backfill_case_officers().await.unwrap(), 0, "once");
    }
}
