//! Use-case errors. Rule and validation failures carry the violated rules (422); anything
//! unexpected is `Internal`, whose detail goes to the log, never to the user.

use sanxiang_core::rule::Violation;
use sanxiang_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("validation failed: {0:?}")]
    Invalid(Vec<Violation>),
    #[error("authentication required")]
    Unauthenticated,
    #[error("wrong username or password")]
    BadCredentials,
    #[error("account locked")]
    Locked,
    /// SEC-2: too many wrong passwords for this name from this address (or for this name from
    /// everywhere); try again after the given seconds.
    #[error("sign-in throttled for {retry_after_secs} s")]
    Throttled { retry_after_secs: u64 },
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict on {field}")]
    Conflict { field: String, message: String },
    #[error("import rejected: {} problems", .0.len())]
    ImportRejected(Vec<crate::spreadsheet::ImportProblem>),
    /// A service the request needs is not available on this server (e.g. no CJK font to
    /// render documents); the message is Chinese, for the user, and says what to fix.
    #[error("unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn invalid(v: Violation) -> AppError {
        AppError::Invalid(vec![v])
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::OutOfScope => AppError::Forbidden,
            StoreError::Duplicate { field } => AppError::Conflict {
                field: field.to_owned(),
                message: match field {
                    "certificate_no" => "执法证号已存在，不能重复登记".to_owned(),
                    "username" => "用户名已存在".to_owned(),
                    "name" => "名称已存在".to_owned(),
                    "status" => "该清单版本已发布，不能再修改；请另建新版本".to_owned(),
                    "version_no" => "版本号冲突，请重试".to_owned(),
                    "act_count" => "案件刚被他人记录了新的行为，请刷新后重试".to_owned(),
                    other => format!("{other}已存在"),
                },
            },
            StoreError::Db(e) => AppError::Internal(e.to_string()),
            StoreError::Corrupt(e) => AppError::Internal(e),
        }
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        AppError::Internal(e.to_string())
    }
}
