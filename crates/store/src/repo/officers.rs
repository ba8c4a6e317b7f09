//! Officers (REG-2) and reviewers (REG-3), always within the caller's scope.

use std::collections::HashMap;

use chrono::NaiveDate;
use sanxiang_core::auth::Scope;
use sanxiang_core::registry::CertificateStatus;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;

use super::{Page, PageRequest, contains_pattern};
use crate::StoreError;
use crate::entity::{agency, certificate, officer};
use crate::scope;

#[derive(Debug, Clone, Default)]
pub struct OfficerFilter {
    pub agency_id: Option<i64>,
    /// Substring of the name.
    pub name: Option<String>,
    /// Exact certificate number.
    pub certificate_no: Option<String>,
    /// Has a certificate with this effective status on the given day.
    pub status: Option<CertificateStatus>,
    /// Certificate category (执法类别).
    pub category: Option<String>,
    pub reviewers_only: bool,
}

/// A row of the officer list: the officer, the agency's name and the latest certificate.
#[derive(Debug, Clone, Serialize)]
pub struct OfficerRow {
    pub officer: officer::Model,
    pub agency_name: String,
    pub certificate: Option<certificate::Model>,
}

fn certificate_condition(filter: &OfficerFilter, today: NaiveDate) -> Option<Condition> {
    use CertificateStatus as S;
    let mut cond = Condition::all();
    let mut any = false;
    if let Some(no) = filter.certificate_no.as_deref().filter(|s| !s.is_empty()) {
        cond = cond.add(certificate::Column::Number.eq(no.trim().to_uppercase()));
        any = true;
    }
    if let Some(cat) = filter.category.as_deref().filter(|s| !s.is_empty()) {
        cond = cond.add(certificate::Column::Category.eq(cat));
        any = true;
    }
    if let Some(status) = filter.status {
        any = true;
        let within = Condition::all()
            .add(certificate::Column::ValidFrom.lte(today))
            .add(certificate::Column::ValidUntil.gte(today));
        cond = cond.add(match status {
            S::Active | S::Suspended => within.add(certificate::Column::Status.eq(status.code())),
            S::Revoked => Condition::all().add(certificate::Column::Status.eq(S::Revoked.code())),
            S::Expired => Condition::all()
                .add(certificate::Column::Status.ne(S::Revoked.code()))
                .add(
                    Condition::any()
                        .add(certificate::Column::ValidUntil.lt(today))
                        .add(certificate::Column::ValidFrom.gt(today)),
                ),
        });
    }
    any.then_some(cond)
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
    filter: &OfficerFilter,
    page: PageRequest,
    today: NaiveDate,
) -> Result<Page<OfficerRow>, StoreError> {
    let mut known = HashMap::new();
    let mut cond = match filter.agency_id {
        // One agency: check its scope once instead of a per-row scope condition.
        Some(id) => match agency::Entity::find_by_id(id).one(db).await? {
            Some(a) if scope.covers(a.id, &a.division_code) => {
                known.insert(a.id, a.name);
                Condition::all().add(officer::Column::AgencyId.eq(id))
            }
            _ => {
                return Ok(Page {
                    items: Vec::new(),
                    total: 0,
                    page: page.page,
                    per_page: page.per_page,
                });
            }
        },
        None => scope::on_agency_column(scope, officer::Column::AgencyId),
    };
    if let Some(name) = filter
        .name
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        cond = cond.add(officer::Column::Name.like(contains_pattern(name)));
    }
    if filter.reviewers_only {
        cond = cond.add(officer::Column::IsReviewer.eq(true));
    }
    if let Some(c) = certificate_condition(filter, today) {
        cond = cond.add(
            Expr::col(officer::Column::Id).in_subquery(
                Query::select()
                    .column(certificate::Column::OfficerId)
                    .from(certificate::Entity)
                    .cond_where(c)
                    .to_owned(),
            ),
        );
    }
    let query = officer::Entity::find().filter(cond);
    let total = query.clone().count(db).await?;
    let officers = query
        .order_by_asc(officer::Column::AgencyId)
        .order_by_asc(officer::Column::Name)
        .order_by_asc(officer::Column::Id)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    let items = decorate(db, officers, known).await?;
    Ok(Page {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// Adds agency names and latest certificates to a page of officers (two queries, not 2n).
async fn decorate(
    db: &impl ConnectionTrait,
    officers: Vec<officer::Model>,
    mut names: HashMap<i64, String>,
) -> Result<Vec<OfficerRow>, StoreError> {
    let ids: Vec<i64> = officers.iter().map(|o| o.id).collect();
    let mut agency_ids: Vec<i64> = officers
        .iter()
        .map(|o| o.agency_id)
        .filter(|id| !names.contains_key(id))
        .collect();
    agency_ids.sort_unstable();
    agency_ids.dedup();
    let mut latest: HashMap<i64, certificate::Model> = HashMap::new();
    if !ids.is_empty() {
        for c in certificate::Entity::find()
            .filter(certificate::Column::OfficerId.is_in(ids))
            .order_by_asc(certificate::Column::Id)
            .all(db)
            .await?
        {
            latest.insert(c.officer_id, c);
        }
    }
    if !agency_ids.is_empty() {
        names.extend(
            agency::Entity::find()
                .filter(agency::Column::Id.is_in(agency_ids))
                .all(db)
                .await?
                .into_iter()
                .map(|a| (a.id, a.name)),
        );
    }
    Ok(officers
        .into_iter()
        .map(|o| OfficerRow {
            agency_name: names.get(&o.agency_id).cloned().unwrap_or_default(),
            certificate: latest.remove(&o.id),
            officer: o,
        })
        .collect())
}

/// Loads an officer, distinguishing "does not exist" from "outside the caller's scope".
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: i64,
) -> Result<OfficerRow, StoreError> {
    let o = officer::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    let a = agency::Entity::find_by_id(o.agency_id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    if !scope.covers(a.id, &a.division_code) {
        return Err(StoreError::OutOfScope);
    }
    let mut rows = decorate(db, vec![o], HashMap::from([(a.id, a.name)])).await?;
    rows.pop().ok_or(StoreError::NotFound)
}

pub async fn insert(
    db: &impl ConnectionTrait,
    am: officer::ActiveModel,
) -> Result<officer::Model, StoreError> {
    Ok(am.insert(db).await?)
}

pub async fn update(
    db: &impl ConnectionTrait,
    am: officer::ActiveModel,
) -> Result<officer::Model, StoreError> {
    Ok(am.update(db).await?)
}

/// REG-3: officers and reviewers per agency (for the 5% ratio), over the agencies in scope.
pub async fn reviewer_counts(
    db: &impl ConnectionTrait,
    scope: &Scope,
) -> Result<HashMap<i64, (u64, u64)>, StoreError> {
    let rows: Vec<(i64, bool, i64)> = officer::Entity::find()
        .select_only()
        .column(officer::Column::AgencyId)
        .column(officer::Column::IsReviewer)
        .column_as(officer::Column::Id.count(), "n")
        .filter(scope::on_agency_column(scope, officer::Column::AgencyId))
        .group_by(officer::Column::AgencyId)
        .group_by(officer::Column::IsReviewer)
        .into_tuple()
        .all(db)
        .await?;
    let mut out: HashMap<i64, (u64, u64)> = HashMap::new();
    for (agency_id, is_reviewer, n) in rows {
        let e = out.entry(agency_id).or_default();
        let n = u64::try_from(n).unwrap_or(0);
        e.1 += n;
        if is_reviewer {
            e.0 += n;
        }
    }
    Ok(out)
}

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, StoreError> {
    Ok(officer::Entity::find().count(db).await?)
}
