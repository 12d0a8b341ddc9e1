//! FITS files (FITS 4.0): every HDU's header, binary tables read into typed values, and
//! images laid out (sized and skipped, not decoded).
//!
//! Our own reader rather than `fitsrs`: no C, no inflate or async runtime in the wasm
//! bundle, every TFORM with TSCAL/TZERO/TNULL and column metadata (TUNIT, TCOMM, TUCD),
//! and errors that name the HDU, card or byte offset. Gzip is undone at the edge: by
//! the browser's DecompressionStream in the page, by [`gunzip`] on the host.

mod bintable;
mod error;
pub mod header;
pub mod tform;
mod to_votable;

pub use bintable::{BinTable, Cell, ColumnInfo, IntegerKind};
pub use error::{FitsError, HduRef};
pub use header::{Card, Header, Value};
pub use tform::{Tform, TypeCode, VarArray};
pub use to_votable::to_votable;

use header::{parse_header, BLOCK};

/// A parsed file: its HDUs in order, borrowing the bytes.
#[derive(Clone, Debug)]
pub struct Fits<'a> {
    pub hdus: Vec<Hdu<'a>>,
}

/// One header-data unit.
#[derive(Clone, Debug)]
pub struct Hdu<'a> {
    /// 0 for the primary HDU.
    pub index: usize,
    pub header: Header,
    pub kind: HduKind<'a>,
}

#[derive(Clone, Debug)]
pub enum HduKind<'a> {
    Primary,
    Image {
        bitpix: i64,
        axes: Vec<usize>,
    },
    BinTable(BinTable<'a>),
    /// Another extension (ASCII `TABLE`, `A3DTABLE`, ...), by its XTENSION value; its
    /// header is read and its data skipped.
    Other(String),
}

impl<'a> Hdu<'a> {
    pub fn extname(&self) -> Option<&str> {
        self.header.get_str("EXTNAME").map(str::trim)
    }

    pub fn table(&self) -> Option<&BinTable<'a>> {
        match &self.kind {
            HduKind::BinTable(t) => Some(t),
            _ => None,
        }
    }
}

/// Whether the bytes are a gzip stream (magic 1f 8b): a `.fits.gz`, or an answer sent
/// with gzip that was not undone, so callers can say what they have.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Decompresses a gzip file (every member), for the host: examples, tests and fuzzing.
/// The page uses the browser's DecompressionStream instead, so that no inflate code is
/// in the wasm bundle.
#[cfg(not(target_arch = "wasm32"))]
pub fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, FitsError> {
    use std::io::Read;
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(2));
    flate2::read::MultiGzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| FitsError::Gzip(e.to_string()))?;
    Ok(out)
}

/// In the page, gzip is undone by the browser before the bytes get here: this says so
/// instead of carrying an inflate implementation in the bundle.
#[cfg(target_arch = "wasm32")]
pub fn gunzip(_bytes: &[u8]) -> Result<Vec<u8>, FitsError> {
    Err(FitsError::Gzip(
        "gzip data reached the FITS reader; the page decompresses with the browser first".into(),
    ))
}

/// Bytes of an HDU's data: |BITPIX|/8 × GCOUNT × (PCOUNT + NAXIS1 × … × NAXISn), with
/// NAXIS1 left out of the product for random groups (FITS 4.0 §4.4.1.1, §6).
fn data_bytes(
    header: &Header,
    hdu: &HduRef,
    primary: bool,
) -> Result<(i64, Vec<usize>, usize), FitsError> {
    let bitpix = header.get_i64("BITPIX").ok_or_else(|| FitsError::Keyword {
        hdu: hdu.clone(),
        key: "BITPIX".to_owned(),
        cause: "is missing or not an integer".to_owned(),
    })?;
    if !matches!(bitpix, 8 | 16 | 32 | 64 | -32 | -64) {
        return Err(FitsError::Keyword {
            hdu: hdu.clone(),
            key: "BITPIX".to_owned(),
            cause: format!("is {bitpix}, not one of 8, 16, 32, 64, -32, -64"),
        });
    }
    let naxis = bintable::count(header, "NAXIS", hdu)?;
    if naxis > 999 {
        return Err(FitsError::Keyword {
            hdu: hdu.clone(),
            key: "NAXIS".to_owned(),
            cause: format!("is {naxis}, more than 999 axes"),
        });
    }
    let axes = (1..=naxis)
        .map(|i| bintable::count(header, &format!("NAXIS{i}"), hdu))
        .collect::<Result<Vec<_>, _>>()?;
    let overflow = || FitsError::Layout {
        hdu: hdu.clone(),
        cause: "the data size overflows: the header is corrupt".to_owned(),
    };
    if naxis == 0 {
        return Ok((bitpix, axes, 0));
    }
    let groups = primary && header.get_bool("GROUPS") == Some(true) && axes[0] == 0;
    let skip = usize::from(groups);
    let elements = axes[skip..]
        .iter()
        .try_fold(1usize, |a, &n| a.checked_mul(n))
        .ok_or_else(overflow)?;
    let (pcount, gcount) = if primary && !groups {
        (0, 1)
    } else {
        (
            header
                .get("PCOUNT")
                .map_or(Ok(0), |_| bintable::count(header, "PCOUNT", hdu))?,
            header
                .get("GCOUNT")
                .map_or(Ok(1), |_| bintable::count(header, "GCOUNT", hdu))?,
        )
    };
    let size = elements
        .checked_add(pcount)
        .and_then(|n| n.checked_mul(gcount))
        .and_then(|n| n.checked_mul(bitpix.unsigned_abs() as usize / 8))
        .ok_or_else(overflow)?;
    Ok((bitpix, axes, size))
}

