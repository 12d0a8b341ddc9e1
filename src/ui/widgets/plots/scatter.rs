//! A scatter of two numeric columns, each in the unit the table shows it in (dates on
//! time axes, TeV on energy axes).

use super::{log_or, Prepared, Spec};
use crate::app::cells::{self, Rendering};
use crate::app::plot::data;
use crate::standards::votable::Table;

/// x and y a scatter opens on: energy threshold against date for ObsCore, else the
/// first two numeric columns.
pub(super) fn default_for(t: &Table) -> (Option<usize>, Option<usize>) {
    let numeric = data::numeric_columns(t);
    let x = t.column_index("t_min").or(numeric.first().copied());
    let y = ["em_max", "t_exptime"]
        .iter()
        .filter_map(|n| t.column_index(n))
        .chain(numeric.iter().copied())
        .find(|j| Some(*j) != x && numeric.contains(j));
    (x, y)
}

/// Whether an axis of column `j` opens on a log scale.
pub(super) fn wants_log(
    t: &Table,
    renderings: &[Rendering],
    rows: &[u32],
    j: Option<usize>,
) -> bool {
    j.is_some_and(|j| {
        let v = data::shown_values(&t.columns[j], rows, &renderings[j]);
        data::wants_log(&v, &renderings[j])
    })
}

pub(super) fn prepare(
    t: &Table,
    renderings: &[Rendering],
    rows: &[u32],
    spec: &Spec,
    mut p: Prepared,
) -> Result<Prepared, String> {
    let (jx, jy) = (
        spec.column.ok_or("choose the x column")?,
        spec.column2.ok_or("choose the y column")?,
    );
    let vx = data::shown_values(&t.columns[jx], rows, &renderings[jx]);
    let vy = data::shown_values(&t.columns[jy], rows, &renderings[jy]);
    let ex = data::extent(&vx, spec.logx).ok_or("no value to plot on x")?;
    let ey = data::extent(&vy, spec.logy).ok_or("no value to plot on y")?;
    p.x = (log_or(ex.0, spec.logx), log_or(ex.1, spec.logx));
    p.y = (log_or(ey.0, spec.logy), log_or(ey.1, spec.logy));
    p.xticks = data::tick_labels(&renderings[jx], ex.1 - ex.0);
    p.yticks = data::tick_labels(&renderings[jy], ey.1 - ey.0);
    p.points = rows
        .iter()
        .enumerate()
        .filter_map(|(k, &row)| {
            let (x, y) = (log_or(vx[k], spec.logx), log_or(vy[k], spec.logy));
            (x.is_finite() && y.is_finite()).then_some((row, x, y))
        })
        .collect();
    p.xlabel = cells::caption(&renderings[jx], &t.fields[jx]);
    p.ylabel = cells::caption(&renderings[jy], &t.fields[jy]);
    p.title = format!("{} rows", p.points.len());
    Ok(p)
}
