//! SAMP (Simple Application Messaging Protocol 1.3) through its Web Profile: how voscope
//! talks to TOPCAT, Aladin and other desktop tools via a hub on the user's machine.
//!
//! Pure: XML-RPC documents in and out, messages built and read. The HTTP calls are in
//! `ui::samp_panel` (wasm32 only).

pub mod messages;
pub mod page;
pub mod words;
pub mod xmlrpc;

pub use messages::{
    Callback, ClientInfo, HubEvent, Incoming, Message, Metadata, Registration, SampError,
    SampResponse, SampValue, Status,
};
pub use xmlrpc::{
    decode_call, decode_response, encode_call, encode_response, MethodCall, Response, Value,
    XmlRpcError,
};
