//! Evidence and 音像记录 (CASE-4): resumable uploads into a case, the files of a case, and reads
//! that are logged (CASE-6). The bytes live in the evidence store; its file I/O runs on the
//! blocking pool.

use std::sync::Arc;

use sanxiang_core::auth::Permission;
use sanxiang_core::rule::Violation;
use sanxiang_evidence::{Completion, EvidenceError, EvidenceStore, Hash, Metadata, UploadId};

/// A buffer to receive a part into (see `sanxiang_evidence::direct`): parts received aligned
/// are written past the page cache without another copy.
pub use sanxiang_evidence::direct::aligned_buffer as part_buffer;
use sanxiang_store::entity::{cases, evidence, evidence_upload};
use sanxiang_store::repo;
use serde::Deserialize;

use crate::{Actor, App, AppError};

/// A new upload: the file's size, optionally its digests (checked at completion), and what the
/// device says about it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewUpload {
    pub size: u64,
    /// SHA-256 of the file, hex.
    pub sha256: Option<String>,
    /// SM3 of the file, hex.
    pub sm3: Option<String>,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub metadata: Metadata,
}

fn invalid(field: &str, message: impl Into<String>) -> AppError {
    AppError::invalid(Violation::hard("CASE-4", Some(field), message))
}

fn evidence_error(e: EvidenceError) -> AppError {
    match e {
        EvidenceError::UnknownUpload(_) | EvidenceError::UnknownBlob(_) => AppError::NotFound,
        EvidenceError::Io { .. } | EvidenceError::StoreBusy(_) => {
            AppError::Internal(format!("evidence store: {e}"))
        }
        other => invalid("upload", format!("上传无效：{other}")),
    }
}

fn hex_hash(field: &str, s: &Option<String>) -> Result<Option<Hash>, AppError> {
    s.as_deref()
        .map(|h| Hash::from_hex(h.trim()).map_err(|_| invalid(field, "应为64位十六进制哈希值")))
        .transpose()
}

fn ms_to_time(ms: Option<i64>) -> Option<chrono::DateTime<chrono::Utc>> {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
}

impl App {
    pub(crate) fn evidence_store(&self) -> Result<Arc<EvidenceStore>, AppError> {
        self.evidence
            .clone()
            .ok_or_else(|| AppError::Internal("no evidence store configured".into()))
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(Arc<EvidenceStore>) -> Result<T, EvidenceError> + Send + 'static,
    ) -> Result<T, AppError> {
        let store = self.evidence_store()?;
        tokio::task::spawn_blocking(move || f(store))
            .await
            .map_err(|e| AppError::Internal(format!("evidence task: {e}")))?
            .map_err(evidence_error)
    }

    async fn case_in_scope(&self, actor: &Actor, case_id: i64) -> Result<cases::Model, AppError> {
        self.readable_case(actor, case_id).await
    }

    /// Starts an upload into a case; returns its status (id, chunk size, nothing received).
    pub async fn evidence_create(
        &self,
        actor: &Actor,
        case_id: i64,
        new: NewUpload,
    ) -> Result<sanxiang_evidence::UploadStatus, AppError> {
        actor.require(Permission::RecordActs)?;
        let case = self.case_in_scope(actor, case_id).await?;
        if case.closed {
            return Err(invalid("case", "案件已结案，不能再上传证据"));
        }
        let (sha256, sm3) = (hex_hash("sha256", &new.sha256)?, hex_hash("sm3", &new.sm3)?);
        let size = new.size;
        let metadata = new.metadata;
        let id = self
            .blocking(move |s| s.create(size, sha256, sm3, metadata))
            .await?;
        repo::evidence::insert_upload(
            self.store().db(),
            evidence_upload::Model {
                upload_id: id.as_str().to_owned(),
                case_id,
                created_by: (actor.user_id > 0).then_some(actor.user_id),
                created_at: self.now(),
            },
        )
        .await?;
        self.blocking(move |s| s.status(&id)).await
    }

