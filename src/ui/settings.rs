//! Settings a user may change: where Sesame is.

use leptos::prelude::*;

use super::state::use_state;
use super::storage;

#[component]
pub fn Settings() -> impl IntoView {
    let state = use_state();
    view! {
        <details class="panel settings">
            <summary>"Settings"</summary>
            <label for="sesame-url">"Sesame name resolver URL"</label>
            <input
                id="sesame-url"
                type="url"
                spellcheck="false"
                prop:value=move || state.sesame_url.get()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    storage::save("sesame_url", &v);
                    state.sesame_url.set(v);
                }
            />
            <button
                type="button"
                on:click=move |_| {
                    storage::remove("sesame_url");
                    state.sesame_url.set(state.config.with(|c| c.sesame_url.clone()));
                }
            >
                "Reset to the default"
            </button>
            <p class="hint">
                "The default is the deployment's choice; the public service is "
                <code>{crate::sesame::CDS_BASE}</code>
                "."
            </p>
        </details>
    }
}
