#![cfg(not(target_arch = "wasm32"))]
//! Issue 16's quick-look numbers from voscope (the `dl3_quicklook` example's library
//! function) against an independent astropy + numpy computation (tests/dl3/reference.py)
//! on real H.E.S.S. DL3 DR1 runs: counts must be equal, floats equal to 1e-9 relative.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value as Json;

/// The four Crab runs, a PKS 2155-304 flare run, MSH 15-52 (its OBJECT spelled
/// 'MSH 15-5-02'), RX J1713.7-3946, and an "Off data" run pointed 7.5° from its target.
const RUNS: &[&str] = &[
    "023523", "023526", "023559", "023592", "033787", "020136", "020326", "028981",
];

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/hess-dl3-dr1/data")
}

fn venv_python() -> PathBuf {
    let home =
        std::env::var_os("HOME").expect("HOME is not set: cannot find ~/.cache/voscope/venv");
    Path::new(&home).join(".cache/voscope/venv/bin/python")
}

/// Equal JSON: integers exactly, other numbers to `rel`, same keys and lengths.
fn compare(path: &str, a: &Json, b: &Json, rel: f64, diffs: &mut Vec<String>) {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => {
            let exact = x.is_u64() || x.is_i64();
            let same = if exact && (y.is_u64() || y.is_i64()) {
                x == y
            } else {
                let (x, y) = (
                    x.as_f64().unwrap_or(f64::NAN),
                    y.as_f64().unwrap_or(f64::NAN),
                );
                x == y || (x - y).abs() <= rel * x.abs().max(y.abs())
            };
            if !same {
                diffs.push(format!("{path}: voscope {a}, astropy {b}"));
            }
        }
        (Json::Array(x), Json::Array(y)) => {
            if x.len() != y.len() {
                diffs.push(format!(
                    "{path}: voscope has {} values, astropy {}",
                    x.len(),
                    y.len()
                ));
                return;
            }
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                compare(&format!("{path}[{i}]"), u, v, rel, diffs);
            }
        }
        (Json::Object(x), Json::Object(y)) => {
            let (kx, ky): (Vec<_>, Vec<_>) = (x.keys().collect(), y.keys().collect());
            if kx != ky {
                diffs.push(format!("{path}: voscope keys {kx:?}, astropy keys {ky:?}"));
                return;
            }
            for (k, u) in x {
                compare(&format!("{path}.{k}"), u, &y[k], rel, diffs);
            }
        }
        _ if a == b => {}
        _ => diffs.push(format!("{path}: voscope {a}, astropy {b}")),
    }
}

#[test]
fn quicklook_numbers_match_astropy_and_numpy() {
    let python = venv_python();
    assert!(
        python.exists(),
        "{} is missing: run scripts/lib/venv to create the astropy + numpy environment",
        python.display()
    );
    let files: Vec<PathBuf> = RUNS
        .iter()
        .map(|id| data_dir().join(format!("hess_dl3_dr1_obs_id_{id}.fits.gz")))
        .collect();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dl3/reference.py");
    let out = Command::new(&python)
        .arg(&script)
        .args(&files)
        .output()
        .expect("cannot start the venv python");
    assert!(
        out.status.success(),
        "reference.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: Vec<Json> =
        serde_json::from_slice(&out.stdout).expect("reference.py did not print a JSON list");
    assert_eq!(expected.len(), files.len());

    let mut diffs = Vec::new();
    for (file, want) in files.iter().zip(&expected) {
        let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let run = voscope::standards::gadf::read_file_bytes(&bytes)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let got = serde_json::to_value(
            voscope::app::quicklook::reference::reference(&run).expect("reference numbers"),
        )
        .expect("serialisable");
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        compare(&name, &got, want, 1e-9, &mut diffs);
        // Something to compare: a run has thousands of events, most of them on the map.
        let n_events = got["n_events"].as_u64().unwrap_or(0);
        let on_map: u64 = got["counts_map"]["pixels"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|r| r.as_array().into_iter().flatten())
            .filter_map(Json::as_u64)
            .sum();
        assert!(
            n_events > 4000 && on_map > n_events / 10,
            "{name}: {n_events} events, {on_map} on the map"
        );
    }
    assert!(
        diffs.is_empty(),
        "{} differences:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}
