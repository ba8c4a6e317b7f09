//! Catalog versions, their items, and statute articles (CAT-1..6). Published catalogs are public
//! (no data scope on reads); writes are authorised by the app. A published version is final:
//! every write checks `status = 'draft'` in its own statement and fails with
//! `Duplicate { field: "status" }` otherwise (C2).

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::{Page, PageRequest};
use crate::StoreError;
use crate::entity::{catalog_item, catalog_version, law_article};

pub struct NewVersion {
    pub agency_id: i64,
    pub kind: String,
    pub title: String,
    pub source_list_id: Option<String>,
    pub source_issuer: Option<String>,
    pub source_url: Option<String>,
    pub note: Option<String>,
}

pub struct NewItem {
    pub seq: i32,
    pub code: Option<String>,
    pub name: String,
    pub matter_kind: Option<String>,
    pub data: String,
}

const FINAL: StoreError = StoreError::Duplicate { field: "status" };

/// A new draft version numbered after the agency's last of that kind.
pub async fn create_version(
    db: &impl ConnectionTrait,
    v: NewVersion,
    now: DateTime<Utc>,
) -> Result<catalog_version::Model, StoreError> {
    let last: Option<i32> = catalog_version::Entity::find()
        .select_only()
        .column_as(catalog_version::Column::VersionNo.max(), "m")
        .filter(catalog_version::Column::AgencyId.eq(v.agency_id))
        .filter(catalog_version::Column::Kind.eq(v.kind.as_str()))
        .into_tuple::<Option<i32>>()
        .one(db)
        .await?
        .flatten();
    let am = catalog_version::ActiveModel {
        id: NotSet,
        agency_id: Set(v.agency_id),
        kind: Set(v.kind),
        version_no: Set(last.unwrap_or(0) + 1),
        title: Set(v.title),
        status: Set("draft".into()),
        effective_from: Set(None),
        effective_to: Set(None),
        source_list_id: Set(v.source_list_id),
        source_issuer: Set(v.source_issuer),
        source_url: Set(v.source_url),
        note: Set(v.note),
        item_count: Set(0),
        content_sm3: Set(None),
        created_at: Set(now),
        published_at: Set(None),
        published_by: Set(None),
    };
    let id = catalog_version::Entity::insert(am)
        .exec(db)
        .await
        .map_err(|e| StoreError::from_insert(e, "version_no"))?
        .last_insert_id;
    version(db, id).await
}

