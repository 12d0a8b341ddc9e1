//! The ADQL editor: a textarea over a highlighted copy of its text, a live syntax check
//! that marks the first error with its line and column, and completion of tables,
//! columns, functions and keywords (Ctrl+Space, or while typing a name).

use leptos::prelude::*;

use crate::standards::adql::editor::{
    byte_offset, completions, highlight, tables_in, utf16_offset, word_at, Completion,
    CompletionKind, KnownTable,
};
use crate::standards::adql::{check, lint, service::dialect_for, Dialect};
use crate::ui::state::service::ensure_columns;
use crate::ui::state::{use_state, AppState};

/// The dialect of the current service: its declared UDFs, optional features and known
/// extensions; any UDF (and extensions as warnings) while unknown.
pub fn dialect(state: AppState) -> Dialect {
    state.service.with_untracked(|s| match &s.capabilities {
        Some(c) => dialect_for(c),
        None => Dialect::lenient(),
    })
}

fn known_tables(state: AppState) -> Vec<KnownTable> {
    state.schema.with_untracked(|s| {
        s.tables
            .schemas
            .iter()
            .flat_map(|sch| sch.tables.iter())
            .map(|t| KnownTable {
                name: t.name.clone(),
                description: t
                    .description
                    .clone()
                    .unwrap_or_default()
                    .chars()
                    .take(80)
                    .collect(),
                columns: t
                    .columns
                    .iter()
                    .map(|c| {
                        (
                            c.name.clone(),
                            [c.unit.clone(), c.description.clone()]
                                .into_iter()
                                .flatten()
                                .collect::<Vec<_>>()
                                .join(" · ")
                                .chars()
                                .take(80)
                                .collect(),
                        )
                    })
                    .collect(),
            })
            .collect()
    })
}

/// Keeps where the user left the caret, so a name picked elsewhere (the schema
/// browser) goes there even after the textarea lost the focus or its text was set.
fn remember_caret(state: AppState) {
    if let Some(t) = textarea(state) {
        let text = t.value();
        let caret = t
            .selection_start()
            .ok()
            .flatten()
            .map(|c| byte_offset(&text, c as usize));
        state.adql_caret.set_value(caret);
    }
}

fn textarea(state: AppState) -> Option<web_sys::HtmlTextAreaElement> {
    state.adql_area.get_untracked()
}

