//! From a result table to what a plot shows: positions (ICRS or galactic), any numeric
//! column, time and energy coverage intervals. Each series keeps the row indexes, so a
//! selection made in a plot selects rows, and a row selection shows in every plot.

use super::chart::Labels;
use crate::app::cells::{self, Rendering};
use crate::standards::adql::obscore::HC_EV_M;
use crate::standards::votable::{Column, ColumnData, Datatype, Table};

/// Which coordinate frame the sky plot shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SkyFrame {
    Icrs,
    Galactic,
}

/// The index of the column used for RA (or Dec): ObsCore names first, then UCDs.
pub fn position_columns(table: &Table) -> Option<(usize, usize)> {
    let by_name = |n: &str| table.column_index(n);
    if let (Some(a), Some(b)) = (by_name("s_ra"), by_name("s_dec")) {
        return Some((a, b));
    }
    let by_ucd = |prefix: &str| {
        table.fields.iter().position(|f| {
            f.ucd
                .as_deref()
                .is_some_and(|u| u.to_ascii_lowercase().starts_with(prefix))
                && f.is_scalar()
        })
    };
    match (by_ucd("pos.eq.ra"), by_ucd("pos.eq.dec")) {
        (Some(a), Some(b)) => Some((a, b)),
        _ => match (by_name("ra"), by_name("dec")) {
            (Some(a), Some(b)) => Some((a, b)),
            _ => None,
        },
    }
}

/// Scalar numeric columns (what a histogram or a scatter axis can use).
pub fn numeric_columns(table: &Table) -> Vec<usize> {
    table
        .fields
        .iter()
        .enumerate()
        .filter(|(j, f)| {
            f.is_scalar()
                && f.datatype != Datatype::Boolean
                && !matches!(table.columns[*j].data, ColumnData::Text(_))
        })
        .map(|(j, _)| j)
        .collect()
}

/// Positions of the given rows: (row, lon, lat) in the frame asked, nulls skipped.
pub fn sky_points(table: &Table, rows: &[u32], frame: SkyFrame) -> Vec<(u32, f64, f64)> {
    let Some((a, b)) = position_columns(table) else {
        return Vec::new();
    };
    let (ra, dec) = (&table.columns[a], &table.columns[b]);
    rows.iter()
        .filter_map(|&r| {
            let (x, y) = (ra.f64_at(r as usize)?, dec.f64_at(r as usize)?);
            Some(match frame {
                SkyFrame::Icrs => (r, x, y),
                SkyFrame::Galactic => {
                    let (l, bb) = crate::standards::coords::icrs_to_galactic(x, y);
                    (r, l, bb)
                }
            })
        })
        .collect()
}

/// The values of one column for the given rows (NaN for nulls), in row order.
pub fn values(column: &Column, rows: &[u32]) -> Vec<f64> {
    rows.iter()
        .map(|&r| column.f64_at(r as usize).unwrap_or(f64::NAN))
        .collect()
}

/// The values of one column in the unit the table shows it in (TeV, GHz, nm for a
/// wavelength bound; MJD stays MJD, its ticks say UTC), NaN for nulls, in row order.
pub fn shown_values(column: &Column, rows: &[u32], r: &Rendering) -> Vec<f64> {
    let mut v = values(column, rows);
    if let Rendering::Spectral { unit, .. } = r {
        for x in &mut v {
            *x = if *x > 0.0 {
                cells::convert_spectral(*x, unit)
            } else {
                f64::NAN
            };
        }
    }
    v
}

/// How the ticks of an axis showing this column are written: dates (UTC) for MJD, the
/// time of day too when the span is short.
pub fn tick_labels(r: &Rendering, span: f64) -> Labels {
    match r {
        Rendering::Mjd if span < 3.0 => Labels::UtcDateFromMjd,
        Rendering::Mjd => Labels::DateFromMjd,
        _ => Labels::Plain,
    }
}

/// Whether an axis of these values reads better on a log scale: energies (spectral
/// bounds) and any positive quantity spanning more than two decades.
pub fn wants_log(values: &[f64], r: &Rendering) -> bool {
    match extent(values, true) {
        Some((lo, hi)) => matches!(r, Rendering::Spectral { .. }) || hi / lo > 100.0,
        None => false,
    }
}

/// Time coverage: (row, t_min, t_max) in MJD.
pub fn time_intervals(table: &Table, rows: &[u32]) -> Vec<(u32, f64, f64)> {
    let (Some(a), Some(b)) = (table.column("t_min"), table.column("t_max")) else {
        return Vec::new();
    };
    rows.iter()
        .filter_map(|&r| {
            let (x, y) = (a.f64_at(r as usize)?, b.f64_at(r as usize)?);
            Some((r, x.min(y), x.max(y)))
        })
        .collect()
}

