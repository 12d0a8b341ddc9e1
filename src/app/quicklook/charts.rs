//! The quick-look's plots as [`Chart`]s: what is drawn, with which axes, marks and
//! notes, decided here in pure code (and tested), so the browser only draws and exports.

use crate::app::plot::chart::{Axis, Chart, Image, Labels, Mark, Series, Style};
use crate::standards::gadf::DlRun;

use super::irf_view;
use super::met_time;
use super::stack::Stack;

const ON: (u8, u8, u8) = (31, 95, 191);
const OFF: (u8, u8, u8) = (200, 90, 30);
const CUT: (u8, u8, u8) = (60, 140, 60);
const TARGET: (u8, u8, u8) = (255, 255, 255);
const POINTING: (u8, u8, u8) = (120, 220, 255);

/// Curves of one IRF, one colour per offset node.
const NODES: [(u8, u8, u8); 6] = [
    (31, 95, 191),
    (200, 90, 30),
    (60, 140, 60),
    (150, 60, 170),
    (120, 120, 120),
    (200, 170, 20),
];

fn poisson_errors(counts: &[u64]) -> Vec<f64> {
    counts.iter().map(|&n| (n as f64).sqrt()).collect()
}

/// The counts map on the stack's grid, RA growing to the left as on the sky, with the
/// target, the runs' pointings (RA, Dec) and the ON region marked.
pub fn counts_map(stack: &Stack, pointings: &[(f64, f64)], log: bool) -> Chart {
    let g = &stack.counts_map.geometry;
    let (hx, hy) = g.half_size();
    let values = stack.counts_map.counts.iter().map(|&n| n as f64).collect();
    let mut marks = Vec::new();
    let target = stack.config.target;
    if let Some((x, y)) = g.project(target.0, target.1) {
        marks.push(Mark::Circle {
            x,
            y,
            r: stack.config.theta2.radius_deg(),
            label: String::new(),
            rgb: TARGET,
        });
        marks.push(Mark::Cross {
            x,
            y,
            label: "target".into(),
            rgb: TARGET,
        });
    }
    let mut distinct: Vec<(f64, f64)> = Vec::new();
    for &p in pointings {
        if !distinct
            .iter()
            .any(|q| (q.0 - p.0).abs() < 1e-6 && (q.1 - p.1).abs() < 1e-6)
        {
            distinct.push(p);
        }
    }
    for (ra, dec) in distinct {
        if let Some((x, y)) = g.project(ra, dec) {
            if x.abs() <= hx && y.abs() <= hy {
                marks.push(Mark::Cross {
                    x,
                    y,
                    label: "pointing".into(),
                    rgb: POINTING,
                });
            }
        }
    }
    let e = &stack.config.map_energy;
    let mut notes = vec![format!(
        "{} events on the map ({} × {} pixels of {}°), {} outside it; {} projection centred on RA {:.3}°, Dec {:+.3}°.",
        stack.counts_map.total(),
        g.nx,
        g.ny,
        g.bin_deg,
        stack.counts_map.n_outside,
        match g.projection {
            super::counts_map::Projection::Tangent => "tangent-plane",
            super::counts_map::Projection::PlateCarree => "plate-carrée",
        },
        g.centre_ra,
        g.centre_dec
    )];
    if e.min_tev > 0.0 || e.max_tev.is_finite() {
        notes.push(format!(
            "Energy cut: {} ≤ E < {} TeV.",
            e.min_tev,
            if e.max_tev.is_finite() {
                e.max_tev.to_string()
            } else {
                "∞".into()
            }
        ));
    }
    let cos_dec = g.centre_dec.to_radians().cos();
    Chart {
        id: "counts-map".into(),
        title: "Counts map".into(),
        x: Axis {
            label: "RA".into(),
            unit: "deg".into(),
            range: Some((-hx, hx)),
            reversed: true,
            labels: Labels::RaOffset {
                centre: g.centre_ra,
                cos_dec,
            },
            ..Axis::default()
        },
        y: Axis {
            label: "Dec".into(),
            unit: "deg".into(),
            range: Some((-hy, hy)),
            labels: Labels::DecOffset {
                centre: g.centre_dec,
            },
            ..Axis::default()
        },
        series: Vec::new(),
        image: Some(Image {
            nx: g.nx,
            ny: g.ny,
            values,
            x: (-hx, hx),
            y: (-hy, hy),
            log,
            label: "counts per pixel".into(),
        }),
        marks,
        notes,
        equal_axes: true,
    }
}

