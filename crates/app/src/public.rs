//! The public side (PUB-1, REG-4): what anyone may read without signing in, and the search index
//! over it.
//!
//! Officer lookup must stay fast under load (≥ 5,000 lookups/s on 2 cores), so the public officer
//! directory is held in memory: built from the database on first use, rebuilt when a registry
//! write bumps the generation (`public_changed`), and at most [`DIRECTORY_TTL`] old in any case
//! (another server of the same deployment may have written). It holds public fields only —
//! name, agency, certificate number, 执法类别, 执法区域, validity, status — never ID numbers or
//! phones (REG-4).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use sanxiang_core::auth::Scope;
use sanxiang_core::catalog::version::CatalogKind;
use sanxiang_core::registry::CertificateStatus;
use sanxiang_search::{DocKind, SearchDoc, SearchIndex};
use sanxiang_store::repo;

use crate::catalogs::ItemValue;
use crate::{App, AppError};

pub const DIRECTORY_TTL: Duration = Duration::from_secs(60);

/// One certificate as the public sees it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PublicOfficer {
    pub name: String,
    pub agency_id: i64,
    pub agency_name: String,
    pub certificate_no: String,
    pub category: String,
    pub area: String,
    pub issued_by: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    #[serde(skip)]
    pub stored_status: CertificateStatus,
}

impl PublicOfficer {
    /// R6: the status on `today` (expiry is derived from the dates).
    pub fn status(&self, today: NaiveDate) -> CertificateStatus {
        CertificateStatus::effective(self.stored_status, self.valid_from, self.valid_until, today)
    }
}

pub struct Directory {
    built_at: Instant,
    generation: u64,
    by_number: HashMap<String, Arc<PublicOfficer>>,
    /// Ordered by agency, then name, then number.
    all: Vec<Arc<PublicOfficer>>,
}

impl Directory {
    pub fn get(&self, certificate_no: &str) -> Option<&Arc<PublicOfficer>> {
        self.by_number.get(certificate_no)
    }

    /// Certificates whose holder's name contains `name` (a page of them, and the total).
    pub fn by_name(
        &self,
        name: &str,
        offset: usize,
        limit: usize,
    ) -> (Vec<Arc<PublicOfficer>>, usize) {
        let matches: Vec<&Arc<PublicOfficer>> =
            self.all.iter().filter(|o| o.name.contains(name)).collect();
        let total = matches.len();
        (
            matches
                .into_iter()
                .skip(offset)
                .take(limit)
                .cloned()
                .collect(),
            total,
        )
    }

    pub fn len(&self) -> usize {
        self.all.len()
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Arc<PublicOfficer>> {
        self.all.iter()
    }
}

/// Shared public caches of an `App`, and its search index.
#[derive(Default)]
pub struct PublicState {
    generation: AtomicU64,
    directory: RwLock<Option<Arc<Directory>>>,
    rebuild: tokio::sync::Mutex<()>,
    search: Option<Arc<SearchIndex>>,
    /// Each agency's 音像记录事项清单 in force on a date (read for every act, A3).
    pub(crate) av_rules: crate::catalogs::AvRulesCache,
}

impl PublicState {
    pub(crate) fn with_search(search: Option<Arc<SearchIndex>>) -> PublicState {
        PublicState {
            search,
            ..PublicState::default()
        }
    }
}

impl App {
    /// Registry or catalog content that the public sees changed: caches rebuild on next use.
    pub fn public_changed(&self) {
        self.public.generation.fetch_add(1, Ordering::Relaxed);
    }

    /// The public generation (the search job compares it to decide on a reindex).
    pub fn public_generation(&self) -> u64 {
        self.public.generation.load(Ordering::Relaxed)
    }

    fn fresh_directory(&self) -> Option<Arc<Directory>> {
        let guard = match self.public.directory.read() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        guard
            .as_ref()
            .filter(|d| {
                d.generation == self.public_generation() && d.built_at.elapsed() < DIRECTORY_TTL
            })
            .cloned()
    }

