//! DataLink 1.1: the `{links}` document of a data product — the product itself
//! (`#this`), previews, calibration, auxiliary files, services — read into a list.

use crate::standards::votable::{self, Table};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub id: String,
    /// An http(s) URL, or None (then `service_def` or `error` says why).
    pub access_url: Option<String>,
    pub service_def: Option<String>,
    pub error: Option<String>,
    /// e.g. `#this`, `#preview`, `#calibration`, `#auxiliary`, `#progenitor`.
    pub semantics: String,
    pub description: String,
    pub content_type: Option<String>,
    pub content_length: Option<u64>,
}

/// Whether a row's access_format says its access_url leads to a DataLink document.
pub fn is_datalink(access_format: &str) -> bool {
    let f = access_format.to_ascii_lowercase();
    f.contains("content=datalink")
}

fn http(url: &str) -> Option<String> {
    let l = url.trim().to_ascii_lowercase();
    (l.starts_with("http://") || l.starts_with("https://")).then(|| url.trim().to_owned())
}

pub fn read(table: &Table) -> Vec<Link> {
    let s = |name: &str, row: usize| {
        table
            .column(name)
            .and_then(|c| c.str_at(row))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    (0..table.row_count())
        .map(|r| Link {
            id: s("ID", r).unwrap_or_default(),
            access_url: s("access_url", r).and_then(|u| http(&u)),
            service_def: s("service_def", r),
            // A URL of another scheme (javascript:, data:) is never a link: it is shown
            // as text, said to be refused.
            error: s("error_message", r).or_else(|| {
                s("access_url", r)
                    .filter(|u| http(u).is_none())
                    .map(|u| format!("not an http(s) link, shown as text only: {u}"))
            }),
            semantics: s("semantics", r).unwrap_or_default(),
            description: s("description", r).unwrap_or_default(),
            content_type: s("content_type", r),
            content_length: table
                .column("content_length")
                .and_then(|c| c.f64_at(r))
                .map(|v| v as u64),
        })
        .collect()
}

/// Reads a DataLink answer; an error document (QUERY_STATUS=ERROR) or a non-VOTable is
/// an error with the service's text.
/// Whether a link's type or address says FITS (`application/fits`, `image/fits`,
/// `….fits`, `….fits.gz`).
pub fn is_fits(link: &Link) -> bool {
    let t = link
        .content_type
        .as_deref()
        .unwrap_or("")
        .to_ascii_lowercase();
    let u = link
        .access_url
        .as_deref()
        .unwrap_or("")
        .to_ascii_lowercase();
    let path = u.split(['?', '#']).next().unwrap_or("");
    t.contains("fits")
        || path.ends_with(".fits")
        || path.ends_with(".fits.gz")
        || path.ends_with(".fit")
}

/// The event list among a row's products, for the quick-look: the `#this` product when
/// it is FITS, else the first FITS product that is not a preview. None when the row has
/// no FITS product at all.
pub fn event_list(links: &[Link]) -> Option<&str> {
    let usable = |l: &&Link| l.access_url.is_some() && is_fits(l);
    links
        .iter()
        .filter(usable)
        .find(|l| l.semantics == "#this")
        .or_else(|| {
            links
                .iter()
                .filter(usable)
                .find(|l| !l.semantics.contains("preview") && l.semantics != "#calibration")
        })
        .and_then(|l| l.access_url.as_deref())
}

pub fn parse(bytes: &[u8]) -> Result<Vec<Link>, String> {
    if is_html_page(bytes) {
        return Err(
            "the service answered with a web page instead of the DataLink table \
             (DaCHS 2.7 does this for every web browser); open the page itself instead"
                .into(),
        );
    }
    let mut doc =
        votable::parse(bytes).map_err(|e| format!("the links document could not be read: {e}"))?;
    if let votable::QueryStatus::Error(m) = doc.query_status() {
        return Err(format!("the DataLink service reported an error: {m}"));
    }
    let table = doc
        .take_results_table()
        .ok_or_else(|| "the links document holds no table".to_owned())?;
    if table.column("semantics").is_none() {
        return Err("this is not a DataLink document (no semantics column)".into());
    }
    Ok(read(&table))
}

/// An HTML rendering (XSLT done by the server) rather than the VOTable.
fn is_html_page(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    head.contains("<!doctype html") || (head.contains("<html") && !head.contains("<votable"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(semantics: &str, url: &str, t: Option<&str>) -> Link {
        Link {
            id: "x".into(),
            access_url: Some(url.into()),
            service_def: None,
            error: None,
            semantics: semantics.into(),
            description: String::new(),
            content_type: t.map(str::to_owned),
            content_length: None,
        }
    }

    #[test]
    fn the_event_list_is_this_when_fits_else_the_first_fits_product() {
        let doc = link("#documentation", "http://h/README.txt", Some("text/plain"));
        let this = link("#this", "http://h/run_023523.fits.gz", None);
        let cal = link(
            "#calibration",
            "http://h/irf.fits",
            Some("application/fits"),
        );
        let prev = link("#preview", "http://h/p.fits", Some("image/fits"));
        let list = [doc.clone(), cal.clone(), this.clone()];
        assert_eq!(event_list(&list), Some("http://h/run_023523.fits.gz"));
        // #this is an HTML page: the first FITS product that is not a preview or an IRF.
        let html_this = link("#this", "http://h/page.html", Some("text/html"));
        let aux = link("#auxiliary", "http://h/events.fits?x=1", None);
        assert_eq!(
            event_list(&[prev.clone(), html_this, aux]),
            Some("http://h/events.fits?x=1")
        );
        assert_eq!(event_list(&[doc, prev, cal]), None);
    }

    #[test]
    fn a_web_page_is_named_as_such() {
        let page = br#"<?xml version="1.0"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Datalinks</title></head></html>"#;
        let e = parse(page).unwrap_err();
        assert!(e.contains("web page instead of the DataLink table"), "{e}");
    }

    #[test]
    fn script_urls_are_no_links_but_said_as_text() {
        let doc = br#"<VOTABLE version="1.4"><RESOURCE type="results"><TABLE>
<FIELD name="ID" datatype="char" arraysize="*"/><FIELD name="access_url" datatype="char" arraysize="*"/>
<FIELD name="semantics" datatype="char" arraysize="*"/><FIELD name="error_message" datatype="char" arraysize="*"/>
<DATA><TABLEDATA>
<TR><TD>a</TD><TD> JaVaScRiPt:alert(1)</TD><TD>#this</TD><TD/></TR>
<TR><TD>b</TD><TD>data:text/html,&lt;script&gt;x&lt;/script&gt;</TD><TD>#preview</TD><TD/></TR>
<TR><TD>c</TD><TD>javascript:alert(1)</TD><TD>#auxiliary</TD><TD>gone</TD></TR>
<TR><TD>d</TD><TD>https://example.org/p</TD><TD>#this</TD><TD/></TR>
</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>"#;
        let links = parse(doc).unwrap();
        assert_eq!(links[0].access_url, None);
        assert_eq!(
            links[0].error.as_deref(),
            Some("not an http(s) link, shown as text only: JaVaScRiPt:alert(1)")
        );
        assert_eq!(links[1].access_url, None);
        assert!(links[1]
            .error
            .as_deref()
            .unwrap()
            .ends_with("data:text/html,<script>x</script>"));
        // The service's own error message wins.
        assert_eq!(links[2].error.as_deref(), Some("gone"));
        assert_eq!(
            links[3].access_url.as_deref(),
            Some("https://example.org/p")
        );
        assert_eq!(links[3].error, None);
    }

    #[test]
    fn every_datalink_fixture_reads() {
        let dir = format!("{}/tests/fixtures/datalink", env!("CARGO_MANIFEST_DIR"));
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let bytes = std::fs::read(e.path()).unwrap();
            let name = e.file_name().to_string_lossy().to_string();
            match parse(&bytes) {
                Ok(links) => {
                    assert!(!links.is_empty(), "{name}");
                    for l in &links {
                        if let Some(u) = &l.access_url {
                            assert!(u.starts_with("http"), "{name}: {u}");
                        }
                    }
                }
                // The ObsCore/SSA results with datalink columns are not links documents.
                Err(msg) => assert!(
                    name.contains("obscore") || name.contains("ssa"),
                    "{name}: {msg}"
                ),
            }
        }
        let links = parse(include_bytes!(
            "../../tests/fixtures/datalink/pyvo_datalink_datalink.xml"
        ))
        .unwrap();
        assert!(links.iter().any(|l| l.semantics == "#this"));
        assert!(is_datalink("application/x-votable+xml;content=datalink"));
        assert!(!is_datalink("application/fits"));
    }
}
