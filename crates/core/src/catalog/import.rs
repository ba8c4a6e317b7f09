//! Catalog rows from CSV or XLSX (CAT-1, CAT-3, CAT-5): each row is checked cell by cell, and a
//! bad cell is reported with its row, column and rule, so that a whole file is either imported or
//! rejected with a list of what to fix (never half-imported; the adapter enforces "all or nothing").
//!
//! The column names are those of the published catalogs we import (`../demo-data/catalogs`),
//! which is also the format of our XLSX/CSV export, so an export re-imports as it is.

use std::collections::BTreeMap;

use serde::Serialize;

use super::legal_basis::parse_legal_basis;
use super::major::{AppliesTo, MajorReviewRule, Trigger};
use super::matter::{Matter, MatterKind};
use super::money::{Boundary, parse_yuan};
use super::spot_check::{SpotCheckItem, parse_ratio_percent};

/// One data row: 1-based line number in the file (header = 1) and its cells by column name.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub line: usize,
    pub cells: BTreeMap<String, String>,
}

impl Row {
    pub fn new(line: usize, headers: &[String], values: &[String]) -> Self {
        let cells = headers
            .iter()
            .zip(values.iter().chain(std::iter::repeat(&String::new())))
            .map(|(h, v)| (h.trim().to_owned(), v.trim().to_owned()))
            .collect();
        Self { line, cells }
    }

    pub fn get(&self, column: &str) -> &str {
        self.cells.get(column).map_or("", String::as_str)
    }

    fn opt(&self, column: &str) -> Option<String> {
        Some(self.get(column).to_owned()).filter(|v| !v.is_empty())
    }
}

/// A bad cell: where, which rule, what to do (Chinese).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellError {
    pub line: usize,
    pub column: String,
    pub rule: String,
    pub message: String,
}

impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "第{}行“{}”列：{}（{}）",
            self.line, self.column, self.message, self.rule
        )
    }
}

/// Which catalog format a header row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFormat {
    Powers,
    MajorReview,
    SpotCheck,
}

pub const POWERS_COLUMNS: &[&str] = &[
    "list_id",
    "issuer_or_unit",
    "list_title",
    "published",
    "seq",
    "item_code",
    "item_name",
    "sub_item_name",
    "category",
    "exercise_level",
    "legal_basis",
    "notes",
    "source_url",
    "source_quality",
];
pub const MAJOR_REVIEW_COLUMNS: &[&str] = &[
    "catalog_id",
    "issuer",
    "sector",
    "published",
    "item_no",
    "decision_type",
    "criterion",
    "natural_person_fine_threshold_yuan",
    "org_fine_threshold_yuan",
    "threshold_inclusive",
    "other_trigger",
    "review_focus",
    "source_url",
    "source_quality",
];
pub const SPOT_CHECK_COLUMNS: &[&str] = &[
    "list_id",
    "issuer",
    "year",
    "seq",
    "domain",
    "item_name",
    "check_content",
    "target",
    "item_class",
    "method",
    "ratio",
    "frequency",
    "period",
    "lead_dept",
    "assisting_depts",
    "legal_basis",
    "level",
    "source_url",
    "source_quality",
];

impl RowFormat {
    /// Recognises a header by its key columns; `Err` names the missing ones.
    pub fn detect(headers: &[String]) -> Result<Self, String> {
        let has = |c: &str| headers.iter().any(|h| h.trim() == c);
        let candidates = [
            (Self::Powers, POWERS_COLUMNS),
            (Self::MajorReview, MAJOR_REVIEW_COLUMNS),
            (Self::SpotCheck, SPOT_CHECK_COLUMNS),
        ];
        for (format, cols) in candidates {
            if cols.iter().all(|c| has(c)) {
                return Ok(format);
            }
        }
        Err("表头不是可识别的清单格式：权责清单须含 item_name、category 等列；法制审核目录须含 decision_type、criterion 等列；随机抽查事项清单须含 item_name、check_content 等列".into())
    }
}

/// The list a row belongs to and where it was published (kept with the version).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    pub list_id: String,
    pub issuer: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub source_url: Option<String>,
}

fn required(row: &Row, column: &str, rule: &str, what: &str, errs: &mut Vec<CellError>) {
    if row.get(column).is_empty() {
        errs.push(CellError {
            line: row.line,
            column: column.into(),
            rule: rule.into(),
            message: format!("{what}不能为空"),
        });
    }
}

/// CAT-1: a 权责清单 row.
pub fn matter_row(row: &Row) -> Result<(Provenance, Matter), Vec<CellError>> {
    let mut errs = Vec::new();
    required(row, "list_id", "CAT-1", "清单编号", &mut errs);
    required(row, "item_name", "CAT-1", "事项名称", &mut errs);
    let kind = MatterKind::parse_label(row.get("category"));
    if kind.is_none() {
        errs.push(CellError {
            line: row.line,
            column: "category".into(),
            rule: "CAT-1".into(),
            message: "事项类别不能为空（许可、处罚、强制、检查、征收、征用或其他）".into(),
        });
    }
    let seq = match row.get("seq").parse::<u32>() {
        Ok(n) if n > 0 => n,
        _ => {
            errs.push(CellError {
                line: row.line,
                column: "seq".into(),
                rule: "CAT-1".into(),
                message: format!("序号“{}”须为正整数", row.get("seq")),
            });
            0
        }
    };
    let (Some(kind), true) = (kind, errs.is_empty()) else {
        return Err(errs);
    };
    let matter = Matter {
        seq,
        code: row.opt("item_code"),
        name: row.get("item_name").to_owned(),
        sub_item: row.opt("sub_item_name"),
        kind,
        kind_label: row.get("category").to_owned(),
        level: row.opt("exercise_level"),
        unit: row.opt("issuer_or_unit"),
        basis_text: String::new(),
        basis: Vec::new(),
        time_limit: None,
        fees: None,
        responsibilities: None,
        notes: row.opt("notes"),
    }
    .with_basis(row.get("legal_basis"));
    Ok((
        Provenance {
            list_id: row.get("list_id").to_owned(),
            issuer: row.get("issuer_or_unit").to_owned(),
            title: row.opt("list_title"),
            published: row.opt("published"),
            source_url: row.opt("source_url"),
        },
        matter,
    ))
}

