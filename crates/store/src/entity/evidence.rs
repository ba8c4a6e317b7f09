//! Table `evidence` (GLOSSARY `Evidence`). CASE-4: a file attached to a case; its bytes are the
//! evidence store's blob named by `sm3`.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "evidence")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub case_id: i64,
    /// SM3 of the file, hex (the blob's name).
    pub sm3: String,
    pub sha256: String,
    /// Root of the file's 4 MiB SM3 chunk tree, hex.
    pub chunk_root: String,
    pub size: i64,
    /// `photo`, `video`, `audio` or `document`.
    pub kind: String,
    pub content_type: String,
    pub file_name: String,
    /// Serial of the recorder (执法记录仪) or phone.
    pub device_serial: Option<String>,
    pub capture_start: Option<DateTimeUtc>,
    pub capture_end: Option<DateTimeUtc>,
    pub uploaded_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
