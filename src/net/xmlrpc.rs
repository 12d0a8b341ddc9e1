//! XML-RPC over HTTP to a SAMP Web Profile hub: POST text/xml, with a time limit.
//!
//! text/xml is not a CORS "simple" type, so the browser sends a preflight first: SAMP
//! Web Profile hubs (astropy, JSAMP) answer it. Every call has a deadline (an
//! AbortController): a hub whose peer hangs, or a half-dead hub, must not freeze the
//! panel.

use js_sys::Uint8Array;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestInit, Response};

use crate::standards::samp::xmlrpc::{self, MethodCall};

#[derive(Clone, Debug, PartialEq)]
pub enum CallError {
    /// Nothing answered (no hub, or the browser refused: CORS, mixed content, local
    /// network access).
    Unreachable(String),
    /// No answer within the time limit.
    Timeout(u32),
    /// The hub answered HTTP `status`.
    Http(u16),
    /// The body was not readable XML-RPC.
    Protocol(String),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Unreachable(d) => write!(
                f,
                "no SAMP hub answers at {} ({d})",
                crate::standards::samp::messages::HUB_URL
            ),
            CallError::Timeout(ms) => write!(f, "the hub gave no answer within {} s", ms / 1000),
            CallError::Http(s) => write!(f, "the hub answered HTTP {s}"),
            CallError::Protocol(m) => write!(f, "{m}"),
        }
    }
}

fn js_detail(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|err| String::from(err.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Calls `call` on the hub at `url`, giving up after `timeout_ms`.
pub async fn call(
    url: &str,
    call: &MethodCall,
    timeout_ms: u32,
) -> Result<xmlrpc::Response, CallError> {
    let window = web_sys::window().ok_or_else(|| CallError::Unreachable("no window".into()))?;
    let controller = AbortController::new().map_err(|e| CallError::Unreachable(js_detail(&e)))?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&xmlrpc::encode_call(call)));
    let headers = web_sys::Headers::new().map_err(|e| CallError::Unreachable(js_detail(&e)))?;
    let _ = headers.set("Content-Type", "text/xml");
    init.set_headers(&headers);
    init.set_signal(Some(&controller.signal()));
    let abort = {
        let c = controller.clone();
        Closure::once(move || c.abort())
    };
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            abort.as_ref().unchecked_ref(),
            timeout_ms as i32,
        )
        .unwrap_or(0);
    // An aborted fetch rejects like a refused one: the signal tells them apart.
    let failed = |e: JsValue| {
        if controller.signal().aborted() {
            CallError::Timeout(timeout_ms)
        } else {
            CallError::Unreachable(js_detail(&e))
        }
    };
    let outcome = async {
        let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
            .await
            .map_err(failed)?
            .dyn_into()
            .map_err(|_| CallError::Unreachable("fetch did not return a Response".into()))?;
        if !response.ok() {
            return Err(CallError::Http(response.status()));
        }
        let buffer = JsFuture::from(
            response
                .array_buffer()
                .map_err(|e| CallError::Unreachable(js_detail(&e)))?,
        )
        .await
        .map_err(failed)?;
        let body = Uint8Array::new(&buffer).to_vec();
        xmlrpc::decode_response(&body).map_err(|e| CallError::Protocol(e.to_string()))
    }
    .await;
    window.clear_timeout_with_handle(timer);
    drop(abort);
    outcome
}

/// Sends `call` so that it still goes out while the page is closing (fetch keepalive);
/// the answer is never read.
pub fn send_on_unload(url: &str, call: &MethodCall) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let init = RequestInit::new();
    init.set_method("POST");
    // web-sys has no setter for keepalive.
    let _ = js_sys::Reflect::set(&init, &JsValue::from_str("keepalive"), &JsValue::TRUE);
    init.set_body(&JsValue::from_str(&xmlrpc::encode_call(call)));
    if let Ok(headers) = web_sys::Headers::new() {
        let _ = headers.set("Content-Type", "text/xml");
        init.set_headers(&headers);
    }
    let _ = window.fetch_with_str_and_init(url, &init);
}
