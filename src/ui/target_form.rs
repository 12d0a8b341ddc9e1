//! Target and radius: a name resolved through Sesame (resolver and mirror of the user's
//! choice, answers kept for the session), or coordinates typed directly.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::query_editor::regenerate;
use super::state::{use_state, AppState, Position, ResolveState};
use crate::net;
use crate::standards::coords::{self, Frame};
use crate::standards::sesame;

fn cache_key(state: AppState, name: &str) -> String {
    format!(
        "{}|{}|{}",
        state.sesame_url.get_untracked(),
        state.sesame_resolvers.get_untracked(),
        name.trim().to_lowercase()
    )
}

/// Stops a resolution: the request is aborted and the name stays as typed.
pub fn cancel_resolve(state: AppState) {
    if let Some(c) = state.resolve_cancel.get_value() {
        c.cancel();
    }
    state.resolve_cancel.set_value(None);
    if let ResolveState::Resolving(n) = state.resolve.get_untracked() {
        state.resolve.set(ResolveState::Failed(format!(
            "You cancelled resolving {n}. Resolve again, or type coordinates."
        )));
    }
}

pub fn resolve(state: AppState) {
    let name = state.target.get_untracked().trim().to_owned();
    if name.is_empty() {
        state.resolve.set(ResolveState::Failed(
            "Type an object name (Crab, PKS 2155-304) or coordinates (83.633 +22.014, 05:34:31.9 +22:00:52, l=184.56 b=-5.78).".into(),
        ));
        return;
    }
    // Coordinates typed directly need no resolver.
    if let Some(typed) = coords::parse(&name, Frame::Icrs) {
        match typed {
            Ok(t) => {
                state.position.set(Some(Position {
                    ra: t.ra,
                    dec: t.dec,
                    query: name,
                    oname: None,
                    otype: None,
                    resolver: match t.frame {
                        Frame::Icrs => "typed ICRS coordinates".into(),
                        Frame::Galactic => "typed galactic coordinates".into(),
                    },
                    jpos: Some(coords::sexagesimal(t.ra, t.dec)),
                    aliases: Vec::new(),
                }));
                state.resolve.set(ResolveState::Idle);
                regenerate(state, false);
            }
            Err(e) => state.resolve.set(ResolveState::Failed(e)),
        }
        return;
    }
    let key = cache_key(state, &name);
    if let Some(p) = state.resolved_cache.with_value(|c| c.get(&key).cloned()) {
        state.position.set(Some(p));
        state.resolve.set(ResolveState::Idle);
        regenerate(state, false);
        return;
    }
    let url = sesame::request_url(
        &state.sesame_url.get_untracked(),
        &state.sesame_resolvers.get_untracked(),
        &name,
    );
    state.resolve.set(ResolveState::Resolving(name.clone()));
    let cancel = net::Cancel::new();
    if let Some(old) = state.resolve_cancel.get_value() {
        old.cancel();
    }
    state.resolve_cancel.set_value(cancel.clone());
    spawn_local(async move {
        let outcome = match net::get_cancellable(&url, cancel.as_ref()).await {
            Err(net::NetError::Cancelled) => return,
            Err(e) => Err(format!("Sesame: {e}")),
            Ok(r) if r.status >= 400 => Err(format!(
                "Sesame answered HTTP {}: {}",
                r.status,
                crate::standards::tap::response::text_excerpt(&r.body)
            )),
            Ok(r) => sesame::parse(&r.body, &name).map_err(|e| e.to_string()),
        };
        // A newer request replaced this one: drop the late answer.
        if state.resolve.get_untracked() != ResolveState::Resolving(name.clone()) {
            return;
        }
        state.resolve_cancel.set_value(None);
        match outcome {
            Ok(res) => {
                let Some((best, (ra, dec))) = res.best().and_then(|b| Some((b, b.position()?)))
                else {
                    state.resolve.set(ResolveState::Failed(format!(
                        "Sesame answered but gave no position for {name}."
                    )));
                    return;
                };
                // Aliases and object type from every resolver that answered.
                let mut aliases: Vec<String> = Vec::new();
                for r in &res.resolvers {
                    for a in &r.aliases {
                        if !aliases.contains(a) {
                            aliases.push(a.clone());
                        }
                    }
                }
                let p = Position {
                    ra,
                    dec,
                    query: name,
                    oname: best.oname.clone(),
                    otype: best.otype.clone(),
                    resolver: best.short_name().to_owned(),
                    jpos: best.jpos.clone(),
                    aliases,
                };
                state.resolved_cache.update_value(|c| {
                    c.insert(key, p.clone());
                });
                state.position.set(Some(p));
                state.resolve.set(ResolveState::Idle);
                regenerate(state, false);
            }
            Err(msg) => state.resolve.set(ResolveState::Failed(msg)),
        }
    });
}

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
                    view! { <p class="field-error" role="alert" id="resolve-error">{msg}</p> }.into_any()
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
                            <div class="resolved" id="resolved">
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
