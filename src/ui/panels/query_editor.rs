//! The query panel: the ADQL (generated from the target and observation filters, or
//! typed), TOP, MAXREC, tables to upload, and Run (sync or async). It only composes
//! widgets and calls the actions of `state::query` and `state::uws`.

use leptos::prelude::*;

use crate::ui::state::query::{cancel_query, has_query, regenerate, run_query};
use crate::ui::state::uws::{run_async, use_uws};
use crate::ui::state::{use_state, AppState, QueryState};
use crate::ui::widgets::adql_editor::AdqlEditor;
use crate::ui::widgets::uploads::Uploads;

#[component]
pub fn QueryEditor() -> impl IntoView {
    let state = use_state();
    let running = move || {
        state
            .query
            .with(|q| matches!(q, QueryState::Running { .. }))
    };
    let can_upload = move || {
        state
            .service
            .with(|s| s.capabilities.as_ref().is_none_or(|c| c.supports_upload()))
    };
    view! {
        <section class="panel" aria-labelledby="query-h">
            <h2 id="query-h">"Query"</h2>
            <form
                on:submit=move |ev| {
                    ev.prevent_default();
                    run_query(state);
                }
            >
                <AdqlEditor/>
                {move || state.form_error.get().map(|e| view! { <p class="field-error" role="alert" id="form-error">{e}</p> })}
                <div class="row run-bar">
                    <div>
                        <label for="top">"TOP"</label>
                        <input
                            id="top"
                            class="short"
                            type="text"
                            inputmode="numeric"
                            prop:value=move || state.top.get()
                            on:input=move |ev| {
                                state.top.set(event_target_value(&ev));
                                regenerate(state, false);
                            }
                        />
                    </div>
                    <div>
                        <label for="maxrec">"MAXREC"</label>
                        <input
                            id="maxrec"
                            class="short"
                            type="text"
                            inputmode="numeric"
                            prop:value=move || state.maxrec.get()
                            on:input=move |ev| {
                                state.maxrec.set(event_target_value(&ev));
                                state.maxrec_edited.set(true);
                            }
                        />
                    </div>
                    <div>
                        <label for="response-format">"Answer as"</label>
                        <select id="response-format" title="RESPONSEFORMAT: a VOTable is read while it arrives; a FITS table is read whole"
                            on:change=move |ev| state.response_format.set(event_target_value(&ev))>
                            <option value="" selected=move || state.response_format.get().is_empty()>"VOTable"</option>
                            <option value="fits" selected=move || state.response_format.get() == "fits">"FITS"</option>
                        </select>
                    </div>
                    <button
                        type="button"
                        id="regenerate"
                        disabled=move || !state.adql_edited.get()
                        title="Replace the ADQL with the query generated from the target and filters"
                        on:click=move |_| regenerate(state, true)
                    >
                        "Regenerate from form"
                    </button>
                    <button id="run" type="submit" class="primary"
                        disabled=move || running() || !has_query(state)
                        title=move || if has_query(state) { "Run the query (sync): the answer appears in Results" } else { "Nothing to run yet: resolve a target, set a filter or type ADQL" }>
                        {move || if running() { "Running…" } else { "Run" }}
                    </button>
                    <button type="button" id="cancel-query" class:hidden=move || !running()
                        on:click=move |_| cancel_query(state)>"Cancel"</button>
                    <RunAsyncButton/>
                </div>
                {move || (!has_query(state)).then(|| view! {
                    <p class="hint" id="run-hint">"Resolve a target, set a filter or type ADQL: then Run."</p>
                })}
                <p class="hint" id="limits-hint">{move || limits_text(state)}</p>
            </form>
            <crate::ui::widgets::share_link::ShareLink/>
            {move || {
                if can_upload() {
                    view! { <Uploads/> }.into_any()
                } else {
                    view! { <p class="hint" id="no-upload">"This service does not accept uploaded tables."</p> }.into_any()
                }
            }}
        </section>
    }
}

/// Why there are two limits: TOP is in the query, MAXREC is asked of the service.
fn limits_text(state: AppState) -> String {
    let top = state.top.get();
    let maxrec = state.maxrec.get();
    let hard = state
        .service
        .with(|s| s.capabilities.as_ref().and_then(|c| c.hard_maxrec()));
    let top_part = match top.trim() {
        "" => "No TOP: the query asks for every matching row".to_owned(),
        t => format!("TOP {t} is part of the query: at most {t} rows are asked for"),
    };
    let maxrec_part = match maxrec.trim() {
        "" => "no MAXREC: the service applies its default limit".to_owned(),
        m => format!("MAXREC {m} caps the rows the service returns (it says so when it cuts)"),
    };
    let hard_part = hard
        .map(|h| format!("; this service returns at most {h} rows whatever is asked"))
        .unwrap_or_default();
    format!("{top_part}; {maxrec_part}{hard_part}.")
}

/// The "Run async" button beside Run.
#[component]
pub fn RunAsyncButton() -> impl IntoView {
    let s = use_uws();
    view! {
        <button type="button" id="run-async"
            title="Run the query as an asynchronous (UWS) job: it may run longer than a sync query, survives a page reload, and can be aborted"
            disabled=move || s.creating.with(|c| c.is_some()) || !has_query(s.app)
            on:click=move |_| run_async(s)>
            {move || if s.creating.with(|c| c.is_some()) { "Creating job…" } else { "Run async" }}
        </button>
    }
}
