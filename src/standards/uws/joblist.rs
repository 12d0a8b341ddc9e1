//! The job list (`<uws:jobs>`) and its UWS 1.1 filters (PHASE, AFTER, LAST).
//!
//! A standard list holds `<jobref>`s (id, link, phase, and in 1.1 runId, ownerId,
//! creationTime). ESA's services put whole `<job>` elements there instead; both are read.

use super::job::{self, Job, Phase};
use super::url::{encode, resolve};
use super::UwsError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobRef {
    pub id: String,
    /// The job's URL: `xlink:href` resolved against the list URL, else `{list}/{id}`.
    pub url: Option<String>,
    pub phase: Phase,
    pub run_id: Option<String>,
    pub owner_id: Option<String>,
    pub creation_time: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JobList {
    pub version: Option<String>,
    pub jobs: Vec<JobRef>,
    /// Whole jobs, when the service sent them in the list (ESA); same order as `jobs`.
    pub full: Vec<Job>,
}

/// Reads a job list fetched from `list_url` (used to resolve relative links).
pub fn parse(bytes: &[u8], list_url: &str) -> Result<JobList, UwsError> {
    let root = super::parse_xml(bytes, "jobs")?;
    if root.name != "jobs" {
        return Err(UwsError::NotUws {
            expected: "jobs",
            found: root.name,
        });
    }
    let base = list_url.split(['?', '#']).next().unwrap_or(list_url);
    let base_dir = format!("{}/", base.trim_end_matches('/'));
    let text = |e: &crate::standards::xml::Element, n: &str| {
        e.child(n)
            .filter(|c| c.attr("nil") != Some("true"))
            .map(|c| c.text.trim().to_owned())
            .filter(|t| !t.is_empty())
    };
    let mut list = JobList {
        version: root.attr("version").map(str::to_owned),
        ..Default::default()
    };
    let mut infos = job::raw_job_infos(bytes).into_iter();
    for c in &root.children {
        match c.name.as_str() {
            "jobref" => {
                let id = c.attr("id").unwrap_or("").trim().to_owned();
                let url = match c.attr("href") {
                    Some(h) if !h.trim().is_empty() => resolve(&base_dir, h),
                    _ if !id.is_empty() => resolve(&base_dir, &encode(&id)),
                    _ => None,
                };
                list.jobs.push(JobRef {
                    id,
                    url,
                    phase: text(c, "phase").map_or(Phase::Unknown, |p| Phase::parse(&p)),
                    run_id: text(c, "runId"),
                    owner_id: text(c, "ownerId"),
                    creation_time: text(c, "creationTime"),
                });
            }
            "job" => {
                let info = if c.child("jobInfo").is_some() {
                    infos.next()
                } else {
                    None
                };
                let j = job::from_element(c, info)?;
                list.jobs.push(JobRef {
                    id: j.job_id.clone(),
                    url: resolve(&base_dir, &encode(&j.job_id)),
                    phase: j.phase.clone(),
                    run_id: j.run_id.clone(),
                    owner_id: j.owner_id.clone(),
                    creation_time: j.creation_time.clone(),
                });
                list.full.push(j);
            }
            _ => {}
        }
    }
    Ok(list)
}

impl JobList {
    /// A deviation from UWS 1.1 this list shows, given the filter it was asked with:
    /// without a PHASE filter, UWS 1.1 §2.2.2.1 leaves ARCHIVED jobs out of the list
    /// (they are listed only when asked for with PHASE=ARCHIVED).
    pub fn deviation(&self, asked: &ListFilter) -> Option<String> {
        let archived = self
            .jobs
            .iter()
            .filter(|j| j.phase == Phase::Archived)
            .count();
        (asked.phases.is_empty() && archived > 0).then(|| {
            format!(
                "Not UWS 1.1: asked for no particular phase, the service lists {archived} ARCHIVED job{} too (UWS 1.1 lists them only for PHASE=ARCHIVED). They are shown as the service sent them.",
                if archived == 1 { "" } else { "s" }
            )
        })
    }
}

/// The UWS 1.1 job list filters (§2.2.1.1). Services that do not know them ignore them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// Jobs in any of these phases (none: every phase but ARCHIVED, as the service likes).
    pub phases: Vec<Phase>,
    /// Jobs created after this instant (ISO 8601 UTC, as typed).
    pub after: Option<String>,
    /// The most recently created jobs only.
    pub last: Option<u32>,
}

