//! Draws any [`Chart`] with plotters, on a canvas or as SVG, with its exports (SVG, PNG,
//! and the plotted numbers as CSV or VOTable). A widget: it holds no app state, so any
//! panel can show a chart without knowing another panel.

use std::sync::Arc;

use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

use crate::app::plot::chart::{Axis, Chart, Labels, Mark, Style};
use crate::ui::util::download;
use crate::ui::widgets::text_measure::Measured;

pub const WIDTH: u32 = 640;
pub const HEIGHT: u32 = 400;
/// For equal axes: the frame around a square plotting area of WIDTH less the y labels.
const SQUARE_HEIGHT: u32 = 660;

fn height(c: &Chart) -> u32 {
    if c.equal_axes {
        SQUARE_HEIGHT
    } else {
        HEIGHT
    }
}

/// Axis value → drawing coordinate: log10 on log axes, negated on reversed ones.
fn to_draw(a: &Axis, v: f64) -> f64 {
    let v = if a.log {
        if v > 0.0 {
            v.log10()
        } else {
            f64::NAN
        }
    } else {
        v
    };
    if a.reversed {
        -v
    } else {
        v
    }
}

fn from_draw(a: &Axis, d: f64) -> f64 {
    let d = if a.reversed { -d } else { d };
    if a.log {
        10f64.powf(d)
    } else {
        d
    }
}

fn draw_range(a: &Axis, (lo, hi): (f64, f64)) -> (f64, f64) {
    let (p, q) = (to_draw(a, lo), to_draw(a, hi));
    let (p, q) = (p.min(q), p.max(q));
    if p.is_finite() && q.is_finite() && q > p {
        (p, q)
    } else {
        (0.0, 1.0)
    }
}

fn tick(a: &Axis, d: f64) -> String {
    let v = from_draw(a, d);
    match a.labels {
        Labels::Plain if a.log => {
            // Decades only: 0.1, 1, 10 …
            let e = d.round();
            if (d - e).abs() < 1e-6 {
                Labels::Plain.format(10f64.powf(e))
            } else {
                String::new()
            }
        }
        l => l.format(v),
    }
}

fn rgb((r, g, b): (u8, u8, u8)) -> RGBColor {
    RGBColor(r, g, b)
}

