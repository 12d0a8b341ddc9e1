//! Mission elapsed time (MET: seconds of TT since the file's MJDREF) to MJD in TT and
//! to UTC, for the light curve's time axis.
//!
//! UTC = TT − 32.184 s − (TAI − UTC), and TAI − UTC grows by one leap second at the
//! dates of [`LEAP_SECONDS`]. The H.E.S.S. DR1 runs fall between 2004 and 2008, with the
//! leap second of 2006-01-01 between them; the table goes from 1972 so any GADF file's
//! MJDREF (CTAO, MAGIC, VERITAS use other epochs) converts right.

/// TT − TAI, fixed by definition.
pub const TT_MINUS_TAI_S: f64 = 32.184;

/// (MJD of the UTC day it takes effect, TAI − UTC in seconds from then on), IERS
/// Bulletin C. No leap second has been announced after 2017-01-01.
pub const LEAP_SECONDS: [(f64, f64); 28] = [
    (41317.0, 10.0), // 1972-01-01
    (41499.0, 11.0), // 1972-07-01
    (41683.0, 12.0), // 1973-01-01
    (42048.0, 13.0), // 1974-01-01
    (42413.0, 14.0), // 1975-01-01
    (42778.0, 15.0), // 1976-01-01
    (43144.0, 16.0), // 1977-01-01
    (43509.0, 17.0), // 1978-01-01
    (43874.0, 18.0), // 1979-01-01
    (44239.0, 19.0), // 1980-01-01
    (44786.0, 20.0), // 1981-07-01
    (45151.0, 21.0), // 1982-07-01
    (45516.0, 22.0), // 1983-07-01
    (46247.0, 23.0), // 1985-07-01
    (47161.0, 24.0), // 1988-01-01
    (47892.0, 25.0), // 1990-01-01
    (48257.0, 26.0), // 1991-01-01
    (48804.0, 27.0), // 1992-07-01
    (49169.0, 28.0), // 1993-07-01
    (49534.0, 29.0), // 1994-07-01
    (50083.0, 30.0), // 1996-01-01
    (50630.0, 31.0), // 1997-07-01
    (51179.0, 32.0), // 1999-01-01
    (53736.0, 33.0), // 2006-01-01
    (54832.0, 34.0), // 2009-01-01
    (56109.0, 35.0), // 2012-07-01
    (57204.0, 36.0), // 2015-07-01
    (57754.0, 37.0), // 2017-01-01
];

/// MJD (TT) of a MET, given MJDREF (MJDREFI + MJDREFF, TT).
///
/// The integer and fractional parts are added last so the day fraction keeps its
/// precision (about 1 µs at MJD 5e4 in one f64).
pub fn met_to_mjd_tt(met_s: f64, mjdref_int: f64, mjdref_frac: f64) -> f64 {
    mjdref_int + (mjdref_frac + met_s / 86400.0)
}

/// TAI − UTC at the TAI instant `mjd_tai`, or None before 1972 (when UTC had
/// fractional steps and rates, which no GADF file uses).
pub fn tai_minus_utc(mjd_tai: f64) -> Option<f64> {
    // A leap second takes effect at 00:00 UTC of its day, which is `offset` seconds later in TAI.
    LEAP_SECONDS
        .iter()
        .rev()
        .find(|&&(mjd, offset)| mjd_tai >= mjd + offset / 86400.0)
        .map(|&(_, offset)| offset)
}

/// MJD (UTC) of an MJD in TT, or None before 1972.
///
/// During a leap second itself (23:59:60 UTC) the result repeats the next second's
/// start, as every MJD-based UTC does.
pub fn mjd_tt_to_utc(mjd_tt: f64) -> Option<f64> {
    let mjd_tai = mjd_tt - TT_MINUS_TAI_S / 86400.0;
    tai_minus_utc(mjd_tai).map(|leap| mjd_tai - leap / 86400.0)
}

/// MJD (UTC) of a MET.
pub fn met_to_mjd_utc(met_s: f64, mjdref_int: f64, mjdref_frac: f64) -> Option<f64> {
    // Subtract the offsets while still in seconds of the day fraction, then add the
    // integer day: keeps sub-millisecond precision.
    let tt_frac_days = mjdref_frac + met_s / 86400.0;
    let mjd_tai = mjdref_int + (tt_frac_days - TT_MINUS_TAI_S / 86400.0);
    let leap = tai_minus_utc(mjd_tai)?;
    Some(mjdref_int + (tt_frac_days - (TT_MINUS_TAI_S + leap) / 86400.0))
}

