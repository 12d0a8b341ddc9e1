//! The quick-look module's entry point: a second wasm that the page loads the first time
//! a user opens an event list (crate::ui::state::quicklook). It links the same library
//! but exports only these, so it holds only the quick-look, and the page only the page.

#[cfg(target_arch = "wasm32")]
mod exports {
    use voscope::ui::quicklook;
    use wasm_bindgen::prelude::wasm_bindgen;

    /// Mounts the quick-look panel; `on_send(url, name)` hands SAMP sends to the page.
    #[wasm_bindgen]
    pub fn quicklook_mount(host: web_sys::HtmlElement, on_send: js_sys::Function) {
        quicklook::quicklook_mount(host, on_send);
    }

    /// Opens sources (bridge::Source objects) as one run or a stack.
    #[wasm_bindgen]
    pub fn quicklook_open(sources: js_sys::Array) {
        quicklook::quicklook_open(sources);
    }

    /// Shows why something could not be opened.
    #[wasm_bindgen]
    pub fn quicklook_fail(message: String) {
        quicklook::quicklook_fail(message);
    }

    /// The page's resolved target, or none.
    #[wasm_bindgen]
    pub fn quicklook_target(ra: Option<f64>, dec: Option<f64>, name: String) {
        quicklook::quicklook_target(ra, dec, name);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the quick-look runs in the browser: build it with `trunk build` (see README.md).");
}
