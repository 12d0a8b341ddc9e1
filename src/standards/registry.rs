//! Finding TAP services in the IVOA Registry through RegTAP 1.1 (`rr.*` tables queried
//! with ADQL on a registry's TAP service).

use crate::standards::adql::quote::string_literal;
use crate::standards::votable::Table;

/// A TAP service the registry knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceHit {
    pub ivoid: String,
    pub title: String,
    pub description: String,
    pub access_url: String,
    pub waveband: String,
    /// `ivo://ivoa.net/std/tap` or the `#aux` variant (a resource served by a TAP service
    /// that serves others too).
    pub standard_id: String,
}

/// ADQL for TAP services whose title or description has every one of the `keywords`.
pub fn tap_search_query(keywords: &str, max: u64) -> Result<String, String> {
    let words: Vec<&str> = keywords.split_whitespace().collect();
    if words.is_empty() {
        return Err("type one or more words to search for, e.g. gamma, Cherenkov, obscore".into());
    }
    if words.len() > 8 {
        return Err("at most 8 words, please".into());
    }
    let mut q = format!(
        "SELECT TOP {max} ivoid, res_title, res_description, waveband, access_url, standard_id\n\
         FROM rr.resource\n\
         NATURAL JOIN rr.capability\n\
         NATURAL JOIN rr.interface\n\
         WHERE standard_id LIKE 'ivo://ivoa.net/std/tap%'\n  AND intf_role = 'std'"
    );
    for w in words {
        let lit = string_literal(w);
        q.push_str(&format!(
            "\n  AND (1=ivo_hasword(res_title, {lit}) OR 1=ivo_hasword(res_description, {lit}) OR 1=ivo_hasword(waveband, {lit}))"
        ));
    }
    q.push_str("\nORDER BY res_title");
    Ok(q)
}

/// Reads the answer of [`tap_search_query`]; one hit per resource and access URL (a
/// catalogue served by a big TAP service is a hit of its own, with that service's URL).
pub fn read_hits(table: &Table) -> Vec<ServiceHit> {
    let text = |name: &str, row: usize| {
        table
            .column(name)
            .and_then(|c| c.str_at(row))
            .unwrap_or("")
            .trim()
            .to_owned()
    };
    let mut out: Vec<ServiceHit> = Vec::new();
    for row in 0..table.row_count() {
        let access_url = text("access_url", row);
        let lower = access_url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            continue;
        }
        let ivoid = text("ivoid", row);
        if out
            .iter()
            .any(|h| h.access_url == access_url && h.ivoid == ivoid)
        {
            continue;
        }
        out.push(ServiceHit {
            ivoid,
            title: text("res_title", row),
            description: text("res_description", row),
            access_url,
            waveband: text("waveband", row),
            standard_id: text("standard_id", row),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::adql::{check, Dialect};

    #[test]
    fn query_is_valid_and_safe() {
        let q = tap_search_query("gamma Cherenkov o'brien", 50).unwrap();
        let d = Dialect {
            allow_ivo_prefix: true,
            ..Dialect::default()
        };
        assert!(check(&q, &d).is_ok(), "{q}");
        assert!(q.contains("'o''brien'"));
        assert!(tap_search_query("   ", 10).is_err());
    }
}
