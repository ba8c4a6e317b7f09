//! The global log (LOG-1, LOG-3): appending entries and serving proofs. One sequencer per
//! process appends; every append integrates its leaves into the tree in the same transaction.

use sanxiang_core::rule::Violation;
use sanxiang_ledger::entry::Entry;
use sanxiang_ledger::hash::{Hash, HashAlg};
use sanxiang_ledger::stored::StoredError;
use sanxiang_store::repo;
use std::sync::Arc;

mod publish;
mod sequencer;
pub use publish::{Cosigner, Stamp, Timestamper};
pub use sequencer::{BoxFuture, Sequencer};

use serde::Serialize;

use crate::{App, AppError};

/// An inclusion proof as served (LOG-3).
#[derive(Debug, Clone, Serialize)]
pub struct InclusionProof {
    pub hash: &'static str,
    pub index: u64,
    pub size: u64,
    pub leaf_hash: String,
    pub root: String,
    pub proof: Vec<String>,
}

/// A consistency proof as served (LOG-3).
#[derive(Debug, Clone, Serialize)]
pub struct ConsistencyProof {
    pub hash: &'static str,
    pub from: u64,
    pub to: u64,
    pub from_root: String,
    pub to_root: String,
    pub proof: Vec<String>,
}

fn hex_all(v: &[Hash]) -> Vec<String> {
    v.iter().map(Hash::to_hex).collect()
}

fn bad_request(field: &str, message: impl Into<String>) -> AppError {
    AppError::invalid(Violation::hard("LOG-3", Some(field), message))
}

fn proof_error(e: StoredError) -> AppError {
    match e {
        StoredError::Proof(p) => bad_request("index", format!("无法生成证明：{p}")),
        other => AppError::Internal(format!("ledger: {other}")),
    }
}

impl App {
    /// The hash algorithm of the log: its own once it has entries, else the configured one.
    pub async fn ledger_hash_alg(&self) -> Result<HashAlg, AppError> {
        self.ledger_alg().await
    }

    pub(crate) async fn ledger_alg(&self) -> Result<HashAlg, AppError> {
        // Fixed by the log's first append, so it is read from the database only until then.
        if let Some(a) = self.ledger.stored_alg.get() {
            return Ok(*a);
        }
        match repo::ledger::hash_alg(self.store().db()).await? {
            Some(a) => Ok(*self.ledger.stored_alg.get_or_init(|| a)),
            None => Ok(self.ledger.alg),
        }
    }

    /// Appends entries to the log; returns the index of the first. Durable and integrated into
    /// the tree when this returns.
    pub async fn ledger_append(&self, entries: &[Entry]) -> Result<u64, AppError> {
        let encoded = entries
            .iter()
            .map(sequencer::encode)
            .collect::<Result<Vec<_>, _>>()?;
        self.submit_entries(encoded).await
    }

    /// The number of entries in the log.
    pub async fn ledger_size(&self) -> Result<u64, AppError> {
        Ok(repo::ledger::size(self.store().db()).await?)
    }

    async fn check_size(&self, field: &str, size: u64) -> Result<HashAlg, AppError> {
        let current = self.ledger_size().await?;
        if size > current {
            return Err(bad_request(
                field,
                format!("树大小{size}超过当前日志大小{current}"),
            ));
        }
        self.ledger_alg().await
    }

    /// LOG-3: the inclusion proof of entry `index` in the tree of `size` entries.
    pub async fn ledger_inclusion(
        &self,
        index: u64,
        size: u64,
    ) -> Result<InclusionProof, AppError> {
        let alg = self.check_size("size", size).await?;
        if index >= size {
            return Err(bad_request(
                "index",
                format!("序号{index}应小于树大小{size}"),
            ));
        }
        let (leaf, proof, root) =
            repo::ledger::inclusion_bundle(self.store().db(), alg, index, size)
                .await
                .map_err(proof_error)?;
        Ok(InclusionProof {
            hash: alg.name(),
            index,
            size,
            leaf_hash: leaf.to_hex(),
            root: root.to_hex(),
            proof: hex_all(&proof),
        })
    }

