//! Comparing two versions of a catalog (CAT console "compare versions"): items are matched by
//! their code, or by name when a list has no codes; a matched item's fields are compared one by one.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use sanxiang_store::entity::catalog_item;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ItemChange {
    Added {
        key: String,
        name: String,
    },
    Removed {
        key: String,
        name: String,
    },
    Changed {
        key: String,
        name: String,
        fields: Vec<FieldChange>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

fn key_of(item: &catalog_item::Model) -> String {
    match &item.code {
        Some(code) if !code.is_empty() => format!("{}#{}", code, item.name),
        _ => item.name.clone(),
    }
}

fn text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Changes from `old` to `new`, in the new list's order, then removals in the old list's order.
pub fn diff(old: &[catalog_item::Model], new: &[catalog_item::Model]) -> Vec<ItemChange> {
    let old_by_key: BTreeMap<String, &catalog_item::Model> =
        old.iter().map(|i| (key_of(i), i)).collect();
    let new_keys: std::collections::BTreeSet<String> = new.iter().map(key_of).collect();
    let mut out = Vec::new();
    for item in new {
        let key = key_of(item);
        match old_by_key.get(&key) {
            None => out.push(ItemChange::Added {
                key,
                name: item.name.clone(),
            }),
            Some(before) => {
                let a: Value = serde_json::from_str(&before.data).unwrap_or(Value::Null);
                let b: Value = serde_json::from_str(&item.data).unwrap_or(Value::Null);
                let fields = field_changes(&a, &b);
                if !fields.is_empty() {
                    out.push(ItemChange::Changed {
                        key,
                        name: item.name.clone(),
                        fields,
                    });
                }
            }
        }
    }
    for item in old {
        let key = key_of(item);
        if !new_keys.contains(&key) {
            out.push(ItemChange::Removed {
                key,
                name: item.name.clone(),
            });
        }
    }
    out
}

fn field_changes(a: &Value, b: &Value) -> Vec<FieldChange> {
    let empty = serde_json::Map::new();
    let (am, bm) = (
        a.as_object().unwrap_or(&empty),
        b.as_object().unwrap_or(&empty),
    );
    let mut fields: Vec<&String> = am.keys().chain(bm.keys()).collect();
    fields.sort();
    fields.dedup();
    fields
        .into_iter()
        // `seq` moves when items are inserted; a renumbering is not a change of the item.
        .filter(|f| f.as_str() != "seq")
        .filter(|f| am.get(*f) != bm.get(*f))
        .map(|f| FieldChange {
            field: f.clone(),
            before: text(am.get(f)),
            after: text(bm.get(f)),
        })
        .collect()
}
