//! SEC-2: how wrong passwords are slowed down without letting a stranger lock an officer out.
//!
//! - Failures are counted per *account and address*: the 5th consecutive wrong password from one
//!   address locks that account **from that address** for 15 minutes. The officer signing in
//!   from elsewhere is not affected.
//! - Failures of one account from all addresses together, past 10 within 15 minutes, space
//!   further attempts out exponentially (2 s, 4 s, … at most 60 s): guessing from many addresses
//!   stays slow, and the most a stranger imposes on the officer is a minute's wait.
//! - 20 failures of one account within 15 minutes are a burst, reported once per window.
//! - Unknown names are counted exactly like accounts, so the answers do not tell which exist.
//!
//! Pure: the caller passes the time and the client's address (any key) and keeps the state
//! (in memory).

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

use chrono::{DateTime, Duration, Utc};

use crate::auth::{LOCKOUT, MAX_FAILED_LOGINS};

/// Failures of one account (all addresses) within [`WINDOW`] after which attempts are spaced.
pub const FREE_FAILURES: usize = 10;
/// Failures of one account within [`WINDOW`] that make a burst.
pub const BURST: usize = 20;
/// The window over which an account's failures are counted.
pub const WINDOW: Duration = Duration::minutes(15);
/// The longest spacing imposed on an account.
pub const MAX_DELAY: Duration = Duration::seconds(60);
/// Entries kept at most (oldest dropped first when full), so that a flood of names cannot
/// exhaust memory.
const MAX_ENTRIES: usize = 100_000;

#[derive(Debug, Clone, Copy)]
struct Pair {
    failures: u32,
    locked_until: Option<DateTime<Utc>>,
    last: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
struct Account {
    failures: VecDeque<DateTime<Utc>>,
    burst_reported: Option<DateTime<Utc>>,
}

/// Why an attempt is refused before its password is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// Seconds until an attempt may be made again (at least 1).
    pub retry_after_secs: u64,
}

/// The throttle's state, by account name and client address `A`: see the module documentation.
#[derive(Debug)]
pub struct LoginThrottle<A> {
    pairs: HashMap<(String, A), Pair>,
    accounts: HashMap<String, Account>,
}

impl<A> Default for LoginThrottle<A> {
    fn default() -> Self {
        LoginThrottle {
            pairs: HashMap::new(),
            accounts: HashMap::new(),
        }
    }
}

fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

fn secs(d: Duration) -> u64 {
    u64::try_from(d.num_seconds()).unwrap_or(0).max(1)
}

impl<A: Eq + Hash + Copy> LoginThrottle<A> {
    /// May `name` be tried from `ip` at `now`?
    pub fn check(&mut self, name: &str, ip: A, now: DateTime<Utc>) -> Result<(), Refused> {
        let name = key(name);
        if let Some(until) = self
            .pairs
            .get(&(name.clone(), ip))
            .and_then(|p| p.locked_until)
            .filter(|u| now < *u)
        {
            return Err(Refused {
                retry_after_secs: secs(until - now),
            });
        }
        if let Some(a) = self.accounts.get_mut(&name) {
            a.failures.retain(|t| now - *t < WINDOW);
            if let Some(next) = next_allowed(&a.failures)
                && now < next
            {
                return Err(Refused {
                    retry_after_secs: secs(next - now),
                });
            }
        }
        Ok(())
    }

    /// Counts a wrong password. Returns the number of failures in the window when this one
    /// makes a burst (once per window).
    pub fn failed(&mut self, name: &str, ip: A, now: DateTime<Utc>) -> Option<usize> {
        self.make_room(now);
        let name = key(name);
        let pair = self.pairs.entry((name.clone(), ip)).or_insert(Pair {
            failures: 0,
            locked_until: None,
            last: now,
        });
        if pair.locked_until.is_some_and(|u| now >= u) {
            // A lock that ran out starts a fresh count.
            pair.failures = 0;
            pair.locked_until = None;
        }
        pair.failures += 1;
        pair.last = now;
        if pair.failures >= MAX_FAILED_LOGINS {
            pair.locked_until = Some(now + LOCKOUT);
        }
        let a = self.accounts.entry(name).or_default();
        a.failures.retain(|t| now - *t < WINDOW);
        a.failures.push_back(now);
        let n = a.failures.len();
        let reported = a.burst_reported.is_some_and(|t| now - t < WINDOW);
        if n >= BURST && !reported {
            a.burst_reported = Some(now);
            return Some(n);
        }
        None
    }

    /// A right password from `ip`: that address starts afresh for the account.
    pub fn succeeded(&mut self, name: &str, ip: A) {
        self.pairs.remove(&(key(name), ip));
    }

