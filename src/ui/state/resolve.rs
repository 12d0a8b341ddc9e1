//! Target and radius: a name resolved through Sesame (resolver and mirror of the user's
//! choice, answers kept for the session), or coordinates typed directly.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::net;
use crate::standards::coords::{self, Frame};
use crate::standards::sesame;
use crate::ui::state::query::{clear_stale_outcome, regenerate};
use crate::ui::state::{AppState, Position, ResolveState};

/// A position found: it replaces the previous one, the generated query follows, and
/// what an earlier query left (a message) is cleared; the position card gets the focus.
fn resolved(state: AppState, p: Position) {
    state.position.set(Some(p));
    state.resolve.set(ResolveState::Idle);
    regenerate(state, false);
    clear_stale_outcome(state);
    crate::ui::util::focus_soon("resolved");
}

/// No position: the previous target's card and its generated query go, so that Run
/// cannot quietly ask about the old object; the message gets the focus.
fn not_resolved(state: AppState, msg: String) {
    state.position.set(None);
    state.resolve.set(ResolveState::Failed(msg));
    regenerate(state, false);
    clear_stale_outcome(state);
    crate::ui::util::focus_soon("resolve-error");
}

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
        not_resolved(state,
            "Type an object name (Crab, PKS 2155-304) or coordinates (83.633 +22.014, 05:34:31.9 +22:00:52, l=184.56 b=-5.78).".into(),
        );
        return;
    }
    // Coordinates typed directly need no resolver.
    if let Some(typed) = coords::parse(&name, Frame::Icrs) {
        match typed {
            Ok(t) => {
                resolved(
                    state,
                    Position {
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
                    },
                );
            }
            Err(e) => not_resolved(state, e),
        }
        return;
    }
    let key = cache_key(state, &name);
    if let Some(p) = state.resolved_cache.with_value(|c| c.get(&key).cloned()) {
        resolved(state, p);
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
                    not_resolved(
                        state,
                        format!("Sesame answered but gave no position for {name}."),
                    );
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
                resolved(state, p);
            }
            Err(msg) => not_resolved(state, msg),
        }
    });
}
