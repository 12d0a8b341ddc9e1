//! The query panel: the ADQL (generated from the target and observation filters, or
//! typed), TOP, MAXREC, tables to upload, and Run (sync or async). It only composes
//! widgets and calls the actions of `state::query` and `state::uws`.

use leptos::prelude::*;

use crate::ui::state::query::{cancel_query, regenerate, run_query};
use crate::ui::state::uws::{run_async, use_uws};
use crate::ui::state::{use_state, QueryState};
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
                <div class="row">
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
                    <button id="run" type="submit" class="primary" disabled=running>
                        {move || if running() { "Running…" } else { "Run" }}
                    </button>
                    <button type="button" id="cancel-query" class:hidden=move || !running()
                        on:click=move |_| cancel_query(state)>"Cancel"</button>
                    <RunAsyncButton/>
                </div>
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

/// The "Run async" button beside Run.
#[component]
pub fn RunAsyncButton() -> impl IntoView {
    let s = use_uws();
    view! {
        <button type="button" id="run-async" disabled=move || s.creating.with(|c| c.is_some())
            title="Run the query as an asynchronous (UWS) job: it may run longer than a sync query, survives a page reload, and can be aborted"
            on:click=move |_| run_async(s)>
            {move || if s.creating.with(|c| c.is_some()) { "Creating job…" } else { "Run async" }}
        </button>
    }
}
