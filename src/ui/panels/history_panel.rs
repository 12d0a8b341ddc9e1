//! The queries run before, newest first, kept in the browser's local storage: one click
//! puts a query back in the editor (with its service), another runs it again.

use leptos::prelude::*;

use crate::app::history::summary;
use crate::ui::state::history::reuse_entry;
use crate::ui::state::storage;
use crate::ui::state::use_state;

#[component]
pub fn HistoryPanel() -> impl IntoView {
    let state = use_state();
    let count = move || state.history.with(|h| h.entries.len());
    let rows = move || {
        state.history.with(|h| {
            h.entries
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let e = e.clone();
                    let (e_use, e_run) = (e.clone(), e.clone());
                    let outcome = match (&e.rows, &e.error) {
                        (Some(n), _) => format!("{n} rows"),
                        (None, Some(err)) => format!("failed: {err}"),
                        (None, None) => String::new(),
                    };
                    let when = e.at.get(..16).unwrap_or(&e.at).replace('T', " ");
                    view! {
                        <li class="history-entry">
                            <code class="history-adql" title=e.adql.clone()>{summary(&e.adql, 90)}</code>
                            <span class="hint">{format!("{when} · {} · {outcome}", e.service)}</span>
                            <span class="row tight">
                                <button type="button" class="history-use"
                                    on:click=move |_| reuse_entry(state, &e_use)>"Use"</button>
                                <button type="button" class="history-run"
                                    on:click=move |_| {
                                        reuse_entry(state, &e_run);
                                        crate::ui::state::query::run_query(state);
                                    }>"Run again"</button>
                                <button type="button" class="history-remove"
                                    aria-label=format!("Remove {} from the history", summary(&e.adql, 40))
                                    on:click=move |_| {
                                        state.history.update(|h| h.remove(i));
                                        state.history.with_untracked(|h| storage::save("history", &h.to_json()));
                                    }>"Remove"</button>
                            </span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="panel" aria-labelledby="history-h">
            <details id="history">
                <summary><h2 id="history-h" class="inline">"History " <span class="hint">{move || format!("({})", count())}</span></h2></summary>
                {move || (count() == 0).then(|| view! { <p class="hint">"The queries you run are listed here, on this computer only."</p> })}
                <ol class="history-list">{rows}</ol>
                <button type="button" id="history-clear" disabled=move || count() == 0
                    on:click=move |_| {
                        state.history.update(|h| h.entries.clear());
                        storage::remove("history");
                    }>"Clear history"</button>
            </details>
        </section>
    }
}
