//! The quick-look as the page sees it. The quick-look itself (the FITS/DL3 reading, the
//! binning, its panel and charts) is a module of its own, `crate::ui::quicklook`, built
//! as a second wasm and loaded the first time a user opens an event list: the page's
//! first bundle does not carry it. This home keeps the same actions for the panels
//! (open, fail) and queues them while the module loads; it hands the module the page's
//! target and takes back what the user sends over SAMP.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::standards::fits::Fits;
pub use crate::ui::quicklook::bridge::Source;
use crate::ui::state::AppState;

// The module's files sit next to the page's own (voscope-quicklook.js and its wasm, at
// the bundle's root); this snippet lives two folders down (snippets/<crate>/), which
// also holds when a portal embeds the bundle from another address.
#[wasm_bindgen(inline_js = "export function load_quicklook() {
  const js = new URL('../../voscope-quicklook.js', import.meta.url);
  const wasm = new URL('../../voscope-quicklook_bg.wasm', import.meta.url);
  return import(js.href).then(async (m) => { await m.default({ module_or_path: wasm }); return m; });
}")]
extern "C" {
    fn load_quicklook() -> js_sys::Promise;
}

/// Where the module is.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Load {
    #[default]
    Idle,
    Loading,
    Ready,
    Failed(String),
}

type Action = Box<dyn FnOnce(&JsValue)>;

#[derive(Clone, Copy)]
pub struct Quicklook {
    pub load: RwSignal<Load>,
    module: StoredValue<Option<JsValue>, LocalStorage>,
    /// The element the module mounts its panel into (set by the host panel).
    pub host: StoredValue<Option<web_sys::HtmlElement>, LocalStorage>,
    /// What was asked while the module loads, done in order once it is there.
    pending: StoredValue<Vec<Action>, LocalStorage>,
    /// An event list to send on over SAMP, (URL, name): the SAMP link watches it.
    pub to_send: RwSignal<Option<(String, String)>>,
    state: AppState,
}

pub fn provide() {
    let q = Quicklook {
        load: RwSignal::new(Load::Idle),
        module: StoredValue::new_local(None),
        host: StoredValue::new_local(None),
        pending: StoredValue::new_local(Vec::new()),
        to_send: RwSignal::new(None),
        state: expect_context::<AppState>(),
    };
    // The page's target follows the user's resolves.
    Effect::new(move |_| {
        q.state.position.track();
        if q.load.get() == Load::Ready {
            q.with_module(move |m| q.send_target(m));
        }
    });
    provide_context(q);
}

pub fn use_quicklook() -> Quicklook {
    expect_context::<Quicklook>()
}

/// Calls one of the module's exports with these arguments.
fn call(module: &JsValue, name: &str, args: &[JsValue]) {
    let f = js_sys::Reflect::get(module, &name.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(f) = f {
        let _ = f.apply(&JsValue::NULL, &args.iter().collect::<js_sys::Array>());
    }
}

impl Quicklook {
    /// Runs `f` with the module, loading it first if need be.
    fn with_module(self, f: impl FnOnce(&JsValue) + 'static) {
        if let Some(m) = self.module.get_value() {
            f(&m);
            return;
        }
        self.pending.update_value(|p| p.push(Box::new(f)));
        if self.load.get_untracked() == Load::Loading {
            return;
        }
        self.load.set(Load::Loading);
        spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(load_quicklook()).await {
                Ok(m) => {
                    let Some(host) = self.host.get_value() else {
                        self.load
                            .set(Load::Failed("the page has no place for it".into()));
                        return;
                    };
                    let to_send = self.to_send;
                    let on_send = Closure::<dyn Fn(String, String)>::new(move |url, name| {
                        to_send.set(Some((url, name)))
                    });
                    call(
                        &m,
                        "quicklook_mount",
                        &[host.into(), on_send.into_js_value()],
                    );
                    self.send_target(&m);
                    self.module.set_value(Some(m.clone()));
                    self.load.set(Load::Ready);
                    let queued = self
                        .pending
                        .try_update_value(std::mem::take)
                        .unwrap_or_default();
                    for f in queued {
                        f(&m);
                    }
                }
                Err(e) => {
                    self.pending.set_value(Vec::new());
                    let why = e
                        .dyn_ref::<js_sys::Error>()
                        .map(|e| String::from(e.message()))
                        .or_else(|| e.as_string())
                        .unwrap_or_else(|| "the browser gave no reason".into());
                    self.load.set(Load::Failed(format!(
                        "The quick-look could not be loaded ({why}). The page itself works; reload to try again."
                    )));
                }
            }
        });
    }

    fn send_target(self, m: &JsValue) {
        let (ra, dec, name) = self.state.position.with_untracked(|p| match p {
            Some(p) => (
                JsValue::from(p.ra),
                JsValue::from(p.dec),
                p.oname.clone().unwrap_or_else(|| p.query.clone()),
            ),
            None => (JsValue::UNDEFINED, JsValue::UNDEFINED, String::new()),
        });
        call(m, "quicklook_target", &[ra, dec, name.into()]);
    }

    /// Opens one run or a stack of runs in the quick-look.
    pub fn open(self, sources: Vec<Source>) {
        let list: js_sys::Array = sources.iter().map(Source::to_js).collect();
        self.with_module(move |m| call(m, "quicklook_open", &[list.into()]));
    }

    /// Shows in the quick-look why something could not be opened.
    pub fn fail(self, message: String) {
        self.with_module(move |m| call(m, "quicklook_fail", &[message.into()]));
    }
}

