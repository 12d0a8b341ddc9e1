//! What the benchmark page calls: voscope's reader (whole and streamed) and the floors,
//! on bytes the page passes in.

use base64::Engine;
use wasm_bindgen::prelude::*;

/// Bytes of linear memory: it only grows, so at the end it is the peak.
#[wasm_bindgen]
pub fn memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}

#[wasm_bindgen]
pub fn parse_whole(bytes: &[u8]) -> Result<u32, JsValue> {
    let doc = voscope::standards::votable::parse(bytes).map_err(|e| JsValue::from_str(&e.to_string()))?;
    Ok(doc.tables().first().map_or(0, |t| t.row_count()) as u32)
}

#[wasm_bindgen]
pub struct Stream {
    reader: Option<voscope::standards::votable::StreamReader>,
}

#[wasm_bindgen]
impl Stream {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Stream {
        Stream {
            reader: Some(voscope::standards::votable::StreamReader::new()),
        }
    }

    pub fn feed(&mut self, chunk: &[u8]) -> Result<u32, JsValue> {
        let r = self.reader.as_mut().ok_or("finished")?;
        r.feed(chunk).map_err(|e| JsValue::from_str(&e.to_string()))?;
        Ok(r.rows_read() as u32)
    }

    pub fn finish(&mut self) -> Result<u32, JsValue> {
        let r = self.reader.take().ok_or("finished")?;
        let doc = r.finish().map_err(|e| JsValue::from_str(&e.to_string()))?;
        Ok(doc.tables().first().map_or(0, |t| t.row_count()) as u32)
    }
}

impl Default for Stream {
    fn default() -> Self {
        Stream::new()
    }
}

/// The TABLEDATA floor: touch every byte once looking for markup.
#[wasm_bindgen]
pub fn floor_memchr(chunk: &[u8]) -> u32 {
    memchr::memchr_iter(b'<', chunk).count() as u32
}

/// The BINARY2 floor: base64-decode the STREAM text (line breaks removed first).
#[wasm_bindgen]
pub fn floor_base64(text: &[u8]) -> u32 {
    let mut clean = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some(p) = memchr::memchr3(b'\n', b'\r', b' ', rest) {
        clean.extend_from_slice(&rest[..p]);
        rest = &rest[p + 1..];
    }
    clean.extend_from_slice(rest);
    base64::engine::general_purpose::STANDARD
        .decode(&clean)
        .map_or(0, |d| d.len() as u32)
}
