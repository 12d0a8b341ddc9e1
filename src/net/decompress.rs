//! gzip through the browser's own `DecompressionStream`: `.fits.gz` event lists read from
//! disk (a server's `Content-Encoding: gzip` is undone by fetch itself). Native code
//! inflates faster than wasm could, and the bundle carries no inflate of its own.

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
}

fn detail(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|err| String::from(err.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// The decompressed bytes of a whole gzip file; a corrupt or cut file is said so.
pub async fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let parts = js_sys::Array::of1(&Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts)
        .map_err(|e| format!("the file could not be read: {}", detail(&e)))?;
    let ds = JsDecompressionStream::new("gzip")
        .map_err(|e| format!("this browser cannot decompress gzip: {}", detail(&e)))?;
    let out = blob
        .stream()
        .pipe_through(ds.unchecked_ref::<web_sys::ReadableWritablePair>());
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&out))
        .map_err(|e| format!("the file could not be decompressed: {}", detail(&e)))?;
    let promise = response
        .array_buffer()
        .map_err(|e| format!("the file could not be decompressed: {}", detail(&e)))?;
    let buffer = JsFuture::from(promise).await.map_err(|e| {
        format!(
            "the gzip data are corrupt or cut off ({}); nothing was opened",
            detail(&e)
        )
    })?;
    Ok(Uint8Array::new(&buffer).to_vec())
}
