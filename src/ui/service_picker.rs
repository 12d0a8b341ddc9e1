//! Which TAP service to ask: a preset list from the configuration, or any URL.

use leptos::prelude::*;

use super::state::use_state;
use crate::tap::ServiceUrl;

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
    let url_problem = move || {
        let url = state.service_url.get();
        ServiceUrl::parse(&url).err()
    };
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
            <input
                id="service-url"
                type="url"
                spellcheck="false"
                placeholder="https://…/tap"
                prop:value=move || state.service_url.get()
                on:input=move |ev| state.service_url.set(event_target_value(&ev))
            />
            {move || description().filter(|d| !d.is_empty()).map(|d| view! { <p class="hint">{d}</p> })}
            {move || url_problem().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
        </section>
    }
}
