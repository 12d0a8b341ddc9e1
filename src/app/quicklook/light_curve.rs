//! Light curves: counts, and ON/OFF excess, per time bin, counting only events inside a
//! GTI, with each bin's livetime (its overlap with the GTIs times DEADC) so rates are
//! deadtime-corrected. Times are MET seconds (TT since MJDREF); see `met_time` for MJD
//! and UTC.

use serde::Serialize;

use super::bins::LinearBins;
use super::met_time;
use super::regions::Region;
use super::EnergyRange;
use crate::standards::gadf::DlRun;

/// Bin width and energy cut. The default, 10-minute bins, gives about three points per
/// 28-minute H.E.S.S. run, enough to see a flare without bins of a few counts.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LightCurveConfig {
    pub bin_s: f64,
    pub energy: EnergyRange,
}

impl Default for LightCurveConfig {
    fn default() -> Self {
        LightCurveConfig {
            bin_s: 600.0,
            energy: EnergyRange::default(),
        }
    }
}

/// One time bin.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LightCurveBin {
    /// MET seconds of the light curve's MJDREF.
    pub start_s: f64,
    pub stop_s: f64,
    /// Events inside a GTI (and the energy cut).
    pub counts: u64,
    /// Of those, in the ON region and in the OFF regions (zero without regions).
    pub on: u64,
    pub off: u64,
    /// α of the run the bin belongs to (0 without regions).
    pub alpha: f64,
    /// Time inside GTIs times DEADC, seconds.
    pub livetime_s: f64,
}

impl LightCurveBin {
    /// Counts per livetime second (0 for a bin with no GTI time).
    pub fn rate(&self) -> f64 {
        per_second(self.counts as f64, self.livetime_s)
    }

    pub fn excess(&self) -> f64 {
        self.on as f64 - self.alpha * self.off as f64
    }

    pub fn excess_rate(&self) -> f64 {
        per_second(self.excess(), self.livetime_s)
    }
}

fn per_second(n: f64, livetime_s: f64) -> f64 {
    if livetime_s > 0.0 {
        n / livetime_s
    } else {
        0.0
    }
}

/// One run's data for the light curve.
#[derive(Clone, Copy, Debug)]
pub struct RunTimes<'a> {
    pub tstart: f64,
    pub tstop: f64,
    /// (START, STOP) MET of each good time interval.
    pub gti: &'a [(f64, f64)],
    /// Live fraction, LIVETIME / ONTIME.
    pub deadc: f64,
    /// MJDREF of the run (days, TT), to shift its MET onto the light curve's.
    pub mjdref: f64,
}

impl<'a> RunTimes<'a> {
    /// The times of a DL3 run: its header's TSTART, TSTOP, DEADC, MJDREF and its GTIs.
    pub fn of(run: &'a DlRun) -> RunTimes<'a> {
        let ev = &run.events;
        RunTimes {
            tstart: ev.tstart,
            tstop: ev.tstop,
            gti: &run.gti.intervals,
            deadc: ev.deadc,
            mjdref: ev.mjdref(),
        }
    }
}

/// The bins of all runs added, in the order added, and the events not binned.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LightCurve {
    pub config: LightCurveConfig,
    /// MJDREF (TT) the bins' MET refer to: the first run's.
    pub mjdref: Option<f64>,
    pub bins: Vec<LightCurveBin>,
    /// Events with no GTI such that START ≤ TIME < STOP.
    pub n_outside_gti: u64,
    /// Events inside a GTI but outside [TSTART, TSTART + n·bin): only a file whose GTIs
    /// reach past TSTART..TSTOP has them.
    pub n_outside_bins: u64,
}

impl LightCurve {
    pub fn new(config: LightCurveConfig) -> LightCurve {
        LightCurve {
            config,
            mjdref: None,
            bins: Vec::new(),
            n_outside_gti: 0,
            n_outside_bins: 0,
        }
    }

    /// Adds a run: ceil((TSTOP − TSTART)/bin) bins from TSTART, bin k = floor((TIME − TSTART)/bin).
    /// With `on_off` (each event's region, see [`Regions::classify_all`], and the run's
    /// α), also the ON and OFF counts per bin.
    ///
    /// [`Regions::classify_all`]: super::regions::Regions::classify_all
    pub fn add_run(
        &mut self,
        run: RunTimes<'_>,
        on_off: Option<(&[Region], f64)>,
        time: &[f64],
        energy: &[f64],
    ) {
        let bin_s = self.config.bin_s;
        let n = if run.tstop > run.tstart && bin_s > 0.0 {
            ((run.tstop - run.tstart) / bin_s).ceil() as usize
        } else {
            0
        };
        let bins = LinearBins::new(run.tstart, bin_s, n);
        let shift = match self.mjdref {
            None => {
                self.mjdref = Some(run.mjdref);
                0.0
            }
            Some(m) => (run.mjdref - m) * 86400.0,
        };
        let alpha = on_off.map_or(0.0, |(_, a)| a);
        let first = self.bins.len();
        for k in 0..n {
            let (lo, hi) = (bins.edge(k), bins.edge(k + 1));
            let in_gti: f64 = run
                .gti
                .iter()
                .map(|&(start, stop)| (hi.min(stop) - lo.max(start)).max(0.0))
                .sum();
            self.bins.push(LightCurveBin {
                start_s: lo + shift,
                stop_s: hi + shift,
                counts: 0,
                on: 0,
                off: 0,
                alpha,
                livetime_s: in_gti * run.deadc,
            });
        }
        let mine = &mut self.bins[first..];
        for (i, &t) in time.iter().enumerate() {
            if !run.gti.iter().any(|&(start, stop)| start <= t && t < stop) {
                self.n_outside_gti += 1;
                continue;
            }
            if !energy
                .get(i)
                .is_some_and(|&e| self.config.energy.contains(e))
            {
                continue;
            }
            let Some(k) = bins.index(t) else {
                self.n_outside_bins += 1;
                continue;
            };
            let bin = &mut mine[k];
            bin.counts += 1;
            match on_off.and_then(|(classes, _)| classes.get(i)) {
                Some(Region::On) => bin.on += 1,
                Some(Region::Off(_)) => bin.off += 1,
                _ => {}
            }
        }
    }

