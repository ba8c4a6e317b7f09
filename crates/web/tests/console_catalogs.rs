//! The console's catalog pages (CAT-1..6, C2) over HTTP: import a file as a draft (bad rows
//! reported, nothing imported), edit items, publish with an effective date, refuse changes to a
//! published version, start a new version from it, compare the two, export.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Server, backends, server};

const POWERS_CSV: &str = "list_id,issuer_or_unit,list_title,published,seq,item_code,item_name,sub_item_name,category,exercise_level,legal_basis,notes,source_url,source_quality
t1,示范县市场监督管理局,示范县市场监督管理局权责清单,2024-01,1,XK-01,食品经营许可,,行政许可,县级,《中华人民共和国行政许可法》第十二条,,https://example.gov.cn/qd,政府网站
t1,示范县市场监督管理局,示范县市场监督管理局权责清单,2024-01,2,CF-01,对未取得食品经营许可从事食品经营活动的处罚,,行政处罚,县级,《中华人民共和国行政处罚法》第九条,,https://example.gov.cn/qd,政府网站
";

fn major_xlsx(threshold: &str) -> Vec<u8> {
    let columns = [
        "catalog_id",
        "issuer",
        "sector",
        "published",
        "item_no",
        "decision_type",
        "criterion",
        "natural_person_fine_threshold_yuan",
        "org_fine_threshold_yuan",
        "threshold_inclusive",
        "other_trigger",
        "review_focus",
        "source_url",
        "source_quality",
    ];
    let row = [
        "t2",
        "示范县市场监督管理局",
        "市场监管",
        "2024-01",
        "1",
        "行政处罚",
        "对个人处以较大数额罚款",
        threshold,
        "100000",
        "含本数",
        "",
        "",
        "https://example.gov.cn/ml",
        "政府网站",
    ];
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, v) in columns.iter().enumerate() {
        ws.write_string(0, c as u16, *v).unwrap();
    }
    for (c, v) in row.iter().enumerate() {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

async fn import(s: &Server, file: Vec<u8>, name: &str) -> reqwest::Response {
    let c = s.client_no_redirect("head1").await;
    let form = reqwest::multipart::Form::new()
        .text("agency_id", s.world.agency_a.to_string())
        .text("title", "")
        .part(
            "file",
            reqwest::multipart::Part::bytes(file).file_name(name.to_owned()),
        );
    c.post(s.url("/console/catalogs/import"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

fn location(r: &reqwest::Response) -> String {
    r.headers()["location"].to_str().unwrap().to_owned()
}

async fn page(c: &reqwest::Client, s: &Server, path: &str) -> (u16, String) {
    let r = c.get(s.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn c2_console_imports_edits_publishes_and_versions_a_catalog() {
    for backend in backends() {
        let s = server(backend).await;
        let c = s.client_no_redirect("head1").await;
        // Import: a draft with both rows.
        let r = import(&s, POWERS_CSV.as_bytes().to_vec(), "powers.csv").await;
        assert_eq!(r.status(), 303, "{backend:?}");
        let draft = location(&r);
        let (status, body) = page(&c, &s, &draft).await;
        assert_eq!(status, 200);
        assert!(body.contains("草稿") && body.contains("食品经营许可"));
        assert!(body.contains("对未取得食品经营许可从事食品经营活动的处罚"));

        // Add an item through the form; a blank name is refused with the rule and nothing saved.
        let fields = |name: &str| {
            vec![
                ("seq", "3".to_owned()),
                ("code", "JC-01".to_owned()),
                ("name", name.to_owned()),
                ("kind", "inspection".to_owned()),
                (
                    "basis_text",
                    "《中华人民共和国行政处罚法》第五十四条".to_owned(),
                ),
            ]
        };
        let r = c
            .post(s.url(&format!("{draft}/items")))
            .form(&fields("  "))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        assert!(body.contains("CAT-1"), "{body}");
        let r = c
            .post(s.url(&format!("{draft}/items")))
            .form(&fields("食品经营监督检查"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let (_, body) = page(&c, &s, &draft).await;
        assert!(body.contains("食品经营监督检查"));

        // Publishing needs a date (C2), then the version is final.
        let r = c
            .post(s.url(&format!("{draft}/publish")))
            .form(&[("effective_from", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("C2"));
        // C2: not before today (acts already recorded keep the version they were under).
        let r = c
            .post(s.url(&format!("{draft}/publish")))
            .form(&[("effective_from", "2024-01-01")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("不能溯及既往"));
        let r = c
            .post(s.url(&format!("{draft}/publish")))
            .form(&[("effective_from", "2026-11-23")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let (_, body) = page(&c, &s, &draft).await;
        assert!(body.contains("已发布") && body.contains("内容指纹"));
        let r = c
            .post(s.url(&format!("{draft}/items")))
            .form(&fields("发布后新增"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "a published version is final (C2)");
        let (_, body) = page(&c, &s, &draft).await;
        assert!(!body.contains("发布后新增"));

        // A new version starts as a copy; change one item and compare.
        let r = c
            .post(s.url(&format!("{draft}/new-version")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let second = location(&r);
        assert_ne!(second, draft);
        let (_, body) = page(&c, &s, &second).await;
        assert!(body.contains("第2版") && body.contains("食品经营监督检查"));
        let edit = body
            .split("href=\"")
            .filter_map(|p| p.split('"').next())
            .find(|h| h.ends_with("/edit"))
            .unwrap()
            .to_owned();
        let (status, form) = page(&c, &s, &edit).await;
        assert_eq!(status, 200);
        assert!(form.contains("value=\"食品经营许可\""));
        let r = c
            .post(s.url(edit.trim_end_matches("/edit")))
            .form(&[
                ("seq", "1"),
                ("code", "XK-01"),
                ("name", "食品经营许可"),
                ("kind", "licensing"),
                ("time_limit", "十个工作日"),
                ("basis_text", "《中华人民共和国行政许可法》第十二条"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let second_id = second.rsplit('/').next().unwrap();
        let (status, diff) = page(&c, &s, &format!("{draft}/diff?with={second_id}")).await;
        assert_eq!(status, 200);
        assert!(
            diff.contains("修改") && diff.contains("十个工作日"),
            "{diff}"
        );

        // Export in the import layout, and re-importing the export gives the same items.
        let r = c
            .get(s.url(&format!("{draft}/export.csv")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let csv = r.bytes().await.unwrap().to_vec();
        assert!(String::from_utf8_lossy(&csv).contains("食品经营监督检查"));
        let r = import(&s, csv, "again.csv").await;
        assert_eq!(r.status(), 303);
        let (_, again) = page(&c, &s, &location(&r)).await;
        assert!(again.contains("食品经营监督检查"));

        // An officer cannot edit catalogs.
        let officer = s.client_no_redirect("officer1").await;
        let r = officer
            .post(s.url(&format!("{second}/items")))
            .form(&fields("越权"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
    }
}

#[tokio::test]
async fn cat5_an_xlsx_with_a_threshold_in_words_is_refused_row_by_row() {
    for b in common::backends() {
        let s = server(b).await;
        let r = import(&s, major_xlsx("一万元以上"), "major.xlsx").await;
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        assert!(body.contains("未导入任何数据"));
        assert!(
            body.contains("natural_person_fine_threshold_yuan"),
            "{body}"
        );
        assert!(body.contains("一万元以上"));
        // Nothing was imported.
        let c = s.client("head1").await;
        let (_, list) = page(&c, &s, "/console/catalogs").await;
        assert!(list.contains("没有符合条件的清单"), "{list}");
        // The same file with an amount in figures imports.
        let r = import(&s, major_xlsx("10000"), "major.xlsx").await;
        assert_eq!(r.status(), 303);
    }
}
