//! What the chosen service says about itself (VOSI capabilities, availability, tables,
//! the ObsCore choice lists), loaded when its URL changes, and the columns of a table
//! loaded when first needed.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::net::tap as tap_client;
use crate::standards::adql::obscore::distinct_values;
use crate::standards::tap::ServiceUrl;
use crate::standards::vosi::TableMeta;
use crate::ui::state::{AppState, Choices, SchemaState, ServiceInfo};

/// Loads capabilities, availability, the table list and the ObsCore choice lists of the
/// service now in the URL field. Answers for a URL the user has since left are dropped.
pub fn load_service(state: AppState) {
    let Ok(service) = ServiceUrl::parse(&state.service_url.get_untracked()) else {
        return;
    };
    let url = service.to_string();
    if state
        .service
        .with_untracked(|s| s.url == url && (s.loading || s.capabilities.is_some()))
    {
        return;
    }
    state.service.set(ServiceInfo {
        url: url.clone(),
        loading: true,
        ..ServiceInfo::default()
    });
    state.schema.set(SchemaState {
        url: url.clone(),
        loading: true,
        ..SchemaState::default()
    });
    state.choices.set(Choices::default());
    let current = move |u: &str| {
        ServiceUrl::parse(&state.service_url.get_untracked()).is_ok_and(|s| s.as_str() == u)
    };
    spawn_local(async move {
        let mut info = ServiceInfo {
            url: url.clone(),
            ..ServiceInfo::default()
        };
        match tap_client::capabilities(&service).await {
            Ok(caps) => match caps.tap {
                Some(tap) => info.capabilities = Some(Arc::new(tap)),
                None => info
                    .problems
                    .push("its capabilities declare no TAP interface".into()),
            },
            Err(e) => info
                .problems
                .push(format!("capabilities could not be read ({e})")),
        }
        match tap_client::availability(&service).await {
            Ok(a) => info.availability = Some(a),
            Err(e) => info
                .problems
                .push(format!("availability could not be read ({e})")),
        }
        if !current(&url) {
            return;
        }
        // The service's own default MAXREC, unless the user typed one.
        if let Some(n) = info.capabilities.as_ref().and_then(|c| c.default_maxrec()) {
            if !state.maxrec_edited.get_untracked() {
                state.maxrec.set(n.to_string());
            }
        }
        state.service.set(info);
        let tables = tap_client::table_list(&service).await;
        if !current(&url) {
            return;
        }
        let has_obscore = tables
            .as_ref()
            .is_ok_and(|(t, _)| t.table("ivoa.obscore").is_some());
        state.schema.set(match tables {
            Ok((set, source)) => SchemaState {
                url: url.clone(),
                loading: false,
                tables: Arc::new(set),
                source: source.into(),
                error: None,
            },
            Err(e) => SchemaState {
                url: url.clone(),
                loading: false,
                error: Some(format!("The table list could not be read: {e}")),
                ..SchemaState::default()
            },
        });
        if !has_obscore {
            state.choices.set(Choices {
                note: Some(
                    "This service has no ivoa.obscore table: the observation filters do not apply."
                        .into(),
                ),
                ..Choices::default()
            });
            return;
        }
        let mut choices = Choices::default();
        for (column, slot) in [
            ("dataproduct_type", 0),
            ("obs_collection", 1),
            ("facility_name", 2),
        ] {
            match tap_client::sync_table(
                &service,
                &distinct_values("ivoa.obscore", column),
                Some(1000),
            )
            .await
            {
                Ok(t) => {
                    let values = tap_client::texts(&t, column);
                    match slot {
                        0 => choices.dataproduct_types = values,
                        1 => choices.collections = values,
                        _ => choices.facilities = values,
                    }
                }
                Err(e) => choices.note = Some(format!("The choice lists could not be filled: {e}")),
            }
        }
        if current(&url) {
            state.choices.set(choices);
        }
    });
}

/// Fetches the columns of `table` once, if the table list did not include them.
pub fn ensure_columns(state: AppState, table: &str) {
    let known = state
        .schema
        .with_untracked(|s| s.tables.table(table).map(|t| t.columns_known));
    // Unknown table (not in the list) or already known: nothing to do.
    if known != Some(false) {
        return;
    }
    let Ok(service) = ServiceUrl::parse(&state.service_url.get_untracked()) else {
        return;
    };
    let url = service.to_string();
    let name = state
        .schema
        .with_untracked(|s| s.tables.table(table).map(|t| t.name.clone()))
        .unwrap_or_else(|| table.to_owned());
    // Mark as requested (columns_known stays false, but an empty marker column list
    // prevents a second request).
    mark(state, &name, |t| t.columns_known = true);
    spawn_local(async move {
        let result = tap_client::table_columns(&service, &name).await;
        if state.schema.with_untracked(|s| s.url != url) {
            return;
        }
        match result {
            Ok(meta) => mark(state, &name, |t| {
                t.columns = meta.columns.clone();
                t.columns_known = true;
                if t.description.is_none() {
                    t.description = meta.description.clone();
                }
            }),
            Err(e) => mark(state, &name, |t| {
                t.columns_known = true;
                t.description = Some(format!("(columns could not be read: {e})"));
            }),
        }
    });
}

fn mark(state: AppState, table: &str, change: impl FnOnce(&mut TableMeta)) {
    state.schema.update(|s| {
        let mut set = (*s.tables).clone();
        if let Some(t) = set
            .schemas
            .iter_mut()
            .flat_map(|sch| sch.tables.iter_mut())
            .find(|t| t.name.eq_ignore_ascii_case(table))
        {
            change(t);
        }
        s.tables = Arc::new(set);
    });
}

/// Puts a name picked in the schema browser where the user left the caret in the ADQL
/// (at the end when they never put it anywhere), with a space on either side where the
/// neighbours would otherwise run into it; the caret then stands after the name.
pub fn insert_into_query(state: AppState, text: &str) {
    let q = state.adql.get_untracked();
    let at = state
        .adql_caret
        .get_value()
        .map_or(q.len(), |p| p.min(q.len()));
    let at = if q.is_char_boundary(at) { at } else { q.len() };
    let (before, after) = q.split_at(at);
    let joins = |c: Option<char>| {
        c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == ')' || c == '"')
    };
    let lead = if joins(before.chars().last()) {
        " "
    } else {
        ""
    };
    let trail = if joins(after.chars().next()) { " " } else { "" };
    let inserted = format!("{lead}{text}{trail}");
    let caret = at + lead.len() + text.len();
    let text = format!("{before}{inserted}{after}");
    let caret16 = crate::standards::adql::editor::utf16_offset(&text, caret) as u32;
    state.adql.set(text);
    state.adql_edited.set(true);
    state.adql_caret.set_value(Some(caret));
    // After the render has put the new text into the textarea (which moves its caret).
    spawn_local(async move {
        leptos::task::tick().await;
        if let Some(area) = state.adql_area.get_untracked() {
            let _ = area.focus();
            let _ = area.set_selection_range(caret16, caret16);
        }
    });
}

/// "Query this table": a new query of its first rows, replacing the ADQL.
pub fn query_table(state: AppState, table: &str) {
    state.adql.set(format!("SELECT TOP 100 * FROM {table}"));
    state.adql_edited.set(true);
    state.adql_caret.set_value(None);
    crate::ui::state::query::clear_stale_outcome(state);
}
