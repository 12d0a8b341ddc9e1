//! Counts maps: events binned in square pixels of a projection centred on the target or
//! the pointing. The colour scale (log or linear) is the UI's business; this is counts.

use serde::Serialize;

use super::bins::LinearBins;
use super::sky::wrap_180;
use super::EnergyRange;
use crate::app::plot::projection::Projection as SkyProjection;

/// How sky positions become flat map coordinates (degrees, x towards +RA, y towards +Dec).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Projection {
    /// Gnomonic (tangent plane at the centre): straight great circles, true angles near
    /// the centre; what a camera sees.
    Tangent,
    /// Plate carrée with its standard parallel at the centre: x = wrap(RA − RA₀)·cos Dec₀,
    /// y = Dec − Dec₀. Cheap and exactly reproducible (the reference map).
    PlateCarree,
}

/// The map's pixel grid.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MapGeometry {
    pub centre_ra: f64,
    pub centre_dec: f64,
    pub nx: usize,
    pub ny: usize,
    /// Pixel size in degrees.
    pub bin_deg: f64,
    pub projection: Projection,
}

impl MapGeometry {
    /// The default quick-look map: 3° × 3° in 0.02° pixels (150 × 150), tangent plane.
    pub fn quicklook(centre_ra: f64, centre_dec: f64) -> MapGeometry {
        MapGeometry {
            centre_ra,
            centre_dec,
            nx: 150,
            ny: 150,
            bin_deg: 0.02,
            projection: Projection::Tangent,
        }
    }

    /// A square map `size_deg` wide in pixels of `bin_deg` (the size is rounded to a
    /// whole number of pixels, at least one), as the UI's size and bin controls give it.
    pub fn square(
        centre: (f64, f64),
        size_deg: f64,
        bin_deg: f64,
        projection: Projection,
    ) -> MapGeometry {
        let n = if size_deg > 0.0 && bin_deg > 0.0 {
            ((size_deg / bin_deg).round() as usize).clamp(1, 4096)
        } else {
            1
        };
        MapGeometry {
            centre_ra: centre.0,
            centre_dec: centre.1,
            nx: n,
            ny: n,
            bin_deg,
            projection,
        }
    }

    /// Sky position (RA, Dec) of map coordinates, for axis labels and hover readouts.
    pub fn unproject(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        match self.projection {
            Projection::PlateCarree => {
                let cos_dec0 = self.centre_dec.to_radians().cos();
                if cos_dec0 <= 0.0 {
                    return None;
                }
                Some((
                    (self.centre_ra + x / cos_dec0).rem_euclid(360.0),
                    self.centre_dec + y,
                ))
            }
            Projection::Tangent => SkyProjection::Tangent {
                lon0: self.centre_ra,
                lat0: self.centre_dec,
                half_width: 0.0,
            }
            .inverse(-x, y),
        }
    }

    /// Map coordinates of the centre of pixel (ix, iy).
    pub fn pixel_centre(&self, ix: usize, iy: usize) -> (f64, f64) {
        let (hx, hy) = self.half_size();
        (
            -hx + (ix as f64 + 0.5) * self.bin_deg,
            -hy + (iy as f64 + 0.5) * self.bin_deg,
        )
    }

    /// Half width and half height in degrees (n·bin/2).
    pub fn half_size(&self) -> (f64, f64) {
        (
            self.nx as f64 * self.bin_deg / 2.0,
            self.ny as f64 * self.bin_deg / 2.0,
        )
    }

    /// Map coordinates (degrees) of a sky position, or None behind the tangent plane.
    pub fn project(&self, ra: f64, dec: f64) -> Option<(f64, f64)> {
        match self.projection {
            Projection::PlateCarree => {
                let x = wrap_180(ra - self.centre_ra) * self.centre_dec.to_radians().cos();
                Some((x, dec - self.centre_dec))
            }
            Projection::Tangent => SkyProjection::Tangent {
                lon0: self.centre_ra,
                lat0: self.centre_dec,
                half_width: 0.0,
            }
            .forward(ra, dec)
            // The plot module draws east to the left; here x grows with RA.
            .map(|(x, y)| (-x, y)),
        }
    }

    /// (ix, iy) of a sky position: pixel index floor((v + half)/bin), the last pixel
    /// closed at +half so an event on the far edge is counted.
    pub fn pixel(&self, ra: f64, dec: f64) -> Option<(usize, usize)> {
        let (x, y) = self.project(ra, dec)?;
        let (hx, hy) = self.half_size();
        let ix = LinearBins::new(-hx, self.bin_deg, self.nx).index_closed(x, hx)?;
        let iy = LinearBins::new(-hy, self.bin_deg, self.ny).index_closed(y, hy)?;
        Some((ix, iy))
    }
}

/// Counts per pixel, `counts[iy * nx + ix]`, with the events that fell off the map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CountsMap {
    pub geometry: MapGeometry,
    pub energy: EnergyRange,
    pub counts: Vec<u64>,
    pub n_outside: u64,
}

