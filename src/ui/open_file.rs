//! Opening a VOTable from disk straight into the results view: a table saved earlier,
//! one a colleague sent, or a file from another tool — read by the same reader and shown
//! with the same table, plots and exports as a query's answer.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::{use_state, QueryState, ResultSet};
use super::util::{now_iso, perf_mark, read_file, sleep_ms, take_chosen_file};
use crate::tap;

#[component]
pub fn OpenFile() -> impl IntoView {
    let state = use_state();
    let on_file = move |ev: web_sys::Event| {
        let Some(file) = take_chosen_file(&ev) else {
            return;
        };
        let name = file.name();
        let id = state.run_id.get_untracked() + 1;
        state.run_id.set(id);
        state.query.set(QueryState::Running {
            service: name.clone(),
            bytes: 0,
            rows: 0,
            preview: None,
        });
        spawn_local(async move {
            // Let the "reading" status paint before the parse holds the thread.
            sleep_ms(0).await;
            let started = js_sys::Date::now();
            let queried_at = now_iso();
            let next = match read_file(&file).await {
                Err(e) => QueryState::Failed(e),
                Ok(bytes) => match tap::read_result(200, &bytes) {
                    Err(e) => QueryState::Failed(format!("{name}: {e}")),
                    Ok(answer) if answer.doc.tables().is_empty() => {
                        QueryState::Failed(format!("{name} is a VOTable but holds no table"))
                    }
                    Ok(answer) => {
                        let result = ResultSet::from_answer(
                            answer,
                            format!("file {name}"),
                            String::new(),
                            None,
                            js_sys::Date::now() - started,
                            queried_at,
                        );
                        perf_mark("voscope:result-ready");
                        QueryState::Done(Arc::new(result))
                    }
                },
            };
            if state.run_id.get_untracked() == id {
                state.query.set(next);
            }
        });
    };
    view! {
        <div class="open-file">
            <label for="open-votable">"Open a VOTable file"</label>
            <input id="open-votable" type="file" accept=".xml,.vot,.votable,application/x-votable+xml,text/xml"
                on:change=on_file/>
        </div>
    }
}
