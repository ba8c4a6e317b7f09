//! Catalog use cases (CAT-1..6, C2): import a file as a draft version, edit a draft's items,
//! publish (final), compare, export; the versions in force for the portal and the rule engines.

mod av;
mod diff;
pub mod export;
mod items;
mod table;

use chrono::NaiveDate;
use sanxiang_core::auth::{Permission, Scope};
use sanxiang_core::catalog::import::{
    CellError, Provenance, RowFormat, major_rule_row, matter_row, spot_check_row,
};
use sanxiang_core::catalog::law::{BUILTIN_LAWS, parse_law_markdown};
use sanxiang_core::catalog::major::{Classification, DraftDecision, MajorReviewRule, classify};
use sanxiang_core::catalog::version::{
    CatalogKind, Effective, VersionHead, VersionStatus, check_not_retroactive, check_publish,
    version_in_force,
};
use sanxiang_core::rule::Violation;
use sanxiang_store::entity::{agency, catalog_item, catalog_version};
use sanxiang_store::repo::catalogs::{NewItem, NewVersion};
use sanxiang_store::repo::{self, Page, PageRequest};

pub use av::AvRulesCache;
pub use diff::{FieldChange, ItemChange};
pub use items::{ItemValue, parse_item};

use crate::spreadsheet::ImportProblem;
use crate::{Actor, App, AppError};

/// A file to import as a new draft of an agency's catalog.
pub struct CatalogImport {
    pub agency_id: i64,
    /// Defaults to the list's own title, or the catalog kind's name.
    pub title: Option<String>,
    pub bytes: Vec<u8>,
}

fn problem(e: CellError, value: String) -> ImportProblem {
    ImportProblem {
        row: e.line,
        column: e.column,
        value,
        rule: e.rule,
        message: e.message,
    }
}

fn file_problem(message: String) -> ImportProblem {
    ImportProblem {
        row: 0,
        column: String::new(),
        value: String::new(),
        rule: "INT-3".into(),
        message,
    }
}

/// A parsed file: the catalog kind, where it comes from, and its items.
pub struct ParsedCatalog {
    pub kind: CatalogKind,
    pub provenance: Option<Provenance>,
    pub items: Vec<NewItem>,
}

/// The rows of a catalog file: per row, where it comes from and its item.
pub type CatalogRows = (CatalogKind, Vec<(Provenance, ItemValue)>);

