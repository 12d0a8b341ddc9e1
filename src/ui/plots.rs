//! Plots of the result (plotters on a canvas, exportable as PNG and SVG): the sky
//! (Hammer all-sky or a tangent-plane zoom, ICRS or galactic, points or footprints, the
//! target marked), a histogram of any numeric column, a scatter of any two, and the time
//! and energy coverage a gamma-ray astronomer reads an ObsCore result through.
//!
//! Frames, grids and labels are drawn by plotters; the points themselves go through the
//! rasteriser (one pass for a million points) and are laid into the plotting area.
//! Selections are shared with the table: a box drawn or a point clicked selects rows,
//! selected rows are drawn in red.

use std::sync::Arc;

use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

use crate::ui::widgets::text_measure::Measured;
use wasm_bindgen::JsCast;

use crate::app::plot::data::{self, SkyFrame};
use crate::app::plot::hist::{log_ticks, Histogram};
use crate::app::plot::raster::Raster;
use crate::app::plot::Projection;
use crate::ui::state::result_context::ResultContext;
use crate::ui::state::use_state;
use crate::ui::util::download;

pub(super) const WIDTH: u32 = 760;
pub(super) const HEIGHT: u32 = 460;
/// Points drawn one by one in an SVG export (beyond, an even sample).
const SVG_POINTS: usize = 20_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Sky,
    Histogram,
    Scatter,
    Time,
    Energy,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    pub kind: Kind,
    pub frame: SkyFrame,
    pub zoom: bool,
    pub footprints: bool,
    pub column: Option<usize>,
    pub column2: Option<usize>,
    pub bins: usize,
    pub logx: bool,
    pub logy: bool,
}

/// What a drawing leaves behind for selection: where each plotted row landed.
#[derive(Clone, Debug, Default)]
pub struct Drawn {
    /// (row, pixel x, pixel y) for point plots; (row, x0, x1, y) segments for coverage.
    pub points: Vec<(u32, f32, f32)>,
    pub segments: Vec<(u32, f32, f32, f32)>,
    /// Histogram bins: (x0, x1, rows in the bin).
    pub bars: Vec<(f32, f32, Vec<u32>)>,
    pub covered: usize,
    pub plotted: usize,
    pub ms: f64,
}

/// The data of a plot, in plot coordinates (log axes already as log10).
#[derive(Default)]
pub(super) struct Prepared {
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub xlabel: String,
    pub ylabel: String,
    pub title: String,
    pub logx: bool,
    pub logy: bool,
    /// (row, x, y)
    pub points: Vec<(u32, f64, f64)>,
    /// (row, x0, x1, y)
    pub segments: Vec<(u32, f64, f64, f64)>,
    pub hist: Option<(Histogram, Vec<Vec<u32>>)>,
    pub sky: Option<Projection>,
    pub outlines: Vec<(u32, Vec<(f64, f64)>)>,
    /// Counted cells (x, y, count) of a density map computed by the service.
    pub cells: Vec<(f64, f64, u64)>,
    pub target: Option<(f64, f64)>,
    pub note: Option<String>,
}

pub(super) fn log_or(v: f64, log: bool) -> f64 {
    if log {
        if v > 0.0 {
            v.log10()
        } else {
            f64::NAN
        }
    } else {
        v
    }
}

