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

use super::state::{use_state, AppState, QueryState, ResultSet};
use super::storage;
use super::uws_client as client;
use crate::standards::tap::{self, ServiceUrl, SyncQuery};
use crate::standards::uws::request::JobUrl;
use crate::standards::uws::{outcome, Backoff, Job, Phase};

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

fn set_job(t: Tracked, job: Job) {
    t.job.set(Some(Arc::new(job)));
}

/// What the service answered to a request about the job: its new state (followed when
/// it moves and `follow`, its ending handled when it has ended), or why not.
fn answered(s: UwsState, t: Tracked, r: Result<Job, String>, follow: bool) {
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
fn after_end(s: UwsState, t: Tracked, phase: &Phase, load: bool) {
    match phase {
        Phase::Error => {
            if let Some(url) = t.url() {
                spawn_local(async move {
                    let doc = client::error_document(&url).await;
                    t.error_doc.set(Some(doc.unwrap_or_else(|e| e)));
                });
            }
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
    state.query.set(QueryState::Running {
        service: format!("{service} (async job {})", job.job_id),
        bytes: 0,
        rows: 0,
        preview: None,
    });
    spawn_local(async move {
        let started = js_sys::Date::now();
        let r = crate::net::get(&href).await;
        if state.run_id.get_untracked() != id {
            return;
        }
        let next = match r {
            Err(e) => QueryState::Failed(e.to_string()),
            Ok(resp) => match tap::read_result(resp.status, &resp.body) {
                Err(e) => QueryState::Failed(format!("The job's result: {e}")),
                Ok(answer) => QueryState::Done(Arc::new(ResultSet::from_answer(
                    answer,
                    service,
                    info.adql.clone(),
                    info.maxrec,
                    js_sys::Date::now() - started,
                    job.creation_time
                        .clone()
                        .or_else(|| job.start_time.clone())
                        .unwrap_or_else(super::util::now_iso),
                ))),
            },
        };
        state.query.set(next);
    });
}

/// Sends the query of the editor to the service's /async endpoint, starts the job and
/// follows it; its result lands in the results view like a sync query's.
pub fn run_async(s: UwsState) {
    let state = s.app;
    let service = match ServiceUrl::parse(&state.service_url.get_untracked()) {
        Ok(u) => u,
        Err(e) => {
            state.form_error.set(Some(e));
            return;
        }
    };
    let adql = state.adql.get_untracked();
    if adql.trim().is_empty() {
        state.form_error.set(Some(
            "There is no query to run: resolve a target, set a filter, or type ADQL.".into(),
        ));
        return;
    }
    let maxrec_text = state.maxrec.get_untracked();
    let maxrec = match maxrec_text.trim() {
        "" => None,
        t => match t.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                state
                    .form_error
                    .set(Some(format!("MAXREC must be a whole number, not {t:?}")));
                return;
            }
        },
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
                state
                    .form_error
                    .set(Some(format!("The async query could not start: {e}")));
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
        start(s, t);
    });
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

/// The "Run async" button beside Run.
#[component]
pub fn RunAsyncButton() -> impl IntoView {
    let s = use_uws();
    view! {
        <button type="button" id="run-async" disabled=move || s.creating.with(|c| c.is_some())
            title="Run the query as an asynchronous (UWS) job: it may run longer than a sync query, survives a page reload, and can be aborted"
            on:click=move |_| run_async(s)>
            {move || if s.creating.with(|c| c.is_some()) { "Creating job…" } else { "Run async" }}
        </button>
    }
}

/// A change a user makes to a job from its card.
enum Action {
    Abort,
    Destruction(String),
    Duration(String),
}

impl Action {
    fn label(&self) -> &'static str {
        match self {
            Action::Abort => "Aborting the job…",
            Action::Destruction(_) => "Changing the destruction time…",
            Action::Duration(_) => "Changing the execution duration…",
        }
    }

    fn asked(&self) -> outcome::Asked {
        match self {
            Action::Abort => outcome::Asked::Abort,
            Action::Destruction(v) => outcome::Asked::Destruction(v.clone()),
            Action::Duration(v) => outcome::Asked::Duration(v.clone()),
        }
    }

    async fn perform(self, url: &JobUrl) -> Result<Job, String> {
        match self {
            Action::Abort => client::abort(url).await,
            Action::Destruction(v) => client::set_destruction(url, &v).await,
            Action::Duration(v) => client::set_execution_duration(url, &v).await,
        }
    }
}

fn dd(v: Option<String>) -> String {
    v.unwrap_or_else(|| "—".into())
}

