//! The ADQL, generated from the form or typed, and the Run button.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::{use_state, AppState, QueryState, ResultSet};
use crate::adql::ConeQuery;
use crate::net::{self, StreamError};
use crate::tap::{self, ServiceUrl, SyncQuery, TapError};
use crate::votable::{StreamReader, VoTableError};

/// Rows shown while the answer still arrives.
const PREVIEW_ROWS: usize = 100;

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
    let service_name = service.to_string();
    state.query.set(QueryState::Running {
        service: service_name.clone(),
        bytes: 0,
        rows: 0,
        preview: None,
    });
    spawn_local(async move {
        let started = now_ms();
        let mut reader = StreamReader::new();
        // The start of the body, kept for the text of an error page.
        let mut head_bytes: Vec<u8> = Vec::new();
        let mut last_update = started;
        let streamed = net::post_form_streaming(&query.url(), &query.params(), |_, chunk| {
            if head_bytes.len() < 64 * 1024 {
                head_bytes.extend_from_slice(&chunk[..chunk.len().min(64 * 1024)]);
            }
            reader.feed(chunk)?;
            let now = now_ms();
            if now - last_update > 150.0 && state.run_id.get_untracked() == id {
                last_update = now;
                let preview = reader.preview(PREVIEW_ROWS).map(|table| {
                    Arc::new(ResultSet {
                        table,
                        overflow: false,
                        warnings: Vec::new(),
                        infos: Vec::new(),
                        service: service_name.clone(),
                        adql: adql.clone(),
                        maxrec,
                        elapsed_ms: now - started,
                    })
                });
                state.query.set(QueryState::Running {
                    service: service_name.clone(),
                    bytes: reader.bytes_received(),
                    rows: reader.rows_read(),
                    preview,
                });
            }
            Ok::<(), VoTableError>(())
        })
        .await;
        if state.run_id.get_untracked() != id {
            return;
        }
        let outcome = match streamed {
            Err(StreamError::Net(e)) => Err(e.to_string()),
            Err(StreamError::Consumer(e)) => Err(TapError::BadVoTable {
                status: 200,
                error: e,
            }
            .to_string()),
            Ok(head) => tap::read_parsed(head.status, reader.finish(), &head_bytes)
                .map_err(|e| e.to_string()),
        };
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
    let running = move || {
        state
            .query
            .with(|q| matches!(q, QueryState::Running { .. }))
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
