//! Which rows of a result are shown, in which order: filters and a sort over the typed
//! columns, producing a list of row indexes. The data itself is never copied, so a
//! million-row table sorts in a fraction of a second and scrolls from the index list.

use std::cmp::Ordering;

use crate::standards::votable::{Column, ColumnData, Table};

#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    /// Text cells containing `needle` (case-insensitive); numbers compared as text.
    Contains { column: usize, needle: String },
    /// Numeric cells within the bounds (either optional); nulls never match.
    Range {
        column: usize,
        min: Option<Bound>,
        max: Option<Bound>,
    },
}

/// One end of a range: `> 5` excludes 5, `>= 5` and `1..5` include it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub inclusive: bool,
}

impl Bound {
    fn inclusive(value: f64) -> Bound {
        Bound {
            value,
            inclusive: true,
        }
    }
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
                    && format!("{:?}", column.value(row))
                        .to_lowercase()
                        .contains(lower_needle)
            }
        },
        Filter::Range { min, max, .. } => match column.f64_at(row) {
            Some(v) => {
                min.is_none_or(|b| v > b.value || (b.inclusive && v == b.value))
                    && max.is_none_or(|b| v < b.value || (b.inclusive && v == b.value))
            }
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
        ColumnData::Array(_) => {
            format!("{:?}", column.value(a)).cmp(&format!("{:?}", column.value(b)))
        }
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
    if filters.is_empty() && sort.is_none() {
        // The common first view of a result: every row in order, at memcpy speed (the
        // general path below costs ~40 ms per million rows in wasm).
        return (0..n as u32).collect();
    }
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

/// Reads a filter typed in a column header: `> 5`, `>= 5`, `< 10`, `<= 10`, `5..10`, `=3`
/// for numbers; anything else is a substring match. `raw` reads a bound typed in the
/// unit the column is shown in into the value the table holds (see
/// [`crate::app::cells::typed_to_raw`]); `reversed` says that mapping turns order around.
pub fn parse_filter(
    column: usize,
    text: &str,
    numeric: bool,
    raw: &dyn Fn(&str) -> Option<f64>,
    reversed: bool,
) -> Option<Filter> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if numeric {
        let range = |min: Option<Bound>, max: Option<Bound>| {
            let (min, max) = if reversed { (max, min) } else { (min, max) };
            Some(Filter::Range { column, min, max })
        };
        if let Some((a, b)) = t.split_once("..") {
            let (lo, hi) = (raw(a).map(Bound::inclusive), raw(b).map(Bound::inclusive));
            if lo.is_some() || hi.is_some() {
                return range(lo, hi);
            }
        }
        for (prefix, lower, inclusive) in [
            (">=", true, true),
            ("<=", false, true),
            (">", true, false),
            ("<", false, false),
        ] {
            if let Some(v) = t.strip_prefix(prefix).and_then(raw) {
                let b = Some(Bound {
                    value: v,
                    inclusive,
                });
                return if lower {
                    range(b, None)
                } else {
                    range(None, b)
                };
            }
        }
        if let Some(v) = raw(t.trim_start_matches('=')) {
            return range(Some(Bound::inclusive(v)), Some(Bound::inclusive(v)));
        }
    }
    Some(Filter::Contains {
        column,
        needle: t.to_owned(),
    })
}

/// The columns an astronomer reads an ObsCore result by, in this order: what, when,
/// how long, which energies (low end first), what kind of product, and its links. The
/// rest of a wide result waits in the column chooser.
pub const FIRST_COLUMNS: [&str; 9] = [
    "obs_id",
    "target_name",
    "t_min",
    "t_exptime",
    "em_max",
    "em_min",
    "dataproduct_type",
    "obs_collection",
    "access_url",
];

/// Results with more columns than this open on [`FIRST_COLUMNS`] (when they have most
/// of them); narrower ones show every column they have.
pub const WIDE: usize = 12;