/// The θ² distribution: ON around the target against OFF × α, the cut marked, the ON/OFF
/// numbers and the Li & Ma significance in the notes.
pub fn theta2(stack: &Stack) -> Chart {
    let t = &stack.theta2;
    let on: Vec<f64> = t.on.iter().map(|&n| n as f64).collect();
    let cut = stack.config.theta2.theta2_cut_deg2;
    let mut notes = vec![format!(
        "θ² < {cut} deg²: N_on = {}, N_off = {}, α = {:.4}, excess = {:.1}, significance {:.1}σ (Li & Ma 1983, eq. 17).",
        t.n_on,
        t.n_off,
        t.alpha(),
        t.excess(),
        t.significance()
    )];
    notes.push(format!(
        "OFF: {} reflected regions around the pointing over {} run{}.",
        t.n_off_regions,
        t.n_runs,
        if t.n_runs == 1 { "" } else { "s" }
    ));
    let skipped = stack.runs.iter().filter(|r| r.no_on_off.is_some()).count();
    if skipped > 0 {
        notes.push(format!(
            "{skipped} run{} not in θ² (too far from the target).",
            if skipped == 1 { " is" } else { "s are" }
        ));
    }
    Chart {
        id: "theta2".into(),
        title: "θ² distribution".into(),
        x: Axis::new("θ²", "deg2"),
        y: Axis::new("events", ""),
        series: vec![
            Series {
                label: "ON".into(),
                rgb: ON,
                style: Style::Steps,
                x: t.edges_deg2.clone(),
                y: on,
                err: Some(poisson_errors(&t.on)),
            },
            Series {
                label: "OFF × α".into(),
                rgb: OFF,
                style: Style::Steps,
                x: t.edges_deg2.clone(),
                y: t.off_scaled.clone(),
                err: None,
            },
        ],
        marks: vec![Mark::VLine {
            x: cut,
            label: "cut".into(),
            rgb: CUT,
        }],
        notes,
        ..Chart::default()
    }
}

/// Counts per log-energy bin in the ON region and OFF × α, the safe threshold marked.
pub fn spectrum(stack: &Stack) -> Chart {
    let s = &stack.spectrum;
    let mut marks = Vec::new();
    let mut notes = vec![format!(
        "ON region of θ² < {} deg²; {} event{} below {} TeV, {} above {} TeV.",
        stack.config.theta2.theta2_cut_deg2,
        s.n_below,
        if s.n_below == 1 { "" } else { "s" },
        s.edges_tev.first().copied().unwrap_or(0.0),
        s.n_above,
        s.edges_tev.last().copied().unwrap_or(0.0),
    )];
    if let Some(th) = s.threshold_tev {
        marks.push(Mark::VLine {
            x: th,
            label: format!("threshold {th:.2} TeV"),
            rgb: CUT,
        });
        notes.push(format!(
            "Safe energy threshold (AEFF LO_THRES, highest of the runs): {th:.3} TeV."
        ));
    }
    Chart {
        id: "spectrum".into(),
        title: "Counts spectrum".into(),
        x: Axis::new("reconstructed energy", "TeV").log(),
        y: Axis::new("events per bin", "").log(),
        series: vec![
            Series {
                label: "ON".into(),
                rgb: ON,
                style: Style::Points,
                x: centres(&s.edges_tev),
                y: s.on.iter().map(|&n| n as f64).collect(),
                err: Some(poisson_errors(&s.on)),
            },
            Series {
                label: "OFF × α".into(),
                rgb: OFF,
                style: Style::Steps,
                x: s.edges_tev.clone(),
                y: s.off_scaled.clone(),
                err: None,
            },
        ],
        marks,
        notes,
        ..Chart::default()
    }
}

fn centres(edges: &[f64]) -> Vec<f64> {
    edges.windows(2).map(|w| (w[0] * w[1]).sqrt()).collect()
}

/// What the light curve shows per bin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurveOf {
    /// ON − α·OFF per livetime second.
    ExcessRate,
    /// Every event inside a GTI per livetime second.
    Rate,
}

