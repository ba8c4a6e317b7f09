//! XLSX import and export of officers and agencies (INT-3). An import checks the whole file
//! first; any bad row rejects it with a list naming row, column, value and rule; nothing is
//! half-imported (one transaction).

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use rust_xlsxwriter::{Format, Workbook};
use sanxiang_core::auth::Permission;
use sanxiang_core::registry::CertificateStatus;
use sanxiang_core::rule::Violation;
use sanxiang_store::repo::{self, PageRequest, officers::OfficerFilter};
use serde::Serialize;

use crate::forms::{AgencyForm, OfficerForm};
use crate::registry::{insert_agency, insert_officer, mask};
use crate::{Actor, App, AppError};

/// One problem found in an import file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportProblem {
    /// Row number as shown by Excel/WPS (the header is row 1).
    pub row: usize,
    /// Column header.
    pub column: String,
    pub value: String,
    pub rule: String,
    pub message: String,
}

/// The outcome of a successful import.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub imported: usize,
}

pub const OFFICER_COLUMNS: [(&str, &str); 15] = [
    ("agency", "所属执法主体"),
    ("name", "姓名"),
    ("sex", "性别"),
    ("id_number", "身份证号码"),
    ("phone", "联系电话"),
    ("post", "岗位"),
    ("is_reviewer", "法制审核人员"),
    ("legal_qualified", "法律职业资格"),
    ("legal_qualified_on", "取得法律职业资格日期"),
    ("certificate_no", "执法证号"),
    ("certificate_category", "执法类别"),
    ("certificate_area", "执法区域"),
    ("certificate_issued_by", "发证机关"),
    ("certificate_valid_from", "有效期起"),
    ("certificate_valid_until", "有效期止"),
];

pub const AGENCY_COLUMNS: [(&str, &str); 13] = [
    ("name", "主体名称"),
    ("short_name", "简称"),
    ("nature", "主体性质"),
    ("credit_code", "统一社会信用代码"),
    ("division_code", "行政区划代码"),
    ("parent", "上级主体"),
    ("funding", "经费保障方式"),
    ("staffing", "编制数"),
    ("category", "执法领域"),
    ("duties", "职责职权"),
    ("legal_representative", "法定代表人"),
    ("address", "办公地址"),
    ("complaint_phone", "投诉举报电话"),
];

/// A sheet as rows of strings keyed by field name, with their Excel row numbers.
struct Sheet {
    rows: Vec<(usize, HashMap<&'static str, String>)>,
}

pub(crate) fn cell_text(field: &str, d: &Data) -> Result<String, String> {
    Ok(match d {
        Data::Empty => String::new(),
        // SEC-2: imported text obeys the same rules as typed text (NFC, no control or
        // invisible characters, the field's length).
        Data::String(s) => sanxiang_core::text::accept(field, crate::cell::restored(s.trim()))
            .map_err(|e| e.message_zh())?
            .into_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(_) if field == "id_number" || field == "certificate_no" => {
            return Err("该列应设置为文本格式（数字过长已丢失精度）".to_owned());
        }
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) => t.date().format("%Y-%m-%d").to_string(),
            None => return Err("日期无法识别".to_owned()),
        },
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_owned(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("单元格错误：{e:?}")),
    })
}

fn read_sheet(
    bytes: &[u8],
    columns: &[(&'static str, &'static str)],
    problems: &mut Vec<ImportProblem>,
) -> Option<Sheet> {
    let file_problem = |message: String| ImportProblem {
        row: 0,
        column: String::new(),
        value: String::new(),
        rule: "INT-3".to_owned(),
        message,
    };
    let mut wb = match open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())) {
        Ok(wb) => wb,
        Err(_) => {
            problems.push(file_problem("文件不是有效的XLSX表格".to_owned()));
            return None;
        }
    };
    let range = match wb.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        _ => {
            problems.push(file_problem("表格中没有工作表".to_owned()));
            return None;
        }
    };
    let mut rows = range.rows();
    let Some(header) = rows.next() else {
        problems.push(file_problem("表格为空，第1行应为列标题".to_owned()));
        return None;
    };
    let header: Vec<String> = header
        .iter()
        .map(|d| cell_text("", d).unwrap_or_default())
        .collect();
    let mut index: Vec<(usize, &'static str, &'static str)> = Vec::new();
    for (field, label) in columns {
        match header.iter().position(|h| h == label) {
            Some(i) => index.push((i, field, label)),
            None => problems.push(ImportProblem {
                row: 1,
                column: (*label).to_owned(),
                value: String::new(),
                rule: "INT-3".to_owned(),
                message: format!("缺少列“{label}”"),
            }),
        }
    }
    if index.len() != columns.len() {
        return None;
    }
    let mut out = Vec::new();
    for (i, row) in rows.enumerate() {
        let excel_row = i + 2;
        if row.iter().all(|d| matches!(d, Data::Empty)) {
            continue;
        }
        let mut map = HashMap::new();
        for (col, field, label) in &index {
            let d = row.get(*col).unwrap_or(&Data::Empty);
            match cell_text(field, d) {
                Ok(s) => {
                    map.insert(*field, s);
                }
                Err(message) => problems.push(ImportProblem {
                    row: excel_row,
                    column: (*label).to_owned(),
                    value: d.to_string(),
                    rule: "INT-3".to_owned(),
                    message,
                }),
            }
        }
        out.push((excel_row, map));
    }
    if out.is_empty() {
        problems.push(file_problem("表格中没有数据行".to_owned()));
    }
    Some(Sheet { rows: out })
}

