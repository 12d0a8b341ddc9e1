//! What a UWS client sends: the job's sub-resource URLs, the form bodies that change a
//! job, the blocking-poll URL (UWS 1.1 `WAIT`), and a polling policy for services that
//! ignore WAIT.
//!
//! Every change is a POST with a form body — a CORS "simple" request. DaCHS answers no
//! preflight, so HTTP DELETE (which needs one) is replaced by `ACTION=DELETE`, which UWS
//! allows for exactly this reason.

use super::job::Phase;
use super::url::{encode, is_http};

/// The URL of one job, normalised (no query, fragment or trailing slash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobUrl(String);

impl JobUrl {
    pub fn parse(text: &str) -> Result<JobUrl, String> {
        let t = text.trim();
        if !is_http(t) {
            return Err(format!(
                "{t:?} is not an http:// or https:// job URL (e.g. http://dc.g-vo.org/tap/async/abc123)"
            ));
        }
        let t = t
            .split(['?', '#'])
            .next()
            .unwrap_or(t)
            .trim_end_matches('/');
        Ok(JobUrl(t.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A sub-resource: `phase`, `destruction`, `executionduration`, `quote`, `error`,
    /// `results`, `parameters`, `owner`.
    pub fn sub(&self, name: &str) -> String {
        format!("{}/{name}", self.0)
    }

    /// The job list the job belongs to (its parent path).
    pub fn list(&self) -> String {
        match self.0.rfind('/') {
            Some(p) if p > "https://".len() => self.0[..p].to_owned(),
            _ => self.0.clone(),
        }
    }

    /// The last path segment: the job id as it appears in the URL.
    pub fn id(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or(&self.0)
    }

    /// `GET {job}?WAIT=n[&PHASE=p]`: returns when the phase leaves `phase` (or changes,
    /// without it) or after n seconds (UWS 1.1 §2.2.1.2).
    pub fn wait(&self, seconds: u32, phase: Option<&Phase>) -> String {
        match phase {
            Some(p) => format!("{}?WAIT={seconds}&PHASE={}", self.0, encode(p.as_str())),
            None => format!("{}?WAIT={seconds}", self.0),
        }
    }
}

impl std::fmt::Display for JobUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub type Form = Vec<(String, String)>;

fn one(k: &str, v: &str) -> Form {
    vec![(k.to_owned(), v.to_owned())]
}

/// POST to `{job}/phase`: start the job. (DaCHS ignores PHASE=RUN in the creating POST,
/// so it is always sent separately.)
pub fn run() -> Form {
    one("PHASE", "RUN")
}

/// POST to `{job}/phase`.
pub fn abort() -> Form {
    one("PHASE", "ABORT")
}

/// POST to `{job}`: deletes it without HTTP DELETE.
pub fn delete() -> Form {
    one("ACTION", "DELETE")
}

/// The creating POST to the job list: the parameters, empty ones left out (a service
/// takes an empty value as a value, not as "use the default").
pub fn create(params: &[(String, String)]) -> Form {
    params
        .iter()
        .filter(|(k, v)| !k.trim().is_empty() && !v.trim().is_empty())
        .map(|(k, v)| (k.trim().to_owned(), v.clone()))
        .collect()
}

/// Parameters typed one per line as `NAME=value` (blank lines and `#` comments skipped).
pub fn parse_lines(text: &str) -> Result<Form, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        match l.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => {
                out.push((k.trim().to_owned(), v.trim().to_owned()))
            }
            _ => return Err(format!("line {}: {l:?} is not NAME=value", i + 1)),
        }
    }
    Ok(out)
}

/// POST to `{job}/destruction`.
pub fn destruction(text: &str) -> Result<Form, String> {
    Ok(one("DESTRUCTION", &iso_utc(text)?))
}

/// POST to `{job}/executionduration`.
pub fn execution_duration(text: &str) -> Result<Form, String> {
    Ok(one("EXECUTIONDURATION", &seconds(text)?.to_string()))
}

