//! Looking at all the rows a query matches when the browser holds only some: the TAP
//! service counts them, bins them into a histogram, and counts them per sky cell
//! (HEALPix when the service declares ivo_healpix_index, an RA/Dec grid otherwise).
//! Only the bins travel; the ADQL of each aggregate is shown, so it can be rerun.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::aggregate;
use crate::app::plot::data;
use crate::app::plot::hist::Histogram;
use crate::app::plot::Projection;
use crate::app::tableview::RowSet;
use crate::net::tap::sync_table_cancellable;
use crate::standards::tap::ServiceUrl;
use crate::ui::state::result_context::ResultContext;
use crate::ui::state::use_state;
use crate::ui::widgets::plots::{draw_canvas, log_or, Kind, Prepared, HEIGHT, WIDTH};

/// HEALPix order of the sky density (order 5: 12288 cells of ~1.8°).
const HEALPIX_ORDER: u8 = 5;
/// RA/Dec cell size, in degrees, where HEALPix is not available.
const GRID_STEP: f64 = 2.0;

#[derive(Clone, Debug, Default)]
struct Outcome {
    /// The ADQL sent, for the user to see and reuse.
    adql: Vec<String>,
    summary: String,
    error: Option<String>,
}

#[component]
pub fn Aggregates(ctx: ResultContext) -> impl IntoView {
    let state = use_state();
    let (service, query, columns, positions) = ctx.result.with_value(|r| {
        let t = &r.table;
        let numeric: Vec<String> = data::numeric_columns(t)
            .into_iter()
            .map(|j| t.fields[j].name.clone())
            .collect();
        let pos = data::position_columns(t)
            .map(|(a, d)| (t.fields[a].name.clone(), t.fields[d].name.clone()));
        (r.service.clone(), r.adql.clone(), numeric, pos)
    });
    let service = StoredValue::new(service);
    let query = StoredValue::new(query);
    let healpix = move || {
        state.service.with(|s| {
            s.capabilities.as_ref().is_some_and(|c| {
                c.udf_names()
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case("ivo_healpix_index"))
            })
        })
    };
    let column = RwSignal::new(
        ["t_exptime", "em_min", "t_min"]
            .iter()
            .find(|c| columns.iter().any(|n| n == *c))
            .map(|c| (*c).to_owned())
            .or_else(|| columns.first().cloned())
            .unwrap_or_default(),
    );
    let bins = RwSignal::new("40".to_owned());
    let log = RwSignal::new(false);
    let busy = RwSignal::new(false);
    // The running aggregate's request, for the Cancel button.
    let cancel: StoredValue<Option<crate::net::Cancel>, LocalStorage> =
        StoredValue::new_local(None);
    let begin = move || {
        let c = crate::net::Cancel::new();
        cancel.set_value(c.clone());
        busy.set(true);
        c
    };
    let total: RwSignal<Option<Result<u64, String>>> = RwSignal::new(None);
    let outcome = RwSignal::new(Outcome::default());
    let canvas = NodeRef::<leptos::html::Canvas>::new();

    let draw = move |p: Prepared, kind: Kind| {
        if let Some(el) = canvas.get_untracked() {
            match draw_canvas(&el, &p, kind, &RowSet::new(0)) {
                Ok(d) => {
                    let _ = el.set_attribute("data-covered", &d.covered.to_string());
                }
                Err(e) => outcome.update(|o| o.error = Some(e)),
            }
        }
    };

    let service_url = move || ServiceUrl::parse(&service.get_value()).map_err(|e| e.to_string());

    let count = move |_| {
        let Ok(svc) = service_url() else { return };
        let adql = aggregate::count(&query.get_value());
        let c = begin();
        spawn_local(async move {
            let r = sync_table_cancellable(&svc, &adql, None, c.as_ref())
                .await
                .and_then(|t| {
                    aggregate::scalar(&t, "n")
                        .map(|n| n as u64)
                        .ok_or_else(|| "the service's answer has no count".into())
                });
            total.set(Some(r));
            busy.set(false);
        });
    };

    let histogram = move |_| {
        let Ok(svc) = service_url() else { return };
        let name = column.get_untracked();
        let log = log.get_untracked();
        let nbins = match bins.get_untracked().trim().parse::<u32>() {
            Ok(b) if (1..=1000).contains(&b) => b,
            _ => {
                outcome.set(Outcome {
                    error: Some("bins must be a whole number from 1 to 1000".into()),
                    ..Outcome::default()
                });
                return;
            }
        };
        let q = query.get_value();
        let c = begin();
        spawn_local(async move {
            let mut o = Outcome::default();
            let range_q = aggregate::range(&q, &name);
            o.adql.push(range_q.clone());
            let result = async {
                let t = sync_table_cancellable(&svc, &range_q, None, c.as_ref()).await?;
                let lo = aggregate::scalar(&t, "lo").ok_or("the column has no values")?;
                let hi = aggregate::scalar(&t, "hi").ok_or("the column has no values")?;
                let n = aggregate::scalar(&t, "n").unwrap_or(0.0);
                if log && lo <= 0.0 {
                    return Err(format!(
                        "a log axis needs positive values; {name} goes down to {lo}"
                    ));
                }
                let hist_q =
                    aggregate::histogram(&q, &name, lo, hi, nbins, log).ok_or_else(|| {
                        format!("{name} has a single value ({lo}) over the whole query")
                    })?;
                o.adql.push(hist_q.clone());
                let t = sync_table_cancellable(&svc, &hist_q, None, c.as_ref()).await?;
                let counts = aggregate::histogram_counts(&t, nbins)?;
                Ok::<_, String>((lo, hi, n, counts))
            }
            .await;
            match result {
                Ok((lo, hi, n, counts)) => {
                    let h = Histogram::from_counts(lo, hi, counts, log);
                    let top = h.max_count().max(1) as f64;
                    let members = vec![Vec::new(); h.counts.len()];
                    o.summary = format!(
                        "{} values of {name} in {} bins, counted by the service",
                        n as u64,
                        h.counts.len()
                    );
                    let p = Prepared {
                        x: (log_or(lo, log), log_or(hi, log)),
                        y: (0.0, top * 1.08),
                        xlabel: name.clone(),
                        ylabel: "rows".into(),
                        title: o.summary.clone(),
                        logx: log,
                        hist: Some((h, members)),
                        ..Prepared::default()
                    };
                    outcome.set(o);
                    draw(p, Kind::Histogram);
                }
                Err(e) => {
                    o.error = Some(e);
                    outcome.set(o);
                }
            }
            busy.set(false);
        });
    };

    let positions = StoredValue::new(positions);
    let sky = move |_| {
        let Ok(svc) = service_url() else { return };
        let Some((ra, dec)) = positions.get_value() else {
            return;
        };
        let order = healpix().then_some(HEALPIX_ORDER);
        let Some(adql) = aggregate::sky_density(&query.get_value(), &ra, &dec, order, GRID_STEP)
        else {
            return;
        };
        let c = begin();
        spawn_local(async move {
            let mut o = Outcome {
                adql: vec![adql.clone()],
                ..Outcome::default()
            };
            let cells = sync_table_cancellable(&svc, &adql, None, c.as_ref())
                .await
                .and_then(|t| aggregate::sky_cells(&t, order, GRID_STEP));
            match cells {
                Ok(cells) => {
                    let proj = Projection::Hammer { center: 180.0 };
                    let (x0, x1, y0, y1) = proj.bounds();
                    let total: u64 = cells.iter().map(|c| c.2).sum();
                    o.summary = format!(
                        "{total} rows in {} sky cells ({}), counted by the service",
                        cells.len(),
                        match order {
                            Some(k) => format!("HEALPix order {k}"),
                            None => format!("{GRID_STEP}° RA/Dec grid"),
                        }
                    );
                    let p = Prepared {
                        x: (x0, x1),
                        y: (y0, y1),
                        title: o.summary.clone(),
                        cells: cells
                            .iter()
                            .filter_map(|&(a, d, n)| proj.forward(a, d).map(|(x, y)| (x, y, n)))
                            .collect(),
                        sky: Some(proj),
                        ..Prepared::default()
                    };
                    outcome.set(o);
                    draw(p, Kind::Sky);
                }
                Err(e) => {
                    o.error = Some(e);
                    outcome.set(o);
                }
            }
            busy.set(false);
        });
    };

    let has_positions = positions.with_value(Option::is_some);
    view! {
        <section class="aggregates" id="aggregates" aria-labelledby="aggregates-h">
            <h3 id="aggregates-h">"All matching rows, counted by the service"</h3>
            <div class="row tight">
                <button type="button" id="agg-count" on:click=count disabled=move || busy.get()>"Count all rows"</button>
                <span id="agg-total" role="status">{move || match total.get() {
                    None => String::new(),
                    Some(Ok(n)) => format!("{n} rows match the query"),
                    Some(Err(e)) => format!("Counting failed: {e}"),
                }}</span>
            </div>
            <div class="row tight">
                <label for="agg-column">"Histogram of"</label>
                <select id="agg-column" prop:value=move || column.get() on:change=move |ev| column.set(event_target_value(&ev))>
                    {columns.iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
                </select>
                <label for="agg-bins">"bins"</label>
                <input id="agg-bins" class="short" type="number" min="1" max="1000" prop:value=move || bins.get()
                    on:input=move |ev| bins.set(event_target_value(&ev))/>
                <label class="check"><input type="checkbox" id="agg-log" prop:checked=move || log.get()
                    on:change=move |ev| log.set(event_target_checked(&ev))/>"log x"</label>
                <button type="button" id="agg-histogram" on:click=histogram disabled=move || busy.get()>"Histogram on the service"</button>
                {has_positions.then(|| view! {
                    <button type="button" id="agg-sky" on:click=sky disabled=move || busy.get()>
                        {move || if healpix() { "Sky density (HEALPix)" } else { "Sky density (grid)" }}
                    </button>
                })}
            </div>
            {move || busy.get().then(|| view! {
                <div class="row tight">
                    <p class="status" role="status" id="agg-busy">"The service is counting…"</p>
                    <button type="button" id="agg-cancel" on:click=move |_| {
                        if let Some(c) = cancel.get_value() {
                            c.cancel();
                        }
                    }>"Cancel"</button>
                </div>
            })}
            {move || outcome.get().error.map(|e| view! { <p class="banner error" role="alert" id="agg-error">{e}</p> })}
            <div class="canvas-wrap" class:hidden=move || outcome.with(|o| o.summary.is_empty())>
                <canvas node_ref=canvas id="agg-canvas" width=WIDTH height=HEIGHT role="img"
                    aria-label=move || outcome.with(|o| o.summary.clone())></canvas>
            </div>
            <p class="hint" id="agg-summary">{move || outcome.with(|o| o.summary.clone())}</p>
            {move || {
                let adql = outcome.with(|o| o.adql.clone());
                (!adql.is_empty()).then(|| view! {
                    <details class="agg-adql"><summary>"ADQL sent"</summary>
                        {adql.into_iter().map(|q| view! { <pre>{q}</pre> }).collect_view()}
                    </details>
                })
            }}
        </section>
    }
}
