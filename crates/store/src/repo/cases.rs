//! Cases and their acts (CASE-1, CASE-2), always within the caller's scope. Acts are only
//! inserted; the case row is a projection updated with an optimistic check on the act count,
//! so two officers recording at once cannot both append act n.

use sanxiang_core::auth::Scope;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use super::{Page, PageRequest, contains_pattern};
use crate::StoreError;
use crate::entity::{case_act, case_counter, case_officer, case_reviewer, case_tally, cases};
use crate::scope;

#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub agency_id: Option<i64>,
    /// Only the reader's own cases (an officer's, a reviewer's; CASE-6).
    pub own: Option<OwnCases>,
    /// Substring of the case number, the cause or the party's name.
    pub q: Option<String>,
    pub kind: Option<String>,
    pub stage: Option<String>,
    pub closed: Option<bool>,
}

/// The next case number of an agency in a year: `<year>-<agency id, 4 digits>-<n, 5+ digits>`,
/// gap-free per agency and year: the counter moves inside the caller's transaction (the
/// sequencer's), so a rolled-back filing gives its number back.
pub async fn next_case_no(
    db: &impl ConnectionTrait,
    agency_id: i64,
    year: i32,
) -> Result<String, StoreError> {
    let n = match case_counter::Entity::find_by_id((agency_id, year))
        .one(db)
        .await?
    {
        Some(c) => {
            let next = c.last + 1;
            case_counter::Entity::update_many()
                .col_expr(case_counter::Column::Last, Expr::value(next))
                .filter(case_counter::Column::AgencyId.eq(agency_id))
                .filter(case_counter::Column::Year.eq(year))
                .exec(db)
                .await?;
            next
        }
        None => {
            case_counter::Entity::insert(case_counter::ActiveModel {
                agency_id: Set(agency_id),
                year: Set(year),
                last: Set(1),
            })
            .exec(db)
            .await?;
            1
        }
    };
    Ok(format!("{year}-{agency_id:04}-{n:05}"))
}

pub async fn insert(
    db: &impl ConnectionTrait,
    m: cases::Model,
) -> Result<cases::Model, StoreError> {
    let id = cases::Entity::insert(new_row(&m))
        .exec(db)
        .await?
        .last_insert_id;
    tally(db, &m, 1).await?;
    Ok(cases::Model { id, ..m })
}

/// The row of a new case (its id given by the database).
fn new_row(m: &cases::Model) -> cases::ActiveModel {
    cases::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        case_no: Set(m.case_no.clone()),
        agency_id: Set(m.agency_id),
        kind: Set(m.kind.clone()),
        matter_category: Set(m.matter_category.clone()),
        matter_area: Set(m.matter_area.clone()),
        cause: Set(m.cause.clone()),
        party_name: Set(m.party_name.clone()),
        stage: Set(m.stage.clone()),
        act_count: Set(m.act_count),
        chain_head: Set(m.chain_head.clone()),
        closed: Set(m.closed),
        created_at: Set(m.created_at),
        created_by: Set(m.created_by),
    }
}

/// Many cases at once (list filler for benchmarks at a province's size), with their tally.
pub async fn insert_many(
    db: &impl ConnectionTrait,
    rows: Vec<cases::Model>,
) -> Result<(), StoreError> {
    let mut counts: std::collections::BTreeMap<(i64, String, String, bool), i64> =
        Default::default();
    for m in &rows {
        *counts
            .entry((m.agency_id, m.kind.clone(), m.stage.clone(), m.closed))
            .or_default() += 1;
    }
    // SQLite binds at most 32,766 values a statement: 13 columns × 2,000 rows.
    for chunk in rows.chunks(2_000) {
        cases::Entity::insert_many(chunk.iter().map(new_row))
            .exec_without_returning(db)
            .await?;
    }
    for ((agency_id, kind, stage, closed), n) in counts {
        add_to_tally(db, agency_id, &kind, &stage, closed, n).await?;
    }
    Ok(())
}

/// Moves the case's count in `case_tally` by `delta` (the list's total; m0015).
async fn tally(db: &impl ConnectionTrait, m: &cases::Model, delta: i64) -> Result<(), StoreError> {
    add_to_tally(db, m.agency_id, &m.kind, &m.stage, m.closed, delta).await
}

