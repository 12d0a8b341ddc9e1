//! The result as a table that stays fast at a million rows: only the rows in view are in
//! the page (virtual scrolling over the sorted, filtered row index); click a header to
//! sort, type under it to filter, choose and order columns, click rows to select them
//! (the selection is shared with the plots).
//!
//! Headers carry name and unit, with UCD, utype, xtype and description in a tooltip.
//! Cells are text; http(s) values become links; DataLink rows open their related
//! products; s_region shows its footprint on hover.

use std::sync::Arc;

use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::app::cells::{self, Rendering};
use crate::app::tableview::Sort;
use crate::standards::datalink;
use crate::standards::votable::Field;
use crate::ui::state::result_context::ResultContext;
use crate::ui::state::ResultSet;
use crate::ui::util::{after_next_paint, focus_soon, perf_mark};

/// Height of a row in pixels (fixed: positions are computed, not measured).
pub const ROW_HEIGHT: f64 = 24.0;
/// Rows rendered beyond the visible ones, above and below.
const OVERSCAN: usize = 4;
/// Pixels of columns rendered beyond the visible ones, left and right.
const COLUMN_OVERSCAN_PX: f64 = 240.0;
/// The scroller's width when the window's is unknown (wide enough for most screens).
const INITIAL_WIDTH_PX: f64 = 1600.0;
/// How long typing pauses before a column filter applies.
const FILTER_PAUSE: std::time::Duration = std::time::Duration::from_millis(300);
/// Never more rows than this in the page.
pub const MAX_RENDERED: usize = 200;

