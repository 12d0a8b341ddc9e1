//! The Leptos components, one per panel. They hold signals and call `net`; all parsing
//! and query building happens in the pure modules.

mod adql_editor;
mod aggregates;
mod app;
mod obscore_form;
mod open_file;
mod plots;
mod query_editor;
mod registry_search;
mod result_context;
mod results_table;
mod results_view;
mod samp_panel;
mod schema_browser;
mod service_picker;
mod settings;
mod state;
mod storage;
mod tap_client;
mod target_form;
mod uploads;
mod util;
mod uws_client;
mod uws_jobs;
mod uws_manager;

pub use app::App;
pub use result_context::ResultContext;
pub use results_table::ResultsTable;
pub use state::{AppState, Position, QueryState, ResultSet};
pub use uws_jobs::JobFields;

/// Mounts the application on the page's body.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
