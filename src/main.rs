//! The browser entry point (Trunk builds this for wasm32).

/// The page itself starts the app (public/boot.js calls `start_page`, public/embed.js
/// `mount_embedded`): one bundle serves both. The reference keeps the exports linked.
#[cfg(target_arch = "wasm32")]
fn main() {
    let _ = (
        voscope::ui::start_page as fn(),
        voscope::ui::mount_embedded as fn(_, _, _),
    );
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("voscope runs in the browser: build it with `trunk build` (see README.md).");
}
