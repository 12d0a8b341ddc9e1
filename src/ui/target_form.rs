//! Target and radius: a name resolved through Sesame into a position.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::query_editor::regenerate;
use super::state::{use_state, Position, ResolveState};
use crate::{net, sesame};

#[component]
pub fn TargetForm() -> impl IntoView {
    let state = use_state();
    let resolve = move || {
        let name = state.target.get_untracked().trim().to_owned();
        if name.is_empty() {
            state.resolve.set(ResolveState::Failed(
                "Type an object name, e.g. Crab or PKS 2155-304.".into(),
            ));
            return;
        }
        let url = sesame::request_url(
            &state.sesame_url.get_untracked(),
            &state.sesame_resolvers.get_untracked(),
            &name,
        );
        state.resolve.set(ResolveState::Resolving(name.clone()));
        spawn_local(async move {
            let outcome = match net::get(&url).await {
                Err(e) => Err(format!("Sesame: {e}")),
                Ok(r) if r.status >= 400 => Err(format!(
                    "Sesame answered HTTP {}: {}",
                    r.status,
                    crate::tap::response::text_excerpt(&r.body)
                )),
                Ok(r) => sesame::parse(&r.body, &name).map_err(|e| e.to_string()),
            };
            // A newer request replaced this one: drop the late answer.
            if state.resolve.get_untracked() != ResolveState::Resolving(name.clone()) {
                return;
            }
            match outcome {
                Ok(res) => {
                    let Some(best) = res.best() else { return };
                    let Some((ra, dec)) = best.position() else {
                        return;
                    };
                    state.position.set(Some(Position {
                        ra,
                        dec,
                        query: name,
                        oname: best.oname.clone(),
                        otype: best.otype.clone(),
                        resolver: best.short_name().to_owned(),
                        jpos: best.jpos.clone(),
                        aliases: best.aliases.clone(),
                    }));
                    state.resolve.set(ResolveState::Idle);
                    regenerate(state, false);
                }
                Err(msg) => state.resolve.set(ResolveState::Failed(msg)),
            }
        });
    };
    let busy = move || matches!(state.resolve.get(), ResolveState::Resolving(_));
    view! {
        <section class="panel" aria-labelledby="target-h">
            <h2 id="target-h">"Target"</h2>
            <form
                class="row"
                on:submit=move |ev| {
                    ev.prevent_default();
                    resolve();
                }
            >
                <div class="grow">
                    <label for="target-name">"Object name"</label>
                    <input
                        id="target-name"
                        type="text"
                        spellcheck="false"
                        placeholder="Crab, PKS 2155-304, M 31…"
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
                <button id="resolve" type="submit" disabled=busy>
                    {move || if busy() { "Resolving…" } else { "Resolve" }}
                </button>
            </form>
            {move || match state.resolve.get() {
                ResolveState::Resolving(n) => {
                    view! { <p class="status" role="status">"Asking Sesame about " {n} "…"</p> }.into_any()
                }
                ResolveState::Failed(msg) => {
                    view! { <p class="field-error" role="alert" id="resolve-error">{msg}</p> }.into_any()
                }
                ResolveState::Idle => ().into_any(),
            }}
            {move || {
                state
                    .position
                    .get()
                    .map(|p| {
                        let aliases = p.aliases.iter().take(6).cloned().collect::<Vec<_>>().join(" · ");
                        view! {
                            <div class="resolved" id="resolved">
                                <p>
                                    <strong>{p.oname.clone().unwrap_or(p.query.clone())}</strong>
                                    {p.otype.clone().map(|t| view! { <span class="otype">{t}</span> })}
                                    " via "
                                    <span class="resolver">{p.resolver.clone()}</span>
                                </p>
                                <p class="coords">
                                    "RA "
                                    <span id="res-ra">{format!("{:.6}", p.ra)}</span>
                                    "°, Dec "
                                    <span id="res-dec">{format!("{:+.6}", p.dec)}</span>
                                    "° (ICRS)"
                                    {p.jpos.clone().map(|j| view! { <span class="jpos">" = " {j}</span> })}
                                </p>
                                {(!aliases.is_empty()).then(|| view! { <p class="hint">"Also known as " {aliases}</p> })}
                            </div>
                        }
                    })
            }}
        </section>
    }
}