/// A perceptual ramp (dark blue → teal → yellow), t in [0, 1].
pub fn ramp(t: f64) -> (u8, u8, u8) {
    const STOPS: [(f64, f64, f64); 5] = [
        (13.0, 8.0, 135.0),
        (84.0, 2.0, 163.0),
        (185.0, 50.0, 137.0),
        (249.0, 142.0, 8.0),
        (240.0, 249.0, 33.0),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * (STOPS.len() - 1) as f64;
    let k = (x.floor() as usize).min(STOPS.len() - 2);
    let f = x - k as f64;
    let (a, b) = (STOPS[k], STOPS[k + 1]);
    let l = |p: f64, q: f64| (p + (q - p) * f).round() as u8;
    (l(a.0, b.0), l(a.1, b.1), l(a.2, b.2))
}

/// Where a value falls on the image's colour scale, in [0, 1].
fn scaled(v: f64, (lo, hi): (f64, f64), log: bool) -> f64 {
    if !v.is_finite() {
        return f64::NAN;
    }
    if log {
        // An empty pixel is the bottom of the scale, not a hole.
        if v <= 0.0 {
            return 0.0;
        }
        let (a, b) = (lo.max(f64::MIN_POSITIVE).ln(), hi.ln());
        if b > a {
            (v.ln() - a) / (b - a)
        } else {
            1.0
        }
    } else if hi > lo {
        (v - lo) / (hi - lo)
    } else {
        1.0
    }
}

/// Draws the chart; `pixels_as_rects` draws the image as rectangles (SVG), else the
/// caller lays the image's pixels in (canvas). Returns the plotting area's pixel ranges.
fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    pixels_as_rects: bool,
) -> Result<(std::ops::Range<i32>, std::ops::Range<i32>), String> {
    let e = |err: DrawingAreaErrorKind<DB::ErrorType>| format!("drawing failed: {err:?}");
    root.fill(&WHITE).map_err(e)?;
    let (xr, yr) = c.bounds();
    let (x0, x1) = draw_range(&c.x, xr);
    let (y0, y1) = draw_range(&c.y, yr);
    let mut chart = ChartBuilder::on(root)
        .caption(&c.title, ("sans-serif", 15))
        .margin(12)
        .x_label_area_size(42)
        .y_label_area_size(64)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(e)?;
    let fx = |d: &f64| tick(&c.x, *d);
    let fy = |d: &f64| tick(&c.y, *d);
    let (xcap, ycap) = (c.x.caption(), c.y.caption());
    chart
        .configure_mesh()
        .x_desc(xcap.as_str())
        .y_desc(ycap.as_str())
        .x_labels(if c.x.log { 40 } else { 7 })
        .y_labels(if c.y.log { 40 } else { 7 })
        .x_label_formatter(&fx)
        .y_label_formatter(&fy)
        .light_line_style(RGBColor(236, 236, 236))
        .draw()
        .map_err(e)?;
    if let (Some(img), true) = (&c.image, pixels_as_rects) {
        let range = img.value_range().unwrap_or((0.0, 1.0));
        let dx = (img.x.1 - img.x.0) / img.nx.max(1) as f64;
        let dy = (img.y.1 - img.y.0) / img.ny.max(1) as f64;
        let mut rects = Vec::new();
        for iy in 0..img.ny {
            for ix in 0..img.nx {
                let t = scaled(img.value(ix, iy), range, img.log);
                if !t.is_finite() {
                    continue;
                }
                let (xa, xb) = (img.x.0 + ix as f64 * dx, img.x.0 + (ix + 1) as f64 * dx);
                let (ya, yb) = (img.y.0 + iy as f64 * dy, img.y.0 + (iy + 1) as f64 * dy);
                rects.push(Rectangle::new(
                    [
                        (to_draw(&c.x, xa), to_draw(&c.y, ya)),
                        (to_draw(&c.x, xb), to_draw(&c.y, yb)),
                    ],
                    rgb(ramp(t)).filled(),
                ));
            }
        }
        chart.draw_series(rects).map_err(e)?;
    }
    for s in &c.series {
        let colour = rgb(s.rgb);
        let at = |x: f64, y: f64| (to_draw(&c.x, x), to_draw(&c.y, y));
        let floor = if c.y.log { y0 } else { to_draw(&c.y, 0.0) };
        match s.style {
            Style::Steps => {
                let mut path = Vec::new();
                for (a, b, y, _) in s.rows() {
                    let (pa, py) = at(a, y);
                    let (pb, _) = at(b, y);
                    let py = if py.is_finite() { py } else { floor };
                    path.push((pa, py));
                    path.push((pb, py));
                }
                if let (Some(first), Some(last)) = (path.first().copied(), path.last().copied()) {
                    path.insert(0, (first.0, floor));
                    path.push((last.0, floor));
                }
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        path,
                        ShapeStyle::from(&colour).stroke_width(2),
                    )))
                    .map_err(e)?;
            }
            Style::Line => {
                let pts: Vec<(f64, f64)> =
                    s.x.iter()
                        .zip(&s.y)
                        .map(|(&x, &y)| at(x, y))
                        .filter(|p| p.0.is_finite() && p.1.is_finite())
                        .collect();
                chart
                    .draw_series(LineSeries::new(pts, colour.stroke_width(2)))
                    .map_err(e)?;
            }
            Style::Points => {
                let mut bars = Vec::new();
                let mut dots = Vec::new();
                for (k, (&x, &y)) in s.x.iter().zip(&s.y).enumerate() {
                    let p = at(x, y);
                    if !(p.0.is_finite() && p.1.is_finite()) {
                        continue;
                    }
                    dots.push(Circle::new(p, 3, colour.filled()));
                    if let Some(err) = s.err.as_ref().and_then(|v| v.get(k)).filter(|v| **v > 0.0) {
                        let lo = at(x, y - err).1;
                        let hi = at(x, y + err).1;
                        let lo = if lo.is_finite() { lo } else { y0 };
                        if hi.is_finite() {
                            bars.push(PathElement::new(vec![(p.0, lo), (p.0, hi)], colour));
                        }
                    }
                }
                chart.draw_series(bars).map_err(e)?;
                chart.draw_series(dots).map_err(e)?;
            }
        }
    }
    for m in &c.marks {
        match m {
            Mark::Cross {
                x,
                y,
                label,
                rgb: col,
            } => {
                let p = (to_draw(&c.x, *x), to_draw(&c.y, *y));
                let colour = rgb(*col);
                chart
                    .draw_series(std::iter::once(Cross::new(
                        p,
                        7,
                        ShapeStyle::from(&colour).stroke_width(2),
                    )))
                    .map_err(e)?;
                chart
                    .draw_series(std::iter::once(Text::new(
                        label.clone(),
                        p,
                        ("sans-serif", 12).into_font().color(&colour),
                    )))
                    .map_err(e)?;
            }
            Mark::Circle {
                x,
                y,
                r,
                label,
                rgb: col,
            } => {
                let colour = rgb(*col);
                let ring: Vec<(f64, f64)> = (0..=48)
                    .map(|k| {
                        let a = k as f64 / 48.0 * std::f64::consts::TAU;
                        (
                            to_draw(&c.x, x + r * a.cos()),
                            to_draw(&c.y, y + r * a.sin()),
                        )
                    })
                    .collect();
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        ring,
                        ShapeStyle::from(&colour).stroke_width(2),
                    )))
                    .map_err(e)?;
                if !label.is_empty() {
                    chart
                        .draw_series(std::iter::once(Text::new(
                            label.clone(),
                            (to_draw(&c.x, *x + r), to_draw(&c.y, *y + r)),
                            ("sans-serif", 11).into_font().color(&colour),
                        )))
                        .map_err(e)?;
                }
            }
            Mark::VLine { x, label, rgb: col } => {
                let colour = rgb(*col);
                let d = to_draw(&c.x, *x);
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(d, y0), (d, y1)],
                        ShapeStyle::from(&colour).stroke_width(1),
                    )))
                    .map_err(e)?;
                chart
                    .draw_series(std::iter::once(Text::new(
                        label.clone(),
                        (d, y1),
                        ("sans-serif", 11).into_font().color(&colour),
                    )))
                    .map_err(e)?;
            }
        }
    }
    let area = chart.plotting_area().get_pixel_range();
    // The legend, drawn by hand at the top right: plotters' own series labels measure
    // their text with a styled element in the page, which the strict CSP refuses.
    if c.series.len() > 1 {
        let right = area.0.end - 10;
        for (k, s) in c.series.iter().enumerate() {
            let y = area.1.start + 12 + 16 * k as i32;
            let colour = rgb(s.rgb);
            root.draw(&PathElement::new(
                vec![(right - 150, y), (right - 130, y)],
                colour.stroke_width(2),
            ))
            .map_err(e)?;
            root.draw(&Text::new(
                s.label.clone(),
                (right - 124, y - 6),
                ("sans-serif", 12).into_font().color(&RGBColor(40, 40, 40)),
            ))
            .map_err(e)?;
        }
    }
    Ok(area)
}

