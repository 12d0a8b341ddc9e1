//! ADQL: building queries from what a user typed, safely.

pub mod cone;
pub mod quote;

pub use cone::ConeQuery;
pub use quote::{identifier, number, string_literal};