/// Where the HDU named `last` ends (its padding included) in the first bytes of a FITS
/// file, or None while those bytes do not yet reach it. A reader of a stream can stop
/// there: `Fits::parse` reads the bytes up to that point as a whole, shorter file. Used to
/// inflate an event list only as far as the HDUs needed (EVENTS, GTI, AEFF).
pub fn prefix_end(prefix: &[u8], last: &str) -> Option<usize> {
    if !prefix.starts_with(b"SIMPLE  =") {
        return None;
    }
    let mut at = 0usize;
    for index in 0.. {
        let (header, data_start) = parse_header(prefix, at, index).ok()?;
        let hdu = HduRef {
            index,
            extname: header.get_str("EXTNAME").map(|s| s.trim().to_owned()),
        };
        let (_, _, size) = data_bytes(&header, &hdu, index == 0).ok()?;
        let end = data_start
            .checked_add(size)?
            .div_ceil(BLOCK)
            .checked_mul(BLOCK)?;
        if hdu
            .extname
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(last))
        {
            return (end <= prefix.len()).then_some(end);
        }
        at = end;
    }
    None
}

impl<'a> Fits<'a> {
    /// Reads every HDU: headers parsed, binary tables laid out, other data skipped.
    /// Every byte the headers promise must be in the file (a cut file is refused with
    /// the offset where it ends); only the padding after the last HDU's data may be missing,
    /// all of it.
    pub fn parse(bytes: &'a [u8]) -> Result<Fits<'a>, FitsError> {
        if !bytes.starts_with(b"SIMPLE  =") || bytes.len() < 80 {
            return Err(FitsError::NotFits {
                gzip: is_gzip(bytes),
            });
        }
        let mut hdus = Vec::new();
        let mut at = 0usize;
        while at < bytes.len() {
            let index = hdus.len();
            if index > 0 && !bytes[at..].starts_with(b"XTENSION") {
                // astropy and cfitsio ignore zero or blank fill after the last HDU.
                if bytes[at..].iter().all(|&b| b == 0 || b == b' ') {
                    break;
                }
                return Err(FitsError::NotAnExtension {
                    hdu: index - 1,
                    offset: at,
                });
            }
            let (header, data_start) = parse_header(bytes, at, index)?;
            if index == 0 && header.get_bool("SIMPLE") != Some(true) {
                return Err(FitsError::NotFits { gzip: false });
            }
            let hdu = HduRef {
                index,
                extname: header.get_str("EXTNAME").map(|s| s.trim().to_owned()),
            };
            let (bitpix, axes, size) = data_bytes(&header, &hdu, index == 0)?;
            let data_end = data_start.checked_add(size).filter(|&e| e <= bytes.len());
            let Some(data_end) = data_end else {
                return Err(FitsError::DataCut {
                    hdu,
                    data_end: data_start.saturating_add(size),
                    file_len: bytes.len(),
                });
            };
            // A writer that never pads is tolerated (the file ends where the data do);
            // a file that ends inside the padding was cut.
            let padded_end = data_end.div_ceil(BLOCK).saturating_mul(BLOCK);
            if padded_end > bytes.len() && data_end != bytes.len() {
                return Err(FitsError::DataCut {
                    hdu,
                    data_end: padded_end,
                    file_len: bytes.len(),
                });
            }
            let data = &bytes[data_start..data_end];
            let kind = if index == 0 {
                HduKind::Primary
            } else {
                match header.get_str("XTENSION").map(str::trim) {
                    Some("BINTABLE") => HduKind::BinTable(BinTable::new(&header, hdu, data)?),
                    Some("IMAGE") => HduKind::Image { bitpix, axes },
                    Some(other) => HduKind::Other(other.to_owned()),
                    None => {
                        return Err(FitsError::Keyword {
                            hdu,
                            key: "XTENSION".to_owned(),
                            cause: "is not a string".to_owned(),
                        })
                    }
                }
            };
            hdus.push(Hdu {
                index,
                header,
                kind,
            });
            at = padded_end;
        }
        Ok(Fits { hdus })
    }

    /// The HDU with this EXTNAME, case-insensitive; the first when several share it.
    pub fn hdu(&self, extname: &str) -> Option<&Hdu<'a>> {
        self.hdus
            .iter()
            .find(|h| h.extname().is_some_and(|n| n.eq_ignore_ascii_case(extname)))
    }
}
