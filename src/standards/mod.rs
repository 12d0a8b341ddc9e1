//! The standards and formats voscope speaks, lowest layer: the IVOA's (VOTable, ADQL,
//! TAP, UWS, VOSI, DataLink, SAMP, Sesame, RegTAP, STC-S, DALI's times and URLs) and the
//! FITS and gamma-ray (GADF) formats. Each is pure: bytes in, models out, no DOM, no
//! network, so all of it is tested on the host. A module here imports only its siblings.

pub mod adql;
pub mod coords;
pub mod datalink;
/// FITS files: headers, binary tables (every TFORM, TSCAL/TZERO, TNULL, heap), images sized.
pub mod fits;
pub mod gadf;
pub mod registry;
pub mod samp;
pub mod sesame;
pub mod stcs;
pub mod tap;
pub mod time;
pub mod urls;
pub mod uws;
pub mod vosi;
pub mod votable;
pub mod xml;
