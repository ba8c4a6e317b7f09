//! The public portal (PUB-1, REG-4, CAT-6) over HTTP, without signing in: officer lookup with
//! public fields only, catalogs in force with legal bases linked to statute articles, guides with
//! accessible flowcharts, search, hostile input, and an automated accessibility check of every page.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;

use common::{Backend, Server, backends, officer_form, server_built};
use sanxiang_app::Actor;
use sanxiang_core::auth::Role;
use serde_json::json;

const CERT: &str = "43012120260001";
const ID_NUMBER: &str = "11010519491231002X";
const PHONE: &str = "13800138000";

async fn portal(backend: Backend) -> Server {
    portal_built(backend, |x| x).await
}

/// The portal of a server with a search index (kept in memory).
async fn portal_searchable(backend: Backend) -> Server {
    portal_built(backend, |x| {
        x.search(Arc::new(sanxiang_search::SearchIndex::in_ram().unwrap()))
    })
    .await
}

async fn portal_built(
    backend: Backend,
    configure: impl FnOnce(sanxiang_app::AppBuilder) -> sanxiang_app::AppBuilder,
) -> Server {
    let s = server_built(backend, configure).await;
    let sys = Actor::system("test");
    let mut form = officer_form(s.world.agency_a, "李明华", CERT);
    form.id_number = ID_NUMBER.into();
    form.sex = String::new();
    form.phone = PHONE.into();
    s.world.app.create_officer(&sys, &form).await.unwrap();
    s
}

fn staff() -> Actor {
    Actor::system_as("test", Role::Supervisor)
}

