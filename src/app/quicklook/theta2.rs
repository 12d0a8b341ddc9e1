//! The θ² distribution: counts against the squared angular distance to the target (ON)
//! and to each reflected OFF centre, and the ON/OFF numbers for a θ² cut. A point
//! source shows as a peak at small θ² in ON above the flat OFF.

use serde::Serialize;

use super::bins::LinearBins;
use super::lima;
use super::regions::Regions;
use super::sky::{self, UnitVector};
use super::EnergyRange;

/// The θ² cut and histogram range. The defaults are the usual H.E.S.S. point-source
/// choices: a cut at 0.0125 deg² (θ < 0.11°, about the PSF's 68% radius at 1 TeV), and a
/// plot to 0.3 deg² in 30 bins of 0.01 deg².
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Theta2Config {
    pub theta2_cut_deg2: f64,
    pub theta2_max_deg2: f64,
    pub n_bins: usize,
    pub energy: EnergyRange,
}

impl Default for Theta2Config {
    fn default() -> Self {
        Theta2Config {
            theta2_cut_deg2: 0.0125,
            theta2_max_deg2: 0.3,
            n_bins: 30,
            energy: EnergyRange::default(),
        }
    }
}

impl Theta2Config {
    /// The ON (and OFF) region radius for the cut.
    pub fn radius_deg(&self) -> f64 {
        self.theta2_cut_deg2.sqrt()
    }

    pub fn bins(&self) -> LinearBins {
        LinearBins::new(0.0, self.theta2_max_deg2 / self.n_bins as f64, self.n_bins)
    }
}

/// θ² histograms and the counts inside the cut for one run (or, summed, a stack).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Theta2 {
    /// θ² bin edges, deg².
    pub edges_deg2: Vec<f64>,
    /// Events per θ² bin around the target.
    pub on: Vec<u64>,
    /// Events per θ² bin around the OFF centres, summed over them (not yet scaled).
    pub off: Vec<u64>,
    /// The OFF histogram scaled by α (per run, then summed: what the plot draws).
    pub off_scaled: Vec<f64>,
    /// Counts with θ² below the cut, around the target and in all OFF regions.
    pub n_on: u64,
    pub n_off: u64,
    /// α·N_off summed per run; with `n_off` it gives the stack's effective α.
    pub alpha_n_off: f64,
    pub n_off_regions: usize,
    /// Σ α over the runs added and their number: α when no run has OFF counts.
    pub alpha_sum: f64,
    pub n_runs: usize,
}

impl Theta2 {
    /// An empty result with the histogram shape of `cfg`, to be filled run by run.
    pub fn empty(cfg: &Theta2Config) -> Theta2 {
        Theta2 {
            edges_deg2: cfg.bins().edges(),
            on: vec![0; cfg.n_bins],
            off: vec![0; cfg.n_bins],
            off_scaled: vec![0.0; cfg.n_bins],
            n_on: 0,
            n_off: 0,
            alpha_n_off: 0.0,
            n_off_regions: 0,
            alpha_sum: 0.0,
            n_runs: 0,
        }
    }

    /// Fills the histograms from one run's event directions (see [`sky::directions`])
    /// and energies (TeV), with the regions of that run.
    pub fn fill(
        &mut self,
        cfg: &Theta2Config,
        regions: &Regions,
        dirs: &[UnitVector],
        energy: &[f64],
    ) {
        let bins = cfg.bins();
        let max_chord2 = sky::deg_to_chord2(cfg.theta2_max_deg2.sqrt()) * (1.0 + 1e-9);
        let cut_chord2 = sky::deg_to_chord2(cfg.radius_deg());
        let mut on = vec![0u64; self.on.len()];
        let mut off = vec![0u64; self.off.len()];
        let (mut n_on, mut n_off) = (0u64, 0u64);
        for (v, &e) in dirs.iter().zip(energy) {
            if !cfg.energy.contains(e) {
                continue;
            }
            let c2 = v.chord2(regions.on_vector());
            if c2 < max_chord2 {
                let t = sky::chord2_to_deg(c2);
                if let Some(k) = bins.index(t * t) {
                    on[k] += 1;
                }
                n_on += u64::from(c2 < cut_chord2);
            }
            for c in regions.off_vectors() {
                let c2 = v.chord2(c);
                if c2 < max_chord2 {
                    let t = sky::chord2_to_deg(c2);
                    if let Some(k) = bins.index(t * t) {
                        off[k] += 1;
                    }
                    n_off += u64::from(c2 < cut_chord2);
                }
            }
        }
        let alpha = regions.alpha();
        for k in 0..on.len() {
            self.on[k] += on[k];
            self.off[k] += off[k];
            self.off_scaled[k] += alpha * off[k] as f64;
        }
        self.n_on += n_on;
        self.n_off += n_off;
        self.alpha_n_off += alpha * n_off as f64;
        self.n_off_regions += regions.off_centres.len();
        self.alpha_sum += alpha;
        self.n_runs += 1;
    }

