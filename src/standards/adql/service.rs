//! The ADQL a service speaks, from its VOSI capabilities (TAPRegExt): the user-defined
//! functions and optional features it declares, and the extensions beyond ADQL 2.1 it is
//! known to accept. The checker warns about those instead of refusing them.

use super::parser::{Dialect, Extension};
use crate::standards::vosi::capabilities::TapCapability;

const UDF_FEATURE: &str = "ivo://ivoa.net/std/tapregext#features-udf";

/// GAVO DaCHS marks its own language features with this prefix (DaCHS 2.7 declares
/// `ivo://org.gavo.dc/std/exts#extra-adql-keywords`: TABLESAMPLE, MOC, COALESCE,
/// VECTORMATH, CASE).
const DACHS_FEATURE_PREFIX: &str = "ivo://org.gavo.dc/";

/// What DaCHS 2.7 accepts beyond the REC without declaring it: its own parser takes each
/// and refuses the other extensions (tests/fixtures/adql/rec21_corpus.json, its `dachs`
/// verdicts), and the DaCHS test peer ran each as a sync query on ivoa.obscore. Not here:
/// ORDER BY in an unparenthesized UNION operand, which DaCHS's parser takes but passes on
/// to PostgreSQL, which refuses it ("syntax error at or near UNION").
pub const DACHS_EXTENSIONS: &[Extension] = &[
    Extension::HexLiteral,
    Extension::CrossJoin,
    Extension::AdjacentStringLiterals,
];

/// Extensions a service can declare by name in any `languageFeatures` (DaCHS: `CASE`).
fn declared_extension(form: &str) -> Option<Extension> {
    match form {
        "CASE" => Some(Extension::Case),
        _ => None,
    }
}

fn form_name(form: &str) -> String {
    form.split('(')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_uppercase()
}

/// The dialect of a service whose TAP capability is known.
pub fn dialect_for(tap: &TapCapability) -> Dialect {
    let adql: Vec<_> = tap
        .languages
        .iter()
        .filter(|l| l.name.eq_ignore_ascii_case("ADQL"))
        .collect();
    let languages = if adql.is_empty() {
        tap.languages.iter().collect()
    } else {
        adql
    };
    let mut features: Vec<String> = Vec::new();
    let mut extensions: Vec<Extension> = Vec::new();
    let mut dachs = false;
    for l in languages {
        for (kind, form, _) in &l.features {
            if kind.eq_ignore_ascii_case(UDF_FEATURE) {
                continue;
            }
            dachs |= kind.to_ascii_lowercase().starts_with(DACHS_FEATURE_PREFIX);
            let name = form_name(form);
            if let Some(e) = declared_extension(&name) {
                if !extensions.contains(&e) {
                    extensions.push(e);
                }
            }
            if !name.is_empty() && !features.contains(&name) {
                features.push(name);
            }
        }
    }
    if dachs {
        for e in DACHS_EXTENSIONS {
            if !extensions.contains(e) {
                extensions.push(*e);
            }
        }
    }
    Dialect {
        udfs: tap.udf_names(),
        allow_ivo_prefix: true,
        allow_any_udf: false,
        extensions,
        features: Some(features),
        unknown_service: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::adql::{lint, Severity};
    use crate::standards::vosi::capabilities::parse;

    fn caps(name: &str) -> TapCapability {
        let path = format!("{}/tests/fixtures/tap/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        parse(text.as_bytes()).unwrap().tap.unwrap()
    }

    fn verdicts(q: &str, d: &Dialect) -> Vec<(Severity, &'static str)> {
        lint(q, d)
            .diagnostics
            .iter()
            .map(|x| (x.severity, x.rule))
            .collect()
    }

    #[test]
    fn pyvo_capabilities_declare_the_optional_features() {
        // pyvo's test capabilities declare OFFSET, sets, string, type and unit features.
        let d = dialect_for(&caps("pyvo_tap_capabilities.xml"));
        assert!(!d.unknown_service && d.extensions.is_empty(), "{d:?}");
        let f = d.features.clone().unwrap();
        for name in ["OFFSET", "UNION", "LOWER", "CAST", "IN_UNIT"] {
            assert!(f.iter().any(|x| x == name), "{name}: {f:?}");
        }
        assert_eq!(verdicts("SELECT a FROM t ORDER BY a OFFSET 3", &d), vec![]);
        // CASE is not ADQL 2.1 and this service does not say it has it: an error.
        assert_eq!(
            verdicts("SELECT CASE WHEN a > 1 THEN 1 ELSE 0 END FROM t", &d),
            vec![(Severity::Error, "value_expression")]
        );
        // WITH is optional and not declared there: a warning.
        assert_eq!(
            verdicts("WITH q AS (SELECT a FROM t) SELECT a FROM q", &d),
            vec![(Severity::Warning, "with_clause")]
        );
    }

    #[test]
    fn the_queries_voscope_writes_are_plain_adql_for_dachs() {
        use crate::standards::adql::{obscore::ObsCoreForm, ConeQuery};
        let d = dialect_for(&caps("dachs_capabilities.xml"));
        let mut f = ObsCoreForm::new();
        f.cone = Some((83.63308, 22.0145, 1.0));
        f.time_start = Some(53000.0);
        f.dataproduct_types = vec!["event".into()];
        f.calib_levels = vec![2];
        f.top = Some(100);
        let cone = ConeQuery::obscore(83.63308, 22.0145, 0.5, Some(10));
        for q in [f.to_adql().unwrap(), cone.to_adql().unwrap()] {
            let r = lint(&q, &d);
            assert!(r.diagnostics.is_empty(), "{q}: {r:?}");
        }
    }

    #[test]
    fn a_dachs_service_gets_its_extensions_as_warnings() {
        let d = dialect_for(&caps("dachs_capabilities.xml"));
        for e in [Extension::Case, Extension::CrossJoin, Extension::HexLiteral] {
            assert!(d.extensions.contains(&e), "{e:?}: {d:?}");
        }
        let r = lint("SELECT a FROM t CROSS JOIN u WHERE a = 0x10", &d);
        assert!(r.error().is_none(), "{r:?}");
        let w: Vec<_> = r.warnings().map(|w| w.rule).collect();
        assert_eq!(w, vec!["join_type", "unsigned_numeric_literal"]);
        assert!(r
            .warnings()
            .all(|w| w.message.contains("this service accepts it")));
        // DaCHS's grammar has no ESCAPE: still an error.
        let r = lint("SELECT a FROM t WHERE a LIKE 'x!%' ESCAPE '!'", &d);
        assert_eq!(r.error().map(|e| e.rule), Some("like_predicate"));
        // MOC is in DaCHS's own extra-adql-keywords: a warning, not an error.
        let r = lint("SELECT MOC(6, CIRCLE(10, 10, 1)) FROM t", &d);
        assert!(r.error().is_none(), "{r:?}");
        assert_eq!(
            r.warnings().map(|w| w.rule).collect::<Vec<_>>(),
            vec!["user_defined_function"]
        );
        // DaCHS 2.7 declares LOWER and ILIKE but not UPPER.
        let r = lint("SELECT UPPER(a) FROM t WHERE a ILIKE 'x%'", &d);
        assert_eq!(
            r.warnings().map(|w| w.rule).collect::<Vec<_>>(),
            vec!["case_folding_function"]
        );
    }
}
