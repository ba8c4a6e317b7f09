//! Shared helpers of the catalog tests: reading the shipped demo CSVs into rows.
#![allow(dead_code, clippy::unwrap_used)]

use sanxiang_core::catalog::import::Row;

pub fn rows_of(csv_text: &str) -> Vec<Row> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(csv_text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    reader
        .records()
        .enumerate()
        .map(|(i, r)| {
            let values: Vec<String> = r.unwrap().iter().map(str::to_owned).collect();
            Row::new(i + 2, &headers, &values)
        })
        .collect()
}

pub fn headers_of(csv_text: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect()
}

pub const POWERS_CSV: &str = include_str!("../../app/data/catalogs/power-list-items.csv");
pub const MAJOR_CSV: &str = include_str!("../../app/data/catalogs/legal-review-catalogs.csv");
pub const SPOT_CSV: &str = include_str!("../../app/data/catalogs/random-inspection-items.csv");
