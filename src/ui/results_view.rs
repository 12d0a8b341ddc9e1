//! The right-hand side: what the last query gave — a table, a warning, or why not.

use leptos::prelude::*;

use super::results_table::ResultsTable;
use super::state::{use_state, QueryState};

fn human_bytes(n: usize) -> String {
    match n {
        n if n >= 1 << 30 => format!("{:.1} GB", n as f64 / (1u64 << 30) as f64),
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.0} kB", n as f64 / 1024.0),
        n => format!("{n} bytes"),
    }
}

#[component]
pub fn ResultsView() -> impl IntoView {
    let state = use_state();
    view! {
        <section class="panel results" aria-labelledby="results-h">
            <h2 id="results-h">"Results"</h2>
            {move || match state.query.get() {
                QueryState::Idle => {
                    view! { <p class="hint">"Run a query to see its result here."</p> }.into_any()
                }
                QueryState::Running { service, bytes, rows, preview } => {
                    let progress = if bytes == 0 {
                        format!("Querying {service}…")
                    } else {
                        format!("Reading the answer of {service}: {rows} rows, {} so far…", human_bytes(bytes))
                    };
                    view! {
                        <p class="status" role="status" id="query-running">{progress}</p>
                        {preview.map(|p| view! { <ResultsTable result=p/> })}
                    }
                        .into_any()
                }
                QueryState::Failed(msg) => {
                    view! { <div class="banner error" role="alert" id="query-error">{msg}</div> }.into_any()
                }
                QueryState::Done(result) => {
                    let rows = result.table.row_count();
                    let cols = result.table.fields.len();
                    let overflow = result.overflow.then(|| {
                        let limit = result
                            .maxrec
                            .map(|m| format!("MAXREC={m}"))
                            .unwrap_or_else(|| "the service's limit".into());
                        view! {
                            <div class="banner warning" role="alert" id="overflow">
                                "The result was truncated at " {limit}
                                ": the service has more rows. Raise MAXREC or narrow the query to see them all."
                            </div>
                        }
                    });
                    let warnings = (!result.warnings.is_empty()).then(|| {
                        let items = result
                            .warnings
                            .iter()
                            .map(|w| view! { <li>{w.clone()}</li> })
                            .collect_view();
                        view! {
                            <details class="banner note" id="parse-warnings">
                                <summary>{result.warnings.len()} " reading notes"</summary>
                                <ul>{items}</ul>
                            </details>
                        }
                    });
                    let table = result.clone();
                    view! {
                        <p class="summary" id="result-summary">
                            <span id="row-count">{rows}</span>
                            {if rows == 1 { " row" } else { " rows" }}
                            " · " {cols} " columns · " {format!("{:.0} ms", result.elapsed_ms)}
                            " · " <span class="service">{result.service.clone()}</span>
                        </p>
                        {overflow}
                        {warnings}
                        <ResultsTable result=table/>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
