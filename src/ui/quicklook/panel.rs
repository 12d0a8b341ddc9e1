//! The quick-look panel: one run or a stack of runs, as an IACT astronomer looks at them
//! first — counts map, θ² with the Li & Ma significance, counts spectrum, light curve,
//! the run's instrument response and its facts — with the cuts to change and every plot
//! exportable. Reads the quick-look state; binning and plots are pure code.

use std::sync::Arc;

use leptos::prelude::*;

use super::work::{use_quicklook, LoadedRun, Phase};
use crate::app::plot::chart::Chart;
use crate::app::quicklook::charts::{self, CurveOf};
use crate::app::quicklook::counts_map::{MapGeometry, Projection};
use crate::app::quicklook::run_facts::{run_facts, RunFacts};
use crate::app::quicklook::stack::{Stack, StackConfig};
use crate::app::quicklook::EnergyRange;
use crate::ui::widgets::chart_view::ChartView;

use crate::app::quicklook::HESS_ATTRIBUTION;

/// The cuts and binning, as typed (a bad value is said where it is typed).
#[derive(Clone, Debug, PartialEq)]
struct Cuts {
    centre: Centre,
    theta2_cut: String,
    e_min: String,
    e_max: String,
    map_size: String,
    map_bin: String,
    projection: Projection,
    log_map: bool,
    lc_bin: String,
    lc_of: CurveOf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Centre {
    /// The resolved target of the page, else the runs' own target (RA_OBJ, DEC_OBJ).
    Target,
    Pointing,
}

impl Default for Cuts {
    fn default() -> Self {
        Cuts {
            centre: Centre::Target,
            theta2_cut: "0.0125".into(),
            e_min: String::new(),
            e_max: String::new(),
            map_size: "3".into(),
            // 0.05° pixels: a few counts each for one run, the PSF still resolved.
            map_bin: "0.05".into(),
            projection: Projection::Tangent,
            log_map: true,
            lc_bin: "600".into(),
            lc_of: CurveOf::ExcessRate,
        }
    }
}

impl Cuts {
    /// What is cut and how it is binned, in one line (the closed form's summary).
    fn summary(&self) -> String {
        let energy = match (self.e_min.trim(), self.e_max.trim()) {
            ("", "") => "all energies".to_owned(),
            (a, "") => format!("E ≥ {a} TeV"),
            ("", b) => format!("E < {b} TeV"),
            (a, b) => format!("{a} ≤ E < {b} TeV"),
        };
        format!(
            "θ² < {} deg², {energy}, {}° map in {}° pixels, {} s bins",
            self.theta2_cut.trim(),
            self.map_size.trim(),
            self.map_bin.trim(),
            self.lc_bin.trim()
        )
    }
}

fn number(text: &str, what: &str, ok: impl Fn(f64) -> bool) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && ok(v) => Ok(Some(v)),
        _ => Err(format!("{what}: {t:?} is not a usable value")),
    }
}

/// Everything drawn for the runs read.
struct Analysis {
    stack: Stack,
    centre_note: String,
    charts: Vec<Arc<Chart>>,
    irfs: Vec<Arc<Chart>>,
    facts: Vec<RunFacts>,
    ms: f64,
}

