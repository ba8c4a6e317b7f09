//! Cases run from the console's forms (CASE-1, CASE-2, CASE-3): 立案, a 现场检查笔录 by two
//! officers with its document, 事先告知 with the drafted 事先告知书, and rule violations answered
//! as the same form (422) naming the rule, with nothing written.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use sanxiang_app::Actor;
use sanxiang_docgen::{DEFAULT_FONT_DIRS, FontSet, Renderer};

const C1: &str = "43012120250001";
const C2: &str = "43012120250002";
const C3: &str = "43012120250003";
const PERSON_ID: &str = "11010519491231002X";

fn renderer() -> Arc<Renderer> {
    static R: OnceLock<Arc<Renderer>> = OnceLock::new();
    R.get_or_init(|| {
        let dirs: Vec<PathBuf> = DEFAULT_FONT_DIRS.iter().map(PathBuf::from).collect();
        Arc::new(Renderer::new(FontSet::load(&dirs).unwrap()))
    })
    .clone()
}

async fn setup(b: common::Backend) -> (common::Server, reqwest::Client) {
    let s = common::server(b).await;
    s.world.app.set_renderer(Ok(renderer()));
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
        bad[8].1 = "110105194912310021".into();
        let (status, _, body) = post(&c, &s, "/console/cases", &bad).await;
        assert_eq!(status, 422);
        assert!(body.contains("ID-CHECKSUM"), "{body}");

        let (status, case_url, _) = post(&c, &s, "/console/cases", &filing(a, C2)).await;
        assert_eq!(status, 303);
        let id: i64 = case_url.rsplit('/').next().unwrap().parse().unwrap();
        let case_page = page(&c, &s, &case_url).await;
        assert!(case_page.contains("立案") && case_page.contains("记录执法行为"));
        // A8/SEC-3: the party's ID number is not on the page.
        assert!(!case_page.contains(PERSON_ID));

        // R3: an inspection by one officer is refused with the form again.
        let acts = format!("/console/cases/{id}/acts");
        let inspection = |second: &str| {
            vec![
                ("kind", "transcript".to_owned()),
                ("officer_1", C1.to_owned()),
                ("officer_2", second.to_owned()),
                ("at", "2026-11-23T10:30".to_owned()),
                ("place", "示范县人民路8号".to_owned()),
                ("transcript_kind", "inspection".to_owned()),
                ("content", "货架上发现过期食品3件".to_owned()),
                ("certificates_shown", "on".to_owned()),
                ("rights_notified", "on".to_owned()),
                ("officers_signed", "on".to_owned()),
                ("party_signed", "on".to_owned()),
                ("issue", "on".to_owned()),
                ("started_at", "2026-11-23T10:00".to_owned()),
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

        // 事先告知 with the 事先告知书 drafted from the case: the party comes from the filing.
        let notice = vec![
            ("kind", "notice".to_owned()),
            ("officer_1", C1.to_owned()),
            ("officer_2", C2.to_owned()),
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
        bad[7].1 = "五千元".into();
        let (status, _, body) = post(&c, &s, &acts, &bad).await;
        assert_eq!(status, 422);
        assert!(body.contains("AMOUNT"), "{body}");
    }
}

#[tokio::test]
async fn case4_the_evidence_page_offers_a_resumable_upload_usable_on_a_phone() {
    let (s, c) = setup(common::Backend::Sqlite).await;
    let (status, case_url, _) = post(&c, &s, "/console/cases", &filing(s.world.agency_a, C2)).await;
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