fn prepare(
    ctx: &ResultContext,
    spec: &Spec,
    target: Option<(f64, f64)>,
) -> Result<Prepared, String> {
    let rows = ctx.rows.get_untracked();
    ctx.result.with_value(|r| {
        let t = &r.table;
        let name = |j: Option<usize>| j.map(|j| t.fields[j].name.clone()).unwrap_or_default();
        let unit = |j: Option<usize>| {
            j.and_then(|j| t.fields[j].unit.clone())
                .map(|u| format!(" [{u}]"))
                .unwrap_or_default()
        };
        let mut p = Prepared {
            x: (0.0, 1.0),
            y: (0.0, 1.0),
            logx: spec.logx,
            logy: spec.logy,
            ..Prepared::default()
        };
        match spec.kind {
            Kind::Sky => {
                let pts = data::sky_points(t, &rows, spec.frame);
                if pts.is_empty() {
                    return Err(
                        "this result has no positions (s_ra/s_dec or pos.eq.ra/dec columns)".into(),
                    );
                }
                let convert = |(ra, dec): (f64, f64)| match spec.frame {
                    SkyFrame::Icrs => (ra, dec),
                    SkyFrame::Galactic => crate::standards::coords::icrs_to_galactic(ra, dec),
                };
                let proj = if spec.zoom {
                    // Centre on the target, or on the mean position; fit the points.
                    let (lon0, lat0) = target.map(convert).unwrap_or_else(|| {
                        let (mut x, mut y, mut z) = (0.0, 0.0, 0.0);
                        for &(_, l, b) in &pts {
                            let (l, b) = (l.to_radians(), b.to_radians());
                            x += b.cos() * l.cos();
                            y += b.cos() * l.sin();
                            z += b.sin();
                        }
                        (
                            y.atan2(x).to_degrees().rem_euclid(360.0),
                            z.atan2((x * x + y * y).sqrt()).to_degrees(),
                        )
                    });
                    let probe = Projection::Tangent {
                        lon0,
                        lat0,
                        half_width: 90.0,
                    };
                    let mut far = 0.1f64;
                    for &(_, l, b) in &pts {
                        if let Some((x, y)) = probe.forward(l, b) {
                            far = far.max(x.abs()).max(y.abs());
                        }
                    }
                    Projection::Tangent {
                        lon0,
                        lat0,
                        half_width: (far * 1.1).min(60.0),
                    }
                } else {
                    Projection::Hammer {
                        center: if spec.frame == SkyFrame::Galactic {
                            0.0
                        } else {
                            180.0
                        },
                    }
                };
                let (x0, x1, y0, y1) = proj.bounds();
                p.x = (x0, x1);
                p.y = (y0, y1);
                p.points = pts
                    .iter()
                    .filter_map(|&(row, l, b)| proj.forward(l, b).map(|(x, y)| (row, x, y)))
                    .collect();
                if spec.footprints {
                    if let Some(j) = t.column_index("s_region") {
                        let c = &t.columns[j];
                        for &row in rows.iter().take(3000) {
                            let Some(text) = c.str_at(row as usize) else {
                                continue;
                            };
                            let Some(region) =
                                crate::standards::stcs::parse(text, t.fields[j].xtype.as_deref())
                            else {
                                continue;
                            };
                            for o in region.outline() {
                                let mut line: Vec<(f64, f64)> = o
                                    .into_iter()
                                    .map(convert)
                                    .filter_map(|(a, d)| proj.forward(a, d))
                                    .collect();
                                if let Some(&first) = line.first() {
                                    line.push(first);
                                }
                                if line.len() > 2 {
                                    p.outlines.push((row, line));
                                }
                            }
                        }
                        if rows.len() > 3000 {
                            p.note = Some(format!(
                                "footprints of the first 3000 of {} rows",
                                rows.len()
                            ));
                        }
                    }
                }
                p.target = target.map(convert).and_then(|(a, d)| proj.forward(a, d));
                p.sky = Some(proj);
                p.title = format!(
                    "{} rows · {} · {}",
                    p.points.len(),
                    if spec.frame == SkyFrame::Icrs {
                        "ICRS"
                    } else {
                        "galactic"
                    },
                    if spec.zoom {
                        "tangent plane"
                    } else {
                        "Hammer all-sky"
                    }
                );
            }
            Kind::Histogram => {
                let j = spec.column.ok_or("choose a column")?;
                let v = data::values(&t.columns[j], &rows);
                let h = Histogram::new(&v, spec.bins, None, spec.logx);
                let mut members = vec![Vec::new(); h.counts.len()];
                for (k, &value) in v.iter().enumerate() {
                    if let Some(b) = h.bin_of(value) {
                        members[b].push(rows[k]);
                    }
                }
                let (lo, hi) = (h.edges[0], h.edges[h.edges.len() - 1]);
                p.x = (log_or(lo, spec.logx), log_or(hi, spec.logx));
                let top = h.max_count().max(1) as f64;
                p.y = if spec.logy {
                    (0.0, (top * 1.2).log10())
                } else {
                    (0.0, top * 1.08)
                };
                p.xlabel = format!("{}{}", name(spec.column), unit(spec.column));
                p.ylabel = "rows".into();
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
            }
            Kind::Scatter => {
                let (jx, jy) = (
                    spec.column.ok_or("choose the x column")?,
                    spec.column2.ok_or("choose the y column")?,
                );
                let vx = data::values(&t.columns[jx], &rows);
                let vy = data::values(&t.columns[jy], &rows);
                let ex = data::extent(&vx, spec.logx).ok_or("no value to plot on x")?;
                let ey = data::extent(&vy, spec.logy).ok_or("no value to plot on y")?;
                p.x = (log_or(ex.0, spec.logx), log_or(ex.1, spec.logx));
                p.y = (log_or(ey.0, spec.logy), log_or(ey.1, spec.logy));
                p.points = rows
                    .iter()
                    .enumerate()
                    .filter_map(|(k, &row)| {
                        let (x, y) = (log_or(vx[k], spec.logx), log_or(vy[k], spec.logy));
                        (x.is_finite() && y.is_finite()).then_some((row, x, y))
                    })
                    .collect();
                p.xlabel = format!("{}{}", name(spec.column), unit(spec.column));
                p.ylabel = format!("{}{}", name(spec.column2), unit(spec.column2));
                p.title = format!("{} rows", p.points.len());
            }
            Kind::Time | Kind::Energy => {
                let mut iv = if spec.kind == Kind::Time {
                    data::time_intervals(t, &rows)
                } else {
                    data::energy_intervals(t, &rows)
                };
                if iv.is_empty() {
                    return Err(if spec.kind == Kind::Time {
                        "this result has no t_min/t_max".into()
                    } else {
                        "this result has no em_min/em_max".into()
                    });
                }
                iv.sort_by(|a, b| a.1.total_cmp(&b.1));
                let log = spec.kind == Kind::Energy;
                let lo = iv.iter().map(|i| i.1).fold(f64::INFINITY, f64::min);
                let hi = iv.iter().map(|i| i.2).fold(f64::NEG_INFINITY, f64::max);
                let pad = if log {
                    0.0
                } else {
                    ((hi - lo) * 0.02).max(0.5)
                };
                p.x = (
                    log_or(lo, log) - if log { 0.1 } else { pad },
                    log_or(hi, log) + if log { 0.1 } else { pad },
                );
                p.logx = log;
                p.y = (0.0, iv.len() as f64);
                let n = iv.len() as f64;
                p.segments = iv
                    .iter()
                    .enumerate()
                    .map(|(k, &(row, a, b))| {
                        (row, log_or(a, log), log_or(b, log), n - k as f64 - 0.5)
                    })
                    .collect();
                p.xlabel = if log {
                    "energy [TeV]".into()
                } else {
                    "time (UTC)".into()
                };
                p.ylabel = "observations, by start".into();
                p.title = format!(
                    "{} observations · {}",
                    iv.len(),
                    if log {
                        "energy range (E = hc/λ)".into()
                    } else {
                        format!(
                            "{} to {}",
                            crate::standards::time::mjd_to_iso(lo),
                            crate::standards::time::mjd_to_iso(hi)
                        )
                    }
                );
            }
        }
        Ok(p)
    })
}