    /// REG-4: the public officer directory (cached; see the module comment).
    pub async fn public_directory(&self) -> Result<Arc<Directory>, AppError> {
        if let Some(d) = self.fresh_directory() {
            return Ok(d);
        }
        let _one_builder = self.public.rebuild.lock().await;
        if let Some(d) = self.fresh_directory() {
            return Ok(d);
        }
        let generation = self.public_generation();
        let db = self.store().db();
        let agencies: HashMap<i64, String> = repo::agencies::all(db, &Scope::All)
            .await?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect();
        let mut all: Vec<Arc<PublicOfficer>> = repo::certificates::public_directory(db)
            .await?
            .into_iter()
            .map(|(c, name, agency_id)| {
                Arc::new(PublicOfficer {
                    name,
                    agency_id,
                    agency_name: agencies.get(&agency_id).cloned().unwrap_or_default(),
                    certificate_no: c.number,
                    category: c.category,
                    area: c.area,
                    issued_by: c.issued_by,
                    valid_from: c.valid_from,
                    valid_until: c.valid_until,
                    stored_status: CertificateStatus::from_code(&c.status)
                        .unwrap_or(CertificateStatus::Revoked),
                })
            })
            .collect();
        all.sort_by(|a, b| {
            (a.agency_id, &a.name, &a.certificate_no).cmp(&(
                b.agency_id,
                &b.name,
                &b.certificate_no,
            ))
        });
        let by_number = all
            .iter()
            .map(|o| (o.certificate_no.clone(), o.clone()))
            .collect();
        let dir = Arc::new(Directory {
            built_at: Instant::now(),
            generation,
            by_number,
            all,
        });
        match self.public.directory.write() {
            Ok(mut g) => *g = Some(dir.clone()),
            Err(p) => *p.into_inner() = Some(dir.clone()),
        }
        Ok(dir)
    }

    /// The portal's search index, if the app was built with one.
    pub fn search_index(&self) -> Option<Arc<SearchIndex>> {
        self.public.search.clone()
    }

    /// Every public document: agencies, certificates, matters and guides in force today, and
    /// statute articles. The index is derived data, rebuilt from this at any time.
    pub async fn public_documents(&self) -> Result<Vec<SearchDoc>, AppError> {
        let db = self.store().db();
        let mut docs = Vec::new();
        let agencies = repo::agencies::all(db, &Scope::All).await?;
        for a in &agencies {
            docs.push(SearchDoc {
                key: format!("agency:{}", a.id),
                kind: DocKind::Agency,
                title: a.name.clone(),
                body: format!("{} {} {}", a.nature, a.category, a.duties),
                url: format!("/agencies/{}", a.id),
                agency: Some(a.name.clone()),
                subtitle: Some(a.nature.clone()),
            });
        }
        for o in self.public_directory().await?.iter() {
            docs.push(SearchDoc {
                key: format!("officer:{}", o.certificate_no),
                kind: DocKind::Officer,
                title: format!("{} {}", o.name, o.certificate_no),
                body: format!("{} {} {}", o.agency_name, o.category, o.area),
                url: format!("/officers/{}", o.certificate_no),
                agency: Some(o.agency_name.clone()),
                subtitle: Some(format!("执法证号 {}", o.certificate_no)),
            });
        }
        let today = self.today();
        for kind in [CatalogKind::Powers, CatalogKind::Guides] {
            for f in self.catalogs_in_force(kind, today).await? {
                for it in repo::catalogs::all_items(db, f.version.id).await? {
                    let (doc_kind, url, body, subtitle) =
                        match ItemValue::from_stored(kind, &it.data) {
                            Ok(ItemValue::Matter(m)) => (
                                DocKind::Matter,
                                format!("/powers/{}", it.id),
                                format!(
                                    "{} {} {}",
                                    m.kind_label,
                                    m.basis_text,
                                    m.notes.clone().unwrap_or_default()
                                ),
                                m.kind.label_zh().to_owned(),
                            ),
                            Ok(ItemValue::Guide(g)) => (
                                DocKind::Guide,
                                format!("/guides/{}", it.id),
                                format!(
                                    "{} {} {}",
                                    g.matter_name,
                                    g.basis_text,
                                    g.conditions.join(" ")
                                ),
                                "服务指南".to_owned(),
                            ),
                            _ => continue,
                        };
                    docs.push(SearchDoc {
                        key: format!("item:{}", it.id),
                        kind: doc_kind,
                        title: it.name.clone(),
                        body,
                        url,
                        agency: Some(f.agency.name.clone()),
                        subtitle: Some(subtitle),
                    });
                }
            }
        }
        for (slug, title) in repo::catalogs::laws(db).await? {
            for a in repo::catalogs::law_articles(db, &slug).await? {
                docs.push(SearchDoc {
                    key: format!("law:{slug}:{}", a.number),
                    kind: DocKind::Law,
                    title: format!("《{title}》{}", a.label),
                    body: a.text.clone(),
                    url: format!("/laws/{slug}#a{}", a.number),
                    agency: None,
                    subtitle: a.chapter.clone(),
                });
            }
        }
        Ok(docs)
    }

