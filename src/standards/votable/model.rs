//! The VOTable document model: metadata as parsed, data as typed columns.

use super::column::{Column, Value};
use super::datatype::{ArraySize, Datatype};

/// A whole VOTable document.
#[derive(Clone, Debug, Default)]
pub struct VoTable {
    /// The `version` attribute as written (may be odd, e.g. "v1.0").
    pub version: Option<String>,
    pub description: Option<String>,
    /// INFOs, PARAMs, COOSYS, TIMESYS, GROUPs directly under VOTABLE.
    pub meta: Meta,
    pub resources: Vec<Resource>,
    /// Things that were recovered from rather than rejected, for the user to see.
    pub warnings: Vec<String>,
}

/// Metadata that may appear in VOTABLE, RESOURCE and TABLE alike.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub infos: Vec<Info>,
    pub params: Vec<Param>,
    pub groups: Vec<Group>,
    pub coosys: Vec<CooSys>,
    pub timesys: Vec<TimeSys>,
    pub links: Vec<Link>,
}

#[derive(Clone, Debug, Default)]
pub struct Resource {
    pub name: Option<String>,
    pub id: Option<String>,
    /// `results` or `meta`.
    pub kind: Option<String>,
    pub utype: Option<String>,
    pub description: Option<String>,
    pub meta: Meta,
    pub tables: Vec<Table>,
    pub resources: Vec<Resource>,
    /// MIVOT annotation blocks (`VODML`), kept verbatim.
    pub mivot: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Table {
    pub name: Option<String>,
    pub id: Option<String>,
    pub ucd: Option<String>,
    pub utype: Option<String>,
    /// The `nrows` attribute: a hint that may be wrong.
    pub nrows_declared: Option<u64>,
    pub description: Option<String>,
    pub meta: Meta,
    pub fields: Vec<Field>,
    pub columns: Vec<Column>,
    pub serialization: Option<Serialization>,
}

impl Table {
    pub fn row_count(&self) -> usize {
        self.columns.first().map_or(0, |c| c.len())
    }