fn x_label(v: f64, p: &Prepared, kind: Kind) -> String {
    if p.logx {
        let e = 10f64.powf(v);
        return if (e.log10() - e.log10().round()).abs() < 1e-6 {
            format!("{e}")
        } else {
            format!("{e:.2}")
        };
    }
    if kind == Kind::Time {
        return crate::standards::time::mjd_to_iso(v)[..10].to_owned();
    }
    format!("{v}")
}

/// Draws the frame and everything that is not a raster point; returns the pixel range
/// of the plotting area.
fn draw_frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    p: &Prepared,
    kind: Kind,
    selection: &crate::app::tableview::RowSet,
    points_as_elements: bool,
) -> Result<(std::ops::Range<i32>, std::ops::Range<i32>), String> {
    let e = |err: DrawingAreaErrorKind<DB::ErrorType>| format!("drawing failed: {err:?}");
    root.fill(&WHITE).map_err(e)?;
    let mut chart = ChartBuilder::on(root)
        .caption(&p.title, ("sans-serif", 14))
        .margin(10)
        .x_label_area_size(if p.sky.is_some() { 0 } else { 40 })
        .y_label_area_size(if p.sky.is_some() { 0 } else { 60 })
        .build_cartesian_2d(p.x.0..p.x.1, p.y.0..p.y.1)
        .map_err(e)?;
    if p.sky.is_none() {
        let logx_ticks: Vec<f64> = if p.logx {
            log_ticks(10f64.powf(p.x.0), 10f64.powf(p.x.1))
                .iter()
                .map(|v| v.log10())
                .collect()
        } else {
            Vec::new()
        };
        let mut mesh = chart.configure_mesh();
        mesh.x_desc(&p.xlabel)
            .y_desc(&p.ylabel)
            .light_line_style(RGBColor(238, 238, 238));
        let fx = |v: &f64| {
            if p.logx && !logx_ticks.iter().any(|t| (t - v).abs() < 1e-9) && !logx_ticks.is_empty()
            {
                String::new()
            } else {
                x_label(*v, p, kind)
            }
        };
        let fy = |v: &f64| {
            if p.logy {
                format!("{}", 10f64.powf(*v).round())
            } else {
                format!("{v}")
            }
        };
        mesh.x_label_formatter(&fx).y_label_formatter(&fy);
        if kind == Kind::Time || kind == Kind::Energy {
            mesh.disable_y_axis();
        }
        mesh.draw().map_err(e)?;
    } else if let Some(proj) = p.sky {
        for line in proj.graticule() {
            chart
                .draw_series(LineSeries::new(line, RGBColor(200, 205, 215)))
                .map_err(e)?;
        }
        // Outline of the map, and coordinate labels along the equator.
        if let Projection::Hammer { center } = proj {
            for lon in [center - 179.999, center + 179.999] {
                let edge: Vec<(f64, f64)> = (0..=90)
                    .filter_map(|k| proj.forward(lon, -90.0 + 2.0 * k as f64))
                    .collect();
                chart
                    .draw_series(LineSeries::new(edge, RGBColor(120, 130, 150)))
                    .map_err(e)?;
            }
            for k in 0..12 {
                let lon = (center + 30.0 * k as f64 - 180.0).rem_euclid(360.0);
                if let Some(pos) = proj.forward(lon, 0.0) {
                    chart
                        .draw_series(std::iter::once(Text::new(
                            format!("{lon:.0}°"),
                            pos,
                            ("sans-serif", 10)
                                .into_font()
                                .color(&RGBColor(90, 100, 120)),
                        )))
                        .map_err(e)?;
                }
            }
        }
        let top = p.cells.iter().map(|c| c.2).max().unwrap_or(1).max(1) as f64;
        chart
            .draw_series(p.cells.iter().map(|&(x, y, n)| {
                Circle::new(
                    (x, y),
                    3,
                    density_colour((1.0 + n as f64).ln() / (1.0 + top).ln()).filled(),
                )
            }))
            .map_err(e)?;
        for (row, line) in &p.outlines {
            let color = if selection.contains(*row) {
                RGBColor(220, 50, 32)
            } else {
                RGBColor(31, 95, 191)
            };
            chart
                .draw_series(LineSeries::new(line.clone(), color.mix(0.6)))
                .map_err(e)?;
        }
    }
    if let Some((h, members)) = &p.hist {
        let bars = h.counts.iter().enumerate().map(|(k, &c)| {
            let (a, b) = (log_or(h.edges[k], p.logx), log_or(h.edges[k + 1], p.logx));
            let top = if p.logy {
                if c > 0 {
                    (c as f64).log10().max(0.0) + 0.02
                } else {
                    0.0
                }
            } else {
                c as f64
            };
            Rectangle::new(
                [(a, 0.0), (b, top)],
                RGBColor(31, 95, 191).mix(0.75).filled(),
            )
        });
        chart.draw_series(bars).map_err(e)?;
        let sel = members.iter().enumerate().filter_map(|(k, rows)| {
            let c = rows.iter().filter(|r| selection.contains(**r)).count();
            (c > 0).then(|| {
                let (a, b) = (log_or(h.edges[k], p.logx), log_or(h.edges[k + 1], p.logx));
                let top = if p.logy {
                    (c as f64).log10().max(0.0) + 0.02
                } else {
                    c as f64
                };
                Rectangle::new(
                    [(a, 0.0), (b, top)],
                    RGBColor(220, 50, 32).mix(0.85).filled(),
                )
            })
        });
        chart.draw_series(sel).map_err(e)?;
    }
    if points_as_elements {
        let step = (p.points.len() / SVG_POINTS).max(1);
        let plain = p
            .points
            .iter()
            .step_by(step)
            .filter(|(r, _, _)| !selection.contains(*r));
        chart
            .draw_series(
                plain.map(|&(_, x, y)| {
                    Circle::new((x, y), 1, RGBColor(31, 95, 191).mix(0.6).filled())
                }),
            )
            .map_err(e)?;
        let sel = p
            .points
            .iter()
            .filter(|(r, _, _)| selection.contains(*r))
            .take(SVG_POINTS);
        chart
            .draw_series(
                sel.map(|&(_, x, y)| Circle::new((x, y), 2, RGBColor(220, 50, 32).filled())),
            )
            .map_err(e)?;
        let seg_step = (p.segments.len() / SVG_POINTS).max(1);
        for &(row, a, b, y) in p.segments.iter().step_by(seg_step) {
            let color = if selection.contains(row) {
                RGBColor(220, 50, 32)
            } else {
                RGBColor(31, 95, 191)
            };
            chart
                .draw_series(LineSeries::new(vec![(a, y), (b, y)], color))
                .map_err(e)?;
        }
    }
    if let Some(t) = p.target {
        chart
            .draw_series(std::iter::once(Cross::new(
                t,
                8,
                ShapeStyle::from(&RGBColor(230, 120, 0)).stroke_width(2),
            )))
            .map_err(e)?;
    }
    Ok(chart.plotting_area().get_pixel_range())
}

