use std::sync::Arc;

use sanxiang_app::App;

use crate::metrics::Metrics;
use crate::session::LoginLimiter;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub(crate) metrics: Arc<Metrics>,
    pub(crate) limiter: Arc<LoginLimiter>,
    /// Attempts at the party's case access (CASE-6), counted apart from sign-ins.
    pub(crate) party_limiter: Arc<LoginLimiter>,
    /// Mark cookies `Secure` (behind HTTPS).
    pub secure_cookies: bool,
}

impl AppState {
    pub fn new(app: App) -> AppState {
        AppState {
            app,
            metrics: Arc::new(Metrics::default()),
            limiter: Arc::new(LoginLimiter::default()),
            party_limiter: Arc::new(LoginLimiter::default()),
            secure_cookies: false,
        }
    }
}
