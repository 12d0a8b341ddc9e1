//! The page: loads the deployer's configuration, then lays out the panels.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::config::Config;
use crate::app::launch::ConfigLayer;
use crate::net;
use crate::ui::panels::obscore_form::ObsCoreFilters;
use crate::ui::panels::query_editor::QueryEditor;
use crate::ui::panels::results_view::ResultsView;
use crate::ui::panels::schema_browser::SchemaBrowser;
use crate::ui::panels::service_picker::ServicePicker;
use crate::ui::panels::settings::Settings;
use crate::ui::panels::target_form::TargetForm;
use crate::ui::state::boot::{use_boot, Boot, Mode};
use crate::ui::state::launch::apply_launch;
use crate::ui::state::storage;
use crate::ui::state::AppState;

/// The configuration built into the bundle, used when `config.json` cannot be read.
const BUILT_IN: &str = include_str!("../../public/config.json");

/// `config.json`, then `config.local.json` over it (optional: a deployer's or a demo's
/// overrides), then the embedding's own layer. URLs relative to the bundle, so the app
/// works under any base path and inside any portal.
async fn load_config(base: &str, extra: Option<&ConfigLayer>) -> (Config, Option<String>) {
    let mut layers: Vec<(String, String)> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    // Both asked for at once (the second is usually absent: one round trip, not two).
    let (main, local) = crate::ui::util::join2(
        net::get(&format!("{base}config.json")),
        net::get(&format!("{base}config.local.json")),
    )
    .await;
    match main {
        Ok(r) if r.status == 200 => layers.push((
            "config.json".into(),
            String::from_utf8_lossy(&r.body).into_owned(),
        )),
        Ok(r) => problems.push(format!(
            "config.json could not be loaded (HTTP {})",
            r.status
        )),
        Err(e) => problems.push(format!("config.json could not be loaded: {e}")),
    }
    if let Ok(r) = local {
        if r.status == 200 {
            layers.push((
                "config.local.json".into(),
                String::from_utf8_lossy(&r.body).into_owned(),
            ));
        }
    }
    if layers.is_empty() {
        layers.push(("the built-in configuration".into(), BUILT_IN.to_owned()));
    }
    match extra {
        Some(ConfigLayer::Inline(keys)) => layers.push((
            "the embedding's configuration".into(),
            serde_json::Value::Object(keys.clone()).to_string(),
        )),
        Some(ConfigLayer::Url(url)) => {
            let full = if crate::standards::urls::is_http(url) {
                url.clone()
            } else {
                format!("{base}{url}")
            };
            match net::get(&full).await {
                Ok(r) if r.status == 200 => {
                    layers.push((url.clone(), String::from_utf8_lossy(&r.body).into_owned()))
                }
                Ok(r) => problems.push(format!("{url} could not be loaded (HTTP {})", r.status)),
                Err(e) => problems.push(format!("{url} could not be loaded: {e}")),
            }
        }
        None => {}
    }
    let refs: Vec<(&str, &str)> = layers
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let problem = |mut p: Vec<String>| (!p.is_empty()).then(|| std::mem::take(&mut p).join("; "));
    match Config::from_layers(&refs) {
        Ok(c) => (c, problem(problems)),
        Err(e) => {
            let fallback = Config::from_layers(&[("built-in", BUILT_IN)]).unwrap_or_default();
            problems.push(format!("{e}; using the built-in configuration"));
            (fallback, problem(problems))
        }
    }
}

#[component]
pub fn App(boot: Boot) -> impl IntoView {
    let loaded: RwSignal<Option<(Config, Option<String>)>> = RwSignal::new(None);
    let (base, layer) = (boot.base.clone(), boot.launch.config.clone());
    spawn_local(async move {
        loaded.set(Some(load_config(&base, layer.as_ref()).await));
    });
    provide_context(boot);
    view! {
        {move || match loaded.get() {
            None => view! { <p class="loading" role="status">"Loading configuration…"</p> }.into_any(),
            Some((config, problem)) => view! { <Main config=config problem=problem/> }.into_any(),
        }}
    }
}

