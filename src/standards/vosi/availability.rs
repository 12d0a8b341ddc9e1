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

#[cfg(test)]
mod daiquiri {
    /// Daiquiri 1.2.3 puts <availability> in the VOSITables namespace (not
    /// VOSIAvailability): read by local name, as it means.
    #[test]
    fn daiquiris_availability_reads_although_in_the_tables_namespace() {
        let body = include_bytes!("../../../tests/fixtures/daiquiri/availability.xml");
        assert!(std::str::from_utf8(body)
            .unwrap()
            .contains("xmlns:vosi=\"http://www.ivoa.net/xml/VOSITables/v1.0\""));
        let a = super::parse(body).unwrap();
        assert!(a.available);
        assert_eq!(a.notes, ["service is accepting queries"]);
    }
}
