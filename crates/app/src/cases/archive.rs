//! CASE-7: a case's archive package (`sanxiang-archive/v1`): its acts as logged, an inclusion
//! proof of each against the latest checkpoint, the checkpoint with its cosignatures and
//! timestamp, the keys, and every attached file — verifiable offline with `sanxiang ledger verify`.

use std::io::Write as _;

use sanxiang_core::auth::Permission;
use sanxiang_ledger::package::PackageWriter;
use sanxiang_store::entity::cases;
use sanxiang_store::repo;

use crate::{Actor, App, AppError};

impl App {
    /// Writes the package of a case to `out`. `Conflict` when its latest acts are not yet in a
    /// checkpoint (one follows within a second while the server runs).
    pub async fn case_archive(
        &self,
        actor: &Actor,
        case_id: i64,
        out: std::fs::File,
    ) -> Result<cases::Model, AppError> {
        actor.require(Permission::ReadCases)?;
        let db = self.store().db();
        let case = self.readable_case(actor, case_id).await?;
        let indices = repo::cases::acts(db, case_id)
            .await?
            .iter()
            .map(|a| u64::try_from(a.ledger_index).unwrap_or(u64::MAX))
            .collect::<Vec<_>>();
        let spec = self.ledger_package_of(&indices).await?.into_spec();
        let store = self.evidence_store().ok();
        tokio::task::spawn_blocking(move || -> Result<(), AppError> {
            let fail = |e: sanxiang_ledger::package::PackageError| {
                AppError::Internal(format!("archive package: {e}"))
            };
            let mut w = PackageWriter::new(std::io::BufWriter::new(out), &spec).map_err(fail)?;
            while let Some(f) = w.next_file().cloned() {
                let store = store
                    .as_ref()
                    .ok_or_else(|| AppError::Internal("no evidence store configured".into()))?;
                let reader = store
                    .open_blob(&f.sm3)
                    .map_err(|e| AppError::Internal(format!("evidence {}: {e}", f.sm3.to_hex())))?;
                w.add_file(&f.sm3, f.size, reader).map_err(fail)?;
            }
            w.finish()
                .map_err(fail)?
                .flush()
                .map_err(|e| AppError::Internal(format!("archive package: {e}")))
        })
        .await
        .map_err(|e| AppError::Internal(format!("archive task: {e}")))??;
        let mut audit = actor.audit("case.archive_export", "case", Some(case_id));
        audit.after = Some(serde_json::json!({"acts": indices.len()}));
        repo::audit::append(db, audit, self.now()).await?;
        Ok(case)
    }
}
