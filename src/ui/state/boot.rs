//! How the page was started (its own page, an iframe, a portal element) and where the
//! bundle lives.

use leptos::prelude::*;

use crate::app::launch::Launch;

/// How the app was started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Its own page (index.html): the address bar follows the query.
    Page,
    /// Its own page in a portal's iframe (`?embed=1`): no page header.
    Iframe,
    /// Inside a portal's page (`<vo-scope>`, `voscope.mount`): the portal's address and
    /// layout are not touched.
    Element,
}

/// Where the bundle lives and what the page was started with.
#[derive(Clone, Debug)]
pub struct Boot {
    /// The bundle's directory URL, ending in `/` ("" on its own page: relative URLs).
    pub base: String,
    pub mode: Mode,
    pub launch: Launch,
}

pub fn use_boot() -> Boot {
    expect_context::<Boot>()
}
