//! The job manager: any UWS job list (TAP's /async or another job service) listed with
//! the PHASE/AFTER/LAST filters, jobs opened, and new jobs created — from typed
//! parameters or from a form generated from the service's job description.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::net::uws as client;
use crate::standards::tap::ServiceUrl;
use crate::standards::uws::jobdesc::{self, FieldError};
use crate::standards::uws::{request, FieldKind, JobForm, JobList, ListFilter, Phase};
use crate::ui::state::uws::{refresh, start, use_uws, StoredJob, UwsState};

/// The TAP base URL when `list` is the current TAP service's /async (its jobs' results
/// then go to the results view by themselves).
fn tap_of(s: UwsState, list: &str) -> Option<String> {
    let l = list.trim().trim_end_matches('/');
    if !l.to_ascii_lowercase().ends_with("/async") {
        return None;
    }
    let svc = ServiceUrl::parse(&s.app.service_url.get_untracked()).ok()?;
    (svc.endpoint("async") == l).then(|| svc.to_string())
}

/// Creates a job at `list` with `params`, remembers it, and runs it when asked.
fn create_job(
    s: UwsState,
    list: String,
    params: request::Form,
    run: bool,
    msg: RwSignal<Option<Result<String, String>>>,
) {
    msg.set(Some(Ok(format!("Creating a job at {list}…"))));
    spawn_local(async move {
        match client::create(&list, &request::create(&params), &[]).await {
            Err(e) => msg.set(Some(Err(e))),
            Ok((url, job)) => {
                msg.set(Some(Ok(format!("Created {url}"))));
                let t = s.track(
                    StoredJob {
                        url: url.to_string(),
                        tap: tap_of(s, &list),
                        adql: params
                            .iter()
                            .find(|(k, _)| k.eq_ignore_ascii_case("QUERY"))
                            .map(|(_, v)| v.clone())
                            .unwrap_or_default(),
                        maxrec: None,
                    },
                    true,
                    job,
                );
                if run {
                    start(s, t);
                } else {
                    refresh(s, t, false);
                }
            }
        }
    });
}

