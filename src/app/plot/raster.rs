//! Points into an RGBA pixel buffer: the fast path for large results (one pass, no
//! per-point drawing call), density-shaded so that overlapping points stay readable.

#[derive(Clone, Debug)]
pub struct Raster {
    pub width: usize,
    pub height: usize,
    /// Hits per pixel, two layers: all rows, and selected rows.
    counts: Vec<u32>,
    selected: Vec<u32>,
}

/// A colour, RGB.
pub type Rgb = [u8; 3];

pub const POINT: Rgb = [31, 95, 191];
pub const SELECTED: Rgb = [220, 50, 32];

impl Raster {
    pub fn new(width: usize, height: usize) -> Raster {
        Raster {
            width,
            height,
            counts: vec![0; width * height],
            selected: vec![0; width * height],
        }
    }

    /// Adds a point at pixel (x, y) (fractional; outside is ignored), 2×2 pixels so single
    /// points remain visible; a selected one 4×4 around them, so that it stands out.
    #[inline]
    pub fn add(&mut self, x: f64, y: f64, selected: bool) {
        if !(x >= 0.0 && y >= 0.0) {
            return;
        }
        let (xi, yi) = (x as usize, y as usize);
        let (from, to) = if selected { (xi.min(1), 3) } else { (0, 2) };
        let (from_y, to_y) = if selected { (yi.min(1), 3) } else { (0, 2) };
        for (dx, dy) in (0..from + to).flat_map(|dx| (0..from_y + to_y).map(move |dy| (dx, dy))) {
            let (px, py) = (xi + dx - from, yi + dy - from_y);
            if px < self.width && py < self.height {
                let i = py * self.width + px;
                self.counts[i] = self.counts[i].saturating_add(1);
                if selected {
                    self.selected[i] = self.selected[i].saturating_add(1);
                }
            }
        }
    }

    /// A horizontal segment from x0 to x1 at y (for coverage plots).
    pub fn add_segment(&mut self, x0: f64, x1: f64, y: f64, selected: bool) {
        if y.is_nan() || y < 0.0 || y as usize >= self.height {
            return;
        }
        let (a, b) = if x0 <= x1 { (x0, x1) } else { (x1, x0) };
        let a = a.max(0.0) as usize;
        let b = (b.max(0.0) as usize).min(self.width.saturating_sub(1));
        let yi = y as usize;
        for x in a..=b.max(a) {
            if x < self.width {
                let i = yi * self.width + x;
                self.counts[i] = self.counts[i].saturating_add(1);
                if selected {
                    self.selected[i] = self.selected[i].saturating_add(1);
                }
            }
        }
    }

    /// Pixels with at least one point.
    pub fn covered(&self) -> usize {
        self.counts.iter().filter(|&&c| c > 0).count()
    }

    /// RGBA bytes: empty pixels transparent, others coloured with an opacity growing
    /// with the logarithm of the count; selected points drawn over in their colour.
    pub fn rgba(&self) -> Vec<u8> {
        let max = self.counts.iter().copied().max().unwrap_or(0).max(1) as f64;
        let lmax = (1.0 + max).ln();
        let mut out = vec![0u8; self.width * self.height * 4];
        for (i, (&c, &s)) in self.counts.iter().zip(&self.selected).enumerate() {
            if c == 0 {
                continue;
            }
            let (color, n) = if s > 0 { (SELECTED, s) } else { (POINT, c) };
            let alpha = 0.45 + 0.55 * ((1.0 + n as f64).ln() / lmax);
            let o = i * 4;
            out[o..o + 3].copy_from_slice(&color);
            out[o + 3] = (alpha.min(1.0) * 255.0) as u8;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_segments_and_colours() {
        let mut r = Raster::new(10, 5);
        r.add(2.2, 1.7, false);
        r.add(2.9, 1.1, true);
        r.add(-1.0, 1.0, false);
        r.add(f64::NAN, 1.0, false);
        // The plain point's 2×2 lie inside the selected one's 4×4 (x 1..=4, y 0..=3).
        assert_eq!(r.covered(), 16);
        r.add_segment(5.0, 9.5, 4.0, false);
        assert_eq!(r.covered(), 21);
        let px = r.rgba();
        let at = |x: usize, y: usize| &px[(y * 10 + x) * 4..(y * 10 + x) * 4 + 4];
        assert_eq!(&at(2, 1)[..3], &SELECTED);
        assert_eq!(at(0, 0)[3], 0);
        assert_eq!(&at(1, 0)[..3], &SELECTED);
        assert_eq!(at(5, 0)[3], 0);
        assert_eq!(&at(7, 4)[..3], &POINT);
    }
}
