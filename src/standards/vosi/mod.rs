//! VOSI 1.1: what a service says about itself — capabilities (with TAPRegExt), tables,
//! availability. Pure: bytes in, models out.

pub mod availability;
pub mod capabilities;
pub mod tables;

pub use availability::Availability;
pub use capabilities::{Capabilities, Limit, TapCapability};
pub use tables::{ColumnMeta, SchemaMeta, TableMeta, TableSet};

/// A VOSI document that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VosiError(pub String);

impl std::fmt::Display for VosiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn root(
    bytes: &[u8],
    expected: &[&str],
    what: &str,
) -> Result<crate::standards::xml::Element, VosiError> {
    let root = crate::standards::xml::parse(bytes)
        .map_err(|e| VosiError(format!("the {what} document is not XML: {e}")))?;
    if !expected.contains(&root.name.as_str()) {
        return Err(VosiError(format!(
            "expected a VOSI {what} document but got <{}>",
            root.name
        )));
    }
    Ok(root)
}
