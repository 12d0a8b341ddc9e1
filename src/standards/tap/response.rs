//! What a TAP service answered: a result table, a DALI error, or something else.
//!
//! DaCHS answers query errors with HTTP 200 and an error VOTable, others with 400 and
//! an error VOTable, some with a plain-text or HTML page: look at the body first, the
//! status second, and always keep the service's own words.

use crate::standards::votable::{self, QueryStatus, VoTable, VoTableError};

/// A successful answer.
#[derive(Debug)]
pub struct TapResult {
    pub doc: VoTable,
    /// The service truncated the result (QUERY_STATUS=OVERFLOW).
    pub overflow: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TapError {
    /// The service understood and refused: its own message (DALI QUERY_STATUS=ERROR).
    Service { message: String, status: u16 },
    /// An HTTP error whose body was not a DALI error document.
    Http { status: u16, excerpt: String },
    /// The body was not a VOTable, or a broken one.
    BadVoTable { status: u16, error: VoTableError },
    /// A FITS answer (RESPONSEFORMAT=fits) that could not be read.
    BadFits { status: u16, error: String },
}

impl std::fmt::Display for TapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TapError::Service { message, .. } => {
                write!(f, "The service reported an error: {message}")
            }
            TapError::Http { status, excerpt } if excerpt.is_empty() => {
                write!(
                    f,
                    "The service answered HTTP {status} ({}) with no explanation.",
                    reason(*status)
                )
            }
            TapError::Http { status, excerpt } => {
                write!(
                    f,
                    "The service answered HTTP {status} ({}): {excerpt}",
                    reason(*status)
                )
            }
            TapError::BadVoTable { error, .. } => {
                write!(
                    f,
                    "The service's answer could not be read as a VOTable: {error}"
                )
            }
            TapError::BadFits { error, .. } => {
                write!(f, "The service's FITS answer could not be read: {error}")
            }
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "bad request",
        401 => "authentication required",
        403 => "forbidden",
        404 => "not found: check the service URL",
        405 => "method not allowed",
        408 => "timeout",
        413 => "request too large",
        429 => "too many requests: try again later",
        500 => "internal server error",
        502 => "bad gateway",
        503 => "service unavailable: try again later",
        504 => "gateway timeout",
        _ => "error",
    }
}

/// Reads an answer asked for as FITS (RESPONSEFORMAT=fits): its first table, as the
/// VOTable model the results view shows. Errors still come as VOTables (DALI), and a
/// service that ignored the format answers one: both are read as such.
pub fn read_fits_answer(status: u16, body: &[u8]) -> Result<TapResult, TapError> {
    if !body.starts_with(b"SIMPLE  =") {
        return read_result(status, body);
    }
    let bad = |error: String| TapError::BadFits { status, error };
    let fits = crate::standards::fits::Fits::parse(body).map_err(|e| bad(e.to_string()))?;
    let index = fits
        .hdus
        .iter()
        .position(|h| h.table().is_some())
        .ok_or_else(|| bad("it holds no table".into()))?;
    let doc = crate::standards::fits::to_votable(&fits, index).map_err(|e| bad(e.to_string()))?;
    Ok(TapResult {
        doc,
        overflow: false,
    })
}

/// Reads a sync query's answer from its status and body.
pub fn read_result(status: u16, body: &[u8]) -> Result<TapResult, TapError> {
    read_parsed(status, votable::parse(body), body)
}

/// The same, for a body already read by a [`votable::StreamReader`]: `head` is the start
/// of the body (enough for an error page's text).
pub fn read_parsed(
    status: u16,
    parsed: Result<VoTable, VoTableError>,
    head: &[u8],
) -> Result<TapResult, TapError> {
    match parsed {
        Ok(doc) => match doc.query_status() {
            QueryStatus::Error(message) => Err(TapError::Service {
                message: readable_message(&message),
                status,
            }),
            _ if status >= 400 => Err(TapError::Http {
                status,
                excerpt: String::new(),
            }),
            QueryStatus::Overflow => Ok(TapResult {
                doc,
                overflow: true,
            }),
            QueryStatus::Ok | QueryStatus::Unknown => Ok(TapResult {
                doc,
                overflow: false,
            }),
        },
        Err(_) if status >= 400 => Err(TapError::Http {
            status,
            excerpt: text_excerpt(head),
        }),
        Err(error) => Err(TapError::BadVoTable { status, error }),
    }
}

