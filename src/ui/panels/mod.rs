//! One component per panel of the page. A panel composes widgets and calls the actions
//! of `crate::ui::state`; it never imports another panel (app.rs lays them out).

pub mod history_panel;
pub mod jobs_panel;
pub mod obscore_form;
pub mod query_editor;
pub mod quicklook_host;
pub mod results_view;
pub mod samp_panel;
pub mod schema_browser;
pub mod service_picker;
pub mod settings;
pub mod target_form;
