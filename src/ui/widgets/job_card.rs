//! One UWS job as a card: its phase, times, parameters, results and errors, with what
//! the phase allows (run, abort, delete, change destruction and duration).

use std::sync::Arc;

use leptos::prelude::*;

use leptos::task::spawn_local;

use crate::net::uws as client;
use crate::standards::uws::request::JobUrl;
use crate::standards::uws::{outcome, Job, Phase};
use crate::ui::state::uws::*;

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

/// What a phase means to the person waiting for the answer.
fn phase_words(p: &Phase) -> String {
    match p {
        Phase::Pending => "created; starting it…".into(),
        Phase::Queued => "waiting in the service's queue".into(),
        Phase::Executing => "running on the service".into(),
        Phase::Completed => "finished; reading the result…".into(),
        Phase::Error => "failed at the service".into(),
        Phase::Aborted => "aborted".into(),
        Phase::Held => "held by the service until it may run".into(),
        Phase::Suspended => "suspended by the service".into(),
        Phase::Archived => "archived: its results were removed".into(),
        Phase::Unknown => "in a phase the service does not know".into(),
        Phase::Other(s) => format!("in the phase {s:?}"),
    }
}

/// The async query while it runs, where its answer will appear: what was asked, of
/// whom, how long it has been going and in which phase, and Abort. The full job
/// document stays in the Jobs panel.
#[component]
pub fn AsyncQueryCard(key: u64) -> impl IntoView {
    let s = use_uws();
    let Some(t) = s
        .jobs
        .with_untracked(|v| v.iter().find(|t| t.key == key).copied())
    else {
        return view! { <p class="status" role="status">"Starting the async job…"</p> }.into_any();
    };
    // A clock for "running for 12 s" between the service's answers.
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(h) = set_interval_with_handle(
        move || {
            now.try_set(js_sys::Date::now());
        },
        std::time::Duration::from_millis(1000),
    ) {
        on_cleanup(move || h.clear());
    }
    let started_ms = js_sys::Date::now();
    let info = t.info.get_value();
    let service = info.tap.clone().unwrap_or_default();
    let phase = move || t.job.with(|j| j.as_ref().map(|j| j.phase.clone()));
    let abort = move |_| {
        let Some(url) = t.url() else {
            return;
        };
        t.busy.set(Some("Aborting the job…".into()));
        spawn_local(async move {
            let r = client::abort(&url).await;
            t.busy.set(None);
            answered(s, t, r, false);
        });
    };
    view! {
        <article class="answer-job" id="answer-job" aria-label="Async query">
            <p class="status" role="status" id="answer-job-status">
                <strong>"Async query: "</strong>
                {move || phase().map(|p| phase_words(&p)).unwrap_or_else(|| "starting…".into())}
                {move || format!(" · {:.0} s", (now.get() - started_ms).max(0.0) / 1000.0)}
            </p>
            <p class="hint">
                "Job "
                <span class="answer-job-id">{move || t.job.with(|j| j.as_ref().map(|j| j.job_id.clone()).unwrap_or_default())}</span>
                " at " {service} " · phase "
                <span class="answer-job-phase">{move || phase().map(|p| p.to_string()).unwrap_or_default()}</span>
            </p>
            <pre class="answer-job-adql">{info.adql.clone()}</pre>
            {move || t.busy.get().map(|b| view! { <p class="hint">{b}</p> })}
            {move || t.problem.get().map(|p| view! { <div class="banner error" role="alert">{p}</div> })}
            <div class="row tight">
                <button type="button" id="answer-job-abort"
                    disabled=move || phase().is_none_or(|p| !p.can_abort())
                    on:click=abort>"Abort"</button>
                <span class="hint">"Its full job document is in Jobs."</span>
            </div>
        </article>
    }
    .into_any()
}