/// The service's message of a DALI error document (QUERY_STATUS=ERROR), made readable;
/// None when the body is no such document. For answers that are not a query's result,
/// such as a refused job creation (Daiquiri answers HTTP 400 with one).
pub fn error_document_message(body: &[u8]) -> Option<String> {
    match votable::parse(body).ok()?.query_status() {
        QueryStatus::Error(message) => Some(readable_message(&message)),
        _ => None,
    }
}

/// Daiquiri (AIP, 1.2) writes its error INFO as the Python text of Django REST
/// framework's error structure, e.g. `QUERY: {'messages': [ErrorDetail(string='Column x
/// not found.', code='invalid')], 'positions': ErrorDetail(string='[[1, 6, "TOP"]]', …)}`.
/// This takes the messages (and the line, column and word of each position) out of it
/// and says where they came from. Any other message is returned as it is.
pub fn readable_message(raw: &str) -> String {
    const MARK: &str = "ErrorDetail(string=";
    if !raw.contains(MARK) {
        return raw.to_owned();
    }
    let mut messages: Vec<String> = Vec::new();
    let mut positions: Vec<String> = Vec::new();
    let mut key = String::new();
    let mut rest = raw;
    while let Some(at) = rest.find(MARK) {
        // The nearest `'key':` before this detail says what it is.
        if let Some(k) = last_key(&rest[..at]) {
            key = k;
        }
        let after = &rest[at + MARK.len()..];
        let Some((text, used)) = python_string(after) else {
            break;
        };
        if key == "positions" {
            positions.extend(position_words(&text));
        } else if !text.is_empty() {
            messages.push(text);
        }
        rest = &after[used..];
    }
    if messages.is_empty() && positions.is_empty() {
        return raw.to_owned();
    }
    let param = raw
        .split_once(": {")
        .map(|(p, _)| p.trim())
        .filter(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    let mut out = String::new();
    if let Some(p) = param {
        out.push_str(p);
        out.push_str(": ");
    }
    out.push_str(&messages.join(" "));
    if !positions.is_empty() {
        out.push_str(&format!(" ({})", positions.join("; ")));
    }
    out.push_str(" [the service sent its error as a Python data structure, not as text: voscope shows the messages it holds]");
    out
}

/// The last `'name':` in `text` (a key of the Python dict around an ErrorDetail).
fn last_key(text: &str) -> Option<String> {
    let end = text.rfind("':")?;
    let start = text[..end].rfind('\'')?;
    let k = &text[start + 1..end];
    k.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
        .then(|| k.to_owned())
}

/// A Python string literal at the start of `s` ('…' or "…", backslash escapes): its
/// text and the bytes it took.
fn python_string(s: &str) -> Option<(String, usize)> {
    let quote = s.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let mut out = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            let (_, n) = chars.next()?;
            out.push(match n {
                'n' => '\n',
                't' => '\t',
                other => other,
            });
        } else if c == quote {
            return Some((out, i + 1));
        } else {
            out.push(c);
        }
    }
    None
}

/// Daiquiri's positions, `[[line, column, "word"], …]`, in words.
fn position_words(text: &str) -> Vec<String> {
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(text)
    else {
        return if text.trim().is_empty() {
            Vec::new()
        } else {
            vec![format!("at {}", text.trim())]
        };
    };
    items
        .iter()
        .filter_map(|p| {
            let p = p.as_array()?;
            let line = p.first()?.as_u64()?;
            let column = p.get(1)?.as_u64()?;
            Some(match p.get(2).and_then(|w| w.as_str()) {
                Some(w) => format!("line {line}, column {column}, at \"{w}\""),
                None => format!("line {line}, column {column}"),
            })
        })
        .collect()
}

