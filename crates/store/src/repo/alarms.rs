//! Deadline alarms (CASE-5): raised once per deadline and level by the daily job, listed in the
//! caller's scope, acknowledged by someone in that scope.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use super::{Page, PageRequest};
use crate::StoreError;
use crate::entity::{alarm, deadline};
use crate::scope;

/// An alarm to raise.
pub struct NewAlarm {
    pub deadline_id: i64,
    pub case_id: i64,
    pub agency_id: i64,
    pub rule: String,
    pub what: String,
    pub due: NaiveDate,
    pub level: &'static str,
}

/// Raises the alarms not raised before (same deadline and level); returns how many are new.
pub async fn raise(
    db: &impl ConnectionTrait,
    alarms: Vec<NewAlarm>,
    today: NaiveDate,
) -> Result<u64, StoreError> {
    let mut raised = 0;
    for chunk in alarms.chunks(500) {
        let rows: Vec<alarm::ActiveModel> = chunk
            .iter()
            .map(|a| alarm::ActiveModel {
                id: NotSet,
                deadline_id: Set(a.deadline_id),
                case_id: Set(a.case_id),
                agency_id: Set(a.agency_id),
                rule: Set(a.rule.clone()),
                what: Set(a.what.clone()),
                due: Set(a.due),
                level: Set(a.level.to_owned()),
                raised_on: Set(today),
                acknowledged_at: Set(None),
                acknowledged_by: Set(None),
            })
            .collect();
        let r = alarm::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([alarm::Column::DeadlineId, alarm::Column::Level])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
        raised += r;
    }
    Ok(raised)
}

/// The alarms a reader sees: those of the agencies in scope and, for an officer or a reviewer
/// (`Some`), only those of their own cases (CASE-6).
fn visible(
    scope: &sanxiang_core::auth::Scope,
    own: Option<&super::cases::OwnCases>,
) -> sea_orm::Condition {
    let mut cond = scope::on_agency_column(scope, alarm::Column::AgencyId);
    if let Some(own) = own {
        cond = cond.add(alarm::Column::CaseId.in_subquery(own.ids()));
    }
    cond
}

/// Alarms in scope (an officer's or a reviewer's: of their own cases), newest first (and by due date within a
/// day).
pub async fn list(
    db: &impl ConnectionTrait,
    scope: &sanxiang_core::auth::Scope,
    own: Option<&super::cases::OwnCases>,
    open_only: bool,
    page: PageRequest,
) -> Result<Page<alarm::Model>, StoreError> {
    let mut q = alarm::Entity::find().filter(visible(scope, own));
    if open_only {
        // Not yet seen, and still due: the deadline of an alarm may have been met, or moved
        // (a pause, an extension: the moved deadline is a new one with alarms of its own).
        let open_deadlines = sea_orm::sea_query::Query::select()
            .column(deadline::Column::Id)
            .from(deadline::Entity)
            .and_where(deadline::Column::Open.eq(true))
            .to_owned();
        q = q
            .filter(alarm::Column::AcknowledgedAt.is_null())
            .filter(alarm::Column::DeadlineId.in_subquery(open_deadlines));
    }
    let total = q.clone().count(db).await?;
    let items = q
        .order_by_desc(alarm::Column::RaisedOn)
        .order_by_asc(alarm::Column::Due)
        .order_by_asc(alarm::Column::Id)
        .paginate(db, page.per_page)
        .fetch_page(page.page.saturating_sub(1))
        .await?;
    Ok(Page {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// Acknowledges an alarm the reader sees (once; a second acknowledgement changes nothing).
pub async fn acknowledge(
    db: &impl ConnectionTrait,
    scope: &sanxiang_core::auth::Scope,
    own: Option<&super::cases::OwnCases>,
    id: i64,
    by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let found = alarm::Entity::find_by_id(id)
        .filter(visible(scope, own))
        .one(db)
        .await?;
    if found.is_none() {
        return match alarm::Entity::find_by_id(id).count(db).await? {
            0 => Err(StoreError::NotFound),
            _ => Err(StoreError::OutOfScope),
        };
    }
    alarm::Entity::update_many()
        .col_expr(alarm::Column::AcknowledgedAt, Expr::value(now))
        .col_expr(alarm::Column::AcknowledgedBy, Expr::value(by))
        .filter(alarm::Column::Id.eq(id))
        .filter(alarm::Column::AcknowledgedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
