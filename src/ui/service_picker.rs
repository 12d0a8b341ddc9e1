//! Which TAP service to ask: a preset list from the configuration, any URL, or one found
//! in the Registry; and what the service says about itself (VOSI), used by the other
//! panels (MAXREC default, upload, user-defined functions, tables).

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::registry_search::RegistrySearch;
use super::state::{use_state, AppState, Choices, SchemaState, ServiceInfo};
use super::tap_client;
use crate::standards::adql::obscore::distinct_values;
use crate::standards::tap::ServiceUrl;

/// Loads capabilities, availability, the table list and the ObsCore choice lists of the
/// service now in the URL field. Answers for a URL the user has since left are dropped.
pub fn load_service(state: AppState) {
    let Ok(service) = ServiceUrl::parse(&state.service_url.get_untracked()) else {
        return;
    };
    let url = service.to_string();
    if state
        .service
        .with_untracked(|s| s.url == url && (s.loading || s.capabilities.is_some()))
    {
        return;
    }
    state.service.set(ServiceInfo {
        url: url.clone(),
        loading: true,
        ..ServiceInfo::default()
    });
    state.schema.set(SchemaState {
        url: url.clone(),
        loading: true,
        ..SchemaState::default()
    });
    state.choices.set(Choices::default());
    let current = move |u: &str| {
        ServiceUrl::parse(&state.service_url.get_untracked()).is_ok_and(|s| s.as_str() == u)
    };
    spawn_local(async move {
        let mut info = ServiceInfo {
            url: url.clone(),
            ..ServiceInfo::default()
        };
        match tap_client::capabilities(&service).await {
            Ok(caps) => match caps.tap {
                Some(tap) => info.capabilities = Some(Arc::new(tap)),
                None => info
                    .problems
                    .push("its capabilities declare no TAP interface".into()),
            },
            Err(e) => info
                .problems
                .push(format!("capabilities could not be read ({e})")),
        }
        match tap_client::availability(&service).await {
            Ok(a) => info.availability = Some(a),
            Err(e) => info
                .problems
                .push(format!("availability could not be read ({e})")),
        }
        if !current(&url) {
            return;
        }
        // The service's own default MAXREC, unless the user typed one.
        if let Some(n) = info.capabilities.as_ref().and_then(|c| c.default_maxrec()) {
            if !state.maxrec_edited.get_untracked() {
                state.maxrec.set(n.to_string());
            }
        }
        state.service.set(info);
        let tables = tap_client::table_list(&service).await;
        if !current(&url) {
            return;
        }
        let has_obscore = tables
            .as_ref()
            .is_ok_and(|(t, _)| t.table("ivoa.obscore").is_some());
        state.schema.set(match tables {
            Ok((set, source)) => SchemaState {
                url: url.clone(),
                loading: false,
                tables: Arc::new(set),
                source: source.into(),
                error: None,
            },
            Err(e) => SchemaState {
                url: url.clone(),
                loading: false,
                error: Some(format!("The table list could not be read: {e}")),
                ..SchemaState::default()
            },
        });
        if !has_obscore {
            state.choices.set(Choices {
                note: Some(
                    "This service has no ivoa.obscore table: the observation filters do not apply."
                        .into(),
                ),
                ..Choices::default()
            });
            return;
        }
        let mut choices = Choices::default();
        for (column, slot) in [
            ("dataproduct_type", 0),
            ("obs_collection", 1),
            ("facility_name", 2),
        ] {
            match tap_client::sync_table(
                &service,
                &distinct_values("ivoa.obscore", column),
                Some(1000),
            )
            .await
            {
                Ok(t) => {
                    let values = tap_client::texts(&t, column);
                    match slot {
                        0 => choices.dataproduct_types = values,
                        1 => choices.collections = values,
                        _ => choices.facilities = values,
                    }
                }
                Err(e) => choices.note = Some(format!("The choice lists could not be filled: {e}")),
            }
        }
        if current(&url) {
            state.choices.set(choices);
        }
    });
}

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