fn analyse(
    runs: &[Arc<LoadedRun>],
    cuts: &Cuts,
    page_target: Option<(f64, f64, String)>,
) -> Result<Analysis, String> {
    let started = js_sys::Date::now();
    let first = runs.first().ok_or("no runs")?;
    let ev = &first.run.events;
    let (target, centre_note) = match (page_target, first.run.target()) {
        (Some((ra, dec, name)), _)
            if crate::app::quicklook::sky::separation_deg(ra, dec, ev.ra_pnt, ev.dec_pnt) < 3.0 =>
        {
            ((ra, dec), format!("target {name} (as resolved)"))
        }
        (_, Some(t)) => (
            t,
            format!(
                "target {} (RA_OBJ, DEC_OBJ of run {})",
                ev.object.clone().unwrap_or_default(),
                ev.obs_id
            ),
        ),
        _ => (
            (ev.ra_pnt, ev.dec_pnt),
            format!(
                "the pointing of run {} (the file names no target)",
                ev.obs_id
            ),
        ),
    };
    let mut cfg = StackConfig::quicklook(target);
    if let Some(c) = number(&cuts.theta2_cut, "θ² cut", |v| v > 0.0 && v < 1.0)? {
        cfg.theta2.theta2_cut_deg2 = c;
    }
    let energy = EnergyRange {
        min_tev: number(&cuts.e_min, "E min", |v| v >= 0.0)?.unwrap_or(0.0),
        max_tev: number(&cuts.e_max, "E max", |v| v > 0.0)?.unwrap_or(f64::INFINITY),
    };
    if energy.min_tev >= energy.max_tev {
        return Err("E min must be below E max".into());
    }
    cfg.map_energy = energy;
    cfg.theta2.energy = energy;
    cfg.light_curve.energy = energy;
    let size = number(&cuts.map_size, "map size", |v| v > 0.0 && v <= 20.0)?.unwrap_or(3.0);
    let bin = number(&cuts.map_bin, "pixel size", |v| (0.002..=1.0).contains(&v))?.unwrap_or(0.05);
    let n = ((size / bin).round() as usize).clamp(4, 600);
    let (cra, cdec) = match cuts.centre {
        Centre::Target => target,
        Centre::Pointing => (ev.ra_pnt, ev.dec_pnt),
    };
    cfg.map = MapGeometry {
        centre_ra: cra,
        centre_dec: cdec,
        nx: n,
        ny: n,
        bin_deg: bin,
        projection: cuts.projection,
    };
    if let Some(b) = number(&cuts.lc_bin, "time bin", |v| v >= 1.0)? {
        cfg.light_curve.bin_s = b;
    }
    let mut stack = Stack::new(cfg);
    for r in runs {
        stack.add(&r.run);
    }
    let pointings: Vec<(f64, f64)> = runs
        .iter()
        .map(|r| (r.run.events.ra_pnt, r.run.events.dec_pnt))
        .collect();
    let charts = vec![
        charts::counts_map(&stack, &pointings, cuts.log_map),
        charts::theta2(&stack),
        charts::spectrum(&stack),
        charts::light_curve(&stack, cuts.lc_of),
    ]
    .into_iter()
    .map(Arc::new)
    .collect();
    let irfs = [
        charts::effective_area(&first.run),
        charts::psf_radius(&first.run),
        charts::energy_dispersion(&first.run),
        charts::background_rate(&first.run),
    ]
    .into_iter()
    .flatten()
    .map(Arc::new)
    .collect();
    let facts = runs.iter().map(|r| run_facts(&r.run)).collect();
    Ok(Analysis {
        stack,
        centre_note,
        charts,
        irfs,
        facts,
        ms: js_sys::Date::now() - started,
    })
}

fn fmt(v: Option<f64>, digits: usize) -> String {
    v.map(|x| format!("{x:.digits$}"))
        .unwrap_or_else(|| "—".into())
}

