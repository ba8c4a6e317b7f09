//! Certificates (REG-2) and their append-only status events.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

use crate::StoreError;
use crate::entity::{certificate, certificate_event};

pub async fn by_number(
    db: &impl ConnectionTrait,
    number: &str,
) -> Result<Option<certificate::Model>, StoreError> {
    Ok(certificate::Entity::find()
        .filter(certificate::Column::Number.eq(number))
        .one(db)
        .await?)
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<certificate::Model, StoreError> {
    certificate::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

pub async fn for_officer(
    db: &impl ConnectionTrait,
    officer_id: i64,
) -> Result<Vec<certificate::Model>, StoreError> {
    Ok(certificate::Entity::find()
        .filter(certificate::Column::OfficerId.eq(officer_id))
        .order_by_desc(certificate::Column::Id)
        .all(db)
        .await?)
}

/// Inserts a certificate and its `issue` event. A duplicate number is `Duplicate { field: "number" }`.
pub async fn insert(
    db: &impl ConnectionTrait,
    am: certificate::ActiveModel,
    actor_id: Option<i64>,
    at: DateTime<Utc>,
) -> Result<certificate::Model, StoreError> {
    let c = am
        .insert(db)
        .await
        .map_err(|e| StoreError::from_insert(e, "certificate_no"))?;
    append_event(db, c.id, "issue", None, &c.status, "发证", actor_id, at).await?;
    Ok(c)
}

/// Records a status change: updates the stored status and appends the event.
#[allow(clippy::too_many_arguments)]
pub async fn change_status(
    db: &impl ConnectionTrait,
    cert: certificate::Model,
    change: &str,
    to_status: &str,
    reason: &str,
    actor_id: Option<i64>,
    at: DateTime<Utc>,
) -> Result<certificate::Model, StoreError> {
    let from = cert.status.clone();
    let mut am: certificate::ActiveModel = cert.into();
    am.status = Set(to_status.to_owned());
    let c = am.update(db).await?;
    append_event(
        db,
        c.id,
        change,
        Some(&from),
        to_status,
        reason,
        actor_id,
        at,
    )
    .await?;
    Ok(c)
}

#[allow(clippy::too_many_arguments)]
async fn append_event(
    db: &impl ConnectionTrait,
    certificate_id: i64,
    change: &str,
    from: Option<&str>,
    to: &str,
    reason: &str,
    actor_id: Option<i64>,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    certificate_event::ActiveModel {
        certificate_id: Set(certificate_id),
        change: Set(change.to_owned()),
        from_status: Set(from.map(str::to_owned)),
        to_status: Set(to.to_owned()),
        reason: Set(reason.to_owned()),
        actor_id: Set(actor_id),
        at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn events(
    db: &impl ConnectionTrait,
    certificate_id: i64,
) -> Result<Vec<certificate_event::Model>, StoreError> {
    Ok(certificate_event::Entity::find()
        .filter(certificate_event::Column::CertificateId.eq(certificate_id))
        .order_by_asc(certificate_event::Column::Id)
        .all(db)
        .await?)
}

/// The status changes of these certificates, oldest first (R2: the status on an act's date).
pub async fn events_of(
    db: &impl ConnectionTrait,
    certificate_ids: &[i64],
) -> Result<Vec<certificate_event::Model>, StoreError> {
    if certificate_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(certificate_event::Entity::find()
        .filter(certificate_event::Column::CertificateId.is_in(certificate_ids.iter().copied()))
        .order_by_asc(certificate_event::Column::Id)
        .all(db)
        .await?)
}

/// A certificate by number with its officer (for the officers on duty of an act, R2).
pub async fn with_officer_by_number(
    db: &impl ConnectionTrait,
    number: &str,
) -> Result<Option<(certificate::Model, crate::entity::officer::Model)>, StoreError> {
    let Some(c) = by_number(db, number).await? else {
        return Ok(None);
    };
    let o = crate::entity::officer::Entity::find_by_id(c.officer_id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(Some((c, o)))
}

/// Every certificate with its officer's name and agency (REG-4 public directory), in two
/// queries; only the public columns of the officer are read.
pub async fn public_directory(
    db: &impl ConnectionTrait,
) -> Result<Vec<(certificate::Model, String, i64)>, StoreError> {
    use crate::entity::officer;
    use sea_orm::QuerySelect;
    let officers: std::collections::HashMap<i64, (String, i64)> = officer::Entity::find()
        .select_only()
        .column(officer::Column::Id)
        .column(officer::Column::Name)
        .column(officer::Column::AgencyId)
        .into_tuple::<(i64, String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, name, agency)| (id, (name, agency)))
        .collect();
    let certs = certificate::Entity::find().all(db).await?;
    Ok(certs
        .into_iter()
        .filter_map(|c| {
            let (name, agency) = officers.get(&c.officer_id)?.clone();
            Some((c, name, agency))
        })
        .collect())
}