/// Checks every row of a catalog file; all problems or every row.
pub fn parse_catalog_rows(bytes: &[u8]) -> Result<CatalogRows, Vec<ImportProblem>> {
    let table = table::read_table(bytes).map_err(|m| vec![file_problem(m)])?;
    let format = RowFormat::detect(&table.headers).map_err(|m| vec![file_problem(m)])?;
    if table.rows.is_empty() {
        return Err(vec![file_problem("文件中没有数据行".into())]);
    }
    let mut problems = Vec::new();
    let mut items = Vec::new();
    for row in &table.rows {
        let outcome = match format {
            RowFormat::Powers => matter_row(row).map(|(p, m)| (p, ItemValue::Matter(m))),
            RowFormat::MajorReview => {
                major_rule_row(row).map(|(p, r)| (p, ItemValue::MajorReview(r)))
            }
            RowFormat::SpotCheck => spot_check_row(row).map(|(p, s)| (p, ItemValue::SpotCheck(s))),
        };
        match outcome {
            Ok(pair) => items.push(pair),
            Err(errs) => problems.extend(errs.into_iter().map(|e| {
                let value = row.get(&e.column).to_owned();
                problem(e, value)
            })),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let kind = match format {
        RowFormat::Powers => CatalogKind::Powers,
        RowFormat::MajorReview => CatalogKind::MajorReview,
        RowFormat::SpotCheck => CatalogKind::SpotCheck,
    };
    Ok((kind, items))
}

/// A whole file as one catalog: its kind, the first row's provenance, the items in file order.
pub fn parse_catalog_file(bytes: &[u8]) -> Result<ParsedCatalog, Vec<ImportProblem>> {
    let (kind, rows) = parse_catalog_rows(bytes)?;
    let provenance = rows.first().map(|(p, _)| p.clone());
    let items = rows
        .iter()
        .enumerate()
        .map(|(i, (_, v))| v.to_new_item(i32::try_from(i + 1).unwrap_or(i32::MAX)))
        .collect();
    Ok(ParsedCatalog {
        kind,
        provenance,
        items,
    })
}

/// Content fingerprint of a version: SM3 over its items' JSON in list order, one per line.
pub fn content_sm3(items: &[catalog_item::Model]) -> String {
    let mut text = String::new();
    for it in items {
        text.push_str(&it.data);
        text.push('\n');
    }
    hex::encode(sanxiang_ledger::hash::HashAlg::Sm3.digest(text.as_bytes()))
}

/// A published version and its agency, as the portal lists them.
#[derive(Debug, Clone)]
pub struct InForce {
    pub agency: agency::Model,
    pub version: catalog_version::Model,
}

impl App {
    async fn catalog_agency(
        &self,
        actor: &Actor,
        agency_id: i64,
    ) -> Result<agency::Model, AppError> {
        let r = repo::agencies::get(self.store().db(), &actor.scope, agency_id).await;
        self.scoped(actor, "agency", agency_id, r).await
    }

    async fn draft_in_scope(
        &self,
        actor: &Actor,
        version_id: i64,
    ) -> Result<catalog_version::Model, AppError> {
        let v = repo::catalogs::version(self.store().db(), version_id).await?;
        self.catalog_agency(actor, v.agency_id).await?;
        Ok(v)
    }

    /// Imports a CSV/XLSX catalog as a new draft (all rows or none; each bad cell reported).
    pub async fn catalog_import(
        &self,
        actor: &Actor,
        import: CatalogImport,
    ) -> Result<catalog_version::Model, AppError> {
        actor.require(Permission::WriteCatalogs)?;
        self.catalog_agency(actor, import.agency_id).await?;
        let parsed = parse_catalog_file(&import.bytes).map_err(AppError::ImportRejected)?;
        let title = import
            .title
            .filter(|t| !t.trim().is_empty())
            .or_else(|| parsed.provenance.as_ref().and_then(|p| p.title.clone()))
            .unwrap_or_else(|| parsed.kind.label_zh().to_owned());
        self.catalog_store_draft(
            actor,
            import.agency_id,
            parsed.kind,
            title,
            parsed.provenance,
            parsed.items,
        )
        .await
    }

    pub(crate) async fn catalog_store_draft(
        &self,
        actor: &Actor,
        agency_id: i64,
        kind: CatalogKind,
        title: String,
        provenance: Option<Provenance>,
        items: Vec<NewItem>,
    ) -> Result<catalog_version::Model, AppError> {
        let txn = self.store().begin_write().await?;
        let v = repo::catalogs::create_version(
            &txn,
            NewVersion {
                agency_id,
                kind: kind.code().into(),
                title,
                source_list_id: provenance.as_ref().map(|p| p.list_id.clone()),
                source_issuer: provenance.as_ref().map(|p| p.issuer.clone()),
                source_url: provenance.as_ref().and_then(|p| p.source_url.clone()),
                note: provenance
                    .as_ref()
                    .and_then(|p| p.published.clone())
                    .map(|d| format!("来源发布：{d}")),
            },
            self.now(),
        )
        .await?;
        let count = items.len();
        repo::catalogs::replace_items(&txn, v.id, items).await?;
        let mut audit = actor.audit("catalog.import", "catalog_version", Some(v.id));
        audit.after =
            Some(serde_json::json!({"kind": kind.code(), "title": v.title, "items": count}));
        repo::audit::append(&txn, audit, self.now()).await?;
        txn.commit().await?;
        Ok(repo::catalogs::version(self.store().db(), v.id).await?)
    }

    /// A new empty draft (the console's "new version"; items are then saved with
    /// `catalog_save_items`).
    pub async fn catalog_new_draft(
        &self,
        actor: &Actor,
        agency_id: i64,
        kind: CatalogKind,
        title: String,
    ) -> Result<catalog_version::Model, AppError> {
        actor.require(Permission::WriteCatalogs)?;
        self.catalog_agency(actor, agency_id).await?;
        self.catalog_store_draft(actor, agency_id, kind, title, None, Vec::new())
            .await
    }

    /// Replaces a draft's items with edited ones (JSON values of the catalog's item type).
    pub async fn catalog_save_items(
        &self,
        actor: &Actor,
        version_id: i64,
        values: &[serde_json::Value],
    ) -> Result<catalog_version::Model, AppError> {
        actor.require(Permission::WriteCatalogs)?;
        let v = self.draft_in_scope(actor, version_id).await?;
        let kind = CatalogKind::from_code(&v.kind)
            .ok_or_else(|| AppError::Internal(format!("unknown catalog kind {}", v.kind)))?;
        let mut violations = Vec::new();
        let mut items = Vec::new();
        for (i, value) in values.iter().enumerate() {
            match parse_item(kind, value) {
                Ok(item) => items.push(item.to_new_item(i32::try_from(i + 1).unwrap_or(i32::MAX))),
                Err(vs) => violations.extend(vs.into_iter().map(|mut v| {
                    v.field = Some(format!("items[{i}].{}", v.field.unwrap_or_default()));
                    v
                })),
            }
        }
        if !violations.is_empty() {
            return Err(AppError::Invalid(violations));
        }
        let txn = self.store().begin_write().await?;
        repo::catalogs::replace_items(&txn, v.id, items).await?;
        let mut audit = actor.audit("catalog.edit", "catalog_version", Some(v.id));
        audit.after = Some(serde_json::json!({"items": values.len()}));
        repo::audit::append(&txn, audit, self.now()).await?;
        txn.commit().await?;
        Ok(repo::catalogs::version(self.store().db(), v.id).await?)
    }

    /// Adds (`item_id` None) or replaces one item of a draft; the value is checked as
    /// `catalog_save_items` checks it, and nothing is written when it fails.
    pub async fn catalog_put_item(
        &self,
        actor: &Actor,
        version_id: i64,
        item_id: Option<i64>,
        value: &serde_json::Value,
    ) -> Result<catalog_item::Model, AppError> {
        actor.require(Permission::WriteCatalogs)?;
        let v = self.draft_in_scope(actor, version_id).await?;
        let kind = CatalogKind::from_code(&v.kind)
            .ok_or_else(|| AppError::Internal(format!("unknown catalog kind {}", v.kind)))?;
        let seq = match item_id {
            Some(id) => repo::catalogs::item(self.store().db(), id).await?.seq,
            None => v.item_count.saturating_add(1),
        };
        let item = parse_item(kind, value).map_err(AppError::Invalid)?;
        let txn = self.store().begin_write().await?;
        let stored = repo::catalogs::put_item(&txn, v.id, item_id, item.to_new_item(seq)).await?;
        let mut audit = actor.audit("catalog.edit_item", "catalog_version", Some(v.id));
        audit.after = Some(serde_json::json!({"item": stored.id, "name": stored.name}));
        repo::audit::append(&txn, audit, self.now()).await?;
        txn.commit().await?;
        Ok(stored)
    }

    /// Removes one item of a draft.
    pub async fn catalog_remove_item(
        &self,
        actor: &Actor,
        version_id: i64,
        item_id: i64,
    ) -> Result<(), AppError> {
        actor.require(Permission::WriteCatalogs)?;
        let v = self.draft_in_scope(actor, version_id).await?;
        let txn = self.store().begin_write().await?;
        repo::catalogs::delete_item(&txn, v.id, item_id).await?;
        let mut audit = actor.audit("catalog.remove_item", "catalog_version", Some(v.id));
        audit.before = Some(serde_json::json!({"item": item_id}));
        repo::audit::append(&txn, audit, self.now()).await?;
        txn.commit().await?;
        Ok(())
    }

    /// C2: a published version never changes; amending it starts a new draft holding a copy of
    /// its items (same agency, kind and title), published later with its own dates.
    pub async fn catalog_draft_from(
        &self,
        actor: &Actor,
        version_id: i64,
    ) -> Result<catalog_version::Model, AppError> {
        actor.require(Permission::WriteCatalogs)?;
        let old = self.draft_in_scope(actor, version_id).await?;
        let kind = CatalogKind::from_code(&old.kind)
            .ok_or_else(|| AppError::Internal(format!("unknown catalog kind {}", old.kind)))?;
        let txn = self.store().begin_write().await?;
        let v = repo::catalogs::create_version(
            &txn,
            NewVersion {
                agency_id: old.agency_id,
                kind: kind.code().into(),
                title: old.title.clone(),
                source_list_id: old.source_list_id.clone(),
                source_issuer: old.source_issuer.clone(),
                source_url: old.source_url.clone(),
                note: Some(format!("据第{}版修订", old.version_no)),
            },
            self.now(),
        )
        .await?;
        repo::catalogs::copy_items(&txn, old.id, v.id).await?;
        let mut audit = actor.audit("catalog.new_version", "catalog_version", Some(v.id));
        audit.after = Some(serde_json::json!({"from": old.id, "items": old.item_count}));
        repo::audit::append(&txn, audit, self.now()).await?;
        txn.commit().await?;
        Ok(repo::catalogs::version(self.store().db(), v.id).await?)
    }

    /// One item with its version, for the console (drafts only within scope).
    pub async fn catalog_item(
        &self,
        actor: &Actor,
        item_id: i64,
    ) -> Result<(catalog_version::Model, catalog_item::Model), AppError> {
        let item = repo::catalogs::item(self.store().db(), item_id).await?;
        let v = self
            .catalog_version_head(Some(actor), item.version_id)
            .await?;
        Ok((v, item))
    }

    /// C2: publishes a draft; it is final from then on and takes effect on `effective_from`,
    /// which may not lie before today (see `check_not_retroactive`).
    pub async fn catalog_publish(
        &self,
        actor: &Actor,
        version_id: i64,
        effective_from: Option<NaiveDate>,
        effective_to: Option<NaiveDate>,
    ) -> Result<catalog_version::Model, AppError> {
        self.publish_version(actor, version_id, effective_from, effective_to, false)
            .await
    }

    /// C2: enters a list that was published elsewhere in the past (an administrator's import
    /// of historical catalogs), with its own past dates. The audit entry says so.
    pub async fn catalog_publish_historical(
        &self,
        actor: &Actor,
        version_id: i64,
        effective_from: Option<NaiveDate>,
        effective_to: Option<NaiveDate>,
    ) -> Result<catalog_version::Model, AppError> {
        self.publish_version(actor, version_id, effective_from, effective_to, true)
            .await
    }

    async fn publish_version(
        &self,
        actor: &Actor,
        version_id: i64,
        effective_from: Option<NaiveDate>,
        effective_to: Option<NaiveDate>,
        historical: bool,
    ) -> Result<catalog_version::Model, AppError> {
        actor.require(Permission::PublishCatalogs)?;
        let v = self.draft_in_scope(actor, version_id).await?;
        let status = VersionStatus::from_code(&v.status).unwrap_or(VersionStatus::Published);
        let items = repo::catalogs::all_items(self.store().db(), v.id).await?;
        let effective = effective_from.map(|from| Effective {
            from,
            to: effective_to,
        });
        let mut violations = check_publish(status, effective, items.len());
        if !historical {
            violations.extend(check_not_retroactive(effective, self.today()));
        }
        if !violations.is_empty() {
            return Err(AppError::Invalid(violations));
        }
        let Some(from) = effective_from else {
            return Err(AppError::Internal("checked above".into()));
        };
        let fingerprint = content_sm3(&items);
        let txn = self.store().begin_write().await?;
        repo::catalogs::publish(
            &txn,
            v.id,
            from,
            effective_to,
            &fingerprint,
            (actor.user_id > 0).then_some(actor.user_id),
            self.now(),
        )
        .await?;
        let mut audit = actor.audit("catalog.publish", "catalog_version", Some(v.id));
        audit.after = Some(serde_json::json!({
            "effective_from": from, "effective_to": effective_to, "content_sm3": fingerprint,
            "historical": historical
        }));
        repo::audit::append(&txn, audit, self.now()).await?;
        txn.commit().await?;
        self.public_changed();
        Ok(repo::catalogs::version(self.store().db(), v.id).await?)
    }

    pub async fn catalog_delete_draft(
        &self,
        actor: &Actor,
        version_id: i64,
    ) -> Result<(), AppError> {
        actor.require(Permission::WriteCatalogs)?;
        let v = self.draft_in_scope(actor, version_id).await?;
        let txn = self.store().begin_write().await?;
        repo::catalogs::delete_draft(&txn, v.id).await?;
        repo::audit::append(
            &txn,
            actor.audit("catalog.delete", "catalog_version", Some(v.id)),
            self.now(),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Versions the actor may see (drafts of agencies in scope; every published one).
    pub async fn catalog_versions(
        &self,
        actor: &Actor,
        agency_id: Option<i64>,
        kind: Option<CatalogKind>,
    ) -> Result<Vec<(catalog_version::Model, String)>, AppError> {
        actor.require(Permission::ReadRegistry)?;
        let agencies = repo::agencies::all(self.store().db(), &Scope::All).await?;
        let names: std::collections::HashMap<i64, agency::Model> =
            agencies.into_iter().map(|a| (a.id, a)).collect();
        let versions = repo::catalogs::versions(
            self.store().db(),
            agency_id,
            kind.map(CatalogKind::code),
            None,
        )
        .await?;
        Ok(versions
            .into_iter()
            .filter_map(|v| {
                let a = names.get(&v.agency_id)?;
                let visible = v.status == "published" || actor.scope.covers(a.id, &a.division_code);
                visible.then(|| (v, a.name.clone()))
            })
            .collect())
    }

    /// A version without its items: published ones are public, drafts only within scope.
    pub async fn catalog_version_head(
        &self,
        actor: Option<&Actor>,
        version_id: i64,
    ) -> Result<catalog_version::Model, AppError> {
        let v = repo::catalogs::version(self.store().db(), version_id).await?;
        if v.status != "published" {
            match actor {
                Some(a) => {
                    self.catalog_agency(a, v.agency_id).await?;
                }
                None => return Err(AppError::NotFound),
            }
        }
        Ok(v)
    }

    /// A version with one page of its items; drafts only within scope.
    pub async fn catalog_version(
        &self,
        actor: Option<&Actor>,
        version_id: i64,
        matter_kind: Option<&str>,
        page: PageRequest,
    ) -> Result<(catalog_version::Model, Page<catalog_item::Model>), AppError> {
        let v = self.catalog_version_head(actor, version_id).await?;
        let items = repo::catalogs::items(self.store().db(), &[v.id], matter_kind, page).await?;
        Ok((v, items))
    }

    /// Compares two versions of one catalog, the older (by version number) with the newer;
    /// returns them in that order with the changes.
    pub async fn catalog_diff(
        &self,
        actor: &Actor,
        one: i64,
        other: i64,
    ) -> Result<
        (
            catalog_version::Model,
            catalog_version::Model,
            Vec<ItemChange>,
        ),
        AppError,
    > {
        let x = self.catalog_version_head(Some(actor), one).await?;
        let y = self.catalog_version_head(Some(actor), other).await?;
        let (a, b) = if x.version_no <= y.version_no {
            (x, y)
        } else {
            (y, x)
        };
        if a.kind != b.kind {
            return Err(AppError::invalid(Violation::hard(
                "C2",
                Some("to"),
                "只能比较同一类清单的两个版本",
            )));
        }
        let db = self.store().db();
        let old = repo::catalogs::all_items(db, a.id).await?;
        let new = repo::catalogs::all_items(db, b.id).await?;
        let changes = diff::diff(&old, &new);
        Ok((a, b, changes))
    }

    /// Exports a version in its import layout (CSV, or XLSX when `xlsx`); published versions are
    /// public, drafts only within scope.
    pub async fn catalog_export(
        &self,
        actor: &Actor,
        version_id: i64,
        xlsx: bool,
    ) -> Result<Vec<u8>, AppError> {
        let v = self.catalog_version_head(Some(actor), version_id).await?;
        let items = repo::catalogs::all_items(self.store().db(), v.id).await?;
        let Some((columns, rows)) = export::rows(&v, &items) else {
            return Err(AppError::invalid(Violation::hard(
                "CAT-EXPORT",
                Some("version"),
                "该类清单没有表格格式，请通过接口获取JSON",
            )));
        };
        if xlsx {
            export::to_xlsx(columns, &rows)
        } else {
            export::to_csv(columns, &rows)
        }
    }

    /// C2: for each agency, the published version of `kind` in force on `date`.
    pub async fn catalogs_in_force(
        &self,
        kind: CatalogKind,
        date: NaiveDate,
    ) -> Result<Vec<InForce>, AppError> {
        let db = self.store().db();
        let versions =
            repo::catalogs::versions(db, None, Some(kind.code()), Some("published")).await?;
        let agencies = repo::agencies::all(db, &Scope::All).await?;
        let mut out = Vec::new();
        for a in agencies {
            let mine: Vec<&catalog_version::Model> =
                versions.iter().filter(|v| v.agency_id == a.id).collect();
            let heads: Vec<VersionHead> = mine.iter().map(|v| head(v)).collect();
            if let Some(id) = version_in_force(&heads, date)
                && let Some(v) = mine.into_iter().find(|v| v.id == id)
            {
                out.push(InForce {
                    agency: a,
                    version: v.clone(),
                });
            }
        }
        Ok(out)
    }

    /// REV-1: classifies a draft decision by Art 58 and the agency's 目录清单 in force on `date`.
    pub async fn classify_major(
        &self,
        agency_id: i64,
        draft: &DraftDecision,
        date: NaiveDate,
    ) -> Result<(Classification, Option<catalog_version::Model>), AppError> {
        let in_force = self
            .catalogs_in_force(CatalogKind::MajorReview, date)
            .await?
            .into_iter()
            .find(|f| f.agency.id == agency_id);
        let mut rules: Vec<MajorReviewRule> = Vec::new();
        if let Some(f) = &in_force {
            for it in repo::catalogs::all_items(self.store().db(), f.version.id).await? {
                if let Ok(ItemValue::MajorReview(r)) =
                    ItemValue::from_stored(CatalogKind::MajorReview, &it.data)
                {
                    rules.push(r);
                }
            }
        }
        Ok((classify(draft, &rules), in_force.map(|f| f.version)))
    }

    /// Loads the shipped statutes as articles (idempotent; at every start, cheap when present).
    pub(crate) async fn ensure_laws(&self) -> Result<(), AppError> {
        for (slug, text) in BUILTIN_LAWS {
            let law = parse_law_markdown(text)
                .map_err(|e| AppError::Internal(format!("statute {slug}: {e}")))?;
            let articles = law
                .articles
                .into_iter()
                .map(|a| {
                    (
                        i32::try_from(a.number).unwrap_or(i32::MAX),
                        a.label,
                        a.chapter,
                        a.section,
                        a.paragraphs.join("\n"),
                    )
                })
                .collect();
            repo::catalogs::ensure_law(self.store().db(), slug, &law.title, articles).await?;
        }
        Ok(())
    }
}

fn head(v: &catalog_version::Model) -> VersionHead {
    VersionHead {
        id: v.id,
        status: VersionStatus::from_code(&v.status).unwrap_or(VersionStatus::Draft),
        effective: v.effective_from.map(|from| Effective {
            from,
            to: v.effective_to,
        }),
    }
}
