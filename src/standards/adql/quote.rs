//! Quoting of user-supplied text into ADQL, so that no input can change a query's
//! structure: a target name becomes one string literal, a column name one identifier.

/// A string literal: single quotes, inner quotes doubled. NUL characters, which no
/// database accepts in text, are dropped.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\0' => {}
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// An identifier: bare when it is a regular identifier that is neither reserved nor an
/// ADQL function's name (which the checker refuses as a bare name), else a delimited
/// identifier with inner double quotes doubled.
pub fn identifier(name: &str) -> String {
    let regular = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !super::reserved::is_reserved(name)
        && super::functions::lookup(&name.to_ascii_uppercase()).is_none();
    if regular {
        return name.to_owned();
    }
    let mut out = String::with_capacity(name.len() + 2);
    out.push('"');
    for c in name.chars() {
        match c {
            '"' => out.push_str("\"\""),
            '\0' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A qualified table name (`schema.table`): each part quoted on its own.
pub fn table_name(name: &str) -> String {
    name.split('.')
        .map(identifier)
        .collect::<Vec<_>>()
        .join(".")
}

/// A numeric literal. `None` for NaN and infinities, which ADQL cannot write.
pub fn number(value: f64) -> Option<String> {
    if !value.is_finite() {
        return None;
    }
    // Rust prints the shortest text that reads back to the same f64, never exponent-free
    // garbage: "83.6331", "1e-20" is printed as "0.00000000000000000001"; use {:e} there.
    let plain = format!("{value}");
    let text = if plain.len() > 24 {
        format!("{value:e}").replace('e', "E")
    } else {
        plain
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_cannot_escape() {
        assert_eq!(string_literal("Crab"), "'Crab'");
        assert_eq!(string_literal("O'Brien"), "'O''Brien'");
        let hostile = "x' OR 1=1 --";
        let lit = string_literal(hostile);
        assert_eq!(lit, "'x'' OR 1=1 --'");
        // Re-reading the literal gives back exactly the input.
        let inner = &lit[1..lit.len() - 1];
        assert_eq!(inner.replace("''", "'"), hostile);
    }

    #[test]
    fn identifiers() {
        assert_eq!(identifier("s_ra"), "s_ra");
        assert_eq!(identifier("size"), "\"size\"");
        assert_eq!(identifier("target_name"), "target_name");
        assert_eq!(identifier("select"), "\"select\"");
        assert_eq!(identifier("4.5mag"), "\"4.5mag\"");
        assert_eq!(identifier("a\"b"), "\"a\"\"b\"");
        // Found by fuzzing: function names that are not reserved words came out bare,
        // and the checker refuses them as column names. GREATEST and LEAST (the 2018 draft's)
        // are not ADQL 2.1 functions: plain column names now.
        assert_eq!(identifier("GREATEST"), "GREATEST");
        assert_eq!(identifier("coalesce"), "\"coalesce\"");
        for column in ["GREATEST", "coalesce", "in_unit"] {
            let q = crate::standards::adql::obscore::distinct_values("t", column);
            assert!(
                crate::standards::adql::check(&q, &crate::standards::adql::Dialect::default())
                    .is_ok(),
                "{q}"
            );
        }
        assert_eq!(table_name("ivoa.obscore"), "ivoa.obscore");
        assert_eq!(table_name("TAP_UPLOAD.my table"), "TAP_UPLOAD.\"my table\"");
    }

    #[test]
    fn numbers() {
        assert_eq!(number(83.6331).as_deref(), Some("83.6331"));
        assert_eq!(number(-30.2256).as_deref(), Some("-30.2256"));
        assert_eq!(number(0.1).as_deref(), Some("0.1"));
        assert_eq!(number(1.2398e-20).as_deref(), Some("1.2398E-20"));
        assert_eq!(number(f64::NAN), None);
        assert_eq!(number(2.0).as_deref(), Some("2"));
    }
}
