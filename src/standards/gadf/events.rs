//! The EVENTS HDU: one row per reconstructed gamma-ray candidate (TIME, RA, DEC, ENERGY)
//! and the run's facts in its header.

use super::read::{table, Table};
use super::GadfError;
use crate::standards::fits::Fits;

/// A run's event list, columns widened to f64 (TIME is ~1e8 s and needs f64; positions
/// and energies are f32 in the files and widened exactly).
#[derive(Clone, Debug, PartialEq)]
pub struct EventList {
    pub obs_id: i64,
    pub object: Option<String>,
    /// Pointing (RA_PNT, DEC_PNT), degrees: the only pointing in H.E.S.S. DR1 (no POINTING HDU).
    pub ra_pnt: f64,
    pub dec_pnt: f64,
    /// The target the run was taken for (RA_OBJ, DEC_OBJ), when given.
    pub ra_obj: Option<f64>,
    pub dec_obj: Option<f64>,
    /// Start and stop, MET seconds (TT since MJDREF).
    pub tstart: f64,
    pub tstop: f64,
    pub ontime: Option<f64>,
    pub livetime: f64,
    /// Live fraction: DEADC, or LIVETIME/ONTIME when the header has no DEADC.
    pub deadc: f64,
    /// MJDREFI and MJDREFF (days, in TIMESYS): kept apart for precision.
    pub mjdref_int: f64,
    pub mjdref_frac: f64,
    pub timesys: Option<String>,
    pub alt_pnt: Option<f64>,
    pub az_pnt: Option<f64>,
    /// 90° − ALT_PNT.
    pub zenith_deg: Option<f64>,
    pub n_tels: Option<i64>,
    pub time: Vec<f64>,
    pub ra: Vec<f64>,
    pub dec: Vec<f64>,
    /// Reconstructed energy, TeV.
    pub energy: Vec<f64>,
}

impl EventList {
    pub fn read(fits: &Fits<'_>) -> Result<EventList, GadfError> {
        let t = table(fits, "EVENTS")?;
        let (mjdref_int, mjdref_frac) = mjdref(&t)?;
        let livetime = t.f64_key("LIVETIME")?;
        let ontime = t.opt_f64("ONTIME");
        let deadc = match (t.opt_f64("DEADC"), ontime) {
            (Some(d), _) => d,
            (None, Some(on)) if on > 0.0 => livetime / on,
            _ => return Err(t.missing_key("DEADC")),
        };
        t.require_unit("ENERGY", "TeV")?;
        let alt_pnt = t.opt_f64("ALT_PNT");
        let events = EventList {
            obs_id: t
                .header
                .get_i64("OBS_ID")
                .ok_or_else(|| t.missing_key("OBS_ID"))?,
            object: t.opt_str("OBJECT"),
            ra_pnt: t.f64_key("RA_PNT")?,
            dec_pnt: t.f64_key("DEC_PNT")?,
            ra_obj: t.opt_f64("RA_OBJ"),
            dec_obj: t.opt_f64("DEC_OBJ"),
            tstart: t.f64_key("TSTART")?,
            tstop: t.f64_key("TSTOP")?,
            ontime,
            livetime,
            deadc,
            mjdref_int,
            mjdref_frac,
            timesys: t.opt_str("TIMESYS"),
            alt_pnt,
            az_pnt: t.opt_f64("AZ_PNT"),
            zenith_deg: alt_pnt.map(|a| 90.0 - a),
            n_tels: t.header.get_i64("N_TELS"),
            time: t.column("TIME")?,
            ra: t.column("RA")?,
            dec: t.column("DEC")?,
            energy: t.column("ENERGY")?,
        };
        let n = events.time.len();
        for (name, len) in [
            ("RA", events.ra.len()),
            ("DEC", events.dec.len()),
            ("ENERGY", events.energy.len()),
        ] {
            if len != n {
                return Err(t.bad_shape(
                    name,
                    format!("{len} values for {n} events (a vector column?)"),
                ));
            }
        }
        Ok(events)
    }

    pub fn len(&self) -> usize {
        self.time.len()
    }

    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    /// MJDREF as one number (days), for display; computations keep the two parts.
    pub fn mjdref(&self) -> f64 {
        self.mjdref_int + self.mjdref_frac
    }
}

/// MJDREFI + MJDREFF, or a single MJDREF (both allowed by the FITS time standard).
pub(crate) fn mjdref(t: &Table<'_, '_>) -> Result<(f64, f64), GadfError> {
    match (
        t.opt_f64("MJDREFI"),
        t.opt_f64("MJDREFF"),
        t.opt_f64("MJDREF"),
    ) {
        (Some(i), f, _) => Ok((i, f.unwrap_or(0.0))),
        (None, _, Some(m)) => Ok((m.floor(), m - m.floor())),
        _ => Err(t.missing_key("MJDREFI")),
    }
}