/// The columns shown when a result opens, in display order. `energy_read` says which
/// columns are wavelength bounds read as energy or frequency: `em_max` (then the lowest
/// energy) is put before `em_min` so that a range reads low to high.
pub fn default_columns(names: &[&str], energy_read: &dyn Fn(usize) -> bool) -> Vec<usize> {
    let find = |n: &str| names.iter().position(|c| c.eq_ignore_ascii_case(n));
    let first: Vec<usize> = FIRST_COLUMNS.iter().filter_map(|n| find(n)).collect();
    let mut out: Vec<usize> = if names.len() > WIDE && first.len() >= 4 {
        first
    } else {
        (0..names.len()).collect()
    };
    if let (Some(lo), Some(hi)) = (find("em_min"), find("em_max")) {
        let (p, q) = (
            out.iter().position(|&j| j == lo),
            out.iter().position(|&j| j == hi),
        );
        if let (Some(p), Some(q)) = (p, q) {
            // Low end first: em_max when read as energy, em_min when read as wavelength.
            if (energy_read(lo) && p < q) || (!energy_read(lo) && q < p) {
                out.swap(p, q);
            }
        }
    }
    out
}

/// The rows from `anchor` to `row` (both included) in the order shown: what a
/// shift-click selects. Just `row` when the anchor is not shown.
pub fn span(shown: &[u32], anchor: u32, row: u32) -> Vec<u32> {
    let at = |r: u32| shown.iter().position(|&x| x == r);
    match (at(anchor), at(row)) {
        (Some(a), Some(b)) => shown[a.min(b)..=a.max(b)].to_vec(),
        _ => vec![row],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::votable::parse;

    fn table() -> Table {
        let mut doc = parse(
            br#"<VOTABLE><RESOURCE><TABLE>
          <FIELD name="name" datatype="char" arraysize="*"/><FIELD name="mag" datatype="double"/>
          <DATA><TABLEDATA>
          <TR><TD>Vela</TD><TD>3.5</TD></TR><TR><TD>crab</TD><TD/></TR>
          <TR><TD>Crab Nebula</TD><TD>8.4</TD></TR><TR><TD>PKS 2155-304</TD><TD>13.1</TD></TR>
          </TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>"#,
        )
        .unwrap();
        doc.take_results_table().unwrap()
    }

    #[test]
    fn sort_with_nulls_last() {
        let t = table();
        let sorted = |column, descending| rows(&t, &[], Some(Sort { column, descending }));
        assert_eq!(sorted(1, false), vec![0, 2, 3, 1]);
        assert_eq!(sorted(1, true), vec![3, 2, 0, 1]);
        assert_eq!(sorted(0, false), vec![2, 3, 0, 1]);
    }

    fn plain(t: &str) -> Option<f64> {
        t.trim().parse().ok()
    }

    fn range(min: Option<(f64, bool)>, max: Option<(f64, bool)>) -> Option<Filter> {
        let b = |(value, inclusive)| Bound { value, inclusive };
        Some(Filter::Range {
            column: 0,
            min: min.map(b),
            max: max.map(b),
        })
    }

    #[test]
    fn filter_syntax() {
        let f = |t: &str| parse_filter(0, t, true, &plain, false);
        assert_eq!(f(" > 5"), range(Some((5.0, false)), None));
        assert_eq!(f(">=5"), range(Some((5.0, true)), None));
        assert_eq!(f("< 2"), range(None, Some((2.0, false))));
        assert_eq!(f("1..2"), range(Some((1.0, true)), Some((2.0, true))));
        assert_eq!(f("..2"), range(None, Some((2.0, true))));
        assert_eq!(f("=3"), range(Some((3.0, true)), Some((3.0, true))));
        assert_eq!(
            parse_filter(1, "crab", false, &plain, false),
            Some(Filter::Contains {
                column: 1,
                needle: "crab".into()
            })
        );
        assert_eq!(parse_filter(1, "  ", false, &plain, false), None);
        // Shown as energy, held as wavelength: "> 1 TeV" is "< 1.24e-18 m".
        let tev = |t: &str| plain(t).map(|e| 1.239841984e-18 / e);
        assert_eq!(
            parse_filter(0, "> 1", true, &tev, true),
            range(None, Some((1.239841984e-18, false)))
        );
    }

    #[test]
    fn wide_obscore_results_open_on_the_astronomers_columns() {
        let mut names = vec![
            "dataproduct_type",
            "calib_level",
            "obs_collection",
            "obs_id",
            "obs_publisher_did",
            "access_url",
            "access_format",
            "access_estsize",
            "target_name",
            "s_ra",
            "s_dec",
            "s_fov",
            "s_region",
            "t_min",
            "t_max",
            "t_exptime",
            "em_min",
            "em_max",
        ];
        let energy = |_: usize| true;
        let shown: Vec<&str> = default_columns(&names, &energy)
            .into_iter()
            .map(|j| names[j])
            .collect();
        assert_eq!(
            shown,
            [
                "obs_id",
                "target_name",
                "t_min",
                "t_exptime",
                "em_max",
                "em_min",
                "dataproduct_type",
                "obs_collection",
                "access_url"
            ]
        );
        // Read as wavelengths, the bounds keep the served order (λ_min first).
        let wl = |_: usize| false;
        let order = default_columns(&names, &wl);
        assert_eq!((names[order[4]], names[order[5]]), ("em_min", "em_max"));
        // A narrow result shows all it has, with the energy range low end first.
        names.truncate(3);
        names.extend(["em_min", "em_max"]);
        let all: Vec<&str> = default_columns(&names, &energy)
            .into_iter()
            .map(|j| names[j])
            .collect();
        assert_eq!(
            all,
            [
                "dataproduct_type",
                "calib_level",
                "obs_collection",
                "em_max",
                "em_min"
            ]
        );
    }

    #[test]
    fn shift_click_spans_rows_in_the_order_shown() {
        let shown = [7, 3, 9, 1, 4];
        assert_eq!(span(&shown, 3, 1), vec![3, 9, 1]);
        assert_eq!(span(&shown, 4, 9), vec![9, 1, 4]);
        assert_eq!(span(&shown, 8, 9), vec![9]);
    }

    #[test]
    fn filters_combine() {
        let t = table();
        let crab = Filter::Contains {
            column: 0,
            needle: "CRAB".into(),
        };
        assert_eq!(rows(&t, std::slice::from_ref(&crab), None), vec![1, 2]);
        let bright = range(None, Some((10.0, true))).map(|f| match f {
            Filter::Range { min, max, .. } => Filter::Range {
                column: 1,
                min,
                max,
            },
            other => other,
        });
        assert_eq!(rows(&t, &[crab, bright.unwrap()], None), vec![2]);
        let at_least = |v: f64, inclusive: bool| Filter::Range {
            column: 1,
            min: Some(Bound {
                value: v,
                inclusive,
            }),
            max: None,
        };
        assert_eq!(rows(&t, &[at_least(5.0, true)], None), vec![2, 3]);
    }
}

/// A set of row indexes, one bit per row (selections over millions of rows).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowSet {
    bits: Vec<u64>,
    count: usize,
}