/// A colour ramp from pale blue (few) to dark red (many), for density maps.
fn density_colour(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let lerp = |a: f64, b: f64| (a + (b - a) * t) as u8;
    RGBColor(lerp(170.0, 180.0), lerp(200.0, 20.0), lerp(240.0, 40.0))
}

fn to_pixel(v: f64, lo: f64, hi: f64, p0: i32, p1: i32) -> f64 {
    p0 as f64 + (v - lo) / (hi - lo) * (p1 - p0) as f64
}

/// Draws a plot on the canvas; returns where rows landed.
pub(super) fn draw_canvas(
    canvas: &web_sys::HtmlCanvasElement,
    p: &Prepared,
    kind: Kind,
    selection: &crate::app::tableview::RowSet,
) -> Result<Drawn, String> {
    let started = js_sys::Date::now();
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no canvas")?;
    let root = Measured::new(backend, Some(canvas)).into_drawing_area();
    let (xr, yr) = draw_frame(&root, p, kind, selection, false)?;
    root.present().map_err(|e| format!("{e:?}"))?;
    let (w, h) = (
        (xr.end - xr.start).max(1) as usize,
        (yr.end - yr.start).max(1) as usize,
    );
    let mut raster = Raster::new(w, h);
    let mut drawn = Drawn::default();
    for &(row, x, y) in &p.points {
        let px = to_pixel(x, p.x.0, p.x.1, 0, w as i32);
        let py = to_pixel(y, p.y.0, p.y.1, h as i32, 0);
        raster.add(px - 1.0, py - 1.0, selection.contains(row));
        drawn.points.push((
            row,
            (px + xr.start as f64) as f32,
            (py + yr.start as f64) as f32,
        ));
    }
    let row_height = (h as f64 / p.segments.len().max(1) as f64).max(1.0);
    for &(row, a, b, y) in &p.segments {
        let x0 = to_pixel(a, p.x.0, p.x.1, 0, w as i32);
        let x1 = to_pixel(b, p.x.0, p.x.1, 0, w as i32);
        let py = to_pixel(y, p.y.0, p.y.1, h as i32, 0);
        let sel = selection.contains(row);
        let mut yy = py - row_height / 2.0;
        while yy < py + row_height / 2.0 {
            raster.add_segment(x0, x1.max(x0 + 1.0), yy, sel);
            yy += 1.0;
        }
        drawn.segments.push((
            row,
            (x0 + xr.start as f64) as f32,
            (x1 + xr.start as f64) as f32,
            (py + yr.start as f64) as f32,
        ));
    }
    if let Some((hist, members)) = &p.hist {
        for (k, rows) in members.iter().enumerate() {
            let a = to_pixel(
                log_or(hist.edges[k], p.logx),
                p.x.0,
                p.x.1,
                xr.start,
                xr.end,
            );
            let b = to_pixel(
                log_or(hist.edges[k + 1], p.logx),
                p.x.0,
                p.x.1,
                xr.start,
                xr.end,
            );
            drawn.bars.push((a as f32, b as f32, rows.clone()));
        }
        drawn.covered = hist.counts.iter().filter(|&&c| c > 0).count();
        drawn.plotted = members.iter().map(Vec::len).sum();
    }
    if !p.points.is_empty() || !p.segments.is_empty() {
        let rgba = raster.rgba();
        crate::ui::util::lay_pixels(canvas, &rgba, (w, h), (xr.start as f64, yr.start as f64))?;
        drawn.covered = raster.covered();
        drawn.plotted = p.points.len() + p.segments.len();
    }
    // The target marker over the points.
    if let Some((tx, ty)) = p.target {
        let ctx2: web_sys::CanvasRenderingContext2d = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .ok_or("no 2d")?
            .unchecked_into();
        let px = to_pixel(tx, p.x.0, p.x.1, xr.start, xr.end);
        let py = to_pixel(ty, p.y.0, p.y.1, yr.end, yr.start);
        ctx2.set_stroke_style_str("#e67800");
        ctx2.set_line_width(2.0);
        ctx2.begin_path();
        ctx2.move_to(px - 9.0, py);
        ctx2.line_to(px + 9.0, py);
        ctx2.move_to(px, py - 9.0);
        ctx2.line_to(px, py + 9.0);
        ctx2.stroke();
    }
    drawn.ms = js_sys::Date::now() - started;
    Ok(drawn)
}

