use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use sanxiang_app::AppError;
use sanxiang_core::rule::Violation;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::query::Query;
use crate::state::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct DateQuery {
    /// YYYY-MM-DD
    date: String,
    /// Number of days.
    n: Option<u32>,
    /// W4: move an end on a non-working day to the next working day.
    roll_forward: Option<bool>,
}

fn parse_date(s: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        ApiError(AppError::invalid(Violation::hard(
            "DATE",
            Some("date"),
            "日期格式应为YYYY-MM-DD",
        )))
    })
}

/// W1: whether a date is a working day.
#[utoipa::path(get, path = "/api/v1/calendar/workday", params(DateQuery), tag = "calendar",
    responses((status = 200, description = "{date, workday, provisional, calendar_version}")))]
pub async fn is_workday(
    State(state): State<AppState>,
    Query(q): Query<DateQuery>,
) -> Result<Json<Value>, ApiError> {
    let d = parse_date(&q.date)?;
    let cal = state.app.calendar();
    Ok(Json(json!({
        "date": d,
        "workday": cal.is_workday(d),
        "provisional": cal.is_provisional(d),
        "calendar_version": cal.version().as_str(),
    })))
}

/// W3: the date `n` working days after `date` (start day excluded).
#[utoipa::path(get, path = "/api/v1/calendar/add-workdays", params(DateQuery), tag = "calendar",
    responses((status = 200, description = "{start, n, due, provisional, calendar_version}")))]
pub async fn add_workdays(
    State(state): State<AppState>,
    Query(q): Query<DateQuery>,
) -> Result<Json<Value>, ApiError> {
    let d = parse_date(&q.date)?;
    let n = q.n.unwrap_or(1);
    let cal = state.app.calendar();
    let due = cal.add_workdays(d, n);
    Ok(Json(json!({
        "start": d, "n": n, "due": due,
        "provisional": cal.any_provisional(d, due),
        "calendar_version": cal.version().as_str(),
    })))
}

/// W4: the date `n` calendar days after `date`, optionally rolled forward.
#[utoipa::path(get, path = "/api/v1/calendar/add-days", params(DateQuery), tag = "calendar",
    responses((status = 200, description = "{start, n, due, calendar_version}")))]
pub async fn add_days(
    State(state): State<AppState>,
    Query(q): Query<DateQuery>,
) -> Result<Json<Value>, ApiError> {
    let d = parse_date(&q.date)?;
    let n = q.n.unwrap_or(1);
    let cal = state.app.calendar();
    let due = cal.add_days(d, n, q.roll_forward.unwrap_or(false));
    Ok(Json(
        json!({"start": d, "n": n, "due": due, "calendar_version": cal.version().as_str()}),
    ))
}
