//! Spreadsheet cells that cannot run (SEC-2, OWASP "CSV injection"): a cell that begins with
//! `=`, `+`, `-`, `@`, a tab or a carriage return is written with a leading `'`, so that Excel
//! and WPS show it as text instead of evaluating it; imports take the `'` off again, so that an
//! export re-imports unchanged.

use std::borrow::Cow;

fn triggers(v: &str) -> bool {
    v.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// `v` as it is written into an exported cell.
pub fn neutral(v: &str) -> Cow<'_, str> {
    if triggers(v) {
        Cow::Owned(format!("'{v}"))
    } else {
        Cow::Borrowed(v)
    }
}

/// An imported cell's text without the `'` an export put before it.
pub fn restored(v: &str) -> &str {
    match v.strip_prefix('\'') {
        Some(rest) if triggers(rest) => rest,
        _ => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sec2_formula_cells_are_neutralised_and_restored() {
        for v in ["=1+1", "+86 731", "-2", "@SUM(A1)", "\tx", "\rx"] {
            let n = neutral(v);
            assert_eq!(n, format!("'{v}"));
            assert_eq!(restored(&n), v);
        }
        for v in ["张三", "0731-1234", "'quoted", ""] {
            assert_eq!(neutral(v), v);
            assert_eq!(restored(v), v);
        }
    }
}
