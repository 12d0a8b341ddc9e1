//! Finding a TAP service by keyword in the IVOA Registry (RegTAP).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::net::tap as tap_client;
use crate::standards::registry::{read_hits, tap_search_query, ServiceHit};
use crate::standards::tap::ServiceUrl;
use crate::ui::state::use_state;

#[component]
pub fn RegistrySearch(on_pick: Callback<String>) -> impl IntoView {
    let state = use_state();
    let registry = RwSignal::new(state.config.with_untracked(|c| c.registry_url.clone()));
    let words = RwSignal::new(String::from("gamma"));
    let hits: RwSignal<Option<Result<Vec<ServiceHit>, String>>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let search = move || {
        let Ok(reg) = ServiceUrl::parse(&registry.get_untracked()) else {
            hits.set(Some(Err("The registry URL is not an http(s) URL.".into())));
            return;
        };
        let adql = match tap_search_query(&words.get_untracked(), 200) {
            Ok(q) => q,
            Err(e) => {
                hits.set(Some(Err(e)));
                return;
            }
        };
        busy.set(true);
        spawn_local(async move {
            let result = tap_client::sync_table(&reg, &adql, Some(1000))
                .await
                .map(|t| read_hits(&t));
            hits.set(Some(
                result.map_err(|e| format!("The registry could not be searched: {e}")),
            ));
            busy.set(false);
        });
    };
    view! {
        <div class="registry" role="region" aria-label="Find TAP services in the Registry">
            <form class="row tight" on:submit=move |ev| { ev.prevent_default(); search(); }>
                <div class="grow">
                    <label for="registry-words">"Words to look for"</label>
                    <input id="registry-words" type="search" prop:value=move || words.get()
                        on:input=move |ev| words.set(event_target_value(&ev))/>
                </div>
                <button type="submit" id="registry-search" disabled=move || busy.get()>
                    {move || if busy.get() { "Searching…" } else { "Search" }}
                </button>
            </form>
            <details>
                <summary class="hint">"Registry"</summary>
                <label for="registry-url">"RegTAP service"</label>
                <input id="registry-url" type="url" prop:value=move || registry.get()
                    on:input=move |ev| registry.set(event_target_value(&ev))/>
            </details>
            {move || hits.get().map(|h| match h {
                Err(e) => view! { <p class="field-error" role="alert">{e}</p> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p class="hint">"No TAP service matches."</p> }.into_any(),
                Ok(list) => view! {
                    <p class="hint" id="registry-count">{list.len()} " TAP services and tables"</p>
                    <ul class="registry-hits">
                        {list.into_iter().map(|hit| {
                            let url = hit.access_url.clone();
                            let aux = hit.standard_id.ends_with("#aux");
                            view! {
                                <li>
                                    <button type="button" class="link" title=hit.description.clone()
                                        on:click=move |_| on_pick.run(url.clone())>
                                        {hit.title.clone()}
                                    </button>
                                    <span class="hint">
                                        {if aux { " (a table of " } else { " (" }}
                                        {hit.access_url.clone()}
                                        ")"
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </div>
    }
}