#[component]
fn Facts(facts: Vec<RunFacts>) -> impl IntoView {
    let rows = facts
        .into_iter()
        .map(|f| {
            view! {
                <tr>
                    <td>{f.obs_id}</td>
                    <td>{f.object.clone().unwrap_or_default()}</td>
                    <td>{format!("{:.4}, {:+.4}", f.ra_pnt, f.dec_pnt)}</td>
                    <td>{fmt(f.offset_deg, 2)}</td>
                    <td>{fmt(f.zenith_deg, 1)}</td>
                    <td>{f.start_utc.clone().unwrap_or_default()}</td>
                    <td>{format!("{:.0}", f.livetime_s)}</td>
                    <td>{format!("{:.1}", f.deadtime_fraction * 100.0)}</td>
                    <td>{format!("{} ({:.0} s)", f.gti.len(), f.gti_total_s)}</td>
                    <td>{f.n_events}</td>
                    <td>{format!("{:.8}", f.mjdref)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="scroll-x">
            <table class="columns" id="ql-facts">
                <caption>"Run facts (EVENTS header)"</caption>
                <thead><tr>
                    <th>"obs_id"</th><th>"object"</th><th>"pointing RA, Dec [deg]"</th><th>"offset [deg]"</th>
                    <th>"zenith [deg]"</th><th>"start (UTC)"</th><th>"livetime [s]"</th><th>"deadtime [%]"</th>
                    <th>"GTIs"</th><th>"events"</th><th>"MJDREF (TT)"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn QuicklookPanel() -> impl IntoView {
    let q = use_quicklook();
    let cuts = RwSignal::new(Cuts::default());
    let section = NodeRef::<leptos::html::Section>::new();
    // A new quick-look is brought into view and focused, wherever the user started it.
    Effect::new(move |prev: Option<u64>| {
        let shown = q.shown.get();
        if prev.is_some_and(|p| p != shown) || (prev.is_none() && shown > 0) {
            // After the panel is shown (it is hidden while idle) and laid out.
            crate::ui::util::after_next_paint(move || {
                if let Some(el) = section.get_untracked() {
                    el.scroll_into_view();
                    let _ = el.focus();
                }
            });
        }
        shown
    });
    let analysis: RwSignal<Option<Result<Arc<Analysis>, String>>, LocalStorage> =
        RwSignal::new_local(None);
    Effect::new(move |_| {
        let phase = q.phase.get();
        let c = cuts.get();
        let ready = matches!(phase, Phase::Ready | Phase::Cancelled(_));
        let out = q.runs.with(|runs| {
            (ready && !runs.is_empty()).then(|| {
                let page_target = q.target.get_untracked();
                analyse(runs, &c, page_target).map(Arc::new)
            })
        });
        analysis.set(out);
    });
    let set = move |f: fn(&mut Cuts, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            cuts.update(|c| f(c, v));
        }
    };
    let hess = move || {
        q.runs.with(|r| {
            r.iter().any(|l| {
                l.label.to_ascii_lowercase().contains("hess")
                    || l.url.as_deref().is_some_and(|u| u.contains("hess_dl3_dr1"))
            })
        })
    };
    let single_url = move || {
        q.runs.with(|r| match r.as_slice() {
            [one] => one.url.clone().map(|u| (u, one.label.clone())),
            _ => None,
        })
    };
    view! {
        <section class="panel quicklook" id="quicklook" aria-labelledby="ql-h" tabindex="-1" node_ref=section
            class:hidden=move || q.phase.with(|p| *p == Phase::Idle)>
            <div class="row tight results-head">
                <h2 id="ql-h">"Quick-look "
                    {move || q.runs.with(|r| match r.len() {
                        0 => String::new(),
                        1 => format!("of {}", r[0].label),
                        n => format!("of {n} runs stacked"),
                    })}
                </h2>
                <button type="button" id="ql-close" aria-label="Close the quick-look" on:click=move |_| q.close()>"✕"</button>
            </div>
            {move || match q.phase.get() {
                Phase::Working { step, progress } => view! {
                    <div class="row tight" role="status" id="ql-progress">
                        <progress max=progress.total.unwrap_or(1.0) value=progress.done></progress>
                        <span>{step}</span>
                        <span class="hint" id="ql-progress-figures">{progress.describe()}</span>
                        <button type="button" id="ql-cancel" on:click=move |_| q.cancel()>"Cancel"</button>
                    </div>
                }.into_any(),
                Phase::Failed(e) => view! { <div class="banner error" role="alert" id="ql-error">{e}</div> }.into_any(),
                Phase::Cancelled(e) => view! { <div class="banner note" role="status" id="ql-cancelled">{e}</div> }.into_any(),
                _ => ().into_any(),
            }}
            {move || q.problems.with(|p| (!p.is_empty()).then(|| {
                let items = p.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view();
                view! { <div class="banner error" role="alert" id="ql-problems"><p>"Not read:"</p><ul>{items}</ul></div> }
            }))}
            {move || hess().then(|| view! { <p class="hint attribution" id="ql-attribution">{HESS_ATTRIBUTION}</p> })}
            {move || single_url().map(|(url, name)| view! {
                <p class="row tight">
                    <button type="button" id="ql-samp-send" on:click=move |_| q.to_send.set(Some((url.clone(), name.clone())))>
                        "Send the event list over SAMP (table.load.fits)"
                    </button>
                </p>
            })}
            {move || analysis.get().map(|a| match a {
                Err(e) => view! { <p class="field-error" role="alert" id="ql-cut-error">{e}</p> }.into_any(),
                Ok(a) => {
                    let t = &a.stack.theta2;
                    view! {
                        <dl class="ql-signal" id="ql-signal">
                            <div class="wide"><dt>"Target"</dt><dd id="ql-target" data-ra=a.stack.config.target.0.to_string() data-dec=a.stack.config.target.1.to_string()>
                                {format!("{}: RA {:.5}°, Dec {:+.5}°", a.centre_note, a.stack.config.target.0, a.stack.config.target.1)}
                            </dd></div>
                            <div><dt>"Runs"</dt><dd id="ql-runs">{a.stack.runs.len()}</dd></div>
                            <div><dt>"Events"</dt><dd id="ql-events">{a.stack.n_events}</dd></div>
                            <div><dt>"Livetime"</dt><dd>{format!("{:.2} h", a.stack.livetime_s / 3600.0)}</dd></div>
                            <div><dt>"N_on"</dt><dd id="ql-non">{t.n_on}</dd></div>
                            <div><dt>"N_off"</dt><dd id="ql-noff">{t.n_off}</dd></div>
                            <div><dt>"α"</dt><dd id="ql-alpha">{format!("{:.4}", t.alpha())}</dd></div>
                            <div><dt>"Excess"</dt><dd id="ql-excess">{format!("{:.1}", t.excess())}</dd></div>
                            <div><dt>"Significance"</dt><dd id="ql-sigma">{format!("{:.1}σ", t.significance())}</dd></div>
                        </dl>
                    }.into_any()
                }
            })}
        <details class="ql-cuts-box">
                        <summary id="ql-cuts-toggle">"Cuts and binning: " {move || cuts.with(Cuts::summary)}</summary>
                        <fieldset class="ql-cuts" id="ql-cuts">
                            <legend class="visually-hidden">"Cuts and binning"</legend>
                            <label>"Centre "
                                <select id="ql-centre" on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    cuts.update(|c| c.centre = if v == "pointing" { Centre::Pointing } else { Centre::Target });
                                }>
                                    <option value="target">"target"</option>
                                    <option value="pointing">"pointing"</option>
                                </select>
                            </label>
                            <label>"θ² cut [deg²] "<input id="ql-theta2-cut" type="text" inputmode="decimal" size="7"
                                prop:value=move || cuts.with(|c| c.theta2_cut.clone()) on:change=set(|c, v| c.theta2_cut = v)/></label>
                            <label>"E min [TeV] "<input id="ql-emin" type="text" inputmode="decimal" size="6" placeholder="all"
                                prop:value=move || cuts.with(|c| c.e_min.clone()) on:change=set(|c, v| c.e_min = v)/></label>
                            <label>"E max [TeV] "<input id="ql-emax" type="text" inputmode="decimal" size="6" placeholder="all"
                                prop:value=move || cuts.with(|c| c.e_max.clone()) on:change=set(|c, v| c.e_max = v)/></label>
                            <label>"map size [deg] "<input id="ql-map-size" type="text" inputmode="decimal" size="4"
                                prop:value=move || cuts.with(|c| c.map_size.clone()) on:change=set(|c, v| c.map_size = v)/></label>
                            <label>"pixel [deg] "<input id="ql-map-bin" type="text" inputmode="decimal" size="5"
                                prop:value=move || cuts.with(|c| c.map_bin.clone()) on:change=set(|c, v| c.map_bin = v)/></label>
                            <label>"projection "
                                <select id="ql-projection" on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    cuts.update(|c| c.projection = if v == "car" { Projection::PlateCarree } else { Projection::Tangent });
                                }>
                                    <option value="tan">"tangent plane"</option>
                                    <option value="car">"plate carrée"</option>
                                </select>
                            </label>
                            <label><input id="ql-log" type="checkbox" prop:checked=move || cuts.with(|c| c.log_map)
                                on:change=move |ev| { let on = event_target_checked(&ev); cuts.update(|c| c.log_map = on) }/>" log colours"</label>
                            <label>"time bin [s] "<input id="ql-lc-bin" type="text" inputmode="numeric" size="5"
                                prop:value=move || cuts.with(|c| c.lc_bin.clone()) on:change=set(|c, v| c.lc_bin = v)/></label>
                            <label>"light curve of "
                                <select id="ql-lc-of" on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    cuts.update(|c| c.lc_of = if v == "rate" { CurveOf::Rate } else { CurveOf::ExcessRate });
                                }>
                                    <option value="excess">"excess rate"</option>
                                    <option value="rate">"all events"</option>
                                </select>
                            </label>
                            <p class="hint">"Changes apply when a field is left (Tab or Enter)."</p>
                        </fieldset>
                        </details>
        {move || analysis.get().and_then(Result::ok).map(|a| view! {

                        <p class="hint">{format!("Binned in {:.0} ms. A quick look, not an analysis: no new claims about the sources.", a.ms)}</p>
                        <div class="charts">
                            {a.charts.iter().cloned().map(|c| view! { <ChartView chart=c/> }).collect_view()}
                        </div>
                        <h3>"Instrument response"</h3>
                        {if a.irfs.is_empty() {
                            view! { <p class="hint">"The file has no IRF HDUs (AEFF, PSF, EDISP, BKG)."</p> }.into_any()
                        } else {
                            view! { <div class="charts">{a.irfs.iter().cloned().map(|c| view! { <ChartView chart=c/> }).collect_view()}</div> }.into_any()
                        }}
                        <Facts facts=a.facts.clone()/>
        })}
        </section>
    }
}
