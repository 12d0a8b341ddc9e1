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
            QueryStatus::Error(message) => Err(TapError::Service { message, status }),
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
