//! Why a FITS file was refused: where (HDU, card, byte offset) and what to do about it.

use std::fmt;

/// Where in the file a problem is: the HDU (0 = primary) and its EXTNAME when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HduRef {
    pub index: usize,
    pub extname: Option<String>,
}

impl fmt::Display for HduRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.extname {
            Some(name) => write!(f, "HDU {} ({name})", self.index),
            None => write!(f, "HDU {}", self.index),
        }
    }
}

/// Every way a file can be refused. Each names the HDU, card or byte offset, so that the
/// message tells a user which file is broken, where, and whether it is cut or not FITS.
#[derive(Clone, Debug, PartialEq)]
pub enum FitsError {
    /// The first card is not `SIMPLE = T` (or the file is shorter than one card).
    NotFits { gzip: bool },
    /// The file ends inside a header (before its END card or its last block).
    HeaderCut { hdu: usize, file_len: usize },
    /// The data of an HDU end past the end of the file.
    DataCut {
        hdu: HduRef,
        data_end: usize,
        file_len: usize,
    },
    /// A card that cannot be read (not printable ASCII, an unterminated string, ...).
    BadCard {
        hdu: usize,
        card: usize,
        offset: usize,
        cause: String,
    },
    /// A keyword the HDU needs is missing or has a value of the wrong kind.
    Keyword {
        hdu: HduRef,
        key: String,
        cause: String,
    },
    /// A TFORMn that is not `rT`, `rPt(max)` or `rQt(max)` with a known code.
    BadTform {
        hdu: HduRef,
        column: usize,
        tform: String,
        cause: String,
    },
    /// The column layout does not add up (NAXIS1, TDIM, THEAP, sizes that overflow).
    Layout { hdu: HduRef, cause: String },
    /// The bytes after an HDU are not another HDU.
    NotAnExtension { hdu: usize, offset: usize },
    /// A variable-length array descriptor points outside the heap.
    HeapOutOfRange {
        hdu: HduRef,
        column: String,
        row: usize,
        start: u64,
        len: u64,
        heap_len: usize,
    },
    /// A column read as numbers that does not hold numbers.
    NotNumeric {
        hdu: HduRef,
        column: String,
        tform: String,
    },
    /// No column of that name, or a row/column index past the end.
    NoSuchColumn { hdu: HduRef, column: String },
    NoSuchCell {
        hdu: HduRef,
        row: usize,
        col: usize,
        nrows: usize,
        ncols: usize,
    },
    /// The HDU asked for is not a binary table.
    NotATable { hdu: usize, kind: String },
    /// The gzip stream could not be inflated (host only).
    Gzip(String),
}

impl fmt::Display for FitsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FitsError::NotFits { gzip: true } => f.write_str(
                "this is a gzip-compressed file: decompress it (a .fits.gz) before reading it as FITS",
            ),
            FitsError::NotFits { gzip: false } => {
                f.write_str("not a FITS file: the first card is not SIMPLE = T")
            }
            FitsError::HeaderCut { hdu, file_len } => write!(
                f,
                "HDU {hdu}: the file ends at byte {file_len}, inside the header: the file is cut"
            ),
            FitsError::DataCut {
                hdu,
                data_end,
                file_len,
            } => write!(
                f,
                "{hdu}: the data end at byte {data_end} but the file has {file_len} bytes: the file is cut"
            ),
            FitsError::BadCard {
                hdu,
                card,
                offset,
                cause,
            } => write!(
                f,
                "HDU {hdu}, card {card} (byte {offset}): {cause}: the header is corrupt"
            ),
            FitsError::Keyword { hdu, key, cause } => write!(f, "{hdu}: keyword {key}: {cause}"),
            FitsError::BadTform {
                hdu,
                column,
                tform,
                cause,
            } => write!(f, "{hdu}: TFORM{column} = '{tform}': {cause}"),
            FitsError::Layout { hdu, cause } => write!(f, "{hdu}: {cause}"),
            FitsError::NotAnExtension { hdu, offset } => write!(
                f,
                "byte {offset}, after HDU {hdu}: the bytes there do not start with XTENSION: the file is corrupt or has trailing data"
            ),
            FitsError::HeapOutOfRange {
                hdu,
                column,
                row,
                start,
                len,
                heap_len,
            } => write!(
                f,
                "{hdu}: column {column}, row {}: the array at heap offset {start} ({len} bytes) lies outside the {heap_len}-byte heap: the file is corrupt",
                row + 1
            ),
            FitsError::NotNumeric { hdu, column, tform } => write!(
                f,
                "{hdu}: column {column} (TFORM '{tform}') does not hold numbers: read its cells instead"
            ),
            FitsError::NoSuchColumn { hdu, column } => {
                write!(f, "{hdu}: there is no column named {column}")
            }
            FitsError::NoSuchCell {
                hdu,
                row,
                col,
                nrows,
                ncols,
            } => write!(
                f,
                "{hdu}: cell (row {row}, column {col}) is outside the table ({nrows} rows, {ncols} columns)"
            ),
            FitsError::NotATable { hdu, kind } => {
                write!(f, "HDU {hdu} is {kind}, not a binary table")
            }
            FitsError::Gzip(cause) => write!(f, "the gzip data cannot be decompressed: {cause}"),
        }
    }
}

impl std::error::Error for FitsError {}
