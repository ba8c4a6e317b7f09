//! The embedded GB/T 2260 history (`data/divisions.csv`, made by `data/make-divisions.py`),
//! parsed once on first use.

use std::sync::LazyLock;

use super::{DivisionCode, DivisionLevel};

const DATA: &str = include_str!("../../data/divisions.csv");

pub(crate) static TABLE: LazyLock<Table> = LazyLock::new(|| {
    Table::parse(DATA).expect("embedded data/divisions.csv is well-formed (checked by unit tests)")
});

pub(crate) struct Table {
    /// Sorted by code; a `DivisionCode` is an index into this.
    pub(crate) entries: Vec<Entry>,
}

pub(crate) struct Entry {
    pub(crate) code: &'static str,
    pub(crate) level: DivisionLevel,
    /// Sorted by start year; periods do not overlap. The last one is the latest.
    pub(crate) records: Vec<Record>,
    /// The codes that took over when the latest record ended (empty while in use).
    pub(crate) successors: Vec<DivisionCode>,
}

pub(crate) struct Record {
    pub(crate) name: &'static str,
    pub(crate) start: u16,
    /// First year (as of 31 December) the record was no longer in use; `None` while in use.
    pub(crate) end: Option<u16>,
}

impl Record {
    pub(crate) fn in_use_during(&self, year: u16) -> bool {
        self.start <= year && self.end.is_none_or(|end| year < end)
    }
}

impl Entry {
    pub(crate) fn latest(&self) -> &Record {
        // Every entry has at least one record: `Table::parse` creates entries from records.
        &self.records[self.records.len() - 1]
    }
}

impl Table {
    pub(crate) fn find(&self, code: &str) -> Option<u16> {
        let index = self.entries.binary_search_by(|e| e.code.cmp(code)).ok()?;
        u16::try_from(index).ok()
    }

    fn parse(data: &'static str) -> Result<Self, String> {
        let mut entries: Vec<Entry> = Vec::new();
        let mut successor_codes: Vec<&'static str> = Vec::new();
        let rows = data
            .lines()
            .filter(|line| !line.starts_with('#') && !line.starts_with("code,"));
        for line in rows {
            let bad = || format!("bad line in divisions.csv: {line}");
            let fields: Vec<&'static str> = line.split(',').collect();
            let &[code, name, level, status, start, end, successors] = fields.as_slice() else {
                return Err(bad());
            };
            if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            let level = match level {
                "省" => DivisionLevel::Province,
                "地" => DivisionLevel::Prefecture,
                "县" => DivisionLevel::County,
                _ => return Err(bad()),
            };
            // 在 (在用) has no end year; 变 (变更) and 弃 (弃用) have one.
            if (status == "在") != end.is_empty() || !["在", "变", "弃"].contains(&status) {
                return Err(bad());
            }
            let record = Record {
                name,
                start: start.parse().map_err(|_| bad())?,
                end: match end {
                    "" => None,
                    year => Some(year.parse().map_err(|_| bad())?),
                },
            };
            match entries.last_mut() {
                Some(last) if last.code == code => {
                    let previous_end = last.latest().end.ok_or_else(bad)?;
                    if previous_end > record.start || last.level != level {
                        return Err(bad());
                    }
                    last.records.push(record);
                    successor_codes.pop();
                }
                Some(last) if last.code > code => return Err(bad()),
                _ => entries.push(Entry {
                    code,
                    level,
                    records: vec![record],
                    successors: Vec::new(),
                }),
            }
            successor_codes.push(successors);
        }
        if u16::try_from(entries.len()).is_err() {
            return Err("too many division codes for a u16 index".to_owned());
        }
        let mut table = Self { entries };
        for (index, successors) in successor_codes.into_iter().enumerate() {
            let resolved = successors
                .split(';')
                .filter(|s| !s.is_empty())
                .map(|s| {
                    let index = table
                        .find(s)
                        .ok_or_else(|| format!("unknown successor {s}"))?;
                    Ok(DivisionCode(index))
                })
                .collect::<Result<Vec<_>, String>>()?;
            table.entries[index].successors = resolved;
        }
        Ok(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_history_parses_completely() {
        let table = Table::parse(DATA).expect("divisions.csv parses");
        let rows = DATA
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("code,"))
            .count();
        let records: usize = table.entries.iter().map(|e| e.records.len()).sum();
        assert_eq!(records, rows);
        assert!(table.entries.len() > 6000);
    }

    #[test]
    fn the_history_starts_in_1981() {
        let first = TABLE
            .entries
            .iter()
            .flat_map(|e| &e.records)
            .map(|r| r.start)
            .min();
        assert_eq!(first, Some(DivisionCode::HISTORY_START));
    }

    #[test]
    fn levels_follow_the_code_pattern() {
        for entry in &TABLE.entries {
            let expected = if entry.code.ends_with("0000") {
                DivisionLevel::Province
            } else if entry.code.ends_with("00") {
                DivisionLevel::Prefecture
            } else {
                DivisionLevel::County
            };
            assert_eq!(entry.level, expected, "{}", entry.code);
        }
    }

    #[test]
    fn only_retired_codes_have_successors() {
        for entry in &TABLE.entries {
            if entry.latest().end.is_none() {
                assert!(entry.successors.is_empty(), "{}", entry.code);
            }
        }
    }
}
