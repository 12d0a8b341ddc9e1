//! The UWS job document (`<uws:job>`, UWS 1.0 and 1.1) read into a model.
//!
//! Real services vary: values in CDATA with whitespace around them (CASDA), `xsi:nil`
//! for empty fields, no namespace prefix (UWS 1.0 default namespace), `quote` as -1 rather
//! than a date (ESA), extension elements (`locationId`, `name`), and any XML in
//! `jobInfo`. Everything the schema names is read; the rest is kept, never refused.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::UwsError;
use crate::standards::xml::Element;

/// The execution phase of a job (UWS 1.1 §2.1.3).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Phase {
    Pending,
    Queued,
    Executing,
    Completed,
    Error,
    Aborted,
    #[default]
    Unknown,
    Held,
    Suspended,
    Archived,
    /// A phase no version of UWS names, as written.
    Other(String),
}

impl Phase {
    pub fn parse(text: &str) -> Phase {
        match text.trim().to_ascii_uppercase().as_str() {
            "PENDING" => Phase::Pending,
            "QUEUED" => Phase::Queued,
            "EXECUTING" => Phase::Executing,
            "COMPLETED" => Phase::Completed,
            "ERROR" => Phase::Error,
            "ABORTED" => Phase::Aborted,
            "UNKNOWN" | "" => Phase::Unknown,
            "HELD" => Phase::Held,
            "SUSPENDED" => Phase::Suspended,
            "ARCHIVED" => Phase::Archived,
            _ => Phase::Other(text.trim().to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Phase::Pending => "PENDING",
            Phase::Queued => "QUEUED",
            Phase::Executing => "EXECUTING",
            Phase::Completed => "COMPLETED",
            Phase::Error => "ERROR",
            Phase::Aborted => "ABORTED",
            Phase::Unknown => "UNKNOWN",
            Phase::Held => "HELD",
            Phase::Suspended => "SUSPENDED",
            Phase::Archived => "ARCHIVED",
            Phase::Other(s) => s,
        }
    }

    /// The job will not change phase by itself any more: stop polling.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Phase::Completed | Phase::Error | Phase::Aborted | Phase::Archived
        )
    }

    /// The service is (or may be) working on it: keep following it. PENDING waits for the
    /// user's RUN, so it is not followed.
    pub fn is_moving(&self) -> bool {
        matches!(
            self,
            Phase::Queued | Phase::Executing | Phase::Held | Phase::Suspended | Phase::Unknown
        )
    }

    /// UWS lets a client abort a job that has not ended yet.
    pub fn can_abort(&self) -> bool {
        !self.is_final()
    }

    /// What the phase means for the user and what UWS 1.1 lets a client do then, for the
    /// phases a service rarely shows (None for the everyday ones).
    pub fn explain(&self) -> Option<&'static str> {
        Some(match self {
            Phase::Held => "HELD: the service holds this job; it will not run until released. Run asks the service to queue it; Abort and Delete are allowed.",
            Phase::Suspended => "SUSPENDED: the service has paused this job after it started; only the service resumes it. Abort and Delete are allowed.",
            Phase::Archived => "ARCHIVED: the job has ended and the service has deleted its results; only its record is kept. It can only be deleted.",
            Phase::Unknown => "UNKNOWN: the service does not say what this job is doing; voscope keeps asking. Abort and Delete are allowed.",
            Phase::Other(_) => "This phase is not one UWS 1.1 defines; voscope keeps asking the service.",
            _ => return None,
        })
    }

    /// Run (PHASE=RUN) is what UWS 1.1 allows in PENDING and HELD only.
    pub fn can_run(&self) -> bool {
        matches!(self, Phase::Pending | Phase::Held)
    }

    /// The phases of UWS 1.1, for the job list's PHASE filter.
    pub const ALL: [Phase; 10] = [
        Phase::Pending,
        Phase::Queued,
        Phase::Executing,
        Phase::Completed,
        Phase::Error,
        Phase::Aborted,
        Phase::Unknown,
        Phase::Held,
        Phase::Suspended,
        Phase::Archived,
    ];
}

