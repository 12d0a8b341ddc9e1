//! Observation filters for ObsCore: time interval (ISO dates, read as MJD), energy range
//! in TeV/GeV/… (turned into em_min/em_max wavelengths), product types, calibration
//! levels, collections and facilities (the choices come from the service itself).

use leptos::prelude::*;

use crate::ui::state::query::regenerate;
use crate::ui::state::use_state;

/// A group of checkboxes over `options`, bound to the chosen values.
#[component]
fn Checks(
    id: &'static str,
    legend: &'static str,
    options: Signal<Vec<String>>,
    chosen: RwSignal<Vec<String>>,
) -> impl IntoView {
    let state = use_state();
    view! {
        <fieldset class="checks" id=id>
            <legend>{legend}</legend>
            {move || {
                let opts = options.get();
                if opts.is_empty() {
                    return view! { <span class="hint">"(none offered)"</span> }.into_any();
                }
                opts.into_iter().map(|o| {
                    let value = o.clone();
                    let value2 = o.clone();
                    view! {
                        <label class="check">
                            <input type="checkbox" value=o.clone()
                                prop:checked=move || chosen.with(|c| c.contains(&value))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let v = value2.clone();
                                    chosen.update(|c| {
                                        c.retain(|x| *x != v);
                                        if on { c.push(v); }
                                    });
                                    regenerate(state, false);
                                }/>
                            {o.clone()}
                        </label>
                    }
                }).collect_view().into_any()
            }}
        </fieldset>
    }
}

#[component]
pub fn ObsCoreFilters() -> impl IntoView {
    let state = use_state();
    let text_input = move |id: &'static str,
                           signal: RwSignal<String>,
                           placeholder: &'static str| {
        view! {
            <input id=id type="text" spellcheck="false" placeholder=placeholder
                prop:value=move || signal.get()
                on:input=move |ev| { signal.set(event_target_value(&ev)); regenerate(state, false); }/>
        }
    };
    let calib_strings: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        let levels: Vec<u8> = calib_strings
            .get()
            .iter()
            .filter_map(|s| s.parse().ok())
            .collect();
        state.calib_levels.set(levels);
        regenerate(state, false);
    });
    view! {
        <details class="panel filters" id="obscore-filters">
            <summary>"Observation filters (ObsCore)"</summary>
            {move || state.choices.with(|c| c.note.clone()).map(|n| view! { <p class="hint">{n}</p> })}
            <div class="row">
                <div class="grow">
                    <label for="time-start">"From (UTC date or MJD)"</label>
                    {text_input("time-start", state.time_start, "2004-01-01")}
                </div>
                <div class="grow">
                    <label for="time-end">"To"</label>
                    {text_input("time-end", state.time_end, "2010-12-31T23:59:59")}
                </div>
            </div>
            <div class="row">
                <div>
                    <label for="energy-min">"Energy from"</label>
                    <input id="energy-min" class="short" type="text" inputmode="decimal" placeholder="0.3"
                        prop:value=move || state.energy_min.get()
                        on:input=move |ev| { state.energy_min.set(event_target_value(&ev)); regenerate(state, false); }/>
                </div>
                <div>
                    <label for="energy-max">"to"</label>
                    <input id="energy-max" class="short" type="text" inputmode="decimal" placeholder="100"
                        prop:value=move || state.energy_max.get()
                        on:input=move |ev| { state.energy_max.set(event_target_value(&ev)); regenerate(state, false); }/>
                </div>
                <div>
                    <label for="energy-unit">"unit"</label>
                    <select id="energy-unit" prop:value=move || state.energy_unit.get()
                        on:change=move |ev| { state.energy_unit.set(event_target_value(&ev)); regenerate(state, false); }>
                        {["keV", "MeV", "GeV", "TeV", "PeV"].into_iter().map(|u| view! { <option value=u>{u}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <p class="hint">"Energies become wavelengths for em_min/em_max (λ = hc/E): an observation matches if its band overlaps."</p>
            <Checks id="dataproduct-types" legend="Product type"
                options=Signal::derive(move || {
                    let offered = state.choices.with(|c| c.dataproduct_types.clone());
                    if offered.is_empty() { vec!["event".into(), "image".into(), "cube".into(), "spectrum".into(), "timeseries".into()] } else { offered }
                })
                chosen=state.dataproduct_types/>
            <Checks id="calib-levels" legend="Calibration level"
                options=Signal::derive(|| (0..=4).map(|l| l.to_string()).collect())
                chosen=calib_strings/>
            <Checks id="collections" legend="Collection"
                options=Signal::derive(move || state.choices.with(|c| c.collections.clone()))
                chosen=state.collections/>
            <Checks id="facilities" legend="Facility"
                options=Signal::derive(move || state.choices.with(|c| c.facilities.clone()))
                chosen=state.facilities/>
        </details>
    }
}
