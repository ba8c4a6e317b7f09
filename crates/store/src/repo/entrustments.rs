//! Entrustments (R1 委托书), visible when either party is in scope.

use sanxiang_core::auth::Scope;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::StoreError;
use crate::entity::entrustment;
use crate::scope;

pub async fn for_agency(
    db: &impl ConnectionTrait,
    scope: &Scope,
    agency_id: i64,
) -> Result<Vec<entrustment::Model>, StoreError> {
    let in_scope = Condition::any()
        .add(scope::on_agency_column(
            scope,
            entrustment::Column::EntrustingId,
        ))
        .add(scope::on_agency_column(
            scope,
            entrustment::Column::EntrustedId,
        ));
    Ok(entrustment::Entity::find()
        .filter(in_scope)
        .filter(
            Condition::any()
                .add(entrustment::Column::EntrustingId.eq(agency_id))
                .add(entrustment::Column::EntrustedId.eq(agency_id)),
        )
        .order_by_desc(entrustment::Column::ValidFrom)
        .all(db)
        .await?)
}

pub async fn insert(
    db: &impl ConnectionTrait,
    am: entrustment::ActiveModel,
) -> Result<entrustment::Model, StoreError> {
    Ok(am.insert(db).await?)
}
