//! VOSI tables: schemas, tables and columns, whole or with `detail=min` (tables without
//! columns, fetched one by one when opened — big services have thousands).

use super::{root, VosiError};
use crate::standards::xml::Element;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableSet {
    pub schemas: Vec<SchemaMeta>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SchemaMeta {
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub tables: Vec<TableMeta>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableMeta {
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    /// "table", "view", "output"…
    pub kind: Option<String>,
    pub nrows: Option<u64>,
    pub columns: Vec<ColumnMeta>,
    /// Columns were listed (false for `detail=min` answers: fetch the table to get them).
    pub columns_known: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ColumnMeta {
    pub name: String,
    pub description: Option<String>,
    pub unit: Option<String>,
    pub ucd: Option<String>,
    pub utype: Option<String>,
    pub datatype: Option<String>,
    pub arraysize: Option<String>,
    pub xtype: Option<String>,
    pub indexed: bool,
    pub principal: bool,
    pub nullable: bool,
    pub std: bool,
}

fn column(c: &Element) -> ColumnMeta {
    let dt = c.child("dataType");
    let flags: Vec<String> = c.all("flag").map(|f| f.text.to_ascii_lowercase()).collect();
    ColumnMeta {
        name: c.child_text("name").unwrap_or_default(),
        description: c.child_text("description"),
        unit: c.child_text("unit"),
        ucd: c.child_text("ucd"),
        utype: c.child_text("utype"),
        datatype: dt.map(|d| d.text.clone()).filter(|t| !t.is_empty()),
        arraysize: dt.and_then(|d| d.attr("arraysize").map(str::to_owned)),
        xtype: c
            .child_text("xtype")
            .or_else(|| dt.and_then(|d| d.attr("extendedType").map(str::to_owned))),
        indexed: flags.iter().any(|f| f == "indexed"),
        principal: flags.iter().any(|f| f == "principal"),
        nullable: flags.iter().any(|f| f == "nullable"),
        std: c.attr("std").is_some_and(|s| s == "true" || s == "1"),
    }
}

/// One `<table>` element (also the answer of `/tables/<name>`).
pub fn table(t: &Element) -> TableMeta {
    let columns: Vec<ColumnMeta> = t.all("column").map(column).collect();
    TableMeta {
        name: t.child_text("name").unwrap_or_default(),
        title: t.child_text("title"),
        description: t.child_text("description"),
        kind: t.attr("type").map(str::to_owned),
        nrows: t.child_text("nrows").and_then(|n| n.parse().ok()),
        columns_known: !columns.is_empty(),
        columns,
    }
}

pub fn parse(bytes: &[u8]) -> Result<TableSet, VosiError> {
    let root = root(bytes, &["tableset", "table"], "tables")?;
    if root.name == "table" {
        return Ok(TableSet {
            schemas: vec![SchemaMeta {
                name: String::new(),
                tables: vec![table(&root)],
                ..SchemaMeta::default()
            }],
        });
    }
    let schemas = root
        .all("schema")
        .map(|s| SchemaMeta {
            name: s.child_text("name").unwrap_or_default(),
            title: s.child_text("title"),
            description: s.child_text("description"),
            tables: s.all("table").map(table).collect(),
        })
        .collect();
    Ok(TableSet { schemas })
}

/// The single table of a `/tables/<name>` answer.
pub fn parse_table(bytes: &[u8]) -> Result<TableMeta, VosiError> {
    let set = parse(bytes)?;
    set.schemas
        .into_iter()
        .flat_map(|s| s.tables)
        .next()
        .ok_or_else(|| VosiError("the answer describes no table".into()))
}

impl TableSet {
    /// Tables and columns whose name or description contains `needle` (case-insensitive).
    pub fn search(&self, needle: &str) -> Vec<(&SchemaMeta, &TableMeta, Option<&ColumnMeta>)> {
        let n = needle.to_lowercase();
        let hit = |s: &str| s.to_lowercase().contains(&n);
        let mut out = Vec::new();
        for s in &self.schemas {
            for t in &s.tables {
                if hit(&t.name) || t.description.as_deref().is_some_and(hit) {
                    out.push((s, t, None));
                }
                for c in &t.columns {
                    if hit(&c.name) || c.description.as_deref().is_some_and(hit) {
                        out.push((s, t, Some(c)));
                    }
                }
            }
        }
        out
    }

    pub fn table(&self, name: &str) -> Option<&TableMeta> {
        self.schemas
            .iter()
            .flat_map(|s| s.tables.iter())
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tables_fixture_reads() {
        let dir = format!("{}/tests/fixtures/tap", env!("CARGO_MANIFEST_DIR"));
        let mut n = 0;
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if !(name.contains("tables") || name.contains("lazy-table")) {
                continue;
            }
            let bytes = std::fs::read(e.path()).unwrap();
            parse(&bytes).unwrap_or_else(|err| panic!("{name}: {err}"));
            n += 1;
        }
        assert!(n >= 25, "{n}");
    }

    #[test]
    fn lazy_tables_have_no_columns_yet() {
        let set = parse(include_bytes!(
            "../../../tests/fixtures/tap/pyvo_tap_tables.xml"
        ))
        .unwrap();
        assert_eq!(set.schemas[0].tables.len(), 2);
        assert!(!set.schemas[0].tables[0].columns_known);
        let t = parse_table(include_bytes!(
            "../../../tests/fixtures/tap/pyvo_tap_lazy-table1.xml"
        ))
        .unwrap();
        assert!(t.columns_known, "{t:?}");
    }

    #[test]
    fn columns_flags_and_search() {
        let set = parse(include_bytes!(
            "../../../tests/fixtures/tap/pyvo_vosi_tables.xml"
        ))
        .unwrap();
        assert_eq!(set.schemas[0].tables[0].nrows, Some(30));
        assert!(!set.schemas.is_empty());
        let any_table = &set.schemas[0].tables[0];
        assert!(any_table.columns_known);
        let hits = set.search(&any_table.columns[0].name);
        assert!(!hits.is_empty());
    }
}

/// The local Daiquiri 1.2.3's /tables (tests/fixtures/daiquiri/): `size="None"` on each
/// table (Python's None where VODataService has an integer), `<unit></unit>` for unitless
/// columns, and char columns without arraysize.
#[cfg(test)]
mod daiquiri {
    #[test]
    fn daiquiris_tableset_reads_with_no_row_count_and_no_empty_units() {
        let set = super::parse(include_bytes!(
            "../../../tests/fixtures/daiquiri/tables.xml"
        ))
        .unwrap();
        let names: Vec<&str> = set.schemas.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["ivoa", "tap_schema"]);
        let t = set.table("ivoa.obscore").expect("ivoa.obscore");
        assert_eq!(t.nrows, None, "size=\"None\" is no row count");
        assert_eq!(t.columns.len(), 41);
        let col = |n: &str| t.columns.iter().find(|c| c.name == n).unwrap();
        assert_eq!(col("s_ra").unit.as_deref(), Some("deg"));
        assert_eq!(col("s_ra").ucd.as_deref(), Some("pos.eq.ra"));
        assert_eq!(col("s_ra").datatype.as_deref(), Some("double"));
        assert_eq!(col("obs_id").unit, None, "an empty <unit> is no unit");
        assert_eq!(col("obs_id").datatype.as_deref(), Some("char"));
        assert!(col("obs_id").std);
        assert!(!col("x_n_tels").std);
        assert!(set.table("tap_schema.columns").is_some());
    }
}