/// Energy coverage in TeV: (row, E_low, E_high) from ObsCore's wavelengths in metres
/// (E_low = hc/em_max, E_high = hc/em_min).
pub fn energy_intervals(table: &Table, rows: &[u32]) -> Vec<(u32, f64, f64)> {
    let (Some(a), Some(b)) = (table.column("em_min"), table.column("em_max")) else {
        return Vec::new();
    };
    rows.iter()
        .filter_map(|&r| {
            let (lo_wl, hi_wl) = (a.f64_at(r as usize)?, b.f64_at(r as usize)?);
            if lo_wl <= 0.0 || hi_wl <= 0.0 {
                return None;
            }
            let e1 = HC_EV_M / hi_wl / 1e12;
            let e2 = HC_EV_M / lo_wl / 1e12;
            Some((r, e1.min(e2), e1.max(e2)))
        })
        .collect()
}

/// Maps a value to [0, 1] on a linear or log axis over [lo, hi].
pub fn unit_position(v: f64, lo: f64, hi: f64, log: bool) -> Option<f64> {
    if !v.is_finite() {
        return None;
    }
    if log {
        if v <= 0.0 || lo <= 0.0 || hi <= lo {
            return None;
        }
        Some((v.log10() - lo.log10()) / (hi.log10() - lo.log10()))
    } else if hi > lo {
        Some((v - lo) / (hi - lo))
    } else {
        Some(0.5)
    }
}

/// Finite min and max of values (positive ones only on a log axis).
pub fn extent(values: &[f64], log: bool) -> Option<(f64, f64)> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for &v in values {
        if v.is_finite() && (!log || v > 0.0) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if !lo.is_finite() {
        return None;
    }
    if lo == hi {
        let pad = if log {
            lo * 0.5
        } else {
            0.5f64.max(lo.abs() * 0.05)
        };
        return Some((lo - pad, hi + pad));
    }
    Some((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::votable::parse;

    fn table() -> Table {
        let mut doc = parse(br#"<VOTABLE><RESOURCE><TABLE>
          <FIELD name="s_ra" datatype="double"/><FIELD name="s_dec" datatype="double"/>
          <FIELD name="t_min" datatype="double"/><FIELD name="t_max" datatype="double"/>
          <FIELD name="em_min" datatype="double"/><FIELD name="em_max" datatype="double"/>
          <FIELD name="target_name" datatype="char" arraysize="*"/>
          <DATA><TABLEDATA>
          <TR><TD>83.633</TD><TD>22.0145</TD><TD>53090.1</TD><TD>53090.2</TD><TD>1.239842e-20</TD><TD>3.043451e-18</TD><TD>Crab</TD></TR>
          <TR><TD/><TD>1</TD><TD>53091</TD><TD>53090</TD><TD/><TD>1e-18</TD><TD>x</TD></TR>
          </TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>"#).unwrap();
        doc.take_results_table().unwrap()
    }

    #[test]
    fn series_from_obscore() {
        let t = table();
        assert_eq!(position_columns(&t), Some((0, 1)));
        assert_eq!(numeric_columns(&t), vec![0, 1, 2, 3, 4, 5]);
        let pts = sky_points(&t, &[0, 1], SkyFrame::Icrs);
        assert_eq!(pts, vec![(0, 83.633, 22.0145)]);
        let g = sky_points(&t, &[0], SkyFrame::Galactic);
        assert!(
            (g[0].1 - 184.557).abs() < 0.01 && (g[0].2 + 5.784).abs() < 0.01,
            "{g:?}"
        );
        assert_eq!(time_intervals(&t, &[1]), vec![(1, 53090.0, 53091.0)]);
        let e = energy_intervals(&t, &[0, 1]);
        assert_eq!(e.len(), 1);
        assert!(
            (e[0].1 - 0.4074).abs() < 1e-3 && (e[0].2 - 100.0).abs() < 1e-3,
            "{e:?}"
        );
    }

    #[test]
    fn axes_in_the_units_the_table_shows() {
        let t = table();
        let r: Vec<Rendering> = t
            .fields
            .iter()
            .zip(&t.columns)
            .map(|(f, c)| cells::rendering(f, c))
            .collect();
        // em_min has no unit here: plain numbers. With one, TeV.
        let mut f = t.fields[4].clone();
        f.unit = Some("m".into());
        let tev = cells::rendering(&f, &t.columns[4]);
        let v = shown_values(&t.columns[4], &[0, 1], &tev);
        assert!((v[0] - 100.0).abs() < 1e-3 && v[1].is_nan(), "{v:?}");
        assert!(wants_log(&v, &tev));
        assert!(!wants_log(&[1.0, 50.0], &r[0]));
        assert!(wants_log(&[1.0, 500.0], &r[0]));
        assert_eq!(
            tick_labels(&cells::Rendering::Mjd, 400.0).format(53090.5),
            "2004-03-26"
        );
        assert_eq!(
            tick_labels(&cells::Rendering::Mjd, 1.0).format(53090.5),
            "2004-03-26 12:00"
        );
        assert_eq!(tick_labels(&r[0], 1.0), Labels::Plain);
    }

    #[test]
    fn axis_mapping() {
        assert_eq!(unit_position(5.0, 0.0, 10.0, false), Some(0.5));
        assert_eq!(unit_position(10.0, 1.0, 100.0, true), Some(0.5));
        assert_eq!(unit_position(-1.0, 1.0, 100.0, true), None);
        assert_eq!(extent(&[3.0, f64::NAN, -1.0], false), Some((-1.0, 3.0)));
        assert_eq!(extent(&[-3.0, 0.0], true), None);
    }
}