async fn add_to_tally(
    db: &impl ConnectionTrait,
    agency_id: i64,
    kind: &str,
    stage: &str,
    closed: bool,
    delta: i64,
) -> Result<(), StoreError> {
    use sea_orm::sea_query::OnConflict;
    case_tally::Entity::insert(case_tally::ActiveModel {
        agency_id: Set(agency_id),
        kind: Set(kind.to_owned()),
        stage: Set(stage.to_owned()),
        closed: Set(closed),
        n: Set(delta),
    })
    .on_conflict(
        OnConflict::columns([
            case_tally::Column::AgencyId,
            case_tally::Column::Kind,
            case_tally::Column::Stage,
            case_tally::Column::Closed,
        ])
        .value(
            case_tally::Column::N,
            Expr::cust("case_tally.n + excluded.n"),
        )
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// A case in the caller's scope (one query when it is; a second tells 404 from 403).
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: i64,
) -> Result<cases::Model, StoreError> {
    if let Some(c) = cases::Entity::find_by_id(id)
        .filter(scope::on_agency_column(scope, cases::Column::AgencyId))
        .one(db)
        .await?
    {
        return Ok(c);
    }
    match cases::Entity::find_by_id(id).count(db).await? {
        0 => Err(StoreError::NotFound),
        _ => Err(StoreError::OutOfScope),
    }
}

/// A case by its number, whatever the scope (the party's access checks its own code).
pub async fn by_case_no(
    db: &impl ConnectionTrait,
    case_no: &str,
) -> Result<Option<cases::Model>, StoreError> {
    Ok(cases::Entity::find()
        .filter(cases::Column::CaseNo.eq(case_no))
        .one(db)
        .await?)
}

/// The cases a reader is limited to within their scope (CASE-6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnCases {
    /// An officer's: those one of these certificates acted in.
    Certificates(Vec<String>),
    /// A reviewer's (a user id): those a head assigned them to.
    Reviewer(i64),
}

impl OwnCases {
    /// The ids of these cases (a subquery).
    pub fn ids(&self) -> sea_orm::sea_query::SelectStatement {
        match self {
            OwnCases::Certificates(c) => officer_cases(c),
            OwnCases::Reviewer(user_id) => sea_orm::sea_query::Query::select()
                .column(case_reviewer::Column::CaseId)
                .from(case_reviewer::Entity)
                .and_where(case_reviewer::Column::UserId.eq(*user_id))
                .to_owned(),
        }
    }
}

/// Whether the case is among these.
pub async fn is_own_case(
    db: &impl ConnectionTrait,
    case_id: i64,
    own: &OwnCases,
) -> Result<bool, StoreError> {
    match own {
        OwnCases::Certificates(c) if c.is_empty() => Ok(false),
        OwnCases::Certificates(c) => is_case_officer(db, case_id, c).await,
        OwnCases::Reviewer(user_id) => Ok(case_reviewer::Entity::find_by_id((case_id, *user_id))
            .count(db)
            .await?
            > 0),
    }
}

