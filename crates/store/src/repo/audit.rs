//! The audit log: appended, never updated. Readable only with `Permission::ReadAuditLog`.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::{Page, PageRequest};
use crate::StoreError;
use crate::entity::audit_log;

/// One entry to append. `before`/`after` are JSON with personal fields already masked.
#[derive(Debug, Clone, Default)]
pub struct AuditEntry {
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub actor_role: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub denied: bool,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub async fn append(
    db: &impl ConnectionTrait,
    e: AuditEntry,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    audit_log::ActiveModel {
        at: Set(at),
        actor_id: Set(e.actor_id),
        actor_name: Set(e.actor_name),
        actor_role: Set(e.actor_role),
        action: Set(e.action),
        entity: Set(e.entity),
        entity_id: Set(e.entity_id),
        outcome: Set(if e.denied { "denied" } else { "ok" }.to_owned()),
        before: Set(e.before.map(|v| v.to_string())),
        after: Set(e.after.map(|v| v.to_string())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<i64>,
    pub actor_id: Option<i64>,
}

pub async fn list(
    db: &impl ConnectionTrait,
    filter: &AuditFilter,
    page: PageRequest,
) -> Result<Page<audit_log::Model>, StoreError> {
    let mut cond = Condition::all();
    if let Some(a) = filter.action.as_deref().filter(|s| !s.is_empty()) {
        cond = cond.add(audit_log::Column::Action.eq(a));
    }
    if let Some(e) = filter.entity.as_deref().filter(|s| !s.is_empty()) {
        cond = cond.add(audit_log::Column::Entity.eq(e));
    }
    if let Some(id) = filter.entity_id {
        cond = cond.add(audit_log::Column::EntityId.eq(id));
    }
    if let Some(id) = filter.actor_id {
        cond = cond.add(audit_log::Column::ActorId.eq(id));
    }
    let q = audit_log::Entity::find().filter(cond);
    let total = q.clone().count(db).await?;
    let items = q
        .order_by_desc(audit_log::Column::Id)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    Ok(Page {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}