/// A FITS file arrived (from disk, a SAMP `table.load.fits`, a TAP answer): an event
/// list (an EVENTS table with TIME, RA, DEC, ENERGY) opens in the quick-look, any other
/// table in the results view. Returns what was done, for the caller's message.
pub async fn open_fits(
    q: Quicklook,
    state: crate::ui::state::AppState,
    label: String,
    url: Option<String>,
    bytes: Vec<u8>,
) -> Result<String, String> {
    let started = js_sys::Date::now();
    let plain = if crate::standards::fits::is_gzip(&bytes) {
        crate::net::gunzip(&bytes)
            .await
            .map_err(|e| format!("{label}: {e}"))?
    } else {
        bytes
    };
    let fits = Fits::parse(&plain).map_err(|e| format!("{label}: {e}"))?;
    // A DL3 run (EVENTS with its columns, and GTI) goes to the quick-look, which reads
    // it in full; the columns alone (what TOPCAT sends on: no pointing, no GTI) are a
    // table to look at.
    let run = crate::standards::gadf::looks_like_run(&fits);
    let mut note = String::new();
    if let (Err(e), true) = (&run, fits.hdu("EVENTS").is_some()) {
        note = format!(" (not a DL3 run for the quick-look: {e})");
    }
    if run.is_ok() {
        let n = fits
            .hdu("EVENTS")
            .and_then(|h| h.table())
            .map_or(0, |t| t.nrows());
        drop(fits);
        let source = match url {
            // Keep the address, so the view can send it on.
            Some(u) if crate::standards::urls::is_http(&u) => Source::Url {
                label: label.clone(),
                url: u,
            },
            _ => Source::Bytes {
                label: label.clone(),
                bytes: Arc::new(plain),
            },
        };
        q.open(vec![source]);
        return Ok(format!(
            "{label}: an event list of {n} events, opened in the quick-look"
        ));
    }
    let index = fits
        .hdus
        .iter()
        .position(|h| h.table().is_some())
        .ok_or_else(|| format!("{label}: the FITS file holds no table"))?;
    let doc =
        crate::standards::fits::to_votable(&fits, index).map_err(|e| format!("{label}: {e}"))?;
    let answer = crate::standards::tap::TapResult {
        doc,
        overflow: false,
    };
    let result = crate::ui::state::ResultSet::from_answer(
        answer,
        format!("file {label}"),
        String::new(),
        None,
        js_sys::Date::now() - started,
        crate::ui::util::now_iso(),
    );
    let rows = result.table.row_count();
    state.run_id.update(|r| *r += 1);
    state
        .query
        .set(crate::ui::state::QueryState::Done(Arc::new(result)));
    Ok(format!(
        "{label}: a FITS table of {rows} rows, shown in Results{note}"
    ))
}
