//! voscope: a Virtual Observatory client that runs in the browser.
//!
//! The standards are pure modules (bytes in, models out, no DOM, no network), tested on
//! the host; `net` and `ui` exist only in the wasm32 build.

pub mod adql;
pub mod aggregate;
pub mod cells;
pub mod config;
pub mod coords;
pub mod datalink;
pub mod export;
/// FITS files: headers, binary tables (every TFORM, TSCAL/TZERO, TNULL, heap), images sized.
pub mod fits;
pub mod gadf;
pub mod history;
pub mod launch;
pub mod plot;
pub mod quicklook;
pub mod registry;
pub mod samp;
pub mod sesame;
pub mod stcs;
pub mod tableview;
pub mod tap;
pub mod time;
pub mod urls;
pub mod uws;
pub mod vosi;
pub mod votable;
pub mod xml;

#[cfg(target_arch = "wasm32")]
pub mod net;
#[cfg(target_arch = "wasm32")]
pub mod ui;
