//! Table `deadline`. CASE-5: a computed due date with its rule and calendar version.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "deadline")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// What the deadline belongs to, e.g. `case`, `publication`.
    pub subject_kind: String,
    pub subject_id: i64,
    pub rule: String,
    pub start: Date,
    /// `workdays` or `days`.
    pub period_kind: String,
    pub period_n: i32,
    pub roll_forward: bool,
    pub due: Date,
    pub calendar_version: String,
    pub provisional: bool,
    /// Open deadlines are recomputed when the calendar changes.
    pub open: bool,
    pub created_at: DateTimeUtc,
    /// What is due, in Chinese (for the alarm lists).
    pub what: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