/// An instant typed by a user (2026-12-01, 2026-12-01T10:00, …, UTC) in the form UWS
/// wants: `2026-12-01T10:00:00Z`.
pub fn iso_utc(text: &str) -> Result<String, String> {
    let t = text.trim();
    if !t.contains('-') {
        return Err(format!(
            "{t:?} is not a date: write it as 2026-12-01 or 2026-12-01T10:00:00 (UTC)"
        ));
    }
    let mjd = crate::standards::time::iso_to_mjd(t)?;
    Ok(format!("{}Z", crate::standards::time::mjd_to_iso(mjd)))
}

/// A duration typed as seconds, or with a unit: `600`, `90s`, `10min`, `2h`, `1d`.
/// 0 means "no limit" in UWS.
pub fn seconds(text: &str) -> Result<u64, String> {
    let t = text.trim().to_ascii_lowercase();
    let bad = || {
        format!(
            "{:?} is not a duration: write seconds (600) or 10min, 2h, 1d",
            text.trim()
        )
    };
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num.parse().map_err(|_| bad())?;
    let factor = match unit.trim() {
        "" | "s" | "sec" | "seconds" => 1,
        "m" | "min" | "minutes" => 60,
        "h" | "hour" | "hours" => 3600,
        "d" | "day" | "days" => 86400,
        _ => return Err(bad()),
    };
    n.checked_mul(factor).ok_or_else(bad)
}

/// How to follow a job: blocking polls (`WAIT`) while the service honours them, else
/// polls spaced by a doubling delay. A service that returns a WAIT poll at once, twice in
/// a row, without the phase having changed, is taken to ignore WAIT.
#[derive(Clone, Debug, PartialEq)]
pub struct Backoff {
    /// Seconds asked for in WAIT.
    pub wait_seconds: u32,
    /// The service was seen to ignore WAIT.
    pub wait_ignored: bool,
    quick_returns: u32,
    delay_ms: u32,
    pub min_delay_ms: u32,
    pub max_delay_ms: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff::new(20)
    }
}

impl Backoff {
    pub fn new(wait_seconds: u32) -> Backoff {
        Backoff {
            wait_seconds,
            wait_ignored: false,
            quick_returns: 0,
            delay_ms: 1000,
            min_delay_ms: 1000,
            max_delay_ms: 30_000,
        }
    }

    /// The URL of the next poll of a job in `phase`.
    pub fn poll_url(&self, job: &JobUrl, phase: &Phase) -> String {
        if self.wait_ignored {
            job.as_str().to_owned()
        } else {
            let known = !matches!(phase, Phase::Unknown | Phase::Other(_));
            job.wait(self.wait_seconds, known.then_some(phase))
        }
    }

