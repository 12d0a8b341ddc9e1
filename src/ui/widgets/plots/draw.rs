//! Drawing a prepared plot: the frame, grid, labelled axes, bars, footprints and the
//! target by plotters (canvas or SVG), the points through the rasteriser.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;

use super::{log_or, Kind, Prepared, HEIGHT, WIDTH};
use crate::app::plot::hist::log_ticks;
use crate::app::plot::hits::Drawn;
use crate::app::plot::raster::Raster;
use crate::app::plot::Projection;
use crate::app::tableview::RowSet;
use crate::ui::widgets::text_measure::Measured;

/// Points drawn one by one in an SVG export (beyond, an even sample).
const SVG_POINTS: usize = 20_000;
const BLUE: RGBColor = RGBColor(31, 95, 191);
const RED: RGBColor = RGBColor(220, 50, 32);
const ORANGE: RGBColor = RGBColor(230, 120, 0);
const GREY: RGBColor = RGBColor(90, 100, 120);

/// A tick value of a log axis (given as log10): powers of ten whole, others to three
/// significant digits.
fn log_label(v: f64) -> String {
    if (v - v.round()).abs() < 1e-6 {
        crate::app::plot::chart::Labels::Plain.format(10f64.powi(v.round() as i32))
    } else {
        let e = 10f64.powf(v);
        let digits = (2 - e.log10().floor() as i32).clamp(0, 12) as usize;
        format!("{e:.digits$}")
    }
}

/// How many of the plotted rows are selected.
fn selected_count(p: &Prepared, selection: &RowSet) -> usize {
    if selection.is_empty() {
        return 0;
    }
    let mut n = p.points.iter().filter(|q| selection.contains(q.0)).count();
    n += p
        .segments
        .iter()
        .filter(|s| selection.contains(s.0))
        .count();
    if let Some((_, members)) = &p.hist {
        n += members
            .iter()
            .flatten()
            .filter(|r| selection.contains(**r))
            .count();
    }
    n
}

