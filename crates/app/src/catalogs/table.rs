//! Reads an uploaded catalog file — XLSX (Excel/WPS) or UTF-8 CSV — into header + rows, the
//! form every catalog format is checked in (`sanxiang_core::catalog::import`).

use std::io::Cursor;

use calamine::{Reader, open_workbook_auto_from_rs};
use sanxiang_core::catalog::import::Row;

use crate::spreadsheet::cell_text;

pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

/// XLSX when the bytes are a zip (`PK`), CSV otherwise. `Err` is a Chinese message about the file.
pub fn read_table(bytes: &[u8]) -> Result<Table, String> {
    if bytes.starts_with(b"PK") {
        read_xlsx(bytes)
    } else {
        read_csv(bytes)
    }
}

fn read_csv(bytes: &[u8]) -> Result<Table, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if std::str::from_utf8(bytes).is_err() {
        return Err("CSV文件须为UTF-8编码（WPS/Excel另存为时选择“CSV UTF-8”）".into());
    }
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("无法读取表头：{e}"))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("第{}行无法读取：{e}", i + 2))?;
        let values = record
            .iter()
            .map(|v| {
                sanxiang_core::text::accept("", crate::cell::restored(v))
                    .map(|v| v.into_owned())
                    .map_err(|e| format!("第{}行：{}", i + 2, e.message_zh()))
            })
            .collect::<Result<Vec<String>, String>>()?;
        if values.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        rows.push(Row::new(i + 2, &headers, &values));
    }
    Ok(Table { headers, rows })
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, String> {
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|_| "文件不是有效的XLSX表格".to_owned())?;
    let range = match wb.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        _ => return Err("表格中没有工作表".into()),
    };
    let mut it = range.rows();
    let header = it.next().ok_or("表格为空，第1行应为列标题")?;
    let headers: Vec<String> = header
        .iter()
        .map(|d| cell_text("", d).unwrap_or_default())
        .collect();
    let mut rows = Vec::new();
    for (i, r) in it.enumerate() {
        let mut values = Vec::with_capacity(r.len());
        for d in r {
            values.push(cell_text("", d).map_err(|m| format!("第{}行：{m}", i + 2))?);
        }
        if values.iter().all(|v| v.is_empty()) {
            continue;
        }
        rows.push(Row::new(i + 2, &headers, &values));
    }
    Ok(Table { headers, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sec2_imported_cells_obey_the_text_rules_and_exported_quotes_come_off() {
        let bad = "事项名称,依据\n对某行为的处罚\u{202E},第一条\n".as_bytes();
        let e = read_table(bad).err().unwrap_or_default();
        assert!(e.contains("第2行") && e.contains("U+202E"), "{e}");
        let ok = "事项名称,依据\n'=对某行为的处罚,第一条\n".as_bytes();
        let t = read_table(ok).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.rows[0].get("事项名称"), "=对某行为的处罚");
    }
}
