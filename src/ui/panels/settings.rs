//! Settings a user may change: which Sesame mirror resolves names.

use leptos::prelude::*;

use crate::ui::state::storage;
use crate::ui::state::use_state;

#[component]
pub fn Settings() -> impl IntoView {
    let state = use_state();
    let mirrors = move || state.config.with(|c| c.sesame_mirrors.clone());
    let set_url = move |v: String| {
        storage::save("sesame_url", &v);
        state.sesame_url.set(v);
    };
    view! {
        <details class="panel settings">
            <summary>"Settings"</summary>
            <label for="sesame-mirror">"Sesame mirror"</label>
            <select id="sesame-mirror" prop:value=move || state.sesame_url.get()
                on:change=move |ev| set_url(event_target_value(&ev))>
                {move || mirrors().into_iter().map(|m| view! { <option value=m.url.clone()>{m.name.clone()}</option> }).collect_view()}
                {move || {
                    let url = state.sesame_url.get();
                    (!mirrors().iter().any(|m| m.url == url)).then(|| view! { <option value=url.clone()>{url.clone()}</option> })
                }}
            </select>
            <label for="sesame-url">"Sesame name resolver URL"</label>
            <input
                id="sesame-url"
                type="url"
                spellcheck="false"
                prop:value=move || state.sesame_url.get()
                on:change=move |ev| set_url(event_target_value(&ev))
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
                "Names are resolved by CDS Sesame; answers are kept for this session. The public service is "
                <code>{crate::standards::sesame::CDS_BASE}</code>
                "."
            </p>
        </details>
    }
}
