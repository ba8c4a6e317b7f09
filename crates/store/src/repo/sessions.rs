//! Server-side sessions. The cookie holds a random token; the table holds only its hash.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

use crate::StoreError;
use crate::entity::session;

pub async fn create(
    db: &impl ConnectionTrait,
    id_hash: String,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    session::ActiveModel {
        id: Set(id_hash),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn get(
    db: &impl ConnectionTrait,
    id_hash: &str,
) -> Result<Option<session::Model>, StoreError> {
    Ok(session::Entity::find_by_id(id_hash.to_owned())
        .one(db)
        .await?)
}

pub async fn touch(
    db: &impl ConnectionTrait,
    id_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    session::Entity::update_many()
        .col_expr(
            session::Column::LastSeenAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(session::Column::Id.eq(id_hash))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete(db: &impl ConnectionTrait, id_hash: &str) -> Result<(), StoreError> {
    session::Entity::delete_by_id(id_hash.to_owned())
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete_for_user(db: &impl ConnectionTrait, user_id: i64) -> Result<(), StoreError> {
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes sessions idle since before `cutoff`.
pub async fn purge_idle(
    db: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let r = session::Entity::delete_many()
        .filter(session::Column::LastSeenAt.lt(cutoff))
        .exec(db)
        .await?;
    Ok(r.rows_affected)
}