impl ListFilter {
    /// The list URL with the filters, or what is wrong with a filter.
    pub fn url(&self, list_url: &str) -> Result<String, String> {
        let mut q: Vec<String> = self
            .phases
            .iter()
            .map(|p| format!("PHASE={}", encode(p.as_str())))
            .collect();
        if let Some(a) = self.after.as_deref().filter(|a| !a.trim().is_empty()) {
            q.push(format!("AFTER={}", encode(&super::request::iso_utc(a)?)));
        }
        if let Some(n) = self.last {
            if n == 0 {
                return Err("LAST must be at least 1".into());
            }
            q.push(format!("LAST={n}"));
        }
        let base = list_url.trim();
        if q.is_empty() {
            return Ok(base.to_owned());
        }
        let sep = if base.contains('?') { '&' } else { '?' };
        Ok(format!("{base}{sep}{}", q.join("&")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/tests/fixtures/uws/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn job_refs_with_links() {
        let l = parse(
            &fixture("astroquery_jobs_list.xml"),
            "http://test:1111/tap/async",
        )
        .unwrap();
        assert_eq!(l.jobs.len(), 2);
        assert_eq!(l.jobs[0].id, "12345");
        assert_eq!(l.jobs[0].phase, Phase::Completed);
        assert_eq!(
            l.jobs[0].url.as_deref(),
            Some("http://test:1111/tap/async/12345")
        );
        assert_eq!(l.jobs[1].phase, Phase::Error);
        assert!(l.full.is_empty());
        let g = parse(
            &fixture("astroquery_test_jobs_list.xml"),
            "http://gea.esac.esa.int/tap-server/tap/async",
        )
        .unwrap();
        assert_eq!(
            g.jobs.iter().map(|j| j.id.as_str()).collect::<Vec<_>>(),
            ["1479386030738O", "14793860307381"]
        );
        assert_eq!(
            g.jobs[1].url.as_deref(),
            Some("http://gea.esac.esa.int/tap-server/tap/async/14793860307381")
        );
    }

    #[test]
    fn esa_lists_of_whole_jobs() {
        for name in [
            "astroquery_euclid_jobs.xml",
            "astroquery_test_jobs_async.xml",
        ] {
            let l = parse(&fixture(name), "https://x.esa.int/tap/async/").unwrap();
            assert_eq!(l.jobs.len(), 2, "{name}");
            assert_eq!(l.full.len(), 2, "{name}");
            assert_eq!(l.jobs[0].id, "1479386030738O");
            assert_eq!(
                l.jobs[0].url.as_deref(),
                Some("https://x.esa.int/tap/async/1479386030738O")
            );
            assert_eq!(l.jobs[0].owner_id.as_deref(), Some("anonymous"));
            assert_eq!(
                l.jobs[0].creation_time.as_deref(),
                Some("2016-11-17T13:33:50.738+0100")
            );
            assert_eq!(l.full[1].phase, Phase::Error);
            assert_eq!(l.full[0].quote.as_deref(), Some("-1"));
            assert_eq!(l.full[0].execution_duration, Some(1800));
            assert!(l.full[0].extensions.contains(&(
                "locationId".into(),
                "anonymous/2016/11/17/1479386030738O".into()
            )));
        }
    }

    #[test]
    fn a_dachs_style_list_and_relative_links() {
        let doc = br#"<uws:jobs xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1">
<uws:jobref id="a b" xlink:href="async/a%20b"><uws:phase>EXECUTING</uws:phase><uws:runId>mine</uws:runId><uws:ownerId xsi:nil="true"/><uws:creationTime>2026-12-01T18:00:00Z</uws:creationTime></uws:jobref>
<uws:jobref id="c"><uws:phase>PENDING</uws:phase></uws:jobref>
<uws:jobref id="d" xlink:href="javascript:alert(1)"><uws:phase>PENDING</uws:phase></uws:jobref>
</uws:jobs>"#;
        let l = parse(doc, "http://127.0.0.1:8081/tap/async?PHASE=EXECUTING").unwrap();
        assert_eq!(l.version.as_deref(), Some("1.1"));
        assert_eq!(
            l.jobs[0].url.as_deref(),
            Some("http://127.0.0.1:8081/tap/async/async/a%20b")
        );
        assert_eq!(l.jobs[0].run_id.as_deref(), Some("mine"));
        assert_eq!(l.jobs[0].owner_id, None);
        assert_eq!(
            l.jobs[1].url.as_deref(),
            Some("http://127.0.0.1:8081/tap/async/c")
        );
        assert_eq!(l.jobs[2].url, None, "a javascript: link is no link");
        assert!(matches!(
            parse(b"<job><jobId>1</jobId></job>", "http://x/async"),
            Err(UwsError::NotUws {
                expected: "jobs",
                ..
            })
        ));
    }

    #[test]
    fn filter_urls() {
        let f = ListFilter {
            phases: vec![Phase::Executing, Phase::Queued],
            after: Some("2026-12-01T10:00".into()),
            last: Some(5),
        };
        assert_eq!(
            f.url("http://127.0.0.1:8081/tap/async").unwrap(),
            "http://127.0.0.1:8081/tap/async?PHASE=EXECUTING&PHASE=QUEUED&AFTER=2026-12-01T10%3A00%3A00Z&LAST=5"
        );
        assert_eq!(
            ListFilter::default().url(" http://h/async ").unwrap(),
            "http://h/async"
        );
        let bad = ListFilter {
            after: Some("last tuesday".into()),
            ..Default::default()
        };
        assert!(bad
            .url("http://h/async")
            .unwrap_err()
            .contains("not a date"));
        let zero = ListFilter {
            last: Some(0),
            ..Default::default()
        };
        assert!(zero.url("http://h/async").is_err());
        let q = ListFilter {
            phases: vec![Phase::Completed],
            ..Default::default()
        };
        assert_eq!(
            q.url("http://h/x?svc=1").unwrap(),
            "http://h/x?svc=1&PHASE=COMPLETED"
        );
    }
}

#[cfg(test)]
mod daiquiri {
    /// The local Daiquiri 1.2.3's job list (tests/fixtures/daiquiri/): jobrefs with
    /// absolute xlink:hrefs, phases and creation times.
    #[test]
    fn daiquiris_job_list_reads_with_phases_and_urls() {
        let list = super::parse(
            include_bytes!("../../../tests/fixtures/daiquiri/joblist.xml"),
            "http://127.0.0.1:8084/tap/async",
        )
        .unwrap();
        assert_eq!(list.version.as_deref(), Some("1.1"));
        assert_eq!(list.jobs.len(), 4);
        let first = &list.jobs[0];
        assert_eq!(first.id, "f361eac3-1e28-4844-a60e-0495f842652c");
        assert_eq!(first.phase, crate::standards::uws::job::Phase::Completed);
        assert_eq!(
            first.url.as_deref(),
            Some("http://127.0.0.1:8084/tap/async/f361eac3-1e28-4844-a60e-0495f842652c")
        );
        assert_eq!(
            first.creation_time.as_deref(),
            Some("2026-12-03T11:58:59.879540Z")
        );
    }
}
