//! What the instrument-response plots draw, from the run's own IRF HDUs: effective area
//! against energy per offset, the PSF containment radius against energy, the energy
//! dispersion as an image, and the background rate against energy.

use serde::Serialize;

use crate::standards::gadf::irf::Axis;
use crate::standards::gadf::{Aeff2d, Bkg3d, Edisp2d, PsfTable};

/// A(E) at one offset node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AeffCurve {
    pub theta_deg: f64,
    /// Geometric bin centres, TeV.
    pub energy_tev: Vec<f64>,
    pub area_m2: Vec<f64>,
}

/// One curve per offset node in the file.
pub fn aeff_curves(aeff: &Aeff2d) -> Vec<AeffCurve> {
    let energy_tev = aeff.energy.log_centres();
    (0..aeff.theta.len())
        .map(|it| AeffCurve {
            theta_deg: aeff.theta.lo[it],
            energy_tev: energy_tev.clone(),
            area_m2: aeff.curve(it).to_vec(),
        })
        .collect()
}

/// Containment radius against energy at one offset node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PsfCurve {
    pub theta_deg: f64,
    pub fraction: f64,
    pub energy_tev: Vec<f64>,
    /// Degrees; None where the table is empty (no events simulated there).
    pub radius_deg: Vec<Option<f64>>,
}

/// The radius holding `fraction` of the PSF at (offset node, energy bin): ∫ 2π r
/// RPSF(r) dr accumulated over the RAD bins (each bin's exact spherical ring area
/// 2π (cos lo − cos hi) times its value), normalised to the table's total, and
/// interpolated linearly in r² inside the bin where it is reached.
pub fn containment_radius(
    psf: &PsfTable,
    itheta: usize,
    ienergy: usize,
    fraction: f64,
) -> Option<f64> {
    let ring = |ir: usize| {
        let (lo, hi) = (psf.rad.lo[ir].to_radians(), psf.rad.hi[ir].to_radians());
        psf.value(ir, itheta, ienergy).max(0.0) * std::f64::consts::TAU * (lo.cos() - hi.cos())
    };
    let total: f64 = (0..psf.rad.len()).map(ring).sum();
    if total.is_nan() || total <= 0.0 {
        return None;
    }
    let need = fraction * total;
    let mut cum = 0.0;
    for ir in 0..psf.rad.len() {
        let part = ring(ir);
        if cum + part >= need && part > 0.0 {
            let (lo, hi) = (psf.rad.lo[ir], psf.rad.hi[ir]);
            let f = (need - cum) / part;
            return Some((lo * lo + f * (hi * hi - lo * lo)).sqrt());
        }
        cum += part;
    }
    psf.rad.hi.last().copied()
}

/// One containment curve per offset node (68% is the usual one).
pub fn psf_containment(psf: &PsfTable, fraction: f64) -> Vec<PsfCurve> {
    let energy_tev = psf.energy.log_centres();
    (0..psf.theta.len())
        .map(|it| PsfCurve {
            theta_deg: psf.theta.lo[it],
            fraction,
            energy_tev: energy_tev.clone(),
            radius_deg: (0..psf.energy.len())
                .map(|ie| containment_radius(psf, it, ie, fraction))
                .collect(),
        })
        .collect()
}

/// The energy-dispersion matrix at one offset: x = true energy, y = migra.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EdispImage {
    pub theta_deg: f64,
    pub energy_edges_tev: Vec<f64>,
    pub migra_edges: Vec<f64>,
    /// `values[imigra * n_energy + ienergy]`.
    pub values: Vec<f64>,
}

fn edges(axis: &Axis) -> Vec<f64> {
    let mut e = axis.lo.clone();
    e.extend(axis.hi.last());
    e
}

/// The image at offset node `itheta`, or None if there is no such node.
pub fn edisp_image(edisp: &Edisp2d, itheta: usize) -> Option<EdispImage> {
    if itheta >= edisp.theta.len() {
        return None;
    }
    let (ne, nm) = (edisp.energy.len(), edisp.migra.len());
    let mut values = Vec::with_capacity(ne * nm);
    for im in 0..nm {
        values.extend((0..ne).map(|ie| edisp.value(itheta, im, ie)));
    }
    Some(EdispImage {
        theta_deg: edisp.theta.lo[itheta],
        energy_edges_tev: edges(&edisp.energy),
        migra_edges: edges(&edisp.migra),
        values,
    })
}