async fn get(s: &Server, path: &str) -> (u16, String) {
    let r = s.anonymous().get(s.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Publishes `items` (JSON of the kind's item type) as a new version of agency A.
async fn publish(s: &Server, kind: &str, items: serde_json::Value, from: &str) -> i64 {
    let app = &s.world.app;
    let kind = sanxiang_core::catalog::version::CatalogKind::from_code(kind).unwrap();
    let v = app
        .catalog_new_draft(&staff(), s.world.agency_a, kind, "测试清单".into())
        .await
        .unwrap();
    app.catalog_save_items(&staff(), v.id, items.as_array().unwrap())
        .await
        .unwrap();
    let from = chrono::NaiveDate::parse_from_str(from, "%Y-%m-%d").unwrap();
    app.catalog_publish_historical(&staff(), v.id, Some(from), None)
        .await
        .unwrap();
    v.id
}

fn matter(seq: u32, name: &str, basis: &str) -> serde_json::Value {
    json!({"seq": seq, "name": name, "kind": "licensing", "kind_label": "行政许可", "basis_text": basis})
}

async fn item_id(s: &Server, version: i64, seq: i32) -> i64 {
    let items = sanxiang_store::repo::catalogs::all_items(s.world.app.store().db(), version)
        .await
        .unwrap();
    items.iter().find(|i| i.seq == seq).unwrap().id
}

#[tokio::test]
async fn reg4_officer_lookup_shows_public_fields_only_with_a_qr_code() {
    for backend in backends() {
        let s = portal(backend).await;
        let (status, page) = get(&s, &format!("/officers/{CERT}")).await;
        assert_eq!(status, 200);
        for expected in [
            "李明华",
            CERT,
            "示范县市场监督管理局",
            "市场监管",
            "示范县",
            "2029-12-31",
            "有效",
            r#"<img src="/officers/43012120260001/qr.svg""#,
        ] {
            assert!(
                page.contains(expected),
                "{backend:?}: the certificate page lacks {expected}"
            );
        }
        assert!(page.contains(&format!(
            r#"<link rel="canonical" href="/officers/{CERT}">"#
        )));
        // A number typed in the lookup form goes straight to its page; a name lists matches.
        let r = s
            .anonymous()
            .get(s.url(&format!("/officers?q={CERT}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(
            r.headers()["location"],
            format!("/officers/{CERT}").as_str()
        );
        let (_, list) = get(&s, "/officers?q=%E6%98%8E%E5%8D%8E").await;
        assert!(list.contains(&format!("/officers/{CERT}")));
        let qr = s
            .anonymous()
            .get(s.url(&format!("/officers/{CERT}/qr.svg")))
            .send()
            .await
            .unwrap();
        assert_eq!(qr.headers()["content-type"], "image/svg+xml");
        let svg = qr.text().await.unwrap();
        assert!(
            svg.contains(r#"role="img""#) && svg.contains("<path"),
            "{svg}"
        );
        // REG-4 / non-negotiable 5: personal data never appears on a public page.
        for path in [
            format!("/officers/{CERT}"),
            "/officers?q=%E6%98%8E%E5%8D%8E".into(),
            format!("/agencies/{}", s.world.agency_a),
        ] {
            let (_, body) = get(&s, &path).await;
            assert!(
                !body.contains(ID_NUMBER) && !body.contains("1949"),
                "{path} shows the ID number"
            );
            assert!(!body.contains(PHONE), "{path} shows the phone");
        }
    }
}

#[tokio::test]
async fn reg4_an_unknown_certificate_is_a_plain_page_saying_so() {
    for b in common::backends() {
        let s = portal(b).await;
        let (status, page) = get(&s, "/officers/43019999999999").await;
        assert_eq!(status, 200);
        assert!(page.contains("未查询到该执法证"));
        let (status, page) = get(&s, "/officers?q=%E6%97%A0%E6%AD%A4%E4%BA%BA").await;
        assert_eq!(status, 200);
        assert!(page.contains("未查询到"));
    }
}

#[tokio::test]
async fn portal_handles_hostile_queries_without_error() {
    for b in common::backends() {
        let s = portal_searchable(b).await;
        let long = "食".repeat(2000);
        for path in [
            format!("/search?q={long}"),
            format!("/officers?q={long}"),
            format!("/officers/{}", "9".repeat(2000)),
            "/search?q=%01%02%1B%7F%E9%A3%9F%E5%93%81".into(),
            "/officers?q=%00%0A".into(),
            "/search?q=%22+AND+(+title:x*".into(),
            "/powers?page=abc&kind=nonsense&agency=x".into(),
            "/agencies?page=-1".into(),
            "/laws/..%2F..%2Fetc".into(),
            "/powers/99999999999999999999".into(),
        ] {
            let r = s.anonymous().get(s.url(&path)).send().await.unwrap();
            assert!(
                matches!(r.status().as_u16(), 200 | 303 | 404),
                "{} answered {}",
                &path[..path.len().min(60)],
                r.status()
            );
        }
    }
}

#[tokio::test]
async fn c1_a_matter_links_its_legal_basis_to_the_article_text() {
    for backend in backends() {
        let s = portal(backend).await;
        let v = publish(
            &s,
            "powers",
            json!([matter(1, "食品经营许可", "《中华人民共和国食品安全法》第三十五条第一款；《中华人民共和国行政许可法》第十二条第（一）项")]),
            "2024-01-01",
        )
        .await;
        let id = item_id(&s, v, 1).await;
        let (status, page) = get(&s, &format!("/powers/{id}")).await;
        assert_eq!(status, 200);
        assert!(page.contains(r##"<a href="/laws/xzxk-fa-2019#a12">《中华人民共和国行政许可法》第十二条第（一）项</a>"##), "{page}");
        // A statute we do not ship is named without a link.
        assert!(page.contains("<li>《中华人民共和国食品安全法》第三十五条第一款</li>"));
        let (status, law) = get(&s, "/laws/xzxk-fa-2019").await;
        assert_eq!(status, 200);
        assert!(law.contains(r#"id="a12""#));
        assert!(law.contains("直接涉及国家安全、公共安全、经济宏观调控"));
        let (_, list) = get(&s, "/powers?kind=licensing").await;
        assert!(list.contains(&format!("/powers/{id}")));
        let (_, other_kind) = get(&s, "/powers?kind=penalty").await;
        assert!(!other_kind.contains(&format!("/powers/{id}")));
    }
}

#[tokio::test]
async fn c2_the_portal_lists_the_version_in_force_and_marks_replaced_items() {
    for b in common::backends() {
        let s = portal(b).await;
        let old = publish(
            &s,
            "powers",
            json!([matter(1, "旧事项甲", "")]),
            "2024-01-01",
        )
        .await;
        let new = publish(
            &s,
            "powers",
            json!([matter(1, "新事项乙", "")]),
            "2026-01-01",
        )
        .await;
        let _future = publish(
            &s,
            "powers",
            json!([matter(1, "未来事项丙", "")]),
            "2027-01-01",
        )
        .await;
        let (_, list) = get(&s, "/powers").await;
        assert!(list.contains("新事项乙"));
        assert!(!list.contains("旧事项甲") && !list.contains("未来事项丙"));
        let (status, old_page) = get(&s, &format!("/powers/{}", item_id(&s, old, 1).await)).await;
        assert_eq!(status, 200);
        assert!(old_page.contains("已被新版本替代"));
        let (_, new_page) = get(&s, &format!("/powers/{}", item_id(&s, new, 1).await)).await;
        assert!(!new_page.contains("已被新版本替代"));
    }
}

fn guide() -> serde_json::Value {
    json!({
        "title": "测试许可办事指南", "matter_name": "测试许可", "kind": "licensing",
        "basis_text": "《中华人民共和国行政许可法》第四十二条", "time_limit": "二十个工作日", "fees": "不收费",
        "remedies": ["六十日内申请行政复议"],
        "flowchart": {
            "nodes": [
                {"id": "a", "label": "申请", "shape": "start"},
                {"id": "q", "label": "材料齐全", "shape": "decision"},
                {"id": "f", "label": "补正", "shape": "step"},
                {"id": "d", "label": "决定<送达>", "shape": "step"},
                {"id": "e", "label": "办结", "shape": "end"}
            ],
            "edges": [
                {"from": "a", "to": "q"}, {"from": "q", "to": "f", "label": "否"},
                {"from": "q", "to": "d", "label": "是"}, {"from": "f", "to": "a"}, {"from": "d", "to": "e"}
            ]
        }
    })
}

#[tokio::test]
async fn cat6_a_guide_draws_its_flowchart_as_accessible_svg() {
    for b in common::backends() {
        let s = portal(b).await;
        let v = publish(&s, "guides", json!([guide()]), "2024-01-01").await;
        let id = item_id(&s, v, 1).await;
        let (status, page) = get(&s, &format!("/guides/{id}")).await;
        assert_eq!(status, 200);
        assert!(page.contains(r#"role="img" aria-labelledby="fc-title fc-desc""#));
        assert!(page.contains("<title id=\"fc-title\">测试许可流程图</title>"));
        // The description reads the chart as text, and labels are escaped.
        assert!(page.contains("材料齐全，否则到“补正”"), "{page}");
        assert!(page.contains("决定&lt;送达&gt;") && !page.contains("决定<送达>"));
        let r = s
            .anonymous()
            .get(s.url(&format!("/guides/{id}/flowchart.svg")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["content-type"], "image/svg+xml");
        // An unsound chart is refused when saved (CAT-6), not drawn.
        let mut broken = guide();
        broken["flowchart"]["edges"] = json!([]);
        let app = &s.world.app;
        let d = app
            .catalog_new_draft(
                &staff(),
                s.world.agency_a,
                sanxiang_core::catalog::version::CatalogKind::Guides,
                "坏".into(),
            )
            .await
            .unwrap();
        let err = app
            .catalog_save_items(&staff(), d.id, &[broken])
            .await
            .unwrap_err();
        assert!(format!("{err:?}").contains("CAT-6"));
    }
}

#[tokio::test]
async fn pub1_search_finds_matters_officers_and_statutes_with_highlights() {
    for b in common::backends() {
        let s = portal_searchable(b).await;
        let v = publish(
            &s,
            "powers",
            json!([matter(1, "食品（含保健食品）经营许可", "")]),
            "2024-01-01",
        )
        .await;
        let id = item_id(&s, v, 1).await;
        let app = &s.world.app;
        app.search_reindex().await.unwrap();
        let (_, page) = get(
            &s,
            "/search?q=%E9%A3%9F%E5%93%81%E7%BB%8F%E8%90%A5%E8%AE%B8%E5%8F%AF",
        )
        .await;
        assert!(page.contains(&format!("/powers/{id}")), "{page}");
        assert!(page.contains("<mark>"));
        let (_, officer) = get(&s, &format!("/search?q={CERT}")).await;
        assert!(officer.contains(&format!("/officers/{CERT}")));
        let (_, law) = get(
            &s,
            "/search?q=%E6%B3%95%E5%88%B6%E5%AE%A1%E6%A0%B8&kind=law",
        )
        .await;
        assert!(
            law.contains("/laws/xzcf-fa-2021#a58"),
            "法制审核 finds Art 58"
        );
    }
}

/// An automated accessibility check (GB/T 37668 / WCAG basics) of a page's HTML: language,
/// title, one h1 and no skipped heading level, landmarks, a canonical link, a label for every
/// form control, names for images and SVG, header cells with scope, no empty links.
fn accessibility_problems(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut need = |ok: bool, what: &str| {
        if !ok {
            out.push(what.to_owned());
        }
    };
    need(html.contains(r#"<html lang="zh-CN">"#), "html lang=zh-CN");
    need(
        html.contains("<title>") && !html.contains("<title> -"),
        "a non-empty <title>",
    );
    need(html.matches("<h1").count() == 1, "exactly one h1");
    need(html.contains("<main"), "a main landmark");
    need(
        html.contains(r#"<nav class="site" aria-label="#),
        "a labelled navigation",
    );
    need(
        html.contains(r#"<link rel="canonical""#),
        "a canonical link",
    );
    need(html.contains(r##"href="#main""##), "a skip link");
    let levels: Vec<u8> = html
        .match_indices("<h")
        .filter_map(|(i, _)| html.as_bytes().get(i + 2).copied())
        .filter(|b| (b'1'..=b'6').contains(b))
        .map(|b| b - b'0')
        .collect();
    for pair in levels.windows(2) {
        if pair[1] > pair[0] + 1 {
            out.push(format!(
                "heading level skipped: h{} → h{}",
                pair[0], pair[1]
            ));
            break;
        }
    }
    for tag in ["<input", "<select", "<textarea"] {
        for (i, _) in html.match_indices(tag) {
            let end = html[i..].find('>').map_or(html.len(), |e| i + e);
            let el = &html[i..end];
            if el.contains(r#"type="hidden""#) {
                continue;
            }
            let id = el.split(r#"id=""#).nth(1).and_then(|r| r.split('"').next());
            let labelled = id.is_some_and(|id| html.contains(&format!(r#"<label for="{id}""#)))
                || el.contains("aria-label");
            if !labelled {
                out.push(format!("control without a label: {el}"));
            }
        }
    }
    for (i, _) in html.match_indices("<svg") {
        let el = &html[i..html[i..].find('>').map_or(html.len(), |e| i + e)];
        if !el.contains(r#"role="img""#)
            || !(el.contains("aria-label") || el.contains("aria-labelledby"))
        {
            out.push("an svg without role=img and a name".into());
        }
    }
    for (i, _) in html.match_indices("<img") {
        let el = &html[i..html[i..].find('>').map_or(html.len(), |e| i + e)];
        if !el.contains("alt=") {
            out.push("an img without alt".into());
        }
    }
    if html.contains("<th>") {
        out.push("a th without scope".into());
    }
    if html.contains("\"></a>") {
        out.push("an empty link".into());
    }
    out
}

#[tokio::test]
async fn pub1_every_portal_page_passes_the_accessibility_check() {
    for b in common::backends() {
        let s = portal_searchable(b).await;
        let v = publish(
            &s,
            "powers",
            json!([matter(
                1,
                "食品经营许可",
                "《中华人民共和国行政许可法》第十二条"
            )]),
            "2024-01-01",
        )
        .await;
        let g = publish(&s, "guides", json!([guide()]), "2024-01-01").await;
        s.world.app.search_reindex().await.unwrap();
        let pages = [
            "/".to_owned(),
            "/search?q=%E8%AE%B8%E5%8F%AF".into(),
            "/agencies".into(),
            format!("/agencies/{}", s.world.agency_a),
            "/officers".into(),
            "/officers?q=%E6%9D%8E".into(),
            format!("/officers/{CERT}"),
            "/officers/0000".into(),
            "/powers".into(),
            format!("/powers/{}", item_id(&s, v, 1).await),
            "/discretion".into(),
            "/spot-checks".into(),
            "/av".into(),
            "/major-review".into(),
            "/guides".into(),
            format!("/guides/{}", item_id(&s, g, 1).await),
            "/laws".into(),
            "/laws/xzcf-fa-2021".into(),
            "/remedies".into(),
            "/powers/0".into(),
        ];
        let mut failures = Vec::new();
        for p in &pages {
            let (_, html) = get(&s, p).await;
            let problems = accessibility_problems(&html);
            if !problems.is_empty() {
                failures.push(format!("{p}: {problems:?}"));
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
        // The checker itself finds problems (it can fail).
        assert!(
            !accessibility_problems("<html><body><h1>a</h1><h3>b</h3><input id=x></body></html>")
                .is_empty()
        );
    }
}

#[tokio::test]
async fn pub5_open_data_gives_the_portal_content_as_json_and_csv_without_personal_data() {
    for backend in backends() {
        let s = portal(backend).await;
        let v = publish(
            &s,
            "powers",
            json!([matter(
                1,
                "食品经营许可",
                "《中华人民共和国行政许可法》第十二条"
            )]),
            "2024-01-01",
        )
        .await;
        let id = item_id(&s, v, 1).await;
        let json_of = |path: &'static str| {
            let c = s.anonymous();
            let url = s.url(path);
            async move {
                let r = c.get(url).send().await.unwrap();
                assert_eq!(r.status(), 200, "{path}");
                r.json::<serde_json::Value>().await.unwrap()
            }
        };
        // Officers: by certificate number and by name; public fields only.
        let one = s
            .anonymous()
            .get(s.url(&format!("/api/v1/public/officers/{CERT}")))
            .send()
            .await
            .unwrap();
        assert_eq!(one.status(), 200);
        let text = one.text().await.unwrap();
        assert!(text.contains("李明华") && text.contains("\"status\":\"active\""));
        assert!(!text.contains(ID_NUMBER) && !text.contains(PHONE));
        let by_name = json_of("/api/v1/public/officers?q=%E6%98%8E%E5%8D%8E").await;
        assert_eq!(by_name["total"], 1);
        let none = json_of("/api/v1/public/officers?q=").await;
        assert_eq!(none["total"], 0, "an empty query lists nobody");
        let missing = s
            .anonymous()
            .get(s.url("/api/v1/public/officers/43019999999999"))
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), 404);
        // Agencies and catalogs in force.
        let agencies = json_of("/api/v1/public/agencies").await;
        assert!(agencies["total"].as_u64().unwrap() >= 2);
        let powers = json_of("/api/v1/public/catalogs/powers").await;
        assert_eq!(powers["items"][0]["id"], id);
        assert_eq!(powers["items"][0]["value"]["name"], "食品经营许可");
        assert_eq!(
            powers["items"][0]["value"]["basis"][0]["article"], 12,
            "the legal basis comes parsed"
        );
        let item = s
            .anonymous()
            .get(s.url(&format!("/api/v1/public/catalog-items/{id}")))
            .send()
            .await
            .unwrap()
            .json::<serde_json::Value>()
            .await
            .unwrap();
        assert_eq!(item["in_force"], true);
        let law = json_of("/api/v1/public/laws/xzxk-fa-2019").await;
        assert!(law["articles"].as_array().unwrap().len() > 80);
        // CSV downloads open in Excel (BOM) and hold the same content.
        for (path, expect) in [
            ("/api/v1/public/officers.csv", CERT),
            ("/api/v1/public/agencies.csv", "示范县市场监督管理局"),
            ("/api/v1/public/catalogs/powers.csv", "食品经营许可"),
        ] {
            let r = s.anonymous().get(s.url(path)).send().await.unwrap();
            assert_eq!(r.status(), 200, "{path}");
            assert!(
                r.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/csv")
            );
            let bytes = r.bytes().await.unwrap();
            assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{path}");
            let text = String::from_utf8_lossy(&bytes);
            assert!(text.contains(expect), "{path}");
            assert!(!text.contains(ID_NUMBER) && !text.contains(PHONE), "{path}");
        }
        // Documented in the OpenAPI description.
        let spec = json_of("/api/openapi.json").await;
        for p in [
            "/api/v1/public/officers/{number}",
            "/api/v1/public/catalogs/{kind}",
            "/api/v1/public/officers.csv",
        ] {
            assert!(spec["paths"][p].is_object(), "{p} not in OpenAPI");
        }
        let r = s
            .anonymous()
            .get(s.url("/api/v1/public/catalogs/nonsense"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
    }
}