#[component]
pub fn AdqlEditor() -> impl IntoView {
    let state = use_state();
    let suggestions: RwSignal<Vec<Completion>> = RwSignal::new(Vec::new());
    let chosen = RwSignal::new(0usize);
    let cursor = RwSignal::new(0usize);

    let suggest = move |force: bool| {
        let q = state.adql.get_untracked();
        let at = cursor.get_untracked().min(q.len());
        let (_, word) = word_at(&q, at);
        if word.is_empty() && !force {
            suggestions.set(Vec::new());
            return;
        }
        let list = completions(&q, at, &known_tables(state), 12);
        chosen.set(0);
        suggestions.set(list);
    };
    let accept = move |c: Completion| {
        let q = state.adql.get_untracked();
        // The caret may predate a change of the query made elsewhere.
        let mut at = cursor.get_untracked().min(q.len());
        while !q.is_char_boundary(at) {
            at -= 1;
        }
        let (start, _) = word_at(&q, at);
        let insert = match c.kind {
            CompletionKind::Function => format!("{}(", c.label),
            _ => c.label.clone(),
        };
        let new = format!("{}{}{}", &q[..start], insert, &q[at..]);
        let new_cursor = start + insert.len();
        let caret = utf16_offset(&new, new_cursor) as u32;
        state.adql.set(new);
        state.adql_edited.set(true);
        suggestions.set(Vec::new());
        cursor.set(new_cursor);
        if let Some(t) = textarea(state) {
            // The value is applied on the next tick; place the caret after it.
            leptos::task::spawn_local(async move {
                leptos::task::tick().await;
                let _ = t.focus();
                let _ = t.set_selection_range(caret, caret);
            });
        }
    };

    // Columns of the tables the query names, fetched when first named (or when the
    // table list arrives after the query was typed).
    Effect::new(move |_| {
        let q = state.adql.get();
        state.schema.with(|s| s.tables.schemas.len());
        for (table, _) in tables_in(&q) {
            ensure_columns(state, &table);
        }
    });
    // When columns arrive while the user is typing a name, offer them.
    Effect::new(move |_| {
        state.schema.with(|s| s.tables.clone());
        let typing = textarea(state).is_some_and(|t| t.matches(":focus").unwrap_or(false));
        if typing {
            suggest(false);
        }
    });

    let verdict = move || {
        let q = state.adql.get();
        let _ = state.service.with(|s| s.capabilities.is_some());
        if q.trim().is_empty() {
            return None;
        }
        Some(lint(&q, &dialect(state)))
    };

    let highlighted = move || {
        let q = state.adql.get();
        let error_at = match check(&q, &dialect(state)) {
            Err(e) => Some(e.offset),
            Ok(_) => None,
        };
        let spans = highlight(&q);
        let mut out = Vec::new();
        let mut at = 0;
        for (s, e, class) in spans {
            if s > at {
                out.push(view! { <span>{q[at..s].to_owned()}</span> }.into_any());
            }
            let bad = error_at.is_some_and(|x| x >= s && x < e.max(s + 1));
            let cls = if bad {
                format!("{} tok-bad", class.css())
            } else {
                class.css().to_owned()
            };
            out.push(view! { <span class=cls>{q[s..e].to_owned()}</span> }.into_any());
            at = e;
        }
        if at < q.len() {
            out.push(view! { <span>{q[at..].to_owned()}</span> }.into_any());
        }
        if error_at.is_some_and(|x| x >= q.len()) {
            out.push(view! { <span class="tok-bad tok-eof">" "</span> }.into_any());
        }
        out.push(view! { <span>"\n"</span> }.into_any());
        out
    };
    let rows = move || state.adql.with(|q| q.lines().count().max(5) + 1);

    view! {
        <label for="adql">"ADQL"</label>
        <div class="adql-editor">
            <pre class="adql-highlight" aria-hidden="true">{highlighted}</pre>
            <textarea
                id="adql"
                node_ref=state.adql_area
                rows=rows
                spellcheck="false"
                autocomplete="off"
                aria-describedby="adql-check"
                aria-autocomplete="list"
                // Only while the list is on the page (an id that is not there is invalid).
                aria-controls=move || suggestions.with(|l| !l.is_empty()).then_some("adql-completions")
                aria-activedescendant=move || {
                    suggestions.with(|l| !l.is_empty()).then(|| format!("adql-option-{}", chosen.get()))
                }
                placeholder="Resolve a target or set filters to generate an ObsCore query, or type any ADQL."
                prop:value=move || state.adql.get()
                on:input=move |ev| {
                    let q = event_target_value(&ev);
                    if let Some(t) = textarea(state) {
                        // The browser counts the caret in UTF-16 units, the editor in bytes.
                        let caret = t.selection_start().ok().flatten().unwrap_or(0) as usize;
                        cursor.set(byte_offset(&q, caret));
                    }
                    state.adql.set(q);
                    state.adql_edited.set(true);
                    suggest(false);
                }
                on:click=move |_| {
                    suggestions.set(Vec::new());
                    remember_caret(state);
                }
                on:keyup=move |_| remember_caret(state)
                on:blur=move |_| {
                    remember_caret(state);
                    // Let a click on a suggestion land first.
                    leptos::task::spawn_local(async move {
                        crate::ui::util::sleep_ms(150).await;
                        suggestions.set(Vec::new());
                    });
                }
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    let key = ev.key();
                    if ev.ctrl_key() && key == " " {
                        ev.prevent_default();
                        if let Some(t) = textarea(state) {
                            let caret = t.selection_start().ok().flatten().unwrap_or(0) as usize;
                            cursor.set(state.adql.with_untracked(|q| byte_offset(q, caret)));
                        }
                        suggest(true);
                        return;
                    }
                    let n = suggestions.with_untracked(|s| s.len());
                    if n == 0 {
                        return;
                    }
                    match key.as_str() {
                        "ArrowDown" => {
                            ev.prevent_default();
                            chosen.update(|c| *c = (*c + 1) % n);
                        }
                        "ArrowUp" => {
                            ev.prevent_default();
                            chosen.update(|c| *c = (*c + n - 1) % n);
                        }
                        "Enter" | "Tab" => {
                            ev.prevent_default();
                            let c = suggestions.with_untracked(|s| s.get(chosen.get_untracked()).cloned());
                            if let Some(c) = c {
                                accept(c);
                            }
                        }
                        "Escape" => suggestions.set(Vec::new()),
                        _ => {}
                    }
                }
            ></textarea>
        </div>
        {move || {
            let list = suggestions.get();
            (!list.is_empty()).then(|| {
                view! {
                    <ul class="completions" id="adql-completions" role="listbox" aria-label="Completions">
                        {list
                            .into_iter()
                            .enumerate()
                            .map(|(i, c)| {
                                let kind = match c.kind {
                                    CompletionKind::Table => "table",
                                    CompletionKind::Column => "column",
                                    CompletionKind::Function => "function",
                                    CompletionKind::Keyword => "keyword",
                                };
                                let item = c.clone();
                                view! {
                                    <li
                                        role="option"
                                        id=format!("adql-option-{i}")
                                        aria-selected=move || (chosen.get() == i).to_string()
                                        class=move || if chosen.get() == i { "chosen" } else { "" }
                                        on:mousedown=move |ev| {
                                            ev.prevent_default();
                                            accept(item.clone());
                                        }
                                    >
                                        <span class="label">{c.label.clone()}</span>
                                        <span class="kind">{kind}</span>
                                        <span class="detail">{c.detail.clone()}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })
        }}
        <p class="adql-check" id="adql-check" role="status">
            {move || match verdict() {
                None => ().into_any(),
                Some(report) => {
                    // Warnings (not standard ADQL 2.1, or an optional feature the service
                    // does not declare) are text beside the verdict; they never block.
                    let warnings = report
                        .warnings()
                        .map(|w| view! {
                            <span class="adql-warning">{format!("⚠ line {}, column {}: {}", w.line, w.column, w.message)}</span>
                        })
                        .collect_view();
                    match report.error() {
                        None => view! { <span class="ok">"✓ valid ADQL syntax"</span> {warnings} }.into_any(),
                        Some(e) => view! {
                            {warnings}
                            <span class="field-error" id="adql-error">{format!("line {}, column {}: {}", e.line, e.column, e.message)}</span>
                        }
                        .into_any(),
                    }
                }
            }}
        </p>
    }
}
