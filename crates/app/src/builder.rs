//! How an `App` is put together: every setting is given before it starts, and nothing is set
//! afterwards. A setting that a process does not use (the evidence store of a command-line tool,
//! the document renderer of a benchmark) is absent, and the use case that needs it says so.

use std::sync::{Arc, RwLock};

use sanxiang_core::case::local_rules::LocalRules;
use sanxiang_core::instrument::NumberPattern;
use sanxiang_docgen::{DocgenError, Renderer};
use sanxiang_evidence::EvidenceStore;
use sanxiang_ledger::hash::HashAlg;
use sanxiang_ledger::seal::SealKey;
use sanxiang_search::SearchIndex;
use sanxiang_store::Store;

use crate::instruments::Documents;
use crate::ledger::{LedgerSigning, Sequencer};
use crate::public::PublicState;
use crate::{App, AppError, Clock, auth, calendar, cases};

/// The settings of an [`App`], from [`App::builder`] to [`AppBuilder::start`].
pub struct AppBuilder {
    store: Store,
    clock: Arc<dyn Clock>,
    seal_key: SealKey,
    ledger_hash: HashAlg,
    signing: Option<LedgerSigning>,
    evidence: Option<Arc<EvidenceStore>>,
    search: Option<Arc<SearchIndex>>,
    documents: Documents,
    local_rules: LocalRules,
}

impl App {
    /// An app over `store`, reading the time from `clock`, sealing case acts at rest with
    /// `seal_key` (configuration `seal_key`). The other settings have defaults: a new log
    /// hashes with SM3, checkpoints are not signed, and there is no evidence store, search
    /// index or document renderer.
    pub fn builder(store: Store, clock: Arc<dyn Clock>, seal_key: SealKey) -> AppBuilder {
        AppBuilder {
            store,
            clock,
            seal_key,
            ledger_hash: HashAlg::Sm3,
            signing: None,
            evidence: None,
            search: None,
            documents: Documents::default(),
            local_rules: LocalRules::default(),
        }
    }
}

impl AppBuilder {
    /// The hash algorithm of a new log (configuration `ledger_hash`); an existing log keeps its
    /// own.
    pub fn ledger_hash(mut self, alg: HashAlg) -> Self {
        self.ledger_hash = alg;
        self
    }

    /// LOG-2: the keys that sign checkpoints, the witnesses and the time-stamping authority.
    pub fn ledger_signing(mut self, signing: LedgerSigning) -> Self {
        self.signing = Some(signing);
        self
    }

    /// The evidence files (configuration: `<data_dir>/evidence`; one process holds it).
    pub fn evidence(mut self, store: Arc<EvidenceStore>) -> Self {
        self.evidence = Some(store);
        self
    }

    /// PUB-1: the portal's search index (kept current by [`App::start_search`]).
    pub fn search(mut self, index: Arc<SearchIndex>) -> Self {
        self.search = Some(index);
        self
    }

    /// The document renderer (fonts loaded once), or why it could not be built: a missing CJK
    /// font does not stop the server, only issuing documents.
    pub fn renderer(mut self, renderer: Result<Arc<Renderer>, DocgenError>) -> Self {
        self.documents = self.documents.with_renderer(renderer);
        self
    }

    /// The numbering pattern of documents (configuration `instrument_number_pattern`).
    pub fn number_pattern(mut self, pattern: NumberPattern) -> Self {
        self.documents = self.documents.with_pattern(pattern);
        self
    }

    /// The local rules (configuration `local_rules`, checked against the statutes when read):
    /// without them every agency decides with the statute's defaults and the P6 example.
    pub fn local_rules(mut self, rules: LocalRules) -> Self {
        self.local_rules = rules;
        self
    }

    /// Migrates the database, seeds the holiday table on first start, loads the calendar and
    /// the statutes, and returns the app.
    pub async fn start(self) -> Result<App, AppError> {
        let store = self.store;
        store.migrate().await?;
        sanxiang_store::repo::calendar::seed_if_empty(store.db()).await?;
        let cal = calendar::load(&store).await?;
        let app = App {
            store,
            clock: self.clock,
            calendar: Arc::new(RwLock::new(Arc::new(cal))),
            sessions: Arc::new(auth::SessionCache::default()),
            ledger: Arc::new(Sequencer::new(self.ledger_hash, self.signing)),
            seal_key: self.seal_key,
            case_states: Arc::new(cases::StateCache::default()),
            evidence: self.evidence,
            public: Arc::new(PublicState::with_search(self.search)),
            documents: Arc::new(self.documents),
            logins: Arc::default(),
            confirm_attempts: Arc::default(),
            local_rules: Arc::new(self.local_rules),
        };
        app.ensure_laws().await?;
        Ok(app)
    }
}