/// Assigns a reviewer (a user) to a case; assigning again changes nothing.
pub async fn assign_reviewer(
    db: &impl ConnectionTrait,
    case_id: i64,
    user_id: i64,
    by: Option<i64>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), StoreError> {
    case_reviewer::Entity::insert(case_reviewer::ActiveModel {
        case_id: Set(case_id),
        user_id: Set(user_id),
        assigned_by: Set(by),
        assigned_at: Set(now),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::columns([
            case_reviewer::Column::CaseId,
            case_reviewer::Column::UserId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The reviewers assigned to a case (user ids, in the order assigned).
pub async fn reviewers_of(
    db: &impl ConnectionTrait,
    case_id: i64,
) -> Result<Vec<case_reviewer::Model>, StoreError> {
    Ok(case_reviewer::Entity::find()
        .filter(case_reviewer::Column::CaseId.eq(case_id))
        .order_by_asc(case_reviewer::Column::AssignedAt)
        .all(db)
        .await?)
}

/// The ids of the cases these certificates acted in (a subquery).
fn officer_cases(certificates: &[String]) -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(case_officer::Column::CaseId)
        .from(case_officer::Entity)
        .and_where(case_officer::Column::CertificateNo.is_in(certificates.iter().cloned()))
        .to_owned()
}

/// Records that these certificates acted in the case (once each).
pub async fn add_officers(
    db: &impl ConnectionTrait,
    case_id: i64,
    certificates: &[String],
) -> Result<(), StoreError> {
    if certificates.is_empty() {
        return Ok(());
    }
    let rows: Vec<case_officer::ActiveModel> = certificates
        .iter()
        .map(|c| case_officer::ActiveModel {
            case_id: Set(case_id),
            certificate_no: Set(c.clone()),
        })
        .collect();
    case_officer::Entity::insert_many(rows)
        .on_conflict(
            sea_orm::sea_query::OnConflict::columns([
                case_officer::Column::CaseId,
                case_officer::Column::CertificateNo,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Whether one of these certificates acted in the case.
async fn is_case_officer(
    db: &impl ConnectionTrait,
    case_id: i64,
    certificates: &[String],
) -> Result<bool, StoreError> {
    Ok(case_officer::Entity::find()
        .filter(case_officer::Column::CaseId.eq(case_id))
        .filter(case_officer::Column::CertificateNo.is_in(certificates.iter().cloned()))
        .count(db)
        .await?
        > 0)
}

/// Whether the officer table is still to be filled (a database from before it existed).
pub async fn case_officers_missing(db: &impl ConnectionTrait) -> Result<bool, StoreError> {
    Ok(case_officer::Entity::find().count(db).await? == 0
        && cases::Entity::find().count(db).await? > 0)
}

/// All acts of a case, in order.
pub async fn acts(
    db: &impl ConnectionTrait,
    case_id: i64,
) -> Result<Vec<case_act::Model>, StoreError> {
    Ok(case_act::Entity::find()
        .filter(case_act::Column::CaseId.eq(case_id))
        .order_by_asc(case_act::Column::Seq)
        .all(db)
        .await?)
}

pub async fn insert_act(db: &impl ConnectionTrait, m: case_act::Model) -> Result<(), StoreError> {
    case_act::Entity::insert(case_act::ActiveModel {
        case_id: Set(m.case_id),
        seq: Set(m.seq),
        kind: Set(m.kind),
        at: Set(m.at),
        body: Set(m.body),
        ledger_index: Set(m.ledger_index),
        chain_head: Set(m.chain_head),
        warnings: Set(m.warnings),
        recorded_by: Set(m.recorded_by),
        recorded_at: Set(m.recorded_at),
        late_entry: Set(m.late_entry),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// A 补录 in scope (CASE-2): the act and its case.
#[derive(Debug, Clone)]
pub struct LateEntryRow {
    pub case_id: i64,
    pub case_no: String,
    pub seq: i64,
    pub kind: String,
    pub at: chrono::NaiveDateTime,
    pub recorded_at: chrono::DateTime<chrono::Utc>,
}

/// The late entries (补录) of the cases in `scope`, newest first: how many, and the latest
/// `limit`.
pub async fn late_entries(
    db: &impl ConnectionTrait,
    scope: &Scope,
    limit: u64,
) -> Result<(u64, Vec<LateEntryRow>), StoreError> {
    use sea_orm::{PaginatorTrait as _, QuerySelect as _};
    let in_scope = sea_orm::sea_query::Query::select()
        .column(cases::Column::Id)
        .from(cases::Entity)
        .cond_where(scope::on_agency_column(scope, cases::Column::AgencyId))
        .to_owned();
    let late = case_act::Entity::find()
        .filter(case_act::Column::LateEntry.eq(true))
        .filter(case_act::Column::CaseId.in_subquery(in_scope));
    let total = late.clone().count(db).await?;
    let acts = late
        .order_by_desc(case_act::Column::RecordedAt)
        .limit(limit)
        .all(db)
        .await?;
    let ids: Vec<i64> = acts.iter().map(|a| a.case_id).collect();
    let numbers: std::collections::HashMap<i64, String> = cases::Entity::find()
        .filter(cases::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.case_no))
        .collect();
    let rows = acts
        .into_iter()
        .map(|a| LateEntryRow {
            case_no: numbers.get(&a.case_id).cloned().unwrap_or_default(),
            case_id: a.case_id,
            seq: a.seq,
            kind: a.kind,
            at: a.at,
            recorded_at: a.recorded_at,
        })
        .collect();
    Ok((total, rows))
}

/// Moves the projection from `before` (as read, with its act count) to the new state;
/// `Conflict` when another act was recorded meanwhile.
pub async fn advance(
    db: &impl ConnectionTrait,
    before: &cases::Model,
    act_count: i64,
    stage: &str,
    chain_head: &[u8],
    closed: bool,
) -> Result<(), StoreError> {
    let r = cases::Entity::update_many()
        .col_expr(cases::Column::ActCount, Expr::value(act_count))
        .col_expr(cases::Column::Stage, Expr::value(stage))
        .col_expr(cases::Column::ChainHead, Expr::value(chain_head.to_vec()))
        .col_expr(cases::Column::Closed, Expr::value(closed))
        .filter(cases::Column::Id.eq(before.id))
        .filter(cases::Column::ActCount.eq(before.act_count))
        .exec(db)
        .await?;
    if r.rows_affected != 1 {
        return Err(StoreError::Duplicate { field: "act_count" });
    }
    if before.stage != stage || before.closed != closed {
        tally(db, before, -1).await?;
        let after = cases::Model {
            stage: stage.to_owned(),
            closed,
            ..before.clone()
        };
        tally(db, &after, 1).await?;
    }
    Ok(())
}

/// The largest total a case list counts exactly.
pub const MAX_COUNT: u64 = 10_000;

pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
    filter: &CaseFilter,
    page: PageRequest,
) -> Result<Page<cases::Model>, StoreError> {
    let mut cond = scope::on_agency_column(scope, cases::Column::AgencyId);
    if let Some(a) = filter.agency_id {
        cond = cond.add(cases::Column::AgencyId.eq(a));
    }
    if let Some(own) = &filter.own {
        cond = cond.add(cases::Column::Id.in_subquery(own.ids()));
    }
    let q = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    if let Some(q) = q {
        let p = contains_pattern(q);
        cond = cond.add(
            Condition::any()
                .add(cases::Column::CaseNo.like(p.clone()))
                .add(cases::Column::Cause.like(p.clone()))
                .add(cases::Column::PartyName.like(p)),
        );
    }
    if let Some(k) = filter.kind.as_deref().filter(|k| !k.is_empty()) {
        cond = cond.add(cases::Column::Kind.eq(k));
    }
    if let Some(s) = filter.stage.as_deref().filter(|s| !s.is_empty()) {
        cond = cond.add(cases::Column::Stage.eq(s));
    }
    if let Some(c) = filter.closed {
        cond = cond.add(cases::Column::Closed.eq(c));
    }
    let query = cases::Entity::find().filter(cond);
    // The total is exact up to `MAX_COUNT` and capped there (the list says "more than 10,000").
    // Filtered only by what `case_tally` keeps, it is summed from there; a text search or an
    // own-cases list counts its rows (both are narrow).
    let total = if q.is_none() && filter.own.is_none() {
        tallied(db, scope, filter).await?.min(MAX_COUNT + 1)
    } else {
        query
            .clone()
            .select_only()
            .column(cases::Column::Id)
            .limit(MAX_COUNT + 1)
            .count(db)
            .await?
    };
    let items = query
        .order_by_desc(cases::Column::CreatedAt)
        .order_by_desc(cases::Column::Id)
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

/// The number of cases matching `filter` (without text or own-cases limits), from the tally.
async fn tallied(
    db: &impl ConnectionTrait,
    scope: &Scope,
    filter: &CaseFilter,
) -> Result<u64, StoreError> {
    let mut cond = scope::on_agency_column(scope, case_tally::Column::AgencyId);
    if let Some(a) = filter.agency_id {
        cond = cond.add(case_tally::Column::AgencyId.eq(a));
    }
    if let Some(k) = filter.kind.as_deref().filter(|k| !k.is_empty()) {
        cond = cond.add(case_tally::Column::Kind.eq(k));
    }
    if let Some(s) = filter.stage.as_deref().filter(|s| !s.is_empty()) {
        cond = cond.add(case_tally::Column::Stage.eq(s));
    }
    if let Some(c) = filter.closed {
        cond = cond.add(case_tally::Column::Closed.eq(c));
    }
    let rows: Vec<i64> = case_tally::Entity::find()
        .filter(cond)
        .select_only()
        .column(case_tally::Column::N)
        .into_tuple()
        .all(db)
        .await?;
    let n: i64 = rows.into_iter().sum();
    u64::try_from(n).map_err(|_| StoreError::Corrupt(format!("case_tally sums to {n}")))
}
