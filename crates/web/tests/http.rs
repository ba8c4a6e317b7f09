//! Black-box HTTP tests against a real server on 127.0.0.1:0, on every configured backend.
//! Test names carry the rule they prove.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Backend, PASSWORD, backends, officer_form, server};
use serde_json::{Value, json};

async fn each(f: impl AsyncFn(Backend)) {
    for b in backends() {
        f(b).await;
    }
}

#[tokio::test]
async fn healthz_metrics_and_openapi_are_served() {
    each(async |b| {
        let s = server(b).await;
        let c = s.anonymous();
        let h: Value = c
            .get(s.url("/healthz"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(h["status"], "ok");
        let m = c
            .get(s.url("/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            m.contains("sanxiang_http_requests_seconds_count{method=\"GET\",route=\"/healthz\""),
            "{m}"
        );
        let api: Value = c
            .get(s.url("/api/openapi.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(api["openapi"].as_str().unwrap().starts_with("3.1"));
        assert!(api["paths"]["/api/v1/officers"].is_object());
        let docs = c.get(s.url("/api/docs/")).send().await.unwrap();
        assert_eq!(docs.status(), 200);
    })
    .await;
}

#[tokio::test]
async fn id_checksum_invalid_credit_code_is_422_naming_field_and_rule() {
    each(async |b| {
        let s = server(b).await;
        let c = s.client("sysadmin").await;
        let mut form = common::agency_form("示范县交通运输局", "430121");
        form.credit_code = "91350100M000100Y4Z".into();
        let r = c
            .post(s.url("/api/v1/agencies"))
            .json(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["field"], "credit_code");
        assert_eq!(e["error"]["rule"], "ID-CHECKSUM");
        assert!(
            e["error"]["message"]
                .as_str()
                .unwrap()
                .contains("校验码错误")
        );
        // Nothing was written.
        let list: Value = c
            .get(s.url("/api/v1/agencies?q=交通"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 0);
        // The valid code goes through.
        form.credit_code = "91350100M000100Y43".into();
        let r = c
            .post(s.url("/api/v1/agencies"))
            .json(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
    })
    .await;
}

#[tokio::test]
async fn reg2_duplicate_certificate_number_is_409() {
    each(async |b| {
        let s = server(b).await;
        let c = s.client("head1").await;
        let a = s.world.agency_a;
        let r = c
            .post(s.url("/api/v1/officers"))
            .json(&officer_form(a, "张三", "43012120240001"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let r = c
            .post(s.url("/api/v1/officers"))
            .json(&officer_form(a, "李四", "43012120240001"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 409);
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["field"], "certificate_no");
        // The officer of the failed request was not half-written.
        let list: Value = c
            .get(s.url("/api/v1/officers?name=李四"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 0);
    })
    .await;
}

#[tokio::test]
async fn sec1_editing_another_agencys_officer_is_403_and_audited() {
    each(async |b| {
        let s = server(b).await;
        let head2 = s.client("head2").await;
        let r = head2
            .post(s.url("/api/v1/officers"))
            .json(&officer_form(s.world.agency_b, "王五", "43012120240002"))
            .send()
            .await
            .unwrap();
        let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let head1 = s.client("head1").await;
        let r = head1
            .put(s.url(&format!("/api/v1/officers/{id}")))
            .json(&officer_form(s.world.agency_b, "王五改", ""))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        assert_eq!(
            head1
                .get(s.url(&format!("/api/v1/officers/{id}")))
                .send()
                .await
                .unwrap()
                .status(),
            403
        );
        // The head of A sees only A's officers; the city supervisor sees the county's.
        let list: Value = head1
            .get(s.url("/api/v1/officers"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 0);
        let sup = s.client("supervisor").await;
        let list: Value = sup
            .get(s.url("/api/v1/officers"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 1);
        // The denied attempt is in the audit log, readable by the auditor only.
        let sys = s.client("sysadmin").await;
        assert_eq!(
            sys.get(s.url("/console/audit"))
                .send()
                .await
                .unwrap()
                .status(),
            403
        );
        let auditor = s.client("auditor").await;
        let page = auditor
            .get(s.url("/console/audit?entity=officer"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("officer.access") && page.contains("拒绝"),
            "{page}"
        );
    })
    .await;
}

#[tokio::test]
async fn sec2_wrong_password_answers_like_unknown_user_and_sixth_attempt_is_throttled() {
    each(async |b| {
        let s = server(b).await;
        let c = s.anonymous();
        let login = |u: &'static str, p: &'static str| {
            c.post(s.url("/api/v1/session"))
                .json(&json!({"username": u, "password": p}))
                .send()
        };
        let unknown = login("nobody", "Wrong-Passw0rd").await.unwrap();
        assert_eq!(unknown.status(), 401);
        let unknown: Value = unknown.json().await.unwrap();
        let wrong = login("head1", "Wrong-Passw0rd").await.unwrap();
        assert_eq!(wrong.status(), 401);
        let wrong: Value = wrong.json().await.unwrap();
        assert_eq!(
            unknown, wrong,
            "same answer for unknown user and wrong password"
        );
        for _ in 0..3 {
            assert_eq!(
                login("head1", "Wrong-Passw0rd").await.unwrap().status(),
                401
            );
        }
        // The 5th failure is answered like the others; from then on this address is refused
        // for this name (429 with Retry-After), even with the right password — for 15 minutes.
        assert_eq!(
            login("head1", "Wrong-Passw0rd").await.unwrap().status(),
            401
        );
        let refused = login("head1", PASSWORD).await.unwrap();
        assert_eq!(refused.status(), 429);
        assert_eq!(refused.headers()["retry-after"], "900");
        // After 15 minutes the account opens again.
        s.world.clock.advance(chrono::Duration::minutes(15));
        assert_eq!(login("head1", PASSWORD).await.unwrap().status(), 200);
    })
    .await;
}

#[tokio::test]
async fn sec2_session_ends_after_30_idle_minutes() {
    each(async |b| {
        let s = server(b).await;
        let c = s.client("head1").await;
        let status = async || {
            c.get(s.url("/api/v1/officers"))
                .send()
                .await
                .unwrap()
                .status()
        };
        assert_eq!(status().await, 200);
        // Each request within 30 minutes of the last keeps the session alive: two idle spans
        // of 29 minutes add up to 58, which a fixed 30-minute lifetime would not survive.
        for _ in 0..2 {
            s.world.clock.advance(chrono::Duration::minutes(29));
            assert_eq!(status().await, 200);
        }
        s.world.clock.advance(chrono::Duration::minutes(31));
        assert_eq!(status().await, 401);
    })
    .await;
}

#[tokio::test]
async fn sec2_cross_site_post_is_refused() {
    each(async |b| {
        let s = server(b).await;
        let c = s.client("head1").await;
        let r = c
            .post(s.url("/api/v1/officers"))
            .header("Origin", "https://evil.example")
            .json(&officer_form(s.world.agency_a, "赵六", "43012120240003"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        let r = c
            .post(s.url("/api/v1/officers"))
            .header("Sec-Fetch-Site", "cross-site")
            .json(&officer_form(s.world.agency_a, "赵六", "43012120240003"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
    })
    .await;
}

#[tokio::test]
async fn personal_data_is_masked_in_lists_and_audited_when_read() {
    each(async |b| {
        let s = server(b).await;
        let c = s.client("head1").await;
        let mut f = officer_form(s.world.agency_a, "钱七", "43012120240004");
        f.id_number = "11010519491231002X".into();
        f.phone = "13812345678".into();
        let id = c
            .post(s.url("/api/v1/officers"))
            .json(&f)
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let masked: Value = c
            .get(s.url(&format!("/api/v1/officers/{id}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(masked["id_number"], "110105********002X");
        assert_eq!(masked["phone"], "138****5678");
        let list = c
            .get(s.url("/api/v1/officers"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!list.contains("11010519491231002X") && !list.contains("13812345678"));
        let full: Value = c
            .get(s.url(&format!("/api/v1/officers/{id}?personal=true")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(full["id_number"], "11010519491231002X");
        let auditor = s.client("auditor").await;
        let page = auditor
            .get(s.url("/console/audit?action=officer.read_personal"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("officer.read_personal"));
        // Sex was derived from the ID number (GB 11643: even sequence digit = female).
        assert_eq!(masked["sex"], "M", "explicit 男 wins over the ID number");
    })
    .await;
}

#[tokio::test]
async fn r1_entrusted_body_cannot_sub_entrust() {
    each(async |b| {
        let s = server(b).await;
        let c = s.client("sysadmin").await;
        let mut f = common::agency_form("示范县城管执法中队", "430121");
        f.nature = "entrusted".into();
        let entrusted: Value = c.post(s.url("/api/v1/agencies")).json(&f).send().await.unwrap().json().await.unwrap();
        let entrusted = entrusted["id"].as_i64().unwrap();
        let body = |from: i64, to: i64| {
            json!({"entrusting_id": from.to_string(), "entrusted_id": to.to_string(), "document_no": "示城委〔2026〕1号",
                   "scope": "占道经营的行政处罚", "valid_from": "2026-01-01", "valid_until": "2027-12-31",
                   "publication_url": "https://www.example.gov.cn/wts/1.html"})
        };
        let ok = c.post(s.url("/api/v1/entrustments")).json(&body(s.world.agency_a, entrusted)).send().await.unwrap();
        assert_eq!(ok.status(), 201);
        let sub = c.post(s.url("/api/v1/entrustments")).json(&body(entrusted, s.world.agency_b)).send().await.unwrap();
        assert_eq!(sub.status(), 422);
        let e: Value = sub.json().await.unwrap();
        assert_eq!(e["error"]["rule"], "R1");
    })
    .await;
}

#[tokio::test]
async fn reg2_certificate_status_changes_are_recorded_and_expiry_is_by_date() {
    each(async |b| {
        let s = server(b).await;
        let c = s.client("head1").await;
        let mut f = officer_form(s.world.agency_a, "孙八", "43012120240005");
        f.certificate_valid_until = "2026-11-30".into();
        let o: Value = c
            .post(s.url("/api/v1/officers"))
            .json(&f)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(o["certificate"]["status"], "active");
        let cert = o["certificate"]["id"].as_i64().unwrap();
        let r = c
            .post(s.url(&format!("/api/v1/certificates/{cert}/status")))
            .json(&json!({"change": "suspend", "reason": ""}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "a reason is required");
        let r = c
            .post(s.url(&format!("/api/v1/certificates/{cert}/status")))
            .json(&json!({"change": "suspend", "reason": "违反执法纪律，暂扣三个月"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let list: Value = c
            .get(s.url("/api/v1/officers?status=suspended"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 1);
        // R6: past its last valid day the certificate is expired, with no job involved.
        s.world.clock.advance(chrono::Duration::days(8));
        let c = s.client("head1").await;
        let list: Value = c
            .get(s.url("/api/v1/officers?status=expired"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 1);
    })
    .await;
}

#[tokio::test]
async fn w8_calendar_api_matches_the_published_vectors() {
    each(async |b| {
        let s = server(b).await;
        let c = s.anonymous();
        let due = |q: &str| {
            let url = s.url(&format!("/api/v1/calendar/{q}"));
            let c = c.clone();
            async move {
                c.get(url)
                    .send()
                    .await
                    .unwrap()
                    .json::<Value>()
                    .await
                    .unwrap()["due"]
                    .clone()
            }
        };
        assert_eq!(due("add-workdays?date=2025-09-26&n=7").await, "2025-10-13");
        assert_eq!(due("add-workdays?date=2024-02-08&n=7").await, "2024-02-23");
        assert_eq!(
            due("add-days?date=2025-01-20&n=15&roll_forward=true").await,
            "2025-02-05"
        );
        let w: Value = c
            .get(s.url("/api/v1/calendar/workday?date=2024-02-09"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(w["workday"], true);
    })
    .await;
}

#[tokio::test]
async fn console_pages_need_sign_in_and_render_in_chinese() {
    each(async |b| {
        let s = server(b).await;
        let anon = s.anonymous();
        let r = anon.get(s.url("/console/officers")).send().await.unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], "/console/login");
        let login = anon
            .get(s.url("/console/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            login.contains("lang=\"zh-CN\"")
                && login.contains("<label for=\"username\">用户名</label>")
        );
        let c = s.client("head1").await;
        c.post(s.url("/api/v1/officers"))
            .json(&officer_form(s.world.agency_a, "周九", "43012120240006"))
            .send()
            .await
            .unwrap();
        for path in [
            "/console",
            "/console/officers",
            "/console/agencies",
            "/console/reviewers",
            "/console/import",
            "/console/calendar?month=2026-02",
            "/console/officers/new",
        ] {
            let r = c.get(s.url(path)).send().await.unwrap();
            assert_eq!(r.status(), 200, "{path}");
            let html = r.text().await.unwrap();
            assert!(html.contains("lang=\"zh-CN\""), "{path}");
        }
        let list = c
            .get(s.url("/console/officers?name=周"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(list.contains("周九") && list.contains("43012120240006"));
        let missing = c
            .get(s.url("/console/officers/999999"))
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), 404);
    })
    .await;
}

#[tokio::test]
async fn console_form_errors_name_the_field_and_rule() {
    each(async |b| {
        let s = server(b).await;
        let c = s.client("head1").await;
        let r = c
            .post(s.url("/console/officers"))
            .form(&[
                ("agency_id", s.world.agency_a.to_string().as_str()),
                ("name", ""),
                ("id_number", "110105194912310021"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("姓名不能为空")
                && html.contains("校验码错误")
                && html.contains("ID-CHECKSUM"),
            "{html}"
        );
    })
    .await;
}

fn officers_xlsx(rows: &[[&str; 15]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (i, (_, label)) in sanxiang_app::spreadsheet::OFFICER_COLUMNS
        .iter()
        .enumerate()
    {
        ws.write_string(0, i as u16, *label).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

async fn upload(c: &reqwest::Client, url: String, bytes: Vec<u8>) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name("officers.xlsx");
    c.post(url)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap()
}

const AGENCY_A: &str = "示范县市场监督管理局";

#[tokio::test]
async fn int3_bad_xlsx_rows_reject_the_whole_import_with_a_row_by_row_report() {
    each(async |b| {
        let s = server(b).await;
        let c = s.client("head1").await;
        let good = [
            AGENCY_A,
            "吴一",
            "男",
            "",
            "",
            "执法队员",
            "否",
            "否",
            "",
            "43012120250001",
            "市场监管",
            "示范县",
            "长沙市人民政府",
            "2025-01-01",
            "2029-12-31",
        ];
        let bad_id = [
            AGENCY_A,
            "郑二",
            "",
            "110105194912310021",
            "",
            "执法队员",
            "否",
            "否",
            "",
            "43012120250002",
            "市场监管",
            "示范县",
            "",
            "2025-01-01",
            "2029-12-31",
        ];
        let bad_agency = [
            "不存在的局",
            "冯三",
            "女",
            "",
            "",
            "",
            "否",
            "否",
            "",
            "43012120250003",
            "市场监管",
            "示范县",
            "",
            "2025-01-01",
            "2024-12-31",
        ];
        let r = upload(
            &c,
            s.url("/console/import/officers"),
            officers_xlsx(&[good, bad_id, bad_agency]),
        )
        .await;
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(html.contains("未导入任何数据"), "{html}");
        // Row 3: the ID number's checksum, with the value masked; row 4: agency and dates.
        assert!(
            html.contains("<td>3</td><td>身份证号码</td>") && html.contains("校验码错误"),
            "{html}"
        );
        assert!(
            !html.contains("110105194912310021"),
            "personal data is not echoed"
        );
        assert!(
            html.contains("<td>4</td><td>所属执法主体</td>") && html.contains("不存在的局"),
            "{html}"
        );
        assert!(html.contains("<td>4</td><td>有效期止</td>"), "{html}");
        let list: Value = c
            .get(s.url("/api/v1/officers"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 0, "nothing is half-imported");
        // A malformed file is reported, not a crash.
        let r = upload(
            &c,
            s.url("/console/import/officers"),
            b"not a spreadsheet".to_vec(),
        )
        .await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("不是有效的XLSX"));
        // The corrected file imports all rows in one go.
        let fixed = [
            AGENCY_A,
            "郑二",
            "",
            "11010519491231002X",
            "",
            "执法队员",
            "否",
            "否",
            "",
            "43012120250002",
            "市场监管",
            "示范县",
            "",
            "2025-01-01",
            "2029-12-31",
        ];
        let r = upload(
            &c,
            s.url("/console/import/officers"),
            officers_xlsx(&[good, fixed]),
        )
        .await;
        assert_eq!(r.status(), 200);
        assert!(r.text().await.unwrap().contains("导入成功：共2条"));
        let list: Value = c
            .get(s.url("/api/v1/officers"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 2);
        // Export gives the same layout back.
        let x = c
            .get(s.url("/console/export/officers.xlsx"))
            .send()
            .await
            .unwrap();
        assert_eq!(x.status(), 200);
        assert!(x.bytes().await.unwrap().starts_with(b"PK"));
    })
    .await;
}

#[tokio::test]
async fn w7_importing_a_notice_recomputes_open_deadlines() {
    each(async |b| {
        let w = common::world(b).await;
        let start = chrono::NaiveDate::from_ymd_opt(2026, 12, 28).unwrap();
        let d = w
            .app
            .open_deadline("test", 1, "P10", start, sanxiang_core::calendar::Period::Workdays(7))
            .await
            .unwrap();
        // 2027 has no notice yet: Monday–Friday, provisional.
        assert_eq!(d.due, chrono::NaiveDate::from_ymd_opt(2027, 1, 6).unwrap());
        assert!(d.provisional);
        let notice = "date,name,is_off_day,notice_year\n2027-01-01,元旦,true,2027\n2027-01-02,元旦,true,2027\n2027-01-03,元旦,true,2027\n";
        let entries = sanxiang_app::calendar::parse_notice(notice).unwrap();
        let admin = sanxiang_app::Actor::system("test");
        let r = w.app.import_notice(&admin, 2027, entries).await.unwrap();
        assert_eq!((r.deadlines_checked, r.deadlines_moved), (1, 1));
        assert_ne!(r.old_version, r.new_version);
        let after = sanxiang_store::repo::deadlines::get(w.app.store().db(), d.id).await.unwrap();
        assert_eq!(after.due, chrono::NaiveDate::from_ymd_opt(2027, 1, 7).unwrap());
        assert!(!after.provisional);
        assert_eq!(after.calendar_version, r.new_version);
        // The stored table survives a restart of the app (it is read back from the database).
        assert!(w.app.calendar().table().covers_year(2027));
        // A make-up working day on a weekday is rejected, naming W7, and nothing changes.
        let bad = sanxiang_app::calendar::parse_notice("date,name,is_off_day,notice_year\n2027-02-03,春节,false,2027\n").unwrap();
        let e = w.app.import_notice(&admin, 2027, bad).await.unwrap_err();
        assert!(matches!(e, sanxiang_app::AppError::Invalid(ref v) if v[0].rule == "W7"), "{e:?}");
        assert!(w.app.calendar().table().covers_year(2027));
    })
    .await;
}

#[tokio::test]
async fn sec1_only_the_security_admin_assigns_roles_and_the_auditor_changes_nothing() {
    each(async |b| {
        let s = server(b).await;
        let before: serde_json::Value = s
            .anonymous()
            .post(s.url("/api/v1/session"))
            .json(&json!({"username": "officer1", "password": PASSWORD}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(before["role"], "officer");
        let sys = s.client_no_redirect("sysadmin").await;
        let r = sys
            .post(s.url("/console/users/officer1/role"))
            .form(&[("role", "reviewer")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "the system admin cannot assign roles");
        let auditor = s.client_no_redirect("auditor").await;
        let r = auditor
            .post(s.url("/console/users/officer1/lock"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "the auditor changes nothing");
        let sec = s.client_no_redirect("secadmin").await;
        let r = sec
            .post(s.url("/console/users/officer1/role"))
            .form(&[("role", "reviewer")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        // The role took effect: officer1 now signs in as a reviewer.
        let r = s
            .anonymous()
            .post(s.url("/api/v1/session"))
            .json(&json!({"username": "officer1", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let me: serde_json::Value = r.json().await.unwrap();
        assert_eq!(me["role"], "reviewer", "{me}");
        // The system admin locks; the locked user cannot sign in.
        let r = sys
            .post(s.url("/console/users/officer1/lock"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let r = s
            .anonymous()
            .post(s.url("/api/v1/session"))
            .json(&json!({"username": "officer1", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 423);
    })
    .await;
}

#[tokio::test]
async fn reg3_advisers_join_an_agency_or_the_shared_pool() {
    each(async |b| {
        let s = server(b).await;
        let body = |agency: String| {
            json!({"agency_id": agency, "name": "陈律师", "kind": "public_lawyer", "organisation": "示范县司法局",
                   "pool": "示范县公职律师库", "legal_qualified": "是", "valid_until": "2028-12-31"})
        };
        let head = s.client("head1").await;
        let r = head.post(s.url("/api/v1/advisers")).json(&body(String::new())).send().await.unwrap();
        assert_eq!(r.status(), 403, "an agency's head cannot add to the shared pool");
        let r = head.post(s.url("/api/v1/advisers")).json(&body(s.world.agency_a.to_string())).send().await.unwrap();
        assert_eq!(r.status(), 201);
        let sup = s.client("supervisor").await;
        let r = sup.post(s.url("/api/v1/advisers")).json(&body(String::new())).send().await.unwrap();
        assert_eq!(r.status(), 201);
        let mut bad = body(String::new());
        bad["kind"] = json!("律师事务所");
        let r = sup.post(s.url("/api/v1/advisers")).json(&bad).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let list: Value = head.get(s.url("/api/v1/advisers")).send().await.unwrap().json().await.unwrap();
        assert_eq!(list.as_array().unwrap().len(), 2, "own agency's adviser and the shared pool");
        let head2 = s.client("head2").await;
        let list: Value = head2.get(s.url("/api/v1/advisers")).send().await.unwrap().json().await.unwrap();
        assert_eq!(list.as_array().unwrap().len(), 1, "only the shared pool");
    })
    .await;
}
