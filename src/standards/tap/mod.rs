//! TAP 1.1: building requests and reading what services answer, without the network.

pub mod response;
pub mod service;
pub mod sync;
pub mod upload;

pub use response::{read_parsed, read_result, TapError, TapResult};
pub use service::ServiceUrl;
pub use sync::SyncQuery;
