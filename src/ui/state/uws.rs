//! Asynchronous jobs: the current query run as a TAP async job, any UWS job followed
//! until it ends, and the jobs a user started remembered across reloads.
//!
//! A job is followed with UWS 1.1 blocking polls (`WAIT`), or with spaced polls when the
//! service ignores WAIT (`uws::Backoff`). A service that stops answering ends the
//! following with a message; the job stays listed and Refresh picks it up again.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use crate::net::uws as client;
use crate::standards::tap::{ServiceUrl, SyncQuery};
use crate::standards::uws::request::JobUrl;
use crate::standards::uws::{Backoff, Job, Phase};
use crate::ui::state::storage;
use crate::ui::state::{use_state, AppState, QueryState, ResultSet};

const STORAGE_KEY: &str = "uws_jobs";

/// What is remembered of a job the user started (local storage, JSON).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredJob {
    pub url: String,
    /// The TAP base URL, for a TAP async query (its result goes to the results view).
    #[serde(default)]
    pub tap: Option<String>,
    #[serde(default)]
    pub adql: String,
    #[serde(default)]
    pub maxrec: Option<u64>,
}

/// One job on the page, with its own signals so that a card keeps what is typed in it
/// while the job changes.
#[derive(Clone, Copy)]
pub struct Tracked {
    pub key: u64,
    pub info: StoredValue<StoredJob>,
    /// Started from this page (remembered) or only opened from a job list.
    pub mine: bool,
    pub job: RwSignal<Option<Arc<Job>>>,
    /// What is being done right now ("Following…", "Aborting…").
    pub busy: RwSignal<Option<String>>,
    pub problem: RwSignal<Option<String>>,
    pub error_doc: RwSignal<Option<String>>,
    /// Incremented to stop a follower (a newer one, deletion, forgetting).
    pub follow_gen: RwSignal<u64>,
    pub removed: RwSignal<bool>,
    /// The target typed when the job was started (for the history).
    pub target: StoredValue<String>,
    /// Started by Run async on this page and not yet in the history (recorded once,
    /// when it ends; a job resumed after a reload was recorded by the page that ran it).
    pub to_record: StoredValue<bool>,
}

impl Tracked {
    pub fn url(&self) -> Option<JobUrl> {
        JobUrl::parse(&self.info.with_value(|i| i.url.clone())).ok()
    }
}

/// The job panels' shared state, provided once by [`provide`].
#[derive(Clone, Copy)]
pub struct UwsState {
    pub jobs: RwSignal<Vec<Tracked>>,
    /// A job being created (its message), for the Run async button.
    pub creating: RwSignal<Option<String>>,
    next_key: StoredValue<u64>,
    /// Signals of tracked jobs belong to this owner, not to the card that made them.
    owner: StoredValue<Owner>,
    pub app: AppState,
}

pub fn use_uws() -> UwsState {
    expect_context::<UwsState>()
}

