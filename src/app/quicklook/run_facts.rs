//! The facts of a run a user checks before trusting its plots: what was observed, where
//! the telescopes pointed, how high, for how long, with what dead time and GTIs.

use serde::Serialize;

use super::met_time;
use super::sky;
use crate::standards::gadf::DlRun;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunFacts {
    pub obs_id: i64,
    pub object: Option<String>,
    pub ra_pnt: f64,
    pub dec_pnt: f64,
    pub ra_obj: Option<f64>,
    pub dec_obj: Option<f64>,
    /// Target to pointing distance (the wobble offset), degrees.
    pub offset_deg: Option<f64>,
    pub zenith_deg: Option<f64>,
    pub alt_pnt: Option<f64>,
    pub az_pnt: Option<f64>,
    pub n_tels: Option<i64>,
    pub tstart_met: f64,
    pub tstop_met: f64,
    /// TSTART and TSTOP in UTC ("2004-12-04T22:07:06"), from MET and MJDREF (the
    /// headers' DATE-OBS/TIME-OBS strings are not used: DR1 writes them 64.184 s late).
    pub start_utc: Option<String>,
    pub stop_utc: Option<String>,
    pub mjdref: f64,
    pub timesys: Option<String>,
    pub ontime_s: Option<f64>,
    pub livetime_s: f64,
    pub deadc: f64,
    /// 1 − DEADC.
    pub deadtime_fraction: f64,
    pub gti: Vec<(f64, f64)>,
    pub gti_total_s: f64,
    pub n_events: usize,
    pub n_outside_gti: usize,
    /// AEFF's safe energy threshold, TeV.
    pub lo_thres_tev: Option<f64>,
    pub hi_thres_tev: Option<f64>,
}

pub fn run_facts(run: &DlRun) -> RunFacts {
    let ev = &run.events;
    let utc = |met: f64| met_time::met_to_utc_iso(met, ev.mjdref_int, ev.mjdref_frac);
    RunFacts {
        obs_id: ev.obs_id,
        object: ev.object.clone(),
        ra_pnt: ev.ra_pnt,
        dec_pnt: ev.dec_pnt,
        ra_obj: ev.ra_obj,
        dec_obj: ev.dec_obj,
        offset_deg: run
            .target()
            .map(|(ra, dec)| sky::separation_deg(ev.ra_pnt, ev.dec_pnt, ra, dec)),
        zenith_deg: ev.zenith_deg,
        alt_pnt: ev.alt_pnt,
        az_pnt: ev.az_pnt,
        n_tels: ev.n_tels,
        tstart_met: ev.tstart,
        tstop_met: ev.tstop,
        start_utc: utc(ev.tstart),
        stop_utc: utc(ev.tstop),
        mjdref: ev.mjdref(),
        timesys: ev.timesys.clone(),
        ontime_s: ev.ontime,
        livetime_s: ev.livetime,
        deadc: ev.deadc,
        deadtime_fraction: 1.0 - ev.deadc,
        gti: run.gti.intervals.clone(),
        gti_total_s: run.gti.duration(),
        n_events: ev.len(),
        n_outside_gti: ev.time.iter().filter(|&&t| !run.gti.contains(t)).count(),
        lo_thres_tev: run.aeff.as_ref().and_then(|a| a.lo_thres),
        hi_thres_tev: run.aeff.as_ref().and_then(|a| a.hi_thres),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::standards::gadf::{EventList, Gti};

    /// A small run as the GADF reader would give it, for tests of the views.
    pub(crate) fn synthetic_run(
        time: Vec<f64>,
        ra: Vec<f64>,
        dec: Vec<f64>,
        energy: Vec<f64>,
    ) -> DlRun {
        DlRun {
            events: EventList {
                obs_id: 23523,
                object: Some("Crab Nebula".into()),
                ra_pnt: 83.633333333333,
                dec_pnt: 21.514444444444,
                ra_obj: Some(83.633333333333),
                dec_obj: Some(22.014444444444),
                tstart: 123890826.0,
                tstop: 123892513.0,
                ontime: Some(1687.0),
                livetime: 1581.73681640625,
                deadc: 0.937603298574686,
                mjdref_int: 51910.0,
                mjdref_frac: 0.000742870370370241,
                timesys: Some("TT".into()),
                alt_pnt: Some(45.0),
                az_pnt: Some(180.0),
                zenith_deg: Some(45.0),
                n_tels: Some(4),
                time,
                ra,
                dec,
                energy,
            },
            gti: Gti {
                intervals: vec![(123890826.0, 123892513.0)],
            },
            aeff: None,
            edisp: None,
            psf: None,
            bkg: None,
        }
    }

    #[test]
    fn facts_of_a_run() {
        let run = synthetic_run(
            vec![123890826.0, 123892512.5, 123892513.2],
            vec![83.6; 3],
            vec![22.0; 3],
            vec![1.0; 3],
        );
        let f = run_facts(&run);
        assert!((f.offset_deg.unwrap() - 0.5).abs() < 1e-9);
        assert_eq!(f.start_utc.as_deref(), Some("2004-12-04T22:07:06"));
        assert_eq!(f.stop_utc.as_deref(), Some("2004-12-04T22:35:13"));
        assert_eq!(f.n_events, 3);
        assert_eq!(f.n_outside_gti, 1, "the event after STOP");
        assert_eq!(f.gti_total_s, 1687.0);
        assert!(
            (f.deadtime_fraction - 0.062396701425314).abs() < 1e-12,
            "1 − DEADC"
        );
    }
}