    /// LOG-3: the consistency proof from the tree of `from` entries to the tree of `to`.
    pub async fn ledger_consistency(
        &self,
        from: u64,
        to: u64,
    ) -> Result<ConsistencyProof, AppError> {
        let alg = self.check_size("to", to).await?;
        if from == 0 || from > to {
            return Err(bad_request("from", format!("起始大小应在1到{to}之间")));
        }
        let db = self.store().db();
        let proof = repo::ledger::consistency_proof(db, alg, from, to)
            .await
            .map_err(proof_error)?;
        Ok(ConsistencyProof {
            hash: alg.name(),
            from,
            to,
            from_root: repo::ledger::root(db, alg, from).await?.to_hex(),
            to_root: repo::ledger::root(db, alg, to).await?.to_hex(),
            proof: hex_all(&proof),
        })
    }
}

/// Who signs checkpoints: the log's origin line and its keys (SM2, optionally Ed25519), the
/// witnesses that must cosign before a checkpoint is published, and the time-stamping authority.
pub struct LedgerSigning {
    pub origin: String,
    pub signers: Vec<sanxiang_ledger::note::Signer>,
    pub cosigner: Option<Arc<dyn Cosigner>>,
    pub timestamper: Option<Arc<dyn Timestamper>>,
}

impl App {
    /// The latest signed checkpoint as a C2SP signed note.
    pub async fn ledger_latest_checkpoint(&self) -> Result<Option<String>, AppError> {
        Ok(repo::ledger::latest_checkpoint(self.store().db())
            .await?
            .map(|c| c.note))
    }
}

impl App {
    /// LOG-1: re-derives the whole tree from the stored entries and reports the first mismatch;
    /// every stored checkpoint's root must be the re-derived one, and — when the signing keys
    /// are configured — its note must carry a valid signature by them over that size and root.
    pub async fn ledger_fsck(&self) -> Result<repo::ledger::FsckReport, AppError> {
        let alg = self.ledger_alg().await?;
        let mut report = repo::ledger::fsck(self.store().db(), alg).await?;
        if report.first_problem.is_none() {
            report.first_problem = self.check_checkpoint_notes().await?;
        }
        Ok(report)
    }

    async fn check_checkpoint_notes(&self) -> Result<Option<String>, AppError> {
        use sanxiang_ledger::checkpoint::SignedCheckpoint;
        let Some(signing) = self.ledger.signing.clone() else {
            return Ok(None);
        };
        let verifiers: Vec<_> = signing.signers.iter().map(|s| s.verifier()).collect();
        let mut after = 0;
        loop {
            let page = repo::ledger::checkpoints_after(self.store().db(), after, 1000).await?;
            let Some(last) = page.last() else {
                return Ok(None);
            };
            after = u64::try_from(last.size).unwrap_or(u64::MAX);
            for c in page {
                for v in &verifiers {
                    let opened = SignedCheckpoint::open(c.note.as_bytes(), v, &[]);
                    let fits = opened.as_ref().is_ok_and(|o| {
                        i64::try_from(o.checkpoint.size).ok() == Some(c.size)
                            && o.checkpoint.root.as_slice() == c.root.as_slice()
                    });
                    if !fits {
                        return Ok(Some(format!(
                            "checkpoint {}: its note is not signed by {} over this size and root",
                            c.size,
                            v.name()
                        )));
                    }
                }
            }
        }
    }
}