impl RowSet {
    pub fn new(rows: usize) -> RowSet {
        RowSet {
            bits: vec![0; rows.div_ceil(64)],
            count: 0,
        }
    }

    pub fn contains(&self, row: u32) -> bool {
        let r = row as usize;
        self.bits
            .get(r / 64)
            .is_some_and(|w| (w >> (r % 64)) & 1 == 1)
    }

    pub fn insert(&mut self, row: u32) {
        let r = row as usize;
        if let Some(w) = self.bits.get_mut(r / 64) {
            if (*w >> (r % 64)) & 1 == 0 {
                *w |= 1 << (r % 64);
                self.count += 1;
            }
        }
    }

    pub fn remove(&mut self, row: u32) {
        let r = row as usize;
        if let Some(w) = self.bits.get_mut(r / 64) {
            if (*w >> (r % 64)) & 1 == 1 {
                *w &= !(1 << (r % 64));
                self.count -= 1;
            }
        }
    }

    pub fn toggle(&mut self, row: u32) {
        if self.contains(row) {
            self.remove(row)
        } else {
            self.insert(row)
        }
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The selected rows, in increasing order.
    pub fn rows(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.count);
        for (k, &w) in self.bits.iter().enumerate() {
            let mut w = w;
            while w != 0 {
                let b = w.trailing_zeros();
                out.push((k * 64) as u32 + b);
                w &= w - 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod rowset_tests {
    use super::RowSet;

    #[test]
    fn set_operations() {
        let mut s = RowSet::new(200);
        s.insert(3);
        s.insert(130);
        s.insert(3);
        assert_eq!(s.len(), 2);
        assert!(s.contains(130) && !s.contains(4));
        s.toggle(3);
        s.toggle(199);
        assert_eq!(s.rows(), vec![130, 199]);
        s.insert(10_000);
        assert_eq!(s.len(), 2);
    }
}