fn label_of(columns: &[(&'static str, &'static str)], field: &str) -> String {
    let f = match field {
        "agency_id" => "agency",
        "parent_id" => "parent",
        f => f,
    };
    columns
        .iter()
        .find(|(k, _)| *k == f)
        .map(|(_, l)| (*l).to_owned())
        .unwrap_or_else(|| f.to_owned())
}

fn problems_from(
    row: usize,
    map: &HashMap<&'static str, String>,
    columns: &[(&'static str, &'static str)],
    violations: Vec<Violation>,
) -> impl Iterator<Item = ImportProblem> {
    violations.into_iter().map(move |v| {
        let field = v.field.clone().unwrap_or_default();
        let key = match field.as_str() {
            "agency_id" => "agency",
            "parent_id" => "parent",
            f => f,
        };
        // Personal data is never echoed back in full.
        let value = map.get(key).cloned().unwrap_or_default();
        let value = if key == "id_number" || key == "phone" {
            mask(&value, 3, 2)
        } else {
            value
        };
        ImportProblem {
            row,
            column: label_of(columns, &field),
            value,
            rule: v.rule,
            message: v.message,
        }
    })
}

fn get(map: &HashMap<&'static str, String>, k: &str) -> String {
    map.get(k).cloned().unwrap_or_default()
}

impl App {
    /// Imports officers (with certificates) from an XLSX file, all or nothing.
    pub async fn import_officers(
        &self,
        actor: &Actor,
        bytes: &[u8],
    ) -> Result<ImportReport, AppError> {
        actor.require(Permission::WriteRegistry)?;
        let mut problems = Vec::new();
        let Some(sheet) = read_sheet(bytes, &OFFICER_COLUMNS, &mut problems) else {
            return Err(AppError::ImportRejected(problems));
        };
        let agencies: HashMap<String, i64> = repo::agencies::all(self.store().db(), &actor.scope)
            .await?
            .into_iter()
            .map(|a| (a.name, a.id))
            .collect();
        let mut seen_numbers: HashMap<String, usize> = HashMap::new();
        let mut drafts = Vec::new();
        for (row, map) in &sheet.rows {
            let agency_name = get(map, "agency");
            let agency_id = agencies.get(agency_name.trim()).copied();
            let form = OfficerForm {
                agency_id: agency_id.map(|id| id.to_string()).unwrap_or_default(),
                name: get(map, "name"),
                sex: get(map, "sex"),
                id_number: get(map, "id_number"),
                phone: get(map, "phone"),
                post: get(map, "post"),
                is_reviewer: get(map, "is_reviewer"),
                legal_qualified: get(map, "legal_qualified"),
                legal_qualified_on: get(map, "legal_qualified_on"),
                certificate_no: get(map, "certificate_no"),
                certificate_category: get(map, "certificate_category"),
                certificate_area: get(map, "certificate_area"),
                certificate_issued_by: get(map, "certificate_issued_by"),
                certificate_valid_from: get(map, "certificate_valid_from"),
                certificate_valid_until: get(map, "certificate_valid_until"),
            };
            let mut violations = match form.parse() {
                Ok(d) => {
                    if let Some(c) = &d.certificate {
                        let no = c.number.as_str().to_owned();
                        if let Some(first) = seen_numbers.insert(no.clone(), *row) {
                            problems.push(ImportProblem {
                                row: *row,
                                column: "执法证号".into(),
                                value: no.clone(),
                                rule: "REG-2".into(),
                                message: format!("执法证号与第{first}行重复"),
                            });
                        } else if repo::certificates::by_number(self.store().db(), &no)
                            .await?
                            .is_some()
                        {
                            problems.push(ImportProblem {
                                row: *row,
                                column: "执法证号".into(),
                                value: no,
                                rule: "REG-2".into(),
                                message: "执法证号已存在，不能重复登记".into(),
                            });
                        }
                    }
                    drafts.push(d);
                    Vec::new()
                }
                Err(v) => v,
            };
            if agency_id.is_none() {
                violations.retain(|v| v.field.as_deref() != Some("agency_id"));
                violations.insert(
                    0,
                    Violation::hard(
                        "REG-2",
                        Some("agency_id"),
                        format!("执法主体“{agency_name}”不存在或不在您的管辖范围内"),
                    ),
                );
            }
            problems.extend(problems_from(*row, map, &OFFICER_COLUMNS, violations));
        }
        if !problems.is_empty() {
            return Err(AppError::ImportRejected(problems));
        }
        let txn = self.store().begin_write().await?;
        for d in &drafts {
            insert_officer(&txn, actor, d, self.now()).await?;
        }
        txn.commit().await?;
        self.public_changed();
        Ok(ImportReport {
            imported: drafts.len(),
        })
    }

