//! Issued documents (文书) and their gap-free numbers. Scope is applied through the case.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::StoreError;
use crate::entity::{instrument, instrument_counter};

/// The next sequence number of `word` (罚, 告, …) for an agency in a year, from 1, gap-free: the
/// counter moves inside the caller's transaction (the sequencer's), so a document that fails to
/// render or to record gives its number back.
pub async fn next_number(
    db: &impl ConnectionTrait,
    agency_id: i64,
    word: &str,
    year: i32,
) -> Result<u64, StoreError> {
    let found = instrument_counter::Entity::find_by_id((agency_id, word.to_owned(), year))
        .one(db)
        .await?;
    let next = match found {
        Some(c) => {
            let next = c.last + 1;
            instrument_counter::Entity::update_many()
                .col_expr(instrument_counter::Column::Last, Expr::value(next))
                .filter(instrument_counter::Column::AgencyId.eq(agency_id))
                .filter(instrument_counter::Column::Word.eq(word))
                .filter(instrument_counter::Column::Year.eq(year))
                .exec(db)
                .await?;
            next
        }
        None => {
            instrument_counter::Entity::insert(instrument_counter::ActiveModel {
                agency_id: Set(agency_id),
                word: Set(word.to_owned()),
                year: Set(year),
                last: Set(1),
            })
            .exec(db)
            .await?;
            1
        }
    };
    u64::try_from(next).map_err(|_| StoreError::Corrupt(format!("instrument counter {next}")))
}

/// Records an issued document (never updated afterwards).
pub async fn insert(
    db: &impl ConnectionTrait,
    m: instrument::Model,
) -> Result<instrument::Model, StoreError> {
    let am = instrument::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        case_id: Set(m.case_id),
        act_seq: Set(m.act_seq),
        kind: Set(m.kind.clone()),
        number: Set(m.number.clone()),
        sm3: Set(m.sm3.clone()),
        sha256: Set(m.sha256.clone()),
        size: Set(m.size),
        pages: Set(m.pages),
        template_version: Set(m.template_version),
        issued_on: Set(m.issued_on),
        created_at: Set(m.created_at),
    };
    let id = instrument::Entity::insert(am)
        .exec(db)
        .await?
        .last_insert_id;
    Ok(instrument::Model { id, ..m })
}

/// The documents of a case, in the order they were issued.
pub async fn for_case(
    db: &impl ConnectionTrait,
    case_id: i64,
) -> Result<Vec<instrument::Model>, StoreError> {
    Ok(instrument::Entity::find()
        .filter(instrument::Column::CaseId.eq(case_id))
        .order_by_asc(instrument::Column::ActSeq)
        .order_by_asc(instrument::Column::Id)
        .all(db)
        .await?)
}

/// A document of a case by the SM3 of its PDF.
pub async fn by_sm3(
    db: &impl ConnectionTrait,
    case_id: i64,
    sm3: &str,
) -> Result<Option<instrument::Model>, StoreError> {
    Ok(instrument::Entity::find()
        .filter(instrument::Column::CaseId.eq(case_id))
        .filter(instrument::Column::Sm3.eq(sm3))
        .order_by_asc(instrument::Column::Id)
        .one(db)
        .await?)
}
