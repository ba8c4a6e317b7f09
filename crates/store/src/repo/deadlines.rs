//! Deadlines (CASE-5): computed due dates with their rule and calendar version. When the
//! calendar changes, open deadlines are recomputed (W7).

use chrono::{DateTime, Utc};
use sanxiang_core::calendar::{CalendarVersion, Deadline, Period};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

use crate::StoreError;
use crate::entity::deadline;

/// Stands for a stored version that cannot be read: never equal to a real calendar's.
const UNKNOWN_VERSION: &str = "cal-0000000000000000";

pub fn to_core(m: &deadline::Model) -> Result<Deadline, StoreError> {
    let n = u32::try_from(m.period_n).unwrap_or(0);
    let period = if m.period_kind == "workdays" {
        Period::Workdays(n)
    } else {
        Period::Days {
            n,
            roll_forward: m.roll_forward,
        }
    };
    Ok(Deadline {
        rule: m.rule.clone(),
        start: m.start,
        period,
        due: m.due,
        calendar_version: CalendarVersion::parse(&m.calendar_version)
            .or_else(|_| CalendarVersion::parse(UNKNOWN_VERSION))
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        provisional: m.provisional,
    })
}

fn period_columns(p: &Period) -> (&'static str, i32, bool) {
    match *p {
        Period::Workdays(n) => ("workdays", i32::try_from(n).unwrap_or(i32::MAX), false),
        Period::Days { n, roll_forward } => {
            ("days", i32::try_from(n).unwrap_or(i32::MAX), roll_forward)
        }
    }
}

pub async fn insert(
    db: &impl ConnectionTrait,
    subject_kind: &str,
    subject_id: i64,
    d: &Deadline,
    now: DateTime<Utc>,
) -> Result<deadline::Model, StoreError> {
    insert_with_what(db, subject_kind, subject_id, d, "", now).await
}

/// [`insert`] with what is due, in Chinese, for the alarm lists.
pub async fn insert_with_what(
    db: &impl ConnectionTrait,
    subject_kind: &str,
    subject_id: i64,
    d: &Deadline,
    what: &str,
    now: DateTime<Utc>,
) -> Result<deadline::Model, StoreError> {
    let (kind, n, roll) = period_columns(&d.period);
    Ok(deadline::ActiveModel {
        subject_kind: Set(subject_kind.to_owned()),
        subject_id: Set(subject_id),
        rule: Set(d.rule.clone()),
        start: Set(d.start),
        period_kind: Set(kind.to_owned()),
        period_n: Set(n),
        roll_forward: Set(roll),
        due: Set(d.due),
        calendar_version: Set(d.calendar_version.as_str().to_owned()),
        provisional: Set(d.provisional),
        open: Set(true),
        created_at: Set(now),
        what: Set(what.to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

pub async fn open(db: &impl ConnectionTrait) -> Result<Vec<deadline::Model>, StoreError> {
    Ok(deadline::Entity::find()
        .filter(deadline::Column::Open.eq(true))
        .order_by_asc(deadline::Column::Due)
        .all(db)
        .await?)
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<deadline::Model, StoreError> {
    deadline::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Stores a recomputed due date and the calendar version it was computed with.
pub async fn set_computed(
    db: &impl ConnectionTrait,
    m: deadline::Model,
    d: &Deadline,
) -> Result<deadline::Model, StoreError> {
    let mut am: deadline::ActiveModel = m.into();
    am.due = Set(d.due);
    am.calendar_version = Set(d.calendar_version.as_str().to_owned());
    am.provisional = Set(d.provisional);
    Ok(am.update(db).await?)
}

/// The open deadlines of one subject (e.g. a case).
pub async fn open_for(
    db: &impl ConnectionTrait,
    subject_kind: &str,
    subject_id: i64,
) -> Result<Vec<deadline::Model>, StoreError> {
    Ok(deadline::Entity::find()
        .filter(deadline::Column::SubjectKind.eq(subject_kind))
        .filter(deadline::Column::SubjectId.eq(subject_id))
        .filter(deadline::Column::Open.eq(true))
        .all(db)
        .await?)
}

/// Closes a deadline (its act happened).
pub async fn close(db: &impl ConnectionTrait, id: i64) -> Result<(), StoreError> {
    deadline::Entity::update_many()
        .col_expr(
            deadline::Column::Open,
            sea_orm::sea_query::Expr::value(false),
        )
        .filter(deadline::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// A case deadline with its case, for the alarm lists.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CaseDeadline {
    pub deadline: deadline::Model,
    pub case_no: String,
    pub case_id: i64,
    pub agency_id: i64,
    pub cause: String,
}

/// Open case deadlines in the caller's scope, earliest due first.
pub async fn open_case_deadlines(
    db: &impl ConnectionTrait,
    scope: &sanxiang_core::auth::Scope,
    own: Option<&super::cases::OwnCases>,
    limit: u64,
) -> Result<Vec<CaseDeadline>, StoreError> {
    use crate::entity::cases;
    use sea_orm::QuerySelect;
    use sea_orm::sea_query::ExprTrait as _;
    let mut in_scope = sea_orm::sea_query::Query::select()
        .column(cases::Column::Id)
        .from(cases::Entity)
        .cond_where(crate::scope::on_agency_column(
            scope,
            cases::Column::AgencyId,
        ))
        .to_owned();
    if let Some(own) = own {
        in_scope.and_where(
            sea_orm::sea_query::Expr::col((cases::Entity, cases::Column::Id))
                .in_subquery(own.ids()),
        );
    }
    let rows = deadline::Entity::find()
        .filter(deadline::Column::SubjectKind.eq("case"))
        .filter(deadline::Column::Open.eq(true))
        .filter(sea_orm::sea_query::Expr::col(deadline::Column::SubjectId).in_subquery(in_scope))
        .order_by_asc(deadline::Column::Due)
        .limit(limit)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|d| d.subject_id).collect();
    let cases: std::collections::HashMap<i64, cases::Model> = cases::Entity::find()
        .filter(cases::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|d| {
            let c = cases.get(&d.subject_id)?;
            Some(CaseDeadline {
                case_no: c.case_no.clone(),
                case_id: c.id,
                agency_id: c.agency_id,
                cause: c.cause.clone(),
                deadline: d,
            })
        })
        .collect())
}
