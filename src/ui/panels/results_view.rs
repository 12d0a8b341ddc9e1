//! The right-hand side: what the last query gave — a table, plots, its provenance and
//! exports — or why it gave nothing.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::export::{self, Provenance};
use crate::ui::state::result_context::ResultContext;
use crate::ui::state::{use_state, QueryState, ResultSet, ANSWER_ID};
use crate::ui::util::{copy_text, download};
use crate::ui::widgets::aggregates::Aggregates;
use crate::ui::widgets::job_card::AsyncQueryCard;
use crate::ui::widgets::open_file::OpenFile;
use crate::ui::widgets::plots::Plots;
use crate::ui::widgets::results_table::ResultsTable;

use crate::app::launch::View as Tab;

fn provenance(r: &ResultSet) -> Provenance {
    Provenance {
        service: r.service.clone(),
        adql: r.adql.clone(),
        queried_at: r.queried_at.clone(),
        rows: r.table.row_count(),
        maxrec: r.maxrec,
        overflow: r.overflow,
        infos: r.infos.clone(),
    }
}

#[component]
fn Workspace(result: Arc<ResultSet>) -> impl IntoView {
    crate::ui::util::perf_mark("voscope:workspace-start");
    let ctx = ResultContext::new(result.clone());
    crate::ui::util::perf_mark("voscope:context-ready");
    crate::ui::state::samp::attach(ctx, result.clone());
    let state = use_state();
    let tab = state.result_view;
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
                ": the service has more rows. Raise MAXREC or narrow the query, or look at all of them below with service-side aggregates."
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
    let snippet: RwSignal<Option<(String, String)>> = RwSignal::new(None);
    let prov = provenance(&result);
    let r_vot = result.clone();
    let p_vot = prov.clone();
    let (svc, adql, maxrec) = (result.service.clone(), result.adql.clone(), result.maxrec);
    let (svc2, adql2) = (svc.clone(), adql.clone());
    let adql3 = adql.clone();
    let show = move |label: &str, text: String| {
        copy_text(&text);
        snippet.set(Some((label.to_owned(), text)));
    };
    let infos = result.infos.clone();
    let params: Vec<(String, String, String)> = {
        let mut v = Vec::new();
        for p in &result.params {
            v.push(p.clone());
        }
        v
    };
    view! {
        <p class="summary" id="result-summary">
            <span id="row-count">{rows}</span>
            {if rows == 1 { " row" } else { " rows" }}
            " · " {cols} " columns · " {match &result.job_note {
                Some(n) => format!("{n}; result downloaded in {:.0} ms", result.elapsed_ms),
                None => format!("{:.0} ms", result.elapsed_ms),
            }}
            " · " <span class="service">{result.service.clone()}</span>
        </p>
        {overflow}
        {(rows == 0 && result.adql.contains("INTERSECTS(s_region")).then(|| view! {
            <div class="banner note" role="status" id="no-field-match">
                "No observation's field of view (s_region) meets the cone. If this service leaves s_region empty, test the pointing instead: "
                <button type="button" id="retry-pointing" on:click=move |_| {
                    state.cone_test.set("pointing".into());
                    crate::ui::state::query::regenerate(state, true);
                    crate::ui::state::query::run_query(state);
                }>"Test the pointing and run again"</button>
            </div>
        })}
        {result.overflow.then(|| view! { <Aggregates ctx=ctx/> })}
        {warnings}
        <div class="row tight export">
            <span class="hint">"Export:"</span>
            <button type="button" id="export-votable" on:click=move |_| {
                let bytes = export::votable(&r_vot.table, &p_vot);
                let _ = download("voscope-result.vot", "application/x-votable+xml", &bytes);
            }>"VOTable"</button>
            <crate::ui::widgets::results_table::CsvExport ctx=ctx/>
            <button type="button" id="copy-curl" on:click=move |_| show("curl", export::curl(&svc, &adql, maxrec))>"copy as curl"</button>
            <button type="button" id="copy-pyvo" on:click=move |_| show("pyvo", export::pyvo(&svc2, &adql2, maxrec))>"copy as pyvo"</button>
            <button type="button" id="copy-adql" on:click=move |_| show("ADQL", adql3.clone())>"copy ADQL"</button>
        </div>
        <QuicklookSelected ctx=ctx/>
        {move || snippet.get().map(|(label, text)| view! {
            <div class="snippet">
                <label for="snippet-text">{label} " (copied to the clipboard)"</label>
                <textarea id="snippet-text" readonly rows="6" prop:value=text></textarea>
            </div>
        })}
        <div class="tabs" role="tablist" aria-label="Result views" on:keydown=move |ev| crate::ui::util::tablist_keys(&ev)>
            {[(Tab::Table, "Table", "tab-table", "table-panel"), (Tab::Plots, "Plots", "tab-plots", "plots"), (Tab::Provenance, "Provenance", "tab-provenance", "provenance")]
                .into_iter()
                .map(|(t, label, id, panel)| view! {
                    <button type="button" role="tab" id=id aria-selected=move || (tab.get() == t).to_string()
                        aria-controls=move || (tab.get() == t).then_some(panel) tabindex=move || if tab.get() == t { "0" } else { "-1" }
                        class:active=move || tab.get() == t on:click=move |_| tab.set(t)>{label}</button>
                })
                .collect_view()}
        </div>
        <div class:hidden=move || tab.get() != Tab::Table id="table-panel" role="tabpanel" aria-labelledby="tab-table">
            <ResultsTable result=result.clone() ctx=ctx/>
        </div>
        {move || (tab.get() == Tab::Plots).then(|| view! { <Plots ctx=ctx/> })}
        {move || (tab.get() == Tab::Provenance).then(|| {
            let infos = infos.clone();
            let params = params.clone();
            let prov = prov.clone();
            view! {
                <div class="provenance" id="provenance" role="tabpanel" aria-labelledby="tab-provenance" tabindex="0">
                    <dl>
                        <dt>"Service"</dt><dd>{prov.service.clone()}</dd>
                        <dt>"Queried at (UTC)"</dt><dd>{prov.queried_at.clone()}</dd>
                        <dt>"Rows"</dt><dd>{prov.rows}{prov.overflow.then_some(" (truncated)")}</dd>
                        <dt>"MAXREC"</dt><dd>{prov.maxrec.map(|m| m.to_string()).unwrap_or_else(|| "service default".into())}</dd>
                        <dt>"ADQL"</dt><dd><pre>{prov.adql.clone()}</pre></dd>
                    </dl>
                    <h3>"INFOs of the answer"</h3>
                    <table class="columns"><thead><tr><th>"name"</th><th>"value"</th><th>"content"</th></tr></thead>
                        <tbody>{infos.into_iter().map(|(n, v, c)| view! { <tr><td>{n}</td><td>{v}</td><td>{c}</td></tr> }).collect_view()}</tbody>
                    </table>
                    <h3>"PARAMs of the answer"</h3>
                    <table class="columns"><thead><tr><th>"name"</th><th>"value"</th><th>"unit"</th></tr></thead>
                        <tbody>{params.into_iter().map(|(n, v, u)| view! { <tr><td>{n}</td><td>{v}</td><td>{u}</td></tr> }).collect_view()}</tbody>
                    </table>
                    <p class="hint">"Exported VOTables carry this provenance as INFO elements."</p>
                </div>
            }
        })}
    }
}

