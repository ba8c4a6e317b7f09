//! The one sequencer of the global log (LOG-1) with group commit.
//!
//! Callers queue their appends and then wait for the sequencer lock. Whoever gets the lock
//! takes every queued append and commits them in one transaction; the others find their answer
//! waiting when their turn comes. So concurrent single appends share one fsync instead of paying
//! one each, and an append is durable and integrated into the tree when it returns.
//!
//! A batch runs in its own task holding the lock, so a caller that goes away (a dropped HTTP
//! request) cannot cancel a transaction other callers are waiting on.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use sanxiang_core::rule::Violation;
use sanxiang_ledger::entry::Entry;
use sanxiang_ledger::hash::HashAlg;
use sanxiang_store::{DatabaseTransaction, TransactionTrait, repo};
use tokio::sync::oneshot;

use crate::{App, AppError};

/// A boxed future, as returned by the work of [`App::ledger_append_with`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a unit of work hands back besides its entries (the case row it wrote …), carried with
/// the unit's answer and given to its caller once the batch committed.
type Output = Box<dyn Any + Send>;

/// A unit of work with its output type erased, so that units of any kind share a batch.
type ErasedWork = Box<
    dyn for<'t> FnOnce(
            &'t DatabaseTransaction,
            u64,
        ) -> BoxFuture<'t, Result<(Vec<Entry>, Output), AppError>>
        + Send,
>;

enum Job {
    Entries(Vec<Vec<u8>>),
    Work(ErasedWork),
}

/// The answer to a queued append: the position of its first entry and the work's output.
type Answer = Result<(u64, Option<Output>), AppError>;

struct Queued {
    job: Job,
    done: oneshot::Sender<Answer>,
}

/// Serialises appends and checkpoints; remembers the hash algorithm and signing keys.
pub struct Sequencer {
    queue: Mutex<Vec<Queued>>,
    pub(super) lock: Arc<tokio::sync::Mutex<()>>,
    /// The algorithm of a new log (configuration).
    pub(super) alg: HashAlg,
    /// The algorithm of the stored log, once it has one.
    pub(super) stored_alg: std::sync::OnceLock<HashAlg>,
    pub(super) signing: Option<Arc<super::LedgerSigning>>,
}

impl Sequencer {
    pub fn new(alg: HashAlg, signing: Option<super::LedgerSigning>) -> Sequencer {
        Sequencer {
            queue: Mutex::new(Vec::new()),
            lock: Arc::new(tokio::sync::Mutex::new(())),
            alg,
            stored_alg: std::sync::OnceLock::new(),
            signing: signing.map(Arc::new),
        }
    }
}

/// LOG-1: an entry that does not encode is refused before it reaches the log.
pub(super) fn encode(entry: &Entry) -> Result<Vec<u8>, AppError> {
    entry.validate().map_err(|err| {
        AppError::invalid(Violation::hard(
            "LOG-1",
            Some("entry"),
            format!("记录格式无效：{err}"),
        ))
    })?;
    Ok(entry.encode())
}

impl App {
    /// Appends encoded entries; returns the position of the first.
    pub(super) async fn submit_entries(&self, entries: Vec<Vec<u8>>) -> Result<u64, AppError> {
        Ok(self.submit(Job::Entries(entries)).await?.0)
    }

