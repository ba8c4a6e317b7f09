//! Evidence rows and uploads in progress (CASE-4). Scope is applied through the case.

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::StoreError;
use crate::entity::{evidence, evidence_upload};

pub async fn insert_upload(
    db: &impl ConnectionTrait,
    m: evidence_upload::Model,
) -> Result<(), StoreError> {
    evidence_upload::Entity::insert(evidence_upload::ActiveModel {
        upload_id: Set(m.upload_id),
        case_id: Set(m.case_id),
        created_by: Set(m.created_by),
        created_at: Set(m.created_at),
    })
    .exec(db)
    .await?;
    Ok(())
}

pub async fn upload(
    db: &impl ConnectionTrait,
    upload_id: &str,
) -> Result<evidence_upload::Model, StoreError> {
    evidence_upload::Entity::find_by_id(upload_id.to_owned())
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

/// A file linked to a case: newly, or the row of an earlier link of the same file.
#[derive(Debug, Clone)]
pub enum Linked {
    New(evidence::Model),
    Existing(evidence::Model),
}

impl Linked {
    pub fn row(self) -> evidence::Model {
        match self {
            Linked::New(m) | Linked::Existing(m) => m,
        }
    }
}

/// Links a stored blob to a case; a second link of the same file to the same case returns the
/// existing row, marked as such (the caller writes no second audit entry for it).
pub async fn insert(db: &impl ConnectionTrait, m: evidence::Model) -> Result<Linked, StoreError> {
    if let Some(existing) = by_sm3(db, m.case_id, &m.sm3).await? {
        return Ok(Linked::Existing(existing));
    }
    let am = evidence::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        case_id: Set(m.case_id),
        sm3: Set(m.sm3.clone()),
        sha256: Set(m.sha256.clone()),
        chunk_root: Set(m.chunk_root.clone()),
        size: Set(m.size),
        kind: Set(m.kind.clone()),
        content_type: Set(m.content_type.clone()),
        file_name: Set(m.file_name.clone()),
        device_serial: Set(m.device_serial.clone()),
        capture_start: Set(m.capture_start),
        capture_end: Set(m.capture_end),
        uploaded_by: Set(m.uploaded_by),
        created_at: Set(m.created_at),
    };
    let id = evidence::Entity::insert(am).exec(db).await?.last_insert_id;
    Ok(Linked::New(evidence::Model { id, ..m }))
}

pub async fn by_sm3(
    db: &impl ConnectionTrait,
    case_id: i64,
    sm3: &str,
) -> Result<Option<evidence::Model>, StoreError> {
    Ok(evidence::Entity::find()
        .filter(evidence::Column::CaseId.eq(case_id))
        .filter(evidence::Column::Sm3.eq(sm3))
        .one(db)
        .await?)
}

pub async fn for_case(
    db: &impl ConnectionTrait,
    case_id: i64,
) -> Result<Vec<evidence::Model>, StoreError> {
    Ok(evidence::Entity::find()
        .filter(evidence::Column::CaseId.eq(case_id))
        .order_by_asc(evidence::Column::Id)
        .all(db)
        .await?)
}
