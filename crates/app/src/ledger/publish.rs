//! Publishing checkpoints (LOG-2, LOG-4): sign, collect the witnesses' quorum, store, stamp.
//!
//! Signing happens under the sequencer lock (so a checkpoint never goes backwards); the network
//! round trips to witnesses and the time-stamping authority happen outside it, so appends never
//! wait for them.

use chrono::{DateTime, Utc};
use sanxiang_ledger::checkpoint::Checkpoint;
use sanxiang_store::entity::ledger_checkpoint;
use sanxiang_store::repo;

use super::BoxFuture;
use crate::{App, AppError};

/// A verified RFC 3161 token.
pub struct Stamp {
    /// TimeStampToken, DER.
    pub token: Vec<u8>,
    pub gen_time: DateTime<Utc>,
    /// Who signed it (the TSA certificate's subject).
    pub tsa: String,
}

/// LOG-4: obtains a verified timestamp token over some bytes (a checkpoint's text).
pub trait Timestamper: Send + Sync {
    fn stamp<'a>(&'a self, data: &'a [u8]) -> BoxFuture<'a, Result<Stamp, String>>;
    /// The TSA's trust anchors (PEM), for archive packages.
    fn trust_anchors_pem(&self) -> Vec<Vec<u8>>;
}

/// LOG-2: collects witness cosignatures on a signed checkpoint of `size` entries; returns the
/// note with the cosignatures when the configured quorum cosigned, else why not. It may ask the
/// app for consistency proofs ([`App::ledger_consistency_hashes`]).
pub trait Cosigner: Send + Sync {
    fn cosign<'a>(
        &'a self,
        app: &'a App,
        note: &'a str,
        size: u64,
    ) -> BoxFuture<'a, Result<String, String>>;
    /// The witnesses' verifier key strings and the quorum, for archive packages.
    fn witness_keys(&self) -> (Vec<String>, u64);
}

impl App {
    /// LOG-2: signs a checkpoint of the current tree when it has grown since the latest one,
    /// has it cosigned by the witnesses' quorum (when configured), stores it, and has it
    /// stamped (when a TSA is configured). Returns the new checkpoint, or `None` when there is
    /// nothing new or no key. Without the quorum nothing is published and this is an error.
    pub async fn ledger_checkpoint_now(
        &self,
    ) -> Result<Option<ledger_checkpoint::Model>, AppError> {
        let Some(signing) = self.ledger.signing.clone() else {
            return Ok(None);
        };
        let (cp, note) = {
            let _one_sequencer = self.ledger.lock.lock().await;
            let db = self.store().db();
            let size = repo::ledger::size(db).await?;
            let last = repo::ledger::latest_checkpoint(db).await?;
            if size == 0 || last.is_some_and(|c| u64::try_from(c.size).unwrap_or(0) >= size) {
                return Ok(None);
            }
            let alg = self.ledger_alg().await?;
            let root = repo::ledger::root(db, alg, size).await?;
            let cp = Checkpoint::new(signing.origin.clone(), size, *root.as_bytes(), alg);
            let note = cp
                .sign(&signing.signers)
                .map_err(|e| AppError::Internal(format!("signing a checkpoint: {e}")))?;
            (cp, note)
        };
        let note = match &signing.cosigner {
            Some(c) => c.cosign(self, &note, cp.size).await.map_err(|e| {
                AppError::Internal(format!("checkpoint {} not published: {e}", cp.size))
            })?,
            None => note,
        };
        let db = self.store().db();
        let stored = {
            let _one_sequencer = self.ledger.lock.lock().await;
            let root = sanxiang_ledger::hash::Hash(cp.root);
            repo::ledger::insert_checkpoint(db, cp.size, &root, note, self.now()).await?
        };
        if let Some(t) = &signing.timestamper {
            // A TSA that is down does not stop publication; the next checkpoint is stamped.
            match t.stamp(cp.to_text().as_bytes()).await {
                Ok(s) => {
                    repo::ledger::insert_timestamp(db, cp.size, s.token, s.gen_time, s.tsa).await?
                }
                Err(e) => tracing::warn!(size = cp.size, error = %e, "checkpoint not stamped"),
            }
        }
        Ok(Some(stored))
    }

    /// LOG-4: the checkpoint of exactly `size` entries with its timestamp token, if stamped.
    pub async fn ledger_checkpoint_timestamp(
        &self,
        size: u64,
    ) -> Result<
        Option<(
            ledger_checkpoint::Model,
            sanxiang_store::entity::ledger_timestamp::Model,
        )>,
        AppError,
    > {
        let db = self.store().db();
        let Some(cp) = repo::ledger::checkpoint(db, size).await? else {
            return Ok(None);
        };
        Ok(repo::ledger::timestamp(db, size).await?.map(|t| (cp, t)))
    }

    /// The consistency proof hashes from the tree of `from` entries to the tree of `to`
    /// (for witnesses).
    pub async fn ledger_consistency_hashes(
        &self,
        from: u64,
        to: u64,
    ) -> Result<Vec<sanxiang_ledger::hash::Hash>, AppError> {
        let alg = self.ledger_alg().await?;
        if from == 0 || from == to {
            return Ok(Vec::new());
        }
        repo::ledger::consistency_proof(self.store().db(), alg, from, to)
            .await
            .map_err(super::proof_error)
    }
}