    /// Adds another run's (or stack's) result with the same binning.
    pub fn add(&mut self, other: &Theta2) {
        for k in 0..self.on.len().min(other.on.len()) {
            self.on[k] += other.on[k];
            self.off[k] += other.off[k];
            self.off_scaled[k] += other.off_scaled[k];
        }
        self.n_on += other.n_on;
        self.n_off += other.n_off;
        self.alpha_n_off += other.alpha_n_off;
        self.n_off_regions += other.n_off_regions;
        self.alpha_sum += other.alpha_sum;
        self.n_runs += other.n_runs;
    }

    /// α for the totals: Σ α_i N_off,i / Σ N_off,i (each run's α weighted by its OFF
    /// counts), which keeps α·N_off equal to the summed background estimate. With no
    /// OFF counts at all, the runs' mean α.
    pub fn alpha(&self) -> f64 {
        if self.n_off > 0 {
            self.alpha_n_off / self.n_off as f64
        } else if self.n_runs > 0 {
            self.alpha_sum / self.n_runs as f64
        } else {
            0.0
        }
    }

    pub fn excess(&self) -> f64 {
        self.n_on as f64 - self.alpha_n_off
    }

    /// Li & Ma eq. 17 significance for the cut.
    pub fn significance(&self) -> f64 {
        lima::significance(self.n_on as f64, self.n_off as f64, self.alpha())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::quicklook::sky::{offset_by, position_angle_deg};

    /// A synthetic run: a point source of `n_src` events at the target, all within
    /// 0.05° of it, and a ring of background events at 0.3° around every OFF centre
    /// and the target alike (so ON and OFF see the same background).
    #[test]
    fn point_source_shows_in_on_not_in_off() {
        let pnt = (120.0, -20.0);
        let tgt = offset_by(pnt.0, pnt.1, 30.0, 0.5);
        let cfg = Theta2Config::default();
        let regs = Regions::reflected(tgt, pnt, cfg.radius_deg()).unwrap();
        let (mut ra, mut dec) = (vec![], vec![]);
        // 40 source events at 0.02° and 0.04° (θ² 0.0004 and 0.0016: bin 0).
        for i in 0..40 {
            let (r, d) = offset_by(
                tgt.0,
                tgt.1,
                i as f64 * 9.0,
                if i % 2 == 0 { 0.02 } else { 0.04 },
            );
            ra.push(r);
            dec.push(d);
        }
        // Background: 3 events at 0.105° (θ² 0.011, inside the cut, bin 1) from every
        // centre, on its far side from the pointing (so no other centre is within 0.14°).
        let mut centres = vec![tgt];
        centres.extend(&regs.off_centres);
        for c in &centres {
            let outward = position_angle_deg(pnt.0, pnt.1, c.0, c.1);
            for pa in [-20.0, 0.0, 20.0] {
                let (r, d) = offset_by(c.0, c.1, outward + pa, 0.105);
                ra.push(r);
                dec.push(d);
            }
        }
        let energy = vec![1.0; ra.len()];
        let mut t = Theta2::empty(&cfg);
        t.fill(&cfg, &regs, &sky::directions(&ra, &dec), &energy);
        let n_regions = regs.off_centres.len() as u64;
        assert_eq!(t.n_on, 43);
        assert_eq!(t.n_off, 3 * n_regions);
        assert_eq!(t.on[0], 40);
        assert_eq!(t.on[1], 3);
        assert_eq!(t.off[0], 0);
        assert_eq!(t.off[1], 3 * n_regions);
        assert!((t.alpha() - 1.0 / n_regions as f64).abs() < 1e-15);
        assert!((t.excess() - 40.0).abs() < 1e-9);
        assert!((t.off_scaled[1] - 3.0).abs() < 1e-12);
        let s = t.significance();
        assert!(
            (s - lima::significance(43.0, 3.0 * n_regions as f64, 1.0 / n_regions as f64)).abs()
                < 1e-12
        );
        assert!(s > 5.0, "{s}");

        // An energy cut above the events' 1 TeV drops everything.
        let cut = Theta2Config {
            energy: EnergyRange {
                min_tev: 2.0,
                max_tev: f64::INFINITY,
            },
            ..cfg.clone()
        };
        let mut t = Theta2::empty(&cut);
        t.fill(&cut, &regs, &sky::directions(&ra, &dec), &energy);
        assert_eq!((t.n_on, t.n_off), (0, 0));
        assert_eq!(t.significance(), 0.0);
    }

    #[test]
    fn stacking_weights_alpha_by_off_counts() {
        let cfg = Theta2Config::default();
        let mut t = Theta2::empty(&cfg);
        // Run 1: 12 regions, 24 OFF counts; run 2: 6 regions, 30 OFF counts.
        t.n_off = 54;
        t.alpha_n_off = 24.0 / 12.0 + 30.0 / 6.0;
        t.n_on = 20;
        assert!((t.alpha() - 7.0 / 54.0).abs() < 1e-15);
        assert!((t.excess() - 13.0).abs() < 1e-12);
    }
}