/// Draws the frame and everything that is not a raster point; returns the pixel range
/// of the plotting area.
fn draw_frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    p: &Prepared,
    kind: Kind,
    selection: &RowSet,
    points_as_elements: bool,
) -> Result<(std::ops::Range<i32>, std::ops::Range<i32>), String> {
    let e = |err: DrawingAreaErrorKind<DB::ErrorType>| format!("drawing failed: {err:?}");
    root.fill(&WHITE).map_err(e)?;
    let picked = selected_count(p, selection);
    let title = if picked > 0 {
        format!("{} · {picked} selected", p.title)
    } else {
        p.title.clone()
    };
    let tangent = matches!(p.sky, Some(Projection::Tangent { .. }));
    let all_sky = p.sky.is_some() && !tangent;
    let mut chart = ChartBuilder::on(root)
        .caption(&title, ("sans-serif", 14))
        .margin(10)
        .x_label_area_size(if all_sky { 24 } else { 40 })
        .y_label_area_size(if all_sky { 24 } else { 60 })
        .build_cartesian_2d(p.x.0..p.x.1, p.y.0..p.y.1)
        .map_err(e)?;
    let font = ("sans-serif", 11).into_font().color(&GREY);
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
            if p.logx {
                // Within a decade or two, every tick says its value; wider, the decades.
                let on_tick = logx_ticks.iter().any(|t| (t - v).abs() < 1e-9);
                if on_tick || logx_ticks.len() < 2 {
                    log_label(*v)
                } else {
                    String::new()
                }
            } else {
                p.xticks.format(*v)
            }
        };
        let fy = |v: &f64| {
            if p.logy && p.hist.is_some() {
                format!("{}", 10f64.powf(*v).round())
            } else if p.logy {
                log_label(*v)
            } else {
                p.yticks.format(*v)
            }
        };
        mesh.x_label_formatter(&fx).y_label_formatter(&fy);
        if p.xticks != Default::default() {
            // Dates are long: fewer of them.
            mesh.x_labels(5);
        }
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
        // Axis captions, and the coordinates where the grid meets the frame.
        chart
            .configure_mesh()
            .disable_mesh()
            .disable_x_axis()
            .disable_y_axis()
            .x_desc(&p.xlabel)
            .y_desc(&p.ylabel)
            .draw()
            .map_err(e)?;
        let (bottom, left) = proj.edge_ticks();
        let step = match proj {
            Projection::Tangent { half_width, .. } => {
                crate::app::plot::projection::nice_step(half_width / 2.0)
            }
            _ => 30.0,
        };
        let decimals = (-step.log10().floor()).max(0.0) as usize;
        for (x, lon) in bottom {
            let (px, py) = chart.backend_coord(&(x, p.y.0));
            let style = font.clone().pos(Pos::new(HPos::Center, VPos::Top));
            root.draw(&Text::new(
                format!("{lon:.decimals$}°"),
                (px, py + 4),
                style,
            ))
            .map_err(e)?;
        }
        for (y, lat) in left {
            let (px, py) = chart.backend_coord(&(p.x.0, y));
            let style = font.clone().pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(
                format!("{lat:+.decimals$}°"),
                (px - 4, py),
                style,
            ))
            .map_err(e)?;
        }
        // Outline of the map, and coordinate labels along the equator and the edge.
        if let Projection::Hammer { center } = proj {
            for lon in [center - 179.999, center + 179.999] {
                let edge: Vec<(f64, f64)> = (0..=90)
                    .filter_map(|k| proj.forward(lon, -90.0 + 2.0 * k as f64))
                    .collect();
                chart
                    .draw_series(LineSeries::new(edge, RGBColor(120, 130, 150)))
                    .map_err(e)?;
            }
            let labels = (0..12)
                .filter_map(|k| {
                    let lon = (center + 30.0 * k as f64 - 180.0).rem_euclid(360.0);
                    proj.forward(lon, 0.0)
                        .map(|pos| (format!("{lon:.0}°"), pos))
                })
                .chain(
                    [-60.0, -30.0, 30.0, 60.0]
                        .into_iter()
                        .filter_map(|lat: f64| {
                            proj.forward(center + 179.0, lat)
                                .map(|(x, y)| (format!("{lat:+.0}°"), (x - 0.05, y)))
                        }),
                );
            for (text, pos) in labels {
                chart
                    .draw_series(std::iter::once(Text::new(text, pos, font.clone())))
                    .map_err(e)?;
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
        // Footprints: a light fill and a firm outline, selected ones in red on top.
        for pass in [false, true] {
            for (row, line) in p
                .outlines
                .iter()
                .filter(|(r, _)| selection.contains(*r) == pass)
            {
                let color = if pass { RED } else { BLUE };
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        line.clone(),
                        color.mix(0.06).filled(),
                    )))
                    .map_err(e)?;
                chart
                    .draw_series(LineSeries::new(
                        line.clone(),
                        color.mix(0.8).stroke_width(if pass { 2 } else { 1 }),
                    ))
                    .map_err(e)?;
                let _ = row;
            }
        }
    }
    if let Some((h, members)) = &p.hist {
        let bar_top = |c: usize| {
            if p.logy {
                if c > 0 {
                    (c as f64).log10().max(0.0) + 0.02
                } else {
                    0.0
                }
            } else {
                c as f64
            }
        };
        let edges = |k: usize| (log_or(h.edges[k], p.logx), log_or(h.edges[k + 1], p.logx));
        let bars = h.counts.iter().enumerate().map(|(k, &c)| {
            let (a, b) = edges(k);
            Rectangle::new(
                [(a, 0.0), (b, bar_top(c as usize))],
                BLUE.mix(0.75).filled(),
            )
        });
        chart.draw_series(bars).map_err(e)?;
        let sel = members.iter().enumerate().filter_map(|(k, rows)| {
            let c = rows.iter().filter(|r| selection.contains(**r)).count();
            (c > 0).then(|| {
                let (a, b) = edges(k);
                Rectangle::new([(a, 0.0), (b, bar_top(c))], RED.mix(0.85).filled())
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
            .draw_series(plain.map(|&(_, x, y)| Circle::new((x, y), 1, BLUE.mix(0.6).filled())))
            .map_err(e)?;
        let sel = p
            .points
            .iter()
            .filter(|(r, _, _)| selection.contains(*r))
            .take(SVG_POINTS);
        chart
            .draw_series(sel.map(|&(_, x, y)| Circle::new((x, y), 3, RED.filled())))
            .map_err(e)?;
        let seg_step = (p.segments.len() / SVG_POINTS).max(1);
        for &(row, a, b, y) in p.segments.iter().step_by(seg_step) {
            let color = if selection.contains(row) { RED } else { BLUE };
            chart
                .draw_series(LineSeries::new(vec![(a, y), (b, y)], color))
                .map_err(e)?;
        }
        if let Some(t) = p.target {
            let (px, py) = chart.backend_coord(&t);
            target_marker(root, (px, py)).map_err(e)?;
        }
    }
    Ok(chart.plotting_area().get_pixel_range())
}

/// The target: a ring with ticks outside it, so the points at the target stay visible.
fn target_marker<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let style = ShapeStyle::from(&ORANGE).stroke_width(2);
    root.draw(&Circle::new((x, y), 9, style))?;
    for (dx, dy) in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
        root.draw(&PathElement::new(
            vec![(x + 11 * dx, y + 11 * dy), (x + 17 * dx, y + 17 * dy)],
            style,
        ))?;
    }
    Ok(())
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
pub(in crate::ui) fn draw_canvas(
    canvas: &web_sys::HtmlCanvasElement,
    p: &Prepared,
    kind: Kind,
    selection: &RowSet,
) -> Result<Drawn, String> {
    let started = js_sys::Date::now();
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no canvas")?;
    let root = Measured::new(backend, Some(canvas)).into_drawing_area();
    let (xr, yr) = draw_frame(&root, p, kind, selection, false)?;
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
            let edge = |v: f64| to_pixel(log_or(v, p.logx), p.x.0, p.x.1, xr.start, xr.end);
            let (a, b) = (edge(hist.edges[k]), edge(hist.edges[k + 1]));
            drawn.bars.push((a as f32, b as f32, rows.clone()));
        }
        drawn.covered = hist.occupied();
        drawn.plotted = members.iter().map(Vec::len).sum();
    }
    if !p.points.is_empty() || !p.segments.is_empty() {
        let rgba = raster.rgba();
        crate::ui::util::lay_pixels(canvas, &rgba, (w, h), (xr.start as f64, yr.start as f64))?;
        drawn.covered = raster.covered();
        drawn.plotted = p.points.len() + p.segments.len();
    }
    // The target over the points, hollow.
    if let Some((tx, ty)) = p.target {
        let px = to_pixel(tx, p.x.0, p.x.1, xr.start, xr.end) as i32;
        let py = to_pixel(ty, p.y.0, p.y.1, yr.end, yr.start) as i32;
        target_marker(&root, (px, py)).map_err(|e| format!("{e:?}"))?;
        drawn.target = Some((px as f64, py as f64));
    }
    root.present().map_err(|e| format!("{e:?}"))?;
    drawn.ms = js_sys::Date::now() - started;
    Ok(drawn)
}

pub(super) fn svg(p: &Prepared, kind: Kind, selection: &RowSet) -> Result<String, String> {
    let mut out = String::new();
    {
        let root = Measured::new(SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)), None)
            .into_drawing_area();
        draw_frame(&root, p, kind, selection, true)?;
        root.present().map_err(|e| format!("{e:?}"))?;
    }
    Ok(out)
}