    /// Imports agencies from an XLSX file, all or nothing. `上级主体` may name an agency that
    /// exists or one defined in an earlier row of the same file.
    pub async fn import_agencies(
        &self,
        actor: &Actor,
        bytes: &[u8],
    ) -> Result<ImportReport, AppError> {
        actor.require(Permission::WriteRegistry)?;
        if matches!(actor.scope, sanxiang_core::auth::Scope::Agency(_)) {
            return Err(AppError::Forbidden);
        }
        let mut problems = Vec::new();
        let Some(sheet) = read_sheet(bytes, &AGENCY_COLUMNS, &mut problems) else {
            return Err(AppError::ImportRejected(problems));
        };
        let existing: HashMap<String, i64> =
            repo::agencies::all(self.store().db(), &sanxiang_core::auth::Scope::All)
                .await?
                .into_iter()
                .map(|a| (a.name, a.id))
                .collect();
        let mut in_file: HashMap<String, usize> = HashMap::new();
        let mut drafts = Vec::new();
        for (row, map) in &sheet.rows {
            let parent = get(map, "parent");
            let form = AgencyForm {
                name: get(map, "name"),
                short_name: get(map, "short_name"),
                nature: get(map, "nature"),
                credit_code: get(map, "credit_code"),
                division_code: get(map, "division_code"),
                parent_id: String::new(),
                funding: get(map, "funding"),
                staffing: get(map, "staffing"),
                category: get(map, "category"),
                duties: get(map, "duties"),
                legal_representative: get(map, "legal_representative"),
                address: get(map, "address"),
                complaint_phone: get(map, "complaint_phone"),
            };
            let mut violations = Vec::new();
            let name = form.name.trim().to_owned();
            if existing.contains_key(&name) {
                violations.push(Violation::hard("REG-1", Some("name"), "主体名称已存在"));
            } else if let Some(first) = in_file.insert(name.clone(), *row) {
                violations.push(Violation::hard(
                    "REG-1",
                    Some("name"),
                    format!("主体名称与第{first}行重复"),
                ));
            }
            if !parent.is_empty()
                && !existing.contains_key(&parent)
                && !in_file.contains_key(&parent)
            {
                violations.push(Violation::hard(
                    "REG-1",
                    Some("parent_id"),
                    format!("上级主体“{parent}”不存在"),
                ));
            }
            match form.parse() {
                Ok(d) => {
                    if let sanxiang_core::auth::Scope::Division(prefix) = &actor.scope
                        && !d.division_code.as_str().starts_with(prefix.as_str())
                    {
                        violations.push(Violation::hard(
                            "SEC-1",
                            Some("division_code"),
                            "行政区划不在您的管辖范围内",
                        ));
                    }
                    drafts.push((d, parent));
                }
                Err(v) => violations.extend(v),
            }
            problems.extend(problems_from(*row, map, &AGENCY_COLUMNS, violations));
        }
        if !problems.is_empty() {
            return Err(AppError::ImportRejected(problems));
        }
        let txn = self.store().begin_write().await?;
        let mut ids = existing;
        for (mut d, parent) in drafts {
            d.parent_id = (!parent.is_empty())
                .then(|| ids.get(&parent).copied())
                .flatten();
            let a = insert_agency(&txn, actor, &d, self.now()).await?;
            ids.insert(a.name.clone(), a.id);
        }
        txn.commit().await?;
        self.public_changed();
        self.store().forget_agencies();
        Ok(ImportReport {
            imported: sheet.rows.len(),
        })
    }

