//! VOSI capabilities, and the TAPRegExt description of a TAP service: its languages and
//! their features (user-defined functions, geometry), output formats, upload methods
//! and limits.

use super::{root, VosiError};
use crate::standards::xml::Element;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Capabilities {
    pub tap: Option<TapCapability>,
    /// standardID of every capability, TAP's included.
    pub standards: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Language {
    pub name: String,
    pub versions: Vec<String>,
    pub description: Option<String>,
    /// (feature type IVOID, form, description)
    pub features: Vec<(String, String, Option<String>)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limit {
    pub value: u64,
    /// "row" or "byte".
    pub unit: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TapCapability {
    pub languages: Vec<Language>,
    /// (MIME type, aliases)
    pub output_formats: Vec<(String, Vec<String>)>,
    /// Upload method IVOIDs (…#upload-inline, …#upload-http, …).
    pub upload_methods: Vec<String>,
    pub retention_default: Option<u64>,
    pub retention_hard: Option<u64>,
    pub execution_default: Option<u64>,
    pub execution_hard: Option<u64>,
    pub output_default: Option<Limit>,
    pub output_hard: Option<Limit>,
    pub upload_hard: Option<Limit>,
    pub data_models: Vec<String>,
}

const UDF_FEATURE: &str = "ivo://ivoa.net/std/TAPRegExt#features-udf";
const GEO_FEATURE: &str = "ivo://ivoa.net/std/TAPRegExt#features-adqlgeo";

impl TapCapability {
    /// Names of the user-defined functions the service declares.
    pub fn udf_names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for l in &self.languages {
            for (kind, form, _) in &l.features {
                if kind == UDF_FEATURE {
                    let name = form.split('(').next().unwrap_or("").trim().to_owned();
                    if !name.is_empty() && !out.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
                        out.push(name);
                    }
                }
            }
        }
        out
    }

    /// The user-defined functions' forms and descriptions, for completion and help.
    pub fn udfs(&self) -> Vec<(String, Option<String>)> {
        self.languages
            .iter()
            .flat_map(|l| l.features.iter())
            .filter(|(k, _, _)| k == UDF_FEATURE)
            .map(|(_, form, d)| (form.clone(), d.clone()))
            .collect()
    }

    /// Geometry functions the service declares, if it says (None: not said, assume all).
    pub fn geometry_functions(&self) -> Option<Vec<String>> {
        let v: Vec<String> = self
            .languages
            .iter()
            .flat_map(|l| l.features.iter())
            .filter(|(k, _, _)| k == GEO_FEATURE)
            .map(|(_, f, _)| f.to_ascii_uppercase())
            .collect();
        (!v.is_empty()).then_some(v)
    }

    pub fn supports_upload(&self) -> bool {
        self.upload_methods
            .iter()
            .any(|m| m.ends_with("#upload-inline"))
    }

    /// MAXREC a query should send by default: the service's default, else none.
    pub fn default_maxrec(&self) -> Option<u64> {
        self.output_default
            .as_ref()
            .filter(|l| l.unit == "row")
            .map(|l| l.value)
    }

    pub fn hard_maxrec(&self) -> Option<u64> {
        self.output_hard
            .as_ref()
            .filter(|l| l.unit == "row")
            .map(|l| l.value)
    }
}

fn number(e: Option<&Element>, which: &str) -> Option<u64> {
    e?.child(which)?.text.trim().parse().ok()
}

fn limit(e: Option<&Element>, which: &str) -> Option<Limit> {
    let l = e?.child(which)?;
    Some(Limit {
        value: l.text.trim().parse().ok()?,
        unit: l.attr("unit").unwrap_or("row").to_owned(),
    })
}

pub fn parse(bytes: &[u8]) -> Result<Capabilities, VosiError> {
    let root = root(bytes, &["capabilities"], "capabilities")?;
    let mut caps = Capabilities::default();
    for cap in root.all("capability") {
        let id = cap.attr("standardID").unwrap_or("").to_owned();
        let is_tap = id
            .to_ascii_lowercase()
            .starts_with("ivo://ivoa.net/std/tap")
            || cap.attr("type").is_some_and(|t| t.ends_with("TableAccess"));
        caps.standards.push(id);
        if !is_tap || caps.tap.is_some() && cap.child("language").is_none() {
            continue;
        }
        let mut tap = TapCapability::default();
        for l in cap.all("language") {
            let mut lang = Language {
                name: l.child_text("name").unwrap_or_default(),
                versions: l.all("version").map(|v| v.text.clone()).collect(),
                description: l.child_text("description"),
                features: Vec::new(),
            };
            for set in l.all("languageFeatures") {
                let kind = set.attr("type").unwrap_or("").to_owned();
                for f in set.all("feature") {
                    lang.features.push((
                        kind.clone(),
                        f.child_text("form").unwrap_or_default(),
                        f.child_text("description"),
                    ));
                }
            }
            tap.languages.push(lang);
        }
        for o in cap.all("outputFormat") {
            tap.output_formats.push((
                o.child_text("mime").unwrap_or_default(),
                o.all("alias").map(|a| a.text.clone()).collect(),
            ));
        }
        tap.upload_methods = cap
            .all("uploadMethod")
            .filter_map(|u| u.attr("ivo-id").map(str::to_owned))
            .collect();
        tap.retention_default = number(cap.child("retentionPeriod"), "default");
        tap.retention_hard = number(cap.child("retentionPeriod"), "hard");
        tap.execution_default = number(cap.child("executionDuration"), "default");
        tap.execution_hard = number(cap.child("executionDuration"), "hard");
        tap.output_default = limit(cap.child("outputLimit"), "default");
        tap.output_hard = limit(cap.child("outputLimit"), "hard");
        tap.upload_hard = limit(cap.child("uploadLimit"), "hard");
        tap.data_models = cap
            .all("dataModel")
            .filter_map(|d| d.attr("ivo-id").map(str::to_owned))
            .collect();
        caps.tap = Some(tap);
    }
    Ok(caps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pyvo_capabilities() {
        let caps = parse(include_bytes!(
            "../../../tests/fixtures/tap/pyvo_tap_capabilities.xml"
        ))
        .unwrap();
        let tap = caps.tap.expect("a TAP capability");
        assert!(tap.languages.iter().any(|l| l.name == "ADQL"));
        assert!(!tap.output_formats.is_empty());
    }

    #[test]
    fn cadc_capabilities_have_limits() {
        let caps = parse(include_bytes!(
            "../../../tests/fixtures/tap/astroquery_cadc_tap_caps.xml"
        ))
        .unwrap();
        assert!(caps.standards.iter().any(|s| s.contains("VOSI#tables")));
        assert!(caps.tap.is_some());
    }

    #[test]
    fn every_capabilities_fixture_reads() {
        for name in [
            "pyvo_vosi_capabilities.xml",
            "pyvo_vosi_capabilities_minimal-tapregext.xml",
            "pyvo_vosi_capabilities_multiple_capa_descriptions.xml",
            "pyvo_vosi_capabilities_formode-tapregext-template.xml",
            "pyvo_auth_tap_capabilities.xml",
        ] {
            let path = format!("{}/tests/fixtures/tap/{name}", env!("CARGO_MANIFEST_DIR"));
            let bytes = std::fs::read(&path).unwrap();
            parse(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        assert!(parse(b"<tableset/>")
            .unwrap_err()
            .0
            .contains("expected a VOSI capabilities"));
    }
}

/// The local Daiquiri 1.2.3's capabilities (tests/fixtures/daiquiri/): its root element is
/// in the VOSITables namespace (not VOSICapabilities), its TAP capability has no
/// xsi:type="tr:TableAccess", the language is "adql" 2.0 with no ivo-id nor features, and
/// no output formats are declared. voscope reads it by local names all the same.
#[cfg(test)]
mod daiquiri {
    #[test]
    fn daiquiris_capabilities_read_as_a_tap_service_with_upload_and_limits() {
        let caps = super::parse(include_bytes!(
            "../../../tests/fixtures/daiquiri/capabilities.xml"
        ))
        .unwrap();
        let tap = caps.tap.as_ref().expect("the TAP capability");
        assert_eq!(tap.languages.len(), 1);
        assert_eq!(tap.languages[0].name, "adql");
        assert_eq!(tap.languages[0].versions, ["2.0"]);
        assert!(tap.languages[0].features.is_empty());
        assert_eq!(tap.geometry_functions(), None);
        assert!(tap.udf_names().is_empty());
        assert!(tap.output_formats.is_empty());
        assert!(tap.supports_upload());
        assert_eq!(tap.default_maxrec(), Some(5_000_000));
        assert_eq!(tap.hard_maxrec(), Some(5_000_000));
        assert_eq!(
            tap.upload_hard.as_ref().map(|l| (l.value, l.unit.as_str())),
            Some((10_000_000, "byte"))
        );
        assert!(caps
            .standards
            .iter()
            .any(|s| s == "ivo://ivoa.net/std/TAP#async-1.1"));
        assert!(caps
            .standards
            .iter()
            .any(|s| s == "ivo://ivoa.net/std/VOSI#tables"));
    }
}