/// The chart on a canvas: frame and curves by plotters, the image's pixels laid in at once.
pub fn draw_canvas(canvas: &web_sys::HtmlCanvasElement, c: &Chart) -> Result<(), String> {
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no canvas")?;
    let root = Measured::new(backend, Some(canvas)).into_drawing_area();
    let (xr, yr) = draw(&root, c, false)?;
    root.present().map_err(|e| format!("{e:?}"))?;
    let Some(img) = &c.image else {
        return Ok(());
    };
    let (w, h) = (
        (xr.end - xr.start).max(1) as usize,
        (yr.end - yr.start).max(1) as usize,
    );
    let ((bx0, bx1), (by0, by1)) = c.bounds();
    let (dx0, dx1) = draw_range(&c.x, (bx0, bx1));
    let (dy0, dy1) = draw_range(&c.y, (by0, by1));
    let range = img.value_range().unwrap_or((0.0, 1.0));
    let mut rgba = vec![0u8; w * h * 4];
    for py in 0..h {
        let dy = dy1 - (py as f64 + 0.5) / h as f64 * (dy1 - dy0);
        let vy = from_draw(&c.y, dy);
        let iy = ((vy - img.y.0) / (img.y.1 - img.y.0) * img.ny as f64).floor();
        for px in 0..w {
            let dx = dx0 + (px as f64 + 0.5) / w as f64 * (dx1 - dx0);
            let vx = from_draw(&c.x, dx);
            let ix = ((vx - img.x.0) / (img.x.1 - img.x.0) * img.nx as f64).floor();
            if ix < 0.0 || iy < 0.0 || ix >= img.nx as f64 || iy >= img.ny as f64 {
                continue;
            }
            let t = scaled(img.value(ix as usize, iy as usize), range, img.log);
            if !t.is_finite() {
                continue;
            }
            let (r, g, b) = ramp(t);
            let o = (py * w + px) * 4;
            rgba[o..o + 4].copy_from_slice(&[r, g, b, 255]);
        }
    }
    crate::ui::util::lay_pixels(canvas, &rgba, (w, h), (xr.start as f64, yr.start as f64))?;
    let main = crate::ui::util::context_2d(canvas)?;
    // The marks again, over the pixels.
    redraw_marks(c, (xr, yr), &main);
    Ok(())
}

