//! Sky projections: Hammer–Aitoff for the whole sky, gnomonic (tangent plane) for a
//! zoomed field. Longitude grows to the left, as on the sky seen from inside.

use std::f64::consts::{FRAC_PI_2, PI, SQRT_2};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Projection {
    /// The whole sky, centred on longitude `center` (degrees).
    Hammer { center: f64 },
    /// A tangent plane at (lon0, lat0), showing `half_width` degrees either side.
    Tangent {
        lon0: f64,
        lat0: f64,
        half_width: f64,
    },
}

impl Projection {
    /// Projected coordinates (x to the right, y up), or None if not visible.
    pub fn forward(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        match *self {
            Projection::Hammer { center } => {
                let mut l = (lon - center).to_radians();
                // Wrap to (-π, π]; east (positive l) to the left.
                l = (l + PI).rem_euclid(2.0 * PI) - PI;
                let b = lat.to_radians();
                let d = (1.0 + b.cos() * (l / 2.0).cos()).sqrt();
                let x = 2.0 * SQRT_2 * b.cos() * (l / 2.0).sin() / d;
                let y = SQRT_2 * b.sin() / d;
                Some((-x, y))
            }
            Projection::Tangent { lon0, lat0, .. } => {
                let (a, d) = (lon.to_radians(), lat.to_radians());
                let (a0, d0) = (lon0.to_radians(), lat0.to_radians());
                let cosc = d0.sin() * d.sin() + d0.cos() * d.cos() * (a - a0).cos();
                if cosc <= 1e-9 {
                    return None;
                }
                let x = d.cos() * (a - a0).sin() / cosc;
                let y = (d0.cos() * d.sin() - d0.sin() * d.cos() * (a - a0).cos()) / cosc;
                Some((-x.to_degrees(), y.to_degrees()))
            }
        }
    }

    /// Back from projected coordinates to (lon, lat), for clicks and boxes.
    pub fn inverse(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        match *self {
            Projection::Hammer { center } => {
                let x = -x;
                let z2 = 1.0 - (x / 4.0).powi(2) - (y / 2.0).powi(2);
                if z2 < 0.5 {
                    return None;
                }
                let z = z2.sqrt();
                let l = 2.0 * (z * x).atan2(2.0 * (2.0 * z2 - 1.0));
                let b = (z * y).clamp(-1.0, 1.0).asin();
                Some(((l.to_degrees() + center).rem_euclid(360.0), b.to_degrees()))
            }
            Projection::Tangent { lon0, lat0, .. } => {
                let (x, y) = ((-x).to_radians(), y.to_radians());
                let (a0, d0) = (lon0.to_radians(), lat0.to_radians());
                let rho = (x * x + y * y).sqrt();
                if rho < 1e-12 {
                    return Some((lon0, lat0));
                }
                let c = rho.atan();
                let d = (c.cos() * d0.sin() + y * c.sin() * d0.cos() / rho)
                    .clamp(-1.0, 1.0)
                    .asin();
                let a = a0 + (x * c.sin()).atan2(rho * d0.cos() * c.cos() - y * d0.sin() * c.sin());
                Some((a.to_degrees().rem_euclid(360.0), d.to_degrees()))
            }
        }
    }

