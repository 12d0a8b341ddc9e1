//! What the page was started with, put into the forms: then the target resolved and
//! the query run when the link asks for it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::launch::Launch;
use crate::ui::state::{AppState, ResolveState};

/// Puts what the page was started with into the forms; resolves the target and runs
/// the query when asked to.
pub fn apply_launch(state: AppState, launch: &Launch) {
    if let Some(s) = &launch.service {
        state.service_url.set(s.clone());
    }
    if let Some(r) = &launch.radius {
        state.radius.set(r.clone());
    }
    if let Some(v) = launch.view {
        state.result_view.set(v);
    }
    if let Some(q) = &launch.adql {
        state.adql.set(q.clone());
        state.adql_edited.set(true);
    }
    let target = launch.target.clone();
    let run = launch.run;
    if let Some(t) = &target {
        state.target.set(t.clone());
    }
    if target.is_none() && !run {
        return;
    }
    spawn_local(async move {
        if target.is_some() {
            crate::ui::state::resolve::resolve(state);
            // The resolution is bounded by Sesame's own answer; wait for it.
            for _ in 0..600 {
                if !matches!(state.resolve.get_untracked(), ResolveState::Resolving(_)) {
                    break;
                }
                crate::ui::util::sleep_ms(50).await;
            }
        }
        if run && !state.adql.get_untracked().trim().is_empty() {
            crate::ui::state::query::run_query(state);
        }
    });
}
