//! UWS 1.0/1.1 (Universal Worker Service): the job documents and job lists services
//! send, the form bodies and URLs a client sends back, a polling policy, and job forms
//! built from a job description (WADL, DaCHS's parameter metadata).
//!
//! Pure: bytes in, models out. The browser side (`ui/uws_*.rs`) does the requests.

pub mod job;
pub mod jobdesc;
pub mod joblist;
pub mod outcome;
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
) -> Result<crate::standards::xml::Element, UwsError> {
    if looks_like_html(bytes) {
        return Err(UwsError::NotUws {
            expected,
            found: "html".into(),
        });
    }
    crate::standards::xml::parse(bytes).map_err(|e| UwsError::Xml(e.to_string()))
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
            let root = crate::standards::xml::parse(&bytes).unwrap();
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

    /// Documents captured from the local DaCHS 2.7 peer (tests/fixtures/uws/dachs).
    #[test]
    fn dachs_documents() {
        let read = |n: &str| {
            std::fs::read(format!(
                "{}/tests/fixtures/uws/dachs/{n}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap()
        };
        let j = super::job::parse(&read("tap_job_error.xml")).unwrap();
        assert_eq!(j.job_id, "lpjp9zfv");
        assert_eq!(j.phase, super::Phase::Error);
        assert_eq!(j.quote.as_deref(), Some("2026-12-01T18:23:54Z"));
        assert_eq!(j.execution_duration, Some(3600));
        assert_eq!(j.destruction.as_deref(), Some("2026-12-03T18:23:52Z"));
        assert_eq!(
            j.parameter("query"),
            Some("SELECT nosuchcolumn FROM ivoa.obscore")
        );
        let e = j.error_summary.unwrap();
        assert_eq!((e.kind.as_str(), e.has_detail), ("fatal", false));
        assert!(e
            .message
            .contains("column 'nosuchcolumn' could not be located"));
        let done = super::job::parse(&read("uwsdemo_job_completed.xml")).unwrap();
        assert_eq!(done.phase, super::Phase::Completed);
        assert_eq!(
            done.end_time, None,
            "DaCHS 2.7 leaves endTime nil for user UWS jobs"
        );
        assert_eq!(done.start_time.as_deref(), Some("2026-12-01T18:23:43Z"));
        assert_eq!(done.parameter("nbins"), Some("4"));
        assert_eq!(
            done.main_result().and_then(|r| r.href.as_deref()),
            Some("http://127.0.0.1:8081/uwsdemo/q/run/async/_h9ystlt/results/result")
        );
        let l = super::joblist::parse(
            &read("tap_joblist_error_last5.xml"),
            "http://127.0.0.1:8081/tap/async?PHASE=ERROR&LAST=5",
        )
        .unwrap();
        assert_eq!(l.version.as_deref(), Some("1.1"));
        assert_eq!(
            l.jobs[0].url.as_deref(),
            Some("http://127.0.0.1:8081/__system__/tap/run/async/lpjp9zfv")
        );
        // An uploaded table is a by-reference parameter (DaCHS writes byReference="True").
        let up = super::job::parse(&read("tap_job_upload.xml")).unwrap();
        let p = up.parameters.iter().find(|p| p.id == "upload").unwrap();
        assert!(p.by_reference);
        assert!(p.value.ends_with("/results/async_targets"), "{}", p.value);
        assert!(
            !up.parameters
                .iter()
                .find(|p| p.id == "query")
                .unwrap()
                .by_reference
        );
        let err = crate::standards::tap::read_result(200, &read("tap_job_error_document.vot"))
            .unwrap_err();
        assert!(err.to_string().contains("nosuchcolumn"), "{err}");
    }

    /// Documents captured from the local Safir 8.0.0 peer (tests/fixtures/uws/safir,
    /// scripts/peers/uws2). HELD, SUSPENDED, UNKNOWN and ARCHIVED were set in Safir's
    /// database (Safir never moves a job there itself) and serialised by Safir.
    #[test]
    fn safir_documents() {
        let read = |n: &str| {
            std::fs::read(format!(
                "{}/tests/fixtures/uws/safir/{n}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap()
        };
        let missing = "not UWS 1.1: the job document has no startTime or endTime element (the schema wants it, nil while unset); read as not set";
        let p = super::job::parse(&read("job_pending.xml")).unwrap();
        assert_eq!(
            (p.job_id.as_str(), &p.phase, p.run_id.as_deref()),
            ("12", &super::Phase::Pending, Some("voscope-fixture"))
        );
        assert_eq!(p.quote, None, "Safir writes no quote (optional in 1.1)");
        assert_eq!(
            (p.start_time.as_deref(), p.end_time.as_deref()),
            (None, None)
        );
        assert_eq!(p.warnings, vec![missing.to_owned()]);
        assert_eq!(p.owner_id.as_deref(), Some("voscope"));
        let done = super::job::parse(&read("job_completed.xml")).unwrap();
        assert_eq!(done.phase, super::Phase::Completed);
        assert!(done.warnings.is_empty(), "{:?}", done.warnings);
        assert_eq!(done.parameter("duration"), Some("1"));
        let r = done.main_result().unwrap();
        assert_eq!(
            (
                r.id.as_str(),
                r.href.as_deref(),
                r.mime_type.as_deref(),
                r.size
            ),
            (
                "lightcurve",
                Some("http://127.0.0.1:8085/uws2/results/10/lightcurve.xml"),
                Some("application/x-votable+xml"),
                Some(832)
            )
        );
        // A UsageError from the worker: fatal, its message prefixed with the error code.
        // hasDetail is false though {job}/error serves a VOTable with the same message.
        let err = super::job::parse(&read("job_error.xml")).unwrap();
        let e = err.error_summary.unwrap();
        assert_eq!(
            (e.kind.as_str(), e.has_detail, e.message.as_str()),
            (
                "fatal",
                false,
                "UsageError Failed on purpose (fail=true) for source Crab"
            )
        );
        let doc =
            crate::standards::tap::read_result(200, &read("job_error_document.vot")).unwrap_err();
        assert!(doc.to_string().contains("Failed on purpose"), "{doc}");
        // The rare phases, each read as itself, with what UWS allows there.
        for (f, phase, run) in [
            ("job_held.xml", super::Phase::Held, true),
            ("job_suspended.xml", super::Phase::Suspended, false),
            ("job_unknown.xml", super::Phase::Unknown, false),
            ("job_archived.xml", super::Phase::Archived, false),
        ] {
            let j = super::job::parse(&read(f)).unwrap();
            assert_eq!(j.phase, phase, "{f}");
            assert_eq!(j.phase.can_run(), run, "{f}");
            assert_eq!(j.phase.can_abort(), phase != super::Phase::Archived, "{f}");
            assert!(
                j.phase.explain().unwrap().starts_with(phase.as_str()),
                "{f}"
            );
        }
        // Safir keeps an ARCHIVED job's result list: voscope offers no result there.
        let arch = super::job::parse(&read("job_archived.xml")).unwrap();
        assert_eq!(arch.results.len(), 1);
        assert!(arch.phase.is_final() && !arch.phase.is_moving());
        // Job lists: every jobref has a link and 1.1's phase/ownerId/creationTime.
        let url = "http://127.0.0.1:8085/uws2/jobs";
        let all = super::joblist::parse(&read("joblist_all.xml"), url).unwrap();
        assert_eq!(all.version.as_deref(), Some("1.1"));
        assert_eq!(all.jobs.len(), 11);
        assert_eq!(
            all.jobs[0].url.as_deref(),
            Some("http://127.0.0.1:8085/uws2/jobs/17")
        );
        assert_eq!(
            all.jobs[0].creation_time.as_deref(),
            Some("2026-12-03T11:58:45.000Z")
        );
        // Asked with no PHASE, Safir lists the ARCHIVED job too (UWS 1.1 leaves it out).
        let m = all.deviation(&super::ListFilter::default()).unwrap();
        assert!(m.contains("lists 1 ARCHIVED job too"), "{m}");
        let f = super::joblist::parse(&read("joblist_completed_aborted_last5.xml"), url).unwrap();
        let ids: Vec<&str> = f.jobs.iter().map(|j| j.id.as_str()).collect();
        assert_eq!(ids, ["13", "10", "9", "8", "6"]);
        let asked = super::ListFilter {
            phases: vec![super::Phase::Completed, super::Phase::Aborted],
            after: None,
            last: Some(5),
        };
        assert_eq!(f.deviation(&asked), None);
        assert!(f
            .jobs
            .iter()
            .all(|j| matches!(j.phase, super::Phase::Completed | super::Phase::Aborted)));
        // The DaCHS list has no ARCHIVED job: no deviation.
        let d = std::fs::read(format!(
            "{}/tests/fixtures/uws/dachs/tap_joblist_error_last5.xml",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let dl = super::joblist::parse(&d, "http://127.0.0.1:8081/tap/async").unwrap();
        assert_eq!(dl.deviation(&super::ListFilter::default()), None);
    }
}