pub async fn version(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<catalog_version::Model, StoreError> {
    catalog_version::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Versions, newest first, optionally of one agency and/or kind and/or status.
pub async fn versions(
    db: &impl ConnectionTrait,
    agency_id: Option<i64>,
    kind: Option<&str>,
    status: Option<&str>,
) -> Result<Vec<catalog_version::Model>, StoreError> {
    let mut q = catalog_version::Entity::find();
    if let Some(a) = agency_id {
        q = q.filter(catalog_version::Column::AgencyId.eq(a));
    }
    if let Some(k) = kind {
        q = q.filter(catalog_version::Column::Kind.eq(k));
    }
    if let Some(s) = status {
        q = q.filter(catalog_version::Column::Status.eq(s));
    }
    Ok(q.order_by_asc(catalog_version::Column::AgencyId)
        .order_by_asc(catalog_version::Column::Kind)
        .order_by_desc(catalog_version::Column::VersionNo)
        .all(db)
        .await?)
}

async fn ensure_draft(db: &impl ConnectionTrait, version_id: i64) -> Result<(), StoreError> {
    match version(db, version_id).await?.status.as_str() {
        "draft" => Ok(()),
        _ => Err(FINAL),
    }
}

/// Replaces a draft's items (in the caller's transaction, so an import is all or nothing).
pub async fn replace_items(
    db: &impl ConnectionTrait,
    version_id: i64,
    items: Vec<NewItem>,
) -> Result<(), StoreError> {
    let v = version(db, version_id).await?;
    if v.status != "draft" {
        return Err(FINAL);
    }
    catalog_item::Entity::delete_many()
        .filter(catalog_item::Column::VersionId.eq(version_id))
        .exec(db)
        .await?;
    let count = i32::try_from(items.len()).unwrap_or(i32::MAX);
    // Bounded statements: SQLite allows 32,766 bound values; 8 columns × 1,000 rows is safe.
    let mut rows = items.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<catalog_item::ActiveModel> = rows
            .by_ref()
            .take(1000)
            .map(|it| catalog_item::ActiveModel {
                id: NotSet,
                version_id: Set(version_id),
                agency_id: Set(v.agency_id),
                seq: Set(it.seq),
                code: Set(it.code),
                name: Set(it.name),
                matter_kind: Set(it.matter_kind),
                data: Set(it.data),
            })
            .collect();
        catalog_item::Entity::insert_many(chunk).exec(db).await?;
    }
    let updated = catalog_version::Entity::update_many()
        .col_expr(catalog_version::Column::ItemCount, Expr::value(count))
        .filter(catalog_version::Column::Id.eq(version_id))
        .filter(catalog_version::Column::Status.eq("draft"))
        .exec(db)
        .await?;
    if updated.rows_affected != 1 {
        return Err(FINAL);
    }
    Ok(())
}

/// Adds an item to a draft (`id` None) or replaces one of its items; keeps `item_count` right.
pub async fn put_item(
    db: &impl ConnectionTrait,
    version_id: i64,
    id: Option<i64>,
    it: NewItem,
) -> Result<catalog_item::Model, StoreError> {
    let v = version(db, version_id).await?;
    if v.status != "draft" {
        return Err(FINAL);
    }
    let am = catalog_item::ActiveModel {
        id: NotSet,
        version_id: Set(version_id),
        agency_id: Set(v.agency_id),
        seq: Set(it.seq),
        code: Set(it.code),
        name: Set(it.name),
        matter_kind: Set(it.matter_kind),
        data: Set(it.data),
    };
    let id = match id {
        Some(id) => {
            let updated = catalog_item::Entity::update_many()
                .set(am)
                .filter(catalog_item::Column::Id.eq(id))
                .filter(catalog_item::Column::VersionId.eq(version_id))
                .exec(db)
                .await?;
            if updated.rows_affected != 1 {
                return Err(StoreError::NotFound);
            }
            id
        }
        None => {
            catalog_item::Entity::insert(am)
                .exec(db)
                .await?
                .last_insert_id
        }
    };
    recount(db, version_id).await?;
    item(db, id).await
}

/// Removes one item from a draft.
pub async fn delete_item(
    db: &impl ConnectionTrait,
    version_id: i64,
    id: i64,
) -> Result<(), StoreError> {
    ensure_draft(db, version_id).await?;
    let deleted = catalog_item::Entity::delete_many()
        .filter(catalog_item::Column::Id.eq(id))
        .filter(catalog_item::Column::VersionId.eq(version_id))
        .exec(db)
        .await?;
    if deleted.rows_affected != 1 {
        return Err(StoreError::NotFound);
    }
    recount(db, version_id).await
}

/// Copies every item of `from` into the draft `to` (a new version started from an old one).
pub async fn copy_items(db: &impl ConnectionTrait, from: i64, to: i64) -> Result<(), StoreError> {
    let items = all_items(db, from)
        .await?
        .into_iter()
        .map(|it| NewItem {
            seq: it.seq,
            code: it.code,
            name: it.name,
            matter_kind: it.matter_kind,
            data: it.data,
        })
        .collect();
    replace_items(db, to, items).await
}

async fn recount(db: &impl ConnectionTrait, version_id: i64) -> Result<(), StoreError> {
    let count = catalog_item::Entity::find()
        .filter(catalog_item::Column::VersionId.eq(version_id))
        .count(db)
        .await?;
    let updated = catalog_version::Entity::update_many()
        .col_expr(
            catalog_version::Column::ItemCount,
            Expr::value(i32::try_from(count).unwrap_or(i32::MAX)),
        )
        .filter(catalog_version::Column::Id.eq(version_id))
        .filter(catalog_version::Column::Status.eq("draft"))
        .exec(db)
        .await?;
    if updated.rows_affected != 1 {
        return Err(FINAL);
    }
    Ok(())
}

/// Sets a draft's descriptive fields.
pub async fn update_draft(
    db: &impl ConnectionTrait,
    version_id: i64,
    title: &str,
    note: Option<&str>,
) -> Result<(), StoreError> {
    let updated = catalog_version::Entity::update_many()
        .col_expr(catalog_version::Column::Title, Expr::value(title))
        .col_expr(
            catalog_version::Column::Note,
            Expr::value(note.map(str::to_owned)),
        )
        .filter(catalog_version::Column::Id.eq(version_id))
        .filter(catalog_version::Column::Status.eq("draft"))
        .exec(db)
        .await?;
    if updated.rows_affected != 1 {
        ensure_draft(db, version_id).await?;
    }
    Ok(())
}

/// Publishes a draft: from now on nothing of it changes.
pub async fn publish(
    db: &impl ConnectionTrait,
    version_id: i64,
    effective_from: NaiveDate,
    effective_to: Option<NaiveDate>,
    content_sm3: &str,
    by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let updated = catalog_version::Entity::update_many()
        .col_expr(catalog_version::Column::Status, Expr::value("published"))
        .col_expr(
            catalog_version::Column::EffectiveFrom,
            Expr::value(effective_from),
        )
        .col_expr(
            catalog_version::Column::EffectiveTo,
            Expr::value(effective_to),
        )
        .col_expr(
            catalog_version::Column::ContentSm3,
            Expr::value(content_sm3),
        )
        .col_expr(catalog_version::Column::PublishedAt, Expr::value(now))
        .col_expr(catalog_version::Column::PublishedBy, Expr::value(by))
        .filter(catalog_version::Column::Id.eq(version_id))
        .filter(catalog_version::Column::Status.eq("draft"))
        .exec(db)
        .await?;
    if updated.rows_affected != 1 {
        ensure_draft(db, version_id).await?;
        return Err(FINAL);
    }
    Ok(())
}

/// A draft may be deleted; a published version never.
pub async fn delete_draft(db: &impl ConnectionTrait, version_id: i64) -> Result<(), StoreError> {
    ensure_draft(db, version_id).await?;
    catalog_item::Entity::delete_many()
        .filter(catalog_item::Column::VersionId.eq(version_id))
        .exec(db)
        .await?;
    catalog_version::Entity::delete_many()
        .filter(catalog_version::Column::Id.eq(version_id))
        .filter(catalog_version::Column::Status.eq("draft"))
        .exec(db)
        .await?;
    Ok(())
}

/// One page of a version's items in list order, optionally of one matter kind.
pub async fn items(
    db: &impl ConnectionTrait,
    version_ids: &[i64],
    matter_kind: Option<&str>,
    page: PageRequest,
) -> Result<Page<catalog_item::Model>, StoreError> {
    let mut q = catalog_item::Entity::find()
        .filter(catalog_item::Column::VersionId.is_in(version_ids.iter().copied()));
    if let Some(k) = matter_kind {
        q = q.filter(catalog_item::Column::MatterKind.eq(k));
    }
    let total = q.clone().count(db).await?;
    let items = q
        .order_by_asc(catalog_item::Column::VersionId)
        .order_by_asc(catalog_item::Column::Seq)
        .order_by_asc(catalog_item::Column::Id)
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

/// Every item of a version, in list order (diffs, exports, rule engines, the search index).
pub async fn all_items(
    db: &impl ConnectionTrait,
    version_id: i64,
) -> Result<Vec<catalog_item::Model>, StoreError> {
    Ok(catalog_item::Entity::find()
        .filter(catalog_item::Column::VersionId.eq(version_id))
        .order_by_asc(catalog_item::Column::Seq)
        .order_by_asc(catalog_item::Column::Id)
        .all(db)
        .await?)
}

pub async fn item(db: &impl ConnectionTrait, id: i64) -> Result<catalog_item::Model, StoreError> {
    catalog_item::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

/// An article to load: number, label (第N条), chapter, section, text.
pub type NewArticle = (i32, String, Option<String>, Option<String>, String);

/// Loads a statute's articles unless that statute is already there (idempotent seeding).
pub async fn ensure_law(
    db: &impl ConnectionTrait,
    slug: &str,
    title: &str,
    articles: Vec<NewArticle>,
) -> Result<bool, StoreError> {
    let present = law_article::Entity::find()
        .filter(law_article::Column::LawSlug.eq(slug))
        .count(db)
        .await?;
    if present > 0 {
        return Ok(false);
    }
    let rows: Vec<law_article::ActiveModel> = articles
        .into_iter()
        .map(
            |(number, label, chapter, section, text)| law_article::ActiveModel {
                id: NotSet,
                law_slug: Set(slug.to_owned()),
                law_title: Set(title.to_owned()),
                number: Set(number),
                label: Set(label),
                chapter: Set(chapter),
                section: Set(section),
                text: Set(text),
            },
        )
        .collect();
    for chunk in rows.chunks(500) {
        law_article::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    Ok(true)
}

pub async fn law_articles(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Vec<law_article::Model>, StoreError> {
    Ok(law_article::Entity::find()
        .filter(law_article::Column::LawSlug.eq(slug))
        .order_by_asc(law_article::Column::Number)
        .all(db)
        .await?)
}

/// (slug, title) of every loaded statute.
pub async fn laws(db: &impl ConnectionTrait) -> Result<Vec<(String, String)>, StoreError> {
    Ok(law_article::Entity::find()
        .select_only()
        .column(law_article::Column::LawSlug)
        .column(law_article::Column::LawTitle)
        .distinct()
        .order_by_asc(law_article::Column::LawSlug)
        .into_tuple::<(String, String)>()
        .all(db)
        .await?)
}
