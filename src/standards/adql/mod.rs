//! ADQL: building queries from what a user typed, safely, and checking what they wrote.

pub mod cone;
pub mod editor;
pub mod functions;
pub mod lexer;
pub mod obscore;
pub mod parser;
pub mod quote;
mod reserved;
pub mod service;

pub use cone::ConeQuery;
pub use parser::{
    check, lint, AdqlError, Analysis, Diagnostic, Dialect, Extension, Report, Severity, TableRef,
};
pub use quote::{identifier, number, string_literal};
pub use reserved::is_reserved;
