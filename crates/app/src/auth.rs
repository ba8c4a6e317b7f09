//! Sign-in (SEC-2): argon2 password hashes; wrong passwords throttled per account and address
//! (`core::throttle`: 5 lock the account from that address for 15 minutes), so that a stranger
//! cannot lock an officer out; sessions that end after 30 idle minutes. A wrong password and an
//! unknown user get the same answer after the same work.

use std::net::IpAddr;

use rand::RngCore;
use sanxiang_core::auth::{LoginState, Permission, Role, SESSION_IDLE, check_password};
use sanxiang_core::rule::Violation;
use sanxiang_core::throttle::LoginThrottle;
use sanxiang_store::entity::app_user;
use sanxiang_store::repo;
use sea_orm::ActiveValue::{NotSet, Set};
use sha2::{Digest, Sha256};

use crate::{Actor, App, AppError};

/// Signed-in sessions already checked against the database, so that most requests need no
/// query to know their caller. An entry is re-checked after `CACHE_TTL`; logout, lock, role
/// and password changes in this process drop it at once (another process sees them within
/// `CACHE_TTL`). The idle timeout is always applied.
#[derive(Default)]
pub(crate) struct SessionCache {
    entries: std::sync::Mutex<std::collections::HashMap<String, CachedSession>>,
}

#[derive(Clone)]
struct CachedSession {
    actor: Actor,
    last_seen: chrono::DateTime<chrono::Utc>,
    verified_at: chrono::DateTime<chrono::Utc>,
}

const CACHE_TTL: chrono::Duration = chrono::Duration::seconds(10);
const TOUCH_EVERY: chrono::Duration = chrono::Duration::minutes(1);

impl SessionCache {
    fn with<R>(
        &self,
        f: impl FnOnce(&mut std::collections::HashMap<String, CachedSession>) -> R,
    ) -> R {
        match self.entries.lock() {
            Ok(mut g) => f(&mut g),
            Err(p) => f(&mut p.into_inner()),
        }
    }

    fn get(&self, id: &str) -> Option<CachedSession> {
        self.with(|m| m.get(id).cloned())
    }

    fn put(&self, id: String, c: CachedSession) {
        self.with(|m| {
            if m.len() > 50_000 {
                let cutoff = c.verified_at - CACHE_TTL;
                m.retain(|_, v| v.verified_at > cutoff);
            }
            m.insert(id, c);
        })
    }

    fn remove(&self, id: &str) {
        self.with(|m| m.remove(id));
    }

    fn forget_user(&self, user_id: i64) {
        self.with(|m| m.retain(|_, v| v.actor.user_id != user_id));
    }
}

/// A new session: the token goes into the cookie, only its hash into the database.
pub struct NewSession {
    pub token: String,
    pub actor: Actor,
}

fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Hashes on a blocking thread: argon2 is deliberately slow.
async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || password_auth::generate_hash(password))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
}

pub(crate) async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || password_auth::verify_password(password, &hash).is_ok())
        .await
        .unwrap_or(false)
}

/// A hash of a random password, used to spend the same time on unknown users.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| password_auth::generate_hash("sanxiang-dummy-Pa55"));

/// The new user's fields.
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password: &'a str,
    pub role: Role,
    pub agency_id: i64,
    pub officer_id: Option<i64>,
}

impl App {
    pub(crate) async fn actor_for(&self, u: &app_user::Model) -> Result<Actor, AppError> {
        let role = Role::from_code(&u.role)
            .ok_or_else(|| AppError::Internal(format!("unknown role {}", u.role)))?;
        let a = repo::agencies::get(
            self.store().db(),
            &sanxiang_core::auth::Scope::All,
            u.agency_id,
        )
        .await?;
        Ok(Actor {
            user_id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role,
            agency_id: u.agency_id,
            officer_id: u.officer_id,
            scope: role.scope(a.id, &a.division_code),
        })
    }