/// One job: every field of the UWS job document, and what can be done with it.
#[component]
pub fn JobCard(t: Tracked) -> impl IntoView {
    let s = use_uws();
    let act = move |action: Action| {
        let Some(url) = t.url() else {
            return;
        };
        t.busy.set(Some(action.label().to_owned()));
        let asked = action.asked();
        spawn_local(async move {
            let r = action.perform(&url).await;
            t.busy.set(None);
            let kept = r.as_ref().ok().and_then(|j| outcome::outcome(&asked, j));
            // A follower already running keeps following a moving job.
            answered(s, t, r, false);
            // What the service kept instead of what was asked, in words.
            if kept.is_some() {
                t.problem.set(kept);
            }
        });
    };
    let delete = move || {
        let Some(url) = t.url() else {
            return;
        };
        t.busy.set(Some("Deleting the job…".into()));
        t.follow_gen.update(|g| *g += 1);
        spawn_local(async move {
            match client::delete(&url).await {
                Ok(()) => s.forget(t),
                Err(e) => {
                    t.busy.set(None);
                    t.problem.set(Some(e));
                }
            }
        });
    };
    let url_text = t.info.with_value(|i| i.url.clone());
    let is_tap = t.info.with_value(|i| i.tap.is_some());
    let phase = move || t.job.with(|j| j.as_ref().map(|j| j.phase.clone()));
    let job_id = move || t.job.with(|j| j.as_ref().map(|j| j.job_id.clone()));
    view! {
        <article class="job-card" data-url=url_text.clone()
            data-job-id=move || job_id().unwrap_or_default()
            data-phase=move || phase().map(|p| p.to_string()).unwrap_or_default()>
            <header class="row tight">
                <strong class="job-phase" data-phase=move || phase().map(|p| p.to_string()).unwrap_or_default()>
                    {move || phase().map(|p| p.to_string()).unwrap_or_else(|| "…".into())}
                </strong>
                <span class="job-id">{move || job_id().unwrap_or_default()}</span>
                {t.mine.then(|| view! { <span class="hint">"(started here)"</span> })}
                {is_tap.then(|| view! { <span class="hint">"TAP async"</span> })}
            </header>
            <p class="hint job-url">{url_text.clone()}</p>
            {move || phase().and_then(|p| p.explain()).map(|m| view! { <p class="hint job-phase-explain">{m}</p> })}
            {move || t.busy.get().map(|b| view! { <p class="status job-busy" role="status">{b}</p> })}
            {move || t.problem.get().map(|p| view! { <div class="banner error job-problem" role="alert">{p}</div> })}
            <div class="row tight job-actions">
                <button type="button" class="job-run"
                    disabled=move || phase().is_none_or(|p| !p.can_run())
                    on:click=move |_| start(s, t)>"Run"</button>
                <button type="button" class="job-abort"
                    disabled=move || phase().is_none_or(|p| !p.can_abort())
                    on:click=move |_| act(Action::Abort)>"Abort"</button>
                <button type="button" class="job-refresh" on:click=move |_| refresh(s, t, true)>"Refresh"</button>
                <button type="button" class="job-delete" on:click=move |_| delete()>"Delete"</button>
                <button type="button" class="job-forget" title="Remove from this page; the job stays at the service"
                    on:click=move |_| s.forget(t)>"Forget"</button>
                <button type="button" class="job-load-result"
                    title="Read the job's result (a VOTable) into the results view"
                    disabled=move || phase() != Some(Phase::Completed)
                    on:click=move |_| load_result(s, t)>"Show result"</button>
            </div>
            {move || t.job.get().map(|j| view! { <JobFields job=j/> })}
            {move || t.error_doc.get().map(|d| view! {
                <div class="job-error-doc">
                    <h4>"Error document"</h4>
                    <pre>{d}</pre>
                </div>
            })}
            <div class="row tight job-edit">
                <JobSetting label="Destruction (UTC)" class="job-destruction" placeholder="2026-12-31T00:00:00"
                    button="job-set-destruction" key=t.key on_set=Callback::new(move |v| act(Action::Destruction(v)))/>
                <JobSetting label="Execution duration" class="job-duration" placeholder="600, 10min, 2h"
                    button="job-set-duration" key=t.key on_set=Callback::new(move |v| act(Action::Duration(v)))/>
            </div>
        </article>
    }
}

/// A value typed for a job (destruction, execution duration) and its Set button; the text
/// stays as typed whatever the service answers.
#[component]
fn JobSetting(
    label: &'static str,
    class: &'static str,
    placeholder: &'static str,
    button: &'static str,
    key: u64,
    on_set: Callback<String>,
) -> impl IntoView {
    let value = RwSignal::new(String::new());
    let id = format!("{class}-{key}");
    view! {
        <div>
            <label for=id.clone()>{label}</label>
            <input type="text" id=id class=class placeholder=placeholder
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
        <button type="button" class=button on:click=move |_| on_set.run(value.get_untracked())>"Set"</button>
    }
}

