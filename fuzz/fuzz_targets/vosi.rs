//! Any bytes through the VOSI readers a TAP service's self-description goes through:
//! availability, capabilities (with TAPRegExt), tables (the whole set and one table).
//! None may panic. Besides: a table set finds each of its tables by name and by search;
//! the single-table reader agrees with the set's first table; the TAP capability's
//! derived views (UDF names, limits, upload) hold together.
#![no_main]

use libfuzzer_sys::fuzz_target;
use voscope::standards::vosi::{availability, capabilities, tables};

fuzz_target!(|data: &[u8]| {
    if let Ok(a) = availability::parse(data) {
        assert!(a.notes.iter().all(|n| !n.is_empty()));
    }
    if let Ok(caps) = capabilities::parse(data) {
        if let Some(tap) = &caps.tap {
            let names = tap.udf_names();
            assert!(names.len() <= tap.udfs().len());
            for n in &names {
                assert!(!n.is_empty() && !n.contains('(') && n.trim() == n, "{n:?}");
            }
            if let Some(g) = tap.geometry_functions() {
                assert!(!g.is_empty());
            }
            let _ = tap.supports_upload();
            let _ = (tap.default_maxrec(), tap.hard_maxrec());
            // The UDFs become the checker's dialect.
            let dialect = voscope::standards::adql::Dialect {
                udfs: names,
                ..Default::default()
            };
            let _ = voscope::standards::adql::check("SELECT TOP 1 * FROM t", &dialect);
            // The dialect the capabilities make: what is not ADQL 2.1 never passes silently.
            let dialect = voscope::standards::adql::service::dialect_for(tap);
            let r = voscope::standards::adql::lint("SELECT a FROM t CROSS JOIN u", &dialect);
            assert_eq!(r.diagnostics.len(), 1, "{r:?}");
            assert_eq!(r.diagnostics[0].rule, "join_type");
        } else {
            assert!(caps
                .standards
                .iter()
                .all(|s| !s.to_ascii_lowercase().starts_with("ivo://ivoa.net/std/tap")));
        }
    }
    match tables::parse(data) {
        Ok(set) => {
            for s in &set.schemas {
                for t in &s.tables {
                    let found = set.table(&t.name).expect("a table finds itself");
                    assert!(found.name.eq_ignore_ascii_case(&t.name));
                    assert_eq!(t.columns_known, !t.columns.is_empty());
                    if !t.name.is_empty() {
                        assert!(set.search(&t.name).iter().any(|(_, h, _)| h.name == t.name));
                    }
                }
            }
            let first = set.schemas.iter().flat_map(|s| s.tables.iter()).next();
            match tables::parse_table(data) {
                Ok(t) => assert_eq!(Some(&t), first),
                Err(_) => assert!(first.is_none()),
            }
        }
        Err(_) => assert!(tables::parse_table(data).is_err()),
    }
});
