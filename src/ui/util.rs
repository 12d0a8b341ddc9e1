//! Small browser helpers.

/// Both futures at once (started together: a fetch starts when first polled), and both
/// outcomes; futures-util's `join` without the dependency.
pub async fn join2<A: std::future::Future, B: std::future::Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    use std::task::Poll;
    let (mut a, mut b) = (std::pin::pin!(a), std::pin::pin!(b));
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(move |cx| {
        if ra.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(cx) {
                ra = Some(v);
            }
        }
        if rb.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(cx) {
                rb = Some(v);
            }
        }
        match (ra.take(), rb.take()) {
            (Some(x), Some(y)) => Poll::Ready((x, y)),
            (x, y) => {
                (ra, rb) = (x, y);
                Poll::Pending
            }
        }
    })
    .await
}

/// Waits `ms` milliseconds (a browser timer).
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Reads a file the user chose into memory.
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("{} could not be read", file.name()))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The file chosen in a file input's change event; the input is cleared so that choosing
/// the same file again is a new event.
pub fn take_chosen_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files().and_then(|f| f.get(0))?;
    input.set_value("");
    Some(file)
}

/// Offers bytes as a file download (a Blob URL on a temporary link).
pub fn download(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser refused to make the file".to_owned())?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "no object URL".to_owned())?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "no link element".to_owned())?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    // The download reads the Blob after this returns: release it a little later.
    let release = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w
            .set_timeout_with_callback_and_timeout_and_arguments_0(release.unchecked_ref(), 60_000);
    }
    Ok(())
}

/// Puts text on the clipboard (where the browser allows it).
pub fn copy_text(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// The current time as ISO 8601 UTC, for provenance.
pub fn now_iso() -> String {
    js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
}

/// Marks a moment on the page's performance timeline (read by bench/table through
/// `performance.getEntriesByName`); costs nothing a user would notice.
pub fn perf_mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Runs `f` once the browser has painted the next frame (a timer queued from the frame's
/// animation callback runs after that frame's paint).
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    let after = wasm_bindgen::closure::Closure::once_into_js(f);
    let frame = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Some(w) = web_sys::window() {
            let _ =
                w.set_timeout_with_callback_and_timeout_and_arguments_0(after.unchecked_ref(), 0);
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(frame.unchecked_ref());
    }
}

/// The keys of a WAI-ARIA tab list (tabs chosen as they get the focus): Left and Right
/// move to the previous and next tab (wrapping), Home and End to the first and last. The
/// tab reached is focused and clicked, so each list keeps its own on:click.
pub fn tablist_keys(ev: &web_sys::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let Some(tab) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    if tab.get_attribute("role").as_deref() != Some("tab") {
        return;
    }
    let Some(list) = tab.parent_element() else {
        return;
    };
    let next = match ev.key().as_str() {
        "ArrowRight" => tab
            .next_element_sibling()
            .or_else(|| list.first_element_child()),
        "ArrowLeft" => tab
            .previous_element_sibling()
            .or_else(|| list.last_element_child()),
        "Home" => list.first_element_child(),
        "End" => list.last_element_child(),
        _ => return,
    };
    if let Some(el) = next.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        ev.prevent_default();
        el.click();
        let _ = el.focus();
    }
}

/// Focuses the element with this id once the next render has put it on the page.
pub fn focus_soon(id: impl Into<String>) {
    let id = id.into();
    leptos::task::spawn_local(async move {
        leptos::task::tick().await;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = el.focus();
        }
    });
}

/// Lays RGBA pixels (`w` × `h`) onto a canvas at (`x`, `y`), through a layer canvas so
/// that transparent pixels keep what is drawn below (putImageData would overwrite it).
pub fn lay_pixels(
    canvas: &web_sys::HtmlCanvasElement,
    rgba: &[u8],
    (w, h): (usize, usize),
    (x, y): (f64, f64),
) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let image = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
        wasm_bindgen::Clamped(rgba),
        w as u32,
        h as u32,
    )
    .map_err(|_| "no ImageData")?;
    let layer: web_sys::HtmlCanvasElement = web_sys::window()
        .and_then(|win| win.document())
        .and_then(|d| d.create_element("canvas").ok())
        .ok_or("no canvas")?
        .unchecked_into();
    layer.set_width(w as u32);
    layer.set_height(h as u32);
    context_2d(&layer)?
        .put_image_data(&image, 0.0, 0.0)
        .map_err(|_| "putImageData failed")?;
    context_2d(canvas)?
        .draw_image_with_html_canvas_element(&layer, x, y)
        .map_err(|_| "drawImage failed".to_owned())
}

/// A canvas's 2D context.
pub fn context_2d(
    canvas: &web_sys::HtmlCanvasElement,
) -> Result<web_sys::CanvasRenderingContext2d, String> {
    use wasm_bindgen::JsCast;
    Ok(canvas
        .get_context("2d")
        .ok()
        .flatten()
        .ok_or("no 2d context")?
        .unchecked_into())
}
