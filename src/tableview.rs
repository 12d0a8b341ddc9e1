//! Which rows of a result are shown, in which order: filters and a sort over the typed
//! columns, producing a list of row indexes. The data itself is never copied, so a
//! million-row table sorts in a fraction of a second and scrolls from the index list.

use std::cmp::Ordering;

use crate::votable::{Column, ColumnData, Table};

#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    /// Text cells containing `needle` (case-insensitive); numbers compared as text.
    Contains { column: usize, needle: String },
    /// Numeric cells within [min, max] (either bound optional); nulls never match.
    Range { column: usize, min: Option<f64>, max: Option<f64> },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub descending: bool,
}

fn matches(column: &Column, row: usize, filter: &Filter, lower_needle: &str) -> bool {
    match filter {
        Filter::Contains { .. } => match &column.data {
            ColumnData::Text(_) => column
                .str_at(row)
                .is_some_and(|s| s.to_lowercase().contains(lower_needle)),
            _ => {
                !column.is_null(row)
                    && format!("{:?}", column.value(row)).to_lowercase().contains(lower_needle)
            }
        },
        Filter::Range { min, max, .. } => match column.f64_at(row) {
            Some(v) => min.is_none_or(|m| v >= m) && max.is_none_or(|m| v <= m),
            None => false,
        },
    }
}

fn compare(column: &Column, a: u32, b: u32) -> Ordering {
    let (a, b) = (a as usize, b as usize);
    // Nulls last whatever the direction (handled by the caller for descending).
    match (column.is_null(a), column.is_null(b)) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    match &column.data {
        ColumnData::Text(t) => t.get(a).cmp(t.get(b)),
        ColumnData::Array(_) => format!("{:?}", column.value(a)).cmp(&format!("{:?}", column.value(b))),
        data => {
            let x = data.f64_at(a).unwrap_or(f64::NAN);
            let y = data.f64_at(b).unwrap_or(f64::NAN);
            x.total_cmp(&y)
        }
    }
}

/// The rows to show, in order: those passing every filter, sorted (stably) if asked.
pub fn rows(table: &Table, filters: &[Filter], sort: Option<Sort>) -> Vec<u32> {
    let n = table.row_count();
    let lowered: Vec<String> = filters
        .iter()
        .map(|f| match f {
            Filter::Contains { needle, .. } => needle.to_lowercase(),
            Filter::Range { .. } => String::new(),
        })
        .collect();
    let mut out: Vec<u32> = (0..n as u32)
        .filter(|&r| {
            filters.iter().zip(&lowered).all(|(f, needle)| {
                let column = match f {
                    Filter::Contains { column, .. } | Filter::Range { column, .. } => *column,
                };
                table
                    .columns
                    .get(column)
                    .is_some_and(|c| matches(c, r as usize, f, needle))
            })
        })
        .collect();
    if let Some(s) = sort {
        if let Some(column) = table.columns.get(s.column) {
            out.sort_by(|&a, &b| {
                let o = compare(column, a, b);
                let nulls = column.is_null(a as usize) || column.is_null(b as usize);
                if s.descending && !nulls {
                    o.reverse()
                } else {
                    o
                }
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::votable::parse;

    fn table() -> Table {
        let mut doc = parse(br#"<VOTABLE><RESOURCE><TABLE>
          <FIELD name="name" datatype="char" arraysize="*"/><FIELD name="mag" datatype="double"/>
          <DATA><TABLEDATA>
          <TR><TD>Vela</TD><TD>3.5</TD></TR><TR><TD>crab</TD><TD/></TR>
          <TR><TD>Crab Nebula</TD><TD>8.4</TD></TR><TR><TD>PKS 2155-304</TD><TD>13.1</TD></TR>
          </TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>"#).unwrap();
        doc.take_results_table().unwrap()
    }

    #[test]
    fn sort_with_nulls_last() {
        let t = table();
        assert_eq!(rows(&t, &[], Some(Sort { column: 1, descending: false })), vec![0, 2, 3, 1]);
        assert_eq!(rows(&t, &[], Some(Sort { column: 1, descending: true })), vec![3, 2, 0, 1]);
        assert_eq!(rows(&t, &[], Some(Sort { column: 0, descending: false })), vec![2, 3, 0, 1]);
    }

    #[test]
    fn filters_combine() {
        let t = table();
        let crab = Filter::Contains { column: 0, needle: "CRAB".into() };
        assert_eq!(rows(&t, std::slice::from_ref(&crab), None), vec![1, 2]);
        let bright = Filter::Range { column: 1, min: None, max: Some(10.0) };
        assert_eq!(rows(&t, &[crab, bright], None), vec![2]);
        assert_eq!(rows(&t, &[Filter::Range { column: 1, min: Some(5.0), max: None }], None), vec![2, 3]);
    }
}
