//! The quick-look's state and actions, in one home: open event lists (from product URLs,
//! DataLink documents, the selected rows, a file, a SAMP message), follow the work with
//! progress, cancel it, and hold the runs read so that changing a cut re-bins at once.
//! The panel calls these actions and reads these signals. This runs in the lazily loaded
//! quick-look module (`crate::ui::quicklook`), not in the page's first bundle.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::app::progress::{Progress, Unit};
use crate::net::Cancel;
use crate::standards::fits::Fits;
use crate::standards::gadf::DlRun;
use crate::ui::quicklook::bridge::Source;

/// One event list read, with where it came from.
#[derive(Debug)]
pub struct LoadedRun {
    /// What the user knows it by: the obs_id and target of the row, or the file name.
    pub label: String,
    /// Where it was fetched from (http(s)), for sending it on over SAMP.
    pub url: Option<String>,
    pub run: DlRun,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub enum Phase {
    #[default]
    Idle,
    /// `step` says what is being done now; `progress` counts the runs read (of how
    /// many, the bytes downloaded, the rate and the time left).
    Working {
        step: String,
        progress: Progress,
    },
    Ready,
    Failed(String),
    Cancelled(String),
}

#[derive(Clone, Copy)]
pub struct Quicklook {
    pub phase: RwSignal<Phase>,
    /// The runs read, in the order asked for.
    pub runs: RwSignal<Vec<Arc<LoadedRun>>, LocalStorage>,
    /// Runs that could not be read, with the reason (the others are still shown).
    pub problems: RwSignal<Vec<String>>,
    /// Incremented per opening: the work of an older one stops at its next step.
    generation: StoredValue<u64>,
    cancel: StoredValue<Option<Cancel>, LocalStorage>,
    /// Incremented when a new quick-look is shown, so the view can bring it into sight.
    pub shown: RwSignal<u64>,
    /// An event list to send on over SAMP, (URL, name): handed to the page, whose SAMP
    /// link sends it (the module has no SAMP of its own).
    pub to_send: RwSignal<Option<(String, String)>>,
    /// The page's resolved target (RA, Dec, name), kept up to date by the page: the θ²
    /// is centred on it when the runs point near it.
    pub target: RwSignal<Option<(f64, f64, String)>>,
}

/// The quick-look's state, made once by the module's mount.
pub fn new() -> Quicklook {
    Quicklook {
        phase: RwSignal::new(Phase::Idle),
        runs: RwSignal::new_local(Vec::new()),
        problems: RwSignal::new(Vec::new()),
        generation: StoredValue::new(0),
        cancel: StoredValue::new_local(None),
        shown: RwSignal::new(0),
        to_send: RwSignal::new(None),
        target: RwSignal::new(None),
    }
}

pub fn use_quicklook() -> Quicklook {
    expect_context::<Quicklook>()
}

/// Reads one event list from its bytes: gunzipped by the browser if need be, then the
/// pure FITS and DL3 readers. With `whole` false only EVENTS, GTI and AEFF are inflated
/// and read (the IRF plots are the first run's): about a third of the bytes. The message
/// names the file and what is wrong with it.
pub async fn read_run(label: &str, bytes: &[u8], whole: bool) -> Result<DlRun, String> {
    let plain;
    let bytes = if crate::standards::fits::is_gzip(bytes) {
        plain = if whole {
            crate::net::gunzip(bytes).await
        } else {
            crate::net::gunzip_until(bytes, |b| crate::standards::fits::prefix_end(b, "AEFF")).await
        }
        .map_err(|e| format!("{label}: {e}"))?;
        &plain[..]
    } else {
        bytes
    };
    let fits = Fits::parse(bytes).map_err(|e| format!("{label}: {e}"))?;
    let mut run = DlRun::read(&fits).map_err(|e| format!("{label}: {e}"))?;
    if !whole {
        run.edisp = None;
        run.psf = None;
        run.bkg = None;
    }
    Ok(run)
}

/// Downloads kept in flight ahead of the run being read (six, what a browser opens to one
/// host): the waits for the service overlap the reading instead of adding to it.
const AHEAD: usize = 6;

/// Starts fetching a source's bytes now (its DataLink document first, if it has one);
/// the promise gives `[bytes, url or null]`.
fn start_fetch(source: Source, cancel: Option<Cancel>) -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        let got: Result<(Arc<Vec<u8>>, Option<String>), String> = match source {
            Source::Bytes { bytes, .. } => Ok((bytes, None)),
            Source::Url { url, .. } => fetch(&url, cancel.as_ref()).await.map(|b| (b, Some(url))),
            Source::DataLink { url, .. } => match event_list_url(&url, cancel.as_ref()).await {
                Err(e) => Err(e),
                Ok(product) => fetch(&product, cancel.as_ref())
                    .await
                    .map(|b| (b, Some(product))),
            },
        };
        match got {
            Ok((bytes, url)) => Ok(js_sys::Array::of2(
                &js_sys::Uint8Array::from(&bytes[..]),
                &url.map_or(wasm_bindgen::JsValue::NULL, |u| u.into()),
            )
            .into()),
            Err(e) => Err(e.into()),
        }
    })
}

impl Quicklook {
    fn current(&self, generation: u64) -> bool {
        self.generation.get_value() == generation
    }

    /// Stops the work under way; what was read so far stays shown.
    pub fn cancel(&self) {
        if let Some(c) = self.cancel.get_value() {
            c.cancel();
        }
        self.generation.update_value(|g| *g += 1);
        let done = self.runs.with_untracked(Vec::len);
        if matches!(self.phase.get_untracked(), Phase::Working { .. }) {
            self.phase.set(Phase::Cancelled(format!(
                "Cancelled: {done} run{} read before it was stopped.",
                if done == 1 { "" } else { "s" }
            )));
        }
    }