impl CountsMap {
    pub fn new(geometry: MapGeometry, energy: EnergyRange) -> CountsMap {
        CountsMap {
            geometry,
            energy,
            counts: vec![0; geometry.nx * geometry.ny],
            n_outside: 0,
        }
    }

    /// Adds events (degrees, TeV) inside the energy range.
    pub fn fill(&mut self, ra: &[f64], dec: &[f64], energy: &[f64]) {
        let nx = self.geometry.nx;
        for ((&r, &d), &e) in ra.iter().zip(dec).zip(energy) {
            if !self.energy.contains(e) {
                continue;
            }
            match self.geometry.pixel(r, d) {
                Some((ix, iy)) => self.counts[iy * nx + ix] += 1,
                None => self.n_outside += 1,
            }
        }
    }

    pub fn get(&self, ix: usize, iy: usize) -> u64 {
        self.counts[iy * self.geometry.nx + ix]
    }

    /// Rows from the bottom (iy = 0, lowest Dec) up, each with ix growing with RA.
    pub fn rows(&self) -> Vec<Vec<u64>> {
        self.counts
            .chunks(self.geometry.nx)
            .map(|r| r.to_vec())
            .collect()
    }

    pub fn max(&self) -> u64 {
        self.counts.iter().copied().max().unwrap_or(0)
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference_geometry(ra: f64, dec: f64) -> MapGeometry {
        MapGeometry {
            centre_ra: ra,
            centre_dec: dec,
            nx: 40,
            ny: 40,
            bin_deg: 0.05,
            projection: Projection::PlateCarree,
        }
    }

    #[test]
    fn plate_carree_pixels_follow_the_rule_and_wrap_ra() {
        let g = reference_geometry(359.5, 0.0);
        assert_eq!(g.half_size(), (1.0, 1.0));
        // RA 0.22 is +0.72° east of 359.5: floor(1.72 / 0.05) = 34.
        assert_eq!(g.pixel(0.22, 0.0), Some((34, 20)));
        assert_eq!(g.pixel(358.6, -0.96), Some((2, 0)));
        // The far edges are in, just beyond them is out.
        assert_eq!(g.pixel(0.5, 1.0), Some((39, 39)));
        assert_eq!(g.pixel(359.5, 1.01), None);
        assert_eq!(g.pixel(0.6, 0.0), None);
        // cos(Dec0) shrinks RA differences: 1.8° of RA at Dec 60 is 0.9° of x.
        let g = reference_geometry(100.0, 60.0);
        assert_eq!(g.pixel(101.8, 60.0).map(|p| p.0), Some(37));
    }

    #[test]
    fn tangent_map_counts_and_clips() {
        let g = MapGeometry::quicklook(83.63, 22.01);
        assert_eq!(g.half_size(), (1.5, 1.5));
        // A point whose tangent-plane x is 0.51° east (the middle of pixel 100).
        let proj = SkyProjection::Tangent {
            lon0: 83.63,
            lat0: 22.01,
            half_width: 0.0,
        };
        let (east_ra, east_dec) = proj.inverse(-0.51, 0.0).unwrap();
        let ra = [83.63, east_ra, 83.63, 263.0, 83.63];
        let dec = [22.01, east_dec, 22.01 + 1.49, -22.0, 22.01];
        let e = [1.0, 1.0, 1.0, 1.0, 0.05];
        let mut m = CountsMap::new(
            g,
            EnergyRange {
                min_tev: 0.1,
                max_tev: f64::INFINITY,
            },
        );
        m.fill(&ra, &dec, &e);
        assert_eq!(m.get(75, 75), 1);
        assert_eq!(m.get(100, 75), 1);
        assert_eq!(m.get(75, 149), 1);
        assert_eq!(m.n_outside, 1, "the antipode is off the map");
        assert_eq!(m.total(), 3, "the 0.05 TeV event is below the cut");
        assert_eq!(m.rows().len(), 150);
    }

    #[test]
    fn pixel_centres_map_back_to_their_pixels() {
        for projection in [Projection::Tangent, Projection::PlateCarree] {
            let g = MapGeometry::square((359.8, -30.2), 2.0, 0.1, projection);
            assert_eq!((g.nx, g.ny), (20, 20));
            for (ix, iy) in [(0, 0), (19, 0), (7, 13), (19, 19)] {
                let (x, y) = g.pixel_centre(ix, iy);
                let (ra, dec) = g.unproject(x, y).unwrap();
                assert_eq!(
                    g.pixel(ra, dec),
                    Some((ix, iy)),
                    "{projection:?} ({ix},{iy}) at ({ra},{dec})"
                );
            }
        }
        assert_eq!(
            MapGeometry::square((0.0, 0.0), 0.0, 0.1, Projection::Tangent).nx,
            1
        );
    }
}
