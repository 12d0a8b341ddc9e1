//! The page's link. The address bar follows the query (service, target, radius, ADQL,
//! view) so that a reload or a copied address reopens it; "Copy link" gives a link that
//! also runs it. Inside a portal (`<vo-scope>`) the portal's address is never touched:
//! the copied link opens voscope's own page where it is hosted.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::app::launch::{self, LinkState};
use crate::ui::state::boot::Mode;
use crate::ui::state::AppState;

/// `?service=…` for the state as it is now (tracked: an effect re-runs on changes).
fn link_query(state: AppState, embed: bool, run: bool) -> String {
    let service = state.service_url.get();
    let target = state.target.get();
    let radius = state.radius.get();
    let adql = state.adql.get();
    let edited = state.adql_edited.get();
    let view = state.result_view.get();
    launch::to_query(&LinkState {
        service: &service,
        target: &target,
        radius: &radius,
        // Generated ADQL is made again from the target; only typed ADQL must travel.
        adql: if edited { &adql } else { "" },
        view,
        embed,
        run,
    })
}

/// Keeps the address bar in step with the query, a quarter second after the last
/// change (typing does not flood the browser's history API).
pub fn follow_in_address_bar(state: AppState, embed: bool) {
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let query = link_query(state, embed, false);
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                if generation.get_value() == mine {
                    replace_query(&query);
                }
            },
            Duration::from_millis(250),
        );
    });
}

fn replace_query(query: &str) {
    let Some(w) = web_sys::window() else { return };
    let l = w.location();
    let path = l.pathname().unwrap_or_default();
    let hash = l.hash().unwrap_or_default();
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{query}{hash}")));
    }
}

/// The link to give someone: it opens this query and runs it.
fn share_url(state: AppState, mode: Mode, base: &str) -> String {
    let query = link_query(state, mode == Mode::Iframe, true);
    let here = web_sys::window().and_then(|w| {
        let l = w.location();
        Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
    });
    match mode {
        Mode::Element => format!("{base}index.html{query}"),
        Mode::Page | Mode::Iframe => format!("{}{query}", here.unwrap_or_default()),
    }
}

pub fn state_url(state: AppState, boot: &crate::ui::state::boot::Boot) -> String {
    // Read untracked: this is an event handler, not a view.
    leptos::prelude::untrack(|| share_url(state, boot.mode, &boot.base))
}
