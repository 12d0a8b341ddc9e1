//! What the page and the lazily loaded quick-look module hand each other. They are two
//! wasm instances with their own memory, so a source crosses as a plain JS object
//! (`{kind, label, url}` or `{kind: "bytes", label, bytes: Uint8Array}`), read back
//! field by field: nothing from the other side is trusted to have a shape.

use std::sync::Arc;

use wasm_bindgen::{JsCast, JsValue};

/// Something to open: a product URL, a DataLink document to find the event list in, or
/// bytes already at hand.
#[derive(Clone, Debug)]
pub enum Source {
    Url { label: String, url: String },
    DataLink { label: String, url: String },
    Bytes { label: String, bytes: Arc<Vec<u8>> },
}

fn set(o: &js_sys::Object, key: &str, v: &JsValue) {
    let _ = js_sys::Reflect::set(o, &key.into(), v);
}

fn text(o: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(o, &key.into())
        .ok()
        .and_then(|v| v.as_string())
}

impl Source {
    pub fn label(&self) -> &str {
        match self {
            Source::Url { label, .. }
            | Source::DataLink { label, .. }
            | Source::Bytes { label, .. } => label,
        }
    }

    pub fn to_js(&self) -> JsValue {
        let o = js_sys::Object::new();
        set(&o, "label", &self.label().into());
        match self {
            Source::Url { url, .. } => {
                set(&o, "kind", &"url".into());
                set(&o, "url", &url.into());
            }
            Source::DataLink { url, .. } => {
                set(&o, "kind", &"datalink".into());
                set(&o, "url", &url.into());
            }
            Source::Bytes { bytes, .. } => {
                set(&o, "kind", &"bytes".into());
                set(&o, "bytes", &js_sys::Uint8Array::from(&bytes[..]).into());
            }
        }
        o.into()
    }

    /// The source a JS object describes, or why it is not one.
    pub fn from_js(v: &JsValue) -> Result<Source, String> {
        let label = text(v, "label").unwrap_or_default();
        let url = || text(v, "url").ok_or_else(|| format!("{label}: no url"));
        match text(v, "kind").as_deref() {
            Some("url") => Ok(Source::Url { url: url()?, label }),
            Some("datalink") => Ok(Source::DataLink { url: url()?, label }),
            Some("bytes") => {
                let b = js_sys::Reflect::get(v, &"bytes".into())
                    .ok()
                    .filter(|b| b.is_instance_of::<js_sys::Uint8Array>())
                    .ok_or_else(|| format!("{label}: no bytes"))?;
                Ok(Source::Bytes {
                    bytes: Arc::new(js_sys::Uint8Array::new(&b).to_vec()),
                    label,
                })
            }
            other => Err(format!("{label}: not a source ({other:?})")),
        }
    }
}
