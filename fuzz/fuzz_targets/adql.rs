//! Any text through the ADQL lexer, checker and editor helpers, and through the quoting
//! that builds queries from outside text. None may panic. Besides:
//! - the lexer's tokens are in order, inside the text, on character boundaries, with
//!   only whitespace between them, and the tokens re-lexed one space apart are the same;
//! - the checker ignores layout: a query that checks, written again as its tokens one
//!   space apart (comments dropped), checks to the same analysis; what a strict dialect
//!   accepts the lenient one accepts; errors point inside the query;
//! - the full report (lint) agrees with the check: its one error, last, is the check's;
//!   every diagnostic points inside the query and names a rule; undeclared optional
//!   features only warn (never change the verdict);
//! - highlighting spans are in order and inside the text; completions respect the limit;
//! - what quoting makes of any text is one literal or name, and a query built from it
//!   checks (no text can change a query's structure); numbers read back exactly;
//! - the ObsCore form and the cone query, with any text and numbers, give queries that
//!   check (or refuse the input).
//!
//! The first byte picks the editor's cursor (any byte offset: the UI's caret comes from
//! the browser, in UTF-16 units, clamped to the text's length).
#![no_main]

use libfuzzer_sys::fuzz_target;
use voscope::standards::adql::editor::{completions, highlight, tables_in, word_at, KnownTable};
use voscope::standards::adql::lexer::{tokenize, TokenKind};
use voscope::standards::adql::obscore::{distinct_values, EnergyUnit, ObsCoreForm};
use voscope::standards::adql::quote::{identifier, number, string_literal, table_name};
use voscope::standards::adql::{check, lint, ConeQuery, Dialect, Severity};

fn ws(s: &str) -> bool {
    s.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c))
}

