//! Where a drawing put each row, in canvas pixels, and which rows a click or a dragged
//! box picks out of that: the plots' half of the selection shared with the table.

/// What a drawing leaves behind for selection.
#[derive(Clone, Debug, Default)]
pub struct Drawn {
    /// (row, pixel x, pixel y) for point plots.
    pub points: Vec<(u32, f32, f32)>,
    /// (row, x0, x1, y) segments for coverage plots.
    pub segments: Vec<(u32, f32, f32, f32)>,
    /// Histogram bins: (x0, x1, rows in the bin).
    pub bars: Vec<(f32, f32, Vec<u32>)>,
    /// Where the target mark was drawn, in canvas pixels.
    pub target: Option<(f64, f64)>,
    pub covered: usize,
    pub plotted: usize,
    pub ms: f64,
}

/// Pixels within which a click picks a point (squared distance).
const CLICK_REACH2: f64 = 36.0;

impl Drawn {
    /// The rows under a box from (x0, y0) to (x1, y1); a box under 3 pixels is a click,
    /// which picks the nearest point within 6 pixels or the segment under it. A histogram
    /// picks every row of the bins the box spans.
    pub fn pick(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<u32> {
        let (ax, bx) = (x0.min(x1), x0.max(x1));
        let (ay, by) = (y0.min(y1), y0.max(y1));
        if !self.bars.is_empty() {
            return self
                .bars
                .iter()
                .filter(|(a, b, _)| (*a as f64) <= bx && (*b as f64) >= ax)
                .flat_map(|(_, _, r)| r.iter().copied())
                .collect();
        }
        if (bx - ax) < 3.0 && (by - ay) < 3.0 {
            let nearest = self
                .points
                .iter()
                .map(|&(r, x, y)| (r, (x as f64 - ax).powi(2) + (y as f64 - ay).powi(2)))
                .filter(|(_, d2)| *d2 <= CLICK_REACH2)
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(r, _)| r);
            let seg = self
                .segments
                .iter()
                .find(|&&(_, a, b, y)| {
                    (a as f64 - 2.0) <= ax && (b as f64 + 2.0) >= ax && (y as f64 - ay).abs() <= 3.0
                })
                .map(|s| s.0);
            return nearest.or(seg).into_iter().collect();
        }
        let inside = |x: f64, y: f64| x >= ax && x <= bx && y >= ay && y <= by;
        let mut v: Vec<u32> = self
            .points
            .iter()
            .filter(|&&(_, x, y)| inside(x as f64, y as f64))
            .map(|p| p.0)
            .collect();
        v.extend(
            self.segments
                .iter()
                .filter(|&&(_, a, b, y)| {
                    (b as f64) >= ax && (a as f64) <= bx && (y as f64) >= ay && (y as f64) <= by
                })
                .map(|s| s.0),
        );
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_and_clicks_pick_rows() {
        let d = Drawn {
            points: vec![(0, 10.0, 10.0), (1, 50.0, 50.0), (2, 52.0, 49.0)],
            segments: vec![(7, 100.0, 200.0, 80.0)],
            ..Drawn::default()
        };
        assert_eq!(d.pick(40.0, 40.0, 60.0, 60.0), vec![1, 2]);
        assert_eq!(d.pick(150.0, 70.0, 160.0, 90.0), vec![7]);
        // A click: the nearest point within reach, else the segment under it, else none.
        assert_eq!(d.pick(51.6, 49.2, 51.6, 49.2), vec![2]);
        assert_eq!(d.pick(120.0, 81.0, 120.0, 81.0), vec![7]);
        assert!(d.pick(300.0, 300.0, 300.0, 300.0).is_empty());
        let h = Drawn {
            bars: vec![(0.0, 10.0, vec![3, 4]), (10.0, 20.0, vec![5])],
            ..Drawn::default()
        };
        assert_eq!(h.pick(12.0, 0.0, 15.0, 5.0), vec![5]);
        assert_eq!(h.pick(5.0, 0.0, 15.0, 5.0), vec![3, 4, 5]);
    }
}
