//! Users who sign in. Login-state updates are single statements so concurrent attempts count.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};

use crate::StoreError;
use crate::entity::app_user;

pub async fn by_username(
    db: &impl ConnectionTrait,
    username: &str,
) -> Result<Option<app_user::Model>, StoreError> {
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Username.eq(username))
        .one(db)
        .await?)
}

/// The enabled account linked to an officer (CASE-2: the one who confirms in their name).
pub async fn by_officer(
    db: &impl ConnectionTrait,
    officer_id: i64,
) -> Result<Option<app_user::Model>, StoreError> {
    Ok(app_user::Entity::find()
        .filter(app_user::Column::OfficerId.eq(officer_id))
        .filter(app_user::Column::Disabled.eq(false))
        .order_by_asc(app_user::Column::Id)
        .one(db)
        .await?)
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<app_user::Model, StoreError> {
    app_user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<app_user::Model>, StoreError> {
    Ok(app_user::Entity::find()
        .order_by_asc(app_user::Column::Id)
        .all(db)
        .await?)
}

/// The enabled users of an agency with a role (e.g. its 法制审核人员), by display name.
pub async fn of_agency_with_role(
    db: &impl ConnectionTrait,
    agency_id: i64,
    role: &str,
) -> Result<Vec<app_user::Model>, StoreError> {
    Ok(app_user::Entity::find()
        .filter(app_user::Column::AgencyId.eq(agency_id))
        .filter(app_user::Column::Role.eq(role))
        .filter(app_user::Column::Disabled.eq(false))
        .order_by_asc(app_user::Column::DisplayName)
        .all(db)
        .await?)
}

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, StoreError> {
    Ok(app_user::Entity::find().count(db).await?)
}

pub async fn insert(
    db: &impl ConnectionTrait,
    am: app_user::ActiveModel,
) -> Result<app_user::Model, StoreError> {
    am.insert(db)
        .await
        .map_err(|e| StoreError::from_insert(e, "username"))
}

pub async fn set_login_state(
    db: &impl ConnectionTrait,
    user: app_user::Model,
    failed_count: u32,
    locked_until: Option<DateTime<Utc>>,
    last_login_at: Option<DateTime<Utc>>,
) -> Result<app_user::Model, StoreError> {
    let mut am: app_user::ActiveModel = user.into();
    am.failed_count = Set(i32::try_from(failed_count).unwrap_or(i32::MAX));
    am.locked_until = Set(locked_until);
    if last_login_at.is_some() {
        am.last_login_at = Set(last_login_at);
    }
    Ok(am.update(db).await?)
}

pub async fn set_password_hash(
    db: &impl ConnectionTrait,
    user: app_user::Model,
    hash: String,
) -> Result<app_user::Model, StoreError> {
    let mut am: app_user::ActiveModel = user.into();
    am.password_hash = Set(hash);
    Ok(am.update(db).await?)
}

pub async fn set_disabled(
    db: &impl ConnectionTrait,
    user: app_user::Model,
    disabled: bool,
) -> Result<app_user::Model, StoreError> {
    let mut am: app_user::ActiveModel = user.into();
    am.disabled = Set(disabled);
    if !disabled {
        am.failed_count = Set(0);
        am.locked_until = Set(None);
    }
    Ok(am.update(db).await?)
}

pub async fn set_role(
    db: &impl ConnectionTrait,
    user: app_user::Model,
    role: &str,
) -> Result<app_user::Model, StoreError> {
    let mut am: app_user::ActiveModel = user.into();
    am.role = Set(role.to_owned());
    Ok(am.update(db).await?)
}

/// Links the user to an officer record (or unlinks it).
pub async fn set_officer(
    db: &impl ConnectionTrait,
    user: app_user::Model,
    officer_id: Option<i64>,
) -> Result<app_user::Model, StoreError> {
    let mut am: app_user::ActiveModel = user.into();
    am.officer_id = Set(officer_id);
    Ok(am.update(db).await?)
}