/// The background model summed over the field of view.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BackgroundRate {
    pub energy_edges_tev: Vec<f64>,
    /// Differential rate, MeV⁻¹ s⁻¹, over the whole DETX × DETY grid.
    pub per_mev_s: Vec<f64>,
    /// Rate in each energy bin, s⁻¹ (differential × bin width in MeV).
    pub per_s: Vec<f64>,
}

/// Integrates BKG (MeV⁻¹ s⁻¹ sr⁻¹) over the grid's pixels, each ΔDETX × ΔDETY in
/// radians² (the field-of-view coordinates are flat to 0.1% over ±2.5°).
pub fn background_rate(bkg: &Bkg3d) -> BackgroundRate {
    let width = |a: &Axis, i: usize| (a.hi[i] - a.lo[i]).to_radians();
    let per_mev_s: Vec<f64> = (0..bkg.energy.len())
        .map(|ie| {
            let mut sum = 0.0;
            for iy in 0..bkg.dety.len() {
                for ix in 0..bkg.detx.len() {
                    sum += bkg.value(ie, iy, ix) * width(&bkg.detx, ix) * width(&bkg.dety, iy);
                }
            }
            sum
        })
        .collect();
    let per_s = per_mev_s
        .iter()
        .enumerate()
        .map(|(ie, r)| r * (bkg.energy.hi[ie] - bkg.energy.lo[ie]) * 1.0e6)
        .collect();
    BackgroundRate {
        energy_edges_tev: edges(&bkg.energy),
        per_mev_s,
        per_s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linear_axis(lo: f64, step: f64, n: usize) -> Axis {
        Axis {
            lo: (0..n).map(|i| lo + i as f64 * step).collect(),
            hi: (0..n).map(|i| lo + (i + 1) as f64 * step).collect(),
        }
    }

    fn nodes(v: &[f64]) -> Axis {
        Axis {
            lo: v.to_vec(),
            hi: v.to_vec(),
        }
    }

    #[test]
    fn gaussian_psf_has_the_gaussian_68_percent_radius() {
        // RPSF ∝ exp(−r²/2σ²): the fraction inside r is 1 − exp(−r²/2σ²), so the 68%
        // radius is σ·sqrt(−2 ln 0.32) = 1.5096 σ. Two energies with σ = 0.05° and 0.1°.
        let sigmas = [0.05, 0.1];
        let rad = linear_axis(0.0, 0.001, 800);
        let energy = linear_axis(1.0, 1.0, 2);
        let theta = nodes(&[0.0]);
        let mut rpsf = vec![0.0; 2 * 800];
        for ir in 0..800 {
            let r = (rad.lo[ir] + rad.hi[ir]) / 2.0;
            for (ie, s) in sigmas.iter().enumerate() {
                rpsf[ir * 2 + ie] = (-r * r / (2.0 * s * s)).exp();
            }
        }
        let psf = PsfTable {
            energy,
            theta,
            rad,
            rpsf,
        };
        let curves = psf_containment(&psf, 0.68);
        assert_eq!(curves.len(), 1);
        for (ie, s) in sigmas.iter().enumerate() {
            let r = curves[0].radius_deg[ie].unwrap();
            let want = s * (-2.0 * 0.32f64.ln()).sqrt();
            assert!((r - want).abs() < 1e-3 * want, "σ {s}: {r} vs {want}");
        }
        let empty = PsfTable {
            rpsf: vec![0.0; 1600],
            ..psf
        };
        assert_eq!(containment_radius(&empty, 0, 0, 0.68), None);
    }

    #[test]
    fn flat_background_integrates_to_rate_times_solid_angle() {
        let detx = linear_axis(-2.5, 0.1, 50);
        let dety = linear_axis(-2.5, 0.1, 50);
        let energy = Axis {
            lo: vec![1.0, 10.0],
            hi: vec![10.0, 100.0],
        };
        let bkg = Bkg3d {
            detx,
            dety,
            energy,
            bkg: vec![2.0e-9; 2 * 50 * 50],
        };
        let r = background_rate(&bkg);
        let omega = 5.0f64.to_radians().powi(2);
        assert!((r.per_mev_s[0] - 2.0e-9 * omega).abs() < 1e-12 * 2.0e-9 * omega * 1e3);
        // 1 to 10 TeV is 9e6 MeV.
        assert!((r.per_s[0] / (2.0e-9 * omega * 9.0e6) - 1.0).abs() < 1e-9);
        assert_eq!(r.energy_edges_tev, vec![1.0, 10.0, 100.0]);
    }

    #[test]
    fn aeff_and_edisp_views_take_the_right_slices() {
        // Values that encode their indices: A = 100·itheta + ienergy.
        let energy = linear_axis(1.0, 1.0, 3);
        let aeff = Aeff2d {
            energy: energy.clone(),
            theta: nodes(&[0.0, 0.5]),
            values: (0..6).map(|i| (100 * (i / 3) + i % 3) as f64).collect(),
            lo_thres: None,
            hi_thres: None,
        };
        let c = aeff_curves(&aeff);
        assert_eq!(c[1].theta_deg, 0.5);
        assert_eq!(c[1].area_m2, vec![100.0, 101.0, 102.0]);
        // EDISP value = 100·itheta + 10·imigra + ienergy, flat as the TDIM says.
        let (ne, nm, nt) = (3, 2, 2);
        let mut matrix = vec![0.0; ne * nm * nt];
        for it in 0..nt {
            for im in 0..nm {
                for ie in 0..ne {
                    matrix[(it * nm + im) * ne + ie] = (100 * it + 10 * im + ie) as f64;
                }
            }
        }
        let edisp = Edisp2d {
            energy,
            migra: linear_axis(0.2, 0.4, 2),
            theta: nodes(&[0.0, 1.0]),
            matrix,
        };
        let img = edisp_image(&edisp, 1).unwrap();
        assert_eq!(img.values, vec![100.0, 101.0, 102.0, 110.0, 111.0, 112.0]);
        assert_eq!(img.migra_edges.len(), 3);
        assert!(edisp_image(&edisp, 2).is_none());
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod release_tests {
    use super::*;

    fn crab_run() -> crate::standards::gadf::DlRun {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/hess-dl3-dr1/data/hess_dl3_dr1_obs_id_023523.fits.gz");
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        crate::standards::gadf::read_file_bytes(&bytes).unwrap()
    }

    /// The views of run 23523's IRFs are physically sensible: what an IACT's are.
    #[test]
    fn crab_run_responses_look_like_an_iact() {
        let run = crab_run();
        let aeff = aeff_curves(run.aeff.as_ref().unwrap());
        assert_eq!(aeff.len(), 6);
        // Effective area at ~1 TeV on axis: 10⁴–10⁶ m² (H.E.S.S. is ~10⁵).
        let i1 = aeff[0].energy_tev.iter().position(|&e| e > 1.0).unwrap();
        assert!(
            (1e4..1e6).contains(&aeff[0].area_m2[i1]),
            "{}",
            aeff[0].area_m2[i1]
        );

        let psf = psf_containment(run.psf.as_ref().unwrap(), 0.68);
        let i1 = psf[0].energy_tev.iter().position(|&e| e > 1.0).unwrap();
        let r68 = psf[0].radius_deg[i1].unwrap();
        assert!((0.04..0.2).contains(&r68), "R68 at 1 TeV on axis {r68}°");
        // Containment grows with the fraction.
        let r95 = containment_radius(run.psf.as_ref().unwrap(), 0, i1, 0.95).unwrap();
        assert!(r95 > r68);

        let img = edisp_image(run.edisp.as_ref().unwrap(), 0).unwrap();
        assert_eq!(img.values.len(), 96 * 160);
        // At 1 TeV, migra = E_reco/E_true peaks near 1.
        let ie = img.energy_edges_tev.iter().position(|&e| e > 1.0).unwrap();
        let column: Vec<f64> = (0..160).map(|im| img.values[im * 96 + ie]).collect();
        let peak = column
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|p| p.0)
            .unwrap();
        let migra = (img.migra_edges[peak] + img.migra_edges[peak + 1]) / 2.0;
        assert!((0.8..1.2).contains(&migra), "peak migra {migra}");

        // The background model's rate over the field is of the order of the run's
        // event rate (7613 events in 1582 s of livetime: 4.8 s⁻¹), which it dominates.
        let bkg = background_rate(run.bkg.as_ref().unwrap());
        let total: f64 = bkg.per_s.iter().sum();
        let observed = run.events.len() as f64 / run.events.livetime;
        assert!(
            total > observed / 3.0 && total < observed * 3.0,
            "model {total}/s, observed {observed}/s"
        );
    }
}
