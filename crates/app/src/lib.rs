//! sanxiang-app: use cases. One function per user intention; each write runs in one
//! transaction, applies the core rules first, and appends an audit entry.

pub mod alarms;
pub mod auth;
mod builder;
pub mod calendar;
pub mod cases;
pub mod catalogs;
pub mod cell;
mod clock;
pub mod demo;
mod error;
pub mod evidence;
pub mod forms;
pub mod instruments;
pub mod ledger;
pub mod public;
pub mod registry;
pub mod spreadsheet;

use std::sync::{Arc, RwLock};

use sanxiang_core::auth::{Permission, Role, Scope};
use sanxiang_core::calendar::WorkCalendar;
use sanxiang_store::Store;

pub use builder::AppBuilder;
pub use clock::{Clock, FixedClock, SystemClock, cst};
pub use error::AppError;

/// The application: the store, the clock and the current working-day calendar, with the
/// settings it was built with ([`App::builder`]); only the calendar changes while it runs.
#[derive(Clone)]
pub struct App {
    store: Store,
    clock: Arc<dyn Clock>,
    calendar: Arc<RwLock<Arc<WorkCalendar>>>,
    sessions: Arc<auth::SessionCache>,
    ledger: Arc<ledger::Sequencer>,
    /// SM4 key sealing case acts at rest (personal identifiers, addresses).
    seal_key: sanxiang_ledger::seal::SealKey,
    case_states: Arc<cases::StateCache>,
    evidence: Option<Arc<sanxiang_evidence::EvidenceStore>>,
    public: Arc<public::PublicState>,
    /// Document rendering (fonts loaded once at start) and numbering.
    documents: Arc<instruments::Documents>,
    /// Failed sign-ins by account and address (SEC-2, `core::throttle`).
    logins: Arc<std::sync::Mutex<sanxiang_core::throttle::LoginThrottle<std::net::IpAddr>>>,
    /// Wrong confirmation passwords (CASE-2) by colleague and recording user.
    confirm_attempts: Arc<std::sync::Mutex<sanxiang_core::throttle::LoginThrottle<i64>>>,
    /// Local rules per sector and agency (P2, P5, P6, P8, R3), checked at start.
    local_rules: Arc<sanxiang_core::case::local_rules::LocalRules>,
}

impl App {
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Today's civil date in China Standard Time.
    pub fn today(&self) -> chrono::NaiveDate {
        clock::cst_date(self.clock.now())
    }

    /// The local time (China Standard Time) now, as acts record it.
    pub fn now_local(&self) -> chrono::NaiveDateTime {
        self.clock.now().with_timezone(&clock::cst()).naive_local()
    }

    /// The calendar in force (cheap clone of an `Arc`).
    pub fn calendar(&self) -> Arc<WorkCalendar> {
        match self.calendar.read() {
            Ok(c) => c.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set_calendar(&self, cal: WorkCalendar) {
        let mut guard = match self.calendar.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        *guard = Arc::new(cal);
    }
}

/// The signed-in caller of a use case.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub agency_id: i64,
    pub officer_id: Option<i64>,
    pub scope: Scope,
}

impl Actor {
    pub fn require(&self, p: Permission) -> Result<(), AppError> {
        if self.role.allows(p) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The actor used by command-line administration (acts as the system, scope all).
    pub fn system(name: &str) -> Actor {
        Actor::system_as(name, Role::SystemAdmin)
    }

    /// The command-line operator acting in one of the administrator roles.
    pub fn system_as(name: &str, role: Role) -> Actor {
        Actor {
            user_id: 0,
            username: name.to_owned(),
            display_name: name.to_owned(),
            role,
            agency_id: 0,
            officer_id: None,
            scope: Scope::All,
        }
    }

    pub(crate) fn audit(
        &self,
        action: &str,
        entity: &str,
        entity_id: Option<i64>,
    ) -> sanxiang_store::repo::audit::AuditEntry {
        sanxiang_store::repo::audit::AuditEntry {
            actor_id: (self.user_id > 0).then_some(self.user_id),
            actor_name: self.username.clone(),
            actor_role: self.role.code().to_owned(),
            action: action.to_owned(),
            entity: entity.to_owned(),
            entity_id,
            ..Default::default()
        }
    }
}
