//! The Leptos components, one per panel. They hold signals and call `net`; all parsing
//! and query building happens in the pure modules.

mod adql_editor;
mod aggregates;
mod app;
mod chart_view;
mod history_panel;
mod obscore_form;
mod open_file;
mod plots;
mod query_editor;
mod quicklook_state;
mod quicklook_view;
mod registry_search;
mod result_context;
mod results_table;
mod results_view;
mod samp_panel;
mod schema_browser;
mod service_picker;
mod settings;
mod share;
mod state;
mod storage;
mod tap_client;
mod target_form;
mod text_measure;
mod uploads;
mod util;
mod uws_client;
mod uws_jobs;
mod uws_manager;

pub use app::App;
pub use chart_view::ChartView;
use leptos::prelude::*;
pub use result_context::ResultContext;
pub use results_table::ResultsTable;
pub use state::{AppState, Position, QueryState, ResultSet};
pub use uws_jobs::JobFields;

use wasm_bindgen::prelude::wasm_bindgen;

/// Starts voscope on its own page (public/boot.js): the page's URL query says what to
/// open (`?service=…&target=…&adql=…&view=…&run=1`, `embed=1` for an iframe).
#[wasm_bindgen]
pub fn start_page() {
    console_error_panic_hook::set_once();
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let launch = crate::app::launch::Launch::from_query(&query);
    let mode = if launch.embed {
        app::Mode::Iframe
    } else {
        app::Mode::Page
    };
    let boot = app::Boot {
        base: String::new(),
        mode,
        launch,
    };
    leptos::mount::mount_to_body(move || view! { <App boot=boot.clone()/> });
}

/// Starts voscope inside a portal's element (public/embed.js): `base` is where the
/// bundle is hosted, `options` the embedding's JSON options.
#[wasm_bindgen]
pub fn mount_embedded(root: web_sys::HtmlElement, base: String, options: String) {
    console_error_panic_hook::set_once();
    let boot = app::Boot {
        base,
        mode: app::Mode::Element,
        launch: crate::app::launch::Launch::from_options(&options),
    };
    leptos::mount::mount_to(root, move || view! { <App boot=boot.clone()/> }).forget();
}
