//! VOTable 1.0–1.5: read any TAP, SAMP or upload table into typed columns.
//!
//! No DOM, no network: bytes in, [`VoTable`] out, tested on the host.

mod base64;
mod binary;
mod builder;
pub mod column;
pub mod datatype;
mod error;
pub mod model;
mod reader;
mod stream;
mod table_builder;
pub(crate) mod tabledata;
mod warnings;

pub use builder::CellError;
pub use column::{Column, ColumnData, Value};
pub use datatype::{ArraySize, Datatype};
pub use error::{line_column, ErrorKind, VoTableError};
pub use model::*;
pub use reader::{parse, DTD_ENTITIES};
pub use table_builder::TableBuilder;
mod json;
pub use json::to_json;
pub use tabledata::decode_entities;
pub mod display;
pub use stream::StreamReader;
pub mod writer;