/// "2004-12-04T22:07:06" (UTC, to the second) for a MET, or None before 1972.
pub fn met_to_utc_iso(met_s: f64, mjdref_int: f64, mjdref_frac: f64) -> Option<String> {
    met_to_mjd_utc(met_s, mjdref_int, mjdref_frac).map(crate::standards::time::mjd_to_iso)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::time::iso_to_mjd;

    const MJDREFI: f64 = 51910.0;
    const MJDREFF: f64 = 0.000742870370370241;

    #[test]
    fn the_table_dates_are_the_first_days_they_name() {
        let dates = [
            "1972-01-01",
            "1972-07-01",
            "1973-01-01",
            "1974-01-01",
            "1975-01-01",
            "1976-01-01",
            "1977-01-01",
            "1978-01-01",
            "1979-01-01",
            "1980-01-01",
            "1981-07-01",
            "1982-07-01",
            "1983-07-01",
            "1985-07-01",
            "1988-01-01",
            "1990-01-01",
            "1991-01-01",
            "1992-07-01",
            "1993-07-01",
            "1994-07-01",
            "1996-01-01",
            "1997-07-01",
            "1999-01-01",
            "2006-01-01",
            "2009-01-01",
            "2012-07-01",
            "2015-07-01",
            "2017-01-01",
        ];
        for (k, (&(mjd, offset), date)) in LEAP_SECONDS.iter().zip(dates).enumerate() {
            assert_eq!(mjd, iso_to_mjd(date).unwrap(), "{date}");
            assert_eq!(offset, 10.0 + k as f64, "one second per step");
        }
    }

    #[test]
    fn met_zero_is_the_start_of_2001_utc() {
        // FORMAT.md: MJDREF = 51910.00074287037 TT is 2001-01-01 00:00:00 UTC, because
        // 0.000742870370370241 d = 64.184 s = 32.184 s + 32 leap seconds.
        let utc = met_to_mjd_utc(0.0, MJDREFI, MJDREFF).unwrap();
        assert!(
            (utc - 51910.0).abs() * 86400.0 < 1e-6,
            "{}",
            (utc - 51910.0) * 86400.0
        );
        assert_eq!(
            met_to_utc_iso(0.0, MJDREFI, MJDREFF).unwrap(),
            "2001-01-01T00:00:00"
        );
        assert!((met_to_mjd_tt(0.0, MJDREFI, MJDREFF) - 51910.00074287037).abs() < 1e-11);
        let utc = mjd_tt_to_utc(MJDREFI + MJDREFF).unwrap();
        assert!(
            (utc - 51910.0).abs() * 86400.0 < 1e-5,
            "{}",
            (utc - 51910.0) * 86400.0
        );
    }

    #[test]
    fn a_crab_run_start_and_the_2006_leap_second() {
        // Run 23523: TSTART = 123890826 s = 1433 d + 79626 s of TT after 2001-01-01T00:00:00 UTC,
        // with no leap second between: 2004-12-04T22:07:06 UTC (astropy's Time agrees).
        // The header's TIME-OBS says 22:08:10.184, 64.184 s later: the release wrote
        // DATE-OBS/TIME-OBS as if MJDREF were UTC; trust TSTART and MJDREF.
        assert_eq!(
            met_to_utc_iso(123890826.0, MJDREFI, MJDREFF).unwrap(),
            "2004-12-04T22:07:06"
        );
        // 2006-01-01T00:00:00 UTC is 5 years (1826 days) after MJDREF's UTC epoch plus
        // the 33rd leap second: MET = 1826·86400 + 1.
        let met_2006 = 1826.0 * 86400.0 + 1.0;
        assert_eq!(
            met_to_utc_iso(met_2006, MJDREFI, MJDREFF).unwrap(),
            "2006-01-01T00:00:00"
        );
        assert_eq!(
            met_to_utc_iso(met_2006 - 2.0, MJDREFI, MJDREFF).unwrap(),
            "2005-12-31T23:59:59"
        );
        assert!(
            met_to_mjd_utc(-1.0e9, MJDREFI, MJDREFF).is_none(),
            "before 1972"
        );
    }
}
