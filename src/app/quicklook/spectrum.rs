//! The counts spectrum: events per log-energy bin (TeV) in the ON region and in the OFF
//! regions scaled by α, with the run's safe threshold to draw beside it.

use serde::Serialize;

use super::bins::{BinOf, LogBins};
use super::regions::Region;

/// Log bins from 10^first_decade TeV over n_decades, per_decade per decade. The
/// default, 0.1 to 100 TeV in 8 bins per decade, covers what H.E.S.S. reconstructs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SpectrumConfig {
    pub first_decade: i32,
    pub n_decades: u32,
    pub per_decade: u32,
}

impl Default for SpectrumConfig {
    fn default() -> Self {
        SpectrumConfig {
            first_decade: -1,
            n_decades: 3,
            per_decade: 8,
        }
    }
}

impl SpectrumConfig {
    pub fn bins(&self) -> LogBins {
        LogBins::decades(self.first_decade, self.n_decades, self.per_decade)
    }
}

/// ON counts and α-scaled OFF counts per energy bin.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Spectrum {
    pub edges_tev: Vec<f64>,
    pub on: Vec<u64>,
    pub off: Vec<u64>,
    pub off_scaled: Vec<f64>,
    /// Events of the regions outside the energy range, below and above.
    pub n_below: u64,
    pub n_above: u64,
    /// The highest safe low-energy threshold of the runs added (AEFF `LO_THRES`), TeV.
    pub threshold_tev: Option<f64>,
}

impl Spectrum {
    pub fn empty(cfg: &SpectrumConfig) -> Spectrum {
        let bins = cfg.bins();
        let n = bins.n();
        Spectrum {
            edges_tev: bins.edges().to_vec(),
            on: vec![0; n],
            off: vec![0; n],
            off_scaled: vec![0.0; n],
            n_below: 0,
            n_above: 0,
            threshold_tev: None,
        }
    }

    /// Adds one run's events: their regions (see [`Regions::classify_all`]) and
    /// energies, the run's α and its threshold.
    pub fn fill(
        &mut self,
        classes: &[Region],
        alpha: f64,
        threshold_tev: Option<f64>,
        energy: &[f64],
    ) {
        let bins = LogBins::from_edges(self.edges_tev.clone());
        let mut off = vec![0u64; self.off.len()];
        for (&region, &e) in classes.iter().zip(energy) {
            if region == Region::Outside {
                continue;
            }
            match bins.bin_of(e) {
                BinOf::Below => self.n_below += 1,
                BinOf::Above => self.n_above += 1,
                BinOf::In(k) => match region {
                    Region::On => self.on[k] += 1,
                    _ => off[k] += 1,
                },
            }
        }
        for (k, n) in off.into_iter().enumerate() {
            self.off[k] += n;
            self.off_scaled[k] += alpha * n as f64;
        }
        if let Some(t) = threshold_tev {
            self.threshold_tev = Some(self.threshold_tev.map_or(t, |old: f64| old.max(t)));
        }
    }

    /// ON − α·OFF per bin.
    pub fn excess(&self) -> Vec<f64> {
        self.on
            .iter()
            .zip(&self.off_scaled)
            .map(|(&on, &off)| on as f64 - off)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::quicklook::regions::Regions;
    use crate::app::quicklook::sky::{directions, offset_by};

    #[test]
    fn on_and_off_events_land_in_their_energy_bins() {
        let pnt = (200.0, 10.0);
        let tgt = offset_by(pnt.0, pnt.1, 0.0, 0.7);
        let regs = Regions::reflected(tgt, pnt, 0.1).unwrap();
        let off0 = regs.off_centres[0];
        let ra = [tgt.0, tgt.0, off0.0, off0.0, pnt.0, tgt.0, tgt.0];
        let dec = [tgt.1, tgt.1, off0.1, off0.1, pnt.1, tgt.1, tgt.1];
        let energy = [1.0, 0.5, 1.0, 3.0, 1.0, 0.05, 150.0];
        let mut s = Spectrum::empty(&SpectrumConfig::default());
        let classes = regs.classify_all(&directions(&ra, &dec));
        s.fill(&classes, regs.alpha(), Some(0.4), &energy);
        s.fill(&[], regs.alpha(), Some(0.3), &[]);
        assert_eq!(s.on.iter().sum::<u64>(), 2);
        assert_eq!(s.on[8], 1, "1 TeV opens bin 8");
        assert_eq!(s.on[5], 1, "0.5 TeV: 10^(-1+5/8) = 0.42 ≤ 0.5 < 0.56");
        assert_eq!(
            s.off[8] + s.off[11],
            2,
            "1 TeV and 3 TeV (bin 11: 2.37 ≤ 3 < 3.16)"
        );
        assert!((s.off_scaled[11] - regs.alpha()).abs() < 1e-15);
        assert_eq!((s.n_below, s.n_above), (1, 1));
        assert_eq!(s.threshold_tev, Some(0.4));
        assert!((s.excess()[8] - (1.0 - regs.alpha())).abs() < 1e-15);
    }
}
