//! The app's own pure logic, above the standards and below the browser edge: what a
//! table view shows (sorting, filters, cells in TeV and UTC), aggregates, plots' data,
//! exports, the history, the launch link and configuration, the quick-look analysis.
//! No DOM and no network here either; it imports only `crate::standards` and siblings.

pub mod aggregate;
pub mod cells;
pub mod config;
pub mod export;
pub mod history;
pub mod launch;
pub mod plot;
pub mod progress;
pub mod quicklook;
pub mod tableview;
