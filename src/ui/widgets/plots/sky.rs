//! The sky: positions (and footprints) on a tangent plane fitted to the data, centred
//! on the target when it lies among them, or on the Hammer all-sky map.

use super::{Prepared, Spec};
use crate::app::plot::data::{self, SkyFrame};
use crate::app::plot::Projection;
use crate::standards::votable::Table;

/// A field wider than this (half-width, degrees) is shown all-sky.
const MAX_FIELD: f64 = 30.0;
/// Footprints are drawn for at most this many rows.
const MAX_FOOTPRINTS: usize = 3000;

fn convert(frame: SkyFrame, (ra, dec): (f64, f64)) -> (f64, f64) {
    match frame {
        SkyFrame::Icrs => (ra, dec),
        SkyFrame::Galactic => crate::standards::coords::icrs_to_galactic(ra, dec),
    }
}

/// The footprints (s_region) of the rows, as (row, outline in lon/lat) in the frame.
fn footprints(t: &Table, rows: &[u32], frame: SkyFrame) -> Vec<(u32, Vec<(f64, f64)>)> {
    let Some(j) = t.column_index("s_region") else {
        return Vec::new();
    };
    let c = &t.columns[j];
    let mut out = Vec::new();
    for &row in rows.iter().take(MAX_FOOTPRINTS) {
        let Some(region) = c
            .str_at(row as usize)
            .and_then(|text| crate::standards::stcs::parse(text, t.fields[j].xtype.as_deref()))
        else {
            continue;
        };
        for o in region.outline() {
            out.push((row, o.into_iter().map(|p| convert(frame, p)).collect()));
        }
    }
    out
}

/// The tangent plane that shows the points (and footprints) whole: around the target
/// when it is among them, else around their mean; `None` for a spread-out result.
fn field(
    pts: &[(u32, f64, f64)],
    outlines: &[(u32, Vec<(f64, f64)>)],
    target: Option<(f64, f64)>,
) -> Option<Projection> {
    let mut all: Vec<(f64, f64)> = pts.iter().map(|&(_, l, b)| (l, b)).collect();
    all.extend(outlines.iter().flat_map(|(_, o)| o.iter().copied()));
    let free = Projection::fit(&all, None, MAX_FIELD)?;
    let Projection::Tangent { half_width, .. } = free else {
        return Some(free);
    };
    // The target at the centre, unless that makes the field much larger (a target
    // outside the data).
    match target.and_then(|c| Projection::fit(&all, Some(c), MAX_FIELD)) {
        Some(p @ Projection::Tangent { half_width: h, .. }) if h <= half_width * 1.6 => Some(p),
        _ => Some(free),
    }
}

/// Whether a sky plot of these rows opens zoomed on their field, and with footprints
/// (a handful of runs: their fields of view are what one looks at; with more, the
/// points are, and footprints widen the view to hold them whole).
pub(super) fn default_view(t: &Table, rows: &[u32], target: Option<(f64, f64)>) -> (bool, bool) {
    let pts = data::sky_points(t, rows, SkyFrame::Icrs);
    let zoom = field(&pts, &[], target).is_some();
    let few = rows.len() <= 20 && t.column_index("s_region").is_some();
    (zoom, zoom && few)
}

pub(super) fn prepare(
    t: &Table,
    rows: &[u32],
    spec: &Spec,
    target: Option<(f64, f64)>,
    mut p: Prepared,
) -> Result<Prepared, String> {
    let pts = data::sky_points(t, rows, spec.frame);
    if pts.is_empty() {
        return Err("this result has no positions (s_ra/s_dec or pos.eq.ra/dec columns)".into());
    }
    let target = target.map(|c| convert(spec.frame, c));
    let outlines = if spec.footprints {
        footprints(t, rows, spec.frame)
    } else {
        Vec::new()
    };
    let tangent = if spec.zoom {
        field(&pts, &outlines, target)
    } else {
        None
    };
    let proj = tangent.unwrap_or(Projection::Hammer {
        center: if spec.frame == SkyFrame::Galactic {
            0.0
        } else {
            180.0
        },
    });
    let (x0, x1, y0, y1) = proj.bounds();
    p.x = (x0, x1);
    p.y = (y0, y1);
    p.points = pts
        .iter()
        .filter_map(|&(row, l, b)| proj.forward(l, b).map(|(x, y)| (row, x, y)))
        .collect();
    for (row, o) in outlines {
        let mut line: Vec<(f64, f64)> = o
            .into_iter()
            .filter_map(|(a, d)| proj.forward(a, d))
            .collect();
        if let Some(&first) = line.first() {
            line.push(first);
        }
        if line.len() > 2 {
            p.outlines.push((row, line));
        }
    }
    if spec.footprints && rows.len() > MAX_FOOTPRINTS {
        p.note = Some(format!(
            "footprints of the first {MAX_FOOTPRINTS} of {} rows",
            rows.len()
        ));
    }
    if spec.zoom && tangent.is_none() {
        p.note = Some(format!(
            "the rows spread over more than {}° of sky: shown all-sky",
            2.0 * MAX_FIELD
        ));
    }
    let (lon, lat) = if spec.frame == SkyFrame::Icrs {
        ("RA", "Dec")
    } else {
        ("l", "b")
    };
    p.xlabel = format!("{lon} [deg]");
    p.ylabel = format!("{lat} [deg]");
    p.target = target.and_then(|(a, d)| proj.forward(a, d));
    p.sky = Some(proj);
    p.title = format!(
        "{} rows · {} · {}",
        p.points.len(),
        if spec.frame == SkyFrame::Icrs {
            "ICRS"
        } else {
            "galactic"
        },
        match proj {
            Projection::Tangent { half_width, .. } => format!("{:.2}° field", 2.0 * half_width),
            Projection::Hammer { .. } => "Hammer all-sky".into(),
        }
    );
    Ok(p)
}