    /// Writes that must commit atomically with their log entries (an act row and its entry).
    /// `work` runs inside the shared transaction (in a savepoint of its own, so its failure undoes
    /// only its writes), receives the position its first entry will take, and returns the
    /// entries and what its caller needs (the case row it wrote …). Returns the position of the
    /// first entry and that output, once committed; nothing of it is written if it fails.
    pub async fn ledger_append_with<T, F>(&self, work: F) -> Result<(u64, T), AppError>
    where
        T: Send + 'static,
        F: for<'t> FnOnce(
                &'t DatabaseTransaction,
                u64,
            ) -> BoxFuture<'t, Result<(Vec<Entry>, T), AppError>>
            + Send
            + 'static,
    {
        let erased: ErasedWork = Box::new(move |txn, first| {
            let unit = work(txn, first);
            Box::pin(async move {
                let (entries, out) = unit.await?;
                Ok((entries, Box::new(out) as Output))
            })
        });
        let (first, out) = self.submit(Job::Work(erased)).await?;
        let out = out
            .and_then(|o| o.downcast::<T>().ok())
            .ok_or_else(|| AppError::Internal("ledger work output lost".into()))?;
        Ok((first, *out))
    }

    async fn submit(&self, job: Job) -> Answer {
        let (done, mut answer) = oneshot::channel();
        lock_queue(&self.ledger.queue).push(Queued { job, done });
        let guard = self.ledger.lock.clone().lock_owned().await;
        if let Ok(r) = answer.try_recv() {
            return r; // an earlier batch took and committed this append
        }
        let batch = std::mem::take(&mut *lock_queue(&self.ledger.queue));
        let app = self.clone();
        let task = tokio::spawn(async move {
            app.commit_batch(batch).await;
            drop(guard);
        });
        if let Err(e) = task.await {
            tracing::error!(error = %e, "ledger batch task failed");
        }
        answer
            .await
            .unwrap_or_else(|_| Err(AppError::Internal("ledger batch dropped".into())))
    }

    async fn commit_batch(&self, batch: Vec<Queued>) {
        let n = batch.len();
        let mut waiting = Vec::with_capacity(n);
        let result = self.write_batch(batch, &mut waiting).await;
        for (done, first, out) in waiting {
            let r = match &result {
                Ok(()) => Ok((first, out)),
                Err(e) => Err(AppError::Internal(format!("ledger batch of {n}: {e}"))),
            };
            let _ = done.send(r);
        }
        if let Err(e) = result {
            tracing::error!(error = %e, batch = n, "ledger batch rolled back");
        }
    }

    /// Writes the batch in one transaction. Appends refused on their own are answered at once;
    /// the others wait in `waiting` with their first position until the commit.
    async fn write_batch(
        &self,
        batch: Vec<Queued>,
        waiting: &mut Vec<(oneshot::Sender<Answer>, u64, Option<Output>)>,
    ) -> Result<(), AppError> {
        let alg = self.ledger_alg().await?;
        let txn = self.store().begin_write().await?;
        let mut next = repo::ledger::size(&txn).await?;
        let first = next;
        let mut encoded: Vec<Vec<u8>> = Vec::new();
        for Queued { job, done } in batch {
            let (entries, out) = match job {
                Job::Entries(e) => (e, None),
                Job::Work(work) => match run_work(&txn, work, next).await {
                    Ok((e, out)) => (e, Some(out)),
                    Err(e) => {
                        let _ = done.send(Err(e));
                        continue;
                    }
                },
            };
            let count = entries.len() as u64;
            encoded.extend(entries);
            waiting.push((done, next, out));
            next += count;
        }
        if !encoded.is_empty() {
            let at = repo::ledger::append(&txn, alg, &encoded, self.now()).await?;
            if at != first {
                return Err(AppError::Internal(format!(
                    "log size moved from {first} to {at} inside the batch"
                )));
            }
        }
        txn.commit().await?;
        Ok(())
    }
}

/// Runs one unit of work in a savepoint; on failure only its own writes are undone.
async fn run_work(
    txn: &DatabaseTransaction,
    work: ErasedWork,
    first: u64,
) -> Result<(Vec<Vec<u8>>, Output), AppError> {
    let savepoint = txn.begin().await?;
    let outcome = match work(&savepoint, first).await {
        Ok((entries, out)) => entries
            .iter()
            .map(encode)
            .collect::<Result<Vec<_>, _>>()
            .map(|e| (e, out)),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(done) => {
            savepoint.commit().await?;
            Ok(done)
        }
        Err(e) => {
            savepoint.rollback().await?;
            Err(e)
        }
    }
}

fn lock_queue(q: &Mutex<Vec<Queued>>) -> std::sync::MutexGuard<'_, Vec<Queued>> {
    q.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
