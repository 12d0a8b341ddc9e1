//! Whether a service did what a client asked of a job, judged from the job it answers.
//!
//! UWS lets a service adjust a requested destruction time or execution duration, and
//! services differ in what they do with ABORT or RUN in the rarer phases (Safir 8.0 answers
//! an ABORT of a HELD or SUSPENDED job with 303 and leaves the job as it was). The user is
//! told in words what the service kept, rather than seeing the request silently "work".

use super::job::{Job, Phase};
use super::request;

/// What the user asked of a job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Asked {
    Run,
    Abort,
    /// A destruction time as typed (read with [`request::iso_utc`]).
    Destruction(String),
    /// An execution duration as typed (read with [`request::seconds`]).
    Duration(String),
}

/// Seconds between two ISO 8601 instants (None when either cannot be read).
fn apart(a: &str, b: &str) -> Option<f64> {
    let a = crate::standards::time::iso_to_mjd(a.trim().trim_end_matches('Z')).ok()?;
    let b = crate::standards::time::iso_to_mjd(b.trim().trim_end_matches('Z')).ok()?;
    Some(((a - b) * 86400.0).abs())
}

/// None when the answered job shows what was asked; else a sentence saying what the
/// service kept instead.
pub fn outcome(asked: &Asked, after: &Job) -> Option<String> {
    match asked {
        // QUEUED or EXECUTING right after ABORT may be a service still stopping the job:
        // the follower shows where it goes. A phase that no abort passes through is kept.
        Asked::Abort => (!after.phase.is_final()
            && !matches!(after.phase, Phase::Queued | Phase::Executing))
        .then(|| {
            format!(
                "The service accepted ABORT but kept the job {}: UWS 1.1 lets a client abort a job that has not ended, this service does not in this phase. Delete still removes it.",
                after.phase
            )
        }),
        Asked::Run => (after.phase == Phase::Pending || after.phase == Phase::Held).then(|| {
            format!(
                "The service accepted RUN but the job is still {}.",
                after.phase
            )
        }),
        Asked::Destruction(text) => {
            let wanted = request::iso_utc(text).ok()?;
            match after.destruction.as_deref() {
                None => Some(format!(
                    "The service shows no destruction time after being asked for {wanted}."
                )),
                Some(kept) => apart(kept, &wanted).filter(|d| *d >= 1.0).map(|_| {
                    format!(
                        "The service kept the destruction time {kept} (asked {wanted}): a service may refuse or shorten it."
                    )
                }),
            }
        }
        Asked::Duration(text) => {
            let wanted = request::seconds(text).ok()?;
            match after.execution_duration {
                Some(kept) if kept == wanted as i64 => None,
                Some(kept) => Some(format!(
                    "The service set the execution duration to {kept} s (asked {wanted} s): a service may refuse or limit it."
                )),
                None => Some(format!(
                    "The service shows no execution duration after being asked for {wanted} s."
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safir(name: &str) -> Job {
        let p = format!(
            "{}/tests/fixtures/uws/safir/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        super::super::job::parse(&std::fs::read(p).unwrap()).unwrap()
    }

    /// Safir 8.0 answers ABORT of a HELD or SUSPENDED job with 303 and the job as it was
    /// (its abort acts on PENDING, QUEUED and EXECUTING only): the user is told.
    #[test]
    fn abort_kept_by_safir() {
        for (f, phase) in [("job_held.xml", "HELD"), ("job_suspended.xml", "SUSPENDED")] {
            let m = outcome(&Asked::Abort, &safir(f)).unwrap();
            assert!(m.contains(&format!("kept the job {phase}")), "{m}");
            assert!(m.contains("Delete still removes it"), "{m}");
        }
        assert_eq!(outcome(&Asked::Abort, &safir("job_aborted.xml")), None);
        // Still stopping (EXECUTING right after ABORT): not called kept.
        let mut stopping = safir("job_aborted.xml");
        stopping.phase = Phase::Executing;
        assert_eq!(outcome(&Asked::Abort, &stopping), None);
        // An ended job cannot be aborted: nothing to say either.
        assert_eq!(outcome(&Asked::Abort, &safir("job_completed.xml")), None);
    }

    /// Safir keeps the earlier destruction time when asked for a later one; the pending
    /// fixture's is 2026-12-10T11:58:35Z (creation plus its 7-day lifetime).
    #[test]
    fn destruction_kept() {
        let j = safir("job_pending.xml");
        let kept = j.destruction.clone().unwrap();
        assert_eq!(kept, "2026-12-10T11:58:35Z");
        let m = outcome(&Asked::Destruction("2027-01-01T00:00".into()), &j).unwrap();
        assert_eq!(
            m,
            "The service kept the destruction time 2026-12-10T11:58:35Z (asked 2027-01-01T00:00:00Z): a service may refuse or shorten it."
        );
        assert_eq!(
            outcome(&Asked::Destruction("2026-12-10T11:58:35".into()), &j),
            None
        );
        // Typed text voscope refuses before sending has no outcome.
        assert_eq!(outcome(&Asked::Destruction("soon".into()), &j), None);
    }

    #[test]
    fn duration_limited() {
        let j = safir("job_pending.xml");
        assert_eq!(j.execution_duration, Some(3600));
        assert_eq!(outcome(&Asked::Duration("1h".into()), &j), None);
        let m = outcome(&Asked::Duration("2h".into()), &j).unwrap();
        assert!(
            m.starts_with("The service set the execution duration to 3600 s (asked 7200 s)"),
            "{m}"
        );
    }

    #[test]
    fn run_left_pending() {
        let m = outcome(&Asked::Run, &safir("job_pending.xml")).unwrap();
        assert_eq!(m, "The service accepted RUN but the job is still PENDING.");
        assert_eq!(outcome(&Asked::Run, &safir("job_completed.xml")), None);
    }
}