#[component]
pub fn JobManager() -> impl IntoView {
    let s = use_uws();
    let initial = ServiceUrl::parse(&s.app.service_url.get_untracked())
        .map(|u| u.endpoint("async"))
        .unwrap_or_default();
    let list_url = RwSignal::new(initial);
    let phases: RwSignal<Vec<Phase>> = RwSignal::new(Vec::new());
    let after = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let listing: RwSignal<Option<Result<JobList, String>>> = RwSignal::new(None);
    let listing_busy = RwSignal::new(false);
    // Where the list the service sent departs from UWS 1.1 for the filter asked.
    let listing_note: RwSignal<Option<String>> = RwSignal::new(None);
    let do_list = move || {
        let last_text = last.get_untracked();
        let last_n = match last_text.trim() {
            "" => None,
            t => match t.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    listing.set(Some(Err(format!("LAST must be a whole number, not {t:?}"))));
                    return;
                }
            },
        };
        let filter = ListFilter {
            phases: phases.get_untracked(),
            after: Some(after.get_untracked()),
            last: last_n,
        };
        let base = list_url.get_untracked();
        if !crate::standards::uws::url::is_http(&base) {
            listing.set(Some(Err(format!(
                "{:?} is not an http(s) job list URL (e.g. http://dc.g-vo.org/tap/async)",
                base.trim()
            ))));
            return;
        }
        let url = match filter.url(&base) {
            Ok(u) => u,
            Err(e) => {
                listing.set(Some(Err(e)));
                return;
            }
        };
        listing_busy.set(true);
        spawn_local(async move {
            let r = client::list(&url).await;
            listing_note.set(r.as_ref().ok().and_then(|l| l.deviation(&filter)));
            listing.set(Some(r));
            listing_busy.set(false);
        });
    };
    let open = move |url: String| {
        let list = list_url.get_untracked();
        let t = s.track(
            StoredJob {
                url,
                tap: tap_of(s, &list),
                adql: String::new(),
                maxrec: None,
            },
            false,
            None,
        );
        refresh(s, t, false);
    };
    // Creating.
    let desc_url = RwSignal::new(String::new());
    let form: RwSignal<Option<Result<JobForm, String>>> = RwSignal::new(None);
    let typed = RwSignal::new(String::new());
    let create_msg: RwSignal<Option<Result<String, String>>> = RwSignal::new(None);
    let load_form = move || {
        let mut url = desc_url.get_untracked().trim().to_owned();
        if url.is_empty() {
            match jobdesc::dachs_metadata_url(&list_url.get_untracked()) {
                Some(u) => {
                    desc_url.set(u.clone());
                    url = u;
                }
                None => {
                    form.set(Some(Err(
                        "Give the URL of the job description (a WADL, or a VOTable of input parameters)."
                            .into(),
                    )));
                    return;
                }
            }
        }
        if !crate::standards::uws::url::is_http(&url) {
            form.set(Some(Err(format!("{url:?} is not an http(s) URL"))));
            return;
        }
        form.set(None);
        spawn_local(async move {
            let r = client::job_description(&url).await;
            if let Ok(f) = &r {
                if let Some(l) = &f.job_list {
                    // A WADL names its job list; DaCHS's metadata names its api URL.
                    if f.source == "WADL" {
                        list_url.set(l.clone());
                    }
                }
            }
            form.set(Some(r));
        });
    };
    let submit_typed = move |run: bool| match request::parse_lines(&typed.get_untracked()) {
        Err(e) => create_msg.set(Some(Err(e))),
        Ok(p) if p.is_empty() => create_msg.set(Some(Err(
            "Type the job's parameters, one NAME=value per line, or load a job form.".into(),
        ))),
        Ok(p) => create_job(s, list_url.get_untracked(), p, run, create_msg),
    };
    let on_form = Callback::new(move |(params, run): (request::Form, bool)| {
        let mut all = params;
        if let Ok(extra) = request::parse_lines(&typed.get_untracked()) {
            all.extend(extra);
        }
        create_job(s, list_url.get_untracked(), all, run, create_msg);
    });
    view! {
        <details class="job-manager" id="job-manager">
            <summary>"Job manager: any UWS job list"</summary>
            <form class="row tight" on:submit=move |ev| { ev.prevent_default(); do_list(); }>
                <div class="grow">
                    <label for="joblist-url">"Job list URL"</label>
                    <input id="joblist-url" type="url" spellcheck="false" prop:value=move || list_url.get()
                        on:input=move |ev| list_url.set(event_target_value(&ev))/>
                </div>
                <button type="button" id="joblist-use-tap" title="The job list of the TAP service chosen above"
                    on:click=move |_| {
                        if let Ok(u) = ServiceUrl::parse(&s.app.service_url.get_untracked()) {
                            list_url.set(u.endpoint("async"));
                        }
                    }>"TAP /async"</button>
                <button type="submit" id="joblist-list" disabled=move || listing_busy.get()>
                    {move || if listing_busy.get() { "Listing…" } else { "List jobs" }}
                </button>
            </form>
            <fieldset class="joblist-filters">
                <legend>"Filters (UWS 1.1)"</legend>
                <div class="row tight wrap">
                    {Phase::ALL.into_iter().map(|p| {
                        let name = p.to_string();
                        let id = format!("joblist-phase-{}", name.to_ascii_lowercase());
                        let p2 = p.clone();
                        view! {
                            <label class="check">
                                <input type="checkbox" id=id.clone() value=name.clone()
                                    prop:checked=move || phases.with(|v| v.contains(&p2))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let p = p.clone();
                                        phases.update(|v| {
                                            v.retain(|x| *x != p);
                                            if on { v.push(p); }
                                        });
                                    }/>
                                {name.clone()}
                            </label>
                        }
                    }).collect_view()}
                </div>
                <div class="row tight">
                    <div>
                        <label for="joblist-after">"AFTER (UTC)"</label>
                        <input id="joblist-after" type="text" placeholder="2026-12-01T00:00" prop:value=move || after.get()
                            on:input=move |ev| after.set(event_target_value(&ev))/>
                    </div>
                    <div>
                        <label for="joblist-last">"LAST"</label>
                        <input id="joblist-last" class="short" type="text" inputmode="numeric" prop:value=move || last.get()
                            on:input=move |ev| last.set(event_target_value(&ev))/>
                    </div>
                </div>
            </fieldset>
            {move || listing_note.get().map(|m| view! { <p class="hint" id="joblist-deviation">{m}</p> })}
            {move || listing.get().map(|r| match r {
                Err(e) => view! { <div class="banner error" role="alert" id="joblist-error">{e}</div> }.into_any(),
                Ok(l) if l.jobs.is_empty() => view! { <p class="hint" id="joblist-empty">"No job matches."</p> }.into_any(),
                Ok(l) => view! {
                    <table class="columns joblist" id="joblist">
                        <thead><tr><th>"job"</th><th>"phase"</th><th>"runId"</th><th>"owner"</th><th>"created"</th><th></th></tr></thead>
                        <tbody>
                            {l.jobs.into_iter().map(|j| {
                                let url = j.url.clone();
                                view! {
                                    <tr class="joblist-row" data-job-id=j.id.clone() data-phase=j.phase.to_string()>
                                        <td>{j.id.clone()}</td>
                                        <td class="joblist-phase">{j.phase.to_string()}</td>
                                        <td>{j.run_id.clone().unwrap_or_default()}</td>
                                        <td>{j.owner_id.clone().unwrap_or_default()}</td>
                                        <td>{j.creation_time.clone().unwrap_or_default()}</td>
                                        <td>{url.map(|u| view! {
                                            <button type="button" class="joblist-open" on:click=move |_| open(u.clone())>"Open"</button>
                                        })}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            })}
            <h3>"Create a job"</h3>
            <div class="row tight">
                <div class="grow">
                    <label for="jobdesc-url">"Job description (WADL, or parameter metadata) — empty: ask DaCHS"</label>
                    <input id="jobdesc-url" type="url" spellcheck="false" prop:value=move || desc_url.get()
                        on:input=move |ev| desc_url.set(event_target_value(&ev))/>
                </div>
                <button type="button" id="jobdesc-load" on:click=move |_| load_form()>"Load form"</button>
            </div>
            {move || form.get().map(|f| match f {
                Err(e) => view! { <div class="banner error" role="alert" id="jobdesc-error">{e}</div> }.into_any(),
                Ok(f) => view! { <JobFormView form=f on_submit=on_form/> }.into_any(),
            })}
            <label for="job-params">"Parameters, one NAME=value per line"</label>
            <textarea id="job-params" rows="4" spellcheck="false" prop:value=move || typed.get()
                on:input=move |ev| typed.set(event_target_value(&ev))></textarea>
            <div class="row tight">
                <button type="button" id="job-create" on:click=move |_| submit_typed(false)>"Create (PENDING)"</button>
                <button type="button" id="job-create-run" class="primary" on:click=move |_| submit_typed(true)>"Create and run"</button>
            </div>
            {move || create_msg.get().map(|m| match m {
                Ok(t) => view! { <p class="status" role="status" id="job-create-status">{t}</p> }.into_any(),
                Err(e) => view! { <div class="banner error" role="alert" id="job-create-error">{e}</div> }.into_any(),
            })}
        </details>
    }
}

/// A job-creation form generated from a job description; values are checked before
/// anything is sent, and every problem is shown at its field.
#[component]
pub fn JobFormView(form: JobForm, on_submit: Callback<(request::Form, bool)>) -> impl IntoView {
    let values: Vec<RwSignal<String>> = form
        .fields
        .iter()
        .map(|f| {
            RwSignal::new(
                f.fixed
                    .clone()
                    .or_else(|| f.default.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let errors: RwSignal<Vec<FieldError>> = RwSignal::new(Vec::new());
    let form = StoredValue::new(form);
    let vals = StoredValue::new(values.clone());
    let submit = move |run: bool| {
        let typed: Vec<(String, String)> = form.with_value(|f| {
            f.fields
                .iter()
                .zip(vals.get_value())
                .map(|(x, v)| (x.name.clone(), v.get_untracked()))
                .collect()
        });
        match form.with_value(|f| f.validate(&typed)) {
            Ok(body) => {
                errors.set(Vec::new());
                on_submit.run((body, run));
            }
            Err(e) => errors.set(e),
        }
    };
    let fields = form.with_value(|f| f.fields.clone());
    let title = form.with_value(|f| f.title.clone());
    let description = form.with_value(|f| f.description.clone());
    let source = form.with_value(|f| f.source);
    view! {
        <form class="job-form" id="job-form" on:submit=move |ev| { ev.prevent_default(); submit(true); }>
            <p class="hint">{title.unwrap_or_default()} " (" {source} ")"</p>
            {(!description.is_empty()).then(|| view! { <p class="hint">{description}</p> })}
            {fields.into_iter().zip(values).map(|(f, value)| {
                let id = format!("jobform-{}", f.name);
                let name = f.name.clone();
                let name2 = f.name.clone();
                let err = Memo::new(move |_| errors.with(|e| e.iter().find(|(n, _)| *n == name2).map(|(_, m)| m.clone())));
                let kind = f.kind.clone();
                let mut hint = vec![kind.label().to_owned()];
                if let Some(u) = &f.unit { hint.push(u.clone()); }
                if f.min.is_some() || f.max.is_some() {
                    hint.push(format!(
                        "{} … {}",
                        f.min.map(|v| v.to_string()).unwrap_or_default(),
                        f.max.map(|v| v.to_string()).unwrap_or_default()
                    ));
                }
                if let Some(n) = f.count { hint.push(format!("{n} numbers")); }
                if let Some(d) = &f.default { hint.push(format!("default {d}")); }
                let input = if f.fixed.is_some() {
                    view! { <input id=id.clone() type="text" readonly prop:value=move || value.get()/> }.into_any()
                } else if !f.options.is_empty() {
                    let options = f.options.clone();
                    // "—" is "leave it to the service" for an optional field, and "nothing
                    // chosen yet" for a required one without a default: the select never
                    // shows a choice the value does not hold.
                    let empty_ok = !f.required || f.default.is_none();
                    view! {
                        <select id=id.clone() prop:value=move || value.get()
                            on:change=move |ev| value.set(event_target_value(&ev))>
                            {empty_ok.then(|| view! { <option value="">"—"</option> })}
                            {options.into_iter().map(|(v, l)| {
                                let shown = if l == v { v.clone() } else { format!("{l} ({v})") };
                                view! { <option value=v.clone()>{shown}</option> }
                            }).collect_view()}
                        </select>
                    }.into_any()
                } else {
                    let inputmode = match kind { FieldKind::Integer | FieldKind::Real => "decimal", _ => "text" };
                    view! {
                        <input id=id.clone() type=kind.input_type() inputmode=inputmode spellcheck="false"
                            prop:value=move || value.get()
                            on:input=move |ev| value.set(event_target_value(&ev))/>
                    }.into_any()
                };
                view! {
                    <div class="job-form-field" data-field=name.clone() class:invalid=move || err.get().is_some()>
                        <label for=id.clone()>
                            {name.clone()}
                            {f.required.then(|| view! { <span class="required" title="required">" *"</span> })}
                            <span class="hint">" (" {hint.join(", ")} ")"</span>
                        </label>
                        {input}
                        {(!f.help.is_empty()).then(|| view! { <p class="hint job-form-help">{f.help.clone()}</p> })}
                        {move || err.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    </div>
                }
            }).collect_view()}
            {move || (!errors.with(|e| e.is_empty())).then(|| view! {
                <p class="field-error" role="alert" id="job-form-errors">
                    {move || errors.with(|e| e.len())} " values need fixing; nothing was sent."
                </p>
            })}
            <div class="row tight">
                <button type="button" id="jobform-create" on:click=move |_| submit(false)>"Create from form (PENDING)"</button>
                <button type="submit" id="jobform-create-run" class="primary">"Create from form and run"</button>
            </div>
        </form>
    }
}