    /// After a poll that took `elapsed_ms` and did (or did not) see a new phase: how long
    /// to sleep before the next one.
    pub fn after_poll(&mut self, elapsed_ms: f64, phase_changed: bool) -> u32 {
        if phase_changed {
            self.quick_returns = 0;
            self.delay_ms = self.min_delay_ms;
            // Something happens: look again soon, without hammering a service that
            // ignores WAIT.
            return if self.wait_ignored {
                self.min_delay_ms
            } else {
                0
            };
        }
        if !self.wait_ignored {
            // A blocking poll that blocked: the service honours WAIT.
            if elapsed_ms >= 0.5 * f64::from(self.wait_seconds) * 1000.0 {
                self.quick_returns = 0;
                return 0;
            }
            self.quick_returns += 1;
            if self.quick_returns < 2 {
                return self.min_delay_ms;
            }
            self.wait_ignored = true;
        }
        let d = self.delay_ms;
        self.delay_ms = (self.delay_ms.saturating_mul(2)).min(self.max_delay_ms);
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_urls() {
        let j = JobUrl::parse(" http://127.0.0.1:8081/tap/async/XyZ12/?x#y ").unwrap();
        assert_eq!(j.as_str(), "http://127.0.0.1:8081/tap/async/XyZ12");
        assert_eq!(
            j.sub("phase"),
            "http://127.0.0.1:8081/tap/async/XyZ12/phase"
        );
        assert_eq!(j.list(), "http://127.0.0.1:8081/tap/async");
        assert_eq!(j.id(), "XyZ12");
        assert_eq!(
            j.wait(20, Some(&Phase::Executing)),
            "http://127.0.0.1:8081/tap/async/XyZ12?WAIT=20&PHASE=EXECUTING"
        );
        assert_eq!(
            j.wait(5, None),
            "http://127.0.0.1:8081/tap/async/XyZ12?WAIT=5"
        );
        assert!(JobUrl::parse("javascript:alert(1)").is_err());
    }

    #[test]
    fn forms() {
        assert_eq!(run(), vec![("PHASE".to_owned(), "RUN".to_owned())]);
        assert_eq!(abort(), vec![("PHASE".to_owned(), "ABORT".to_owned())]);
        assert_eq!(delete(), vec![("ACTION".to_owned(), "DELETE".to_owned())]);
        let p = create(&[
            ("QUERY".into(), "SELECT 1".into()),
            ("MAXREC".into(), "  ".into()),
            (" LANG ".into(), "ADQL".into()),
        ]);
        assert_eq!(
            p,
            vec![
                ("QUERY".to_owned(), "SELECT 1".to_owned()),
                ("LANG".to_owned(), "ADQL".to_owned())
            ]
        );
        assert_eq!(
            destruction("2026-12-24").unwrap(),
            vec![("DESTRUCTION".to_owned(), "2026-12-24T00:00:00Z".to_owned())]
        );
        assert_eq!(
            destruction("2026-12-24T18:30:05Z").unwrap()[0].1,
            "2026-12-24T18:30:05Z"
        );
        assert!(destruction("tomorrow").is_err());
        assert!(
            destruction("60000").is_err(),
            "an MJD is not taken for a date here"
        );
        assert_eq!(execution_duration("600").unwrap()[0].1, "600");
        assert_eq!(seconds("10min").unwrap(), 600);
        assert_eq!(seconds("2h").unwrap(), 7200);
        assert_eq!(seconds(" 1 d").unwrap(), 86400);
        assert_eq!(seconds("0").unwrap(), 0);
        assert!(seconds("-5").is_err());
        assert!(seconds("5 fortnights").is_err());
        assert!(seconds("99999999999999999999d").is_err());
    }

    #[test]
    fn typed_parameter_lines() {
        assert_eq!(
            parse_lines("# a job\nsource = Crab\n\nQUERY=SELECT a=1 FROM t\n").unwrap(),
            vec![
                ("source".to_owned(), "Crab".to_owned()),
                ("QUERY".to_owned(), "SELECT a=1 FROM t".to_owned())
            ]
        );
        assert_eq!(
            parse_lines("a=1\njust words").unwrap_err(),
            "line 2: \"just words\" is not NAME=value"
        );
        assert!(parse_lines("=5").is_err());
    }

    #[test]
    fn wait_honoured_means_immediate_repolls() {
        let job = JobUrl::parse("http://h/async/1").unwrap();
        let mut b = Backoff::new(20);
        assert_eq!(
            b.poll_url(&job, &Phase::Queued),
            "http://h/async/1?WAIT=20&PHASE=QUEUED"
        );
        assert_eq!(b.after_poll(20_010.0, false), 0);
        assert_eq!(b.after_poll(300.0, true), 0);
        assert_eq!(b.after_poll(19_000.0, false), 0);
        assert!(!b.wait_ignored);
        assert_eq!(
            b.poll_url(&job, &Phase::Unknown),
            "http://h/async/1?WAIT=20"
        );
    }

    #[test]
    fn wait_ignored_falls_back_to_doubling_delays() {
        let job = JobUrl::parse("http://h/async/1").unwrap();
        let mut b = Backoff::new(20);
        // A first quick return may be a coincidence: wait a little, keep asking WAIT.
        assert_eq!(b.after_poll(40.0, false), 1000);
        assert!(!b.wait_ignored);
        let delays: Vec<u32> = (0..7).map(|_| b.after_poll(40.0, false)).collect();
        assert!(b.wait_ignored);
        assert_eq!(delays, [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
        assert_eq!(b.poll_url(&job, &Phase::Executing), "http://h/async/1");
        // A change resets the delay.
        assert_eq!(b.after_poll(40.0, true), 1000);
        assert_eq!(b.after_poll(40.0, false), 1000);
        assert_eq!(b.after_poll(40.0, false), 2000);
    }
}
