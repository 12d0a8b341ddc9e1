//! Every VOTable fixture read by voscope and by astropy (tests/fixtures/expected, made by
//! tests/astropy/expected_votables.py): the same values, or a rejection, or a listed and
//! explained difference. No panics anywhere.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use voscope::standards::votable::{self, Table};

/// Files where voscope deliberately differs from astropy, and why.
const KNOWN: &[(&str, &str)] = &[
    (
        "astropy_timesys_errors.xml",
        "a TIMESYS without ID is invalid, but nothing refers to it and the data is sound: voscope reads the table",
    ),
    (
        "taplib_testdata_no-field.vot",
        "rows without FIELDs: astropy drops them, voscope keeps them as text columns col1..colN (with a warning)",
    ),
    (
        "astropy_gemini.xml",
        "an empty integer cell in a VOTable 1.2 file: astropy invents 0 (W49), voscope reads null as VOTable 1.3 says",
    ),
    (
        "astropy_binary2_masked_strings.xml",
        "BINARY2 null flags on strings: astropy 8 reads them as empty strings, voscope keeps them null as flagged",
    ),
    (
        "astropy_regression.xml",
        "a 22-character value in a char arraysize=10 cell: astropy truncates it, voscope keeps the whole text",
    ),
    (
        "pyvo_sla_dataset.xml",
        "an empty integer cell in a VOTable 1.1 file: astropy invents 0 (W49), voscope reads null as VOTable 1.3 says",
    ),
];

fn flatten(v: &Json, out: &mut Vec<Json>) {
    match v {
        Json::Array(items) => items.iter().for_each(|i| flatten(i, out)),
        other => out.push(other.clone()),
    }
}

/// Equal values; `rel` is the relative tolerance (float32 columns: astropy sometimes
/// widens variable-length float arrays from the text, voscope keeps float32). An array
/// of nulls equals a null (astropy masks the whole cell).
fn same(a: &Json, b: &Json, rel: f64) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y || (x - y).abs() <= rel * x.abs().max(y.abs()),
            _ => x == y,
        },
        (Json::Array(_), _) | (_, Json::Array(_)) => {
            let (mut fa, mut fb) = (Vec::new(), Vec::new());
            flatten(a, &mut fa);
            flatten(b, &mut fb);
            if fa.iter().all(Json::is_null) && fb.iter().all(Json::is_null) {
                return true;
            }
            fa.len() == fb.len() && fa.iter().zip(&fb).all(|(x, y)| same(x, y, rel))
        }
        _ => a == b,
    }
}

/// The first disagreement between our table and astropy's, if any.
fn compare(table: &Table, expected: &Json) -> Option<String> {
    let names: Vec<&str> = expected["fields"]
        .as_array()?
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    let ours: Vec<&str> = table.fields.iter().map(|f| f.name.as_str()).collect();
    if names != ours {
        return Some(format!(
            "fields differ: astropy {names:?}, voscope {ours:?}"
        ));
    }
    let columns = expected["columns"].as_array()?;
    for (j, (column, field)) in table.columns.iter().zip(&table.fields).enumerate() {
        let theirs = columns.get(j)?.as_array()?;
        if theirs.len() != column.len() {
            return Some(format!(
                "{}: astropy has {} rows, voscope {}",
                field.name,
                theirs.len(),
                column.len()
            ));
        }
        for (i, t) in theirs.iter().enumerate() {
            let v = serde_json::to_value(column.value(i)).unwrap_or(Json::Null);
            let rel = match field.datatype {
                votable::Datatype::Float | votable::Datatype::FloatComplex => 1e-7,
                _ => 1e-15,
            };
            if !same(&v, t, rel) {
                return Some(format!(
                    "{} row {}: astropy {t}, voscope {v}",
                    field.name,
                    i + 1
                ));
            }
        }
    }
    None
}

fn fixtures() -> Vec<(PathBuf, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for dir in ["votable", "tap", "obscore", "datalink"] {
        let Ok(entries) = std::fs::read_dir(root.join("expected").join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let expected = e.path();
            let name = expected.file_name().unwrap().to_string_lossy().to_string();
            let fixture = root.join(dir).join(name.trim_end_matches(".json"));
            out.push((fixture, expected));
        }
    }
    out.sort();
    out
}

#[test]
fn every_votable_fixture_reads_as_astropy_reads_it() {
    let mut agree = 0;
    let mut both_reject = 0;
    let mut disagreements = Vec::new();
    let all = fixtures();
    assert!(
        all.len() >= 80,
        "expected files missing: run tests/astropy/expected_votables.py"
    );
    for (fixture, expected) in &all {
        let name = fixture.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(fixture).unwrap();
        let expected: Json =
            serde_json::from_str(&std::fs::read_to_string(expected).unwrap()).unwrap();
        let ours = votable::parse(&bytes);
        let verdict = match (&ours, expected.get("astropy_error")) {
            (Err(e), Some(_)) => {
                assert!(
                    e.line.is_some() || e.kind == votable::ErrorKind::Unsupported,
                    "{name}: {e} has no position"
                );
                both_reject += 1;
                continue;
            }
            (Err(e), None) => Some(format!("voscope rejects it: {e}")),
            (Ok(_), Some(err)) => Some(format!("astropy rejects it ({err}), voscope reads it")),
            (Ok(doc), None) => match doc.tables().first() {
                Some(t) => compare(t, &expected),
                None if expected["fields"].as_array().is_some_and(|f| f.is_empty()) => None,
                None => Some("voscope finds no table".into()),
            },
        };
        match verdict {
            None => agree += 1,
            Some(why) => disagreements.push((name, why)),
        }
    }
    println!(
        "astropy agreement: {agree} same values, {both_reject} rejected by both, {} differ",
        disagreements.len()
    );
    for (name, why) in &disagreements {
        let known = KNOWN.iter().find(|(k, _)| k == name);
        println!(
            "  {name}: {why}{}",
            known
                .map(|(_, r)| format!("  [known: {r}]"))
                .unwrap_or_default()
        );
    }
    let unexplained: Vec<_> = disagreements
        .iter()
        .filter(|(n, _)| !KNOWN.iter().any(|(k, _)| k == n))
        .collect();
    assert!(
        unexplained.is_empty(),
        "{} unexplained differences from astropy",
        unexplained.len()
    );
}

/// Every file of every fixture directory, VOTable or not, gives a table or an error
/// with a message: never a panic. Documents that are not VOTables say what they are.
#[test]
fn no_fixture_makes_the_reader_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seen = 0;
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| votable::parse(&bytes));
            let name = path.display().to_string();
            let Ok(result) = outcome else {
                panic!("{name}: the reader panicked")
            };
            if let Err(e) = result {
                assert!(!e.message.is_empty(), "{name}: empty error message");
                let text = String::from_utf8_lossy(&bytes);
                if text.contains("<capabilities")
                    || text.contains("<vosi:tableset")
                    || text.contains("<tableset")
                {
                    assert_eq!(e.kind, votable::ErrorKind::NotVoTable, "{name}: {e}");
                    assert!(
                        e.message.contains("expected a VOTable but got"),
                        "{name}: {e}"
                    );
                }
            }
            seen += 1;
        }
    }
    assert!(seen > 190, "only {seen} fixture files found");
}
