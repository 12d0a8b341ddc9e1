//! The page: loads the deployer's configuration, then lays out the panels.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::obscore_form::ObsCoreFilters;
use super::query_editor::QueryEditor;
use super::results_view::ResultsView;
use super::samp_panel::{self, SampPanel};
use super::schema_browser::SchemaBrowser;
use super::service_picker::ServicePicker;
use super::settings::Settings;
use super::state::AppState;
use super::storage;
use super::target_form::TargetForm;
use crate::config::Config;
use crate::net;

/// The configuration built into the bundle, used when `config.json` cannot be read.
const BUILT_IN: &str = include_str!("../../public/config.json");

/// `config.json`, then `config.local.json` over it (optional: a deployer's or a demo's
/// overrides). Relative URLs, so the app works under any base path.
async fn load_config() -> (Config, Option<String>) {
    let mut layers: Vec<(&str, String)> = Vec::new();
    let mut problem = None;
    match net::get("config.json").await {
        Ok(r) if r.status == 200 => {
            layers.push(("config.json", String::from_utf8_lossy(&r.body).into_owned()))
        }
        Ok(r) => {
            problem = Some(format!(
                "config.json could not be loaded (HTTP {})",
                r.status
            ))
        }
        Err(e) => problem = Some(format!("config.json could not be loaded: {e}")),
    }
    if let Ok(r) = net::get("config.local.json").await {
        if r.status == 200 {
            layers.push((
                "config.local.json",
                String::from_utf8_lossy(&r.body).into_owned(),
            ));
        }
    }
    if layers.is_empty() {
        layers.push(("the built-in configuration", BUILT_IN.to_owned()));
    }
    let refs: Vec<(&str, &str)> = layers.iter().map(|(n, t)| (*n, t.as_str())).collect();
    match Config::from_layers(&refs) {
        Ok(c) => (c, problem),
        Err(e) => {
            let fallback = Config::from_layers(&[("built-in", BUILT_IN)]).unwrap_or_default();
            (
                fallback,
                Some(format!("{e}; using the built-in configuration")),
            )
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    let loaded: RwSignal<Option<(Config, Option<String>)>> = RwSignal::new(None);
    spawn_local(async move {
        loaded.set(Some(load_config().await));
    });
    view! {
        <header class="top">
            <h1>"voscope"</h1>
            <p class="tagline">
                "Resolve a name, query any TAP service, read the result — in the browser."
            </p>
        </header>
        {move || match loaded.get() {
            None => view! { <p class="loading" role="status">"Loading configuration…"</p> }.into_any(),
            Some((config, problem)) => view! { <Main config=config problem=problem/> }.into_any(),
        }}
    }
}

#[component]
fn Main(config: Config, problem: Option<String>) -> impl IntoView {
    let state = AppState::new(config);
    if let Some(url) = storage::load("sesame_url") {
        state.sesame_url.set(url);
    }
    provide_context(state);
    samp_panel::provide();
    super::uws_jobs::provide();
    view! {
        {problem.map(|p| view! { <div class="banner warning" role="alert">{p}</div> })}
        <main class="layout">
            <div class="forms">
                <ServicePicker/>
                <TargetForm/>
                <ObsCoreFilters/>
                <QueryEditor/>
                <super::uws_jobs::UwsPanel/>
                <SchemaBrowser/>
                <Settings/>
                <SampPanel/>
            </div>
            <ResultsView/>
        </main>
    }
}