impl std::fmt::Display for Phase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One `<parameter>` of a job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobParameter {
    pub id: String,
    pub value: String,
    /// The value is a URL to the parameter's content (an uploaded file, say).
    pub by_reference: bool,
    /// UWS 1.1 `isPost`: the value was sent in a POST body and may not be shown in full.
    pub is_post: bool,
}

/// One `<result>`: a link to something the job produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobResult {
    pub id: String,
    /// `xlink:href` as written (may be relative to the job URL).
    pub href: Option<String>,
    pub mime_type: Option<String>,
    pub size: Option<u64>,
    /// Other attributes (a service's own), as (local name, value).
    pub other: Vec<(String, String)>,
}

/// `<errorSummary>`: why a job failed (UWS 1.1 §2.2.1.8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorSummary {
    /// `fatal` or `transient` (as written; empty if absent).
    pub kind: String,
    /// A detailed error document is at `{job}/error`.
    pub has_detail: bool,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Job {
    /// The `version` attribute (UWS 1.1 writes "1.1"; 1.0 documents have none).
    pub version: Option<String>,
    pub job_id: String,
    pub run_id: Option<String>,
    pub owner_id: Option<String>,
    pub phase: Phase,
    /// When the service expects the job to end (a date; some services write -1).
    pub quote: Option<String>,
    pub creation_time: Option<String>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    /// Seconds the job may run; 0 means no limit.
    pub execution_duration: Option<i64>,
    /// When the service will delete the job.
    pub destruction: Option<String>,
    pub parameters: Vec<JobParameter>,
    pub results: Vec<JobResult>,
    pub error_summary: Option<ErrorSummary>,
    /// The content of `<jobInfo>` as the service wrote it (any XML), trimmed.
    pub job_info: Option<String>,
    /// Elements the schema does not name (`locationId`, `name`…): (local name, text).
    pub extensions: Vec<(String, String)>,
    /// What could not be read as the schema says (kept as text where possible).
    pub warnings: Vec<String>,
}

impl Job {
    pub fn parameter(&self, id: &str) -> Option<&str> {
        self.parameters
            .iter()
            .find(|p| p.id.eq_ignore_ascii_case(id))
            .map(|p| p.value.as_str())
    }

    /// The result a TAP client reads: `result`, else the first one.
    pub fn main_result(&self) -> Option<&JobResult> {
        self.results
            .iter()
            .find(|r| r.id == "result")
            .or_else(|| self.results.first())
    }
}

fn is_nil(e: &Element) -> bool {
    matches!(e.attr("nil"), Some("true") | Some("1"))
}

