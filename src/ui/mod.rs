//! The browser's side of the page, in three parts:
//! - `state`: the one home of what the page knows (signals) and of the actions on it
//!   (resolve, run sync/async, cancel, record, load a service, SAMP, jobs, quick-look);
//! - `panels`: one Leptos component per panel of the page; a panel composes widgets and
//!   calls actions, and never imports another panel;
//! - `widgets`: components and helpers panels share (the ADQL editor, the results table,
//!   charts, job cards, file opening).
//!
//! - `quicklook`: the VHE quick-look, a module of its own that the page loads the first
//!   time an event list is opened (a second wasm: src/bin/quicklook.rs).
//!
//! `app` lays the panels out. All parsing and query building happens in the pure modules
//! below (`crate::standards`, `crate::app`), all fetching in `crate::net`.

mod app;
mod panels;
pub mod quicklook;
pub mod state;
pub mod util;
pub mod widgets;

pub use app::App;
use leptos::prelude::*;
pub use state::result_context::ResultContext;
pub use state::{AppState, Position, QueryState, ResultSet};
pub use widgets::chart_view::ChartView;
pub use widgets::job_card::JobFields;
pub use widgets::results_table::ResultsTable;

/// Starts voscope on its own page (public/boot.js, through src/main.rs's export): the
/// page's URL query says what to open (`?service=…&target=…&adql=…&view=…&run=1`,
/// `embed=1` for an iframe). The exports live in the binaries, not here: a
/// `#[wasm_bindgen]` export of the library is kept in every wasm that links it, and the
/// quick-look module (src/bin/quicklook.rs) must not carry the page.
pub fn start_page() {
    console_error_panic_hook::set_once();
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let launch = crate::app::launch::Launch::from_query(&query);
    let mode = if launch.embed {
        state::boot::Mode::Iframe
    } else {
        state::boot::Mode::Page
    };
    let boot = state::boot::Boot {
        base: String::new(),
        mode,
        launch,
    };
    leptos::mount::mount_to_body(move || view! { <App boot=boot.clone()/> });
}

/// Starts voscope inside a portal's element (public/embed.js): `base` is where the
/// bundle is hosted, `options` the embedding's JSON options.
pub fn mount_embedded(root: web_sys::HtmlElement, base: String, options: String) {
    console_error_panic_hook::set_once();
    let boot = state::boot::Boot {
        base,
        mode: state::boot::Mode::Element,
        launch: crate::app::launch::Launch::from_options(&options),
    };
    leptos::mount::mount_to(root, move || view! { <App boot=boot.clone()/> }).forget();
}
