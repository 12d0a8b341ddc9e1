//! Stacking runs one at a time: the counts map, θ² ON/OFF (α per run), spectrum, light
//! curve and totals of a selection of runs, so the page can read, add, draw and yield
//! between runs (progress, cancel) instead of holding every event list at once.

use serde::Serialize;

use super::counts_map::{CountsMap, MapGeometry};
use super::light_curve::{LightCurve, LightCurveConfig, RunTimes};
use super::regions::Regions;
use super::sky;
use super::spectrum::{Spectrum, SpectrumConfig};
use super::theta2::{Theta2, Theta2Config};
use super::EnergyRange;
use crate::standards::gadf::DlRun;

/// What to stack around. The defaults: a 3° × 3° tangent map in 0.02° pixels on the
/// target, θ² cut 0.0125 deg², 0.1–100 TeV in 8 bins per decade, 10-minute light-curve
/// bins, and runs pointed within 2.5° of the target (the H.E.S.S. field of view's
/// radius, beyond which the IRFs have no node).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StackConfig {
    pub target: (f64, f64),
    pub map: MapGeometry,
    pub map_energy: EnergyRange,
    pub theta2: Theta2Config,
    pub spectrum: SpectrumConfig,
    pub light_curve: LightCurveConfig,
    pub max_offset_deg: f64,
}

impl StackConfig {
    pub fn quicklook(target: (f64, f64)) -> StackConfig {
        StackConfig {
            target,
            map: MapGeometry::quicklook(target.0, target.1),
            map_energy: EnergyRange::default(),
            theta2: Theta2Config::default(),
            spectrum: SpectrumConfig::default(),
            light_curve: LightCurveConfig::default(),
            max_offset_deg: 2.5,
        }
    }
}

/// One run's contribution, for a per-run table and progress.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunSummary {
    pub obs_id: i64,
    pub n_events: usize,
    pub livetime_s: f64,
    pub offset_deg: f64,
    pub n_on: u64,
    pub n_off: u64,
    pub alpha: f64,
    pub excess: f64,
    pub significance: f64,
    /// Why the run has no θ², spectrum or ON/OFF light curve (its map and counts still count).
    pub no_on_off: Option<String>,
}

/// The stack so far.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stack {
    pub config: StackConfig,
    pub counts_map: CountsMap,
    pub theta2: Theta2,
    pub spectrum: Spectrum,
    pub light_curve: LightCurve,
    pub runs: Vec<RunSummary>,
    pub n_events: u64,
    pub livetime_s: f64,
}

impl Stack {
    pub fn new(config: StackConfig) -> Stack {
        Stack {
            counts_map: CountsMap::new(config.map, config.map_energy),
            theta2: Theta2::empty(&config.theta2),
            spectrum: Spectrum::empty(&config.spectrum),
            light_curve: LightCurve::new(config.light_curve),
            config,
            runs: Vec::new(),
            n_events: 0,
            livetime_s: 0.0,
        }
    }

    /// Adds one run and returns its summary.
    pub fn add(&mut self, run: &DlRun) -> &RunSummary {
        let ev = &run.events;
        let cfg = &self.config;
        self.counts_map.fill(&ev.ra, &ev.dec, &ev.energy);
        let offset_deg = sky::separation_deg(ev.ra_pnt, ev.dec_pnt, cfg.target.0, cfg.target.1);
        let regions = if offset_deg > cfg.max_offset_deg {
            Err(format!(
                "pointed {offset_deg:.2}° from the target, beyond {:.1}°",
                cfg.max_offset_deg
            ))
        } else {
            Regions::reflected(cfg.target, (ev.ra_pnt, ev.dec_pnt), cfg.theta2.radius_deg())
                .map_err(|e| e.to_string())
        };
        let times = RunTimes::of(run);
        let mut summary = RunSummary {
            obs_id: ev.obs_id,
            n_events: ev.len(),
            livetime_s: ev.livetime,
            offset_deg,
            n_on: 0,
            n_off: 0,
            alpha: 0.0,
            excess: 0.0,
            significance: 0.0,
            no_on_off: None,
        };
        match &regions {
            Ok(regs) => {
                // One direction and one region per event, shared by the three passes.
                let dirs = sky::directions(&ev.ra, &ev.dec);
                let classes = regs.classify_all(&dirs);
                let mut mine = Theta2::empty(&cfg.theta2);
                mine.fill(&cfg.theta2, regs, &dirs, &ev.energy);
                self.theta2.add(&mine);
                let threshold = run.aeff.as_ref().and_then(|a| a.lo_thres);
                self.spectrum
                    .fill(&classes, regs.alpha(), threshold, &ev.energy);
                self.light_curve.add_run(
                    times,
                    Some((&classes, regs.alpha())),
                    &ev.time,
                    &ev.energy,
                );
                summary.n_on = mine.n_on;
                summary.n_off = mine.n_off;
                summary.alpha = regs.alpha();
                summary.excess = mine.excess();
                summary.significance = mine.significance();
            }
            Err(why) => {
                self.light_curve.add_run(times, None, &ev.time, &ev.energy);
                summary.no_on_off = Some(why.clone());
            }
        }
        self.n_events += ev.len() as u64;
        self.livetime_s += ev.livetime;
        self.runs.push(summary);
        &self.runs[self.runs.len() - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::quicklook::run_facts::tests::synthetic_run;
    use crate::app::quicklook::sky::offset_by;

    #[test]
    fn two_runs_add_up_and_a_far_run_keeps_only_its_map() {
        let target = (83.633333333333, 22.014444444444);
        // 30 events on the Crab, 1 TeV, inside the GTI.
        let t0 = 123890826.0;
        let n = 30;
        let run = synthetic_run(
            (0..n).map(|i| t0 + i as f64).collect(),
            vec![target.0; n],
            (0..n).map(|i| target.1 + 0.001 * i as f64).collect(),
            vec![1.0; n],
        );
        let mut stack = Stack::new(StackConfig::quicklook(target));
        let first = stack.add(&run).clone();
        assert_eq!((first.n_on, first.n_off), (30, 0));
        assert!(first.significance > 5.0);
        stack.add(&run);
        assert_eq!(stack.theta2.n_on, 60);
        assert_eq!(stack.n_events, 60);
        assert_eq!(stack.spectrum.on[8], 60);
        assert_eq!(stack.counts_map.total(), 60);
        assert_eq!(
            stack.light_curve.bins.len(),
            6,
            "3 ten-minute bins per 1687 s run"
        );
        assert_eq!(stack.light_curve.bins[0].on, 30);

        // A run pointed 3° away: its events go on the map, not into θ².
        let mut far = run.clone();
        let (ra, dec) = offset_by(target.0, target.1, 90.0, 3.0);
        far.events.ra_pnt = ra;
        far.events.dec_pnt = dec;
        let s = stack.add(&far).clone();
        assert!(s.no_on_off.as_deref().unwrap().contains("3.00°"), "{s:?}");
        assert_eq!(stack.theta2.n_on, 60);
        assert_eq!(stack.counts_map.total(), 90);
        assert_eq!(stack.runs.len(), 3);
        assert!((stack.livetime_s - 3.0 * 1581.73681640625).abs() < 1e-9);
    }
}
