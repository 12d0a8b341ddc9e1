//! voscope's ADQL checker against its own corpus (tests/fixtures/adql/rec21_corpus.json),
//! written rule by rule from the ADQL 2.1 REC's BNF (2023-12-15): each case names the
//! rule that decides it, and the checker's diagnostic must name the same rule. Each case
//! also records what DaCHS 2.7's own ADQL parser made of it (rec21_dachs_verdicts.py);
//! voscope's verdict for a DaCHS service (its dialect built from the capabilities the
//! DaCHS test peer serves) must agree, no error where DaCHS parses the query and an error
//! where it refuses it, except in the noted cases (DaCHS departing from the REC, or its
//! parser taking what its database then refuses).

use std::path::Path;

use voscope::standards::adql::service::dialect_for;
use voscope::standards::adql::{lint, Dialect, Extension, Report, Severity};
use voscope::standards::vosi::capabilities::parse;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn extension(name: &str) -> Extension {
    *Extension::ALL
        .iter()
        .find(|e| format!("{e:?}") == name)
        .unwrap_or_else(|| panic!("no extension {name}"))
}

fn show(r: &Report) -> String {
    r.diagnostics
        .iter()
        .map(|d| format!("[{:?} {}] {d}", d.severity, d.rule))
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn rec21_corpus() {
    let json: serde_json::Value = serde_json::from_str(&fixture("adql/rec21_corpus.json")).unwrap();
    let dachs = || {
        dialect_for(
            &parse(fixture("tap/dachs_capabilities.xml").as_bytes())
                .unwrap()
                .tap
                .unwrap(),
        )
    };
    let strict = Dialect::default();
    let none_declared = Dialect {
        features: Some(Vec::new()),
        ..Dialect::default()
    };
    let mut failures = Vec::new();
    let mut counts = std::collections::BTreeMap::new();
    for case in json["cases"].as_array().unwrap() {
        let q = case["query"].as_str().unwrap();
        let rule = case["rule"].as_str().unwrap();
        let verdict = case["verdict"].as_str().unwrap();
        *counts.entry(verdict.to_owned()).or_insert(0) += 1;
        let mut fail = |why: String| failures.push(format!("{q:?} ({verdict}, {rule}): {why}"));
        let r = lint(q, &strict);
        match verdict {
            "valid" => {
                if !r.diagnostics.is_empty() {
                    fail(show(&r));
                }
            }
            "invalid" => match r.error() {
                Some(e) if e.rule == rule => {}
                _ => fail(show(&r)),
            },
            "extension" => {
                let ext = extension(case["extension"].as_str().unwrap());
                assert_eq!(ext.rule(), rule, "{q}");
                if r.error().map(|e| e.rule) != Some(rule) {
                    fail(format!("strict: {}", show(&r)));
                }
                let accepting = Dialect {
                    extensions: vec![ext],
                    ..Dialect::default()
                };
                let w = lint(q, &accepting);
                let warned = w.error().is_none()
                    && w.warnings()
                        .any(|d| d.rule == rule && d.message.contains("this service accepts it"));
                if !warned {
                    fail(format!("accepting: {}", show(&w)));
                }
                let w = lint(q, &Dialect::lenient());
                if w.error().is_some() || !w.warnings().any(|d| d.message.contains("not known")) {
                    fail(format!("lenient: {}", show(&w)));
                }
            }
            "optional" => {
                let feature = case["feature"].as_str().unwrap();
                if !r.diagnostics.is_empty() {
                    fail(format!("features unknown: {}", show(&r)));
                }
                let w = lint(q, &none_declared);
                let warned: Vec<_> = w.warnings().collect();
                if w.error().is_some()
                    || warned.len() != 1
                    || warned[0].rule != rule
                    || !warned[0].message.contains(feature)
                {
                    fail(format!("none declared: {}", show(&w)));
                }
                let declared = Dialect {
                    features: Some(vec![feature.to_owned()]),
                    ..Dialect::default()
                };
                let w = lint(q, &declared);
                if !w.diagnostics.is_empty() {
                    fail(format!("declared: {}", show(&w)));
                }
            }
            other => panic!("verdict {other}"),
        }
        if let Some(answer) = case.get("dachs").and_then(|v| v.as_str()) {
            let d = lint(q, &dachs());
            let agree = (answer == "ok") == d.error().is_none();
            // Where DaCHS departs from the REC, voscope follows the REC; where DaCHS's parser
            // takes what its database refuses, voscope says error (each note must still be
            // true: they disagree).
            let deviates = case.get("dachs_differs").is_some();
            if agree == deviates {
                fail(format!(
                    "DaCHS's parser: {answer}{}; voscope for DaCHS: {}",
                    if deviates {
                        " (noted: voscope differs)"
                    } else {
                        ""
                    },
                    show(&d)
                ));
            }
            *counts.entry(format!("dachs {answer}")).or_insert(0) += 1;
        }
    }
    println!("rec21 corpus: {counts:?}");
    assert!(
        failures.is_empty(),
        "{} case(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn warnings_come_before_the_error_and_name_their_rule() {
    let d = Dialect {
        extensions: vec![Extension::HexLiteral],
        features: Some(Vec::new()),
        ..Dialect::default()
    };
    let r = lint(
        "SELECT LOWER(a) FROM t WHERE b = 0x1\nAND c LIKE 'x' ESCAPE '!'",
        &d,
    );
    let got: Vec<_> = r
        .diagnostics
        .iter()
        .map(|x| (x.severity, x.rule, x.line, x.column))
        .collect();
    assert_eq!(
        got,
        vec![
            (Severity::Warning, "case_folding_function", 1, 8),
            (Severity::Warning, "unsigned_numeric_literal", 1, 34),
            (Severity::Error, "like_predicate", 2, 16),
        ]
    );
}

/// The input fuzzing timed out on (a lyonetia query mutated into subqueries nested in
/// `(((…` with `+++` chains): the lenient checker reads it to the nesting limit, the
/// strict one stops at its first construct outside ADQL 2.1, and the report says each
/// warning once, in order, before its one error (tried readings made them again and
/// again: that, with line counting per error, was the time).
#[test]
fn the_slow_nested_input_fuzzing_found() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/adql/fuzz_slow_nested.adql");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let q = String::from_utf8_lossy(&bytes);
    let lenient = voscope::standards::adql::check(&q, &Dialect::lenient()).expect_err("too deep");
    assert_eq!(lenient.message, "the query is nested too deeply");
    assert!(lenient.line > 1 && lenient.offset < q.len(), "{lenient:?}");
    let strict =
        voscope::standards::adql::check(&q, &Dialect::default()).expect_err("not ADQL 2.1");
    assert!(strict.offset < lenient.offset, "{strict:?}");
    let r = lint(&q, &Dialect::lenient());
    let (last, warnings) = r.diagnostics.split_last().expect("diagnostics");
    assert_eq!(
        (last.severity, last.offset),
        (Severity::Error, lenient.offset)
    );
    assert!(!warnings.is_empty());
    for w in warnings.windows(2) {
        assert!(w[0].offset <= w[1].offset, "{}", show(&r));
        assert!(
            (w[0].offset, &w[0].message) != (w[1].offset, &w[1].message),
            "{}",
            show(&r)
        );
    }
    for w in warnings {
        assert_eq!(w.severity, Severity::Warning);
        let before = &q[..w.offset];
        assert_eq!(w.line, before.matches('\n').count() + 1, "{w:?}");
    }
}
