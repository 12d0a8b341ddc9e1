//! Reads one ADQL query per line (a JSON string per line) on stdin and prints `valid` or
//! `invalid: <line>:<column> <message>` for each.
//!
//! Usage: `cargo run --release --example adql_check < queries.jsonl`
//! Functions are checked as for a service that declares none: `ivo_` ones pass. Constructs
//! outside ADQL 2.1 (CASE, CROSS JOIN, …) are invalid, as for a service that declares none.

use std::io::{BufRead, Write};

use voscope::standards::adql::{check, Dialect};

fn main() {
    let dialect = Dialect {
        udfs: Vec::new(),
        allow_ivo_prefix: true,
        allow_any_udf: false,
        ..Dialect::default()
    };
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let query: String = match serde_json::from_str(&line) {
            Ok(q) => q,
            Err(e) => {
                let _ = writeln!(out, "invalid: 1:1 the line is not a JSON string ({e})");
                continue;
            }
        };
        let _ = match check(&query, &dialect) {
            Ok(_) => writeln!(out, "valid"),
            Err(e) => writeln!(out, "invalid: {e}"),
        };
    }
}
