//! The browser entry point (Trunk builds this for wasm32).

#[cfg(target_arch = "wasm32")]
fn main() {
    voscope::ui::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("voscope runs in the browser: build it with `trunk build` (see README.md).");
}
