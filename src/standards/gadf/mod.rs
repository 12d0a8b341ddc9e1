//! GADF DL3 (gamma-astro-data-formats, HDUCLASS = 'GADF'): the event lists and
//! instrument responses IACTs publish (H.E.S.S., MAGIC, VERITAS, CTAO), read from a
//! parsed [`crate::standards::fits::Fits`] into plain f64 models for the quick-look.
//!
//! HDUs are found by EXTNAME, never by position. The event list and GTIs never need
//! the IRF HDUs, so a file without them (or a stream cut after AEFF) still quick-looks.

pub mod events;
pub mod gti;
pub mod irf;
mod read;

use std::fmt;

use crate::standards::fits::{Fits, FitsError};

pub use events::EventList;
pub use gti::Gti;
pub use irf::{Aeff2d, Bkg3d, Edisp2d, PsfTable};

/// Why a FITS file could not be read as a DL3 run. Each message names the HDU and the
/// column or keyword, so a user knows whether the file is not DL3 or is damaged.
#[derive(Clone, Debug, PartialEq)]
pub enum GadfError {
    /// No HDU with this EXTNAME.
    MissingHdu { extname: String },
    /// The HDU is there but is not a binary table.
    NotATable { extname: String },
    /// A column GADF requires is absent.
    MissingColumn { extname: String, column: String },
    /// A keyword GADF requires is absent or not a number/string.
    MissingKeyword { extname: String, key: String },
    /// A column or matrix does not have the size or axes it must have.
    BadShape {
        extname: String,
        column: String,
        cause: String,
    },
    /// A unit this reader does not convert.
    BadUnit {
        extname: String,
        column: String,
        unit: String,
        expected: &'static str,
    },
    /// The FITS layer refused a column (corrupt data, wrong type).
    Fits(FitsError),
}