    /// Exports officers in scope (filtered) as XLSX, in the import layout. Personal data is
    /// masked; a masked value re-imported means "not disclosed".
    pub async fn export_officers(
        &self,
        actor: &Actor,
        filter: &OfficerFilter,
    ) -> Result<Vec<u8>, AppError> {
        actor.require(Permission::ReadRegistry)?;
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("执法人员").map_err(xlsx_err)?;
        let bold = Format::new().set_bold();
        for (i, (_, label)) in OFFICER_COLUMNS.iter().enumerate() {
            ws.write_string_with_format(0, col(i), *label, &bold)
                .map_err(xlsx_err)?;
        }
        let today = self.today();
        let mut row: u32 = 1;
        let mut page = 1;
        loop {
            let p = repo::officers::list(
                self.store().db(),
                &actor.scope,
                filter,
                PageRequest::new(page, 200),
                today,
            )
            .await?;
            for r in &p.items {
                let o = &r.officer;
                let c = r.certificate.as_ref();
                let yes = |b: bool| if b { "是" } else { "否" }.to_owned();
                let status_note = c.map(|c| {
                    let s = CertificateStatus::from_code(&c.status)
                        .unwrap_or(CertificateStatus::Active);
                    CertificateStatus::effective(s, c.valid_from, c.valid_until, today)
                });
                let values = [
                    r.agency_name.clone(),
                    o.name.clone(),
                    if o.sex == "F" { "女" } else { "男" }.to_owned(),
                    o.id_number
                        .as_deref()
                        .map(|s| mask(s, 6, 4))
                        .unwrap_or_default(),
                    o.phone
                        .as_deref()
                        .map(|s| mask(s, 3, 4))
                        .unwrap_or_default(),
                    o.post.clone(),
                    yes(o.is_reviewer),
                    yes(o.legal_qualified),
                    o.legal_qualified_on
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    c.map(|c| c.number.clone()).unwrap_or_default(),
                    c.map(|c| c.category.clone()).unwrap_or_default(),
                    c.map(|c| c.area.clone()).unwrap_or_default(),
                    c.map(|c| c.issued_by.clone()).unwrap_or_default(),
                    c.map(|c| c.valid_from.to_string()).unwrap_or_default(),
                    c.map(|c| c.valid_until.to_string()).unwrap_or_default(),
                ];
                for (i, v) in values.iter().enumerate() {
                    ws.write_string(row, col(i), crate::cell::neutral(v))
                        .map_err(xlsx_err)?;
                }
                if let Some(s) = status_note {
                    ws.write_string(row, col(values.len()), s.label_zh())
                        .map_err(xlsx_err)?;
                }
                row += 1;
            }
            if page >= p.pages() {
                break;
            }
            page += 1;
        }
        ws.write_string_with_format(0, col(OFFICER_COLUMNS.len()), "证件状态", &bold)
            .map_err(xlsx_err)?;
        ws.autofit();
        wb.save_to_buffer().map_err(xlsx_err)
    }

    /// Exports agencies in scope as XLSX, in the import layout.
    pub async fn export_agencies(&self, actor: &Actor) -> Result<Vec<u8>, AppError> {
        actor.require(Permission::ReadRegistry)?;
        // One read: names of parents (any scope) and the rows in the caller's scope.
        let all = repo::agencies::all(self.store().db(), &sanxiang_core::auth::Scope::All).await?;
        let names: HashMap<i64, &str> = all.iter().map(|a| (a.id, a.name.as_str())).collect();
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("执法主体").map_err(xlsx_err)?;
        let bold = Format::new().set_bold();
        for (i, (_, label)) in AGENCY_COLUMNS.iter().enumerate() {
            ws.write_string_with_format(0, col(i), *label, &bold)
                .map_err(xlsx_err)?;
        }
        let items = all
            .iter()
            .filter(|a| actor.scope.covers(a.id, &a.division_code));
        for (r, a) in items.enumerate() {
            let nature = sanxiang_core::registry::AgencyNature::parse(&a.nature)
                .map(|n| n.label_zh())
                .unwrap_or("");
            let funding = sanxiang_core::registry::Funding::parse(&a.funding)
                .map(|f| f.label_zh())
                .unwrap_or("");
            let values = [
                a.name.clone(),
                a.short_name.clone(),
                nature.to_owned(),
                a.credit_code.clone().unwrap_or_default(),
                a.division_code.clone(),
                a.parent_id
                    .and_then(|p| names.get(&p).map(|n| (*n).to_owned()))
                    .unwrap_or_default(),
                funding.to_owned(),
                a.staffing.to_string(),
                a.category.clone(),
                a.duties.clone(),
                a.legal_representative.clone(),
                a.address.clone(),
                a.complaint_phone.clone(),
            ];
            for (i, v) in values.iter().enumerate() {
                let v = crate::cell::neutral(v);
                ws.write_string(u32::try_from(r + 1).unwrap_or(u32::MAX), col(i), v)
                    .map_err(xlsx_err)?;
            }
        }
        ws.autofit();
        wb.save_to_buffer().map_err(xlsx_err)
    }
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::Internal(format!("xlsx: {e}"))
}