/// "Quick-look selected runs": the event lists behind the selected rows (or all rows
/// when none is selected), stacked in the quick-look; rows without one are said.
#[component]
fn QuicklookSelected(ctx: ResultContext) -> impl IntoView {
    let q = crate::ui::state::quicklook::use_quicklook();
    let note: RwSignal<Option<String>> = RwSignal::new(None);
    // Decided without labelling every row: a 10^6-row answer took 1.2 s here before.
    let has_events = ctx
        .result
        .with_value(|r| crate::app::quicklook::products::has_event_product(&r.table));
    let count = move || ctx.selection.with(|s| s.len());
    let open = move |_| {
        let rows = ctx.selection.with_untracked(|s| s.rows());
        let rows = if rows.is_empty() {
            ctx.rows.get_untracked().to_vec()
        } else {
            rows
        };
        let (found, skipped) = ctx
            .result
            .with_value(|r| crate::app::quicklook::products::event_products(&r.table, &rows));
        note.set((!skipped.is_empty()).then(|| {
            let first: Vec<String> = skipped.iter().take(3).map(|(_, w)| w.clone()).collect();
            format!(
                "{} row{} left out: {}{}",
                skipped.len(),
                if skipped.len() == 1 { "" } else { "s" },
                first.join("; "),
                if skipped.len() > 3 { "; …" } else { "" }
            )
        }));
        use crate::app::quicklook::products::Product;
        use crate::ui::state::quicklook::Source;
        let sources = found
            .into_iter()
            .map(|p| match p.product {
                Product::EventList(url) => Source::Url {
                    label: p.label,
                    url,
                },
                Product::DataLink(url) => Source::DataLink {
                    label: p.label,
                    url,
                },
            })
            .collect();
        q.open(sources);
    };
    has_events.then(|| view! {
        <div class="row tight quicklook-open">
            <button type="button" id="quicklook-selected" on:click=open>
                {move || match count() {
                    0 => "Quick-look all runs shown".to_owned(),
                    1 => "Quick-look the selected run".to_owned(),
                    n => format!("Quick-look {n} selected runs"),
                }}
            </button>
            <span class="hint">"Counts map, θ², spectrum, light curve and IRFs of the event lists, in this page."</span>
            {move || note.get().map(|n| view! { <p class="hint" role="status" id="quicklook-skipped">{n}</p> })}
        </div>
    })
}

