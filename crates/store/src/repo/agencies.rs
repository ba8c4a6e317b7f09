//! Agencies (REG-1).

use sanxiang_core::auth::Scope;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use super::{Page, PageRequest, contains_pattern};
use crate::StoreError;
use crate::entity::agency;
use crate::scope;

#[derive(Debug, Clone, Default)]
pub struct AgencyFilter {
    /// Substring of the name.
    pub q: Option<String>,
    pub nature: Option<String>,
    pub category: Option<String>,
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
    filter: &AgencyFilter,
    page: PageRequest,
) -> Result<Page<agency::Model>, StoreError> {
    let mut cond = scope::on_agency(scope);
    if let Some(q) = filter.q.as_deref().filter(|q| !q.is_empty()) {
        cond = cond.add(agency::Column::Name.like(contains_pattern(q)));
    }
    if let Some(n) = filter.nature.as_deref().filter(|n| !n.is_empty()) {
        cond = cond.add(agency::Column::Nature.eq(n));
    }
    if let Some(c) = filter.category.as_deref().filter(|c| !c.is_empty()) {
        cond = cond.add(agency::Column::Category.eq(c));
    }
    let query = agency::Entity::find().filter(cond);
    let total = query.clone().count(db).await?;
    let items = query
        .order_by_asc(agency::Column::DivisionCode)
        .order_by_asc(agency::Column::Id)
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

/// Every agency in scope, ordered by name (for select boxes).
pub async fn all(
    db: &impl ConnectionTrait,
    scope: &Scope,
) -> Result<Vec<agency::Model>, StoreError> {
    Ok(agency::Entity::find()
        .filter(scope::on_agency(scope))
        .order_by_asc(agency::Column::Id)
        .all(db)
        .await?)
}

/// Loads an agency, distinguishing "does not exist" from "outside the caller's scope".
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: i64,
) -> Result<agency::Model, StoreError> {
    let a = agency::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    if scope.covers(a.id, &a.division_code) {
        Ok(a)
    } else {
        Err(StoreError::OutOfScope)
    }
}

/// Unscoped lookup for internal use (imports resolve names; the caller checks scope).
pub async fn by_name(
    db: &impl ConnectionTrait,
    name: &str,
) -> Result<Option<agency::Model>, StoreError> {
    Ok(agency::Entity::find()
        .filter(agency::Column::Name.eq(name))
        .one(db)
        .await?)
}

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, StoreError> {
    Ok(agency::Entity::find()
        .filter(Condition::all())
        .count(db)
        .await?)
}

pub async fn insert(
    db: &impl ConnectionTrait,
    am: agency::ActiveModel,
) -> Result<agency::Model, StoreError> {
    am.insert(db)
        .await
        .map_err(|e| StoreError::from_insert(e, "name"))
}

pub async fn update(
    db: &impl ConnectionTrait,
    am: agency::ActiveModel,
) -> Result<agency::Model, StoreError> {
    am.update(db)
        .await
        .map_err(|e| StoreError::from_insert(e, "name"))
}

/// The agency list, cached for a few seconds (see `Store::agencies_in_scope`).
#[derive(Debug, Default)]
pub struct AgencyCache {
    entry: std::sync::Mutex<Option<(std::time::Instant, std::sync::Arc<Vec<agency::Model>>)>>,
}

impl AgencyCache {
    const TTL: std::time::Duration = std::time::Duration::from_secs(10);

    pub(crate) async fn all(
        &self,
        db: &impl ConnectionTrait,
    ) -> Result<std::sync::Arc<Vec<agency::Model>>, StoreError> {
        if let Ok(g) = self.entry.lock()
            && let Some((at, list)) = g.as_ref()
            && at.elapsed() < Self::TTL
        {
            return Ok(list.clone());
        }
        let list = std::sync::Arc::new(all(db, &Scope::All).await?);
        if let Ok(mut g) = self.entry.lock() {
            *g = Some((std::time::Instant::now(), list.clone()));
        }
        Ok(list)
    }

    pub(crate) fn forget(&self) {
        if let Ok(mut g) = self.entry.lock() {
            *g = None;
        }
    }
}
