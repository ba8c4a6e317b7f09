//! The holiday table (W1, W7). Seeded once from the built-in notices; admins add each new
//! year's notice, which replaces that notice year's rows in one transaction.

use sanxiang_core::calendar::{HolidayEntry, HolidayTable};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, TransactionTrait,
};

use crate::StoreError;
use crate::entity::holiday;

fn to_active(e: &HolidayEntry) -> holiday::ActiveModel {
    holiday::ActiveModel {
        date: Set(e.date),
        name: Set(e.name.clone()),
        off_day: Set(e.off_day),
        notice_year: Set(e.notice_year),
    }
}

/// Inserts the built-in table if the holiday table is empty, in one transaction, so that another
/// process starting at the same moment sees either no rows or all of them. Returns whether it
/// seeded.
pub async fn seed_if_empty(db: &DatabaseConnection) -> Result<bool, StoreError> {
    let txn = db.begin().await?;
    if holiday::Entity::find().count(&txn).await? > 0 {
        return Ok(false);
    }
    let table = HolidayTable::builtin();
    insert_entries(&txn, table.entries()).await?;
    txn.commit().await?;
    Ok(true)
}

async fn insert_entries<'a>(
    db: &impl ConnectionTrait,
    entries: impl IntoIterator<Item = &'a HolidayEntry>,
) -> Result<(), StoreError> {
    let rows: Vec<holiday::ActiveModel> = entries.into_iter().map(to_active).collect();
    for chunk in rows.chunks(200) {
        holiday::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Loads every stored entry, ordered by date.
pub async fn entries(db: &impl ConnectionTrait) -> Result<Vec<HolidayEntry>, StoreError> {
    Ok(holiday::Entity::find()
        .order_by_asc(holiday::Column::Date)
        .all(db)
        .await?
        .into_iter()
        .map(|h| HolidayEntry {
            date: h.date,
            name: h.name,
            off_day: h.off_day,
            notice_year: h.notice_year,
        })
        .collect())
}

/// Replaces the rows of one notice year with `entries` (call inside a transaction).
pub async fn replace_notice(
    db: &impl ConnectionTrait,
    notice_year: i32,
    entries: &[HolidayEntry],
) -> Result<(), StoreError> {
    holiday::Entity::delete_many()
        .filter(holiday::Column::NoticeYear.eq(notice_year))
        .exec(db)
        .await?;
    insert_entries(db, entries).await
}