fn tooltip(f: &Field, r: &Rendering) -> String {
    let mut parts = Vec::new();
    if let (Some(q), Some(u)) = (cells::quantity(r, f), cells::unit_label(r, f)) {
        parts.push(format!(
            "Shown as {q} in {u}; served as {} in {} (a wavelength: the shortest is the highest energy).",
            f.name,
            f.unit.as_deref().unwrap_or("m")
        ));
    }
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
    for (label, v) in [
        ("unit", &f.unit),
        ("UCD", &f.ucd),
        ("utype", &f.utype),
        ("xtype", &f.xtype),
    ] {
        if let Some(v) = v {
            meta.push(format!("{label} {v}"));
        }
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

/// The width of a column: its header, or the widest of its first cells, within bounds.
fn column_width(t: &crate::standards::votable::Table, j: usize, r: &Rendering) -> usize {
    let f = &t.fields[j];
    let head = f
        .name
        .len()
        .max(f.unit.as_deref().map_or(0, str::len))
        .max(cells::quantity(r, f).map_or(0, str::len) + 2)
        * 8
        + 28;
    let rows = t.row_count().min(WIDTH_SAMPLE);
    let content = (0..rows)
        .map(|row| cells::text_px(&cells::render(r, f, &t.columns[j], row).0))
        .max()
        .unwrap_or(0)
        + 24;
    head.max(content).clamp(60, 420)
}

/// Rows whose cells size a column.
const WIDTH_SAMPLE: usize = 100;

/// The DataLink document of one row, as it arrives.
#[derive(Clone)]
enum LinksState {
    Loading,
    Ready(Vec<datalink::Link>),
    Failed(String),
}

/// Whose links are shown (a label for the row), from which URL, and how far they are.
type LinksOf = (String, String, LinksState);

#[component]
pub fn ResultsTable(
    result: Arc<ResultSet>,
    /// The shared state of this result (plots, exports); a table of its own if absent.
    #[prop(optional)]
    ctx: Option<ResultContext>,
) -> impl IntoView {
    // Passed explicitly, never through context: a preview table and the final one live
    // in the same reactive scope, and each must see its own result.
    let ctx = ctx.unwrap_or_else(|| ResultContext::new(result.clone()));
    let nrows = result.table.row_count();
    let scroll_top = RwSignal::new(0.0f64);
    // The scroller's height until it scrolls: style/main.css makes it 60vh (600 px fill
    // most screens; a taller window gets its rows from the start).
    let viewport = RwSignal::new(
        web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .map_or(600.0, |h| (h * 0.6).max(600.0)),
    );
    let links: RwSignal<Option<LinksOf>> = RwSignal::new(None);
    let footprint: RwSignal<Option<(String, f64, f64)>> = RwSignal::new(None);
    let scroller = NodeRef::<leptos::html::Div>::new();
    let scroll_left = RwSignal::new(0.0f64);
    let view_width = RwSignal::new(
        web_sys::window()
            .and_then(|w| w.inner_width().ok())
            .and_then(|w| w.as_f64())
            .filter(|w| *w > 0.0)
            .unwrap_or(INITIAL_WIDTH_PX),
    );
    // Each column as wide as its header or its first cells, measured the first time it
    // is shown (a wide result opens on a few of its columns).
    let widths: StoredValue<Vec<Option<usize>>> =
        StoredValue::new(vec![None; ctx.result.with_value(|r| r.table.fields.len())]);
    let width_of = move |j: usize| {
        if let Some(w) = widths.with_value(|w| w.get(j).copied().flatten()) {
            return w;
        }
        let w = ctx
            .result
            .with_value(|r| match ctx.renderings.get_value().get(j) {
                Some(rendering) if j < r.table.fields.len() => column_width(&r.table, j, rendering),
                _ => 90,
            });
        widths.update_value(|v| {
            if let Some(slot) = v.get_mut(j) {
                *slot = Some(w);
            }
        });
        w
    };
    // Where a shift-click range starts: the row last clicked.
    let anchor: StoredValue<Option<u32>> = StoredValue::new(None);
    // Filters apply as they are typed, once typing pauses.
    let typing: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);

    // Only the columns in view (and a margin) get cells: an ObsCore result has 30 to 40
    // columns, of which a screen shows about ten, and cells are what the first screen
    // costs. (first, end) in display positions. A window that still covers what is in
    // view is kept (the overscan is the slack): a new window rebuilds every row's cells.
    let column_window = Memo::new(move |prev: Option<&(usize, usize)>| {
        let (left, width) = (scroll_left.get(), view_width.get());
        ctx.columns.with(|cols| {
            let edges: Vec<f64> = cols
                .iter()
                .scan(0.0, |x, &j| {
                    *x += width_of(j) as f64;
                    Some(*x)
                })
                .collect();
            let window = |lo: f64, hi: f64| {
                // Columns whose right edge is past lo, up to the first starting after hi.
                let first = edges.iter().position(|&r| r >= lo).unwrap_or(cols.len());
                let end = edges
                    .iter()
                    .position(|&r| r > hi)
                    .map_or(cols.len(), |k| k + 1)
                    .min(cols.len());
                (first.min(end), end)
            };
            let needed = window(left, left + width);
            if let Some(&(p0, p1)) = prev {
                if p0 <= needed.0 && needed.1 <= p1 && p1 <= cols.len() {
                    return (p0, p1);
                }
            }
            window(left - COLUMN_OVERSCAN_PX, left + width + COLUMN_OVERSCAN_PX)
        })
    });
    // The scroller's width: at first the window's (an upper bound, known without a
    // layout: reading the scroller's own would force one before the first screen), then
    // the scroller's, read when it scrolls (the layout is done by then) and on resize.
    let measure = move || {
        if let Some(el) = scroller.get_untracked() {
            let w = el.client_width() as f64;
            if w > 0.0 && w != view_width.get_untracked() {
                view_width.set(w);
            }
        }
    };
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    // The first screen of rows is on the page (bench/table times result-ready → here).
    Effect::new(move |_| after_next_paint(|| perf_mark("voscope:table-painted")));

    // Bring the focused row (moved with the keys, or chosen elsewhere: a plot click, a
    // SAMP highlight) into view when it is not: a step of the keys scrolls by as little as
    // needed, a jump puts the row a third of the way down.
    Effect::new(move |_| {
        if let Some(row) = ctx.focus_row.get() {
            let pos = ctx.rows.with(|rows| rows.iter().position(|&r| r == row));
            if let (Some(pos), Some(el)) = (pos, scroller.get()) {
                let (top, height) = (el.scroll_top() as f64, el.client_height() as f64);
                let head = el
                    .query_selector("thead")
                    .ok()
                    .flatten()
                    .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
                    .map_or(2.0 * ROW_HEIGHT, |h| h.offset_height() as f64);
                let y = pos as f64 * ROW_HEIGHT;
                let bottom = y + ROW_HEIGHT + head - height;
                let to = if y < top && top - y <= height {
                    y
                } else if y >= top && bottom <= top {
                    return;
                } else if y >= top && bottom - top <= height {
                    bottom
                } else {
                    y - height / 3.0
                };
                el.set_scroll_top(to.max(0.0).ceil() as i32);
            }
        }
    });

    let window = move || {
        let total = ctx.rows.with(|r| r.len());
        let first = ((scroll_top.get() / ROW_HEIGHT) as usize)
            .saturating_sub(OVERSCAN)
            .min(total);
        let count = ((viewport.get() / ROW_HEIGHT) as usize + 2 * OVERSCAN).min(MAX_RENDERED);
        (first, (first + count).min(total), total)
    };

    let header = move || {
        let cols = ctx.columns.get();
        ctx.result.with_value(|r| {
            let renderings = ctx.renderings.get_value();
            cols.iter()
                .map(|&j| {
                    let f = r.table.fields[j].clone();
                    let unit = cells::unit_label(&renderings[j], &f).filter(|u| !u.trim().is_empty());
                    // A wavelength bound read as energy says which end of the range it is.
                    let quantity = cells::quantity(&renderings[j], &f);
                    let width = width_of(j);
                    let sort_mark = move || match ctx.sort.get() {
                        Some(Sort { column, descending }) if column == j => if descending { " ▼" } else { " ▲" },
                        _ => "",
                    };
                    let aria_sort = move || match ctx.sort.get() {
                        Some(Sort { column, descending }) if column == j => if descending { "descending" } else { "ascending" },
                        _ => "none",
                    };
                    view! {
                        <th scope="col" title=tooltip(&f, &renderings[j]) data-name=f.name.clone() style:width=format!("{width}px") aria-sort=aria_sort>
                            <button type="button" class="sort" on:click=move |_| {
                                ctx.sort.update(|s| *s = match *s {
                                    Some(Sort { column, descending: false }) if column == j => Some(Sort { column: j, descending: true }),
                                    Some(Sort { column, descending: true }) if column == j => None,
                                    _ => Some(Sort { column: j, descending: false }),
                                });
                            }>
                                {quantity.map(|q| view! { <span class="quantity">{q}</span> })}
                                <span class="name" class:served=quantity.is_some()>{f.name.clone()}</span>
                                <span class="mark">{sort_mark}</span>
                            </button>
                            {unit.map(|u| view! { <span class="unit">{u}</span> })}
                        </th>
                    }
                })
                .collect_view()
        })
    };

    let filters = move || {
        let cols = ctx.columns.get();
        ctx.result.with_value(|r| {
            let numeric = crate::app::plot::data::numeric_columns(&r.table);
            cols.iter()
                .map(|&j| {
                    let name = r.table.fields[j].name.clone();
                    let (hint, title) = if numeric.contains(&j) {
                        ("> 1, 1..10", "Filters as you type: > 5, >= 5, < 2, 1..10 or =3, in the unit shown; or text the cell contains")
                    } else {
                        ("contains…", "Filters as you type: rows whose cell contains this text (any case)")
                    };
                    let apply = move |v: String| ctx.filter_text.update(|f| f[j] = v);
                    view! {
                        <th class="filter">
                            <input type="text" class="col-filter" aria-label=format!("filter {name}")
                                placeholder=hint title=title
                                prop:value=move || ctx.filter_text.with(|f| f[j].clone())
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    if let Some(h) = typing.get_value() {
                                        h.clear();
                                    }
                                    let h = set_timeout_with_handle(move || apply(v), FILTER_PAUSE).ok();
                                    typing.set_value(h);
                                }
                                on:change=move |ev| {
                                    if let Some(h) = typing.get_value() {
                                        h.clear();
                                    }
                                    apply(event_target_value(&ev));
                                }/>
                        </th>
                    }
                })
                .collect_view()
        })
    };

    // The products open where the user is looking: the panel's Close button gets the
    // focus (and so the panel comes into view) when it opens and again when its list
    // replaces "Loading"; Escape or Close gives it back to the row.
    let open_links = move |url: String, label: String| {
        links.set(Some((label.clone(), url.clone(), LinksState::Loading)));
        crate::ui::util::focus_soon("datalink-close");
        spawn_local(async move {
            let outcome = match crate::net::get(&url).await {
                Err(e) => Err(e.to_string()),
                Ok(r) if r.status >= 400 => Err(format!(
                    "HTTP {}: {}",
                    r.status,
                    crate::standards::tap::response::text_excerpt(&r.body)
                )),
                Ok(r) => datalink::parse(&r.body),
            };
            let state = match outcome {
                Ok(list) => LinksState::Ready(list),
                Err(e) => LinksState::Failed(e),
            };
            links.set(Some((label, url, state)));
            crate::ui::util::focus_soon("datalink-close");
        });
    };

    let grid = NodeRef::<leptos::html::Table>::new();
    let close_links = move || {
        links.set(None);
        if let Some(g) = grid.get_untracked() {
            let _ = g.focus();
        }
    };
    // The related products of a row, when it has a DataLink access_url.
    let links_of = move |row: u32| -> Option<(String, String)> {
        ctx.result.with_value(|r| {
            let t = &r.table;
            let format = t.column_index("access_format")?;
            if !t.columns[format]
                .str_at(row as usize)
                .is_some_and(datalink::is_datalink)
            {
                return None;
            }
            let url = t
                .fields
                .iter()
                .position(|f| f.name.eq_ignore_ascii_case("access_url"))
                .and_then(|j| t.columns[j].str_at(row as usize))
                .filter(|u| is_web_link(u))?
                .to_owned();
            let label = t
                .column("obs_id")
                .and_then(|c| c.str_at(row as usize))
                .map(str::to_owned)
                .unwrap_or_else(|| format!("row {}", row + 1));
            Some((url, label))
        })
    };
    // A click toggles a row; a shift-click selects every row shown from the last one
    // clicked to this one.
    let pick = move |row: u32, shift: bool| {
        match anchor.get_value().filter(|_| shift) {
            Some(from) => {
                let span = ctx
                    .rows
                    .with_untracked(|rows| crate::app::tableview::span(rows, from, row));
                ctx.selection.update(|s| {
                    let s = Arc::make_mut(s);
                    for r in span {
                        s.insert(r);
                    }
                });
            }
            None => ctx.toggle_row(row),
        }
        anchor.set_value(Some(row));
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        // Keys typed in a filter or pressed on a sort button or a link are theirs.
        if ev.target() != ev.current_target() || ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        let total = ctx.rows.with_untracked(|r| r.len());
        if total == 0 {
            return;
        }
        let page = ((viewport.get_untracked() / ROW_HEIGHT) as usize)
            .saturating_sub(3)
            .max(1);
        let focused = ctx.focus_row.get_untracked();
        let current = focused.and_then(|f| {
            ctx.rows
                .with_untracked(|rows| rows.iter().position(|&r| r == f))
        });
        let first_in_view =
            ((scroll_top.get_untracked() / ROW_HEIGHT).ceil() as usize).min(total - 1);
        let step = |down: bool, n: usize| match current {
            None => first_in_view,
            Some(p) if down => (p + n).min(total - 1),
            Some(p) => p.saturating_sub(n),
        };
        let to = match ev.key().as_str() {
            "ArrowDown" => step(true, 1),
            "ArrowUp" => step(false, 1),
            "PageDown" => step(true, page),
            "PageUp" => step(false, page),
            "Home" => 0,
            "End" => total - 1,
            " " => {
                ev.prevent_default();
                if let (Some(row), Some(_)) = (focused, current) {
                    pick(row, ev.shift_key());
                }
                return;
            }
            "Enter" => {
                if let Some((url, label)) = focused.filter(|_| current.is_some()).and_then(links_of)
                {
                    ev.prevent_default();
                    open_links(url, label);
                    focus_soon("datalink-close");
                }
                return;
            }
            "Escape" => {
                if links.get_untracked().is_some() {
                    links.set(None);
                }
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        ctx.focus_row
            .set(ctx.rows.with_untracked(|r| r.get(to).copied()));
    };

    // What each column's cells are, decided once: the DataLink URL, a region, or text.
    let (format_col, id_col, kinds) = ctx.result.with_value(|r| {
        let t = &r.table;
        let kinds: Vec<(bool, bool)> = t
            .fields
            .iter()
            .map(|f| {
                let access = f.name.eq_ignore_ascii_case("access_url");
                let region = f.name.eq_ignore_ascii_case("s_region")
                    || f.xtype
                        .as_deref()
                        .is_some_and(|x| x.eq_ignore_ascii_case("adql:region"));
                (access, region)
            })
            .collect();
        (
            t.column_index("access_format"),
            t.column_index("obs_id"),
            kinds,
        )
    });
    let kinds = StoredValue::new(kinds);
    let body_row = move |(pos, row): (usize, u32)| {
        let selected = move || ctx.selection.with(|s| s.contains(row));
        let focused = move || ctx.focus_row.get() == Some(row);
        let cells = move || {
            // Tracked: hiding or moving a column redraws the rows in view.
            let cols = ctx.columns.get();
            let (c0, c1) = column_window.get();
            ctx.result.with_value(|r| {
            let t = &r.table;
            let renderings = ctx.renderings.get_value();
            let datalink_row = format_col
                .and_then(|j| t.columns[j].str_at(row as usize))
                .is_some_and(datalink::is_datalink);
            let label = move || {
                id_col
                    .and_then(|j| t.columns[j].str_at(row as usize))
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("row {}", row + 1))
            };
            let before = (c0 > 0).then(|| view! { <td class="hspacer" colspan=c0 aria-hidden="true"></td> });
            let after = (c1 < cols.len()).then(|| {
                let n = cols.len() - c1;
                view! { <td class="hspacer" colspan=n aria-hidden="true"></td> }
            });
            let shown = cols[c0..c1].iter().enumerate()
                .map(|(k, &j)| {
                    let k = c0 + k;
                    let f = &t.fields[j];
                    let c = &t.columns[j];
                    let (text, tip) = cells::render(&renderings[j], f, c, row as usize);
                    let (text, tip) = (cells::shown(text), tip.map(cells::shown));
                    if c.is_null(row as usize) {
                        return view! { <td class="null" data-col=k aria-colindex=k + 1></td> }.into_any();
                    }
                    let (access, region) = kinds.with_value(|k| k[j]);
                    if is_web_link(&text) {
                        let href = text.clone();
                        let dl = datalink_row && access;
                        let label = if dl { label() } else { String::new() };
                        let url = href.clone();
                        return view! {
                            <td data-col=k aria-colindex=k + 1>
                                // Before the URL, which the cell may cut off.
                                {dl.then(|| view! {
                                    // The grid is one tab stop (Enter opens a row's products): its
                                    // windowed cells' controls stay out of the Tab order.
                                    <button type="button" class="links" tabindex="-1" title="List the related products (DataLink)"
                                        on:click=move |ev| { ev.stop_propagation(); open_links(url.clone(), label.clone()); }>
                                        "links"
                                    </button>
                                })}
                                <a href=href tabindex="-1" target="_blank" rel="noopener noreferrer">{text}</a>
                            </td>
                        }
                        .into_any();
                    }
                    if region {
                        let region = text.clone();
                        return view! {
                            <td class="region" data-col=k aria-colindex=k + 1
                                on:mouseenter=move |ev: web_sys::MouseEvent| footprint.set(Some((region.clone(), ev.client_x() as f64, ev.client_y() as f64)))
                                on:mouseleave=move |_| footprint.set(None)>{text}</td>
                        }
                        .into_any();
                    }
                    view! { <td title=tip data-col=k aria-colindex=k + 1>{text}</td> }.into_any()
                })
                .collect_view();
            view! { {before} {shown} {after} }
            })
        };
        view! {
            <tr data-pos=pos data-row=row id=format!("vs-row-{row}") aria-rowindex=pos + 3
                class:alt=pos % 2 == 0 class:selected=selected class:focused=focused aria-selected=move || selected().to_string()
                on:mousedown=move |ev: web_sys::MouseEvent| if ev.shift_key() { ev.prevent_default() }
                on:click=move |ev: web_sys::MouseEvent| pick(row, ev.shift_key())>
                {cells}
            </tr>
        }
    };

    let visible_rows = move || {
        let (first, last, _) = window();
        ctx.rows.with(|rows| {
            (first..last)
                .zip(rows[first..last].iter().copied())
                .collect::<Vec<_>>()
        })
    };

    perf_mark("voscope:table-view");
    view! {
        <div class="table-tools">
            <span id="page-info" role="status">
                {move || {
                    let (first, last, total) = window();
                    let sel = ctx.selection.with(|s| s.len());
                    let mut s = if total == 0 {
                        "no rows".to_owned()
                    } else {
                        format!("rows {}–{} of {total}", (first + 1).min(total), last)
                    };
                    if total != nrows {
                        s.push_str(&format!(" (filtered from {nrows})"));
                    }
                    if sel > 0 {
                        s.push_str(&format!(" · {sel} selected"));
                    }
                    s
                }}
            </span>
            <button type="button" id="clear-selection" disabled=move || ctx.selection.with(|s| s.is_empty())
                on:click=move |_| ctx.select_rows(&[])>"Clear selection"</button>
            <ColumnChooser ctx=ctx/>
        </div>
        <div class="table-scroll" node_ref=scroller id="results-scroll"
            on:scroll=move |ev| {
                if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                    // Only what changed: each signal redraws its own part of the grid.
                    let set = |s: RwSignal<f64>, v: f64| if s.get_untracked() != v { s.set(v) };
                    set(scroll_top, el.scroll_top() as f64);
                    set(scroll_left, el.scroll_left() as f64);
                    set(viewport, el.client_height() as f64);
                    set(view_width, el.client_width() as f64);
                }
            }>
            // A grid of one tab stop: the arrows move the focused row (aria-activedescendant),
            // Space selects it, Enter opens its related products. Rows and columns are
            // windowed, so the grid says how many there are and where each shown one is.
            <table class="results-table" role="grid" tabindex="0" node_ref=grid
                aria-label="Result rows" aria-multiselectable="true"
                aria-rowcount=move || ctx.rows.with(|r| r.len()) + 2
                aria-colcount=move || ctx.columns.with(|c| c.len())
                aria-activedescendant=move || {
                    let row = ctx.focus_row.get()?;
                    let (first, last, _) = window();
                    ctx.rows.with(|rows| rows[first..last].contains(&row)).then(|| format!("vs-row-{row}"))
                }
                on:keydown=on_key
                on:focus=move |ev: web_sys::FocusEvent| {
                    if ev.target() == ev.current_target() && ctx.focus_row.get_untracked().is_none() {
                        let first = ((scroll_top.get_untracked() / ROW_HEIGHT).ceil()) as usize;
                        ctx.focus_row.set(ctx.rows.with_untracked(|r| r.get(first).or(r.first()).copied()));
                    }
                }
                style:width=move || {
                let width: usize = ctx.columns.with(|cols| cols.iter().map(|&j| width_of(j)).sum());
                format!("{width}px")
            }>
                <thead>
                    <tr aria-rowindex="1">{header}</tr>
                    <tr class="filters" aria-rowindex="2">{filters}</tr>
                </thead>
                <tbody>
                    <tr class="spacer" aria-hidden="true" style:height=move || format!("{}px", window().0 as f64 * ROW_HEIGHT)></tr>
                    <For each=visible_rows key=|pair| *pair children=body_row/>
                    <tr class="spacer" aria-hidden="true" style:height=move || {
                        let (_, last, total) = window();
                        format!("{}px", (total - last) as f64 * ROW_HEIGHT)
                    }></tr>
                </tbody>
            </table>
        </div>
        {move || footprint.get().map(|(region, x, y)| view! { <Footprint region=region x=x y=y/> })}
        {move || links.get().map(|(label, url, state)| view! {
            <div class="datalink" id="datalink-panel" role="region" aria-label="Related products" tabindex="-1"
                on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Escape" { close_links() }>
                <h3>"Related products of " {label.clone()}</h3>
                <button type="button" class="close" id="datalink-close" aria-label="Close the related products"
                    on:click=move |_| close_links()>"✕"</button>
                {match state {
                    LinksState::Failed(e) => view! {
                        <p class="field-error" role="alert">{e}</p>
                        {is_web_link(&url).then(|| { let u = url.clone(); view! {
                            <p><a href=u target="_blank" rel="noopener noreferrer">"Open the links document"</a></p>
                        } })}
                    }.into_any(),
                    LinksState::Loading => view! { <p class="status" role="status">"Fetching the links…"</p> }.into_any(),
                    LinksState::Ready(list) if list.is_empty() => view! { <p class="hint">"The document lists no related products."</p> }.into_any(),
                    LinksState::Ready(list) => view! {
                        <table class="columns products">
                            <thead><tr><th>"semantics"</th><th>"product"</th><th>"type"</th><th>"size"</th><th>"description"</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|l| view! {
                                    <tr>
                                        <td data-label="semantics">{l.semantics.clone()}</td>
                                        <td data-label="product" class="product">{match l.access_url.clone() {
                                            Some(u) => { let h = u.clone(); view! { <a href=h target="_blank" rel="noopener noreferrer">{u}</a> }.into_any() }
                                            None => view! { <span class="hint">{l.error.clone().or(l.service_def.clone().map(|s| format!("service {s}"))).unwrap_or_default()}</span> }.into_any(),
                                        }}</td>
                                        <td data-label="type">{l.content_type.clone().unwrap_or_default()}</td>
                                        <td data-label="size">{l.content_length.map(|n| cells::human_size(n as f64)).unwrap_or_default()}</td>
                                        <td data-label="description">{l.description.clone()}
                                            {(datalink::is_fits(&l) && l.semantics == "#this").then(|| {
                                                let (u, label) = (l.access_url.clone().unwrap_or_default(), label.clone());
                                                view! { <button type="button" class="quicklook-link" on:click=move |_| {
                                                    if let Some(q) = use_context::<crate::ui::state::quicklook::Quicklook>() {
                                                        q.open(vec![crate::ui::state::quicklook::Source::Url { label: label.clone(), url: u.clone() }]);
                                                    }
                                                }>"Quick-look"</button> }
                                            })}
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }}
            </div>
        })}
    }
}

/// Show/hide and reorder columns.
#[component]
fn ColumnChooser(ctx: ResultContext) -> impl IntoView {
    // Served names, with the quantity a turned-around bound is shown as.
    let renderings = ctx.renderings.get_value();
    let (names, opening): (Vec<String>, Vec<usize>) = ctx.result.with_value(|r| {
        let f = &r.table.fields;
        let names = f
            .iter()
            .enumerate()
            .map(|(j, f)| match cells::quantity(&renderings[j], f) {
                Some(q) => format!("{} ({q})", f.name),
                None => f.name.clone(),
            })
            .collect();
        (names, cells::opening_columns(f, &renderings))
    });
    let names = StoredValue::new(names);
    let opening = StoredValue::new(opening);
    // The list is made when it is opened: a few hundred elements the first screen of a
    // result does not need.
    let open = RwSignal::new(false);
    view! {
        <details class="column-chooser" on:toggle=move |ev| {
            if let Some(d) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
                open.set(d.open());
            }
        } on:keydown=move |ev: web_sys::KeyboardEvent| {
            if ev.key() != "Escape" {
                return;
            }
            if let Some(d) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
                if d.open() {
                    ev.prevent_default();
                    d.set_open(false);
                    if let Some(s) = d.query_selector("summary").ok().flatten().and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok()) {
                        let _ = s.focus();
                    }
                }
            }
        }>
            <summary id="column-chooser-toggle">{move || {
                let (shown, all) = (ctx.columns.with(|c| c.len()), names.with_value(|n| n.len()));
                if shown == all { "Columns".to_owned() } else { format!("Columns ({shown} of {all})") }
            }}</summary>
            <ul id="column-chooser">
                {move || open.get().then(|| {
                    let shown = ctx.columns.get();
                    let all = names.get_value();
                    let served: Vec<String> = all.iter().map(|n| n.split(' ').next().unwrap_or("").to_owned()).collect();
                    let mut order: Vec<usize> = shown.clone();
                    order.extend((0..all.len()).filter(|j| !shown.contains(j)));
                    order.into_iter().map(|j| {
                        let on = shown.contains(&j);
                        view! {
                            <li>
                                <label class="check">
                                    <input type="checkbox" id=format!("col-show-{j}") prop:checked=on on:change=move |ev| {
                                        let checked = event_target_checked(&ev);
                                        ctx.columns.update(|c| {
                                            c.retain(|x| *x != j);
                                            if checked { c.push(j); }
                                        });
                                        // The list is made again: the focus stays on this control.
                                        focus_soon(format!("col-show-{j}"));
                                    }/>
                                    {all[j].clone()}
                                </label>
                                <button type="button" id=format!("col-left-{j}") aria-label=format!("move {} left", served[j]) disabled=!on
                                    on:click=move |_| {
                                        ctx.columns.update(|c| if let Some(p) = c.iter().position(|x| *x == j) { if p > 0 { c.swap(p, p - 1); } });
                                        focus_soon(format!("col-left-{j}"));
                                    }>"↑"</button>
                                <button type="button" id=format!("col-right-{j}") aria-label=format!("move {} right", served[j]) disabled=!on
                                    on:click=move |_| {
                                        ctx.columns.update(|c| if let Some(p) = c.iter().position(|x| *x == j) { if p + 1 < c.len() { c.swap(p, p + 1); } });
                                        focus_soon(format!("col-right-{j}"));
                                    }>"↓"</button>
                            </li>
                        }
                    }).collect_view()
                })}
            </ul>
            <div class="row tight">
                // Every column, in the order served.
                <button type="button" id="columns-all" on:click=move |_| {
                    ctx.columns.set((0..names.with_value(|n| n.len())).collect());
                }>"Show all"</button>
                <button type="button" id="columns-first" on:click=move |_| ctx.columns.set(opening.get_value())>"First columns"</button>
            </div>
        </details>
    }
}

