//! ADQL: building queries from what a user typed, safely.

pub mod quote;
pub mod cone;

pub use cone::ConeQuery;
pub use quote::{identifier, number, string_literal};