impl App {
    /// C2SP tlog-tiles: the bytes of a hash tile (concatenated 32-byte hashes of the nodes at tree
    /// level 8·L) or an entry bundle (each entry as a 2-byte big-endian length and its bytes).
    /// `None` for a malformed path or a tile the tree does not have (yet).
    pub async fn ledger_tile(&self, path: &str) -> Result<Option<Vec<u8>>, AppError> {
        use sanxiang_ledger::tiles::{TILE_HEIGHT, TileKind, parse_tile_path};
        let Ok(tile) = parse_tile_path(path) else {
            return Ok(None);
        };
        let width = u64::from(tile.width);
        let lo = tile.index.saturating_mul(256);
        let db = self.store().db();
        match tile.kind {
            TileKind::Hashes { level } => {
                let Some(node_level) = u32::from(level)
                    .checked_mul(TILE_HEIGHT)
                    .filter(|l| *l < 64)
                    .and_then(|l| u8::try_from(l).ok())
                else {
                    return Ok(None);
                };
                let hashes = repo::ledger::node_row(db, node_level, lo, width).await?;
                if hashes.len() as u64 != width {
                    return Ok(None);
                }
                Ok(Some(
                    hashes.iter().flat_map(|h| h.as_bytes().to_vec()).collect(),
                ))
            }
            TileKind::Entries => {
                let entries = repo::ledger::entry_range(db, lo, width).await?;
                if entries.len() as u64 != width {
                    return Ok(None);
                }
                let mut out = Vec::new();
                for e in entries {
                    let len = u16::try_from(e.len())
                        .map_err(|_| AppError::Internal("entry longer than 65535 bytes".into()))?;
                    out.extend_from_slice(&len.to_be_bytes());
                    out.extend_from_slice(&e);
                }
                Ok(Some(out))
            }
        }
    }
}

impl App {
    /// LOG-3: a C2SP tlog-proof file for entry `index` against the latest signed checkpoint
    /// (its cosignatures included), with the entry's bytes as extra data. `NotFound` when the
    /// entry is not yet covered by a checkpoint (one follows within a second while the server runs).
    pub async fn ledger_tlog_proof(
        &self,
        index: u64,
    ) -> Result<sanxiang_ledger::tlog_proof::TlogProof, AppError> {
        let db = self.store().db();
        let Some(cp) = repo::ledger::latest_checkpoint(db).await? else {
            return Err(AppError::NotFound);
        };
        let size = u64::try_from(cp.size).map_err(|e| AppError::Internal(e.to_string()))?;
        if index >= size {
            return Err(AppError::NotFound);
        }
        let alg = self.ledger_alg().await?;
        let proof = repo::ledger::inclusion_proof(db, alg, index, size)
            .await
            .map_err(proof_error)?;
        let leaf = repo::ledger::leaf(db, index).await?;
        Ok(sanxiang_ledger::tlog_proof::TlogProof {
            extra: Some(leaf.entry),
            index,
            proof,
            checkpoint: cp.note,
        })
    }
}

/// What the log holds for one case, ready to be packaged (LOG-4, CASE-7): the case's entries in
/// case order with inclusion proofs against the latest checkpoint, that checkpoint, its
/// timestamp token if it was stamped, and the log's verifier keys.
pub struct CasePackageParts {
    pub entries: Vec<sanxiang_ledger::package::PackageEntry>,
    pub checkpoint_note: String,
    pub timestamps: Vec<Vec<u8>>,
    pub log_keys: Vec<sanxiang_ledger::note::Verifier>,
    pub witness_keys: Vec<String>,
    pub witness_quorum: u64,
    pub tsa_certs: Vec<Vec<u8>>,
}

impl CasePackageParts {
    /// The package's specification (everything but the files' bytes).
    pub fn into_spec(self) -> sanxiang_ledger::package::PackageSpec {
        sanxiang_ledger::package::PackageSpec {
            entries: self.entries,
            checkpoint_note: self.checkpoint_note,
            log_keys: self.log_keys,
            witness_keys: self.witness_keys,
            witness_quorum: self.witness_quorum,
            tsa_certs: self.tsa_certs,
            timestamps: self.timestamps,
        }
    }
}

