//! Prints the first table of a VOTable as JSON: `{"column": [values, null for nulls], ...}`,
//! or `{"_error": "..."}` when the file is rejected. The astropy comparison uses it.
//!
//! Usage: `cargo run --release --example votable_json -- FILE`

use std::io::Write;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: votable_json FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let json = voscope::standards::votable::to_json(&bytes);
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{json}");
}