    /// The upload, if it belongs to a case the actor may record in.
    async fn upload_in_scope(
        &self,
        actor: &Actor,
        upload_id: &str,
    ) -> Result<(UploadId, i64), AppError> {
        actor.require(Permission::RecordActs)?;
        let id = UploadId::parse(upload_id).map_err(|_| AppError::NotFound)?;
        let row = repo::evidence::upload(self.store().db(), id.as_str()).await?;
        self.case_in_scope(actor, row.case_id).await?;
        Ok((id, row.case_id))
    }

    /// Stores one part at `offset` (aligned to 4 MiB except the last); retry-safe. The part is
    /// taken as the request holds it (no copy: memory stays at the parts in flight).
    pub async fn evidence_put(
        &self,
        actor: &Actor,
        upload_id: &str,
        offset: u64,
        bytes: impl AsRef<[u8]> + Send + 'static,
    ) -> Result<sanxiang_evidence::UploadStatus, AppError> {
        let (id, _) = self.upload_in_scope(actor, upload_id).await?;
        self.blocking(move |s| {
            s.put_part(&id, offset, bytes.as_ref())?;
            s.status(&id)
        })
        .await
    }

    /// What has been received, so that a client resumes after a dropped connection.
    pub async fn evidence_status(
        &self,
        actor: &Actor,
        upload_id: &str,
    ) -> Result<sanxiang_evidence::UploadStatus, AppError> {
        let (id, _) = self.upload_in_scope(actor, upload_id).await?;
        self.blocking(move |s| s.status(&id)).await
    }

    /// Completes an upload: the file becomes evidence of the case, or — when its bytes disagree
    /// with the declared digests — is quarantined for inspection and never attached (422).
    /// Idempotent: completing again (or concurrently) returns the first result and writes no
    /// second audit entry.
    pub async fn evidence_complete(
        &self,
        actor: &Actor,
        upload_id: &str,
    ) -> Result<evidence::Model, AppError> {
        let (id, case_id) = self.upload_in_scope(actor, upload_id).await?;
        let record = match self.blocking(move |s| s.complete(&id)).await? {
            Completion::Stored { record, .. } => record,
            Completion::Quarantined(q) => {
                tracing::warn!(upload = %upload_id, reason = ?q.reason, "evidence quarantined");
                return Err(invalid(
                    "upload",
                    "文件内容与声明的哈希值不一致，已隔离待查，未附入案件",
                ));
            }
        };
        let sm3 = record.digests.sm3.to_hex();
        let db = self.store().db();
        let content_type = record
            .metadata
            .content_type
            .clone()
            .unwrap_or_else(|| "application/octet-stream".into());
        // CASE-4, A3: the kind comes from the bytes (only real audio or video is a 音像记录),
        // never from the declared type.
        let kind = sanxiang_core::media::kind(
            &self
                .read_head(record.digests.sm3, record.digests.size)
                .await?,
        );
        let size = i64::try_from(record.digests.size)
            .map_err(|_| AppError::Internal("evidence size beyond i64".into()))?;
        // One transaction: the row and its audit entry, or the row an earlier (or concurrent)
        // completion wrote and no second entry. SQLite serialises it (`BEGIN IMMEDIATE`); on
        // PostgreSQL the unique (case, SM3) key refuses the second insert, handled below.
        let attach = async {
            let txn = self.store().begin_write().await?;
            let linked = repo::evidence::insert(
                &txn,
                evidence::Model {
                    id: 0,
                    case_id,
                    sm3: sm3.clone(),
                    sha256: record.digests.sha256.to_hex(),
                    chunk_root: record.digests.chunk_root.to_hex(),
                    size,
                    kind: kind.code().to_owned(),
                    content_type,
                    file_name: record.metadata.file_name.clone().unwrap_or_default(),
                    device_serial: record.metadata.device_serial.clone(),
                    capture_start: ms_to_time(record.metadata.capture_start_ms),
                    capture_end: ms_to_time(record.metadata.capture_end_ms),
                    uploaded_by: (actor.user_id > 0).then_some(actor.user_id),
                    created_at: self.now(),
                },
            )
            .await?;
            let row = match linked {
                repo::evidence::Linked::New(row) => row,
                repo::evidence::Linked::Existing(row) => return Ok(row),
            };
            let mut audit = actor.audit("evidence.attach", "case", Some(case_id));
            audit.after =
                Some(serde_json::json!({"sm3": row.sm3, "size": row.size, "kind": row.kind}));
            repo::audit::append(&txn, audit, self.now()).await?;
            txn.commit()
                .await
                .map_err(sanxiang_store::StoreError::from)?;
            Ok::<_, AppError>(row)
        };
        match attach.await {
            Ok(row) => Ok(row),
            // Another upload of the same file into the same case won the race: theirs stands.
            Err(e) => match repo::evidence::by_sm3(db, case_id, &sm3).await? {
                Some(existing) => Ok(existing),
                None => Err(e),
            },
        }
    }