    /// The security administrator unlocks the account: every address starts afresh.
    pub fn unlock(&mut self, name: &str) {
        let name = key(name);
        self.pairs.retain(|(n, _), _| *n != name);
        self.accounts.remove(&name);
    }

    /// Is `name` locked from `ip` at `now`?
    pub fn is_locked(&self, name: &str, ip: A, now: DateTime<Utc>) -> bool {
        self.pairs
            .get(&(key(name), ip))
            .and_then(|p| p.locked_until)
            .is_some_and(|u| now < u)
    }

    fn make_room(&mut self, now: DateTime<Utc>) {
        if self.pairs.len() + self.accounts.len() < MAX_ENTRIES {
            return;
        }
        self.pairs
            .retain(|_, p| p.locked_until.is_some_and(|u| now < u) || now - p.last < WINDOW);
        self.accounts.retain(|_, a| {
            a.failures.retain(|t| now - *t < WINDOW);
            !a.failures.is_empty()
        });
        if self.pairs.len() + self.accounts.len() >= MAX_ENTRIES {
            // Still full of live entries: forget the lot rather than grow without bound.
            self.pairs.clear();
            self.accounts.clear();
        }
    }
}

/// After [`FREE_FAILURES`] in the window, the next attempt waits 2^(n - FREE_FAILURES + 1)
/// seconds after the latest failure, at most [`MAX_DELAY`].
fn next_allowed(failures: &VecDeque<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    let n = failures.len();
    if n < FREE_FAILURES {
        return None;
    }
    let exp = u32::try_from(n - FREE_FAILURES + 1)
        .unwrap_or(u32::MAX)
        .min(6);
    let delay = Duration::seconds(1i64 << exp).min(MAX_DELAY);
    failures.back().map(|last| *last + delay)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, 1, 0, 0)
            .single()
            .expect("time")
    }
    const A: u32 = 1;
    const B: u32 = 2;

    #[test]
    fn sec2_five_failures_lock_the_account_from_that_address_only() {
        let mut t = LoginThrottle::<u32>::default();
        for i in 0..5 {
            assert!(t.check("zhang", A, t0()).is_ok(), "attempt {i}");
            t.failed("zhang", A, t0());
        }
        let r = t.check("Zhang", A, t0()).expect_err("locked from A");
        assert_eq!(r.retry_after_secs, 15 * 60);
        assert!(t.check("zhang", B, t0()).is_ok(), "B is not locked out");
        assert!(t.check("zhang", A, t0() + LOCKOUT).is_ok(), "the lock ends");
    }

    #[test]
    fn sec2_unknown_names_are_counted_like_accounts() {
        let mut t = LoginThrottle::<u32>::default();
        for _ in 0..5 {
            t.failed("nobody", A, t0());
        }
        assert!(t.check("nobody", A, t0()).is_err());
    }

    #[test]
    fn sec2_many_addresses_are_spaced_out_exponentially_up_to_a_minute() {
        let mut t = LoginThrottle::<u32>::default();
        let mut now = t0();
        for i in 0..10u8 {
            let ip = 100 + u32::from(i);
            assert!(t.check("li", ip, now).is_ok());
            t.failed("li", ip, now);
        }
        // The 10th failure: the next attempt (from anywhere) waits 2 s.
        assert_eq!(
            t.check("li", B, now).map_err(|r| r.retry_after_secs),
            Err(2)
        );
        now += Duration::seconds(2);
        assert!(t.check("li", B, now).is_ok());
        for i in 0..20u8 {
            let ip = 200 + u32::from(i);
            t.failed("li", ip, now);
        }
        assert_eq!(
            t.check("li", B, now).map_err(|r| r.retry_after_secs),
            Err(60)
        );
    }

    #[test]
    fn sec2_a_burst_is_reported_once_per_window() {
        let mut t = LoginThrottle::<u32>::default();
        let reports: Vec<usize> = (0..25u8)
            .filter_map(|i| t.failed("wang", 300 + u32::from(i), t0()))
            .collect();
        assert_eq!(reports, vec![BURST]);
    }

    #[test]
    fn sec2_unlock_and_success_start_afresh() {
        let mut t = LoginThrottle::<u32>::default();
        for _ in 0..4 {
            t.failed("zhao", A, t0());
        }
        for _ in 0..5 {
            t.failed("zhao", B, t0());
        }
        t.succeeded("zhao", A);
        assert!(t.check("zhao", A, t0()).is_ok());
        assert!(t.check("zhao", B, t0()).is_err());
        t.unlock("ZHAO");
        assert!(t.check("zhao", B, t0()).is_ok());
    }
}
