//! The target panel: a name resolved through Sesame or coordinates typed directly,
//! the radius, and the resolved position as a card.

use leptos::prelude::*;

use crate::standards::adql::obscore::ConeTest;
use crate::standards::coords;
use crate::standards::sesame;
use crate::ui::state::query::{field_test_possible, regenerate};
use crate::ui::state::resolve::{cancel_resolve, resolve};
use crate::ui::state::{use_state, ResolveState};

#[component]
pub fn TargetForm() -> impl IntoView {
    let state = use_state();
    let busy = move || matches!(state.resolve.get(), ResolveState::Resolving(_));
    view! {
        <section class="panel" aria-labelledby="target-h">
            <h2 id="target-h">"Target"</h2>
            <form
                class="row"
                on:submit=move |ev| {
                    ev.prevent_default();
                    resolve(state);
                }
            >
                <div class="grow">
                    <label for="target-name">"Object name or coordinates"</label>
                    <input
                        id="target-name"
                        type="text"
                        spellcheck="false"
                        placeholder="Crab · PKS 2155-304 · 83.633 +22.014 · l=184.56 b=-5.78"
                        prop:value=move || state.target.get()
                        on:input=move |ev| state.target.set(event_target_value(&ev))
                    />
                </div>
                <div>
                    <label for="radius">"Radius (deg)"</label>
                    <input
                        id="radius"
                        class="short"
                        type="text"
                        inputmode="decimal"
                        prop:value=move || state.radius.get()
                        on:input=move |ev| {
                            state.radius.set(event_target_value(&ev));
                            regenerate(state, false);
                        }
                    />
                </div>
                <div>
                    <label for="cone-test">"Match"</label>
                    <select
                        id="cone-test"
                        title="What the cone is tested against. IACTs observe in wobble mode (the pointing 0.5–1.5° off the source), so a run whose field holds the target may point outside a small cone."
                        on:change=move |ev| {
                            state.cone_test.set(event_target_value(&ev));
                            regenerate(state, false);
                        }
                    >
                        <option value="field" selected=move || state.cone_test.get() != "pointing">"Field of view"</option>
                        <option value="pointing" selected=move || state.cone_test.get() == "pointing">"Pointing"</option>
                    </select>
                </div>
                <div>
                    <label for="resolver">"Resolver"</label>
                    <select
                        id="resolver"
                        prop:value=move || state.sesame_resolvers.get()
                        on:change=move |ev| state.sesame_resolvers.set(event_target_value(&ev))
                    >
                        {sesame::RESOLVERS
                            .iter()
                            .map(|(code, label)| view! { <option value=*code>{*label}</option> })
                            .collect_view()}
                    </select>
                </div>
                <button id="resolve" type="submit" disabled=busy>
                    {move || if busy() { "Resolving…" } else { "Resolve" }}
                </button>
            </form>
            <p class="hint" id="cone-test-note">{move || {
                let _ = state.schema.with(|s| s.tables.clone());
                let chosen = ConeTest::parse(&state.cone_test.get());
                match (chosen, field_test_possible(state)) {
                    (ConeTest::Field, Some(false)) => format!(
                        "This service's ivoa.obscore has no s_region: the query tests the {} instead.",
                        ConeTest::Pointing.describe()
                    ),
                    (t, _) => format!("Finds observations whose {}.", t.describe()),
                }
            }}</p>
            {move || match state.resolve.get() {
                ResolveState::Resolving(n) => {
                    view! {
                        <div class="row tight">
                            <p class="status" role="status" id="resolving">"Asking Sesame about " {n} "…"</p>
                            <button type="button" id="cancel-resolve" on:click=move |_| cancel_resolve(state)>"Cancel"</button>
                        </div>
                    }.into_any()
                }
                ResolveState::Failed(msg) => {
                    view! { <p class="field-error" role="alert" id="resolve-error" tabindex="-1">{msg}</p> }.into_any()
                }
                ResolveState::Idle => ().into_any(),
            }}
            {move || {
                state
                    .position
                    .get()
                    .map(|p| {
                        let aliases = p.aliases.iter().take(8).cloned().collect::<Vec<_>>().join(" · ");
                        let (l, b) = coords::icrs_to_galactic(p.ra, p.dec);
                        view! {
                            <div class="resolved" id="resolved" tabindex="-1" aria-label="Resolved position">
                                <p>
                                    <strong>{p.oname.clone().unwrap_or(p.query.clone())}</strong>
                                    {p.otype.clone().map(|t| view! { <span class="otype" id="res-otype">{t}</span> })}
                                    " via "
                                    <span class="resolver" id="res-resolver">{p.resolver.clone()}</span>
                                </p>
                                <p class="coords">
                                    "RA "
                                    <span id="res-ra">{format!("{:.6}", p.ra)}</span>
                                    "°, Dec "
                                    <span id="res-dec">{format!("{:+.6}", p.dec)}</span>
                                    "° (ICRS)"
                                    {p.jpos.clone().map(|j| view! { <span class="jpos">" = " {j}</span> })}
                                </p>
                                <p class="coords hint">{format!("l = {l:.4}°, b = {b:+.4}° (galactic)")}</p>
                                {(!aliases.is_empty())
                                    .then(|| view! { <p class="hint" id="res-aliases">"Also known as " {aliases}</p> })}
                            </div>
                        }
                    })
            }}
        </section>
    }
}
