#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::disallowed_methods)] // rows carry a wall-clock creation time
//! The store's contract for the case list, on SQLite and (with `SANXIANG_TEST_DATABASE_URL`)
//! PostgreSQL: CASE-6 scope filters, newest-first pages that neither skip nor repeat a case, and
//! a total that is exact up to `MAX_COUNT`, capped above it, and agrees with the rows whether it
//! comes from `case_tally` or from counting — after filing, advancing and closing cases.

use chrono::{Duration, TimeZone, Utc};
use sanxiang_core::auth::Scope;
use sanxiang_store::entity::{agency, cases};
use sanxiang_store::repo::cases::{self as repo, CaseFilter, MAX_COUNT};
use sanxiang_store::repo::{PageRequest, agencies};
use sanxiang_store::{Store, TransactionTrait};
use sea_orm::ActiveValue::{NotSet, Set};

/// A fresh, migrated database on every backend.
async fn stores() -> Vec<Store> {
    let mut out = Vec::new();
    for b in sanxiang_test_support::backends() {
        let url = sanxiang_test_support::fresh_database(b).await;
        let store = Store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        out.push(store);
    }
    out
}

async fn agency(store: &Store, name: &str, division: &str) -> i64 {
    let now = Utc::now();
    agencies::insert(
        store.db(),
        agency::ActiveModel {
            id: NotSet,
            name: Set(name.into()),
            short_name: Set(String::new()),
            nature: Set("organ".into()),
            credit_code: Set(None),
            division_code: Set(division.into()),
            parent_id: Set(None),
            funding: Set("full".into()),
            staffing: Set(10),
            category: Set("市场监管".into()),
            duties: Set("执法".into()),
            legal_representative: Set("王某".into()),
            address: Set("示范县人民路1号".into()),
            complaint_phone: Set("0731-12345678".into()),
            created_at: Set(now),
            updated_at: Set(now),
        },
    )
    .await
    .unwrap()
    .id
}

fn case(agency_id: i64, n: i64, kind: &str, stage: &str) -> cases::Model {
    cases::Model {
        id: 0,
        case_no: format!("2026-{agency_id:04}-{n:05}"),
        agency_id,
        kind: kind.into(),
        matter_category: "市场监管".into(),
        matter_area: "示范县".into(),
        cause: if n % 2 == 0 {
            "销售过期食品"
        } else {
            "虚假宣传"
        }
        .into(),
        party_name: format!("商户{n}"),
        stage: stage.into(),
        act_count: 1,
        chain_head: vec![0; 32],
        closed: false,
        created_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(n),
        created_by: None,
    }
}

fn filter(kind: Option<&str>, stage: Option<&str>, closed: Option<bool>) -> CaseFilter {
    CaseFilter {
        kind: kind.map(str::to_owned),
        stage: stage.map(str::to_owned),
        closed,
        ..CaseFilter::default()
    }
}

/// Every case the filter matches, read page by page (20 a page).
async fn all_pages(store: &Store, scope: &Scope, f: &CaseFilter) -> Vec<cases::Model> {
    let mut out = Vec::new();
    for page in 1.. {
        let p = repo::list(store.db(), scope, f, PageRequest::new(page, 20))
            .await
            .unwrap();
        if p.items.is_empty() {
            break;
        }
        out.extend(p.items);
    }
    out
}

