//! The result as an HTML table, a page of rows at a time.
//!
//! Column headers carry the FIELD's name, unit and (as a tooltip) UCD and description.
//! Cells are text; http(s) values become links, anything else never does.

use std::sync::Arc;

use leptos::prelude::*;

use super::state::ResultSet;
use crate::votable::display::cell_text;
use crate::votable::Field;

pub const PAGE_SIZE: usize = 100;

fn tooltip(f: &Field) -> String {
    let mut parts = Vec::new();
    if let Some(d) = &f.description {
        parts.push(d.clone());
    }
    let mut meta = vec![format!(
        "{}{}",
        f.datatype,
        f.arraysize
            .as_ref()
            .map(|a| format!("[{a}]"))
            .unwrap_or_default()
    )];
    if let Some(u) = &f.unit {
        meta.push(format!("unit {u}"));
    }
    if let Some(u) = &f.ucd {
        meta.push(format!("UCD {u}"));
    }
    if let Some(u) = &f.utype {
        meta.push(format!("utype {u}"));
    }
    if let Some(x) = &f.xtype {
        meta.push(format!("xtype {x}"));
    }
    parts.push(meta.join(" · "));
    parts.join("\n")
}

/// Only http and https values are ever made links.
pub fn is_web_link(text: &str) -> bool {
    let lower = text
        .trim_start()
        .get(..8)
        .unwrap_or("")
        .to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !text.contains(char::is_whitespace)
}

#[component]
pub fn ResultsTable(result: Arc<ResultSet>) -> impl IntoView {
    let rows = result.table.row_count();
    let pages = rows.div_ceil(PAGE_SIZE).max(1);
    let page = RwSignal::new(0usize);
    let at_last_page = move || page.get() + 1 >= pages;
    let header = result
        .table
        .fields
        .iter()
        .map(|f| {
            let unit = f.unit.clone().filter(|u| !u.trim().is_empty());
            view! {
                <th scope="col" title=tooltip(f)>
                    <span class="name">{f.name.clone()}</span>
                    {unit.map(|u| view! { <span class="unit">{u}</span> })}
                </th>
            }
        })
        .collect_view();
    let body_result = result.clone();
    let body = move || {
        let table = &body_result.table;
        let start = page.get() * PAGE_SIZE;
        let end = (start + PAGE_SIZE).min(rows);
        (start..end)
            .map(|r| {
                let cells = table
                    .fields
                    .iter()
                    .zip(&table.columns)
                    .map(|(f, c)| {
                        let text = cell_text(c, f, r);
                        if is_web_link(&text) {
                            let href = text.clone();
                            view! {
                                <td>
                                    <a href=href target="_blank" rel="noopener noreferrer">{text}</a>
                                </td>
                            }
                                .into_any()
                        } else if c.is_null(r) {
                            view! { <td class="null"></td> }.into_any()
                        } else {
                            view! { <td>{text}</td> }.into_any()
                        }
                    })
                    .collect_view();
                view! { <tr>{cells}</tr> }
            })
            .collect_view()
    };
    view! {
        <div class="table-tools">
            <button
                type="button"
                id="prev-page"
                disabled=move || page.get() == 0
                on:click=move |_| page.update(|p| *p = p.saturating_sub(1))
            >
                "◀ Previous"
            </button>
            <span id="page-info">
                {move || {
                    let start = page.get() * PAGE_SIZE;
                    if rows == 0 {
                        "no rows".to_owned()
                    } else {
                        format!("rows {}–{} of {}", start + 1, (start + PAGE_SIZE).min(rows), rows)
                    }
                }}
            </span>
            <button
                type="button"
                id="next-page"
                disabled=at_last_page
                on:click=move |_| page.update(|p| *p = (*p + 1).min(pages - 1))
            >
                "Next ▶"
            </button>
        </div>
        <div class="table-scroll">
            <table class="results-table">
                <thead>
                    <tr>{header}</tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
