//! The 音像记录事项清单 in force for an act (A3, CAT-4): read for every recorded act, so it is
//! cached per agency and date, dropped when public content changes (a publish bumps the public
//! generation) and at most [`TTL`] old in any case (another server may have published).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use sanxiang_core::catalog::av::AvRule;
use sanxiang_core::catalog::version::{CatalogKind, version_in_force};
use sanxiang_store::repo;

use super::{ItemValue, head};
use crate::{App, AppError};

const TTL: Duration = Duration::from_secs(60);

type Entry = (u64, Instant, Arc<Vec<AvRule>>);

#[derive(Default)]
pub struct AvRulesCache(Mutex<HashMap<(i64, NaiveDate), Entry>>);

impl AvRulesCache {
    fn get(&self, key: (i64, NaiveDate), generation: u64) -> Option<Arc<Vec<AvRule>>> {
        let map = match self.0.lock() {
            Ok(m) => m,
            Err(p) => p.into_inner(),
        };
        map.get(&key)
            .filter(|(g, at, _)| *g == generation && at.elapsed() < TTL)
            .map(|(_, _, rules)| rules.clone())
    }

    fn put(&self, key: (i64, NaiveDate), generation: u64, rules: Arc<Vec<AvRule>>) {
        let mut map = match self.0.lock() {
            Ok(m) => m,
            Err(p) => p.into_inner(),
        };
        // Acts are dated over a few days at most: a small map; start again when it grows.
        if map.len() > 4096 {
            map.clear();
        }
        map.insert(key, (generation, Instant::now(), rules));
    }
}

impl App {
    /// C2 + A3: the rows of the agency's 音像记录事项清单 in force on `date` (none: the national
    /// floor alone applies).
    pub(crate) async fn av_rules_in_force(
        &self,
        agency_id: i64,
        date: NaiveDate,
    ) -> Result<Arc<Vec<AvRule>>, AppError> {
        let generation = self.public_generation();
        let key = (agency_id, date);
        if let Some(rules) = self.public.av_rules.get(key, generation) {
            return Ok(rules);
        }
        let db = self.store().db();
        let versions = repo::catalogs::versions(
            db,
            Some(agency_id),
            Some(CatalogKind::Av.code()),
            Some("published"),
        )
        .await?;
        let heads: Vec<_> = versions.iter().map(head).collect();
        let mut rules = Vec::new();
        if let Some(id) = version_in_force(&heads, date) {
            for it in repo::catalogs::all_items(db, id).await? {
                if let Ok(ItemValue::Av(r)) = ItemValue::from_stored(CatalogKind::Av, &it.data) {
                    rules.push(r);
                }
            }
        }
        let rules = Arc::new(rules);
        self.public.av_rules.put(key, generation, rules.clone());
        Ok(rules)
    }
}