/// An s_region drawn as a small outline next to the pointer.
#[component]
fn Footprint(region: String, x: f64, y: f64) -> impl IntoView {
    let shape = crate::standards::stcs::parse(&region, Some("adql:region"));
    let Some(shape) = shape else {
        return view! { <div class="footprint" style:left=format!("{}px", x + 12.0) style:top=format!("{}px", y + 12.0)>"(not a region voscope can draw)"</div> }.into_any();
    };
    let (cra, cdec) = shape.center().unwrap_or((0.0, 0.0));
    let proj = crate::app::plot::Projection::Tangent {
        lon0: cra,
        lat0: cdec,
        half_width: 1.0,
    };
    let outlines: Vec<Vec<(f64, f64)>> = shape
        .outline()
        .into_iter()
        .map(|o| {
            o.into_iter()
                .filter_map(|(a, d)| proj.forward(a, d))
                .collect()
        })
        .collect();
    let extent = outlines
        .iter()
        .flatten()
        .fold(1e-6f64, |m, (px, py)| m.max(px.abs()).max(py.abs()))
        * 1.15;
    let size = 140.0;
    let to_px = |(px, py): (f64, f64)| {
        (
            size / 2.0 + px / extent * size / 2.0,
            size / 2.0 - py / extent * size / 2.0,
        )
    };
    let polys = outlines
        .into_iter()
        .map(|o| {
            let pts: Vec<String> = o.into_iter().map(to_px).map(|(a, b)| format!("{a:.1},{b:.1}")).collect();
            view! { <polygon points=pts.join(" ") fill="rgba(31,95,191,0.15)" stroke="#1f5fbf" stroke-width="1.5"/> }
        })
        .collect_view();
    view! {
        <div class="footprint" id="footprint" style:left=format!("{}px", x + 12.0) style:top=format!("{}px", y + 12.0)>
            <svg width=size height=size viewBox=format!("0 0 {size} {size}") role="img" aria-label="footprint of the region">
                <line x1="0" y1=size / 2.0 x2=size y2=size / 2.0 stroke="#ddd"/>
                <line x1=size / 2.0 y1="0" x2=size / 2.0 y2=size stroke="#ddd"/>
                {polys}
            </svg>
            <p class="hint">{format!("centre {cra:.3} {cdec:+.3} · {:.2}° across", extent * 2.0)}</p>
        </div>
    }
    .into_any()
}