impl fmt::Display for GadfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GadfError::MissingHdu { extname } => write!(
                f,
                "the file has no {extname} HDU: it is not a GADF DL3 file (or not a complete one)"
            ),
            GadfError::NotATable { extname } => {
                write!(f, "the {extname} HDU is not a binary table, as GADF DL3 requires")
            }
            GadfError::MissingColumn { extname, column } => {
                write!(f, "the {extname} HDU has no {column} column, which GADF DL3 requires")
            }
            GadfError::MissingKeyword { extname, key } => write!(
                f,
                "the {extname} header has no {key} keyword (or it is not a value of the right kind), which GADF DL3 requires"
            ),
            GadfError::BadShape { extname, column, cause } => {
                write!(f, "{extname} column {column}: {cause}: the response matrix cannot be read")
            }
            GadfError::BadUnit { extname, column, unit, expected } => write!(
                f,
                "{extname} column {column} is in '{unit}', not {expected}: this reader does not convert it"
            ),
            GadfError::Fits(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for GadfError {}

impl From<FitsError> for GadfError {
    fn from(e: FitsError) -> Self {
        GadfError::Fits(e)
    }
}

/// One observation run: events and GTIs always, each IRF when its HDU is present.
#[derive(Clone, Debug, PartialEq)]
pub struct DlRun {
    pub events: EventList,
    pub gti: Gti,
    pub aeff: Option<Aeff2d>,
    pub edisp: Option<Edisp2d>,
    pub psf: Option<PsfTable>,
    pub bkg: Option<Bkg3d>,
}

impl DlRun {
    /// Reads EVENTS and GTI (required) and AEFF, EDISP, PSF, BKG (each when present; a
    /// present but malformed one is an error, not silently dropped).
    pub fn read(fits: &Fits<'_>) -> Result<DlRun, GadfError> {
        let optional = |name: &str| fits.hdu(name).is_some();
        Ok(DlRun {
            events: EventList::read(fits)?,
            gti: Gti::read(fits)?,
            aeff: optional("AEFF").then(|| Aeff2d::read(fits)).transpose()?,
            edisp: optional("EDISP").then(|| Edisp2d::read(fits)).transpose()?,
            psf: optional("PSF").then(|| PsfTable::read(fits)).transpose()?,
            bkg: optional("BKG").then(|| Bkg3d::read(fits)).transpose()?,
        })
    }

    /// The target the run was pointed for (RA_OBJ, DEC_OBJ), if the header has it.
    pub fn target(&self) -> Option<(f64, f64)> {
        Some((self.events.ra_obj?, self.events.dec_obj?))
    }
}

/// Whether a FITS file is a DL3 run for the quick-look, checked without reading it: an
/// EVENTS table with TIME, RA, DEC and ENERGY, and a GTI table. The page decides with
/// this where a file goes (quick-look or results table) before the quick-look module is
/// loaded; that module reads the run in full and says what else may be wrong.
/// `Err` says what is missing, `Ok` when it looks like a run.
pub fn looks_like_run(fits: &Fits<'_>) -> Result<(), String> {
    let events = fits
        .hdu("EVENTS")
        .and_then(|h| h.table())
        .ok_or("no EVENTS table")?;
    let missing: Vec<&str> = ["TIME", "RA", "DEC", "ENERGY"]
        .into_iter()
        .filter(|c| events.column_index(c).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(format!("EVENTS has no {} column", missing.join(", ")));
    }
    if fits.hdu("GTI").and_then(|h| h.table()).is_none() {
        return Err("no GTI table".into());
    }
    Ok(())
}

/// Reads a run from file bytes, `.fits` or `.fits.gz` (`.fits.gz` on the host only: the
/// page decompresses with the browser's DecompressionStream before parsing).
pub fn read_file_bytes(bytes: &[u8]) -> Result<DlRun, GadfError> {
    if crate::standards::fits::is_gzip(bytes) {
        let plain = crate::standards::fits::gunzip(bytes)?;
        DlRun::read(&Fits::parse(&plain)?)
    } else {
        DlRun::read(&Fits::parse(bytes)?)
    }
}

// These read the release from disk: host only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn release_file(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/hess-dl3-dr1")
            .join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Run 23523 (Crab) against the values data/FORMAT.md measured with astropy.
    #[test]
    fn reads_a_crab_run_as_format_md_describes_it() {
        let run =
            read_file_bytes(&release_file("data/hess_dl3_dr1_obs_id_023523.fits.gz")).unwrap();
        let ev = &run.events;
        assert_eq!(ev.obs_id, 23523);
        assert_eq!(ev.object.as_deref(), Some("Crab Nebula"));
        assert_eq!((ev.ra_pnt, ev.dec_pnt), (83.633333333333, 21.514444444444));
        assert_eq!(run.target(), Some((83.633333333333, 22.014444444444)));
        assert_eq!((ev.tstart, ev.tstop), (123890826.0, 123892513.0));
        assert_eq!(
            (ev.mjdref_int, ev.mjdref_frac),
            (51910.0, 0.000742870370370241)
        );
        assert_eq!(ev.livetime, 1581.73681640625);
        assert_eq!(ev.deadc, 0.937603298574686);
        assert_eq!(ev.timesys.as_deref(), Some("TT"));
        assert_eq!(ev.n_tels, Some(4));
        assert_eq!(ev.len(), 7613);
        assert!(ev.time.windows(2).all(|w| w[0] <= w[1]), "TIME is sorted");
        assert_eq!(run.gti.intervals, vec![(123890826.0, 123892513.0)]);

        let aeff = run.aeff.as_ref().unwrap();
        assert_eq!(
            (aeff.energy.len(), aeff.theta.len(), aeff.values.len()),
            (96, 6, 576)
        );
        assert_eq!(aeff.theta.lo, vec![0.0, 0.5, 1.0, 1.5, 2.0, 2.5]);
        assert_eq!(aeff.theta.lo, aeff.theta.hi, "offset nodes have zero width");
        assert_eq!(aeff.energy.bin(1.0), Some(47));
        assert_eq!(aeff.energy.bin(10.0), Some(71));
        assert!(aeff.lo_thres.is_some_and(|t| t > 0.1 && t < 2.0));
        let edisp = run.edisp.as_ref().unwrap();
        assert_eq!(
            (edisp.energy.len(), edisp.migra.len(), edisp.theta.len()),
            (96, 160, 6)
        );
        let psf = run.psf.as_ref().unwrap();
        assert_eq!(
            (psf.energy.len(), psf.theta.len(), psf.rad.len()),
            (32, 6, 144)
        );
        let bkg = run.bkg.as_ref().unwrap();
        assert_eq!(
            (bkg.detx.len(), bkg.dety.len(), bkg.energy.len()),
            (50, 50, 20)
        );
    }

    #[test]
    fn a_file_that_is_not_an_event_list_says_what_is_missing() {
        let e = read_file_bytes(&release_file("obs-index.fits.gz")).unwrap_err();
        assert_eq!(
            e,
            GadfError::MissingHdu {
                extname: "EVENTS".into()
            }
        );
        assert!(e.to_string().contains("no EVENTS HDU"), "{e}");
        let e = read_file_bytes(b"not a fits file at all, just some text").unwrap_err();
        assert!(matches!(e, GadfError::Fits(_)), "{e:?}");
    }

    #[test]
    fn events_and_gti_do_not_need_the_irfs() {
        // Cut the plain file after the GTI HDU: EVENTS and GTI read, no IRF.
        let plain = crate::standards::fits::gunzip(&release_file(
            "data/hess_dl3_dr1_obs_id_023523.fits.gz",
        ))
        .unwrap();
        let events_data = (28 * 7613usize).div_ceil(2880) * 2880;
        let end_of_gti = 2880 + 8640 + events_data + 2880 + 2880;
        let run = DlRun::read(&Fits::parse(&plain[..end_of_gti]).unwrap()).unwrap();
        assert_eq!(run.events.len(), 7613);
        assert!(
            run.aeff.is_none() && run.edisp.is_none() && run.psf.is_none() && run.bkg.is_none()
        );
        // Without GTI the run is refused, naming the HDU.
        let e = DlRun::read(&Fits::parse(&plain[..end_of_gti - 5760]).unwrap()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the file has no GTI HDU: it is not a GADF DL3 file (or not a complete one)"
        );
    }

    /// The plain bytes of run 23523 with one 80-byte card of the HDU `extname`
    /// replaced (a damaged or non-conforming file, made from the real one).
    fn with_card(extname: &str, old: &str, new: &str) -> Vec<u8> {
        let mut plain = crate::standards::fits::gunzip(&release_file(
            "data/hess_dl3_dr1_obs_id_023523.fits.gz",
        ))
        .unwrap();
        let ext = format!("EXTNAME = '{extname}");
        let start = plain
            .windows(ext.len())
            .position(|w| w == ext.as_bytes())
            .unwrap();
        let at = start
            + plain[start..]
                .windows(old.len())
                .position(|w| w == old.as_bytes())
                .unwrap();
        assert_eq!(at % 80, 0, "{old} is a card's start");
        let card = format!("{new:<80}");
        plain[at..at + 80].copy_from_slice(card.as_bytes());
        plain
    }

    #[test]
    fn damaged_files_name_what_is_wrong() {
        let read = |bytes: Vec<u8>| DlRun::read(&Fits::parse(&bytes).unwrap()).unwrap_err();
        let e = read(with_card(
            "EVENTS",
            "TTYPE2  = 'TIME    '",
            "TTYPE2  = 'T       '",
        ));
        assert_eq!(
            e,
            GadfError::MissingColumn {
                extname: "EVENTS".into(),
                column: "TIME".into()
            }
        );
        let e = read(with_card(
            "EVENTS",
            "RA_PNT  =",
            "RA_PNX  =      83.633333333333",
        ));
        assert_eq!(e.to_string(), "the EVENTS header has no RA_PNT keyword (or it is not a value of the right kind), which GADF DL3 requires");
        let e = read(with_card(
            "EVENTS",
            "TUNIT5  = 'TeV",
            "TUNIT5  = 'GeV     '",
        ));
        assert!(
            matches!(e, GadfError::BadUnit { ref unit, .. } if unit == "GeV"),
            "{e:?}"
        );
        // A TDIM in the other order is refused rather than read transposed.
        let e = read(with_card(
            "AEFF",
            "TDIM5   = '(96,6)",
            "TDIM5   = '(6,96)  '",
        ));
        assert!(
            e.to_string().starts_with(
                "AEFF column EFFAREA: TDIM is [6, 96] but the axis columns give [96, 6]"
            ),
            "{e}"
        );
        let e = read(with_card(
            "BKG",
            "TDIM7   = '(50,50,20)'",
            "TDIM7   = '(20,50,50)'",
        ));
        assert!(
            matches!(e, GadfError::BadShape { ref extname, .. } if extname == "BKG"),
            "{e:?}"
        );
    }
}