/// A short, plain-text excerpt of an error body: HTML tags removed, whitespace
/// collapsed, at most 300 characters. Always rendered as text by the UI.
pub fn text_excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(64 * 1024)]);
    let mut out = String::new();
    let mut in_tag = false;
    let mut skip_block = false;
    let lower = text.to_ascii_lowercase();
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        if !in_tag && bytes[i] == b'<' {
            in_tag = true;
            if lower[i..].starts_with("<script") || lower[i..].starts_with("<style") {
                skip_block = true;
            } else if lower[i..].starts_with("</script") || lower[i..].starts_with("</style") {
                skip_block = false;
            }
            out.push(' ');
        } else if in_tag && bytes[i] == b'>' {
            in_tag = false;
        } else if !in_tag && !skip_block {
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
            continue;
        }
        i += 1;
    }
    let collapsed: Vec<&str> = out.split_whitespace().collect();
    let joined = collapsed.join(" ");
    let decoded = crate::standards::votable::decode_entities(&joined).into_owned();
    if decoded.chars().count() > 300 {
        let mut s: String = decoded.chars().take(297).collect();
        s.push_str("...");
        s
    } else {
        decoded
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_dachs_fits_answer_reads_as_its_votable_answer() {
        let fits = read_fits_answer(
            200,
            include_bytes!("../../../tests/fixtures/tap/dachs_hess_top5.fits"),
        )
        .unwrap();
        let vot = read_result(
            200,
            include_bytes!("../../../tests/fixtures/tap/dachs_hess_top5.vot"),
        )
        .unwrap();
        let (f, v) = (&fits.doc.tables()[0], &vot.doc.tables()[0]);
        assert_eq!(f.row_count(), 5);
        let names: Vec<&str> = f.fields.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "obs_id",
                "target_name",
                "s_ra",
                "s_dec",
                "t_min",
                "em_min",
                "t_exptime"
            ]
        );
        for (j, field) in f.fields.iter().enumerate() {
            let k = v.column_index(&field.name).unwrap();
            assert_eq!(field.unit, v.fields[k].unit, "{}", field.name);
            for row in 0..5 {
                match (f.columns[j].f64_at(row), v.columns[k].f64_at(row)) {
                    (Some(a), Some(b)) => assert!(
                        (a - b).abs() <= 1e-9 * b.abs(),
                        "{} row {row}: {a} vs {b}",
                        field.name
                    ),
                    _ => assert_eq!(
                        f.columns[j].str_at(row),
                        v.columns[k].str_at(row),
                        "{} row {row}",
                        field.name
                    ),
                }
            }
        }
        // An error comes as a DALI VOTable even when FITS was asked for.
        let err = read_fits_answer(
            200,
            br#"<VOTABLE version="1.4"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="ERROR">Field query: No such field known</INFO></RESOURCE></VOTABLE>"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("No such field known"), "{err}");
        let cut = read_fits_answer(
            200,
            &include_bytes!("../../../tests/fixtures/tap/dachs_hess_top5.fits")[..6000],
        )
        .unwrap_err();
        assert!(matches!(cut, TapError::BadFits { .. }), "{cut}");
    }

    use super::*;

    const DACHS_ERROR: &str = r#"<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="ERROR">Could not parse your query: Expected "FROM" (at char 14), (line:1, col:15)</INFO></RESOURCE></VOTABLE>"#;

    #[test]
    fn dali_error_with_status_200() {
        let e = read_result(200, DACHS_ERROR.as_bytes()).unwrap_err();
        assert_eq!(
            e,
            TapError::Service {
                message:
                    "Could not parse your query: Expected \"FROM\" (at char 14), (line:1, col:15)"
                        .into(),
                status: 200
            }
        );
    }

    #[test]
    fn html_error_page_becomes_text() {
        let body = b"<html><head><title>Oops</title><script>alert(1)</script></head><body><h1>502 Bad Gateway</h1><p>nginx &amp; co</p></body></html>";
        let e = read_result(502, body).unwrap_err();
        let TapError::Http { status, excerpt } = e else {
            panic!("{e:?}")
        };
        assert_eq!(status, 502);
        assert_eq!(excerpt, "Oops 502 Bad Gateway nginx & co");
    }

    #[test]
    fn overflow_is_flagged() {
        let body = r#"<VOTABLE><RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/><TABLE><FIELD name="a" datatype="int"/><DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE><INFO name="QUERY_STATUS" value="OVERFLOW"/></RESOURCE></VOTABLE>"#;
        let r = read_result(200, body.as_bytes()).unwrap();
        assert!(r.overflow);
        assert_eq!(r.doc.results_table().unwrap().row_count(), 1);
    }

    #[test]
    fn plain_text_200_is_not_a_votable() {
        let e = read_result(200, b"Service temporarily down").unwrap_err();
        assert!(matches!(e, TapError::BadVoTable { .. }));
        assert!(e.to_string().contains("plain text"), "{e}");
    }
}