/// The light curve against MJD (UTC), rates corrected for deadtime, only GTI time.
pub fn light_curve(stack: &Stack, of: CurveOf) -> Chart {
    let lc = &stack.light_curve;
    let mjdref = lc.mjdref.unwrap_or(0.0);
    let (mut x, mut y, mut err) = (Vec::new(), Vec::new(), Vec::new());
    for b in &lc.bins {
        if b.livetime_s <= 0.0 {
            continue;
        }
        let mid_tt = mjdref + (b.start_s + b.stop_s) / 2.0 / 86400.0;
        x.push(met_time::mjd_tt_to_utc(mid_tt).unwrap_or(mid_tt));
        match of {
            CurveOf::ExcessRate => {
                y.push(b.excess_rate());
                let var = b.on as f64 + b.alpha * b.alpha * b.off as f64;
                err.push(var.sqrt() / b.livetime_s);
            }
            CurveOf::Rate => {
                y.push(b.rate());
                err.push((b.counts as f64).sqrt() / b.livetime_s);
            }
        }
    }
    let first = x.first().map(|m| crate::standards::time::mjd_to_iso(*m));
    let mut notes = vec![format!(
        "{} bins of {} s inside the good time intervals; rates per livetime second (deadtime-corrected); {} event{} outside every GTI left out.",
        x.len(),
        lc.config.bin_s,
        lc.n_outside_gti,
        if lc.n_outside_gti == 1 { "" } else { "s" }
    )];
    if let (Some(f), Some(a), Some(b)) = (&first, x.first(), x.last()) {
        notes.push(format!("From {f} UTC (MJD {a:.5} to {b:.5}, UTC)."));
    }
    // Runs of several nights: the ticks say the date too.
    let span = match (x.first(), x.last()) {
        (Some(a), Some(b)) => b - a,
        _ => 0.0,
    };
    let label = match of {
        CurveOf::ExcessRate => "excess rate (ON − α·OFF)",
        CurveOf::Rate => "event rate",
    };
    Chart {
        id: "light-curve".into(),
        title: "Light curve".into(),
        x: Axis {
            label: if span > 0.5 {
                "time (UTC)".to_owned()
            } else {
                format!(
                    "time (UTC) on {}",
                    first.as_deref().and_then(|f| f.get(..10)).unwrap_or("")
                )
            },
            labels: if span > 0.5 {
                Labels::UtcDateFromMjd
            } else {
                Labels::UtcFromMjd
            },
            ..Axis::default()
        },
        y: Axis::new(label, "s-1"),
        series: vec![Series {
            label: label.into(),
            rgb: ON,
            style: Style::Points,
            x,
            y,
            err: Some(err),
        }],
        notes,
        ..Chart::default()
    }
}

/// The curve of an IRF at its `k`-th offset node.
fn node_curve(k: usize, theta_deg: f64, x: Vec<f64>, y: Vec<f64>) -> Series {
    Series {
        label: format!("offset {theta_deg}°"),
        rgb: NODES[k % NODES.len()],
        style: Style::Line,
        x,
        y,
        err: None,
    }
}

/// Effective area against energy, one curve per offset node of the run's AEFF.
pub fn effective_area(run: &DlRun) -> Option<Chart> {
    let aeff = run.aeff.as_ref()?;
    let series = irf_view::aeff_curves(aeff)
        .into_iter()
        .enumerate()
        .map(|(k, c)| node_curve(k, c.theta_deg, c.energy_tev, c.area_m2))
        .collect();
    Some(Chart {
        id: "aeff".into(),
        title: format!("Effective area (run {})", run.events.obs_id),
        x: Axis::new("true energy", "TeV").log(),
        y: Axis::new("effective area", "m2").log(),
        series,
        ..Chart::default()
    })
}

/// The radius holding 68% of the PSF against energy, per offset node.
pub fn psf_radius(run: &DlRun) -> Option<Chart> {
    let psf = run.psf.as_ref()?;
    let series = irf_view::psf_containment(psf, 0.68)
        .into_iter()
        .enumerate()
        .map(|(k, c)| {
            let r = c.radius_deg.iter().map(|r| r.unwrap_or(f64::NAN)).collect();
            node_curve(k, c.theta_deg, c.energy_tev, r)
        })
        .collect();
    Some(Chart {
        id: "psf".into(),
        title: format!("PSF 68% containment radius (run {})", run.events.obs_id),
        x: Axis::new("true energy", "TeV").log(),
        y: Axis::new("R68", "deg"),
        series,
        ..Chart::default()
    })
}