#[tokio::test]
async fn case6_lists_hold_to_scope_page_without_gaps_and_total_what_they_hold() {
    for store in stores().await {
        let a = agency(&store, "示范县市场监督管理局", "430121").await;
        let b = agency(&store, "示范县生态环境局", "430121").await;
        let c = agency(&store, "望城区市场监督管理局", "430112").await;
        let mut ids = Vec::new();
        for n in 0..45 {
            let kind = ["penalty_ordinary", "inspection", "licensing"][(n % 3) as usize];
            let m = repo::insert(store.db(), case(a, n, kind, "filing"))
                .await
                .unwrap();
            ids.push(m);
        }
        for n in 0..7 {
            repo::insert(store.db(), case(b, n, "penalty_ordinary", "filing"))
                .await
                .unwrap();
        }
        for n in 0..5 {
            repo::insert(store.db(), case(c, n, "penalty_ordinary", "filing"))
                .await
                .unwrap();
        }
        // Advance some of a's cases (in transactions, as recording does): 6 to investigation,
        // 4 of them on to closing.
        for (i, m) in ids
            .iter()
            .filter(|m| m.kind == "penalty_ordinary")
            .take(6)
            .enumerate()
        {
            let txn = store.db().begin().await.unwrap();
            repo::advance(&txn, m, 2, "investigation", &[1; 32], false)
                .await
                .unwrap();
            txn.commit().await.unwrap();
            if i < 4 {
                let mid = cases::Model {
                    act_count: 2,
                    stage: "investigation".into(),
                    ..m.clone()
                };
                repo::advance(store.db(), &mid, 3, "closing", &[2; 32], true)
                    .await
                    .unwrap();
            }
        }
        // A stale advance (someone recorded meanwhile) is refused and changes no total.
        assert!(
            repo::advance(store.db(), &ids[0], 2, "closing", &[3; 32], true)
                .await
                .is_err()
        );

        let scopes = [
            (Scope::Agency(a), 45u64),
            (Scope::Agency(b), 7),
            (Scope::Division("430121".into()), 52),
            (Scope::Division("4301".into()), 57),
            (Scope::All, 57),
        ];
        for (scope, expected) in &scopes {
            let rows = all_pages(&store, scope, &CaseFilter::default()).await;
            assert_eq!(rows.len() as u64, *expected, "{scope:?}");
            let allowed: Vec<i64> = match scope {
                Scope::Agency(x) => vec![*x],
                Scope::Division(p) if p == "430121" => vec![a, b],
                _ => vec![a, b, c],
            };
            assert!(
                rows.iter().all(|r| allowed.contains(&r.agency_id)),
                "{scope:?}"
            );
            // Newest first, ties by id, no case twice.
            assert!(
                rows.windows(2)
                    .all(|w| (w[0].created_at, w[0].id) > (w[1].created_at, w[1].id)),
                "{scope:?}"
            );
        }
        // The total (from the tally) equals the rows, for every filter the tally keeps.
        let filters = [
            filter(None, None, None),
            filter(Some("penalty_ordinary"), None, None),
            filter(Some("inspection"), None, None),
            filter(None, Some("filing"), None),
            filter(None, Some("investigation"), None),
            filter(None, Some("closing"), Some(true)),
            filter(Some("penalty_ordinary"), None, Some(false)),
            filter(None, None, Some(true)),
        ];
        for (scope, _) in &scopes {
            for f in &filters {
                let rows = all_pages(&store, scope, f).await;
                let p = repo::list(store.db(), scope, f, PageRequest::new(1, 20))
                    .await
                    .unwrap();
                assert_eq!(p.total, rows.len() as u64, "{scope:?} {f:?}");
                // The same filter plus an agency: the total agrees with the agency's rows.
                let fa = CaseFilter {
                    agency_id: Some(a),
                    ..f.clone()
                };
                let ra = all_pages(&store, scope, &fa).await;
                let pa = repo::list(store.db(), scope, &fa, PageRequest::new(1, 20))
                    .await
                    .unwrap();
                assert_eq!(pa.total, ra.len() as u64, "{scope:?} {fa:?}");
            }
        }
        let closed = all_pages(&store, &Scope::Agency(a), &filter(None, None, Some(true))).await;
        assert_eq!(closed.len(), 4);
        let investigating = filter(None, Some("investigation"), None);
        assert_eq!(
            all_pages(&store, &Scope::Agency(a), &investigating)
                .await
                .len(),
            2
        );
        // A text search counts its rows instead; it agrees with them too.
        let q = CaseFilter {
            q: Some("虚假".into()),
            ..CaseFilter::default()
        };
        let rows = all_pages(&store, &Scope::Agency(a), &q).await;
        let p = repo::list(store.db(), &Scope::Agency(a), &q, PageRequest::new(1, 20))
            .await
            .unwrap();
        assert_eq!((p.total, rows.len()), (22, 22));
    }
}

#[tokio::test]
async fn case_list_total_is_exact_to_max_count_and_capped_above() {
    for store in stores().await {
        let a = agency(&store, "示范县市场监督管理局", "430121").await;
        let rows = |from: i64, n: i64| {
            (from..from + n)
                .map(|k| case(a, k, "inspection", "inspection_result"))
                .collect::<Vec<_>>()
        };
        let exact = MAX_COUNT as i64;
        repo::insert_many(store.db(), rows(0, exact)).await.unwrap();
        let text = CaseFilter {
            q: Some("商户".into()),
            ..CaseFilter::default()
        };
        for f in [CaseFilter::default(), text.clone()] {
            let p = repo::list(store.db(), &Scope::Agency(a), &f, PageRequest::new(1, 20))
                .await
                .unwrap();
            assert_eq!(p.total, MAX_COUNT, "{f:?}");
        }
        repo::insert_many(store.db(), rows(exact, 2)).await.unwrap();
        for f in [CaseFilter::default(), text] {
            let p = repo::list(store.db(), &Scope::Agency(a), &f, PageRequest::new(1, 20))
                .await
                .unwrap();
            assert_eq!(p.total, MAX_COUNT + 1, "more than MAX_COUNT: {f:?}");
            // The last page is the oldest case.
            let last = repo::list(store.db(), &Scope::Agency(a), &f, PageRequest::new(501, 20))
                .await
                .unwrap();
            assert_eq!(last.items.len(), 2);
            assert_eq!(last.items[1].case_no, format!("2026-{a:04}-00000"));
        }
    }
}
