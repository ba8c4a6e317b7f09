//! The legal-adviser pool (REG-3): an agency's own advisers plus the shared pool.

use sanxiang_core::auth::Scope;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::StoreError;
use crate::entity::legal_adviser;
use crate::scope;

/// Advisers engaged by agencies in scope, and the shared pool (no agency).
pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
) -> Result<Vec<legal_adviser::Model>, StoreError> {
    Ok(legal_adviser::Entity::find()
        .filter(
            Condition::any()
                .add(legal_adviser::Column::AgencyId.is_null())
                .add(scope::on_agency_column(
                    scope,
                    legal_adviser::Column::AgencyId,
                )),
        )
        .order_by_asc(legal_adviser::Column::Pool)
        .order_by_asc(legal_adviser::Column::Id)
        .all(db)
        .await?)
}

pub async fn insert(
    db: &impl ConnectionTrait,
    am: legal_adviser::ActiveModel,
) -> Result<legal_adviser::Model, StoreError> {
    Ok(am.insert(db).await?)
}