    /// (x_min, x_max, y_min, y_max) of the visible area.
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        match *self {
            Projection::Hammer { .. } => (-2.0 * SQRT_2, 2.0 * SQRT_2, -SQRT_2, SQRT_2),
            Projection::Tangent { half_width, .. } => {
                (-half_width, half_width, -half_width, half_width)
            }
        }
    }

    /// Lines of the coordinate grid, each a polyline in projected coordinates.
    pub fn graticule(&self) -> Vec<Vec<(f64, f64)>> {
        self.grid().into_iter().map(|(_, l)| l).collect()
    }

    /// The grid lines with what they are: a meridian (longitude) or a parallel.
    pub fn grid(&self) -> Vec<(GridLine, Vec<(f64, f64)>)> {
        let mut lines = Vec::new();
        let (step_lon, step_lat, lon_range, lat_range) = match *self {
            Projection::Hammer { .. } => (30.0, 30.0, (0.0, 360.0), (-90.0, 90.0)),
            Projection::Tangent {
                lon0,
                lat0,
                half_width,
            } => {
                let step = nice_step(half_width / 2.0);
                let span = (half_width * 3.0 / lat0.to_radians().cos().max(0.05)).min(180.0);
                (
                    step,
                    step,
                    (lon0 - span, lon0 + span),
                    (
                        (lat0 - half_width * 1.5).max(-90.0),
                        (lat0 + half_width * 1.5).min(90.0),
                    ),
                )
            }
        };
        let mut lon = (lon_range.0 / step_lon).ceil() * step_lon;
        while lon <= lon_range.1 + 1e-9 {
            let line: Vec<(f64, f64)> = (0..=90)
                .filter_map(|k| {
                    let lat = lat_range.0 + (lat_range.1 - lat_range.0) * k as f64 / 90.0;
                    let lat = lat.clamp(
                        -FRAC_PI_2.to_degrees() + 1e-6,
                        FRAC_PI_2.to_degrees() - 1e-6,
                    );
                    self.forward(lon, lat)
                })
                .collect();
            if line.len() > 1 {
                lines.push((GridLine::Lon(lon.rem_euclid(360.0)), line));
            }
            lon += step_lon;
        }
        let mut lat = (lat_range.0 / step_lat).ceil() * step_lat;
        while lat <= lat_range.1 + 1e-9 {
            if lat.abs() < 90.0 - 1e-9 {
                let mut line = Vec::new();
                for k in 0..=180 {
                    let l = lon_range.0 + (lon_range.1 - lon_range.0) * k as f64 / 180.0;
                    // Split where the Hammer map wraps around.
                    if let (Projection::Hammer { center }, Some(_)) = (self, line.last()) {
                        let rel = ((l - center) + 180.0).rem_euclid(360.0);
                        if rel < (lon_range.1 - lon_range.0) / 180.0 {
                            if line.len() > 1 {
                                lines.push((GridLine::Lat(lat), std::mem::take(&mut line)));
                            } else {
                                line.clear();
                            }
                        }
                    }
                    if let Some(p) = self.forward(l, lat) {
                        line.push(p);
                    }
                }
                if line.len() > 1 {
                    lines.push((GridLine::Lat(lat), line));
                }
            }
            lat += step_lat;
        }
        lines
    }

    /// Tick labels of a tangent-plane map: where each meridian crosses the bottom edge
    /// (x, longitude) and each parallel the left edge (y, latitude). Empty all-sky.
    pub fn edge_ticks(&self) -> (Vec<Tick>, Vec<Tick>) {
        let Projection::Tangent { half_width: h, .. } = *self else {
            return (Vec::new(), Vec::new());
        };
        let (mut bottom, mut left) = (Vec::new(), Vec::new());
        for (what, line) in self.grid() {
            for w in line.windows(2) {
                let ((x0, y0), (x1, y1)) = (w[0], w[1]);
                match what {
                    GridLine::Lon(lon) if (y0 + h) * (y1 + h) <= 0.0 && y0 != y1 => {
                        let x = x0 + (x1 - x0) * (-h - y0) / (y1 - y0);
                        if x.abs() <= h {
                            bottom.push((x, lon));
                        }
                    }
                    GridLine::Lat(lat) if (x0 + h) * (x1 + h) <= 0.0 && x0 != x1 => {
                        let y = y0 + (y1 - y0) * (-h - x0) / (x1 - x0);
                        if y.abs() <= h {
                            left.push((y, lat));
                        }
                    }
                    _ => {}
                }
            }
        }
        (bottom, left)
    }

    /// The tangent plane that holds `points` (lon, lat) whole, centred on `centre` when
    /// given (the target), else on their mean direction; `None` when they spread over
    /// more than `max_half_width` degrees (an all-sky map shows them better).
    pub fn fit(
        points: &[(f64, f64)],
        centre: Option<(f64, f64)>,
        max_half_width: f64,
    ) -> Option<Projection> {
        if points.is_empty() {
            return None;
        }
        let (lon0, lat0) = centre.unwrap_or_else(|| mean_direction(points));
        let probe = Projection::Tangent {
            lon0,
            lat0,
            half_width: 90.0,
        };
        let mut far = 0.05f64;
        for &(l, b) in points {
            let (x, y) = probe.forward(l, b)?;
            far = far.max(x.abs()).max(y.abs());
        }
        let half_width = far * 1.1;
        (half_width <= max_half_width).then_some(Projection::Tangent {
            lon0,
            lat0,
            half_width,
        })
    }
}

/// A tick on a map's edge: (position along the edge, coordinate there), in degrees.
pub type Tick = (f64, f64);

/// A line of the coordinate grid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum GridLine {
    Lon(f64),
    Lat(f64),
}

/// The mean direction of (lon, lat) points in degrees.
pub fn mean_direction(points: &[(f64, f64)]) -> (f64, f64) {
    let (mut x, mut y, mut z) = (0.0, 0.0, 0.0);
    for &(l, b) in points {
        let (l, b) = (l.to_radians(), b.to_radians());
        x += b.cos() * l.cos();
        y += b.cos() * l.sin();
        z += b.sin();
    }
    (
        y.atan2(x).to_degrees().rem_euclid(360.0),
        z.atan2((x * x + y * y).sqrt()).to_degrees(),
    )
}

