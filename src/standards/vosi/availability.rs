//! VOSI availability: is the service up, and what its operators say.

use super::{root, VosiError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Availability {
    pub available: bool,
    pub up_since: Option<String>,
    pub down_at: Option<String>,
    pub back_at: Option<String>,
    pub notes: Vec<String>,
}

pub fn parse(bytes: &[u8]) -> Result<Availability, VosiError> {
    let root = root(bytes, &["availability"], "availability")?;
    let available = root
        .child_text("available")
        .map(|t| matches!(t.to_ascii_lowercase().as_str(), "true" | "1"))
        .ok_or_else(|| VosiError("the availability document does not say <available>".into()))?;
    Ok(Availability {
        available,
        up_since: root.child_text("upSince"),
        down_at: root.child_text("downAt"),
        back_at: root.child_text("backAt"),
        notes: root
            .all("note")
            .map(|n| n.text.clone())
            .filter(|t| !t.is_empty())
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures() {
        let a = parse(include_bytes!(
            "../../../tests/fixtures/tap/pyvo_vosi_availability.xml"
        ))
        .unwrap();
        assert!(a.available || !a.notes.is_empty());
        let b = parse(include_bytes!(
            "../../../tests/fixtures/tap/astroquery_casda_availability.xml"
        ))
        .unwrap();
        let _ = b.available;
        assert!(parse(b"<availability/>").is_err());
    }
}