/// Every field of a job document, rendered as text; result links only when http(s).
#[component]
pub fn JobFields(job: Arc<Job>) -> impl IntoView {
    let j = job;
    let duration = j.execution_duration.map(|d| {
        if d == 0 {
            "0 (no limit)".to_owned()
        } else {
            format!("{d} s")
        }
    });
    let params = j
        .parameters
        .iter()
        .map(|p| {
            let value = if p.by_reference && crate::standards::uws::url::is_http(&p.value) {
                view! { <a href=p.value.clone() target="_blank" rel="noopener noreferrer">{p.value.clone()}</a> }.into_any()
            } else {
                view! { <span>{p.value.clone()}</span> }.into_any()
            };
            view! { <tr><td>{p.id.clone()}</td><td class="job-param-value">{value}</td><td>{p.by_reference.then_some("by reference")}</td></tr> }
        })
        .collect_view();
    let results = j
        .results
        .iter()
        .map(|r| {
            // An ARCHIVED job's results are deleted (UWS 1.1), whatever the list still says.
            let archived = j.phase == Phase::Archived;
            let link = r.href.as_deref().and_then(|h| (!archived && crate::standards::uws::url::is_http(h)).then(|| h.to_owned()));
            let shown = r.href.clone().unwrap_or_default();
            let extra = [r.mime_type.clone(), r.size.map(|s| crate::app::cells::human_size(s as f64))]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <li class="job-result">
                    <span class="job-result-id">{r.id.clone()}</span> ": "
                    {match link {
                        Some(h) => view! { <a href=h target="_blank" rel="noopener noreferrer">{shown}</a> }.into_any(),
                        None => view! { <span title="not an http(s) link">{shown}</span> }.into_any(),
                    }}
                    {(!extra.is_empty()).then(|| format!(" ({extra})"))}
                    {archived.then_some(" — archived: the service has deleted this result")}
                </li>
            }
        })
        .collect_view();
    let summary = j.error_summary.clone().map(|e| view! {
        <div class="banner error job-error-summary" role="alert">
            <strong>{if e.kind.is_empty() { "Error".to_owned() } else { format!("Error ({})", e.kind) }}</strong>
            ": " {e.message.clone()}
            {e.has_detail.then_some(" — the service has a detailed error document.")}
        </div>
    });
    let extensions = j
        .extensions
        .iter()
        .map(|(k, v)| view! { <dt>{k.clone()}</dt><dd>{v.clone()}</dd> })
        .collect_view();
    let warnings =
        (!j.warnings.is_empty()).then(|| view! { <p class="hint">{j.warnings.join("; ")}</p> });
    view! {
        {summary}
        <dl class="job-fields">
            <dt>"jobId"</dt><dd class="job-field-jobid">{j.job_id.clone()}</dd>
            <dt>"runId"</dt><dd class="job-field-runid">{dd(j.run_id.clone())}</dd>
            <dt>"ownerId"</dt><dd class="job-field-owner">{dd(j.owner_id.clone())}</dd>
            <dt>"quote"</dt><dd class="job-field-quote">{dd(j.quote.clone())}</dd>
            <dt>"created"</dt><dd class="job-field-created">{dd(j.creation_time.clone())}</dd>
            <dt>"started"</dt><dd class="job-field-start">{dd(j.start_time.clone())}</dd>
            <dt>"ended"</dt><dd class="job-field-end">{dd(j.end_time.clone())}</dd>
            <dt>"executionDuration"</dt><dd class="job-field-duration">{dd(duration)}</dd>
            <dt>"destruction"</dt><dd class="job-field-destruction">{dd(j.destruction.clone())}</dd>
            {extensions}
        </dl>
        {warnings}
        <details class="job-parameters">
            <summary>{j.parameters.len()} " parameters"</summary>
            <table class="columns"><thead><tr><th>"id"</th><th>"value"</th><th></th></tr></thead>
                <tbody>{params}</tbody></table>
        </details>
        <div class="job-results">
            <span class="hint">{j.results.len()} " results"</span>
            <ul>{results}</ul>
        </div>
        {j.job_info.clone().map(|i| view! {
            <details class="job-info"><summary>"jobInfo"</summary><pre>{i}</pre></details>
        })}
    }
}

/// The jobs of this page: started here (remembered) or opened from a job list.
#[component]
pub fn UwsPanel() -> impl IntoView {
    let s = use_uws();
    view! {
        <section class="panel uws" aria-labelledby="uws-h">
            <h2 id="uws-h">"Asynchronous jobs"</h2>
            {move || s.creating.get().map(|c| view! { <p class="status" role="status">{c}</p> })}
            {move || s.jobs.with(|j| j.is_empty()).then(|| view! {
                <p class="hint">"Run async starts the query as a UWS job; jobs started here are remembered across reloads."</p>
            })}
            <div class="job-cards">
                <For each=move || s.jobs.get() key=|t| t.key children=move |t| view! { <JobCard t=t/> }/>
            </div>
            <super::uws_manager::JobManager/>
        </section>
    }
}