fn load_stored() -> Vec<StoredJob> {
    storage::load(STORAGE_KEY)
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

impl UwsState {
    fn save(&self) {
        let mine: Vec<StoredJob> = self
            .jobs
            .get_untracked()
            .iter()
            .filter(|t| t.mine)
            .map(|t| t.info.get_value())
            .collect();
        match serde_json::to_string(&mine) {
            Ok(text) if !mine.is_empty() => storage::save(STORAGE_KEY, &text),
            _ => storage::remove(STORAGE_KEY),
        }
    }

    /// Adds a job (or returns the one already listed under that URL).
    pub fn track(&self, info: StoredJob, mine: bool, job: Option<Job>) -> Tracked {
        if let Some(t) = self
            .jobs
            .get_untracked()
            .into_iter()
            .find(|t| t.info.with_value(|i| i.url == info.url))
        {
            if let Some(j) = job {
                t.job.set(Some(Arc::new(j)));
            }
            return t;
        }
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        let owner = self.owner.get_value();
        let t = owner.with(|| Tracked {
            key,
            info: StoredValue::new(info),
            mine,
            job: RwSignal::new(job.map(Arc::new)),
            busy: RwSignal::new(None),
            problem: RwSignal::new(None),
            error_doc: RwSignal::new(None),
            follow_gen: RwSignal::new(0),
            removed: RwSignal::new(false),
            target: StoredValue::new(String::new()),
            to_record: StoredValue::new(false),
        });
        self.jobs.update(|v| v.insert(0, t));
        if mine {
            self.save();
        }
        t
    }

    /// Drops a job from the page (and from local storage); the service keeps it.
    pub fn forget(&self, t: Tracked) {
        t.removed.set(true);
        t.follow_gen.update(|g| *g += 1);
        self.jobs.update(|v| v.retain(|x| x.key != t.key));
        self.save();
    }
}

/// Creates the shared state and resumes the remembered jobs. Call once, in the page.
pub fn provide() {
    let app = use_state();
    let owner = Owner::current().unwrap_or_default();
    let s = UwsState {
        jobs: RwSignal::new(Vec::new()),
        creating: RwSignal::new(None),
        next_key: StoredValue::new(1),
        owner: StoredValue::new(owner),
        app,
    };
    provide_context(s);
    for info in load_stored().into_iter().rev() {
        let t = s.track(info, true, None);
        refresh(s, t, true);
    }
}

pub fn set_job(t: Tracked, job: Job) {
    t.job.set(Some(Arc::new(job)));
}

/// What the service answered to a request about the job: its new state (followed when
/// it moves and `follow`, its ending handled when it has ended), or why not.
pub fn answered(s: UwsState, t: Tracked, r: Result<Job, String>, follow: bool) {
    match r {
        Ok(job) => {
            t.problem.set(None);
            let moving = job.phase.is_moving();
            let phase = job.phase.clone();
            set_job(t, job);
            if moving && follow {
                start_following(s, t);
            } else {
                after_end(s, t, &phase, false);
            }
        }
        Err(e) => t.problem.set(Some(e)),
    }
}

/// Reads the job again; follows it when it is moving and `follow` is set.
pub fn refresh(s: UwsState, t: Tracked, follow: bool) {
    let Some(url) = t.url() else {
        t.problem
            .set(Some("This job's URL is not an http(s) URL.".into()));
        return;
    };
    t.busy.set(Some("Reading the job…".into()));
    spawn_local(async move {
        let r = client::get_job(&url).await;
        if t.removed.get_untracked() {
            return;
        }
        t.busy.set(None);
        answered(s, t, r, follow);
    });
}

/// Follows a job until it ends, the service stops answering, or it is stopped.
pub fn start_following(s: UwsState, t: Tracked) {
    let Some(url) = t.url() else {
        return;
    };
    t.follow_gen.update(|g| *g += 1);
    let gen = t.follow_gen.get_untracked();
    spawn_local(async move {
        let mut backoff = Backoff::default();
        let stopped = move || t.removed.get_untracked() || t.follow_gen.get_untracked() != gen;
        loop {
            let phase = t
                .job
                .with_untracked(|j| j.as_ref().map(|j| j.phase.clone()))
                .unwrap_or_default();
            if !phase.is_moving() {
                t.busy.set(None);
                after_end(s, t, &phase, true);
                return;
            }
            t.busy.set(Some(if backoff.wait_ignored {
                format!(
                    "Following the job ({phase}); the service ignores WAIT, asking now and then…"
                )
            } else {
                format!("Following the job ({phase}), waiting for a change…")
            }));
            let r = client::poll_job(&backoff.poll_url(&url, &phase)).await;
            if stopped() {
                return;
            }
            match r {
                Ok((job, elapsed)) => {
                    t.problem.set(None);
                    let changed = job.phase != phase;
                    set_job(t, job);
                    let pause = backoff.after_poll(elapsed, changed);
                    client::sleep_ms(pause).await;
                    if stopped() {
                        return;
                    }
                }
                Err(e) => {
                    t.busy.set(None);
                    t.problem.set(Some(format!(
                        "Lost contact with the service at {} while following the job: {e} \
                         The job is still listed here; press Refresh when the service is back.",
                        client::host(url.as_str())
                    )));
                    return;
                }
            }
        }
    });
}

/// What happens when a job has ended: a failed job's error document is read; a finished
/// TAP job's result goes to the results view (when `load` — it ended while watched).
pub fn after_end(s: UwsState, t: Tracked, phase: &Phase, load: bool) {
    match phase {
        Phase::Error => {
            if let Some(url) = t.url() {
                spawn_local(async move {
                    let doc = client::error_document(&url).await.unwrap_or_else(|e| e);
                    t.error_doc.set(Some(doc.clone()));
                    let msg = format!("The async job failed at the service: {}", doc.trim());
                    ended_without_result(s, t, QueryState::Failed(msg.clone()), msg);
                });
            }
        }
        Phase::Aborted => {
            let id = t
                .job
                .with_untracked(|j| j.as_ref().map(|j| j.job_id.clone()))
                .unwrap_or_default();
            ended_without_result(
                s,
                t,
                QueryState::Cancelled(format!(
                    "The async job {id} was aborted before it finished: there is no result. \
                     The query is kept: change it or run it again."
                )),
                "aborted".into(),
            );
        }
        Phase::Completed if load && t.info.with_value(|i| i.tap.is_some()) => {
            load_result(s, t);
        }
        _ => {}
    }
}

/// Reads the job's result into the results view, as a sync query's answer would be.
pub fn load_result(s: UwsState, t: Tracked) {
    let Some(job_url) = t.url() else {
        return;
    };
    let Some(job) = t.job.get_untracked() else {
        return;
    };
    let href = job
        .main_result()
        .and_then(|r| r.href.clone())
        .and_then(|h| crate::standards::uws::url::resolve(job_url.as_str(), &h))
        .unwrap_or_else(|| job_url.sub("results/result"));
    let info = t.info.get_value();
    let state = s.app;
    let id = state.run_id.get_untracked() + 1;
    state.run_id.set(id);
    let service = info.tap.clone().unwrap_or_else(|| job_url.list());
    state.start_running(format!("{service} (async job {})", job.job_id), None);
    let cancel = crate::net::Cancel::new();
    if let Some(old) = state.query_cancel.get_value() {
        old.cancel();
    }
    state.query_cancel.set_value(cancel.clone());
    spawn_local(async move {
        let started = js_sys::Date::now();
        let queried_at = job
            .creation_time
            .clone()
            .or_else(|| job.start_time.clone())
            .unwrap_or_else(crate::ui::util::now_iso);
        let reading = super::query::Reading {
            state,
            id,
            service: service.clone(),
            adql: info.adql.clone(),
            maxrec: info.maxrec,
            started,
            queried_at: queried_at.clone(),
        };
        let request = super::query::Request::Get { url: &href };
        let read = super::query::read_answer(&reading, request, cancel.as_ref(), false).await;
        let next = match read {
            super::query::Read::Superseded => return,
            super::query::Read::Cancelled(got) => QueryState::Cancelled(format!(
                "You stopped reading the job's result {got}. The job and its result stay on \
                 the service: \"Show result\" on the job's card reads it again."
            )),
            super::query::Read::Answer(Err(e)) => {
                QueryState::Failed(format!("The job's result: {e}"))
            }
            super::query::Read::Answer(Ok(answer)) => {
                let mut r = ResultSet::from_answer(
                    answer,
                    service,
                    info.adql.clone(),
                    info.maxrec,
                    js_sys::Date::now() - started,
                    queried_at,
                );
                r.job_note = Some(job_note(&job));
                QueryState::Done(Arc::new(r))
            }
        };
        match &next {
            QueryState::Done(r) => record_async(s, t, Some(r.table.row_count()), None),
            QueryState::Failed(e) => record_async(s, t, None, Some(e.clone())),
            _ => {}
        }
        state.query.set(next);
    });
}

/// Sends the query of the editor to the service's /async endpoint, starts the job and
/// follows it; its result lands in the results view like a sync query's.
pub fn run_async(s: UwsState) {
    let state = s.app;
    let fail = move |msg: String| {
        state.query.set(QueryState::Failed(msg));
        super::focus_answer();
    };
    let service = match ServiceUrl::parse(&state.service_url.get_untracked()) {
        Ok(u) => u,
        Err(e) => return fail(e),
    };
    let adql = state.adql.get_untracked();
    if adql.trim().is_empty() {
        return fail(
            "There is no query to run: resolve a target, set a filter, or type ADQL.".into(),
        );
    }
    let maxrec = match super::query::count(&state.maxrec.get_untracked(), "MAXREC") {
        Ok(m) => m,
        Err(e) => return fail(e),
    };
    let uploads = state.uploads.get_untracked();
    let mut q = SyncQuery::new(service.clone(), adql.clone());
    q.maxrec = maxrec;
    q.uploads = uploads.iter().map(|u| u.name.clone()).collect();
    let params: Vec<(String, String)> = q
        .params()
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    let list = service.endpoint("async");
    let creating = s.creating;
    creating.set(Some(format!("Creating a job at {list}…")));
    // The answer area says what happens from now on; an older answer arriving late is
    // dropped (run_id), and the previous result is no longer shown as if current.
    state.run_id.update(|id| *id += 1);
    let id = state.run_id.get_untracked();
    state.start_running(format!("{service} (creating an async job)"), None);
    super::focus_answer();
    let target = state.target.get_untracked();
    spawn_local(async move {
        let files: Vec<(String, String, Arc<Vec<u8>>)> = uploads
            .iter()
            .map(|u| (u.name.clone(), u.file_name.clone(), u.bytes.clone()))
            .collect();
        let parts: Vec<crate::net::FilePart<'_>> = files
            .iter()
            .map(|(n, f, b)| (n.as_str(), f.as_str(), b.as_slice()))
            .collect();
        let created = client::create(&list, &params, &parts).await;
        creating.set(None);
        let (url, job) = match created {
            Ok(x) => x,
            Err(e) => {
                if state.run_id.get_untracked() == id {
                    state.query.set(QueryState::Failed(format!(
                        "The async query could not start: {e}"
                    )));
                }
                return;
            }
        };
        let t = s.track(
            StoredJob {
                url: url.to_string(),
                tap: Some(service.to_string()),
                adql,
                maxrec,
            },
            true,
            job,
        );
        t.target.set_value(target);
        t.to_record.set_value(true);
        if state.run_id.get_untracked() == id {
            state.query.set(QueryState::Job(t.key));
        }
        start(s, t);
    });
}

/// Whether this job is the async query whose card stands in the answer area.
fn is_current(s: UwsState, t: Tracked) -> bool {
    s.app
        .query
        .with_untracked(|q| matches!(q, QueryState::Job(k) if *k == t.key))
}

/// "job 12ab ran 2.1 s on the service": from the job's own start and end times.
pub fn job_note(job: &Job) -> String {
    let secs = match (&job.start_time, &job.end_time) {
        (Some(a), Some(b)) => match (
            crate::standards::time::iso_to_mjd(a),
            crate::standards::time::iso_to_mjd(b),
        ) {
            (Ok(a), Ok(b)) if b >= a => Some((b - a) * 86_400.0),
            _ => None,
        },
        _ => None,
    };
    match secs {
        Some(s) => format!("async job {} ran {s:.1} s on the service", job.job_id),
        None => format!("async job {}", job.job_id),
    }
}

/// An async query that ended without a result table (error, abort): its outcome in the
/// answer area, where its card stood, and in the history.
fn ended_without_result(s: UwsState, t: Tracked, outcome: QueryState, error: String) {
    let state = s.app;
    if is_current(s, t) {
        state.query.set(outcome);
    }
    record_async(s, t, None, Some(error));
}

/// Every async query goes into the history, as sync ones do.
fn record_async(s: UwsState, t: Tracked, rows: Option<usize>, error: Option<String>) {
    let info = t.info.get_value();
    let Some(service) = info.tap.clone() else {
        return;
    };
    if !t.to_record.get_value() {
        return;
    }
    t.to_record.set_value(false);
    let at = t
        .job
        .with_untracked(|j| j.as_ref().and_then(|j| j.creation_time.clone()))
        .unwrap_or_else(crate::ui::util::now_iso);
    super::history::record(
        s.app,
        crate::app::history::Entry {
            at,
            service,
            adql: info.adql.clone(),
            target: t.target.get_value(),
            rows,
            error: error.map(|e| crate::app::history::summary(&e, 160)),
        },
    );
}

/// PHASE=RUN, then follow.
pub fn start(s: UwsState, t: Tracked) {
    let Some(url) = t.url() else {
        return;
    };
    t.busy.set(Some("Starting the job…".into()));
    spawn_local(async move {
        let r = client::run(&url).await;
        t.busy.set(None);
        match r {
            Ok(job) => {
                t.problem.set(None);
                set_job(t, job);
                // Followed even when it ended already (a quick TAP query): the follower
                // is what loads a TAP result into the results view.
                start_following(s, t);
            }
            Err(e) => t.problem.set(Some(e)),
        }
    });
}
