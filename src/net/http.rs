//! HTTP through the browser's fetch, with failures said in words a user can act on.
//!
//! Only "simple" CORS requests are made (GET, and POST with a form body, no custom
//! headers): services such as DaCHS answer no preflight. URLs are passed to fetch exactly
//! as built (Sesame takes a bare `?name` query that URL rewriting would spoil).

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestInit, Response, UrlSearchParams};

/// A request the user can stop (a Cancel button): fetch's AbortController. Cancelling
/// ends the wait for the first byte as well as the download.
#[derive(Clone, Debug)]
pub struct Cancel(AbortController);

impl Cancel {
    pub fn new() -> Option<Cancel> {
        AbortController::new().ok().map(Cancel)
    }

    pub fn cancel(&self) {
        self.0.abort();
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.signal().aborted()
    }

    fn apply(cancel: Option<&Cancel>, init: &RequestInit) {
        if let Some(c) = cancel {
            init.set_signal(Some(&c.0.signal()));
        }
    }
}

#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    /// The final URL, after redirects.
    pub url: String,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NetError {
    /// fetch() itself failed: nothing listens there, DNS, TLS, or a CORS refusal; the
    /// browser does not tell which.
    Unreachable { url: String, detail: String },
    /// The answer started but its body could not be read to the end.
    Body { url: String, detail: String },
    /// The request could not even be built (a malformed URL).
    BadRequest(String),
    /// The user cancelled it.
    Cancelled,
}

impl std::fmt::Display for NetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NetError::Unreachable { url, detail } => write!(
                f,
                "Could not reach {}: the service may be down, the address wrong, or it does not allow \
                 requests from this page (CORS). The browser says: {detail}",
                host_of(url)
            ),
            NetError::Body { url, detail } => write!(
                f,
                "The answer from {} was cut off before its end: {detail}",
                host_of(url)
            ),
            NetError::BadRequest(why) => write!(f, "The request could not be made: {why}"),
            NetError::Cancelled => write!(f, "Cancelled."),
        }
    }
}

/// `scheme://host[:port]` of a URL, for messages.
fn host_of(url: &str) -> String {
    let after = url.find("://").map_or(0, |p| p + 3);
    let end = url[after..].find('/').map_or(url.len(), |p| after + p);
    url[..end].to_owned()
}

/// The message of a JS error value (a TypeError from fetch, say).
fn js_detail(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|err| String::from(err.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Lets a promise whose outcome does not matter settle without an "unhandled
/// rejection" (cancelling a body the abort already ended rejects).
fn quietly(p: Promise) {
    wasm_bindgen_futures::spawn_local(async move {
        let _ = JsFuture::from(p).await;
    });
}

async fn promise(p: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(p).await
}

async fn fetch(
    url: &str,
    init: &RequestInit,
    cancel: Option<&Cancel>,
) -> Result<HttpResponse, NetError> {
    Cancel::apply(cancel, init);
    let cancelled = || cancel.is_some_and(Cancel::is_cancelled);
    let window = web_sys::window().ok_or_else(|| NetError::BadRequest("no window".into()))?;
    let response: Response = promise(window.fetch_with_str_and_init(url, init))
        .await
        .map_err(|e| {
            if cancelled() {
                NetError::Cancelled
            } else {
                NetError::Unreachable {
                    url: url.to_owned(),
                    detail: js_detail(&e),
                }
            }
        })?
        .dyn_into()
        .map_err(|_| NetError::BadRequest("fetch did not return a Response".into()))?;
    let status = response.status();
    let final_url = response.url();
    let content_type = response.headers().get("content-type").ok().flatten();
    let body_error = |e: JsValue| {
        if cancelled() {
            NetError::Cancelled
        } else {
            NetError::Body {
                url: url.to_owned(),
                detail: js_detail(&e),
            }
        }
    };
    let buffer = promise(response.array_buffer().map_err(body_error)?)
        .await
        .map_err(body_error)?;
    let body = Uint8Array::new(&buffer).to_vec();
    Ok(HttpResponse {
        status,
        url: if final_url.is_empty() {
            url.to_owned()
        } else {
            final_url
        },
        content_type,
        body,
    })
}

pub async fn get(url: &str) -> Result<HttpResponse, NetError> {
    get_cancellable(url, None).await
}

pub async fn get_cancellable(url: &str, cancel: Option<&Cancel>) -> Result<HttpResponse, NetError> {
    let init = RequestInit::new();
    init.set_method("GET");
    fetch(url, &init, cancel).await
}

/// POST with an `application/x-www-form-urlencoded` body.
pub async fn post_form(url: &str, params: &[(&str, String)]) -> Result<HttpResponse, NetError> {
    post_form_cancellable(url, params, None).await
}

pub async fn post_form_cancellable(
    url: &str,
    params: &[(&str, String)],
    cancel: Option<&Cancel>,
) -> Result<HttpResponse, NetError> {
    let form =
        UrlSearchParams::new().map_err(|_| NetError::BadRequest("no URLSearchParams".into()))?;
    for (k, v) in params {
        form.append(k, v);
    }
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&form);
    fetch(url, &init, cancel).await
}

/// What arrived before the body: enough to decide how to read it.
#[derive(Debug, Clone)]
pub struct ResponseHead {
    pub status: u16,
    pub url: String,
    pub content_type: Option<String>,
    /// The body's length, when the service said it and the bytes are not encoded.
    pub content_length: Option<u64>,
}

/// A streamed request failed in the network, or its consumer refused a chunk.
#[derive(Debug)]
pub enum StreamError<E> {
    Net(NetError),
    Consumer(E),
}

/// A file part of a multipart request: (part name, file name, bytes).
pub type FilePart<'a> = (&'a str, &'a str, &'a [u8]);