/// The trimmed text of a child, None when absent, nil or empty.
fn text_of(job: &Element, name: &str) -> Option<String> {
    let c = job.child(name)?;
    if is_nil(c) {
        return None;
    }
    Some(c.text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// An xs:boolean attribute; DaCHS writes `byReference="True"`, so case is ignored.
fn flag(v: Option<&str>) -> bool {
    v.map(str::trim)
        .is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

const KNOWN: [&str; 15] = [
    "jobId",
    "runId",
    "ownerId",
    "phase",
    "quote",
    "creationTime",
    "startTime",
    "endTime",
    "executionDuration",
    "destruction",
    "parameters",
    "results",
    "errorSummary",
    "jobInfo",
    "message",
];

/// Reads a job element (the root of a job document, or one inside an ESA-style list).
/// `job_info` is the raw content of its `<jobInfo>`, cut from the document text.
pub(crate) fn from_element(el: &Element, job_info: Option<String>) -> Result<Job, UwsError> {
    let mut warnings = Vec::new();
    let job_id = text_of(el, "jobId").ok_or(UwsError::Missing("jobId"))?;
    let phase = match text_of(el, "phase") {
        Some(p) => Phase::parse(&p),
        None => {
            warnings.push("the job has no phase; shown as UNKNOWN".to_owned());
            Phase::Unknown
        }
    };
    let execution_duration = match text_of(el, "executionDuration") {
        None => None,
        Some(t) => match t.parse::<f64>() {
            Ok(v) if v.is_finite() => Some(v as i64),
            _ => {
                warnings.push(format!(
                    "executionDuration {t:?} is not a number of seconds"
                ));
                None
            }
        },
    };
    let parameters = el
        .child("parameters")
        .map(|ps| {
            ps.all("parameter")
                .map(|p| JobParameter {
                    id: p.attr("id").unwrap_or("").to_owned(),
                    value: if is_nil(p) {
                        String::new()
                    } else {
                        p.text.trim().to_owned()
                    },
                    by_reference: flag(p.attr("byReference")),
                    is_post: flag(p.attr("isPost")),
                })
                .collect()
        })
        .unwrap_or_default();
    let results = el
        .child("results")
        .map(|rs| {
            rs.all("result")
                .map(|r| JobResult {
                    id: r.attr("id").unwrap_or("").to_owned(),
                    href: r
                        .attr("href")
                        .map(|h| h.trim().to_owned())
                        .filter(|h| !h.is_empty()),
                    mime_type: r.attr("mime-type").map(str::to_owned),
                    size: r.attr("size").and_then(|s| s.trim().parse().ok()),
                    other: r
                        .attrs
                        .iter()
                        .filter(|(k, _)| {
                            !matches!(k.as_str(), "id" | "href" | "type" | "mime-type" | "size")
                        })
                        .cloned()
                        .collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    let error_summary = el.child("errorSummary").filter(|e| !is_nil(e)).map(|e| {
        ErrorSummary {
            kind: e.attr("type").unwrap_or("").trim().to_owned(),
            has_detail: flag(e.attr("hasDetail")),
            message: e
                .child("message")
                .map(|m| m.text.trim().to_owned())
                .filter(|m| !m.is_empty())
                // Some services write the message as the element's own text.
                .unwrap_or_else(|| e.text.trim().to_owned()),
        }
    });
    let extensions = el
        .children
        .iter()
        .filter(|c| !KNOWN.contains(&c.name.as_str()))
        .map(|c| (c.name.clone(), c.text.trim().to_owned()))
        .collect();
    Ok(Job {
        version: el.attr("version").map(str::to_owned),
        job_id,
        run_id: text_of(el, "runId"),
        owner_id: text_of(el, "ownerId"),
        phase,
        quote: text_of(el, "quote"),
        creation_time: text_of(el, "creationTime"),
        start_time: text_of(el, "startTime"),
        end_time: text_of(el, "endTime"),
        execution_duration,
        destruction: text_of(el, "destruction"),
        parameters,
        results,
        error_summary,
        job_info: if el.child("jobInfo").is_some_and(|j| !is_nil(j)) {
            Some(job_info.unwrap_or_default())
        } else {
            None
        },
        extensions,
        warnings,
    })
}

/// Reads a UWS job document.
pub fn parse(bytes: &[u8]) -> Result<Job, UwsError> {
    let root = super::parse_xml(bytes, "job")?;
    if root.name != "job" {
        return Err(UwsError::NotUws {
            expected: "job",
            found: root.name,
        });
    }
    let info = raw_job_infos(bytes).into_iter().next();
    let mut job = from_element(&root, info)?;
    // UWS 1.1's schema has startTime and endTime in every job (nil until set); Safir
    // 8.0 leaves them out. Read as unset, and said once.
    if job.version.as_deref() == Some("1.1") {
        let missing: Vec<&str> = ["startTime", "endTime"]
            .into_iter()
            .filter(|n| root.child(n).is_none())
            .collect();
        if !missing.is_empty() {
            job.warnings.push(format!(
                "not UWS 1.1: the job document has no {} element (the schema wants it, nil while unset); read as not set",
                missing.join(" or ")
            ));
        }
    }
    Ok(job)
}

/// The text of each `<jobInfo>` directly inside a `<job>`, in document order, exactly as
/// written between its tags (trimmed). The element tree drops prefixes and structure
/// detail, so jobInfo — which may hold any XML — is cut from the source instead.
pub(crate) fn raw_job_infos(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut reader = Reader::from_str(&text);
    let mut stack: Vec<String> = Vec::new();
    let mut out = Vec::new();
    // (depth of the jobInfo element, byte offset after its start tag)
    let mut open: Option<(usize, usize)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let Ok(event) = reader.read_event() else {
            break;
        };
        match event {
            Event::Start(e) => {
                let name = local(e.name().as_ref());
                if open.is_none() && name == "jobInfo" && stack.last().is_some_and(|p| p == "job") {
                    open = Some((stack.len(), reader.buffer_position() as usize));
                }
                stack.push(name);
            }
            Event::Empty(e)
                if open.is_none()
                    && local(e.name().as_ref()) == "jobInfo"
                    && stack.last().is_some_and(|p| p == "job") =>
            {
                out.push(String::new());
            }
            Event::End(_) => {
                stack.pop();
                if let Some((depth, start)) = open {
                    if stack.len() == depth {
                        let inner = text.get(start..before).unwrap_or("");
                        out.push(inner.trim().to_owned());
                        open = None;
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or(name).to_owned()
}

/// Reads the text/plain answer of `GET {job}/phase`.
pub fn parse_phase(bytes: &[u8]) -> Phase {
    Phase::parse(&String::from_utf8_lossy(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/tests/fixtures/uws/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn the_standards_example_job() {
        let j = parse(&fixture("ivoa-uws_UWSJobInstance.xml")).unwrap();
        assert_eq!(j.version.as_deref(), Some("1.1"));
        assert_eq!(
            j.job_id,
            "cea-agdevel.jb.man.ac.uk-130.88.24.18-1242749568029-508182314"
        );
        assert_eq!(j.run_id.as_deref(), Some("myjobref"));
        assert_eq!(j.owner_id, None, "xsi:nil ownerId");
        assert_eq!(j.phase, Phase::Completed);
        assert_eq!(j.quote, None);
        assert_eq!(
            j.start_time.as_deref(),
            Some("2009-05-19T17:12:48.038+01:00")
        );
        assert_eq!(j.end_time.as_deref(), Some("2009-05-19T17:12:48.041+01:00"));
        assert_eq!(j.execution_duration, Some(86400));
        assert_eq!(
            j.destruction.as_deref(),
            Some("2009-05-29T17:12:48.035+01:00")
        );
        assert_eq!(j.parameters.len(), 2);
        assert_eq!(j.parameter("scaleFactor"), Some("1.8"));
        let image = &j.parameters[1];
        assert_eq!(image.id, "image");
        assert!(image.by_reference);
        assert!(!j.parameters[0].by_reference);
        assert_eq!(
            image.value,
            "http://myserver.org/uws/jobs/jobid123/param/image"
        );
        let r = &j.results[0];
        assert_eq!(r.id, "correctedImage");
        assert_eq!(
            r.href.as_deref(),
            Some("http://myserver.org/uws/jobs/jobid123/result/image")
        );
        assert_eq!(r.size, Some(3000960));
        assert_eq!(r.mime_type.as_deref(), Some("image/fits"));
        assert_eq!(
            r.other,
            vec![("anyattribute".to_owned(), "a custom attribute".to_owned())]
        );
        let e = j.error_summary.as_ref().unwrap();
        assert_eq!(e.kind, "transient");
        assert!(e.has_detail);
        assert_eq!(e.message, "we have problem");
        assert_eq!(
            j.job_info.as_deref(),
            Some(r#"<any xmlns="urn:mynamespace"><xml><thatyouwant/></xml></any>"#)
        );
    }

    #[test]
    fn casda_cdata_and_nil_fields() {
        let j = parse(&fixture("astroquery_casda_completed_job.xml")).unwrap();
        assert_eq!(j.job_id, "a7b53da7-1201-46ee-8718-0bf5b64dd5b8");
        assert_eq!(j.version, None);
        assert_eq!(j.run_id, None);
        assert_eq!(j.quote, None);
        assert_eq!(j.end_time, None);
        assert_eq!(j.destruction, None);
        assert_eq!(j.error_summary, None, "nil errorSummary is no error");
        assert_eq!(j.execution_duration, Some(0));
        assert_eq!(
            j.start_time.as_deref(),
            Some("2020-04-17T08:10:22.793+0800")
        );
        assert_eq!(j.parameter("id"), Some("ABCDEF"));
        assert_eq!(j.results.len(), 3);
        assert_eq!(
            j.results[2].href.as_deref(),
            Some("https://ingest.pawsey.org.au/casda-prd-as201-03/sb85679/catalogues/selavy.components.xml?response-content-disposition=attachment%3B%20filename%3D%22selavy.components.xml%22&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=abc123%2F20260722%2Fpawsey%2Fs3%2Faws4_request&X-Amz-Signature=deadbeef1234567890")
        );
        assert_eq!(j.main_result().unwrap().id, "cube-244.checksum");
        assert_eq!(j.job_info, None);
        let run = parse(&fixture("astroquery_casda_run_job.xml")).unwrap();
        assert_eq!(run.phase, Phase::Executing);
        assert!(run.results.is_empty());
        assert!(run.phase.is_moving() && !run.phase.is_final());
        let held = parse(&fixture("astroquery_casda_suspended_job.xml")).unwrap();
        assert_eq!(held.phase, Phase::Suspended);
        assert_eq!(
            held.start_time.as_deref(),
            Some("2024-04-17T08:10:22.793+0800")
        );
    }

    #[test]
    fn dachs_error_and_completed_jobs() {
        let j = parse(&fixture("pyvo_uws_job-error.xml")).unwrap();
        assert_eq!(j.job_id, "1337");
        assert_eq!(j.phase, Phase::Error);
        assert!(j.phase.is_final());
        assert_eq!(j.quote.as_deref(), Some("2018-01-01T02:00:00Z"));
        assert_eq!(j.creation_time.as_deref(), Some("2018-01-01T00:00:00Z"));
        assert_eq!(j.execution_duration, Some(7200));
        let e = j.error_summary.clone().unwrap();
        assert_eq!(
            (e.kind.as_str(), e.has_detail, e.message.as_str()),
            ("fatal", false, "We have problem")
        );
        assert_eq!(j.parameter("QUERY"), Some("SELECT 'test'"));
        assert_eq!(j.parameter("maxrec"), Some(""));
        assert_eq!(j.parameters.len(), 6);
        assert!(j.results.is_empty());
        let ok = parse(&fixture("pyvo_uws_job.xml")).unwrap();
        assert_eq!(ok.phase, Phase::Completed);
        assert_eq!(ok.error_summary, None);
        assert_eq!(
            ok.main_result().and_then(|r| r.href.as_deref()),
            Some("http://example.com/tap/async/1337/results/result")
        );
    }

    #[test]
    fn uws_1_0_default_namespace() {
        let j = parse(&fixture("pyvo_uws_job-implicit-v1.0.xml")).unwrap();
        assert_eq!(j.job_id, "1576511540079_32840");
        assert_eq!(j.owner_id, None, "empty ownerId");
        assert_eq!(j.version, None);
        assert_eq!(j.start_time.as_deref(), Some("2019-12-16T10:52:20"));
        assert_eq!(j.execution_duration, Some(600));
        assert_eq!(j.parameter("query"), Some("SELECT ra, dec FROM table"));
        assert_eq!(j.parameter("lang"), Some("ADQL-2.0"));
        assert_eq!(j.results[0].id, "resultsTable");
    }

    #[test]
    fn job_info_is_kept_as_written() {
        let cases = [
            (
                "pyvo_uws_job-with-duplicate-elements.xml",
                "<status>initial</status>\n    <status>processing</status>\n    <status>completed</status>",
            ),
            (
                "pyvo_uws_job-with-empty-jobinfo.xml",
                "<!-- Empty jobInfo element -->",
            ),
            (
                "pyvo_uws_job-with-namespace-elements.xml",
                "<tap:progress xmlns:tap=\"http://example-tap.org\">50</tap:progress>\n    <custom:progress xmlns:custom=\"http://example-custom.org\">75</custom:progress>\n    <uniqueElement>no collision</uniqueElement>",
            ),
            (
                "pyvo_uws_job-with-typed-jobinfo.xml",
                "<integer_value>100</integer_value>\n    <float_value>3.14</float_value>\n    <string_value>pyvo</string_value>\n    <empty_value></empty_value>",
            ),
        ];
        for (name, info) in cases {
            let j = parse(&fixture(name)).unwrap();
            assert_eq!(j.job_info.as_deref(), Some(info), "{name}");
            assert_eq!(j.phase, Phase::Completed, "{name}");
        }
        let nested = parse(&fixture("pyvo_uws_job-with-nested-jobinfo.xml")).unwrap();
        assert_eq!(nested.job_id, "jobid123");
        let info = nested.job_info.unwrap();
        assert!(info.starts_with("<queryInfo>") && info.ends_with("</queryInfo>"));
        assert!(info.contains("<rows_returned>100</rows_returned>"));
        let simple = parse(&fixture("pyvo_uws_job-with-simple-jobinfo.xml")).unwrap();
        assert_eq!(simple.job_id, "test123");
        assert!(simple
            .job_info
            .unwrap()
            .contains("<pct_complete>100</pct_complete>"));
    }

    #[test]
    fn not_a_job_is_said_clearly() {
        assert!(matches!(
            parse(b"<!DOCTYPE html><html><body>Login</body></html>"),
            Err(UwsError::NotUws { .. })
        ));
        let e = parse(b"<VOTABLE><RESOURCE/></VOTABLE>").unwrap_err();
        assert_eq!(
            e.to_string(),
            "expected a UWS <job> document but the service sent <VOTABLE>"
        );
        assert!(matches!(parse(b"<job><phase>"), Err(UwsError::Xml(_))));
        assert_eq!(
            parse(b"<job><phase>PENDING</phase></job>").unwrap_err(),
            UwsError::Missing("jobId")
        );
        let odd = parse(b"<job><jobId>x</jobId><phase>running</phase><executionDuration>soon</executionDuration></job>").unwrap();
        assert_eq!(odd.phase, Phase::Other("running".into()));
        assert_eq!(odd.execution_duration, None);
        assert_eq!(odd.warnings.len(), 1);
    }

    #[test]
    fn phases() {
        for p in Phase::ALL {
            assert_eq!(Phase::parse(p.as_str()), p);
            assert_eq!(Phase::parse(&p.as_str().to_ascii_lowercase()), p);
        }
        assert_eq!(parse_phase(b"EXECUTING\n"), Phase::Executing);
        assert!(!Phase::Pending.is_moving() && !Phase::Pending.is_final());
        assert!(Phase::Queued.can_abort() && !Phase::Aborted.can_abort());
    }
}

/// Job documents of the local Daiquiri 1.2.3 (tests/fixtures/daiquiri/): UWS 1.1 in the
/// v1.0 namespace, quote and destruction nil, `xlink:type` set to the result's format
/// ("result", "votable", "csv", "fits") where XLink allows only "simple", Daiquiri's own
/// parameters beside the query (native_query, actual_query, nrows…), and a job that
/// DELETE does not remove but leaves ARCHIVED.
#[cfg(test)]
mod daiquiri {
    use super::*;

    #[test]
    fn a_completed_daiquiri_job_reads_with_its_result_and_parameters() {
        let j = parse(include_bytes!(
            "../../../tests/fixtures/daiquiri/job_completed.xml"
        ))
        .unwrap();
        assert_eq!(j.phase, Phase::Completed);
        assert_eq!(j.version.as_deref(), Some("1.1"));
        assert_eq!(j.quote, None);
        assert_eq!(j.destruction, None);
        assert_eq!(j.owner_id, None);
        assert_eq!(j.execution_duration, Some(30));
        assert_eq!(
            j.parameter("QUERY"),
            Some("SELECT TOP 7 obs_id, t_min FROM ivoa.obscore ORDER BY obs_id")
        );
        assert_eq!(j.parameter("nrows"), Some("7"));
        let ids: Vec<&str> = j.results.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["result", "votable", "csv", "fits"]);
        let main = j.main_result().unwrap();
        assert_eq!(main.id, "result");
        assert!(main.href.as_deref().unwrap().ends_with("/results/result"));
        assert_eq!(j.error_summary, None);
    }

    #[test]
    fn a_deleted_daiquiri_job_is_still_there_archived() {
        let j = parse(include_bytes!(
            "../../../tests/fixtures/daiquiri/job_archived_after_delete.xml"
        ))
        .unwrap();
        assert_eq!(j.phase, Phase::Archived);
        assert!(j.phase.is_final());
        assert!(!j.phase.can_abort());
        assert_eq!(j.job_id, "f361eac3-1e28-4844-a60e-0495f842652c");
    }
}