    /// Signs in from client address `from`. Errors: `BadCredentials` (same for unknown user and
    /// wrong password), `Throttled` (too many wrong passwords for this name from this address, or
    /// from everywhere) or `Locked` (disabled by an administrator, right password only).
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        from: IpAddr,
    ) -> Result<NewSession, AppError> {
        let db = self.store().db();
        let now = self.now();
        let name = username.trim();
        // SEC-2: refused before any password is looked at, the same way for every name.
        if let Err(r) = self.throttle(|t| t.check(name, from, now)) {
            return Err(AppError::Throttled {
                retry_after_secs: r.retry_after_secs,
            });
        }
        let user = repo::users::by_username(db, name).await?;
        // The same work whether the user exists or not: one hash verification, one audit row.
        let hash = user
            .as_ref()
            .map_or_else(|| DUMMY_HASH.clone(), |u| u.password_hash.clone());
        let right = verify_password(password.to_owned(), hash).await;
        let user = match user {
            Some(u) if right => u,
            _ => {
                let burst = self.throttle(|t| {
                    let burst = t.failed(name, from, now);
                    (burst, t.is_locked(name, from, now))
                });
                let (burst, locked) = burst;
                let mut e = anonymous_audit(
                    if locked {
                        "login.lockout"
                    } else {
                        "login.failed"
                    },
                    name,
                );
                e.denied = true;
                repo::audit::append(db, e, now).await?;
                if let Some(n) = burst {
                    // An alarm for the security administrator (audit log, action login.burst).
                    tracing::warn!(failures = n, "burst of failed sign-ins on one account");
                    let mut e = anonymous_audit("login.burst", name);
                    e.denied = true;
                    e.after = Some(serde_json::json!({"failures_15min": n}));
                    repo::audit::append(db, e, now).await?;
                }
                return Err(AppError::BadCredentials);
            }
        };
        let state = LoginState {
            failed_count: u32::try_from(user.failed_count).unwrap_or(0),
            locked_until: user.locked_until,
        };
        if user.disabled || state.is_locked(now) {
            let mut e = anonymous_audit("login.locked", &user.username);
            e.entity_id = Some(user.id);
            e.denied = true;
            repo::audit::append(db, e, now).await?;
            return Err(AppError::Locked);
        }
        self.throttle(|t| t.succeeded(name, from));
        let user = repo::users::set_login_state(db, user, 0, None, Some(now)).await?;
        let mut raw = [0u8; 32];
        rand::rng().fill_bytes(&mut raw);
        let token = hex::encode(raw);
        repo::sessions::create(db, hash_token(&token), user.id, now).await?;
        let actor = self.actor_for(&user).await?;
        repo::audit::append(db, actor.audit("login.ok", "app_user", Some(user.id)), now).await?;
        Ok(NewSession { token, actor })
    }

    /// The sign-in throttle (SEC-2, `core::throttle`), held briefly.
    fn throttle<T>(&self, f: impl FnOnce(&mut LoginThrottle<IpAddr>) -> T) -> T {
        let mut t = self.logins.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut t)
    }

    /// Resolves a session cookie to its actor; ends sessions idle for 30 minutes (SEC-2).
    pub async fn session_actor(&self, token: &str) -> Result<Actor, AppError> {
        let db = self.store().db();
        let now = self.now();
        let id = hash_token(token);
        if let Some(mut c) = self.sessions.get(&id) {
            if now - c.last_seen >= SESSION_IDLE {
                self.sessions.remove(&id);
                repo::sessions::delete(db, &id).await?;
                return Err(AppError::Unauthenticated);
            }
            if now - c.verified_at < CACHE_TTL {
                if now - c.last_seen >= TOUCH_EVERY {
                    repo::sessions::touch(db, &id, now).await?;
                    c.last_seen = now;
                    self.sessions.put(id, c.clone());
                }
                return Ok(c.actor);
            }
        }
        let s = repo::sessions::get(db, &id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if now - s.last_seen_at >= SESSION_IDLE {
            self.sessions.remove(&id);
            repo::sessions::delete(db, &id).await?;
            return Err(AppError::Unauthenticated);
        }
        let user = repo::users::get(db, s.user_id).await?;
        if user.disabled {
            self.sessions.remove(&id);
            return Err(AppError::Unauthenticated);
        }
        // Touch at most once a minute to keep reads cheap.
        let mut last_seen = s.last_seen_at;
        if now - s.last_seen_at >= TOUCH_EVERY {
            repo::sessions::touch(db, &id, now).await?;
            last_seen = now;
        }
        let actor = self.actor_for(&user).await?;
        self.sessions.put(
            id,
            CachedSession {
                actor: actor.clone(),
                last_seen,
                verified_at: now,
            },
        );
        Ok(actor)
    }

    pub async fn logout(&self, token: &str) -> Result<(), AppError> {
        let id = hash_token(token);
        self.sessions.remove(&id);
        repo::sessions::delete(self.store().db(), &id).await?;
        Ok(())
    }

    /// Creates a user (system admin). The password must meet SEC-2.
    pub async fn create_user(
        &self,
        actor: &Actor,
        u: NewUser<'_>,
    ) -> Result<app_user::Model, AppError> {
        actor.require(Permission::ManageUsers)?;
        let mut v = Vec::new();
        if u.username.trim().is_empty()
            || !u
                .username
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        {
            v.push(Violation::hard(
                "SEC-2",
                Some("username"),
                "用户名只能包含字母、数字、点、下划线和连字符",
            ));
        }
        if let Err(e) = check_password(u.password) {
            v.push(e);
        }
        if !v.is_empty() {
            return Err(AppError::Invalid(v));
        }
        repo::agencies::get(
            self.store().db(),
            &sanxiang_core::auth::Scope::All,
            u.agency_id,
        )
        .await?;
        let hash = hash_password(u.password.to_owned()).await?;
        let now = self.now();
        let user = repo::users::insert(
            self.store().db(),
            app_user::ActiveModel {
                id: NotSet,
                username: Set(u.username.trim().to_owned()),
                display_name: Set(u.display_name.trim().to_owned()),
                password_hash: Set(hash),
                role: Set(u.role.code().to_owned()),
                agency_id: Set(u.agency_id),
                officer_id: Set(u.officer_id),
                failed_count: Set(0),
                locked_until: Set(None),
                disabled: Set(false),
                created_at: Set(now),
                last_login_at: Set(None),
            },
        )
        .await?;
        let mut e = actor.audit("user.create", "app_user", Some(user.id));
        e.after = Some(
            serde_json::json!({"username": user.username, "role": user.role, "agency_id": user.agency_id}),
        );
        repo::audit::append(self.store().db(), e, now).await?;
        Ok(user)
    }

    /// Sets a new password (SEC-2) and ends the user's sessions.
    pub async fn set_password(
        &self,
        actor: &Actor,
        username: &str,
        password: &str,
    ) -> Result<(), AppError> {
        let user = repo::users::by_username(self.store().db(), username)
            .await?
            .ok_or(AppError::NotFound)?;
        if actor.user_id != user.id {
            actor.require(Permission::ManageUsers)?;
        }
        check_password(password).map_err(AppError::invalid)?;
        let hash = hash_password(password.to_owned()).await?;
        let id = user.id;
        repo::users::set_password_hash(self.store().db(), user, hash).await?;
        repo::sessions::delete_for_user(self.store().db(), id).await?;
        self.sessions.forget_user(id);
        repo::audit::append(
            self.store().db(),
            actor.audit("user.password", "app_user", Some(id)),
            self.now(),
        )
        .await?;
        Ok(())
    }

    /// Locks (disables) or unlocks a user. Unlocking also clears a lockout.
    pub async fn set_user_locked(
        &self,
        actor: &Actor,
        username: &str,
        locked: bool,
    ) -> Result<(), AppError> {
        // SEC-1: the system admin locks and unlocks; the security admin may also unlock.
        let may = actor.role.allows(Permission::ManageUsers)
            || (!locked && actor.role.allows(Permission::UnlockUsers));
        if !may {
            return Err(AppError::Forbidden);
        }
        let user = repo::users::by_username(self.store().db(), username)
            .await?
            .ok_or(AppError::NotFound)?;
        let id = user.id;
        let name = user.username.clone();
        repo::users::set_disabled(self.store().db(), user, locked).await?;
        self.sessions.forget_user(id);
        if !locked {
            // SEC-2: an unlock also ends the throttling of the account from every address.
            self.throttle(|t| t.unlock(&name));
        }
        if locked {
            repo::sessions::delete_for_user(self.store().db(), id).await?;
            self.sessions.forget_user(id);
        }
        let action = if locked { "user.lock" } else { "user.unlock" };
        repo::audit::append(
            self.store().db(),
            actor.audit(action, "app_user", Some(id)),
            self.now(),
        )
        .await?;
        Ok(())
    }

    /// Changes a user's role (security admin only, SEC-1). Ends the user's sessions so the new
    /// permissions apply at once. Nobody changes their own role.
    pub async fn set_user_role(
        &self,
        actor: &Actor,
        username: &str,
        role: Role,
    ) -> Result<(), AppError> {
        actor.require(Permission::ManageRoles)?;
        let user = repo::users::by_username(self.store().db(), username)
            .await?
            .ok_or(AppError::NotFound)?;
        if user.id == actor.user_id {
            return Err(AppError::invalid(Violation::hard(
                "SEC-1",
                Some("role"),
                "不能修改自己的角色",
            )));
        }
        let (id, before) = (user.id, user.role.clone());
        repo::users::set_role(self.store().db(), user, role.code()).await?;
        repo::sessions::delete_for_user(self.store().db(), id).await?;
        self.sessions.forget_user(id);
        let mut e = actor.audit("user.role", "app_user", Some(id));
        e.before = Some(serde_json::json!({"role": before}));
        e.after = Some(serde_json::json!({"role": role.code()}));
        repo::audit::append(self.store().db(), e, self.now()).await?;
        Ok(())
    }

    /// Links a user account to the officer holding `certificate_no` (or unlinks it with `None`):
    /// an officer's account acts, and reads cases, as that officer (CASE-6). The officer must
    /// belong to the user's agency. Ends the user's sessions so the link applies at once.
    pub async fn link_user_officer(
        &self,
        actor: &Actor,
        username: &str,
        certificate_no: Option<&str>,
    ) -> Result<(), AppError> {
        actor.require(Permission::ManageUsers)?;
        let db = self.store().db();
        let user = repo::users::by_username(db, username)
            .await?
            .ok_or(AppError::NotFound)?;
        let officer = match certificate_no.map(str::trim).filter(|c| !c.is_empty()) {
            None => None,
            Some(no) => {
                let Some((_, officer)) = repo::certificates::with_officer_by_number(db, no).await?
                else {
                    return Err(AppError::invalid(Violation::hard(
                        "REG-2",
                        Some("certificate_no"),
                        format!("执法证号“{no}”不存在"),
                    )));
                };
                if officer.agency_id != user.agency_id {
                    return Err(AppError::invalid(Violation::hard(
                        "SEC-1",
                        Some("certificate_no"),
                        "该执法人员不属于此用户的执法主体",
                    )));
                }
                Some(officer.id)
            }
        };
        let (id, before) = (user.id, user.officer_id);
        repo::users::set_officer(db, user, officer).await?;
        repo::sessions::delete_for_user(db, id).await?;
        self.sessions.forget_user(id);
        let mut e = actor.audit("user.officer", "app_user", Some(id));
        e.before = Some(serde_json::json!({"officer_id": before}));
        e.after = Some(serde_json::json!({"officer_id": officer}));
        repo::audit::append(db, e, self.now()).await?;
        Ok(())
    }

    pub async fn list_users(&self, actor: &Actor) -> Result<Vec<app_user::Model>, AppError> {
        actor
            .require(Permission::ManageUsers)
            .or_else(|_| actor.require(Permission::ManageRoles))?;
        Ok(repo::users::list(self.store().db()).await?)
    }

    /// The audit log (auditor only: the system admin cannot read it, SEC-1).
    pub async fn audit_log(
        &self,
        actor: &Actor,
        filter: &repo::audit::AuditFilter,
        page: repo::PageRequest,
    ) -> Result<repo::Page<sanxiang_store::entity::audit_log::Model>, AppError> {
        actor.require(Permission::ReadAuditLog)?;
        Ok(repo::audit::list(self.store().db(), filter, page).await?)
    }
}

fn anonymous_audit(action: &str, username: &str) -> repo::audit::AuditEntry {
    repo::audit::AuditEntry {
        actor_name: username.chars().take(64).collect(),
        actor_role: String::new(),
        action: action.to_owned(),
        entity: "app_user".to_owned(),
        ..Default::default()
    }
}
