//! Which TAP service to ask: a preset list from the configuration, any URL, or one found
//! in the Registry; and what the service says about itself (VOSI), used by the other
//! panels (MAXREC default, upload, user-defined functions, tables).

use leptos::prelude::*;

use crate::standards::tap::ServiceUrl;
use crate::ui::state::service::load_service;
use crate::ui::state::use_state;
use crate::ui::widgets::registry_search::RegistrySearch;

#[component]
pub fn ServicePicker() -> impl IntoView {
    let state = use_state();
    let presets = move || state.config.with(|c| c.services.clone());
    let selected = move || {
        let url = state.service_url.get();
        let norm = ServiceUrl::parse(&url)
            .map(|u| u.to_string())
            .unwrap_or(url);
        state
            .config
            .with(|c| {
                c.services
                    .iter()
                    .find(|s| s.url.trim_end_matches('/') == norm)
                    .map(|s| s.url.clone())
            })
            .unwrap_or_default()
    };
    let description = move || {
        let url = selected();
        state.config.with(|c| {
            c.services
                .iter()
                .find(|s| s.url == url)
                .map(|s| s.description.clone())
        })
    };
    let url_problem = move || ServiceUrl::parse(&state.service_url.get()).err();
    let searching = RwSignal::new(false);
    // The preselected service, on start.
    load_service(state);
    view! {
        <section class="panel" aria-labelledby="service-h">
            <h2 id="service-h">"TAP service"</h2>
            <label for="service-preset">"Service"</label>
            <select
                id="service-preset"
                prop:value=selected
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if !v.is_empty() {
                        state.service_url.set(v);
                        load_service(state);
                    }
                }
            >
                {move || {
                    presets()
                        .into_iter()
                        .map(|s| view! { <option value=s.url.clone()>{s.name.clone()}</option> })
                        .collect_view()
                }}
                <option value="">"Other service (type its URL below)"</option>
            </select>
            <label for="service-url">"Base URL"</label>
            <div class="row tight">
                <input
                    id="service-url"
                    class="grow"
                    type="url"
                    spellcheck="false"
                    placeholder="https://…/tap"
                    prop:value=move || state.service_url.get()
                    on:input=move |ev| state.service_url.set(event_target_value(&ev))
                    on:change=move |_| load_service(state)
                />
                <button type="button" id="find-services" aria-expanded=move || searching.get().to_string() on:click=move |_| searching.update(|s| *s = !*s)>
                    "Find services…"
                </button>
            </div>
            {move || description().filter(|d| !d.is_empty()).map(|d| view! { <p class="hint">{d}</p> })}
            {move || url_problem().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
            <ServiceSummary/>
            {move || searching.get().then(|| view! { <RegistrySearch on_pick=Callback::new(move |url: String| {
                state.service_url.set(url);
                searching.set(false);
                load_service(state);
            })/> })}
        </section>
    }
}

/// One line about the service: up or not, ADQL versions, limits, upload, UDFs.
#[component]
fn ServiceSummary() -> impl IntoView {
    let state = use_state();
    move || {
        let info = state.service.get();
        if info.url.is_empty() {
            return ().into_any();
        }
        if info.loading {
            return view! { <p class="status" role="status" id="service-status">"Asking the service about itself…"</p> }.into_any();
        }
        let avail = info.availability.as_ref().map(|a| {
            if a.available {
                "available".to_owned()
            } else {
                format!(
                    "says it is NOT available{}",
                    a.notes
                        .first()
                        .map(|n| format!(": {n}"))
                        .unwrap_or_default()
                )
            }
        });
        let caps = info.capabilities.clone();
        let facts: Vec<String> = caps
            .as_ref()
            .map(|c| {
                let mut f = Vec::new();
                for l in &c.languages {
                    f.push(format!("{} {}", l.name, l.versions.join("/")));
                }
                if let Some(d) = c.default_maxrec() {
                    f.push(format!(
                        "MAXREC {d}{}",
                        c.hard_maxrec()
                            .map(|h| format!(" (≤ {h})"))
                            .unwrap_or_default()
                    ));
                }
                f.push(if c.supports_upload() {
                    "upload ✓".into()
                } else {
                    "no upload".into()
                });
                let udfs = c.udf_names().len();
                if udfs > 0 {
                    f.push(format!("{udfs} user-defined functions"));
                }
                if let Some(r) = c.retention_default {
                    f.push(format!("async results kept {} h", r / 3600));
                }
                f
            })
            .unwrap_or_default();
        view! {
            <div class="service-summary" id="service-status">
                {avail.map(|a| {
                    let class = if a == "available" { "ok" } else { "field-error" };
                    view! { <p class=class id="service-availability">"Service " {a}</p> }
                })}
                {(!facts.is_empty()).then(|| view! { <p class="hint" id="service-facts">{facts.join(" · ")}</p> })}
                {info.problems.iter().map(|p| view! { <p class="hint warn">{p.clone()}</p> }).collect_view()}
            </div>
        }
        .into_any()
    }
}
