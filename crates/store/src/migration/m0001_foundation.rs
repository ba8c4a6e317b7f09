//! The foundation: registry, users, sessions, audit log, calendar, deadlines.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0001_foundation"
    }
}

fn fk(
    from_table: &'static str,
    col: &'static str,
    to_table: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from_table}_{col}"))
        .from(from_table, col)
        .to(to_table, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .take()
}

fn index(table: &'static str, cols: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(format!("ix_{table}_{}", cols.join("_")))
        .table(table);
    for c in cols {
        i.col(*c);
    }
    if unique {
        i.unique();
    }
    i.take()
}

fn tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table("agency")
            .col(big_pk_auto("id"))
            .col(string_uniq("name"))
            .col(string("short_name"))
            .col(string("nature"))
            .col(string_null("credit_code"))
            .col(string_len("division_code", 6))
            .col(big_integer_null("parent_id"))
            .col(string("funding"))
            .col(integer("staffing"))
            .col(string("category"))
            .col(text("duties"))
            .col(string("legal_representative"))
            .col(string("address"))
            .col(string("complaint_phone"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut fk("agency", "parent_id", "agency"))
            .take(),
        Table::create()
            .table("entrustment")
            .col(big_pk_auto("id"))
            .col(big_integer("entrusting_id"))
            .col(big_integer("entrusted_id"))
            .col(string("document_no"))
            .col(text("scope"))
            .col(date("valid_from"))
            .col(date("valid_until"))
            .col(string("publication_url"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut fk("entrustment", "entrusting_id", "agency"))
            .foreign_key(&mut fk("entrustment", "entrusted_id", "agency"))
            .take(),
        Table::create()
            .table("officer")
            .col(big_pk_auto("id"))
            .col(big_integer("agency_id"))
            .col(string("name"))
            .col(string_len("sex", 1))
            .col(string_null("id_number"))
            .col(string_null("phone"))
            .col(string("post"))
            .col(boolean("is_reviewer"))
            .col(boolean("legal_qualified"))
            .col(date_null("legal_qualified_on"))
            .col(date_null("first_review_on"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut fk("officer", "agency_id", "agency"))
            .take(),
        Table::create()
            .table("certificate")
            .col(big_pk_auto("id"))
            .col(big_integer("officer_id"))
            .col(string_uniq("number"))
            .col(string("category"))
            .col(string("area"))
            .col(string("issued_by"))
            .col(date("valid_from"))
            .col(date("valid_until"))
            .col(string("status"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut fk("certificate", "officer_id", "officer"))
            .take(),
        Table::create()
            .table("certificate_event")
            .col(big_pk_auto("id"))
            .col(big_integer("certificate_id"))
            .col(string("change"))
            .col(string_null("from_status"))
            .col(string("to_status"))
            .col(text("reason"))
            .col(big_integer_null("actor_id"))
            .col(timestamp_with_time_zone("at"))
            .foreign_key(&mut fk(
                "certificate_event",
                "certificate_id",
                "certificate",
            ))
            .take(),
        Table::create()
            .table("legal_adviser")
            .col(big_pk_auto("id"))
            .col(big_integer_null("agency_id"))
            .col(string("name"))
            .col(string("kind"))
            .col(string("organisation"))
            .col(string("pool"))
            .col(boolean("legal_qualified"))
            .col(date_null("valid_until"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut fk("legal_adviser", "agency_id", "agency"))
            .take(),
        Table::create()
            .table("app_user")
            .col(big_pk_auto("id"))
            .col(string_uniq("username"))
            .col(string("display_name"))
            .col(string("password_hash"))
            .col(string("role"))
            .col(big_integer("agency_id"))
            .col(big_integer_null("officer_id"))
            .col(integer("failed_count"))
            .col(timestamp_with_time_zone_null("locked_until"))
            .col(boolean("disabled"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone_null("last_login_at"))
            .foreign_key(&mut fk("app_user", "agency_id", "agency"))
            .foreign_key(&mut fk("app_user", "officer_id", "officer"))
            .take(),
        Table::create()
            .table("session")
            .col(string("id").primary_key())
            .col(big_integer("user_id"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("last_seen_at"))
            .foreign_key(
                &mut fk("session", "user_id", "app_user")
                    .on_delete(ForeignKeyAction::Cascade)
                    .take(),
            )
            .take(),
        Table::create()
            .table("audit_log")
            .col(big_pk_auto("id"))
            .col(timestamp_with_time_zone("at"))
            .col(big_integer_null("actor_id"))
            .col(string("actor_name"))
            .col(string("actor_role"))
            .col(string("action"))
            .col(string("entity"))
            .col(big_integer_null("entity_id"))
            .col(string("outcome"))
            .col(text_null("before"))
            .col(text_null("after"))
            .take(),
        Table::create()
            .table("holiday")
            .col(date("date").primary_key())
            .col(string("name"))
            .col(boolean("off_day"))
            .col(integer("notice_year"))
            .take(),
        Table::create()
            .table("deadline")
            .col(big_pk_auto("id"))
            .col(string("subject_kind"))
            .col(big_integer("subject_id"))
            .col(string("rule"))
            .col(date("start"))
            .col(string("period_kind"))
            .col(integer("period_n"))
            .col(boolean("roll_forward"))
            .col(date("due"))
            .col(string("calendar_version"))
            .col(boolean("provisional"))
            .col(boolean("open"))
            .col(timestamp_with_time_zone("created_at"))
            .take(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        index("agency", &["division_code"], false),
        index("officer", &["agency_id", "name"], false),
        index("officer", &["name"], false),
        index("certificate", &["officer_id"], false),
        index("certificate_event", &["certificate_id"], false),
        index("entrustment", &["entrusted_id"], false),
        index("app_user", &["agency_id"], false),
        index("audit_log", &["at"], false),
        index("audit_log", &["entity", "entity_id"], false),
        index("holiday", &["notice_year"], false),
        index("deadline", &["open", "due"], false),
        index("deadline", &["subject_kind", "subject_id"], false),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in tables() {
            manager.create_table(t).await?;
        }
        for i in indexes() {
            manager.create_index(i).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in tables().into_iter().rev() {
            let name = t.get_table_name().cloned();
            if let Some(name) = name {
                manager.drop_table(Table::drop().table(name).take()).await?;
            }
        }
        Ok(())
    }
}