impl App {
    /// The parts of the archive package of `case_id`, scanning the log for its entries (for
    /// logs without a case index, e.g. synthetic ones); `NotFound` when the case has no entry
    /// covered by the latest checkpoint.
    pub async fn ledger_case_package(&self, case_id: &str) -> Result<CasePackageParts, AppError> {
        const CHUNK: u64 = 10_000;
        let db = self.store().db();
        let size = self.checkpointed_size().await?;
        let mut found: Vec<(u64, u64, Vec<u8>)> = Vec::new();
        let mut lo = 0;
        while lo < size {
            let rows = repo::ledger::entry_range(db, lo, CHUNK.min(size - lo)).await?;
            for (k, bytes) in rows.into_iter().enumerate() {
                if let Ok(e) = Entry::decode(&bytes)
                    && e.case_id == case_id
                {
                    found.push((e.seq, lo + k as u64, bytes));
                }
            }
            lo += CHUNK;
        }
        self.package_parts(found, size).await
    }

    /// The parts of a package holding the entries at `indices` (in case order); `Conflict`
    /// when the latest checkpoint does not cover them all yet.
    pub async fn ledger_package_of(&self, indices: &[u64]) -> Result<CasePackageParts, AppError> {
        let size = self.checkpointed_size().await?;
        if indices.iter().any(|i| *i >= size) {
            return Err(AppError::Conflict {
                field: "checkpoint".into(),
                message: "最新的记录尚未签入检查点，请稍候几秒再导出".into(),
            });
        }
        let db = self.store().db();
        let mut found = Vec::with_capacity(indices.len());
        for (k, i) in indices.iter().enumerate() {
            found.push((k as u64, *i, repo::ledger::leaf(db, *i).await?.entry));
        }
        self.package_parts(found, size).await
    }

    async fn checkpointed_size(&self) -> Result<u64, AppError> {
        let cp = repo::ledger::latest_checkpoint(self.store().db())
            .await?
            .ok_or(AppError::NotFound)?;
        u64::try_from(cp.size).map_err(|e| AppError::Internal(e.to_string()))
    }

    /// Proofs against the checkpoint of `size`, its note, its timestamp, and the keys.
    async fn package_parts(
        &self,
        mut found: Vec<(u64, u64, Vec<u8>)>,
        size: u64,
    ) -> Result<CasePackageParts, AppError> {
        let db = self.store().db();
        let alg = self.ledger_alg().await?;
        let cp = repo::ledger::checkpoint(db, size)
            .await?
            .ok_or(AppError::NotFound)?;
        if found.is_empty() {
            return Err(AppError::NotFound);
        }
        found.sort_by_key(|f| f.0);
        let mut entries = Vec::with_capacity(found.len());
        for (_, index, bytes) in found {
            let proof = repo::ledger::inclusion_proof(db, alg, index, size)
                .await
                .map_err(proof_error)?;
            entries.push(sanxiang_ledger::package::PackageEntry {
                index,
                bytes,
                proof,
            });
        }
        let timestamps = repo::ledger::timestamp(db, size)
            .await?
            .map(|t| vec![t.token])
            .unwrap_or_default();
        let signing = self.ledger.signing.clone();
        let log_keys = signing
            .as_ref()
            .map(|s| s.signers.iter().map(|k| k.verifier()).collect())
            .unwrap_or_default();
        let (witness_keys, witness_quorum) = signing
            .as_ref()
            .and_then(|s| s.cosigner.as_ref())
            .map(|c| c.witness_keys())
            .unwrap_or_default();
        let tsa_certs = signing
            .as_ref()
            .and_then(|s| s.timestamper.as_ref())
            .map(|t| t.trust_anchors_pem())
            .unwrap_or_default();
        Ok(CasePackageParts {
            entries,
            checkpoint_note: cp.note,
            timestamps,
            log_keys,
            witness_keys,
            witness_quorum,
            tsa_certs,
        })
    }
}
