//! Reading while downloading gives exactly what reading the whole document gives, for
//! every fixture and every way of cutting it into chunks.

use std::path::Path;

use voscope::standards::votable::{self, StreamReader, VoTable, VoTableError};

fn streamed(bytes: &[u8], sizes: &[usize]) -> Result<VoTable, VoTableError> {
    let mut r = StreamReader::new();
    let mut at = 0;
    let mut k = 0;
    while at < bytes.len() {
        let n = sizes[k % sizes.len()].min(bytes.len() - at);
        r.feed(&bytes[at..at + n])?;
        at += n;
        k += 1;
    }
    r.finish()
}

fn all_fixtures() -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                if !p.ends_with("expected") {
                    stack.push(p);
                }
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn streaming_equals_whole_reading_for_every_fixture() {
    let cuts: &[&[usize]] = &[&[1], &[3, 7, 1, 64], &[4096], &[usize::MAX]];
    let mut compared = 0;
    for path in all_fixtures() {
        let bytes = std::fs::read(&path).unwrap();
        let whole = votable::parse(&bytes);
        for sizes in cuts {
            let name = format!("{} in chunks of {:?}", path.display(), sizes);
            let stream = streamed(&bytes, sizes);
            match (&whole, &stream) {
                (Ok(a), Ok(b)) => {
                    let (ta, tb) = (a.tables(), b.tables());
                    assert_eq!(ta.len(), tb.len(), "{name}");
                    for (x, y) in ta.iter().zip(&tb) {
                        let fx: Vec<_> = x.fields.iter().map(|f| &f.name).collect();
                        let fy: Vec<_> = y.fields.iter().map(|f| &f.name).collect();
                        assert_eq!(fx, fy, "{name}");
                        // Compared cell by cell (NaN placeholders are not equal to themselves).
                        assert_eq!(x.row_count(), y.row_count(), "{name}");
                        for (cx, cy) in x.columns.iter().zip(&y.columns) {
                            for i in 0..cx.len() {
                                assert_eq!(cx.value(i), cy.value(i), "{name} row {i}");
                                assert_eq!(cx.is_null(i), cy.is_null(i), "{name} row {i}");
                            }
                        }
                    }
                    assert_eq!(a.query_status(), b.query_status(), "{name}");
                    assert_eq!(a.all_infos().len(), b.all_infos().len(), "{name}");
                    assert_eq!(a.warnings, b.warnings, "{name}");
                    compared += 1;
                }
                // Fuzzer-found inputs have several faults; the whole reader checks UTF-8
                // first, the streamed one meets faults in document order.
                (Err(_), Err(_)) if path.components().any(|c| c.as_os_str() == "fuzz") => {}
                (Err(a), Err(b)) => {
                    assert_eq!(a.kind, b.kind, "{name}: {a} / {b}");
                    assert_eq!(a.line, b.line, "{name}: {a} / {b}");
                }
                (a, b) => panic!(
                    "{name}: whole {:?} vs streamed {:?}",
                    a.as_ref().err(),
                    b.as_ref().err()
                ),
            }
        }
    }
    assert!(compared > 300, "{compared}");
}