/// Crosses and circles over a laid-in image, in canvas pixels.
fn redraw_marks(
    c: &Chart,
    (xr, yr): (std::ops::Range<i32>, std::ops::Range<i32>),
    ctx: &web_sys::CanvasRenderingContext2d,
) {
    let ((bx0, bx1), (by0, by1)) = c.bounds();
    let (dx0, dx1) = draw_range(&c.x, (bx0, bx1));
    let (dy0, dy1) = draw_range(&c.y, (by0, by1));
    let px = |x: f64| {
        xr.start as f64 + (to_draw(&c.x, x) - dx0) / (dx1 - dx0) * (xr.end - xr.start) as f64
    };
    let py = |y: f64| {
        yr.end as f64 - (to_draw(&c.y, y) - dy0) / (dy1 - dy0) * (yr.end - yr.start) as f64
    };
    ctx.set_line_width(2.0);
    ctx.set_font("12px sans-serif");
    for m in &c.marks {
        match m {
            Mark::Cross { x, y, label, rgb } => {
                let colour = format!("rgb({},{},{})", rgb.0, rgb.1, rgb.2);
                ctx.set_stroke_style_str(&colour);
                ctx.set_fill_style_str(&colour);
                let (u, v) = (px(*x), py(*y));
                ctx.begin_path();
                ctx.move_to(u - 8.0, v - 8.0);
                ctx.line_to(u + 8.0, v + 8.0);
                ctx.move_to(u - 8.0, v + 8.0);
                ctx.line_to(u + 8.0, v - 8.0);
                ctx.stroke();
                let _ = ctx.fill_text(label, u + 10.0, v - 6.0);
            }
            Mark::Circle { x, y, r, rgb, .. } => {
                ctx.set_stroke_style_str(&format!("rgb({},{},{})", rgb.0, rgb.1, rgb.2));
                ctx.begin_path();
                for k in 0..=48 {
                    let a = k as f64 / 48.0 * std::f64::consts::TAU;
                    let (u, v) = (px(x + r * a.cos()), py(y + r * a.sin()));
                    if k == 0 {
                        ctx.move_to(u, v);
                    } else {
                        ctx.line_to(u, v);
                    }
                }
                ctx.stroke();
            }
            Mark::VLine { .. } => {}
        }
    }
}

