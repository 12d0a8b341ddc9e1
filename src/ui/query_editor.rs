//! The ADQL, generated from the form or typed, and the Run button.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::{use_state, AppState, QueryState, ResultSet};
use crate::adql::ConeQuery;
use crate::net;
use crate::tap::{self, ServiceUrl, SyncQuery};

/// Parses an optional positive count typed by the user.
fn count(text: &str, what: &str) -> Result<Option<u64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<u64>()
        .map(Some)
        .map_err(|_| format!("{what} must be a whole number, not {t:?}"))
}

/// The cone query for the resolved position and the typed radius and TOP.
pub fn generated_adql(state: AppState) -> Result<Option<String>, String> {
    let Some(p) = state.position.get_untracked() else {
        return Ok(None);
    };
    let radius_text = state.radius.get_untracked();
    let radius: f64 = radius_text.trim().parse().map_err(|_| {
        format!(
            "The radius must be a number of degrees, not {:?}",
            radius_text.trim()
        )
    })?;
    let top = count(&state.top.get_untracked(), "TOP")?;
    ConeQuery::obscore(p.ra, p.dec, radius, top)
        .to_adql()
        .map(Some)
        .map_err(|e| e.to_string())
}

/// Rewrites the ADQL from the form, unless the user edited it (or `force`).
pub fn regenerate(state: AppState, force: bool) {
    if state.adql_edited.get_untracked() && !force {
        return;
    }
    match generated_adql(state) {
        Ok(Some(q)) => {
            state.adql.set(q);
            state.adql_edited.set(false);
            state.form_error.set(None);
        }
        Ok(None) => state.form_error.set(None),
        Err(e) => state.form_error.set(Some(e)),
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Sends the ADQL to the service's /sync endpoint and records the outcome.
pub fn run_query(state: AppState) {
    let service = match ServiceUrl::parse(&state.service_url.get_untracked()) {
        Ok(s) => s,
        Err(e) => {
            state.query.set(QueryState::Failed(e));
            return;
        }
    };
    let adql = state.adql.get_untracked();
    if adql.trim().is_empty() {
        state.query.set(QueryState::Failed(
            "There is no query to run: resolve a target, or type ADQL.".into(),
        ));
        return;
    }
    let maxrec = match count(&state.maxrec.get_untracked(), "MAXREC") {
        Ok(m) => m,
        Err(e) => {
            state.query.set(QueryState::Failed(e));
            return;
        }
    };
    let mut query = SyncQuery::new(service.clone(), adql.clone());
    query.maxrec = maxrec;
    let id = state.run_id.get_untracked() + 1;
    state.run_id.set(id);
    state.query.set(QueryState::Running {
        service: service.to_string(),
    });
    spawn_local(async move {
        let started = now_ms();
        let outcome = match net::post_form(&query.url(), &query.params()).await {
            Err(e) => Err(e.to_string()),
            Ok(r) => tap::read_result(r.status, &r.body).map_err(|e| e.to_string()),
        };
        if state.run_id.get_untracked() != id {
            return;
        }
        let next = match outcome {
            Err(msg) => QueryState::Failed(msg),
            Ok(mut result) => {
                let infos = result
                    .doc
                    .all_infos()
                    .into_iter()
                    .map(|i| (i.name.clone(), i.value.clone(), i.content.clone()))
                    .collect();
                let table = result.doc.take_results_table().unwrap_or_default();
                QueryState::Done(Arc::new(ResultSet {
                    table,
                    overflow: result.overflow,
                    warnings: std::mem::take(&mut result.doc.warnings),
                    infos,
                    service: service.to_string(),
                    adql,
                    maxrec,
                    elapsed_ms: now_ms() - started,
                }))
            }
        };
        state.query.set(next);
    });
}

#[component]
pub fn QueryEditor() -> impl IntoView {
    let state = use_state();
    let running = move || matches!(state.query.get(), QueryState::Running { .. });
    view! {
        <section class="panel" aria-labelledby="query-h">
            <h2 id="query-h">"Query"</h2>
            <form
                on:submit=move |ev| {
                    ev.prevent_default();
                    run_query(state);
                }
            >
                <label for="adql">"ADQL"</label>
                <textarea
                    id="adql"
                    rows="6"
                    spellcheck="false"
                    placeholder="Resolve a target to generate an ObsCore cone search, or type any ADQL query."
                    prop:value=move || state.adql.get()
                    on:input=move |ev| {
                        state.adql.set(event_target_value(&ev));
                        state.adql_edited.set(true);
                    }
                ></textarea>
                {move || state.form_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
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
                            on:input=move |ev| state.maxrec.set(event_target_value(&ev))
                        />
                    </div>
                    <button
                        type="button"
                        id="regenerate"
                        disabled=move || !state.adql_edited.get()
                        title="Replace the ADQL with the query generated from the target form"
                        on:click=move |_| regenerate(state, true)
                    >
                        "Regenerate from form"
                    </button>
                    <button id="run" type="submit" class="primary" disabled=running>
                        {move || if running() { "Running…" } else { "Run" }}
                    </button>
                </div>
            </form>
        </section>
    }
}