/// The page's heading, from the deployer's configuration (none when embedded).
#[component]
fn Header(config: Config, base: String, mode: Mode) -> impl IntoView {
    // The document's title is the page's, not the portal's.
    if mode != Mode::Element {
        if let Some(d) = web_sys::window().and_then(|w| w.document()) {
            d.set_title(&config.title);
        }
    }
    let logo = (!config.logo_url.is_empty()).then(|| {
        let src = if crate::standards::urls::is_http(&config.logo_url) {
            config.logo_url.clone()
        } else {
            format!("{base}{}", config.logo_url)
        };
        view! { <img class="logo" src=src alt=""/> }
    });
    view! {
        <header class="top" class:compact=mode != Mode::Page>
            {logo}
            <h1>{config.title.clone()}</h1>
            {(mode == Mode::Page).then(|| view! { <p class="tagline">{config.tagline.clone()}</p> })}
        </header>
    }
}

#[component]
fn Main(config: Config, problem: Option<String>) -> impl IntoView {
    let boot = use_boot();
    let header = view! { <Header config=config.clone() base=boot.base.clone() mode=boot.mode/> };
    let state = AppState::new(config);
    if let Some(url) = storage::load("sesame_url") {
        state.sesame_url.set(url);
    }
    provide_context(state);
    // Before SAMP, which hands the event lists peers send to the quick-look.
    crate::ui::state::quicklook::provide();
    crate::ui::state::samp::provide();
    crate::ui::state::uws::provide();
    apply_launch(state, &boot.launch);
    if boot.mode != Mode::Element {
        crate::ui::state::address::follow_in_address_bar(state, boot.mode == Mode::Iframe);
    }
    // The tools (SAMP, jobs, history, tables, settings) come after the search and the
    // answer on every layout: they are built once the search is on screen, so Run is
    // there one frame sooner (bench/size's interactive_ms).
    let tools = RwSignal::new(false);
    crate::ui::util::after_next_paint(move || tools.set(true));
    let problems: Vec<String> = problem
        .into_iter()
        .chain(boot.launch.problems.clone())
        .collect();
    view! {
        {header}
        {problems.into_iter().map(|p| view! { <div class="banner warning" role="alert">{p}</div> }).collect_view()}
        // The workspace: the search (what to ask) and the answer side by side on a wide
        // screen, the answer pinned in view while the search scrolls; on a phone the
        // answer comes right after the query. The tools (history, jobs, tables,
        // settings, SAMP) come after both.
        <main class="layout" class:embedded=boot.mode != Mode::Page>
            <div class="forms search">
                <ServicePicker/>
                <TargetForm/>
                <ObsCoreFilters/>
                <QueryEditor/>
            </div>
            <div class="outputs">
                <crate::ui::panels::quicklook_host::QuicklookHost/>
                <ResultsView/>
            </div>
            <div class="forms tools">
                {move || tools.get().then(|| view! {
                    <crate::ui::panels::samp_panel::SampPanel/>
                    <crate::ui::panels::jobs_panel::UwsPanel/>
                    <crate::ui::panels::history_panel::HistoryPanel/>
                    <SchemaBrowser/>
                    <Settings/>
                })}
            </div>
        </main>
        <footer class="about" id="about">
            <details>
                <summary>"About and credits"</summary>
                <p>"voscope: a Virtual Observatory client that runs in this page (TAP, ADQL, ObsCore, UWS, VOTable, DataLink, SAMP, FITS). BSD-3-Clause."</p>
                <p>"The demo service's H.E.S.S. observations and the event lists the quick-look reads: "
                    {crate::app::quicklook::HESS_ATTRIBUTION}
                    " Licence: CC BY 4.0 with the H.E.S.S. terms of use, which travel with every copy."</p>
            </details>
        </footer>
    }
}
