//! "Copy link": a link that opens this service and query and runs it.

use leptos::prelude::*;

use crate::ui::state::address::state_url;
use crate::ui::state::boot::use_boot;
use crate::ui::state::use_state;

#[component]
pub fn ShareLink() -> impl IntoView {
    let state = use_state();
    let boot = use_boot();
    let shown: RwSignal<Option<String>> = RwSignal::new(None);
    let copy = move |_| {
        let url = state_url(state, &boot);
        crate::ui::util::copy_text(&url);
        shown.set(Some(url));
    };
    view! {
        <div class="share">
            <button type="button" id="copy-link" on:click=copy
                title="A link that opens this service and query and runs it">"Copy link"</button>
            {move || shown.get().map(|url| view! {
                <label for="share-url" class="visually-hidden">"Link to this query"</label>
                <input id="share-url" type="text" readonly prop:value=url
                    on:focus=move |ev| {
                        use wasm_bindgen::JsCast;
                        if let Some(i) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            i.select();
                        }
                    }/>
                <span class="hint" role="status">"Copied (or copy it from the box)."</span>
            })}
        </div>
    }
}
