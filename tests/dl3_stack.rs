#![cfg(not(target_arch = "wasm32"))]
//! The quick-look's science on real H.E.S.S. DL3 DR1 runs with the default parameters:
//! the Crab is detected in the stack of its four runs, and empty fields are not.

use std::path::Path;

use voscope::app::quicklook::stack::{Stack, StackConfig};
use voscope::standards::gadf::DlRun;

fn run(obs_id: &str) -> DlRun {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/hess-dl3-dr1/data")
        .join(format!("hess_dl3_dr1_obs_id_{obs_id}.fits.gz"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    voscope::standards::gadf::read_file_bytes(&bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_crab_stack_is_a_detection() {
    let runs: Vec<DlRun> = ["023523", "023526", "023559", "023592"]
        .iter()
        .map(|id| run(id))
        .collect();
    let target = runs[0].target().expect("RA_OBJ/DEC_OBJ");
    let mut stack = Stack::new(StackConfig::quicklook(target));
    for r in &runs {
        let s = stack.add(r);
        assert!(
            s.no_on_off.is_none(),
            "run {} has no OFF regions: {:?}",
            s.obs_id,
            s.no_on_off
        );
        // Wobble offsets of 0.5° and 1.5° (FORMAT of obs-index): 12 and 41 OFF regions.
        assert!(s.alpha > 0.0 && s.alpha <= 1.0 / 12.0, "{s:?}");
        assert!(s.significance > 5.0, "run {}: {s:?}", s.obs_id);
    }
    let t = &stack.theta2;
    assert!(
        t.excess() > 0.5 * t.n_on as f64,
        "the Crab dominates its ON region: {t:?}"
    );
    assert!(
        t.significance() > 5.0,
        "stacked Li & Ma σ {}",
        t.significance()
    );
    // The excess is concentrated at small θ²: the first bin (θ² < 0.01) holds most of it.
    let excess0 = t.on[0] as f64 - t.off_scaled[0];
    assert!(excess0 > 0.6 * t.excess(), "{excess0} of {}", t.excess());
    // And on the map: the brightest pixel is within 0.1° of the Crab (the map is centred on it).
    let m = &stack.counts_map;
    let (imax, _) = m
        .counts
        .iter()
        .enumerate()
        .max_by_key(|&(_, c)| *c)
        .unwrap_or((0, &0));
    let (ix, iy) = (imax % m.geometry.nx, imax / m.geometry.nx);
    let (cx, cy) = (m.geometry.nx as f64 / 2.0, m.geometry.ny as f64 / 2.0);
    let dist_deg = ((ix as f64 + 0.5 - cx).hypot(iy as f64 + 0.5 - cy)) * m.geometry.bin_deg;
    assert!(dist_deg < 0.1, "brightest pixel {dist_deg}° from the Crab");
    // The spectrum holds the ON events of 0.1–100 TeV (nearly all); the light curve the
    // ON events inside GTIs.
    let spectrum_on: u64 = stack.spectrum.on.iter().sum();
    assert!(
        spectrum_on <= t.n_on && spectrum_on as f64 > 0.9 * t.n_on as f64,
        "{spectrum_on} of {}",
        t.n_on
    );
    assert_eq!(
        stack.light_curve.bins.iter().map(|b| b.on).sum::<u64>(),
        t.n_on - off_gti_on(&runs, &stack)
    );
    assert!(stack
        .spectrum
        .threshold_tev
        .is_some_and(|e| e > 0.1 && e < 2.0));
}

/// ON events outside the GTIs (the light curve drops them, θ² does not).
fn off_gti_on(runs: &[DlRun], stack: &Stack) -> u64 {
    let target = stack.config.target;
    let r2 = stack.config.theta2.theta2_cut_deg2;
    runs.iter()
        .flat_map(|r| {
            let ev = &r.events;
            (0..ev.len()).filter(move |&i| {
                !r.gti.contains(ev.time[i])
                    && voscope::app::quicklook::sky::separation_deg(
                        ev.ra[i], ev.dec[i], target.0, target.1,
                    )
                    .powi(2)
                        < r2
            })
        })
        .count() as u64
}

#[test]
fn empty_fields_are_not_detections() {
    // "Off data" runs (obs-index TARGET_NAME), each around its own nominal target.
    let ids = [
        "020275", "020339", "020734", "020915", "021613", "021753", "021807", "021824", "021851",
        "022022",
    ];
    let mut sum = 0.0;
    for id in ids {
        let r = run(id);
        let mut stack = Stack::new(StackConfig::quicklook(r.target().expect("RA_OBJ/DEC_OBJ")));
        let s = stack.add(&r).clone();
        assert!(s.no_on_off.is_none(), "{id}: {:?}", s.no_on_off);
        assert!(s.significance.abs() < 4.0, "{id}: {s:?}");
        sum += s.significance;
    }
    // Ten unit-variance draws: their mean is within ±1.3 (4σ of 1/sqrt(10)).
    assert!(
        (sum / ids.len() as f64).abs() < 1.3,
        "mean σ {}",
        sum / ids.len() as f64
    );
}