    /// Rebuilds the search index from the database (PUB-1 search; `sanxiang search reindex`).
    pub async fn search_reindex(&self) -> Result<sanxiang_search::RebuildStats, AppError> {
        let Some(index) = self.search_index() else {
            return Err(AppError::Internal("no search index configured".into()));
        };
        let docs = self.public_documents().await?;
        tokio::task::spawn_blocking(move || index.rebuild(docs))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map_err(|e| AppError::Internal(e.to_string()))
    }
}

/// An agency page of the portal: the agency, its entrustments (both directions, with the other
/// party's name) and the catalogs it has in force today.
pub struct PublicAgency {
    pub agency: sanxiang_store::entity::agency::Model,
    pub parent: Option<String>,
    pub entrustments: Vec<(sanxiang_store::entity::entrustment::Model, String, String)>,
    pub catalogs: Vec<sanxiang_store::entity::catalog_version::Model>,
    pub officers: usize,
}

impl App {
    /// 执法主体 list (G1), public.
    pub async fn public_agencies(
        &self,
        q: Option<String>,
        page: repo::PageRequest,
    ) -> Result<repo::Page<sanxiang_store::entity::agency::Model>, AppError> {
        let filter = repo::agencies::AgencyFilter {
            q,
            ..Default::default()
        };
        Ok(repo::agencies::list(self.store().db(), &Scope::All, &filter, page).await?)
    }

    /// Every 执法主体 (the open-data download).
    pub async fn public_all_agencies(
        &self,
    ) -> Result<Vec<sanxiang_store::entity::agency::Model>, AppError> {
        Ok(repo::agencies::all(self.store().db(), &Scope::All).await?)
    }

    pub async fn public_agency(&self, id: i64) -> Result<PublicAgency, AppError> {
        let db = self.store().db();
        let agency = repo::agencies::get(db, &Scope::All, id).await?;
        let names: HashMap<i64, String> = repo::agencies::all(db, &Scope::All)
            .await?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect();
        let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
        let entrustments = repo::entrustments::for_agency(db, &Scope::All, id)
            .await?
            .into_iter()
            .map(|e| {
                let (a, b) = (name(e.entrusting_id), name(e.entrusted_id));
                (e, a, b)
            })
            .collect();
        let today = self.today();
        let mut catalogs = Vec::new();
        for kind in CatalogKind::ALL {
            if let Some(f) = self
                .catalogs_in_force(kind, today)
                .await?
                .into_iter()
                .find(|f| f.agency.id == id)
            {
                catalogs.push(f.version);
            }
        }
        let officers = self
            .public_directory()
            .await?
            .iter()
            .filter(|o| o.agency_id == id)
            .count();
        Ok(PublicAgency {
            parent: agency.parent_id.map(name),
            agency,
            entrustments,
            catalogs,
            officers,
        })
    }
}

/// A published item with its version and agency (portal detail pages).
pub struct PublicItem {
    pub item: sanxiang_store::entity::catalog_item::Model,
    pub value: ItemValue,
    pub version: sanxiang_store::entity::catalog_version::Model,
    pub agency: sanxiang_store::entity::agency::Model,
    /// Whether the version is the one in force today (older versions stay readable).
    pub in_force: bool,
}

impl App {
    /// One item of a published version; drafts are not public.
    pub async fn public_item(&self, id: i64) -> Result<PublicItem, AppError> {
        let db = self.store().db();
        let item = repo::catalogs::item(db, id).await?;
        let version = repo::catalogs::version(db, item.version_id).await?;
        if version.status != "published" {
            return Err(AppError::NotFound);
        }
        let kind = CatalogKind::from_code(&version.kind).ok_or(AppError::NotFound)?;
        let value = ItemValue::from_stored(kind, &item.data).map_err(AppError::Internal)?;
        let agency = repo::agencies::get(db, &Scope::All, version.agency_id).await?;
        let in_force = self
            .catalogs_in_force(kind, self.today())
            .await?
            .iter()
            .any(|f| f.version.id == version.id);
        Ok(PublicItem {
            item,
            value,
            version,
            agency,
            in_force,
        })
    }

