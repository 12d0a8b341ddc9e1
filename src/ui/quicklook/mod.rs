//! The VHE quick-look as a module of its own, loaded by the page the first time a user
//! opens an event list (`crate::ui::state::quicklook` loads it). Few users of a TAP
//! client need it, and with the FITS/DL3 readers, the binning and its charts it is a
//! tenth of the code: the page's first bundle stays small and the quick-look costs only
//! those who look at photons.
//!
//! Built as its own wasm (src/bin/quicklook.rs exports these functions, Trunk.toml's hook
//! builds it): they are its whole interface; `bridge` is what crosses between the two
//! instances.

pub mod bridge;
pub mod panel;
pub mod work;

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

thread_local! {
    /// The quick-look's state once mounted (one per module instance: one per page).
    static MOUNTED: RefCell<Option<work::Quicklook>> = const { RefCell::new(None) };
}

fn mounted() -> Option<work::Quicklook> {
    MOUNTED.with(|m| *m.borrow())
}

/// Mounts the quick-look panel into the page's host element. `on_send(url, name)` is
/// called when the user sends an event list over SAMP: the page's SAMP link sends it.
pub fn quicklook_mount(host: web_sys::HtmlElement, on_send: js_sys::Function) {
    console_error_panic_hook::set_once();
    if mounted().is_some() {
        return;
    }
    leptos::mount::mount_to(host, move || {
        let q = work::new();
        provide_context(q);
        MOUNTED.with(|m| *m.borrow_mut() = Some(q));
        Effect::new(move |_| {
            if let Some((url, name)) = q.to_send.get() {
                q.to_send.set(None);
                let _ = on_send.call2(&JsValue::NULL, &url.into(), &name.into());
            }
        });
        view! { <panel::QuicklookPanel/> }
    })
    .forget();
}

/// Opens the sources (an array of `bridge::Source` objects) as one run or a stack.
pub fn quicklook_open(sources: js_sys::Array) {
    let Some(q) = mounted() else {
        return;
    };
    let mut list = Vec::new();
    let mut bad = Vec::new();
    for v in sources.iter() {
        match bridge::Source::from_js(&v) {
            Ok(s) => list.push(s),
            Err(e) => bad.push(e),
        }
    }
    if !bad.is_empty() && list.is_empty() {
        q.fail(bad.join("; "));
        return;
    }
    q.open(list);
}

/// Shows why something the user asked for could not be opened.
pub fn quicklook_fail(message: String) {
    if let Some(q) = mounted() {
        q.fail(message);
    }
}

/// The page's resolved target, or none (`ra`/`dec` absent).
pub fn quicklook_target(ra: Option<f64>, dec: Option<f64>, name: String) {
    if let Some(q) = mounted() {
        q.target.set(ra.zip(dec).map(|(ra, dec)| (ra, dec, name)));
    }
}