    /// MJD (TT) of a MET of this light curve (None before the first run is added).
    pub fn mjd_tt(&self, met_s: f64) -> Option<f64> {
        let m = self.mjdref?;
        Some(met_time::met_to_mjd_tt(met_s, m.floor(), m - m.floor()))
    }

    /// MJD (UTC) of a MET of this light curve, for the UTC time axis.
    pub fn mjd_utc(&self, met_s: f64) -> Option<f64> {
        let m = self.mjdref?;
        met_time::met_to_mjd_utc(met_s, m.floor(), m - m.floor())
    }

    /// Counts per bin, for plots and the reference numbers.
    pub fn counts(&self) -> Vec<u64> {
        self.bins.iter().map(|b| b.counts).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(gti: &[(f64, f64)]) -> RunTimes<'_> {
        RunTimes {
            tstart: 1000.0,
            tstop: 1150.0,
            gti,
            deadc: 0.9,
            mjdref: 51910.0,
        }
    }

    #[test]
    fn only_events_inside_a_gti_are_binned() {
        let gti = [(1000.0, 1050.0), (1070.0, 1150.0)];
        let cfg = LightCurveConfig {
            bin_s: 60.0,
            ..Default::default()
        };
        let mut lc = LightCurve::new(cfg);
        // 1060 is in the gap, 1150 is on the last STOP (excluded), 999 before the start.
        let time = [
            1000.0, 1030.0, 1059.9, 1060.0, 1070.0, 1119.99, 1120.0, 1149.5, 1150.0, 999.0,
        ];
        let e = vec![1.0; time.len()];
        lc.add_run(run(&gti), None, &time, &e);
        assert_eq!(lc.bins.len(), 3, "ceil(150/60)");
        assert_eq!(lc.counts(), vec![2, 2, 2]);
        assert_eq!(lc.n_outside_gti, 4);
        assert_eq!(lc.n_outside_bins, 0);
        // Livetimes: bin 0 [1000,1060) has 50 s of GTI, bin 1 [1060,1120) 50 s, bin 2 [1120,1180) 30 s.
        let live: Vec<f64> = lc.bins.iter().map(|b| b.livetime_s).collect();
        for (got, want) in live.iter().zip([45.0, 45.0, 27.0]) {
            assert!((got - want).abs() < 1e-9, "{live:?}");
        }
        assert!((lc.bins[2].rate() - 2.0 / 27.0).abs() < 1e-12);
        // MJDREF 51910 (TT) + 1000 s, and 32.184 + 32 s earlier in UTC.
        let tt = lc.mjd_tt(1000.0).unwrap();
        assert!((tt - (51910.0 + 1000.0 / 86400.0)).abs() < 1e-10);
        let utc = lc.mjd_utc(1000.0).unwrap();
        assert!(
            ((tt - utc) * 86400.0 - 64.184).abs() < 1e-5,
            "{}",
            (tt - utc) * 86400.0
        );
    }

    #[test]
    fn later_runs_shift_onto_the_first_mjdref_and_count_on_off() {
        use crate::app::quicklook::regions::Regions;
        use crate::app::quicklook::sky::{directions, offset_by};
        let mut lc = LightCurve::new(LightCurveConfig {
            bin_s: 200.0,
            ..Default::default()
        });
        let gti = [(1000.0, 1150.0)];
        lc.add_run(run(&gti), None, &[], &[]);
        let regs = Regions::reflected(offset_by(10.0, 0.0, 0.0, 0.5), (10.0, 0.0), 0.1).unwrap();
        let (ra, dec) = (
            vec![regs.target.0, regs.off_centres[0].0],
            vec![regs.target.1, regs.off_centres[0].1],
        );
        let later = RunTimes {
            mjdref: 51911.0,
            ..run(&gti)
        };
        let classes = regs.classify_all(&directions(&ra, &dec));
        lc.add_run(
            later,
            Some((&classes, regs.alpha())),
            &[1001.0, 1002.0],
            &[1.0, 1.0],
        );
        assert_eq!(lc.bins.len(), 2);
        assert_eq!(lc.bins[1].start_s, 1000.0 + 86400.0);
        assert_eq!((lc.bins[1].on, lc.bins[1].off), (1, 1));
        assert!((lc.bins[1].excess() - (1.0 - regs.alpha())).abs() < 1e-15);
    }
}