    /// Items of the versions of `kind` in force today, optionally of one agency and one matter kind.
    pub async fn public_items(
        &self,
        kind: CatalogKind,
        agency_id: Option<i64>,
        matter_kind: Option<&str>,
        page: repo::PageRequest,
    ) -> Result<
        (
            Vec<crate::catalogs::InForce>,
            repo::Page<sanxiang_store::entity::catalog_item::Model>,
        ),
        AppError,
    > {
        let in_force: Vec<_> = self
            .catalogs_in_force(kind, self.today())
            .await?
            .into_iter()
            .filter(|f| agency_id.is_none_or(|a| f.agency.id == a))
            .collect();
        let ids: Vec<i64> = in_force.iter().map(|f| f.version.id).collect();
        let page = repo::catalogs::items(self.store().db(), &ids, matter_kind, page).await?;
        Ok((in_force, page))
    }

    /// Every item of a published version (open-data downloads); drafts are not public.
    pub async fn public_version_items(
        &self,
        version_id: i64,
    ) -> Result<Vec<sanxiang_store::entity::catalog_item::Model>, AppError> {
        let db = self.store().db();
        if repo::catalogs::version(db, version_id).await?.status != "published" {
            return Err(AppError::NotFound);
        }
        Ok(repo::catalogs::all_items(db, version_id).await?)
    }

    /// Statute title → slug, for linking a legal basis to its article.
    pub async fn law_slugs(&self) -> Result<HashMap<String, String>, AppError> {
        Ok(repo::catalogs::laws(self.store().db())
            .await?
            .into_iter()
            .map(|(slug, title)| (title, slug))
            .collect())
    }

    pub async fn law_text(
        &self,
        slug: &str,
    ) -> Result<Vec<sanxiang_store::entity::law_article::Model>, AppError> {
        let articles = repo::catalogs::law_articles(self.store().db(), slug).await?;
        if articles.is_empty() {
            return Err(AppError::NotFound);
        }
        Ok(articles)
    }
}

/// How often the search job looks for public changes (and the date, which moves catalogs
/// in and out of force).
const SEARCH_POLL: Duration = Duration::from_secs(5);

impl App {
    /// Keeps the search index (if the app has one) current: a full rebuild at start, then again
    /// whenever the public generation or the date changed. A rebuild of 150,000 documents takes a
    /// few seconds (docs/benchmarks.md), so a rebuild is simpler and safer than tracking deltas.
    pub fn start_search(&self) {
        if self.public.search.is_none() {
            return;
        }
        let app = self.clone();
        tokio::spawn(async move {
            let mut done: Option<(u64, NaiveDate)> = None;
            loop {
                let now = (app.public_generation(), app.today());
                if done != Some(now) {
                    match app.search_reindex().await {
                        Ok(stats) => {
                            tracing::info!(
                                docs = stats.docs,
                                ms = stats.elapsed.as_millis() as u64,
                                "search index rebuilt"
                            );
                            done = Some(now);
                        }
                        Err(e) => tracing::error!(error = %e, "search index rebuild failed"),
                    }
                }
                tokio::time::sleep(SEARCH_POLL).await;
            }
        });
    }
}
