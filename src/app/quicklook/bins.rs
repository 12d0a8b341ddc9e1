//! Equal-width and log-spaced bins with the index rules written out, because the
//! quick-look numbers are compared bit for bit with an independent reference: a bin
//! index is `floor((v − lo) / width)`, computed exactly so, never by accumulation.

/// `n` bins of `width` from `lo`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinearBins {
    pub lo: f64,
    pub width: f64,
    pub n: usize,
}

impl LinearBins {
    pub fn new(lo: f64, width: f64, n: usize) -> LinearBins {
        LinearBins { lo, width, n }
    }

    /// The upper end, lo + n·width.
    pub fn hi(&self) -> f64 {
        self.lo + self.n as f64 * self.width
    }

    /// The left edge of bin `k`.
    pub fn edge(&self, k: usize) -> f64 {
        self.lo + k as f64 * self.width
    }

    pub fn edges(&self) -> Vec<f64> {
        (0..=self.n).map(|k| self.edge(k)).collect()
    }

    /// Bin k holds lo + k·w ≤ v < lo + (k+1)·w; values outside [lo, hi) have none.
    pub fn index(&self, v: f64) -> Option<usize> {
        let k = ((v - self.lo) / self.width).floor();
        if k >= 0.0 && k < self.n as f64 {
            Some(k as usize)
        } else {
            None
        }
    }

    /// As [`index`](Self::index), with the last bin closed: lo ≤ v ≤ hi all have a bin
    /// (v = hi, and a v just below hi whose quotient rounds up to n, go to the last).
    pub fn index_closed(&self, v: f64, hi: f64) -> Option<usize> {
        if !(v >= self.lo && v <= hi) || self.n == 0 {
            return None;
        }
        let k = ((v - self.lo) / self.width).floor();
        Some((k as usize).min(self.n - 1))
    }
}

/// Where a value falls in a set of bins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOf {
    Below,
    In(usize),
    Above,
}

/// Log-spaced bins: edge k = 10^(first_decade + k / per_decade), k = 0..=n.
#[derive(Clone, Debug, PartialEq)]
pub struct LogBins {
    edges: Vec<f64>,
}

impl LogBins {
    pub fn decades(first_decade: i32, n_decades: u32, per_decade: u32) -> LogBins {
        let n = n_decades * per_decade;
        let edges = (0..=n)
            .map(|k| 10f64.powf(first_decade as f64 + k as f64 / per_decade as f64))
            .collect();
        LogBins { edges }
    }

    /// Bins with the given ascending edges (at least two for one bin).
    pub fn from_edges(edges: Vec<f64>) -> LogBins {
        LogBins { edges }
    }

    pub fn edges(&self) -> &[f64] {
        &self.edges
    }

    pub fn n(&self) -> usize {
        self.edges.len().saturating_sub(1)
    }

    /// Bin k holds edge[k] ≤ v < edge[k+1]; the last bin is closed (v = last edge is in it).
    pub fn bin_of(&self, v: f64) -> BinOf {
        let (first, last) = match (self.edges.first(), self.edges.last()) {
            (Some(&a), Some(&b)) if self.edges.len() >= 2 => (a, b),
            _ => return BinOf::Below,
        };
        if v < first || v.is_nan() {
            BinOf::Below
        } else if v > last {
            BinOf::Above
        } else if v == last {
            BinOf::In(self.n() - 1)
        } else {
            BinOf::In(self.edges.partition_point(|&e| e <= v) - 1)
        }
    }

    /// Geometric centre of each bin.
    pub fn centres(&self) -> Vec<f64> {
        self.edges
            .windows(2)
            .map(|w| (w[0] * w[1]).sqrt())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_index_follows_the_floor_rule() {
        let b = LinearBins::new(-1.0, 0.05, 40);
        assert_eq!(b.hi(), 1.0);
        assert_eq!(b.index(-1.0), Some(0));
        assert_eq!(b.index(-0.95), Some(1));
        assert_eq!(b.index(0.999), Some(39));
        assert_eq!(b.index(1.0), None);
        assert_eq!(b.index_closed(1.0, 1.0), Some(39));
        assert_eq!(b.index_closed(1.0 - f64::EPSILON, 1.0), Some(39));
        assert_eq!(b.index_closed(1.0000001, 1.0), None);
        assert_eq!(b.index(-1.0000001), None);
        assert_eq!(b.index(f64::NAN), None);
    }

    #[test]
    fn log_bins_have_a_closed_last_bin() {
        let b = LogBins::decades(-1, 3, 8);
        assert_eq!(b.n(), 24);
        assert_eq!(b.edges()[0], 0.1);
        assert_eq!(b.edges()[8], 1.0);
        assert_eq!(b.edges()[24], 100.0);
        assert_eq!(b.bin_of(0.09999), BinOf::Below);
        assert_eq!(b.bin_of(0.1), BinOf::In(0));
        assert_eq!(b.bin_of(1.0), BinOf::In(8));
        assert_eq!(b.bin_of(0.99999), BinOf::In(7));
        assert_eq!(b.bin_of(100.0), BinOf::In(23));
        assert_eq!(b.bin_of(100.00001), BinOf::Above);
        let c = b.centres();
        assert!((c[8] - 10f64.powf(1.0 / 16.0)).abs() < 1e-12);
    }
}
