//! Data scope as SQL conditions. The only place that turns a `Scope` into a filter.

use sanxiang_core::auth::Scope;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition};

use crate::entity::agency;

/// Condition on a table's agency-id column.
pub fn on_agency_column<C: ColumnTrait>(scope: &Scope, col: C) -> Condition {
    match scope {
        Scope::All => Condition::all(),
        Scope::Agency(id) => Condition::all().add(col.eq(*id)),
        Scope::Division(prefix) => Condition::all().add(
            Expr::col(col).in_subquery(
                Query::select()
                    .column(agency::Column::Id)
                    .from(agency::Entity)
                    .and_where(agency::Column::DivisionCode.like(format!("{prefix}%")))
                    .to_owned(),
            ),
        ),
    }
}

/// Condition on the agency table itself.
pub fn on_agency(scope: &Scope) -> Condition {
    match scope {
        Scope::All => Condition::all(),
        Scope::Agency(id) => Condition::all().add(agency::Column::Id.eq(*id)),
        Scope::Division(prefix) => {
            Condition::all().add(agency::Column::DivisionCode.like(format!("{prefix}%")))
        }
    }
}