/// The request body: form-urlencoded, or multipart when files go along (TAP UPLOAD).
/// Both are CORS "simple" requests.
fn request_body(params: &[(&str, String)], files: &[FilePart<'_>]) -> Result<JsValue, NetError> {
    if files.is_empty() {
        let form = UrlSearchParams::new()
            .map_err(|_| NetError::BadRequest("no URLSearchParams".into()))?;
        for (k, v) in params {
            form.append(k, v);
        }
        return Ok(form.into());
    }
    let form = web_sys::FormData::new().map_err(|_| NetError::BadRequest("no FormData".into()))?;
    for (k, v) in params {
        form.append_with_str(k, v)
            .map_err(|e| NetError::BadRequest(js_detail(&e)))?;
    }
    for (part, file_name, bytes) in files {
        let parts = js_sys::Array::of1(&Uint8Array::from(*bytes));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("application/x-votable+xml");
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
            .map_err(|e| NetError::BadRequest(js_detail(&e)))?;
        form.append_with_blob_and_filename(part, &blob, file_name)
            .map_err(|e| NetError::BadRequest(js_detail(&e)))?;
    }
    Ok(form.into())
}

/// POSTs a form (with files, if any) and hands the body to `on_chunk` piece by piece as
/// it arrives, so a large answer is read while it downloads and never held whole. A
/// consumer error stops the download; so does aborting `signal` (the request is then
/// `Unreachable` or `Body` with the browser's words).
pub async fn post_form_streaming<E>(
    url: &str,
    params: &[(&str, String)],
    files: &[FilePart<'_>],
    cancel: Option<&Cancel>,
    on_chunk: impl FnMut(&ResponseHead, &[u8]) -> Result<(), E>,
) -> Result<ResponseHead, StreamError<E>> {
    let body = request_body(params, files).map_err(StreamError::Net)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&body);
    fetch_streaming(url, &init, cancel, on_chunk).await
}

/// GETs a URL and hands its body to `on_chunk` as it arrives (an async job's result, an
/// event list), with the same pauses for the page as [`post_form_streaming`].
pub async fn get_streaming<E>(
    url: &str,
    cancel: Option<&Cancel>,
    on_chunk: impl FnMut(&ResponseHead, &[u8]) -> Result<(), E>,
) -> Result<ResponseHead, StreamError<E>> {
    let init = RequestInit::new();
    init.set_method("GET");
    fetch_streaming(url, &init, cancel, on_chunk).await
}

/// The most work done on the page's thread between two pauses (ms). Chunks that are
/// already queued are handed out by the body's reader without a task boundary, so
/// without a pause a fast download would be read from start to end without a frame;
/// a pause after 8 ms keeps the page at 60 frames a second with room for the frame.
const SLICE_MS: f64 = 8.0;

/// A chunk larger than this is handed on in pieces of it, with pauses between, so one
/// large read from the network cannot hold the page.
const PIECE: usize = 1 << 20;

async fn fetch_streaming<E>(
    url: &str,
    init: &RequestInit,
    cancel: Option<&Cancel>,
    mut on_chunk: impl FnMut(&ResponseHead, &[u8]) -> Result<(), E>,
) -> Result<ResponseHead, StreamError<E>> {
    Cancel::apply(cancel, init);
    let cancelled = || cancel.is_some_and(Cancel::is_cancelled);
    let window = web_sys::window()
        .ok_or_else(|| StreamError::Net(NetError::BadRequest("no window".into())))?;
    let response: Response = promise(window.fetch_with_str_and_init(url, init))
        .await
        .map_err(|e| {
            StreamError::Net(if cancelled() {
                NetError::Cancelled
            } else {
                NetError::Unreachable {
                    url: url.to_owned(),
                    detail: js_detail(&e),
                }
            })
        })?
        .dyn_into()
        .map_err(|_| {
            StreamError::Net(NetError::BadRequest(
                "fetch did not return a Response".into(),
            ))
        })?;
    let final_url = response.url();
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    let head = ResponseHead {
        status: response.status(),
        url: if final_url.is_empty() {
            url.to_owned()
        } else {
            final_url
        },
        content_type: header("content-type"),
        content_length: crate::app::progress::announced_length(
            header("content-length").as_deref(),
            header("content-encoding").as_deref(),
        ),
    };
    let body_error = |e: JsValue| {
        StreamError::Net(if cancelled() {
            NetError::Cancelled
        } else {
            NetError::Body {
                url: url.to_owned(),
                detail: js_detail(&e),
            }
        })
    };
    let Some(stream) = response.body() else {
        return Ok(head);
    };
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut chunk = Vec::new();
    let mut slice_start = crate::net::schedule::now_ms();
    loop {
        let next = promise(reader.read()).await.map_err(body_error)?;
        let done = js_sys::Reflect::get(&next, &JsValue::from_str("done"))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
        if done {
            return Ok(head);
        }
        let value = js_sys::Reflect::get(&next, &JsValue::from_str("value")).map_err(body_error)?;
        let bytes: Uint8Array = value.unchecked_into();
        chunk.resize(bytes.length() as usize, 0);
        bytes.copy_to(&mut chunk);
        for piece in chunk.chunks(PIECE) {
            if let Err(e) = on_chunk(&head, piece) {
                quietly(reader.cancel());
                return Err(StreamError::Consumer(e));
            }
            if crate::net::schedule::now_ms() - slice_start >= SLICE_MS {
                crate::net::schedule::yield_to_page().await;
                if cancelled() {
                    quietly(reader.cancel());
                    return Err(StreamError::Net(NetError::Cancelled));
                }
                slice_start = crate::net::schedule::now_ms();
            }
        }
    }
}
