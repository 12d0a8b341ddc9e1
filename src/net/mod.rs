//! The network edge: fetch (and the browser's gzip decoder beside it), nothing else.
//! Everything it returns is raw bytes for the pure modules to read.

mod decompress;
mod http;
pub mod xmlrpc;

pub use decompress::{gunzip, gunzip_until};
pub use http::{
    get, get_cancellable, post_form, post_form_cancellable, post_form_streaming, Cancel, FilePart,
    HttpResponse, NetError, ResponseHead, StreamError,
};
