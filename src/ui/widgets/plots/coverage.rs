//! Time and energy coverage: one bar per observation, sorted by its start, over UTC
//! dates or a log energy axis in TeV.

use super::{log_or, Kind, Prepared};
use crate::app::cells::Rendering;
use crate::app::plot::data;
use crate::standards::votable::Table;

pub(super) fn prepare(
    t: &Table,
    rows: &[u32],
    kind: Kind,
    mut p: Prepared,
) -> Result<Prepared, String> {
    let time = kind == Kind::Time;
    let mut iv = if time {
        data::time_intervals(t, rows)
    } else {
        data::energy_intervals(t, rows)
    };
    if iv.is_empty() {
        return Err(if time {
            "this result has no t_min/t_max".into()
        } else {
            "this result has no em_min/em_max".into()
        });
    }
    iv.sort_by(|a, b| a.1.total_cmp(&b.1));
    let log = !time;
    let lo = iv.iter().map(|i| i.1).fold(f64::INFINITY, f64::min);
    let hi = iv.iter().map(|i| i.2).fold(f64::NEG_INFINITY, f64::max);
    let pad = if log {
        0.1
    } else {
        ((hi - lo) * 0.02).max(0.5)
    };
    p.x = (log_or(lo, log) - pad, log_or(hi, log) + pad);
    p.logx = log;
    p.logy = false;
    p.y = (0.0, iv.len() as f64);
    let n = iv.len() as f64;
    p.segments = iv
        .iter()
        .enumerate()
        .map(|(k, &(row, a, b))| (row, log_or(a, log), log_or(b, log), n - k as f64 - 0.5))
        .collect();
    if time {
        p.xticks = data::tick_labels(&Rendering::Mjd, p.x.1 - p.x.0);
    }
    p.xlabel = if log {
        "energy E = hc/λ [TeV]".into()
    } else {
        "time [UTC]".into()
    };
    p.ylabel = "observations, by start".into();
    p.title = format!(
        "{} observations · {}",
        iv.len(),
        if log {
            "energy range".into()
        } else {
            format!(
                "{} to {}",
                crate::standards::time::mjd_to_iso(lo),
                crate::standards::time::mjd_to_iso(hi)
            )
        }
    );
    Ok(p)
}
