//! The browser entry point (Trunk builds this for wasm32): the page's exports. They are
//! here, not in the library, so that the quick-look module (src/bin/quicklook.rs), which
//! links the same library, does not carry the page.

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::wasm_bindgen;

    /// public/boot.js: voscope on its own page.
    #[wasm_bindgen]
    pub fn start_page() {
        voscope::ui::start_page();
    }

    /// public/embed.js: voscope inside a portal's element.
    #[wasm_bindgen]
    pub fn mount_embedded(root: web_sys::HtmlElement, base: String, options: String) {
        voscope::ui::mount_embedded(root, base, options);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("voscope runs in the browser: build it with `trunk build` (see README.md).");
}