    /// Shows why something could not be opened (the runs shown before are dropped: the
    /// message is about what the user asked for now).
    pub fn fail(&self, message: String) {
        self.cancel();
        self.runs.set(Vec::new());
        self.problems.set(Vec::new());
        self.phase.set(Phase::Failed(message));
        self.shown.update(|s| *s += 1);
    }

    /// Closes the view.
    pub fn close(&self) {
        self.cancel();
        self.runs.set(Vec::new());
        self.problems.set(Vec::new());
        self.phase.set(Phase::Idle);
    }

    /// Opens one run or a stack of runs: fetches, decompresses and reads them one at a
    /// time, showing the runs read so far, and yielding to the page between runs so it
    /// stays responsive while a hundred runs are stacked.
    pub fn open(self, sources: Vec<Source>) {
        if let Some(c) = self.cancel.get_value() {
            c.cancel();
        }
        self.generation.update_value(|g| *g += 1);
        let generation = self.generation.get_value();
        let cancel = Cancel::new();
        self.cancel.set_value(cancel.clone());
        let total = sources.len();
        self.runs.set(Vec::new());
        self.problems.set(Vec::new());
        self.shown.update(|s| *s += 1);
        if total == 0 {
            self.phase.set(Phase::Failed(
                "No event lists to look at: choose rows whose products include an event list."
                    .into(),
            ));
            return;
        }
        let mut progress = Progress::new(
            Unit::Runs,
            Some(total as f64),
            crate::net::schedule::now_ms(),
        );
        self.phase.set(Phase::Working {
            step: "Starting…".into(),
            progress: progress.clone(),
        });
        spawn_local(async move {
            let mut downloaded = 0.0;
            let mut slice_start = crate::net::schedule::now_ms();
            let mut step = |text: String, done: usize, downloaded: f64| {
                progress.bytes = Some(downloaded);
                progress.update(done as f64, crate::net::schedule::now_ms());
                self.phase.set(Phase::Working {
                    step: text,
                    progress: progress.clone(),
                })
            };
            let mut read = 0;
            let labels: Vec<String> = sources.iter().map(|s| s.label().to_owned()).collect();
            let mut waiting = sources.into_iter();
            let mut in_flight: std::collections::VecDeque<js_sys::Promise> = Default::default();
            for (k, label) in labels.iter().enumerate() {
                while in_flight.len() < AHEAD {
                    match waiting.next() {
                        Some(source) => in_flight.push_back(start_fetch(source, cancel.clone())),
                        None => break,
                    }
                }
                let Some(next) = in_flight.pop_front() else {
                    break;
                };
                let n = format!("{} of {total}", k + 1);
                step(format!("Downloading run {n} ({label})…"), read, downloaded);
                let fetched = wasm_bindgen_futures::JsFuture::from(next).await;
                if !self.current(generation) {
                    return;
                }
                let outcome = match fetched {
                    Err(e) => Err(format!(
                        "{label}: {}",
                        e.as_string()
                            .unwrap_or_else(|| "the download failed".into())
                    )),
                    Ok(pair) => {
                        let pair: js_sys::Array = pair.unchecked_into();
                        let bytes = js_sys::Uint8Array::new(&pair.get(0)).to_vec();
                        let url = pair.get(1).as_string();
                        downloaded += bytes.len() as f64;
                        step(format!("Reading run {n} ({label})…"), read, downloaded);
                        read_run(label, &bytes, read == 0)
                            .await
                            .map(|run| LoadedRun {
                                label: label.clone(),
                                url,
                                run,
                            })
                    }
                };
                if !self.current(generation) {
                    return;
                }
                match outcome {
                    Ok(run) => {
                        read += 1;
                        self.runs.update(|r| r.push(Arc::new(run)));
                    }
                    Err(e) => self.problems.update(|p| p.push(e)),
                }
                // A pause when the runs read since the last one took a slice of a frame:
                // the page paints the progress and answers the user (a pause per run
                // cost 4 ms each, the browser's least timeout, 0.4 s for 105 runs).
                if crate::net::schedule::now_ms() - slice_start >= 8.0 {
                    crate::net::schedule::yield_to_page().await;
                    slice_start = crate::net::schedule::now_ms();
                }
            }
            if !self.current(generation) {
                return;
            }
            self.phase.set(if read == 0 {
                Phase::Failed(format!(
                    "None of the {total} event list{} could be read.",
                    if total == 1 { "" } else { "s" }
                ))
            } else {
                Phase::Ready
            });
        });
    }
}

async fn fetch(url: &str, cancel: Option<&Cancel>) -> Result<Arc<Vec<u8>>, String> {
    if !crate::standards::urls::is_http(url) {
        return Err(format!("{url} is not an http(s) link"));
    }
    let r = crate::net::get_cancellable(url, cancel)
        .await
        .map_err(|e| e.to_string())?;
    if r.status >= 400 {
        return Err(format!(
            "HTTP {} from {}: {}",
            r.status,
            r.url,
            crate::standards::tap::response::text_excerpt(&r.body)
        ));
    }
    Ok(Arc::new(r.body))
}

/// The event list a DataLink document lists (`#this` with a FITS type, or the first
/// FITS product).
async fn event_list_url(datalink: &str, cancel: Option<&Cancel>) -> Result<String, String> {
    let body = fetch(datalink, cancel).await?;
    let links = crate::standards::datalink::parse(&body)?;
    crate::standards::datalink::event_list(&links)
        .map(str::to_owned)
        .ok_or_else(|| "its DataLink document lists no event list (no #this FITS product)".into())
}