/// CSV export with its choice: what the screen shows (its columns, rows and units, the
/// units in the header) or what the service sent (every column and row, as served).
#[component]
pub fn CsvExport(ctx: ResultContext) -> impl IntoView {
    use crate::app::export::{self, CsvValues};
    let values = RwSignal::new(CsvValues::Shown);
    let save = move |_| {
        let text = ctx.result.with_value(|r| match values.get_untracked() {
            CsvValues::Served => export::csv(&r.table, None),
            CsvValues::Shown => export::csv_shown(
                &r.table,
                &ctx.renderings.get_value(),
                &ctx.columns.get_untracked(),
                &ctx.rows.get_untracked(),
            ),
        });
        let _ = crate::ui::util::download("voscope-result.csv", "text/csv", text.as_bytes());
    };
    view! {
        <button type="button" id="export-csv" on:click=save>"CSV"</button>
        <label for="csv-values" class="hint">"CSV values"</label>
        <select id="csv-values" title="As shown: the columns and rows on screen, in TeV, UTC…, units in the header. As served: every column and row as the service sent them."
            on:change=move |ev| values.set(if event_target_value(&ev) == "served" { CsvValues::Served } else { CsvValues::Shown })>
            <option value="shown" selected>"as shown (columns, rows, units)"</option>
            <option value="served">"as served (all, raw)"</option>
        </select>
    }
}
