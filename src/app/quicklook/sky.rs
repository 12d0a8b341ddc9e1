//! Small spherical geometry on (RA, Dec) in degrees: separations, position angles and
//! points at a given angle and distance, for the θ² regions and the run facts.
//!
//! Unit vectors are used for separations because the events are compared with the same
//! few centres many times: a vector per event is computed once, and each centre then
//! costs one subtraction and a dot product instead of a set of trigonometric calls.

/// A direction on the sky as a unit vector (x towards RA 0, z towards the north pole).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UnitVector(pub [f64; 3]);

impl UnitVector {
    pub fn from_radec(ra_deg: f64, dec_deg: f64) -> UnitVector {
        let (sa, ca) = ra_deg.to_radians().sin_cos();
        let (sd, cd) = dec_deg.to_radians().sin_cos();
        UnitVector([cd * ca, cd * sa, sd])
    }

    /// Squared chord length to `other` (0 to 4): monotonic in the angle, so cuts can
    /// be made on it without an inverse trigonometric function.
    pub fn chord2(&self, other: &UnitVector) -> f64 {
        let d0 = self.0[0] - other.0[0];
        let d1 = self.0[1] - other.0[1];
        let d2 = self.0[2] - other.0[2];
        d0 * d0 + d1 * d1 + d2 * d2
    }

    /// Angle to `other` in degrees, accurate at small angles (from the chord, not
    /// from an arccosine of a dot product near 1).
    pub fn separation_deg(&self, other: &UnitVector) -> f64 {
        chord2_to_deg(self.chord2(other))
    }
}

/// Unit vectors of events, computed once per run and shared by the θ², spectrum and
/// light-curve passes (the trigonometry is most of their cost).
pub fn directions(ra_deg: &[f64], dec_deg: &[f64]) -> Vec<UnitVector> {
    ra_deg
        .iter()
        .zip(dec_deg)
        .map(|(&r, &d)| UnitVector::from_radec(r, d))
        .collect()
}

/// The angle in degrees for a squared chord length.
pub fn chord2_to_deg(chord2: f64) -> f64 {
    (2.0 * (chord2.sqrt() / 2.0).min(1.0).asin()).to_degrees()
}

/// The squared chord length for an angle in degrees (the inverse of [`chord2_to_deg`]).
pub fn deg_to_chord2(angle_deg: f64) -> f64 {
    let c = 2.0 * (angle_deg.to_radians() / 2.0).sin();
    c * c
}

/// Angular distance in degrees between two positions.
pub fn separation_deg(ra1: f64, dec1: f64, ra2: f64, dec2: f64) -> f64 {
    UnitVector::from_radec(ra1, dec1).separation_deg(&UnitVector::from_radec(ra2, dec2))
}

/// Position angle of (ra2, dec2) seen from (ra1, dec1), degrees east of north, in [0, 360).
pub fn position_angle_deg(ra1: f64, dec1: f64, ra2: f64, dec2: f64) -> f64 {
    let (d1, d2) = (dec1.to_radians(), dec2.to_radians());
    let da = (ra2 - ra1).to_radians();
    let y = da.sin() * d2.cos();
    let x = d1.cos() * d2.sin() - d1.sin() * d2.cos() * da.cos();
    y.atan2(x).to_degrees().rem_euclid(360.0)
}

/// The point `sep_deg` away from (ra, dec) in the direction `pa_deg` (east of north).
pub fn offset_by(ra: f64, dec: f64, pa_deg: f64, sep_deg: f64) -> (f64, f64) {
    let (d, s, p) = (dec.to_radians(), sep_deg.to_radians(), pa_deg.to_radians());
    let sin_d2 = (d.sin() * s.cos() + d.cos() * s.sin() * p.cos()).clamp(-1.0, 1.0);
    let d2 = sin_d2.asin();
    let da = (p.sin() * s.sin() * d.cos()).atan2(s.cos() - d.sin() * sin_d2);
    ((ra + da.to_degrees()).rem_euclid(360.0), d2.to_degrees())
}

/// A difference of longitudes (each in [0, 360)) brought into [-180, 180).
///
/// Done with one exact subtraction or addition of 360 (Sterbenz: no rounding for
/// inputs in (-360, 360)) so that an independent implementation of the same rule
/// (the astropy reference) gets the same bits.
pub fn wrap_180(d: f64) -> f64 {
    if d >= 180.0 {
        d - 360.0
    } else if d < -180.0 {
        d + 360.0
    } else {
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separation_of_known_pairs() {
        assert!((separation_deg(0.0, 0.0, 90.0, 0.0) - 90.0).abs() < 1e-12);
        assert!((separation_deg(10.0, 89.0, 190.0, 89.0) - 2.0).abs() < 1e-9);
        // Across RA 0: 359.9 and 0.1 on the equator are 0.2 degrees apart.
        assert!((separation_deg(359.9, 0.0, 0.1, 0.0) - 0.2).abs() < 1e-9);
        // Small angles keep their precision: 1 arcsecond at Dec 60 along the meridian.
        let s = separation_deg(30.0, 60.0, 30.0, 60.0 + 1.0 / 3600.0);
        assert!((s * 3600.0 - 1.0).abs() < 1e-7, "{s}");
    }

    #[test]
    fn chord_and_angle_are_inverse() {
        for a in [0.0, 0.01, 0.5, 10.0, 179.0] {
            assert!((chord2_to_deg(deg_to_chord2(a)) - a).abs() < 1e-9, "{a}");
        }
    }

    #[test]
    fn offset_by_lands_at_the_asked_distance_and_angle() {
        for (ra, dec) in [(83.63, 22.01), (329.7, -30.2), (0.1, -89.0), (359.9, 45.0)] {
            for pa in [0.0, 45.0, 137.0, 270.0] {
                let (ra2, dec2) = offset_by(ra, dec, pa, 0.7);
                assert!((separation_deg(ra, dec, ra2, dec2) - 0.7).abs() < 1e-9);
                let back = position_angle_deg(ra, dec, ra2, dec2);
                let diff = wrap_180(back - pa);
                assert!(
                    diff.abs() < 1e-6,
                    "pa {pa} at ({ra},{dec}) came back as {back}"
                );
            }
        }
        // North from the equator is +Dec, east is +RA.
        let (ra, dec) = offset_by(100.0, 0.0, 0.0, 1.0);
        assert!((ra - 100.0).abs() < 1e-9 && (dec - 1.0).abs() < 1e-9);
        let (ra, dec) = offset_by(100.0, 0.0, 90.0, 1.0);
        assert!((ra - 101.0).abs() < 1e-9 && dec.abs() < 1e-9);
    }

    #[test]
    fn wrap_keeps_the_half_open_range() {
        assert_eq!(wrap_180(180.0), -180.0);
        assert_eq!(wrap_180(-180.0), -180.0);
        assert_eq!(wrap_180(359.5), -0.5);
        assert_eq!(wrap_180(-359.5), 0.5);
        assert_eq!(wrap_180(12.25), 12.25);
    }
}
