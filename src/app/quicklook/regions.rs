//! The ON region around the target and the reflected OFF regions around the pointing:
//! the standard IACT background estimate for wobble runs (Berge, Funk & Hinton 2007).
//!
//! The OFF regions have the ON region's radius and its offset from the pointing, and are
//! rotated around the pointing, so the acceptance of the camera (radially symmetric to
//! first order) is the same in each: the background per region is the same as in the ON
//! region, and α = 1 / (number of OFF regions).

use std::f64::consts::{PI, TAU};
use std::fmt;

use super::sky::{self, UnitVector};

/// Why no OFF regions can be placed for a target.
#[derive(Clone, Debug, PartialEq)]
pub enum RegionError {
    /// The ON region contains the pointing, so no rotated copy can miss it.
    TargetAtPointing { offset_deg: f64, radius_deg: f64 },
    /// The radius is not a positive number of degrees.
    BadRadius { radius_deg: f64 },
}

impl fmt::Display for RegionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegionError::TargetAtPointing { offset_deg, radius_deg } => write!(
                f,
                "the target is {offset_deg:.3}° from the pointing, not more than the ON radius {radius_deg:.3}°, so no reflected OFF region can avoid the ON region: choose a smaller θ² cut, or runs pointed off the target (wobble mode)"
            ),
            RegionError::BadRadius { radius_deg } => {
                write!(f, "the ON region radius must be a positive number of degrees, not {radius_deg}")
            }
        }
    }
}

impl std::error::Error for RegionError {}

/// Where an event falls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    On,
    /// In the OFF region with this index.
    Off(usize),
    Outside,
}

/// ON and reflected OFF regions for one run (one pointing).
#[derive(Clone, Debug, PartialEq)]
pub struct Regions {
    /// (RA, Dec) of the ON region centre, degrees.
    pub target: (f64, f64),
    pub pointing: (f64, f64),
    pub radius_deg: f64,
    /// Distance of the target (and every OFF centre) from the pointing.
    pub offset_deg: f64,
    /// (RA, Dec) of each OFF region centre.
    pub off_centres: Vec<(f64, f64)>,
    on_vec: UnitVector,
    off_vecs: Vec<UnitVector>,
    radius_chord2: f64,
}

impl Regions {
    /// Places as many OFF regions as fit: the first rotated just far enough from the ON
    /// region not to overlap it, the last as far on the other side, the rest spread
    /// evenly between (so no two OFF regions overlap either).
    pub fn reflected(
        target: (f64, f64),
        pointing: (f64, f64),
        radius_deg: f64,
    ) -> Result<Regions, RegionError> {
        if !(radius_deg > 0.0 && radius_deg < 90.0) {
            return Err(RegionError::BadRadius { radius_deg });
        }
        let offset_deg = sky::separation_deg(pointing.0, pointing.1, target.0, target.1);
        let too_close = RegionError::TargetAtPointing {
            offset_deg,
            radius_deg,
        };
        // Two centres at offset d rotated by φ around the pointing are s apart with
        // cos s = cos²d + sin²d cos φ; they do not overlap when s ≥ 2r.
        let d = offset_deg.to_radians();
        let (sd, cd) = d.sin_cos();
        if sd <= 0.0 {
            return Err(too_close);
        }
        let cos_phi_min = ((2.0 * radius_deg).to_radians().cos() - cd * cd) / (sd * sd);
        if cos_phi_min < -1.0 {
            return Err(too_close);
        }
        let phi_min = cos_phi_min.min(1.0).acos();
        if phi_min > PI || phi_min <= 0.0 {
            return Err(too_close);
        }
        let span = TAU - 2.0 * phi_min;
        // A hair of slack so that rounding does not drop a region that just fits.
        let n = ((span / phi_min) * (1.0 + 1e-12)).floor() as usize + 1;
        let step = if n > 1 { span / (n - 1) as f64 } else { 0.0 };
        let pa_target = sky::position_angle_deg(pointing.0, pointing.1, target.0, target.1);
        let off_centres: Vec<(f64, f64)> = (0..n)
            .map(|k| {
                let phi = if n > 1 { phi_min + k as f64 * step } else { PI };
                sky::offset_by(
                    pointing.0,
                    pointing.1,
                    pa_target + phi.to_degrees(),
                    offset_deg,
                )
            })
            .collect();
        let off_vecs = off_centres
            .iter()
            .map(|&(ra, dec)| UnitVector::from_radec(ra, dec))
            .collect();
        Ok(Regions {
            target,
            pointing,
            radius_deg,
            offset_deg,
            off_centres,
            on_vec: UnitVector::from_radec(target.0, target.1),
            off_vecs,
            radius_chord2: sky::deg_to_chord2(radius_deg),
        })
    }

