//! Histograms and axis ticks.

/// Bins over [min, max] (log-spaced when `log`), with counts of the values falling in.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    pub edges: Vec<f64>,
    pub counts: Vec<u64>,
    pub log: bool,
    /// Values outside the range or not representable (≤ 0 on a log axis), not counted.
    pub skipped: u64,
}

impl Histogram {
    pub fn new(values: &[f64], bins: usize, range: Option<(f64, f64)>, log: bool) -> Histogram {
        let bins = bins.clamp(1, 10_000);
        let usable = |v: &f64| v.is_finite() && (!log || *v > 0.0);
        let (lo, hi) = range.unwrap_or_else(|| {
            let mut lo = f64::INFINITY;
            let mut hi = f64::NEG_INFINITY;
            for v in values.iter().filter(|v| usable(v)) {
                lo = lo.min(*v);
                hi = hi.max(*v);
            }
            if !lo.is_finite() {
                (0.0, 1.0)
            } else if lo == hi {
                (lo - 0.5, hi + 0.5)
            } else {
                (lo, hi)
            }
        });
        let (a, b) = if log {
            (
                lo.max(f64::MIN_POSITIVE).log10(),
                hi.max(f64::MIN_POSITIVE).log10(),
            )
        } else {
            (lo, hi)
        };
        let width = (b - a) / bins as f64;
        let edges: Vec<f64> = (0..=bins)
            .map(|k| {
                let e = a + width * k as f64;
                if log {
                    10f64.powf(e)
                } else {
                    e
                }
            })
            .collect();
        let mut counts = vec![0u64; bins];
        let mut skipped = 0;
        for v in values {
            if !usable(v) {
                skipped += 1;
                continue;
            }
            let t = if log { v.log10() } else { *v };
            if t < a || t > b {
                skipped += 1;
                continue;
            }
            let k = (((t - a) / width) as usize).min(bins - 1);
            counts[k] += 1;
        }
        Histogram {
            edges,
            counts,
            log,
            skipped,
        }
    }

    /// Bins counted elsewhere (by a TAP service): `counts.len()` equal bins over
    /// [lo, hi], log-spaced when `log`.
    pub fn from_counts(lo: f64, hi: f64, counts: Vec<u64>, log: bool) -> Histogram {
        let n = counts.len().max(1);
        let (a, b) = if log {
            (lo.log10(), hi.log10())
        } else {
            (lo, hi)
        };
        let edges = (0..=n)
            .map(|k| {
                let e = a + (b - a) * k as f64 / n as f64;
                if log {
                    10f64.powf(e)
                } else {
                    e
                }
            })
            .collect();
        Histogram {
            edges,
            counts,
            log,
            skipped: 0,
        }
    }

    /// Bins with at least one value.
    pub fn occupied(&self) -> usize {
        self.counts.iter().filter(|&&c| c > 0).count()
    }

    pub fn max_count(&self) -> u64 {
        self.counts.iter().copied().max().unwrap_or(0)
    }

    /// The bin holding `v`, if any.
    pub fn bin_of(&self, v: f64) -> Option<usize> {
        let n = self.counts.len();
        if !(v >= self.edges[0] && v <= self.edges[n]) {
            return None;
        }
        Some(
            self.edges
                .partition_point(|e| *e <= v)
                .saturating_sub(1)
                .min(n - 1),
        )
    }
}

/// A number of bins that shows the shape of `n` values: about √n, 5 to 50.
pub fn auto_bins(n: usize) -> usize {
    ((n as f64).sqrt().ceil() as usize).clamp(5, 50)
}

/// Whether a histogram of these values (at [`auto_bins`], on the axis asked) shows
/// something: values in at least three bins. One bar says nothing about a column.
pub fn shows_shape(values: &[f64], log: bool) -> bool {
    let n = values.iter().filter(|v| v.is_finite()).count();
    n > 1 && Histogram::new(values, auto_bins(n), None, log).occupied() >= 3
}

/// Round tick values covering [min, max], about `n` of them.
pub fn ticks(min: f64, max: f64, n: usize) -> Vec<f64> {
    if !(min.is_finite() && max.is_finite()) || max <= min {
        return vec![min];
    }
    let step = super::projection::nice_step((max - min) / n.max(1) as f64);
    let mut t = (min / step).ceil() * step;
    let mut out = Vec::new();
    while t <= max + step * 1e-9 && out.len() < 100 {
        out.push(if t.abs() < step * 1e-9 { 0.0 } else { t });
        t += step;
    }
    out
}

/// Powers of ten within [min, max] (log axes).
pub fn log_ticks(min: f64, max: f64) -> Vec<f64> {
    if !(min > 0.0 && max > min) {
        return Vec::new();
    }
    let (a, b) = (min.log10().ceil() as i32, max.log10().floor() as i32);
    (a..=b).map(|k| 10f64.powi(k)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_and_log_bins() {
        let v: Vec<f64> = (0..100).map(|i| i as f64).collect();
        let h = Histogram::new(&v, 10, None, false);
        assert_eq!(h.counts, vec![10; 10]);
        assert_eq!(h.bin_of(99.0), Some(9));
        assert_eq!(h.bin_of(0.0), Some(0));
        let v = vec![0.1, 1.0, 10.0, 100.0, -5.0];
        let h = Histogram::new(&v, 3, Some((0.1, 100.0)), true);
        assert_eq!(h.counts, vec![1, 1, 2]);
        assert_eq!(h.skipped, 1);
        assert!((h.edges[1] - 1.0).abs() < 1e-9);
        // Counts from a service land on the same edges as counting here.
        let s = Histogram::from_counts(0.1, 100.0, vec![1, 1, 2], true);
        for (a, b) in s.edges.iter().zip(&h.edges) {
            assert!((a - b).abs() < 1e-9, "{a} {b}");
        }
    }

    #[test]
    fn default_binning_shows_a_shape() {
        assert_eq!(auto_bins(105), 11);
        assert_eq!(auto_bins(3), 5);
        assert_eq!(auto_bins(1_000_000), 50);
        // 104 runs of 28 min and one of 10 h: on a linear axis, one bar and one outlier.
        let mut v = vec![1687.0; 104];
        v.push(36000.0);
        assert!(!shows_shape(&v, false));
        let spread: Vec<f64> = (0..105).map(|k| 0.2 * 1.03f64.powi(k)).collect();
        assert!(shows_shape(&spread, true) && shows_shape(&spread, false));
    }

    #[test]
    fn tick_values() {
        assert_eq!(ticks(0.0, 10.0, 5), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(log_ticks(0.05, 200.0), vec![0.1, 1.0, 10.0, 100.0]);
    }
}
