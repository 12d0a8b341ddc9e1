//! UWS 1.0/1.1 (Universal Worker Service): the job documents and job lists services
//! send, the form bodies and URLs a client sends back, a polling policy, and job forms
//! built from a job description (WADL, DaCHS's parameter metadata).
//!
//! Pure: bytes in, models out. The browser side (`ui/uws_*.rs`) does the requests.

pub mod job;
pub mod jobdesc;
pub mod joblist;
pub mod request;
pub mod url;

pub use job::{ErrorSummary, Job, JobParameter, JobResult, Phase};
pub use jobdesc::{FieldKind, FormField, JobForm};
pub use joblist::{JobList, JobRef, ListFilter};
pub use request::{Backoff, JobUrl};

/// Why a document could not be read as UWS, in words a user can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UwsError {
    /// Not well-formed XML (line and column in the message).
    Xml(String),
    /// Well-formed, but not the UWS element expected (a web page, an error VOTable…).
    NotUws {
        expected: &'static str,
        found: String,
    },
    /// A required element is missing or unreadable.
    Missing(&'static str),
}

impl std::fmt::Display for UwsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UwsError::Xml(m) => write!(f, "the UWS document is not well-formed XML: {m}"),
            UwsError::NotUws { expected, found } => write!(
                f,
                "expected a UWS <{expected}> document but the service sent <{found}>"
            ),
            UwsError::Missing(what) => write!(f, "the UWS document has no {what}"),
        }
    }
}

impl std::error::Error for UwsError {}

/// Whether bytes look like an HTML page rather than XML (a login page, a proxy error).
pub(crate) fn looks_like_html(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    head.contains("<!doctype html") || head.trim_start().starts_with("<html")
}

pub(crate) fn parse_xml(
    bytes: &[u8],
    expected: &'static str,
) -> Result<crate::xml::Element, UwsError> {
    if looks_like_html(bytes) {
        return Err(UwsError::NotUws {
            expected,
            found: "html".into(),
        });
    }
    crate::xml::parse(bytes).map_err(|e| UwsError::Xml(e.to_string()))
}

#[cfg(test)]
mod tests {
    /// Every UWS fixture (17 real documents) reads as a job or a job list, and each job
    /// has an id and a phase the standard names.
    #[test]
    fn every_uws_fixture_parses() {
        let dir = format!("{}/tests/fixtures/uws", env!("CARGO_MANIFEST_DIR"));
        let mut jobs = 0;
        let mut lists = 0;
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let path = e.path();
            if path.extension().and_then(|x| x.to_str()) != Some("xml") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let name = path.display().to_string();
            let root = crate::xml::parse(&bytes).unwrap();
            if root.name == "jobs" {
                let l = super::joblist::parse(&bytes, "http://example.org/uws").unwrap();
                assert!(!l.jobs.is_empty(), "{name}");
                assert!(
                    l.jobs.iter().all(|j| !j.id.is_empty() && j.url.is_some()),
                    "{name}"
                );
                lists += 1;
            } else {
                let j = super::job::parse(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(!j.job_id.is_empty(), "{name}");
                assert!(!matches!(j.phase, super::Phase::Other(_)), "{name}");
                assert!(j.warnings.is_empty(), "{name}: {:?}", j.warnings);
                jobs += 1;
            }
        }
        assert_eq!((jobs, lists), (13, 4));
    }
}
