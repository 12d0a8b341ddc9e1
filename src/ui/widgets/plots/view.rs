//! The plots panel: tabs of plot kinds, their controls, the canvas with box and click
//! selection, and what the plot shows and has selected.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{controls, draw, histogram, prepare, scatter, sky, Kind, Spec, HEIGHT, WIDTH};
use crate::app::cells;
use crate::app::plot::data::{self, SkyFrame};
use crate::app::plot::hits::Drawn;
use crate::ui::state::result_context::ResultContext;
use crate::ui::state::use_state;
use crate::ui::util::download;

#[component]
pub fn Plots(ctx: ResultContext) -> impl IntoView {
    let state = use_state();
    let target = move || state.position.get().map(|p| (p.ra, p.dec));
    let renderings = ctx.renderings.get_value();
    // What each kind opens on: a sky fitted to the data, a histogram that shows a
    // shape, a scatter of energy threshold against date; axes in the table's units.
    let (numeric, spec) = ctx.result.with_value(|r| {
        let t = &r.table;
        let rows = ctx.rows.get_untracked();
        let numeric: Vec<(usize, String)> = data::numeric_columns(t)
            .into_iter()
            .map(|j| {
                let f = &t.fields[j];
                let label = match cells::quantity(&renderings[j], f) {
                    Some(_) => cells::caption(&renderings[j], f),
                    None => f.name.clone(),
                };
                (j, label)
            })
            .collect();
        let (zoom, footprints) = sky::default_view(t, &rows, target());
        let (column, bins, logx) = histogram::default_for(t, &renderings, &rows);
        let (_, column2) = scatter::default_for(t);
        let spec = Spec {
            kind: Kind::Sky,
            frame: SkyFrame::Icrs,
            zoom,
            footprints,
            column,
            column2,
            bins,
            logx,
            logy: false,
        };
        (numeric, spec)
    });
    let spec = RwSignal::new(spec);
    // Each kind's columns and log axes, kept while another kind is shown.
    let scatter_x = RwSignal::new(ctx.result.with_value(|r| scatter::default_for(&r.table).0));
    let hist_spec = StoredValue::new((spec.get_untracked().column, spec.get_untracked().logx));
    let log_of = move |j: Option<usize>| {
        let rows = ctx.rows.get_untracked();
        ctx.result
            .with_value(|r| scatter::wants_log(&r.table, &ctx.renderings.get_value(), &rows, j))
    };
    let set_kind = move |k: Kind| {
        spec.update(|s| {
            if s.kind == Kind::Histogram {
                hist_spec.set_value((s.column, s.logx));
            }
            if k == Kind::Scatter {
                s.column = scatter_x.get_untracked();
                s.logx = log_of(s.column);
                s.logy = log_of(s.column2);
            } else if k == Kind::Histogram {
                (s.column, s.logx) = hist_spec.get_value();
                s.logy = false;
            }
            s.kind = k;
        })
    };
    let choose = move |second: bool, j: Option<usize>| {
        let log = log_of(j);
        spec.update(|s| {
            if second {
                s.column2 = j;
                s.logy = log;
            } else {
                s.column = j;
                s.logx = log;
                if s.kind == Kind::Scatter {
                    scatter_x.set(j);
                }
            }
        })
    };

    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let problem: RwSignal<Option<String>> = RwSignal::new(None);
    let note: RwSignal<Option<String>> = RwSignal::new(None);
    let drawn = StoredValue::new(Drawn::default());
    let stats = RwSignal::new((0usize, 0usize, 0.0f64));
    let drag: RwSignal<Option<(f64, f64, f64, f64)>> = RwSignal::new(None);

    let prepared = move |s: &Spec| {
        let rows = ctx.rows.get();
        let renderings = ctx.renderings.get_value();
        ctx.result
            .with_value(|r| prepare(&r.table, &renderings, &rows, s, target()))
    };
    Effect::new(move |_| {
        let s = spec.get();
        let sel = ctx.selection.get();
        let Some(el) = canvas.get() else { return };
        let started = js_sys::Date::now();
        match prepared(&s) {
            Err(e) => {
                problem.set(Some(e));
                note.set(None);
                if let Ok(c) = crate::ui::util::context_2d(&el) {
                    c.clear_rect(0.0, 0.0, WIDTH as f64, HEIGHT as f64);
                }
                drawn.set_value(Drawn::default());
                stats.set((0, 0, 0.0));
            }
            Ok(p) => {
                problem.set(None);
                note.set(p.note.clone());
                // What the sky shows, for tests and scripts: the view and its half-width.
                let (view, field) = match p.sky {
                    Some(crate::app::plot::Projection::Tangent { half_width, .. }) => {
                        ("tangent", format!("{half_width:.4}"))
                    }
                    Some(_) => ("all-sky", String::new()),
                    None => ("", String::new()),
                };
                let _ = el.set_attribute("data-view", view);
                let _ = el.set_attribute("data-field", &field);
                match draw::draw_canvas(&el, &p, s.kind, &sel) {
                    Ok(d) => {
                        stats.set((d.plotted, d.covered, d.ms));
                        let _ = el.set_attribute("data-plotted", &d.plotted.to_string());
                        let _ = el.set_attribute("data-covered", &d.covered.to_string());
                        let _ = el.set_attribute("data-ms", &format!("{:.1}", d.ms));
                        let target = d
                            .target
                            .map(|(x, y)| format!("{x:.0},{y:.0}"))
                            .unwrap_or_default();
                        let _ = el.set_attribute("data-target", &target);
                        // Mapping the rows and drawing them: what bench/table reports.
                        let total = js_sys::Date::now() - started;
                        let _ = el.set_attribute("data-total-ms", &format!("{total:.1}"));
                        drawn.set_value(d);
                    }
                    Err(e) => problem.set(Some(e)),
                }
            }
        }
    });

    // Pointer position relative to the canvas, in CSS pixels, and the canvas's scale.
    let canvas_xy = move |ev: &web_sys::MouseEvent| {
        let rect = canvas.get()?.get_bounding_client_rect();
        Some((
            ev.client_x() as f64 - rect.left(),
            ev.client_y() as f64 - rect.top(),
        ))
    };
    let scale = move || {
        canvas
            .get()
            .map(|el| {
                let rect = el.get_bounding_client_rect();
                (
                    el.width() as f64 / rect.width().max(1.0),
                    el.height() as f64 / rect.height().max(1.0),
                )
            })
            .unwrap_or((1.0, 1.0))
    };
    let select_box = move |x0: f64, y0: f64, x1: f64, y1: f64| {
        let rows = drawn.with_value(|d| d.pick(x0, y0, x1, y1));
        ctx.select_rows(&rows);
        if let Some(&first) = rows.first() {
            ctx.focus_row.set(Some(first));
        }
    };

    let export_png = move |_| {
        let Some(el) = canvas.get() else { return };
        let Ok(url) = el.to_data_url() else { return };
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Ok(a) = doc.create_element("a") {
                let a: web_sys::HtmlAnchorElement = a.unchecked_into();
                a.set_href(&url);
                a.set_download("voscope-plot.png");
                a.click();
            }
        }
    };
    let export_svg = move |_| {
        let s = spec.get_untracked();
        let sel = ctx.selection.get_untracked();
        let out = untrack(|| prepared(&s)).and_then(|p| draw::svg(&p, s.kind, &sel));
        match out {
            Ok(text) => {
                if let Err(e) = download("voscope-plot.svg", "image/svg+xml", text.as_bytes()) {
                    problem.set(Some(e));
                }
            }
            Err(e) => problem.set(Some(e)),
        }
    };

    let kinds = [
        (Kind::Sky, "Sky"),
        (Kind::Histogram, "Histogram"),
        (Kind::Scatter, "Scatter"),
        (Kind::Time, "Time coverage"),
        (Kind::Energy, "Energy coverage"),
    ];
    let shown = move || ctx.rows.with(|r| r.len());
    view! {
        <div class="plots" id="plots" role="tabpanel" aria-labelledby="tab-plots">
            <div class="tabs" role="tablist" aria-label="Plot" on:keydown=move |ev| crate::ui::util::tablist_keys(&ev)>
                {kinds.into_iter().map(|(k, label)| view! {
                    <button type="button" role="tab" id=format!("plot-{}", label.split(' ').next().unwrap_or("").to_lowercase())
                        aria-selected=move || (spec.get().kind == k).to_string()
                        aria-controls="plot-view" tabindex=move || if spec.get().kind == k { "0" } else { "-1" }
                        class:active=move || spec.get().kind == k
                        on:click=move |_| set_kind(k)>{label}</button>
                }).collect_view()}
            </div>
            <div id="plot-view" role="tabpanel" aria-label=move || format!("{:?} plot", spec.get().kind)>
            <div class="row plot-controls">
                {controls::options(spec, Arc::new(numeric), choose)}
                <button type="button" id="export-png" on:click=export_png>"PNG"</button>
                <button type="button" id="export-svg" on:click=export_svg>"SVG"</button>
            </div>
            {move || problem.get().map(|p| view! { <p class="hint warn" id="plot-problem">{p}</p> })}
            {move || note.get().map(|n| view! { <p class="hint" id="plot-note">{n}</p> })}
            <div class="canvas-wrap">
                <canvas node_ref=canvas id="plot-canvas" width=WIDTH height=HEIGHT role="img"
                    aria-label=move || format!("{:?} plot of the result", spec.get().kind)
                    on:mousedown=move |ev| { if let Some((x, y)) = canvas_xy(&ev) { drag.set(Some((x, y, x, y))); } }
                    on:mousemove=move |ev| { if let (Some((x0, y0, _, _)), Some((x, y))) = (drag.get_untracked(), canvas_xy(&ev)) { drag.set(Some((x0, y0, x, y))); } }
                    on:mouseup=move |ev| {
                        if let (Some((x0, y0, _, _)), Some((x, y))) = (drag.get_untracked(), canvas_xy(&ev)) {
                            let (sx, sy) = scale();
                            select_box(x0 * sx, y0 * sy, x * sx, y * sy);
                        }
                        drag.set(None);
                    }
                ></canvas>
                {move || drag.get().map(|(x0, y0, x1, y1)| {
                    // CSSOM properties, not a style attribute (which a strict CSP refuses).
                    view! { <div class="drag-box" style:left=format!("{}px", x0.min(x1)) style:top=format!("{}px", y0.min(y1))
                        style:width=format!("{}px", (x1 - x0).abs()) style:height=format!("{}px", (y1 - y0).abs())></div> }
                })}
            </div>
            <p class="row tight plot-selection">
                <span role="status" id="plot-selected">{move || match ctx.selection.with(|s| s.len()) {
                    0 => "No row selected: drag a box or click a point.".to_owned(),
                    n => format!("{n} of {} rows selected (red, drawn larger).", shown()),
                }}</span>
                <button type="button" id="plot-clear-selection" disabled=move || ctx.selection.with(|s| s.is_empty())
                    on:click=move |_| ctx.select_rows(&[])>"Clear selection"</button>
            </p>
            <p class="hint" id="plot-stats">{move || {
                let (n, px, ms) = stats.get();
                format!("{n} drawn · {px} pixels/bins · {ms:.0} ms")
            }}</p>
            </div>
        </div>
    }
}