/// CAT-5: a 法制审核目录清单 row. Thresholds must be Arabic amounts in yuan (`一万元以上` is
/// refused: the boundary goes in `threshold_inclusive`), and every trigger must be one we can
/// evaluate.
pub fn major_rule_row(row: &Row) -> Result<(Provenance, MajorReviewRule), Vec<CellError>> {
    let mut errs = Vec::new();
    let mut err = |column: &str, message: String| {
        errs.push(CellError {
            line: row.line,
            column: column.into(),
            rule: "CAT-5".into(),
            message,
        })
    };
    if row.get("catalog_id").is_empty() {
        err("catalog_id", "目录编号不能为空".into());
    }
    if row.get("item_no").is_empty() {
        err("item_no", "序号不能为空".into());
    }
    if row.get("criterion").is_empty() {
        err("criterion", "审核情形不能为空".into());
    }
    let applies_to = AppliesTo::parse_label(row.get("decision_type"));
    if applies_to.is_none() {
        err(
            "decision_type",
            "决定类型不能为空（行政处罚、行政许可、行政强制或其他）".into(),
        );
    }
    let mut amount = |column: &str| match parse_yuan(row.get(column)) {
        Ok(a) => a,
        Err(m) => {
            err(column, m);
            None
        }
    };
    let person = amount("natural_person_fine_threshold_yuan");
    let org = amount("org_fine_threshold_yuan");
    let boundary = match Boundary::parse_cell(row.get("threshold_inclusive")) {
        Ok(b) => b,
        Err(m) => {
            err("threshold_inclusive", m);
            None
        }
    };
    if (person.is_some() || org.is_some()) && boundary.is_none() {
        err(
            "threshold_inclusive",
            "填写了门槛金额时须说明是否含本数（含本数、不含本数或未说明）".into(),
        );
    }
    let mut triggers = Vec::new();
    for token in row.get("other_trigger").split([';', '；']) {
        match Trigger::parse_token(token) {
            Ok(ts) => triggers.extend(ts),
            Err(m) => err("other_trigger", m),
        }
    }
    triggers.dedup();
    let (Some(applies_to), true) = (applies_to, errs.is_empty()) else {
        return Err(errs);
    };
    let criterion = row.get("criterion").to_owned();
    Ok((
        Provenance {
            list_id: row.get("catalog_id").to_owned(),
            issuer: row.get("issuer").to_owned(),
            title: row.opt("sector"),
            published: row.opt("published"),
            source_url: row.opt("source_url"),
        },
        MajorReviewRule {
            item_no: row.get("item_no").to_owned(),
            applies_to,
            thresholds_fines: criterion.contains("罚款"),
            criterion,
            person_threshold: person,
            org_threshold: org,
            boundary,
            triggers,
            review_focus: row.opt("review_focus"),
        },
    ))
}

/// CAT-3: a 随机抽查事项清单 row.
pub fn spot_check_row(row: &Row) -> Result<(Provenance, SpotCheckItem), Vec<CellError>> {
    let mut errs = Vec::new();
    required(row, "list_id", "CAT-3", "清单编号", &mut errs);
    required(row, "item_name", "CAT-3", "抽查事项", &mut errs);
    required(row, "seq", "CAT-3", "序号", &mut errs);
    let year = match row.get("year") {
        "" => None,
        y => match y.parse::<i32>() {
            Ok(y) if (1990..=2100).contains(&y) => Some(y),
            _ => {
                errs.push(CellError {
                    line: row.line,
                    column: "year".into(),
                    rule: "CAT-3".into(),
                    message: format!("年度“{y}”须为四位年份"),
                });
                None
            }
        },
    };
    if !errs.is_empty() {
        return Err(errs);
    }
    let basis_text = row.get("legal_basis").to_owned();
    Ok((
        Provenance {
            list_id: row.get("list_id").to_owned(),
            issuer: row.get("issuer").to_owned(),
            title: None,
            published: row.opt("year"),
            source_url: row.opt("source_url"),
        },
        SpotCheckItem {
            seq: row.get("seq").to_owned(),
            year,
            domain: row.opt("domain"),
            name: row.get("item_name").to_owned(),
            content: row.get("check_content").to_owned(),
            target: row.get("target").to_owned(),
            class: row.get("item_class").to_owned(),
            method: row.get("method").to_owned(),
            ratio: row.get("ratio").to_owned(),
            ratio_percent: parse_ratio_percent(row.get("ratio")),
            frequency: row.get("frequency").to_owned(),
            period: row.get("period").to_owned(),
            lead_dept: row.get("lead_dept").to_owned(),
            assisting: row.get("assisting_depts").to_owned(),
            basis: parse_legal_basis(&basis_text),
            basis_text,
            level: row.get("level").to_owned(),
        },
    ))
}
