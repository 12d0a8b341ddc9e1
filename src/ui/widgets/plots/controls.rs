//! The controls above a plot: the kind's options (frame, zoom, footprints; column,
//! bins, log axes) and the exports.

use std::sync::Arc;

use leptos::prelude::*;

use super::{Kind, Spec};
use crate::app::plot::data::SkyFrame;

/// A check box bound to one flag of the spec.
fn flag(
    spec: RwSignal<Spec>,
    id: &'static str,
    label: &'static str,
    get: fn(&Spec) -> bool,
    set: fn(&mut Spec, bool),
) -> impl IntoView {
    view! {
        <label class="check"><input type="checkbox" id=id prop:checked=move || get(&spec.get())
            on:change=move |ev| { let v = event_target_checked(&ev); spec.update(|s| set(s, v)); }/>{label}</label>
    }
}

/// The options of the kind shown. `choose` is called with (second axis?, column) when
/// a column is chosen, so the panel can pick its log scale.
pub(super) fn options(
    spec: RwSignal<Spec>,
    numeric: Arc<Vec<(usize, String)>>,
    choose: impl Fn(bool, Option<usize>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let column_select = move |id: &'static str, label: &'static str, second: bool| {
        let numeric = numeric.clone();
        view! {
            <label for=id>{label}</label>
            <select id=id prop:value=move || {
                let s = spec.get();
                (if second { s.column2 } else { s.column }).map(|j| j.to_string()).unwrap_or_default()
            } on:change=move |ev| choose(second, event_target_value(&ev).parse::<usize>().ok())>
                {numeric.iter().map(|(j, n)| view! { <option value=j.to_string()>{n.clone()}</option> }).collect_view()}
            </select>
        }
    };
    move || {
        match spec.get().kind {
        Kind::Sky => view! {
            {flag(spec, "sky-galactic", "galactic", |s| s.frame == SkyFrame::Galactic,
                |s, g| s.frame = if g { SkyFrame::Galactic } else { SkyFrame::Icrs })}
            {flag(spec, "sky-zoom", "zoom on the field", |s| s.zoom, |s, v| s.zoom = v)}
            {flag(spec, "sky-footprints", "footprints (s_region)", |s| s.footprints, |s, v| s.footprints = v)}
        }
        .into_any(),
        Kind::Histogram => view! {
            <div>{column_select("hist-column", "column", false)}</div>
            <div>
                <label for="hist-bins">"bins"</label>
                <input id="hist-bins" class="short" type="number" min="1" max="1000" prop:value=move || spec.get().bins.to_string()
                    on:input=move |ev| { if let Ok(b) = event_target_value(&ev).parse::<usize>() { spec.update(|s| s.bins = b.clamp(1, 1000)); } }/>
            </div>
            {flag(spec, "hist-logx", "log x", |s| s.logx, |s, v| s.logx = v)}
            {flag(spec, "hist-logy", "log counts", |s| s.logy, |s, v| s.logy = v)}
        }
        .into_any(),
        Kind::Scatter => view! {
            <div>{column_select("scatter-x", "x", false)}</div>
            <div>{column_select("scatter-y", "y", true)}</div>
            {flag(spec, "scatter-logx", "log x", |s| s.logx, |s, v| s.logx = v)}
            {flag(spec, "scatter-logy", "log y", |s| s.logy, |s, v| s.logy = v)}
        }
        .into_any(),
        Kind::Time | Kind::Energy => view! {
            <span class="hint">"Each row is one observation, sorted by its start; drag to select."</span>
        }
        .into_any(),
    }
    }
}