fn lexes_to_one(text: &str, kinds: &[TokenKind]) {
    let t = tokenize(text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
    assert_eq!(t.len(), 2, "{text:?}: {t:?}");
    assert!(kinds.contains(&t[0].kind), "{text:?}: {t:?}");
    assert_eq!((t[0].start, t[0].end), (0, text.len()), "{text:?}");
}

fn checks(query: &str) -> voscope::standards::adql::Analysis {
    check(query, &Dialect::lenient()).unwrap_or_else(|e| panic!("{query:?}: {e}"))
}

fn f64_at(data: &[u8], k: usize) -> f64 {
    let mut b = [0u8; 8];
    for (i, x) in b.iter_mut().enumerate() {
        *x = data.get(k * 8 + i).copied().unwrap_or(0);
    }
    f64::from_le_bytes(b)
}

fuzz_target!(|data: &[u8]| {
    let q = String::from_utf8_lossy(data);
    let q: &str = &q;
    let n = q.len();

    // The lexer.
    match tokenize(q) {
        Ok(toks) => {
            let last = toks.last().expect("an Eof token");
            assert_eq!((last.kind, last.start, last.end), (TokenKind::Eof, n, n));
            let mut at = 0;
            for t in &toks {
                assert!(at <= t.start && t.start <= t.end && t.end <= n, "{t:?}");
                assert!(q.is_char_boundary(t.start) && q.is_char_boundary(t.end));
                assert!(ws(&q[at..t.start]), "{:?} between tokens", &q[at..t.start]);
                assert!(t.kind == TokenKind::Eof || t.end > t.start, "{t:?}");
                at = t.end;
            }
            let spaced: Vec<&str> = toks
                .iter()
                .filter(|t| !matches!(t.kind, TokenKind::Comment | TokenKind::Eof))
                .map(|t| t.text(q))
                .collect();
            let spaced = spaced.join(" ");
            let again = tokenize(&spaced).expect("the tokens re-lexed");
            let texts = |src: &str, ts: &[voscope::standards::adql::lexer::Token]| {
                ts.iter()
                    .filter(|t| t.kind != TokenKind::Comment)
                    .map(|t| (t.kind, t.text(src).to_owned()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(texts(q, &toks), texts(&spaced, &again));

            // The checker.
            let lenient = check(q, &Dialect::lenient());
            let strict = check(q, &Dialect::default());
            if strict.is_ok() {
                assert_eq!(strict, lenient);
            }
            let report = lint(q, &Dialect::lenient());
            let errors = report
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            assert!(errors <= 1, "{report:?}");
            if let Some(e) = report.error() {
                assert!(std::ptr::eq(e, report.diagnostics.last().unwrap()));
            }
            assert_eq!(
                report.error().map(|d| (d.offset, d.message.clone())),
                lenient.as_ref().err().map(|e| (e.offset, e.message.clone()))
            );
            for d in &report.diagnostics {
                assert!(d.offset <= n && !d.rule.is_empty(), "{d:?}");
            }
            let undeclared = Dialect {
                features: Some(Vec::new()),
                ..Dialect::default()
            };
            assert_eq!(check(q, &undeclared), strict);
            match &lenient {
                Ok(a) => assert_eq!(Ok(a), check(&spaced, &Dialect::lenient()).as_ref()),
                Err(e) => {
                    assert!(e.offset <= n && e.line >= 1 && e.column >= 1, "{e:?}");
                    // The same error (at the same token, moved by the new layout).
                    let again = check(&spaced, &Dialect::lenient()).expect_err("spaced checks");
                    assert_eq!(again.message, e.message);
                }
            }
        }
        Err(e) => {
            assert!(e.offset < n && q.is_char_boundary(e.offset), "{e:?}");
            let c = check(q, &Dialect::lenient()).expect_err("a lexical error checks");
            assert_eq!(c.offset, e.offset);
        }
    }

    // The editor.
    let spans = highlight(q);
    let mut at = 0;
    for &(s, e, _) in &spans {
        assert!(at <= s && s <= e && e <= n, "{spans:?}");
        assert!(q.is_char_boundary(s) && q.is_char_boundary(e));
        at = e;
    }
    let found = tables_in(q);
    let cursor = if n == 0 {
        0
    } else {
        data[0] as usize * 31 % (n + 1)
    };
    let (start, word) = word_at(q, cursor);
    assert!(start <= cursor.min(n) && start + word.len() <= n);
    let mut schema: Vec<KnownTable> = found
        .iter()
        .map(|(name, _)| KnownTable {
            name: name.clone(),
            description: String::new(),
            columns: vec![("s_ra".into(), String::new()), (name.clone(), "x".into())],
        })
        .collect();
    schema.push(KnownTable {
        name: "ivoa.obscore".into(),
        description: "ObsCore".into(),
        columns: vec![("s_ra".into(), "RA".into()), ("s_dec".into(), "Dec".into())],
    });
    assert!(completions(q, cursor, &schema, 12).len() <= 12);

    // Quoting outside text.
    let lit = string_literal(q);
    lexes_to_one(&lit, &[TokenKind::Str]);
    assert_eq!(
        lit[1..lit.len() - 1].replace("''", "'"),
        q.replace('\0', "")
    );
    let a = checks(&format!("SELECT * FROM t WHERE x = {lit}"));
    assert_eq!(a.tables.len(), 1);
    let unnul = q.replace('\0', "");
    if !unnul.is_empty() {
        let id = identifier(q);
        lexes_to_one(&id, &[TokenKind::Word, TokenKind::Delimited]);
        let a = checks(&format!("SELECT {id} FROM t AS {id}"));
        assert_eq!(a.tables[0].alias.as_deref(), Some(unnul.as_str()));
    }
    if unnul.split('.').count() <= 3 && unnul.split('.').all(|p| !p.is_empty()) {
        let a = checks(&format!("SELECT * FROM {}", table_name(q)));
        assert_eq!(a.tables[0].name, unnul);
    }
    for k in 0..3 {
        let v = f64_at(data, k);
        if let Some(text) = number(v) {
            assert_eq!(text.parse::<f64>().ok(), Some(v), "{text}");
            checks(&format!("SELECT {text} FROM t"));
        } else {
            assert!(!v.is_finite());
        }
    }

    // Queries built from a form.
    let lines: Vec<String> = q.lines().map(str::to_owned).collect();
    let pick = |k: usize| lines.iter().skip(k).step_by(3).cloned().collect::<Vec<_>>();
    let mut form = ObsCoreForm::new();
    if data.len() > 40 {
        form.cone = Some((f64_at(data, 0), f64_at(data, 1), f64_at(data, 2)));
        form.time_start = Some(f64_at(data, 3)).filter(|_| data[1] & 1 == 0);
        form.time_end = Some(f64_at(data, 4)).filter(|_| data[1] & 2 == 0);
        form.energy_min = Some(f64_at(data, 2)).filter(|_| data[1] & 4 == 0);
        form.energy_max = Some(f64_at(data, 3)).filter(|_| data[1] & 8 == 0);
        form.energy_unit = EnergyUnit::parse(lines.first().map_or("", |l| l.as_str()));
        form.top = Some(u64::from(data[2]) << (data[3] % 64)).filter(|_| data[1] & 16 == 0);
        form.calib_levels = data[4..8].to_vec();
    }
    form.dataproduct_types = pick(0);
    form.collections = pick(1);
    form.facilities = pick(2);
    if let Ok(query) = form.to_adql() {
        checks(&query);
    }
    let mut cone = ConeQuery::obscore(f64_at(data, 0), f64_at(data, 1), f64_at(data, 2), None);
    if lines.len() >= 3
        && lines
            .iter()
            .take(3)
            .all(|l| !l.replace('\0', "").is_empty())
    {
        cone.ra_column = lines[1].clone();
        cone.dec_column = lines[2].clone();
    }
    if let Ok(query) = cone.to_adql() {
        checks(&query);
    }
    if lines.len() >= 3 {
        let (table, column) = (lines[1].replace('\0', ""), lines[2].replace('\0', ""));
        if !column.is_empty()
            && table.split('.').count() <= 3
            && table.split('.').all(|p| !p.is_empty())
        {
            let a = checks(&distinct_values(&lines[1], &lines[2]));
            assert_eq!(a.tables[0].name, table);
        }
    }
});
