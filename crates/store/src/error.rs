use sea_orm::DbErr;

/// Errors of the store layer. `OutOfScope` means the record exists but the caller's data scope
/// does not cover it (the web layer answers 403 and audits it); `NotFound` means no such record.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("record not found")]
    NotFound,
    #[error("record outside the caller's data scope")]
    OutOfScope,
    #[error("unique value already used: {field}")]
    Duplicate { field: &'static str },
    #[error("stored value cannot be read: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Db(#[from] DbErr),
}

impl StoreError {
    /// Maps a unique-constraint failure to `Duplicate { field }`, anything else to `Db`.
    pub fn from_insert(err: DbErr, field: &'static str) -> StoreError {
        let text = err.to_string().to_lowercase();
        if text.contains("unique") || text.contains("duplicate key") {
            StoreError::Duplicate { field }
        } else {
            StoreError::Db(err)
        }
    }
}