#[component]
pub fn ResultsView() -> impl IntoView {
    let state = use_state();
    let running = Memo::new(move |_| {
        state
            .query
            .with(|q| matches!(q, QueryState::Running { .. }))
    });
    view! {
        <section class="panel results" aria-labelledby="results-h">
            <div class="row tight results-head">
                <h2 id="results-h">"Results"</h2>
                <OpenFile/>
            </div>
            // Outside the view below, which is made anew with every progress step: the
            // button stays the same element while the answer arrives.
            {move || running.get().then(|| view! {
                <button type="button" id="cancel-running"
                    on:click=move |_| crate::ui::state::query::cancel_query(state)>"Cancel"</button>
            })}
            <div id=ANSWER_ID class="answer" tabindex="-1" aria-label="The answer">
            {move || match state.query.get() {
                QueryState::Idle => {
                    view! { <p class="hint">"Run a query to see its result here."</p> }.into_any()
                }
                QueryState::Running { service, preview } => {
                    // Only this line follows the progress; the preview is drawn once per
                    // change of its rows.
                    let file = service.starts_with("file ");
                    let progress = move || state.progress.with(|p| match (p.done > 0.0, file) {
                        (false, false) => format!("Querying {service}…"),
                        (false, true) => format!("Reading {service}…"),
                        (true, false) => format!("Reading the answer of {service}: {}…", p.describe()),
                        (true, true) => format!("Reading {service}: {}…", p.describe()),
                    });
                    view! {
                        <p class="status" role="status" id="query-running">{progress}</p>
                        {preview.map(|p| view! { <ResultsTable result=p/> })}
                    }
                        .into_any()
                }
                QueryState::Failed(msg) => {
                    // A service that cannot run the field-of-view test (its ADQL translator
                    // refuses INTERSECTS on s_region): the pointing test is one click away.
                    let field = state.adql.with_untracked(|q| q.contains("INTERSECTS(s_region"))
                        && !state.adql_edited.get_untracked();
                    view! {
                        <div class="banner error" role="alert" id="query-error">{msg}</div>
                        {field.then(|| view! {
                            <div class="banner note" id="field-test-refused">
                                "The query tested the observations' field of view (s_region); this service may not support that test. "
                                <button type="button" id="retry-pointing-after-error" on:click=move |_| {
                                    state.cone_test.set("pointing".into());
                                    crate::ui::state::query::regenerate(state, true);
                                    crate::ui::state::query::run_query(state);
                                }>"Test the pointing and run again"</button>
                            </div>
                        })}
                    }.into_any()
                }
                QueryState::Cancelled(msg) => {
                    view! { <div class="banner note" role="status" id="query-cancelled">{msg}</div> }.into_any()
                }
                QueryState::Job(key) => view! { <AsyncQueryCard key=key/> }.into_any(),
                QueryState::Done(result) => view! { <Workspace result=result/> }.into_any(),
            }}
            </div>
        </section>
    }
}