/// The chart as an SVG document (vector: the image as rectangles).
pub fn svg(c: &Chart) -> Result<String, String> {
    let mut out = String::new();
    {
        let root = Measured::new(SVGBackend::with_string(&mut out, (WIDTH, height(c))), None)
            .into_drawing_area();
        draw(&root, c, true)?;
        root.present().map_err(|e| format!("{e:?}"))?;
    }
    Ok(out)
}

fn png_of(canvas: &web_sys::HtmlCanvasElement) -> Result<Vec<u8>, String> {
    let url = canvas
        .to_data_url_with_type("image/png")
        .map_err(|_| "the canvas could not be read")?;
    let b64 = url.split_once(',').map(|(_, b)| b).ok_or("no PNG data")?;
    let text = web_sys::window()
        .ok_or("no window")?
        .atob(b64)
        .map_err(|_| "bad PNG data")?;
    Ok(text.chars().map(|c| c as u32 as u8).collect())
}

/// One chart with its export buttons. `note` lines are shown under it.
#[component]
pub fn ChartView(chart: Arc<Chart>) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let c = chart.clone();
    Effect::new(move |_| {
        if let Some(el) = canvas.get() {
            if let Err(e) = draw_canvas(&el, &c) {
                error.set(Some(e));
            }
        }
    });
    let id = chart.id.clone();
    let file = |ext: &str| format!("voscope-{}.{ext}", id);
    let (f_svg, f_png, f_csv, f_vot) = (file("svg"), file("png"), file("csv"), file("vot"));
    let (c_svg, c_csv, c_vot) = (chart.clone(), chart.clone(), chart.clone());
    let save = move |name: &str, mime: &str, bytes: Result<Vec<u8>, String>| {
        if let Err(e) = bytes.and_then(|b| download(name, mime, &b)) {
            error.set(Some(e));
        }
    };
    let notes = chart
        .notes
        .iter()
        .map(|n| view! { <li>{n.clone()}</li> })
        .collect_view();
    let title = chart.title.clone();
    view! {
        <figure class="chart" id=format!("chart-{}", chart.id) data-chart=chart.id.clone()>
            <canvas node_ref=canvas width=WIDTH height=height(&chart) role="img" aria-label=title></canvas>
            <figcaption>
                <ul class="notes">{notes}</ul>
                <div class="row tight export">
                    <span class="hint">"Save:"</span>
                    <button type="button" class="save-svg" on:click=move |_| save(&f_svg, "image/svg+xml", svg(&c_svg).map(String::into_bytes))>"SVG"</button>
                    <button type="button" class="save-png" on:click=move |_| {
                        let bytes = canvas.get_untracked().ok_or_else(|| "no canvas".to_owned()).and_then(|c| png_of(&c));
                        save(&f_png, "image/png", bytes)
                    }>"PNG"</button>
                    <button type="button" class="save-csv" on:click=move |_| save(&f_csv, "text/csv", Ok(crate::app::export::csv(&c_csv.table(), None).into_bytes()))>"numbers (CSV)"</button>
                    <button type="button" class="save-vot" on:click=move |_| {
                        let t = c_vot.table();
                        let bytes = crate::standards::votable::writer::write(&t, crate::standards::votable::Serialization::TableData, &[]);
                        save(&f_vot, "application/x-votable+xml", Ok(bytes))
                    }>"numbers (VOTable)"</button>
                </div>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </figcaption>
        </figure>
    }
}
