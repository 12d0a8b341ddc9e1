//! The fixed-parameter numbers of issue 16's "command for checking the numbers": one
//! JSON object per event list, compared bit for bit (counts) and to 1e-9 (floats) with
//! an independent astropy + numpy computation (`tests/dl3/reference.py`).
//!
//! Each rule is the issue's, literally, and the code reuses the app's own binning
//! (`bins`, `counts_map`, `light_curve`), so the check covers what the view draws.

use serde::Serialize;

use super::bins::{BinOf, LogBins};
use super::counts_map::{CountsMap, MapGeometry, Projection};
use super::light_curve::{LightCurve, LightCurveConfig, RunTimes};
use super::EnergyRange;
use crate::standards::gadf::{DlRun, GadfError};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reference {
    pub obs_id: i64,
    /// Every row of EVENTS.
    pub n_events: usize,
    /// The EVENTS header's LIVETIME.
    pub livetime_s: f64,
    pub energy_hist: EnergyHist,
    pub counts_map: ReferenceMap,
    pub light_curve: ReferenceLightCurve,
    /// (START, STOP) of each GTI row.
    pub gti: Vec<[f64; 2]>,
    pub aeff_m2: AeffAt,
}

/// Edges 10^(−1 + k/8) TeV, k = 0…24; all events, no GTI cut.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EnergyHist {
    pub counts: Vec<u64>,
    pub n_below: u64,
    pub n_above: u64,
}

/// 40 × 40 pixels of 0.05° centred on the pointing, plate carrée; `pixels[iy][ix]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReferenceMap {
    pub pixels: Vec<Vec<u64>>,
}

/// 60 s bins from TSTART, GTI events only.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReferenceLightCurve {
    pub counts: Vec<u64>,
    pub n_outside_gti: u64,
}

/// EFFAREA at THETA index 0 in the bin ENERG_LO ≤ E < ENERG_HI.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AeffAt {
    #[serde(rename = "1")]
    pub at_1_tev: f64,
    #[serde(rename = "10")]
    pub at_10_tev: f64,
}

pub fn reference(run: &DlRun) -> Result<Reference, GadfError> {
    let ev = &run.events;

    let bins = LogBins::decades(-1, 3, 8);
    let mut energy_hist = EnergyHist {
        counts: vec![0; bins.n()],
        n_below: 0,
        n_above: 0,
    };
    for &e in &ev.energy {
        match bins.bin_of(e) {
            BinOf::Below => energy_hist.n_below += 1,
            BinOf::Above => energy_hist.n_above += 1,
            BinOf::In(k) => energy_hist.counts[k] += 1,
        }
    }

    let geometry = MapGeometry {
        centre_ra: ev.ra_pnt,
        centre_dec: ev.dec_pnt,
        nx: 40,
        ny: 40,
        bin_deg: 0.05,
        projection: Projection::PlateCarree,
    };
    let mut map = CountsMap::new(geometry, EnergyRange::default());
    map.fill(&ev.ra, &ev.dec, &ev.energy);

    let mut lc = LightCurve::new(LightCurveConfig {
        bin_s: 60.0,
        energy: EnergyRange::default(),
    });
    let times = RunTimes::of(run);
    lc.add_run(times, None, &ev.time, &ev.energy);

    let aeff = run.aeff.as_ref().ok_or_else(|| GadfError::MissingHdu {
        extname: "AEFF".into(),
    })?;
    let at = |e: f64| {
        aeff.energy
            .bin(e)
            .map(|ie| aeff.value(0, ie))
            .ok_or_else(|| GadfError::BadShape {
                extname: "AEFF".into(),
                column: "ENERG_LO".into(),
                cause: format!("no energy bin holds {e} TeV"),
            })
    };

    Ok(Reference {
        obs_id: ev.obs_id,
        n_events: ev.len(),
        livetime_s: ev.livetime,
        energy_hist,
        counts_map: ReferenceMap { pixels: map.rows() },
        light_curve: ReferenceLightCurve {
            counts: lc.counts(),
            n_outside_gti: lc.n_outside_gti,
        },
        gti: run.gti.intervals.iter().map(|&(a, b)| [a, b]).collect(),
        aeff_m2: AeffAt {
            at_1_tev: at(1.0)?,
            at_10_tev: at(10.0)?,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::quicklook::run_facts::tests::synthetic_run;
    use crate::standards::gadf::irf::Axis;
    use crate::standards::gadf::Aeff2d;

    #[test]
    fn follows_the_issue_rules_on_a_small_run() {
        let (t0, ra0, dec0): (f64, f64, f64) = (123890826.0, 83.633333333333, 21.514444444444);
        let cosd = dec0.to_radians().cos();
        let run = DlRun {
            aeff: Some(Aeff2d {
                energy: Axis {
                    lo: vec![0.9085177, 1.0000001, 10.000003],
                    hi: vec![1.0000001, 10.000003, 11.0],
                },
                theta: Axis {
                    lo: vec![0.0, 0.5],
                    hi: vec![0.0, 0.5],
                },
                values: vec![10.0, 20.0, 30.0, 1.0, 2.0, 3.0],
                lo_thres: Some(0.5),
                hi_thres: None,
            }),
            ..synthetic_run(
                // The first bin's start; a GTI event in bin 1; STOP itself (outside the GTI).
                vec![t0, t0 + 61.0, 123892513.0],
                // The centre; 0.999° east and south (the last and first pixels); 1.05° west (off the map).
                vec![ra0, ra0 + 0.999 / cosd, ra0 - 1.05 / cosd],
                vec![dec0, dec0 - 0.999, dec0],
                // 1 TeV opens bin 8; 100 TeV is in the closed last bin; 0.09 is below.
                vec![1.0, 100.0, 0.09],
            )
        };
        let r = reference(&run).unwrap();
        assert_eq!(r.n_events, 3);
        assert_eq!(r.energy_hist.counts[8], 1);
        assert_eq!(r.energy_hist.counts[23], 1);
        assert_eq!((r.energy_hist.n_below, r.energy_hist.n_above), (1, 0));
        assert_eq!(r.counts_map.pixels.len(), 40);
        assert_eq!(r.counts_map.pixels[20][20], 1);
        assert_eq!(r.counts_map.pixels[0][39], 1);
        assert_eq!(r.counts_map.pixels.iter().flatten().sum::<u64>(), 2);
        assert_eq!(r.light_curve.counts.len(), 29, "ceil(1687 / 60)");
        assert_eq!((r.light_curve.counts[0], r.light_curve.counts[1]), (1, 1));
        assert_eq!(r.light_curve.n_outside_gti, 1);
        assert_eq!(
            r.aeff_m2,
            AeffAt {
                at_1_tev: 10.0,
                at_10_tev: 20.0
            }
        );
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["aeff_m2"]["10"], 20.0);
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.len(), 8, "{keys:?}");

        let no_aeff = DlRun { aeff: None, ..run };
        assert!(reference(&no_aeff)
            .unwrap_err()
            .to_string()
            .contains("no AEFF HDU"));
    }
}