/// Answers of the local Daiquiri 1.2.3 (scripts/peers/daiquiri), recorded with curl:
/// tests/fixtures/daiquiri/.
#[cfg(test)]
mod daiquiri {
    use super::*;

    macro_rules! fixture {
        ($name:literal) => {
            include_bytes!(concat!("../../../tests/fixtures/daiquiri/", $name))
        };
    }

    #[test]
    fn a_syntax_error_reads_as_its_message_and_position_not_python() {
        let e = read_result(400, fixture!("sync_error_syntax.vot")).unwrap_err();
        let TapError::Service { message, status } = &e else {
            panic!("not a service error: {e:?}");
        };
        assert_eq!(*status, 400);
        assert!(
            message.starts_with(
                "QUERY: There has been an error while translating your query. (line 1, column 6, at \"TOP\")"
            ),
            "{message}"
        );
        assert!(message.contains("Python data structure"), "{message}");
        assert!(!message.contains("ErrorDetail"), "{message}");
    }

    #[test]
    fn an_unknown_column_reads_as_daiquiris_sentence() {
        let e = read_result(400, fixture!("sync_error_nocolumn.vot")).unwrap_err();
        assert!(
            e.to_string().starts_with(
                "The service reported an error: QUERY: Column nosuchcolumn not found. ["
            ),
            "{e}"
        );
    }

    #[test]
    fn a_refused_async_job_creation_gives_the_message_of_its_error_document() {
        let m = error_document_message(fixture!("async_create_refused.vot")).unwrap();
        assert!(
            m.starts_with("QUERY: Column nosuchcolumn not found."),
            "{m}"
        );
        assert_eq!(error_document_message(fixture!("sync_top3.vot")), None);
        assert_eq!(error_document_message(b"<html>500</html>"), None);
    }

    #[test]
    fn messages_without_python_structures_are_kept_as_sent() {
        for m in [
            "Could not parse your query: syntax error at TOP",
            "",
            "ErrorDetail(string=",
        ] {
            assert_eq!(readable_message(m), m);
        }
        // Escaped quotes and a message in double quotes (Python's repr of a text with ').
        let m = readable_message(
            r#"QUERY: {'messages': [ErrorDetail(string="Table 'x' not found.", code='invalid'), ErrorDetail(string='it\'s gone', code='invalid')]}"#,
        );
        assert!(
            m.starts_with("QUERY: Table 'x' not found. it's gone ["),
            "{m}"
        );
    }

    #[test]
    fn the_overflow_info_before_the_table_still_marks_the_result_truncated() {
        // Daiquiri writes QUERY_STATUS=OVERFLOW at the top of the RESOURCE (before the
        // TABLE), with MAXREC rows.
        let r = read_result(200, fixture!("sync_overflow_maxrec3.vot")).unwrap();
        assert!(r.overflow);
        assert_eq!(r.doc.tables()[0].row_count(), 3);
        let ok = read_result(200, fixture!("sync_top3.vot")).unwrap();
        assert!(!ok.overflow);
        assert_eq!(ok.doc.tables()[0].row_count(), 3);
    }

    #[test]
    fn a_fits_request_answered_with_a_votable_is_read_as_that_votable() {
        // Daiquiri's /sync ignores RESPONSEFORMAT: asked for FITS, it sends a VOTable.
        let body = fixture!("sync_top5_responseformat_fits.vot");
        assert!(body.starts_with(b"<?xml"));
        let r = read_fits_answer(200, body).unwrap();
        let t = &r.doc.tables()[0];
        assert_eq!(t.row_count(), 5);
        let names: Vec<&str> = t.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["obs_id", "target_name", "s_ra"]);
    }
}