    /// The evidence of a case (CASE-6: the read is logged with the case's).
    pub async fn evidence_list(
        &self,
        actor: &Actor,
        case_id: i64,
    ) -> Result<Vec<evidence::Model>, AppError> {
        actor.require(Permission::ReadCases)?;
        self.case_in_scope(actor, case_id).await?;
        Ok(repo::evidence::for_case(self.store().db(), case_id).await?)
    }

    /// One file of a case, if the actor may read the case.
    pub async fn evidence_file(
        &self,
        actor: &Actor,
        case_id: i64,
        sm3: &str,
    ) -> Result<evidence::Model, AppError> {
        actor.require(Permission::ReadCases)?;
        self.case_in_scope(actor, case_id).await?;
        repo::evidence::by_sm3(self.store().db(), case_id, sm3)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// The media type under which the file may be shown inline, sniffed from its first bytes
    /// (`core::media::inline_type`); `None`: it is served as a download only (SEC-2).
    pub async fn evidence_inline_type(
        &self,
        row: &evidence::Model,
    ) -> Result<Option<&'static str>, AppError> {
        let hash = Hash::from_hex(&row.sm3).map_err(|e| AppError::Internal(e.to_string()))?;
        let size = u64::try_from(row.size)
            .map_err(|_| AppError::Internal(format!("evidence {}: negative size", row.sm3)))?;
        Ok(sanxiang_core::media::inline_type(
            &self.read_head(hash, size).await?,
        ))
    }

    /// The first bytes of a stored file (at most `core::media::HEAD_LEN`), to tell what it is.
    async fn read_head(&self, hash: Hash, size: u64) -> Result<Vec<u8>, AppError> {
        use sanxiang_core::media::HEAD_LEN;
        let end = size.min(HEAD_LEN as u64);
        self.blocking(move |s| {
            use std::io::Read as _;
            let mut head = Vec::with_capacity(HEAD_LEN);
            s.read_range(&hash, 0, end)?
                .read_to_end(&mut head)
                .map_err(|e| EvidenceError::Io {
                    context: "reading the head of evidence".into(),
                    source: e,
                })?;
            Ok(head)
        })
        .await
    }

    /// Bytes `[start, end)` of a file obtained from [`App::evidence_file`] (the whole file
    /// without a range), for download and playback with HTTP range requests. Every read is
    /// logged (CASE-6).
    pub async fn evidence_read(
        &self,
        actor: &Actor,
        row: &evidence::Model,
        range: Option<(u64, u64)>,
    ) -> Result<Vec<u8>, AppError> {
        let db = self.store().db();
        let hash = Hash::from_hex(&row.sm3).map_err(|e| AppError::Internal(e.to_string()))?;
        let size = u64::try_from(row.size).unwrap_or_default();
        let (start, end) = range.unwrap_or((0, size));
        if start > end || end > size || end - start > 64 << 20 {
            return Err(invalid(
                "range",
                format!("范围无效：文件共{size}字节，每次最多读取64 MiB"),
            ));
        }
        let bytes = self
            .blocking(move |s| {
                use std::io::Read as _;
                let mut r = s.read_range(&hash, start, end)?;
                let mut out = Vec::with_capacity(usize::try_from(end - start).unwrap_or_default());
                r.read_to_end(&mut out).map_err(|e| EvidenceError::Io {
                    context: "reading a range of evidence".into(),
                    source: e,
                })?;
                Ok(out)
            })
            .await?;
        let mut audit = actor.audit("evidence.read", "case", Some(row.case_id));
        audit.after = Some(serde_json::json!({"sm3": row.sm3, "start": start, "end": end}));
        repo::audit::append(db, audit, self.now()).await?;
        Ok(bytes)
    }
}
