//! TAP UPLOAD (TAP 1.1 §4.5, DALI): a local table sent with the query and read as
//! `TAP_UPLOAD.name`. The file travels as a multipart part named like the table; the
//! `UPLOAD` parameter says `name,param:name`.

use crate::standards::adql::is_reserved;

/// Checks a table name for `TAP_UPLOAD.name`: a regular ADQL identifier.
pub fn check_name(name: &str) -> Result<(), String> {
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 64;
    if !ok {
        return Err(format!(
            "{name:?} cannot name an uploaded table: use letters, digits and _, starting with a letter"
        ));
    }
    if is_reserved(name) {
        return Err(format!(
            "{name:?} is an ADQL reserved word; choose another name"
        ));
    }
    Ok(())
}

/// The UPLOAD parameter for tables sent inline under their own names.
pub fn upload_param(names: &[String]) -> Result<String, String> {
    let mut parts = Vec::new();
    for n in names {
        check_name(n)?;
        parts.push(format!("{n},param:{n}"));
    }
    Ok(parts.join(";"))
}

/// A table name from a file name: "my targets.xml" → "my_targets".
pub fn name_from_file(file: &str) -> String {
    let stem = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = stem.split('.').next().unwrap_or(stem);
    let mut name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert_str(0, "t_");
    }
    name.truncate(64);
    if is_reserved(&name) {
        name.push_str("_table");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            upload_param(&["targets".into()]).unwrap(),
            "targets,param:targets"
        );
        assert_eq!(
            upload_param(&["a".into(), "b2".into()]).unwrap(),
            "a,param:a;b2,param:b2"
        );
        assert!(check_name("1x").is_err());
        assert!(check_name("select").is_err());
        assert!(check_name("a;b").is_err());
        assert_eq!(name_from_file("C:\\data\\My Targets.vot"), "my_targets");
        assert_eq!(name_from_file("2024-list.xml"), "t_2024_list");
        assert_eq!(name_from_file("select.xml"), "select_table");
    }
}