/// The energy-dispersion matrix at the first offset node, as an image in log E.
pub fn energy_dispersion(run: &DlRun) -> Option<Chart> {
    let img = irf_view::edisp_image(run.edisp.as_ref()?, 0)?;
    let (ne, nm) = (img.energy_edges_tev.len() - 1, img.migra_edges.len() - 1);
    let (e0, e1) = (
        *img.energy_edges_tev.first()?,
        *img.energy_edges_tev.last()?,
    );
    let (m0, m1) = (*img.migra_edges.first()?, *img.migra_edges.last()?);
    // The axes are log-spaced in energy and (nearly) linear in migra: draw on a
    // log-energy image grid, resampling migra onto even steps.
    let mut values = vec![0.0; ne * nm];
    for im in 0..nm {
        let m = m0 + (im as f64 + 0.5) * (m1 - m0) / nm as f64;
        let src = img
            .migra_edges
            .windows(2)
            .position(|w| m >= w[0] && m < w[1])
            .unwrap_or(nm - 1);
        for ie in 0..ne {
            values[im * ne + ie] = img.values[src * ne + ie];
        }
    }
    Some(Chart {
        id: "edisp".into(),
        title: format!(
            "Energy dispersion at offset {}° (run {})",
            img.theta_deg, run.events.obs_id
        ),
        x: Axis::new("log10 true energy", "log10 TeV").range(e0.log10(), e1.log10()),
        y: Axis::new("migration E_reco/E_true", "").range(m0, m1),
        image: Some(Image {
            nx: ne,
            ny: nm,
            values,
            x: (e0.log10(), e1.log10()),
            y: (m0, m1),
            log: true,
            label: "probability density".into(),
        }),
        ..Chart::default()
    })
}

/// The background model's rate over the field of view against energy.
pub fn background_rate(run: &DlRun) -> Option<Chart> {
    let b = irf_view::background_rate(run.bkg.as_ref()?);
    Some(Chart {
        id: "bkg".into(),
        title: format!(
            "Background rate over the field of view (run {})",
            run.events.obs_id
        ),
        x: Axis::new("reconstructed energy", "TeV").log(),
        y: Axis::new("rate per bin", "s-1").log(),
        series: vec![Series {
            label: "background".into(),
            rgb: ON,
            style: Style::Steps,
            x: b.energy_edges_tev,
            y: b.per_s,
            err: None,
        }],
        ..Chart::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::quicklook::run_facts::tests::synthetic_run;
    use crate::app::quicklook::stack::StackConfig;

    fn crab_stack() -> Stack {
        let target = (83.633333333333, 22.014444444444);
        let t0 = 123890826.0;
        let n = 40;
        let run = synthetic_run(
            (0..n).map(|i| t0 + 10.0 * i as f64).collect(),
            vec![target.0; n],
            (0..n).map(|i| target.1 + 0.001 * i as f64).collect(),
            (0..n).map(|i| 0.5 + 0.1 * i as f64).collect(),
        );
        let mut stack = Stack::new(StackConfig::quicklook(target));
        stack.add(&run);
        stack
    }

    #[test]
    fn the_map_marks_the_target_in_its_centre_and_reads_east_left() {
        let c = counts_map(&crab_stack(), &[(83.633333333333, 22.514444444444)], true);
        assert!(c
            .marks
            .iter()
            .any(|m| matches!(m, Mark::Cross { label, .. } if label == "pointing")));
        let img = c.image.as_ref().unwrap();
        assert_eq!(img.values.iter().sum::<f64>(), 40.0);
        assert!(c.x.reversed, "RA grows to the left");
        let target = c
            .marks
            .iter()
            .find_map(|m| match m {
                Mark::Cross { x, y, label, .. } if label == "target" => Some((*x, *y)),
                _ => None,
            })
            .unwrap();
        assert!(target.0.abs() < 1e-9 && target.1.abs() < 1e-9);
        assert_eq!(c.x.labels.format(0.0), "83.63°");
    }

    #[test]
    fn theta2_says_the_on_off_numbers_it_draws() {
        let s = crab_stack();
        let c = theta2(&s);
        let on: f64 = c.series[0].y.iter().sum();
        assert_eq!(on as u64, s.theta2.on.iter().sum::<u64>());
        assert!(
            c.notes[0].contains(&format!("N_on = {}", s.theta2.n_on)),
            "{}",
            c.notes[0]
        );
        assert!(c.notes[0].contains("σ"));
        // The exported numbers are the plotted ones.
        let t = c.table();
        assert_eq!(t.row_count(), 2 * s.theta2.on.len());
    }

    #[test]
    fn light_curve_points_are_inside_the_run_in_utc() {
        let s = crab_stack();
        let c = light_curve(&s, CurveOf::Rate);
        let xs = &c.series[0].x;
        assert!(!xs.is_empty());
        // Run 23523 began 2004-12-04 (MJD 53343.9…), in UTC.
        for &m in xs {
            assert!((53343.0..53345.0).contains(&m), "{m}");
        }
        let total: f64 = s.light_curve.bins.iter().map(|b| b.counts as f64).sum();
        assert_eq!(total, 40.0);
    }
}
