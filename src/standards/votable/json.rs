//! The first table (in document order) as JSON, the shape the astropy comparison reads.

use std::fmt::Write;

use serde_json::Value as Json;

use super::column::Value;

fn quote(s: &str) -> String {
    Json::String(s.to_owned()).to_string()
}

/// `{"column": [values…], …}` in FIELD order (a repeated name gets `_2`, `_3` suffixes),
/// or `{"_error": message}` for a rejected document; warnings go under `"_warnings"`.
pub fn to_json(bytes: &[u8]) -> String {
    let mut out = String::from("{");
    let mut keys: Vec<String> = Vec::new();
    let entry = |out: &mut String, key: &str, value: &str| {
        if out.len() > 1 {
            out.push(',');
        }
        let _ = write!(out, "{}:{}", quote(key), value);
    };
    match super::parse(bytes) {
        Err(e) => entry(&mut out, "_error", &quote(&e.to_string())),
        Ok(doc) => {
            if let Some(table) = doc.tables().first() {
                for (field, column) in table.fields.iter().zip(&table.columns) {
                    let mut key = field.name.clone();
                    let mut n = 2;
                    while keys.contains(&key) {
                        key = format!("{}_{n}", field.name);
                        n += 1;
                    }
                    let values: Vec<Value> = (0..column.len()).map(|i| column.value(i)).collect();
                    let json = serde_json::to_string(&values).unwrap_or_else(|_| "[]".into());
                    entry(&mut out, &key, &json);
                    keys.push(key);
                }
            }
            if !doc.warnings.is_empty() {
                let json = serde_json::to_string(&doc.warnings).unwrap_or_else(|_| "[]".into());
                entry(&mut out, "_warnings", &json);
            }
        }
    }
    out.push('}');
    out
}
