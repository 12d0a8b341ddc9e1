//! Sharing the page's one thread: long work (reading a streamed answer, stacking runs)
//! pauses now and then so the page paints and answers clicks (Cancel above all).

use wasm_bindgen::{JsCast, JsValue};

/// Milliseconds on the page's monotonic clock (performance.now), for slices and rates.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// Gives the page a turn: the browser paints a frame if one is due and runs the events
/// waiting (a click on Cancel), then the work goes on.
///
/// `scheduler.yield()` (Chromium 129+) resumes the work ahead of other tasks; where it is
/// missing, a zero timeout, which the browser may stretch to 4 ms after a few in a row.
pub async fn yield_to_page() {
    let global = js_sys::global();
    let scheduler = js_sys::Reflect::get(&global, &JsValue::from_str("scheduler"))
        .ok()
        .filter(|s| s.is_object());
    let promise = scheduler.and_then(|s| {
        let f = js_sys::Reflect::get(&s, &JsValue::from_str("yield")).ok()?;
        let f: js_sys::Function = f.dyn_into().ok()?;
        f.call0(&s).ok()?.dyn_into::<js_sys::Promise>().ok()
    });
    let promise = promise.unwrap_or_else(|| {
        js_sys::Promise::new(&mut |resolve, _| {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
            }
        })
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
