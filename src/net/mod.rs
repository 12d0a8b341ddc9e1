//! The network edge: fetch (and the browser's gzip decoder beside it), and the thin
//! TAP/VOSI and UWS clients over it (`tap`, `uws`): requests built and answers read by the
//! pure modules, errors as messages. No DOM and no signals here.

mod decompress;
mod http;
pub mod schedule;
pub mod tap;
pub mod uws;
pub mod xmlrpc;

pub use decompress::{gunzip, gunzip_until};
pub use http::{
    get, get_cancellable, get_streaming, post_form, post_form_cancellable, post_form_streaming,
    Cancel, FilePart, HttpResponse, NetError, ResponseHead, StreamError,
};
