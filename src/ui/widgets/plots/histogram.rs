//! A histogram of one numeric column, in the unit the table shows it in; it opens on a
//! column and binning that show a shape, not one bar.

use super::{log_or, Prepared, Spec};
use crate::app::cells::{self, Rendering};
use crate::app::plot::data;
use crate::app::plot::hist::{auto_bins, shows_shape, Histogram};
use crate::standards::votable::Table;

/// Columns a gamma-ray astronomer looks at the spread of first: energy threshold,
/// exposure, date; then any other numeric column.
const PREFERRED: [&str; 4] = ["em_max", "t_exptime", "t_min", "em_min"];

/// The column, bins and log axis a histogram opens on: the first preferred column whose
/// values fall in three bins or more, else the first numeric one.
pub(super) fn default_for(
    t: &Table,
    renderings: &[Rendering],
    rows: &[u32],
) -> (Option<usize>, usize, bool) {
    let numeric = data::numeric_columns(t);
    let preferred = PREFERRED.iter().filter_map(|n| t.column_index(n));
    let candidates: Vec<usize> = preferred
        .chain(numeric.iter().copied())
        .filter(|j| numeric.contains(j))
        .collect();
    let bins = auto_bins(rows.len());
    for &j in &candidates {
        let v = data::shown_values(&t.columns[j], rows, &renderings[j]);
        let log = data::wants_log(&v, &renderings[j]);
        if shows_shape(&v, log) {
            return (Some(j), bins, log);
        }
    }
    (candidates.first().copied(), bins, false)
}

pub(super) fn prepare(
    t: &Table,
    renderings: &[Rendering],
    rows: &[u32],
    spec: &Spec,
    mut p: Prepared,
) -> Result<Prepared, String> {
    let j = spec.column.ok_or("choose a column")?;
    let r = &renderings[j];
    let v = data::shown_values(&t.columns[j], rows, r);
    let h = Histogram::new(&v, spec.bins, None, spec.logx);
    let mut members = vec![Vec::new(); h.counts.len()];
    for (k, &value) in v.iter().enumerate() {
        if let Some(b) = h.bin_of(value) {
            members[b].push(rows[k]);
        }
    }
    let (lo, hi) = (h.edges[0], h.edges[h.edges.len() - 1]);
    p.x = (log_or(lo, spec.logx), log_or(hi, spec.logx));
    p.xticks = data::tick_labels(r, hi - lo);
    let top = h.max_count().max(1) as f64;
    p.y = if spec.logy {
        (0.0, (top * 1.2).log10())
    } else {
        (0.0, top * 1.08)
    };
    p.xlabel = cells::caption(r, &t.fields[j]);
    p.ylabel = "rows per bin".into();
    p.title = format!(
        "{} values in {} bins{}",
        v.len() as u64 - h.skipped,
        h.counts.len(),
        if h.skipped > 0 {
            format!(", {} not shown", h.skipped)
        } else {
            String::new()
        }
    );
    p.hist = Some((h, members));
    Ok(p)
}