    /// ON exposure over OFF exposure: one over the number of OFF regions.
    pub fn alpha(&self) -> f64 {
        1.0 / self.off_centres.len() as f64
    }

    pub fn on_vector(&self) -> &UnitVector {
        &self.on_vec
    }

    pub fn off_vectors(&self) -> &[UnitVector] {
        &self.off_vecs
    }

    /// The region of every event direction, in order.
    pub fn classify_all(&self, dirs: &[UnitVector]) -> Vec<Region> {
        dirs.iter().map(|v| self.classify(v)).collect()
    }

    /// Which region an event direction falls in (inside means closer than the radius).
    pub fn classify(&self, v: &UnitVector) -> Region {
        if v.chord2(&self.on_vec) < self.radius_chord2 {
            return Region::On;
        }
        match self
            .off_vecs
            .iter()
            .position(|c| v.chord2(c) < self.radius_chord2)
        {
            Some(i) => Region::Off(i),
            None => Region::Outside,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::quicklook::sky::separation_deg;

    fn check_geometry(target: (f64, f64), pointing: (f64, f64), r: f64) -> Regions {
        let regs = Regions::reflected(target, pointing, r).unwrap();
        assert!(!regs.off_centres.is_empty());
        for (i, &(ra, dec)) in regs.off_centres.iter().enumerate() {
            let off = separation_deg(pointing.0, pointing.1, ra, dec);
            assert!(
                (off - regs.offset_deg).abs() < 1e-9,
                "region {i} at offset {off}"
            );
            let to_on = separation_deg(target.0, target.1, ra, dec);
            assert!(
                to_on >= 2.0 * r - 1e-9,
                "region {i} overlaps ON: {to_on} < {}",
                2.0 * r
            );
            for &(ra2, dec2) in &regs.off_centres[i + 1..] {
                assert!(separation_deg(ra, dec, ra2, dec2) >= 2.0 * r - 1e-9);
            }
        }
        regs
    }

    #[test]
    fn wobble_half_degree_gives_the_usual_count() {
        // Crab wobble: 0.5° offset, θ² cut 0.0125 deg² (r = 0.1118°): sin(φ_min/2) ≈
        // sin r / sin d gives φ_min ≈ 25.84°, so floor((360 − 2·25.84)/25.84) + 1 = 12 regions.
        let pnt = (83.633333, 21.514444);
        let tgt = (83.633080, 22.014500);
        let regs = check_geometry(tgt, pnt, 0.0125f64.sqrt());
        assert_eq!(regs.off_centres.len(), 12);
        assert!((regs.alpha() - 1.0 / 12.0).abs() < 1e-15);
    }

    #[test]
    fn geometry_holds_near_the_pole_and_across_ra_zero() {
        check_geometry((0.2, -29.5), (359.8, -30.0), 0.15);
        check_geometry((10.0, 88.5), (190.0, 88.9), 0.1);
        // Large radius: φ_min ≈ 136° leaves room for one region, opposite the target.
        let regs = check_geometry((100.0, 0.7), (100.0, 0.0), 0.65);
        assert_eq!(regs.off_centres.len(), 1);
        let (ra, dec) = regs.off_centres[0];
        assert!((ra - 100.0).abs() < 1e-9 && (dec + 0.7).abs() < 1e-9);
    }

    #[test]
    fn target_on_the_pointing_is_refused_with_the_numbers() {
        let e = Regions::reflected((10.0, 10.05), (10.0, 10.0), 0.1).unwrap_err();
        assert!(matches!(e, RegionError::TargetAtPointing { .. }));
        assert!(e.to_string().contains("0.050°"), "{e}");
        assert!(Regions::reflected((1.0, 1.0), (0.0, 0.0), -0.1).is_err());
    }

    #[test]
    fn classify_finds_on_off_and_outside() {
        let regs = Regions::reflected((50.0, 0.5), (50.0, 0.0), 0.1).unwrap();
        let v = |ra, dec| UnitVector::from_radec(ra, dec);
        assert_eq!(regs.classify(&v(50.0, 0.55)), Region::On);
        let (ra, dec) = regs.off_centres[3];
        assert_eq!(regs.classify(&v(ra, dec + 0.01)), Region::Off(3));
        assert_eq!(regs.classify(&v(50.0, 0.0)), Region::Outside);
    }
}