fn svg(
    p: &Prepared,
    kind: Kind,
    selection: &crate::app::tableview::RowSet,
) -> Result<String, String> {
    let mut out = String::new();
    {
        let root = Measured::new(SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)), None)
            .into_drawing_area();
        draw_frame(&root, p, kind, selection, true)?;
        root.present().map_err(|e| format!("{e:?}"))?;
    }
    Ok(out)
}

#[component]
pub fn Plots(ctx: ResultContext) -> impl IntoView {
    let state = use_state();
    let numeric: Vec<(usize, String)> = ctx.result.with_value(|r| {
        data::numeric_columns(&r.table)
            .into_iter()
            .map(|j| (j, r.table.fields[j].name.clone()))
            .collect()
    });
    let default_col = |names: &[&str]| {
        ctx.result
            .with_value(|r| names.iter().find_map(|n| r.table.column_index(n)))
    };
    let first_numeric = numeric.first().map(|(j, _)| *j);
    let spec = RwSignal::new(Spec {
        kind: Kind::Sky,
        frame: SkyFrame::Icrs,
        zoom: false,
        footprints: false,
        column: default_col(&["t_exptime", "em_min"]).or(first_numeric),
        column2: default_col(&["t_min"]).or(first_numeric),
        bins: 40,
        logx: false,
        logy: false,
    });
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let problem: RwSignal<Option<String>> = RwSignal::new(None);
    let drawn = StoredValue::new(Drawn::default());
    let stats = RwSignal::new((0usize, 0usize, 0.0f64));
    let drag: RwSignal<Option<(f64, f64, f64, f64)>> = RwSignal::new(None);
    let target = move || state.position.get().map(|p| (p.ra, p.dec));

    let prepared = move || {
        let s = spec.get();
        ctx.rows.track();
        prepare(&ctx, &s, target())
    };
    Effect::new(move |_| {
        let s = spec.get();
        let sel = ctx.selection.get();
        let Some(el) = canvas.get() else { return };
        let started = js_sys::Date::now();
        match prepared() {
            Err(e) => {
                problem.set(Some(e));
                if let Some(c) = el.get_context("2d").ok().flatten() {
                    let c: web_sys::CanvasRenderingContext2d = c.unchecked_into();
                    c.clear_rect(0.0, 0.0, WIDTH as f64, HEIGHT as f64);
                }
                drawn.set_value(Drawn::default());
                stats.set((0, 0, 0.0));
            }
            Ok(p) => {
                problem.set(None);
                match draw_canvas(&el, &p, s.kind, &sel) {
                    Ok(d) => {
                        stats.set((d.plotted, d.covered, d.ms));
                        let _ = el.set_attribute("data-plotted", &d.plotted.to_string());
                        let _ = el.set_attribute("data-covered", &d.covered.to_string());
                        let _ = el.set_attribute("data-ms", &format!("{:.1}", d.ms));
                        // Mapping the rows and drawing them: what bench/table reports.
                        let total = js_sys::Date::now() - started;
                        let _ = el.set_attribute("data-total-ms", &format!("{total:.1}"));
                        drawn.set_value(d);
                    }
                    Err(e) => problem.set(Some(e)),
                }
            }
        }
    });

    // Pointer position relative to the canvas, in CSS pixels, and the canvas's scale.
    let canvas_xy = move |ev: &web_sys::MouseEvent| {
        let el = canvas.get()?;
        let rect = el.get_bounding_client_rect();
        Some((
            ev.client_x() as f64 - rect.left(),
            ev.client_y() as f64 - rect.top(),
        ))
    };
    let scale = move || {
        canvas
            .get()
            .map(|el| {
                let rect = el.get_bounding_client_rect();
                (
                    el.width() as f64 / rect.width().max(1.0),
                    el.height() as f64 / rect.height().max(1.0),
                )
            })
            .unwrap_or((1.0, 1.0))
    };
    let select_box = move |x0: f64, y0: f64, x1: f64, y1: f64| {
        let (ax, bx) = (x0.min(x1), x0.max(x1));
        let (ay, by) = (y0.min(y1), y0.max(y1));
        let click = (bx - ax) < 3.0 && (by - ay) < 3.0;
        let rows: Vec<u32> = drawn.with_value(|d| {
            if !d.bars.is_empty() {
                return d
                    .bars
                    .iter()
                    .filter(|(a, b, _)| (*a as f64) <= bx && (*b as f64) >= ax)
                    .flat_map(|(_, _, r)| r.iter().copied())
                    .collect();
            }
            if click {
                let nearest = d
                    .points
                    .iter()
                    .map(|&(r, x, y)| (r, (x as f64 - ax).powi(2) + (y as f64 - ay).powi(2)))
                    .filter(|(_, d2)| *d2 <= 36.0)
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(r, _)| r);
                let seg = d
                    .segments
                    .iter()
                    .find(|&&(_, a, b, y)| {
                        (a as f64 - 2.0) <= ax
                            && (b as f64 + 2.0) >= ax
                            && (y as f64 - ay).abs() <= 3.0
                    })
                    .map(|s| s.0);
                return nearest.or(seg).into_iter().collect();
            }
            let mut v: Vec<u32> = d
                .points
                .iter()
                .filter(|&&(_, x, y)| {
                    (x as f64) >= ax && (x as f64) <= bx && (y as f64) >= ay && (y as f64) <= by
                })
                .map(|p| p.0)
                .collect();
            v.extend(
                d.segments
                    .iter()
                    .filter(|&&(_, a, b, y)| {
                        (b as f64) >= ax && (a as f64) <= bx && (y as f64) >= ay && (y as f64) <= by
                    })
                    .map(|s| s.0),
            );
            v
        });
        ctx.select_rows(&rows);
        if let Some(&first) = rows.first() {
            ctx.focus_row.set(Some(first));
        }
    };

    let export_png = move |_| {
        if let Some(el) = canvas.get() {
            if let Ok(url) = el.to_data_url() {
                if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                    if let Ok(a) = doc.create_element("a") {
                        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
                        a.set_href(&url);
                        a.set_download("voscope-plot.png");
                        a.click();
                    }
                }
            }
        }
    };
    let export_svg = move |_| {
        let s = spec.get_untracked();
        let sel = ctx.selection.get_untracked();
        match prepare(&ctx, &s, target()).and_then(|p| svg(&p, s.kind, &sel)) {
            Ok(text) => {
                if let Err(e) = download("voscope-plot.svg", "image/svg+xml", text.as_bytes()) {
                    problem.set(Some(e));
                }
            }
            Err(e) => problem.set(Some(e)),
        }
    };

    let options = Arc::new(numeric);
    let column_select = move |id: &'static str, label: &'static str, second: bool| {
        let options = options.clone();
        view! {
            <label for=id>{label}</label>
            <select id=id prop:value=move || {
                let s = spec.get();
                (if second { s.column2 } else { s.column }).map(|j| j.to_string()).unwrap_or_default()
            } on:change=move |ev| {
                let v = event_target_value(&ev).parse::<usize>().ok();
                spec.update(|s| if second { s.column2 = v } else { s.column = v });
            }>
                {options.iter().map(|(j, n)| view! { <option value=j.to_string()>{n.clone()}</option> }).collect_view()}
            </select>
        }
    };
    let kinds = [
        (Kind::Sky, "Sky"),
        (Kind::Histogram, "Histogram"),
        (Kind::Scatter, "Scatter"),
        (Kind::Time, "Time coverage"),
        (Kind::Energy, "Energy coverage"),
    ];
    view! {
        <div class="plots" id="plots" role="tabpanel" aria-labelledby="tab-plots">
            <div class="tabs" role="tablist" aria-label="Plot" on:keydown=move |ev| crate::ui::util::tablist_keys(&ev)>
                {kinds.into_iter().map(|(k, label)| view! {
                    <button type="button" role="tab" id=format!("plot-{}", label.split(' ').next().unwrap_or("").to_lowercase())
                        aria-selected=move || (spec.get().kind == k).to_string()
                        aria-controls="plot-view" tabindex=move || if spec.get().kind == k { "0" } else { "-1" }
                        class:active=move || spec.get().kind == k
                        on:click=move |_| spec.update(|s| s.kind = k)>{label}</button>
                }).collect_view()}
            </div>
            <div id="plot-view" role="tabpanel" aria-label=move || format!("{:?} plot", spec.get().kind)>
            <div class="row plot-controls">
                {move || match spec.get().kind {
                    Kind::Sky => view! {
                        <label class="check"><input type="checkbox" id="sky-galactic" prop:checked=move || spec.get().frame == SkyFrame::Galactic
                            on:change=move |ev| { let g = event_target_checked(&ev); spec.update(|s| s.frame = if g { SkyFrame::Galactic } else { SkyFrame::Icrs }); }/>"galactic"</label>
                        <label class="check"><input type="checkbox" id="sky-zoom" prop:checked=move || spec.get().zoom
                            on:change=move |ev| { let z = event_target_checked(&ev); spec.update(|s| s.zoom = z); }/>"zoom on the field"</label>
                        <label class="check"><input type="checkbox" id="sky-footprints" prop:checked=move || spec.get().footprints
                            on:change=move |ev| { let f = event_target_checked(&ev); spec.update(|s| s.footprints = f); }/>"footprints (s_region)"</label>
                    }.into_any(),
                    Kind::Histogram => view! {
                        <div>{column_select("hist-column", "column", false)}</div>
                        <div>
                            <label for="hist-bins">"bins"</label>
                            <input id="hist-bins" class="short" type="number" min="1" max="1000" prop:value=move || spec.get().bins.to_string()
                                on:input=move |ev| { if let Ok(b) = event_target_value(&ev).parse::<usize>() { spec.update(|s| s.bins = b.clamp(1, 1000)); } }/>
                        </div>
                        <label class="check"><input type="checkbox" id="hist-logx" prop:checked=move || spec.get().logx on:change=move |ev| { let v = event_target_checked(&ev); spec.update(|s| s.logx = v); }/>"log x"</label>
                        <label class="check"><input type="checkbox" id="hist-logy" prop:checked=move || spec.get().logy on:change=move |ev| { let v = event_target_checked(&ev); spec.update(|s| s.logy = v); }/>"log counts"</label>
                    }.into_any(),
                    Kind::Scatter => view! {
                        <div>{column_select("scatter-x", "x", false)}</div>
                        <div>{column_select("scatter-y", "y", true)}</div>
                        <label class="check"><input type="checkbox" prop:checked=move || spec.get().logx on:change=move |ev| { let v = event_target_checked(&ev); spec.update(|s| s.logx = v); }/>"log x"</label>
                        <label class="check"><input type="checkbox" prop:checked=move || spec.get().logy on:change=move |ev| { let v = event_target_checked(&ev); spec.update(|s| s.logy = v); }/>"log y"</label>
                    }.into_any(),
                    Kind::Time | Kind::Energy => view! { <span class="hint">"Each row is one observation, sorted by its start; drag to select."</span> }.into_any(),
                }}
                <button type="button" id="export-png" on:click=export_png>"PNG"</button>
                <button type="button" id="export-svg" on:click=export_svg>"SVG"</button>
            </div>
            {move || problem.get().map(|p| view! { <p class="hint warn" id="plot-problem">{p}</p> })}
            <div class="canvas-wrap">
                <canvas node_ref=canvas id="plot-canvas" width=WIDTH height=HEIGHT role="img"
                    aria-label=move || format!("{:?} plot of the result", spec.get().kind)
                    on:mousedown=move |ev| { if let Some((x, y)) = canvas_xy(&ev) { drag.set(Some((x, y, x, y))); } }
                    on:mousemove=move |ev| { if let (Some((x0, y0, _, _)), Some((x, y))) = (drag.get_untracked(), canvas_xy(&ev)) { drag.set(Some((x0, y0, x, y))); } }
                    on:mouseup=move |ev| {
                        if let (Some((x0, y0, _, _)), Some((x, y))) = (drag.get_untracked(), canvas_xy(&ev)) {
                            let (sx, sy) = scale();
                            select_box(x0 * sx, y0 * sy, x * sx, y * sy);
                        }
                        drag.set(None);
                    }
                ></canvas>
                {move || drag.get().map(|(x0, y0, x1, y1)| {
                    // CSSOM properties, not a style attribute (which a strict CSP refuses).
                    view! { <div class="drag-box" style:left=format!("{}px", x0.min(x1)) style:top=format!("{}px", y0.min(y1))
                        style:width=format!("{}px", (x1 - x0).abs()) style:height=format!("{}px", (y1 - y0).abs())></div> }
                })}
            </div>
            <p class="hint" id="plot-stats">{move || {
                let (n, px, ms) = stats.get();
                format!("{n} drawn · {px} pixels/bins · {ms:.0} ms · drag a box or click to select rows")
            }}</p>
            </div>
        </div>
    }
}