/// A round step (1, 2, 5 × 10^k) near `approx`.
pub fn nice_step(approx: f64) -> f64 {
    if !approx.is_finite() || approx <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(approx.log10().floor());
    let m = approx / p;
    let m = if m < 1.5 {
        1.0
    } else if m < 3.5 {
        2.0
    } else if m < 7.5 {
        5.0
    } else {
        10.0
    };
    m * p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hammer_round_trip_and_orientation() {
        let p = Projection::Hammer { center: 0.0 };
        for (lon, lat) in [(10.0, 20.0), (200.0, -45.0), (359.0, 80.0), (90.0, 0.0)] {
            let (x, y) = p.forward(lon, lat).unwrap();
            let (l, b) = p.inverse(x, y).unwrap();
            let dl = ((l - lon + 180.0).rem_euclid(360.0) - 180.0).abs();
            assert!(
                dl < 1e-6 && (b - lat).abs() < 1e-6,
                "{lon},{lat} -> {l},{b}"
            );
        }
        // East (larger longitude) is to the left.
        assert!(p.forward(30.0, 0.0).unwrap().0 < p.forward(10.0, 0.0).unwrap().0);
        let (x0, x1, y0, y1) = p.bounds();
        let (x, y) = p.forward(179.9, 0.0).unwrap();
        assert!(x >= x0 - 1e-9 && x <= x1 + 1e-9 && y >= y0 && y <= y1);
    }

    #[test]
    fn tangent_round_trip() {
        let p = Projection::Tangent {
            lon0: 83.633,
            lat0: 22.0145,
            half_width: 3.0,
        };
        assert_eq!(
            p.forward(83.633, 22.0145)
                .map(|(x, y)| (x.abs() < 1e-9, y.abs() < 1e-9)),
            Some((true, true))
        );
        let (x, y) = p.forward(84.633, 23.0).unwrap();
        assert!(x < 0.0 && y > 0.0);
        let (l, b) = p.inverse(x, y).unwrap();
        assert!((l - 84.633).abs() < 1e-6 && (b - 23.0).abs() < 1e-6);
        assert_eq!(p.forward(263.633, -22.0), None);
    }

    #[test]
    fn a_small_field_gets_a_tangent_plane_with_edge_ticks_that_say_their_coordinates() {
        // Four pointings 0.5° around the Crab: a tangent plane about 0.55° wide each side.
        let crab = (83.633, 22.0145);
        let pts = [
            (83.09, 22.01),
            (84.17, 22.01),
            (83.63, 22.51),
            (83.63, 21.51),
        ];
        let p = Projection::fit(&pts, Some(crab), 30.0).unwrap();
        let Projection::Tangent {
            lon0, half_width, ..
        } = p
        else {
            unreachable!()
        };
        assert_eq!(lon0, 83.633);
        assert!(half_width > 0.5 && half_width < 0.7, "{half_width}");
        for &(l, b) in &pts {
            let (x, y) = p.forward(l, b).unwrap();
            assert!(x.abs() <= half_width && y.abs() <= half_width);
        }
        let (bottom, left) = p.edge_ticks();
        assert!(bottom.len() >= 2 && left.len() >= 2, "{bottom:?} {left:?}");
        // Each tick is where its coordinate really is on the edge.
        for (x, lon) in bottom {
            let (l, _) = p.inverse(x, -half_width).unwrap();
            assert!((l - lon).abs() < 1e-3, "{l} {lon}");
        }
        for (y, lat) in left {
            let (_, b) = p.inverse(-half_width, y).unwrap();
            assert!((b - lat).abs() < 1e-3, "{b} {lat}");
        }
        // Spread over the sky: no tangent plane.
        assert_eq!(
            Projection::fit(&[(0.0, 0.0), (180.0, 10.0)], None, 30.0),
            None
        );
        let (l, b) = mean_direction(&[(359.0, 1.0), (1.0, -1.0)]);
        assert!((l.min(360.0 - l)).abs() < 1e-9 && b.abs() < 1e-9, "{l} {b}");
    }

    #[test]
    fn graticule_has_lines() {
        assert!(Projection::Hammer { center: 0.0 }.graticule().len() >= 15);
        assert!(
            Projection::Tangent {
                lon0: 10.0,
                lat0: 5.0,
                half_width: 2.0
            }
            .graticule()
            .len()
                >= 4
        );
        assert_eq!(nice_step(0.7), 0.5);
        assert_eq!(nice_step(3.0), 2.0);
    }
}
