//! voscope: a Virtual Observatory client that runs in the browser.
//!
//! Three layers, each importing only those below it:
//! - [`standards`]: the IVOA standards and the FITS/GADF formats, pure (host-tested);
//! - [`app`]: the app's own pure logic (table views, cells, plots' data, exports, history);
//! - the browser edge, only in the wasm32 build: `net` (fetch, streams, XML-RPC) and `ui`
//!   (Leptos panels around one state-and-actions home).

pub mod app;
pub mod standards;

#[cfg(target_arch = "wasm32")]
pub mod net;
#[cfg(target_arch = "wasm32")]
pub mod ui;
