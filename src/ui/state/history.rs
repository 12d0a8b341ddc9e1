//! The history's actions: a finished query recorded (and stored in the browser), an
//! entry put back into the forms.

use leptos::prelude::*;

use crate::app::history::Entry;
use crate::ui::state::storage;
use crate::ui::state::AppState;

/// Adds a finished query to the history and stores it.
pub fn record(state: AppState, entry: Entry) {
    state.history.update(|h| h.push(entry));
    state
        .history
        .with_untracked(|h| storage::save("history", &h.to_json()));
}

pub fn reuse_entry(state: AppState, e: &Entry) {
    state.service_url.set(e.service.clone());
    if !e.target.is_empty() {
        state.target.set(e.target.clone());
    }
    state.adql.set(e.adql.clone());
    state.adql_edited.set(true);
}
