//! gzip through the browser's own `DecompressionStream`: `.fits.gz` event lists read from
//! disk or served as gzip files. Native code inflates faster than wasm could, and the
//! bundle carries no inflate of its own.

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// `DecompressionStream` (web-sys has it only behind its unstable-API flag). The
    /// object is itself a readable/writable pair, so it goes straight into `pipeThrough`.
    type JsDecompressionStream;
    #[wasm_bindgen(constructor, js_class = "DecompressionStream", catch)]
    fn new(format: &str) -> Result<JsDecompressionStream, JsValue>;

    /// `new ReadableStream(source, strategy)`, for a source that gives its bytes on demand.
    type JsReadableStream;
    #[wasm_bindgen(constructor, js_class = "ReadableStream", catch)]
    fn new(source: &js_sys::Object, strategy: &js_sys::Object)
        -> Result<JsReadableStream, JsValue>;
}

/// The stream's `pull`: it must stay alive as long as the stream.
type Pull = Closure<dyn FnMut(JsValue)>;

/// Bytes given to the inflater a piece at a time.
const PIECE: u32 = 64 * 1024;

/// The bytes as a stream that hands out 64 KiB pieces only when asked (high-water mark
/// 0): the inflater then works no further ahead than its reader reads, so stopping the
/// reader (`gunzip_until`) stops the inflating. The closure must outlive the stream.
fn on_demand(bytes: &[u8]) -> Result<(web_sys::ReadableStream, Pull), String> {
    let all = Uint8Array::from(bytes);
    let at = std::rc::Rc::new(std::cell::Cell::new(0u32));
    let pull = Pull::new(move |controller: JsValue| {
        let call = |name: &str, arg: Option<&JsValue>| {
            if let Ok(f) = js_sys::Reflect::get(&controller, &JsValue::from_str(name)) {
                let f: js_sys::Function = f.unchecked_into();
                let _ = match arg {
                    Some(a) => f.call1(&controller, a),
                    None => f.call0(&controller),
                };
            }
        };
        let from = at.get();
        if from >= all.length() {
            call("close", None);
            return;
        }
        let to = (from + PIECE).min(all.length());
        call("enqueue", Some(&all.slice(from, to).into()));
        at.set(to);
    });
    let source = js_sys::Object::new();
    let strategy = js_sys::Object::new();
    let set = |o: &js_sys::Object, k: &str, v: &JsValue| {
        js_sys::Reflect::set(o, &JsValue::from_str(k), v)
    };
    set(&source, "pull", pull.as_ref().unchecked_ref())
        .and_then(|_| set(&strategy, "highWaterMark", &JsValue::from_f64(0.0)))
        .map_err(|e| format!("the file could not be read: {}", detail(&e)))?;
    let stream = JsReadableStream::new(&source, &strategy)
        .map_err(|e| format!("the file could not be read: {}", detail(&e)))?;
    Ok((stream.unchecked_into(), pull))
}

fn detail(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|err| String::from(err.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

fn corrupt(e: &JsValue) -> String {
    format!(
        "the gzip data are corrupt or cut off ({}); nothing was opened",
        detail(e)
    )
}

/// The decompressed stream of `bytes`. The bytes go in as a Response body, not a Blob:
/// a Blob's stream passes through the browser's blob store and makes the inflate about
/// half as slow again (bench/fits).
fn inflated(bytes: &[u8]) -> Result<web_sys::ReadableStream, String> {
    let input = web_sys::Response::new_with_opt_buffer_source(Some(&Uint8Array::from(bytes)))
        .map_err(|e| format!("the file could not be read: {}", detail(&e)))?
        .body()
        .ok_or_else(|| "the file could not be read: it has no body".to_owned())?;
    let ds = JsDecompressionStream::new("gzip")
        .map_err(|e| format!("this browser cannot decompress gzip: {}", detail(&e)))?;
    Ok(input.pipe_through(ds.unchecked_ref::<web_sys::ReadableWritablePair>()))
}

/// The decompressed bytes of a whole gzip file; a corrupt or cut file is said so.
pub async fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&inflated(bytes)?))
        .map_err(|e| format!("the file could not be decompressed: {}", detail(&e)))?;
    let promise = response
        .array_buffer()
        .map_err(|e| format!("the file could not be decompressed: {}", detail(&e)))?;
    let buffer = JsFuture::from(promise).await.map_err(|e| corrupt(&e))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Decompresses until `enough` says how many of the bytes so far are all that is needed
/// (then the rest is not inflated at all: the input goes in 64 KiB pieces on demand), or
/// to the end.
pub async fn gunzip_until(
    bytes: &[u8],
    enough: impl Fn(&[u8]) -> Option<usize>,
) -> Result<Vec<u8>, String> {
    let (input, _pull) = on_demand(bytes)?;
    let ds = JsDecompressionStream::new("gzip")
        .map_err(|e| format!("this browser cannot decompress gzip: {}", detail(&e)))?;
    let reader: web_sys::ReadableStreamDefaultReader = input
        .pipe_through(ds.unchecked_ref::<web_sys::ReadableWritablePair>())
        .get_reader()
        .unchecked_into();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len().saturating_mul(2));
    loop {
        let next = JsFuture::from(reader.read())
            .await
            .map_err(|e| corrupt(&e))?;
        let done = js_sys::Reflect::get(&next, &JsValue::from_str("done"))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
        if done {
            return Ok(out);
        }
        let value =
            js_sys::Reflect::get(&next, &JsValue::from_str("value")).map_err(|e| corrupt(&e))?;
        let chunk: Uint8Array = value.unchecked_into();
        let at = out.len();
        out.resize(at + chunk.length() as usize, 0);
        chunk.copy_to(&mut out[at..]);
        if let Some(n) = enough(&out) {
            let _ = reader.cancel();
            out.truncate(n);
            return Ok(out);
        }
    }
}
