//! The service's schemas, tables and columns (VOSI /tables, lazily per table, or
//! TAP_SCHEMA), searchable; a click puts a name into the query.

use leptos::prelude::*;

use crate::standards::vosi::TableMeta;
use crate::ui::state::service::{ensure_columns, insert_into_query, query_table};
use crate::ui::state::use_state;

#[component]
pub fn SchemaBrowser() -> impl IntoView {
    let state = use_state();
    let filter = RwSignal::new(String::new());
    let open: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    view! {
        <details class="panel schema" id="schema-browser">
            <summary>
                "Tables of this service"
                {move || state.schema.with(|s| {
                    if s.loading {
                        " (loading…)".to_owned()
                    } else {
                        let n: usize = s.tables.schemas.iter().map(|x| x.tables.len()).sum();
                        format!(" ({n}, from {})", if s.source.is_empty() { "—" } else { &s.source })
                    }
                })}
            </summary>
            <label for="schema-filter">"Search table and column names"</label>
            <input id="schema-filter" type="search" placeholder="obscore, s_ra, energy…"
                prop:value=move || filter.get()
                on:input=move |ev| filter.set(event_target_value(&ev))/>
            {move || state.schema.with(|s| s.error.clone()).map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <ul class="tree" aria-label="Schemas and tables">
                {move || {
                    let needle = filter.get().to_lowercase();
                    let tables = state.schema.with(|s| s.tables.clone());
                    tables.schemas.iter().map(|schema| {
                        let visible: Vec<TableMeta> = schema.tables.iter().filter(|t| {
                            needle.is_empty()
                                || t.name.to_lowercase().contains(&needle)
                                || t.columns.iter().any(|c| c.name.to_lowercase().contains(&needle))
                        }).cloned().collect();
                        if visible.is_empty() && !needle.is_empty() {
                            return ().into_any();
                        }
                        view! {
                            <li class="schema-item">
                                <span class="schema-name" title=schema.description.clone().unwrap_or_default()>{schema.name.clone()}</span>
                                <ul>
                                    {visible.into_iter().map(|t| {
                                        let name = t.name.clone();
                                        let name_for_toggle = name.clone();
                                        let name_for_insert = name.clone();
                                        let is_open = {
                                            let n = name.clone();
                                            move || open.with(|o| o.contains(&n))
                                        };
                                        let is_open2 = is_open.clone();
                                        let is_open3 = is_open.clone();
                                        view! {
                                            <li class="table-item">
                                                <button type="button" class="toggle" aria-label=format!("columns of {name}")
                                                    aria-expanded=move || is_open3().to_string()
                                                    on:click=move |_| {
                                                        let n = name_for_toggle.clone();
                                                        open.update(|o| if let Some(p) = o.iter().position(|x| *x == n) { o.remove(p); } else { o.push(n.clone()); });
                                                        ensure_columns(state, &name_for_toggle);
                                                    }>{move || if is_open2() { "▾" } else { "▸" }}</button>
                                                <button type="button" class="link table-name" title=t.description.clone().unwrap_or_default()
                                                    on:click=move |_| insert_into_query(state, &name_for_insert)>{t.name.clone()}</button>
                                                <button type="button" class="query-table" title=format!("Replace the query with SELECT TOP 100 * FROM {}", t.name)
                                                    on:click={
                                                        let n = t.name.clone();
                                                        move |_| query_table(state, &n)
                                                    }>"Query"</button>
                                                {move || is_open().then(|| view! { <ColumnList table=name.clone()/> })}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </li>
                        }.into_any()
                    }).collect_view()
                }}
            </ul>
        </details>
    }
}

/// The columns of one table, from the shared schema state (updated when they arrive).
#[component]
fn ColumnList(table: String) -> impl IntoView {
    let state = use_state();
    move || {
        let t = state.schema.with(|s| s.tables.table(&table).cloned());
        match t {
            None => ().into_any(),
            Some(t) if t.columns.is_empty() => view! { <p class="hint">"loading columns…"</p> }.into_any(),
            Some(t) => view! {
                <table class="columns">
                    <thead><tr><th>"column"</th><th>"type"</th><th>"unit"</th><th>"UCD"</th><th>"indexed"</th><th>"description"</th></tr></thead>
                    <tbody>
                        {t.columns.iter().map(|c| {
                            let name = c.name.clone();
                            view! {
                                <tr>
                                    <td><button type="button" class="link" on:click=move |_| insert_into_query(state, &name)>{c.name.clone()}</button></td>
                                    <td>{c.datatype.clone().unwrap_or_default()}{c.arraysize.clone().map(|a| format!("[{a}]")).unwrap_or_default()}</td>
                                    <td>{c.unit.clone().unwrap_or_default()}</td>
                                    <td>{c.ucd.clone().unwrap_or_default()}</td>
                                    <td>{if c.indexed { "✓" } else { "" }}</td>
                                    <td class="desc">{c.description.clone().unwrap_or_default()}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
        }
    }
}