    /// Index of the column whose name matches, case-insensitively (ADQL column names
    /// are case-insensitive, and services vary in how they echo them).
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name).or_else(|| {
            self.fields
                .iter()
                .position(|f| f.name.eq_ignore_ascii_case(name))
        })
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.column_index(name).map(|i| &self.columns[i])
    }

    /// Memory held by the column data (what the benchmark calls the table's footprint).
    pub fn heap_bytes(&self) -> usize {
        self.columns.iter().map(|c| c.heap_bytes()).sum()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Serialization {
    TableData,
    Binary,
    Binary2,
}

/// FIELD, and the descriptive part of PARAM.
#[derive(Clone, Debug)]
pub struct Field {
    pub name: String,
    pub id: Option<String>,
    pub datatype: Datatype,
    pub arraysize: Option<ArraySize>,
    pub width: Option<u32>,
    pub precision: Option<String>,
    pub unit: Option<String>,
    pub ucd: Option<String>,
    pub utype: Option<String>,
    pub xtype: Option<String>,
    pub reference: Option<String>,
    pub description: Option<String>,
    pub values: Option<Values>,
    pub links: Vec<Link>,
}

impl Field {
    pub fn new(name: impl Into<String>, datatype: Datatype) -> Field {
        Field {
            name: name.into(),
            id: None,
            datatype,
            arraysize: None,
            width: None,
            precision: None,
            unit: None,
            ucd: None,
            utype: None,
            xtype: None,
            reference: None,
            description: None,
            values: None,
            links: Vec::new(),
        }
    }

    /// Whether a cell of this field holds one string (char/unicodeChar with a 1-D size).
    pub fn is_string(&self) -> bool {
        self.datatype.is_text() && self.arraysize.as_ref().is_none_or(|a| !a.is_multi_dim())
    }

    /// Whether a cell holds one number or boolean.
    pub fn is_scalar(&self) -> bool {
        !self.datatype.is_text()
            && !self.datatype.is_complex()
            && self.arraysize.as_ref().is_none_or(|a| a.is_single())
    }
}

#[derive(Clone, Debug)]
pub struct Param {
    pub field: Field,
    /// The `value` attribute as written.
    pub value: String,
    /// The value parsed by the PARAM's datatype (null if unparsable or empty).
    pub parsed: Value,
}

#[derive(Clone, Debug, Default)]
pub struct Values {
    pub id: Option<String>,
    pub null: Option<String>,
    pub min: Option<String>,
    pub max: Option<String>,
    pub options: Vec<(Option<String>, String)>,
    pub reference: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Info {
    pub name: String,
    pub value: String,
    pub id: Option<String>,
    pub content: String,
}

#[derive(Clone, Debug, Default)]
pub struct Link {
    pub href: Option<String>,
    pub title: Option<String>,
    pub content_role: Option<String>,
    pub content_type: Option<String>,
    pub value: Option<String>,
    pub gref: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Group {
    pub name: Option<String>,
    pub id: Option<String>,
    pub reference: Option<String>,
    pub ucd: Option<String>,
    pub utype: Option<String>,
    pub description: Option<String>,
    pub field_refs: Vec<String>,
    pub param_refs: Vec<String>,
    pub params: Vec<Param>,
    pub groups: Vec<Group>,
}

#[derive(Clone, Debug, Default)]
pub struct CooSys {
    pub id: Option<String>,
    pub system: Option<String>,
    pub equinox: Option<String>,
    pub epoch: Option<String>,
    pub refposition: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct TimeSys {
    pub id: Option<String>,
    pub timeorigin: Option<String>,
    pub timescale: Option<String>,
    pub refposition: Option<String>,
}

/// What a TAP/DALI service said about the query, from its `QUERY_STATUS`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryStatus {
    /// No QUERY_STATUS anywhere (plain VOTable, not a DALI response).
    Unknown,
    Ok,
    /// The result was truncated at MAXREC or a service limit.
    Overflow,
    /// The service refused or failed the query; the message is the service's text.
    Error(String),
}

impl VoTable {
    /// Every table in document order, depth first.
    pub fn tables(&self) -> Vec<&Table> {
        fn walk<'a>(r: &'a Resource, out: &mut Vec<&'a Table>) {
            out.extend(r.tables.iter());
            for child in &r.resources {
                walk(child, out);
            }
        }
        let mut out = Vec::new();
        for r in &self.resources {
            walk(r, &mut out);
        }
        out
    }

    /// The table a DALI service means as its answer: the first table of the first
    /// `type="results"` resource, else the first table anywhere.
    pub fn results_table(&self) -> Option<&Table> {
        fn find_results(r: &Resource) -> Option<&Table> {
            if r.kind.as_deref() == Some("results") {
                if let Some(t) = r.tables.first() {
                    return Some(t);
                }
            }
            r.resources.iter().find_map(find_results)
        }
        self.resources
            .iter()
            .find_map(find_results)
            .or_else(|| self.tables().into_iter().next())
    }

    /// Moves the results table out of the document (see [`VoTable::results_table`]),
    /// leaving the metadata in place; the table's data is not copied.
    pub fn take_results_table(&mut self) -> Option<Table> {
        fn path(rs: &[Resource], want_results: bool) -> Option<Vec<usize>> {
            for (i, r) in rs.iter().enumerate() {
                if !r.tables.is_empty() && (!want_results || r.kind.as_deref() == Some("results")) {
                    return Some(vec![i]);
                }
                if let Some(mut p) = path(&r.resources, want_results) {
                    p.insert(0, i);
                    return Some(p);
                }
            }
            None
        }
        let p = path(&self.resources, true).or_else(|| path(&self.resources, false))?;
        let mut r = self.resources.get_mut(p[0])?;
        for &i in &p[1..] {
            r = r.resources.get_mut(i)?;
        }
        let t = r.tables.first_mut()?;
        Some(std::mem::take(t))
    }

    /// Every INFO in document order (VOTABLE, RESOURCEs, TABLEs).
    pub fn all_infos(&self) -> Vec<&Info> {
        fn walk<'a>(r: &'a Resource, out: &mut Vec<&'a Info>) {
            out.extend(r.meta.infos.iter());
            for t in &r.tables {
                out.extend(t.meta.infos.iter());
            }
            for child in &r.resources {
                walk(child, out);
            }
        }
        let mut out: Vec<&Info> = self.meta.infos.iter().collect();
        for r in &self.resources {
            walk(r, &mut out);
        }
        out
    }

    /// Every PARAM in document order.
    pub fn all_params(&self) -> Vec<&Param> {
        fn walk<'a>(r: &'a Resource, out: &mut Vec<&'a Param>) {
            out.extend(r.meta.params.iter());
            for t in &r.tables {
                out.extend(t.meta.params.iter());
            }
            for child in &r.resources {
                walk(child, out);
            }
        }
        let mut out: Vec<&Param> = self.meta.params.iter().collect();
        for r in &self.resources {
            walk(r, &mut out);
        }
        out
    }

    /// The DALI query status, wherever the service put it. An ERROR anywhere wins;
    /// otherwise an OVERFLOW anywhere (DaCHS puts OK first and OVERFLOW after the
    /// table); a QUERY_STATUS given as a PARAM (some STIL-written files) counts too.
    pub fn query_status(&self) -> QueryStatus {
        let mut statuses: Vec<(String, String)> = self
            .all_infos()
            .into_iter()
            .filter(|i| i.name.eq_ignore_ascii_case("QUERY_STATUS"))
            .map(|i| {
                (
                    i.value.trim().to_ascii_uppercase(),
                    i.content.trim().to_owned(),
                )
            })
            .collect();
        statuses.extend(
            self.all_params()
                .into_iter()
                .filter(|p| p.field.name.eq_ignore_ascii_case("QUERY_STATUS"))
                .map(|p| {
                    let msg = p.field.description.clone().unwrap_or_default();
                    (p.value.trim().to_ascii_uppercase(), msg)
                }),
        );
        if let Some((_, msg)) = statuses.iter().find(|(v, _)| v == "ERROR") {
            let msg = if msg.is_empty() {
                "the service reported an error without a message".to_owned()
            } else {
                msg.clone()
            };
            return QueryStatus::Error(msg);
        }
        if statuses.iter().any(|(v, _)| v == "OVERFLOW") {
            return QueryStatus::Overflow;
        }
        if statuses.iter().any(|(v, _)| v == "OK") {
            return QueryStatus::Ok;
        }
        QueryStatus::Unknown
    }
}
