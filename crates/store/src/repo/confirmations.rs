//! CASE-2: officers named by an act who have not yet confirmed it themselves.

use chrono::{DateTime, NaiveDateTime, Utc};
use sanxiang_core::auth::Scope;
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::StoreError;
use crate::entity::act_confirmation;
use crate::scope;

/// What an act awaiting confirmation is.
pub struct PendingAct<'a> {
    pub case_id: i64,
    pub seq: i64,
    pub agency_id: i64,
    pub case_no: &'a str,
    pub act_kind: &'a str,
    pub act_at: NaiveDateTime,
    pub requested_by: Option<i64>,
}

/// Asks each of `certificates` to confirm the act.
pub async fn request(
    db: &impl ConnectionTrait,
    act: &PendingAct<'_>,
    certificates: &[String],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if certificates.is_empty() {
        return Ok(());
    }
    let rows = certificates.iter().map(|c| act_confirmation::ActiveModel {
        case_id: Set(act.case_id),
        seq: Set(act.seq),
        certificate_no: Set(c.clone()),
        agency_id: Set(act.agency_id),
        case_no: Set(act.case_no.to_owned()),
        act_kind: Set(act.act_kind.to_owned()),
        act_at: Set(act.act_at),
        requested_by: Set(act.requested_by),
        requested_at: Set(now),
        confirmed_by: Set(None),
        confirmed_at: Set(None),
    });
    act_confirmation::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([
                act_confirmation::Column::CaseId,
                act_confirmation::Column::Seq,
                act_confirmation::Column::CertificateNo,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The confirmations still awaited from the holders of `certificates`, oldest first.
pub async fn pending_for(
    db: &impl ConnectionTrait,
    certificates: &[String],
) -> Result<Vec<act_confirmation::Model>, StoreError> {
    if certificates.is_empty() {
        return Ok(Vec::new());
    }
    Ok(act_confirmation::Entity::find()
        .filter(act_confirmation::Column::CertificateNo.is_in(certificates.to_vec()))
        .filter(act_confirmation::Column::ConfirmedAt.is_null())
        .order_by_asc(act_confirmation::Column::RequestedAt)
        .all(db)
        .await?)
}

/// The confirmation of act `seq` of a case still awaited from the holder of one of
/// `certificates`, if any.
pub async fn pending_of_act(
    db: &impl ConnectionTrait,
    case_id: i64,
    seq: i64,
    certificates: &[String],
) -> Result<Option<act_confirmation::Model>, StoreError> {
    if certificates.is_empty() {
        return Ok(None);
    }
    Ok(act_confirmation::Entity::find()
        .filter(act_confirmation::Column::CaseId.eq(case_id))
        .filter(act_confirmation::Column::Seq.eq(seq))
        .filter(act_confirmation::Column::CertificateNo.is_in(certificates.to_vec()))
        .filter(act_confirmation::Column::ConfirmedAt.is_null())
        .one(db)
        .await?)
}

/// The confirmations still awaited in `scope` (a head's list), oldest first, at most `limit`.
pub async fn pending_in_scope(
    db: &impl ConnectionTrait,
    scope: &Scope,
    limit: u64,
) -> Result<Vec<act_confirmation::Model>, StoreError> {
    use sea_orm::QuerySelect as _;
    Ok(act_confirmation::Entity::find()
        .filter(scope::on_agency_column(
            scope,
            act_confirmation::Column::AgencyId,
        ))
        .filter(act_confirmation::Column::ConfirmedAt.is_null())
        .order_by_asc(act_confirmation::Column::RequestedAt)
        .limit(limit)
        .all(db)
        .await?)
}

/// Every confirmation asked for the acts of a case (given or not), by act.
pub async fn for_case(
    db: &impl ConnectionTrait,
    case_id: i64,
) -> Result<Vec<act_confirmation::Model>, StoreError> {
    Ok(act_confirmation::Entity::find()
        .filter(act_confirmation::Column::CaseId.eq(case_id))
        .order_by_asc(act_confirmation::Column::Seq)
        .all(db)
        .await?)
}

/// Records the confirmation of act `seq` by the holder of `certificate`; `false` when there was
/// nothing pending (never asked, or confirmed already).
pub async fn confirm(
    db: &impl ConnectionTrait,
    case_id: i64,
    seq: i64,
    certificate: &str,
    by: i64,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let done = act_confirmation::Entity::update_many()
        .col_expr(act_confirmation::Column::ConfirmedBy, Expr::value(by))
        .col_expr(act_confirmation::Column::ConfirmedAt, Expr::value(now))
        .filter(act_confirmation::Column::CaseId.eq(case_id))
        .filter(act_confirmation::Column::Seq.eq(seq))
        .filter(act_confirmation::Column::CertificateNo.eq(certificate))
        .filter(act_confirmation::Column::ConfirmedAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}
