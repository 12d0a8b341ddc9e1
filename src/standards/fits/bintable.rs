//! BINTABLE extensions (FITS 4.0 §7.3): the column layout from the header, and typed
//! reads straight from the file's bytes.
//!
//! Rows are not aligned (a DL3 EVENTS row is i64, f64, f32, f32, f32 in 28 bytes), so
//! every value is decoded with `from_be_bytes` from a byte slice; nothing is cast in place.
//! The layout is checked once, when the table is laid out, so that reading a cell cannot
//! run past its row; only heap descriptors, which are data, are checked when read.

use super::error::{FitsError, HduRef};
use super::header::Header;
use super::tform::{Tform, TypeCode};

/// One column as the header describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnInfo {
    /// TTYPEn, or `colN` when the column has none.
    pub name: String,
    pub tform: Tform,
    /// Elements per row (`tform.repeat`): characters for `A`, bits for `X`.
    pub repeat: usize,
    pub unit: Option<String>,
    /// TCOMMn, else the comment of the TTYPEn card (where most writers describe columns).
    pub description: Option<String>,
    /// TUCDn.
    pub ucd: Option<String>,
    /// TDIMn axes, first axis varying fastest (FITS order).
    pub tdim: Option<Vec<usize>>,
    /// TSCALn (1 when absent) and TZEROn (0 when absent): value = scale × stored + zero.
    pub scale: f64,
    pub zero: f64,
    /// TNULLn: the stored integer that means null (integer columns only).
    pub null: Option<i64>,
    /// Byte offset of the column in each row.
    pub offset: usize,
}

/// How a column's integers become values: most are read as they are; TZERO offsets that
/// the FITS standard defines for unsigned (and signed-byte) data stay exact integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntegerKind {
    /// No TSCAL/TZERO.
    Plain,
    /// TSCAL = 1 and an integral TZERO that keeps the value an exact integer in i64:
    /// `B` with -128 (signed bytes), `I` with 32768, `J` with 2^31 (unsigned), and others.
    Offset(i64),
    /// `K` with TZERO = 2^63: unsigned 64-bit integers.
    Unsigned64,
    /// Any other TSCAL/TZERO: the value is a float.
    Scaled,
}

const TWO_63: f64 = 9_223_372_036_854_775_808.0;

impl ColumnInfo {
    /// How integer cells of this column are read (meaningless for other codes).
    pub fn integer_kind(&self) -> IntegerKind {
        if self.scale == 1.0 && self.zero == 0.0 {
            IntegerKind::Plain
        } else if self.scale != 1.0 || self.zero.fract() != 0.0 {
            IntegerKind::Scaled
        } else if self.tform.code == TypeCode::Long {
            if self.zero == TWO_63 {
                IntegerKind::Unsigned64
            } else {
                IntegerKind::Scaled
            }
        } else if self.zero.abs() <= 4.0e15 {
            IntegerKind::Offset(self.zero as i64)
        } else {
            IntegerKind::Scaled
        }
    }

    /// A variable-length array column (`P`/`Q`).
    pub fn is_var_array(&self) -> bool {
        self.tform.array.is_some()
    }
}

/// One cell, typed. Arrays hold one [`Cell`] per element.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// TNULL, a NaN float, or a logical that is neither T nor F.
    Null,
    Bool(bool),
    Int(i64),
    /// `K` columns with TZERO = 2^63.
    UInt(u64),
    /// Floats, and integers with TSCAL/TZERO that make them non-integral.
    Float(f64),
    Complex(f64, f64),
    /// `A` columns, without trailing NULs and blanks.
    Text(String),
    /// `X` columns, most significant bit first.
    Bits(Vec<bool>),
    /// Several elements: repeat > 1, TDIM, or a variable-length array.
    Array(Vec<Cell>),
}

/// A binary table laid out over the file's bytes: nothing is copied until asked for.
#[derive(Clone, Debug)]
pub struct BinTable<'a> {
    hdu: HduRef,
    nrows: usize,
    row_bytes: usize,
    /// The main table: `nrows × row_bytes` bytes.
    rows: &'a [u8],
    /// From THEAP to the end of the PCOUNT bytes.
    heap: &'a [u8],
    pub columns: Vec<ColumnInfo>,
}

fn keyword(hdu: &HduRef, key: &str, cause: impl Into<String>) -> FitsError {
    FitsError::Keyword {
        hdu: hdu.clone(),
        key: key.to_owned(),
        cause: cause.into(),
    }
}

/// A keyword that must hold a non-negative integer.
pub(crate) fn count(header: &Header, key: &str, hdu: &HduRef) -> Result<usize, FitsError> {
    match header.get(key) {
        None => Err(keyword(hdu, key, "is missing")),
        Some(v) => header
            .get_i64(key)
            .and_then(|i| usize::try_from(i).ok())
            .ok_or_else(|| {
                keyword(
                    hdu,
                    key,
                    format!("is {:?}, not a non-negative integer", v.to_text()),
                )
            }),
    }
}

fn optional_text(header: &Header, key: &str) -> Option<String> {
    header
        .get_str(key)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn optional_f64(header: &Header, key: &str, hdu: &HduRef, default: f64) -> Result<f64, FitsError> {
    match header.get(key) {
        None => Ok(default),
        Some(v) => header
            .get_f64(key)
            .ok_or_else(|| keyword(hdu, key, format!("is {:?}, not a number", v.to_text()))),
    }
}

/// `(96,6)` → [96, 6].
fn parse_tdim(text: &str) -> Option<Vec<usize>> {
    let inner = text.trim().strip_prefix('(')?.strip_suffix(')')?;
    inner
        .split(',')
        .map(|d| d.trim().parse::<usize>().ok())
        .collect()
}

impl<'a> BinTable<'a> {
    /// Lays the table out from its header over `data`: the HDU's data part, exactly
    /// `NAXIS1 × NAXIS2 + PCOUNT` bytes.
    pub(crate) fn new(
        header: &Header,
        hdu: HduRef,
        data: &'a [u8],
    ) -> Result<BinTable<'a>, FitsError> {
        let layout = |cause: String| FitsError::Layout {
            hdu: hdu.clone(),
            cause,
        };
        if header.get_i64("BITPIX") != Some(8) {
            return Err(keyword(&hdu, "BITPIX", "must be 8 in a binary table"));
        }
        if header.get_i64("NAXIS") != Some(2) {
            return Err(keyword(&hdu, "NAXIS", "must be 2 in a binary table"));
        }
        let row_bytes = count(header, "NAXIS1", &hdu)?;
        let nrows = count(header, "NAXIS2", &hdu)?;
        let pcount = count(header, "PCOUNT", &hdu)?;
        let tfields = count(header, "TFIELDS", &hdu)?;
        if row_bytes == 0 && nrows > 0 {
            return Err(layout(format!(
                "NAXIS2 = {nrows} rows of NAXIS1 = 0 bytes: the table header is corrupt"
            )));
        }
        let table_bytes = row_bytes
            .checked_mul(nrows)
            .ok_or_else(|| layout("NAXIS1 × NAXIS2 overflows".to_owned()))?;
        let mut columns = Vec::with_capacity(tfields.min(999));
        let mut offset = 0usize;
        for i in 1..=tfields {
            let key = format!("TFORM{i}");
            let text = header.get_str(&key).ok_or_else(|| {
                keyword(
                    &hdu,
                    &key,
                    format!("is missing or not a string (TFIELDS = {tfields})"),
                )
            })?;
            let tform = Tform::parse(text).map_err(|cause| FitsError::BadTform {
                hdu: hdu.clone(),
                column: i,
                tform: text.to_owned(),
                cause,
            })?;
            let width = tform
                .width()
                .ok_or_else(|| layout(format!("TFORM{i} = '{text}' is too wide")))?;
            let ttype = format!("TTYPE{i}");
            let name = optional_text(header, &ttype).unwrap_or_else(|| format!("col{i}"));
            let description = optional_text(header, &format!("TCOMM{i}")).or_else(|| {
                header
                    .card(&ttype)
                    .and_then(|c| c.comment.clone())
                    .filter(|c| !c.is_empty())
            });
            let tdim_key = format!("TDIM{i}");
            let tdim = match header.get_str(&tdim_key) {
                None => None,
                Some(t) => {
                    let dims = parse_tdim(t).ok_or_else(|| {
                        keyword(&hdu, &tdim_key, format!("'{t}' is not (n1,n2,...)"))
                    })?;
                    let elements = dims.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
                    if tform.array.is_none() && elements.is_none_or(|n| n > tform.repeat) {
                        return Err(keyword(
                            &hdu,
                            &tdim_key,
                            format!("'{t}' has more elements than TFORM{i} = '{text}' holds"),
                        ));
                    }
                    Some(dims)
                }
            };
            let null_key = format!("TNULL{i}");
            let null = match header.get(&null_key) {
                Some(v) if tform.code.is_integer() => {
                    Some(header.get_i64(&null_key).ok_or_else(|| {
                        keyword(
                            &hdu,
                            &null_key,
                            format!("is {:?}, not an integer", v.to_text()),
                        )
                    })?)
                }
                _ => None,
            };
            columns.push(ColumnInfo {
                name,
                repeat: tform.repeat,
                tform,
                unit: optional_text(header, &format!("TUNIT{i}")),
                description,
                ucd: optional_text(header, &format!("TUCD{i}")),
                tdim,
                scale: optional_f64(header, &format!("TSCAL{i}"), &hdu, 1.0)?,
                zero: optional_f64(header, &format!("TZERO{i}"), &hdu, 0.0)?,
                null,
                offset,
            });
            offset = offset
                .checked_add(width)
                .ok_or_else(|| layout("the column widths overflow".to_owned()))?;
        }
        if offset != row_bytes {
            return Err(layout(format!(
                "the columns take {offset} bytes per row but NAXIS1 = {row_bytes}: the header is corrupt"
            )));
        }
        let heap_end = table_bytes
            .checked_add(pcount)
            .ok_or_else(|| layout("NAXIS1 × NAXIS2 + PCOUNT overflows".to_owned()))?;
        let theap = match header.get("THEAP") {
            None => table_bytes,
            Some(_) => count(header, "THEAP", &hdu)?,
        };
        if theap < table_bytes || theap > heap_end {
            return Err(keyword(
                &hdu,
                "THEAP",
                format!(
                    "{theap} is outside the heap area (bytes {table_bytes} to {heap_end} of the data)"
                ),
            ));
        }
        let (Some(rows), Some(heap)) = (data.get(..table_bytes), data.get(theap..heap_end)) else {
            return Err(layout(format!(
                "the table needs {heap_end} bytes of data, the HDU has {}",
                data.len()
            )));
        };
        Ok(BinTable {
            hdu,
            nrows,
            row_bytes,
            rows,
            heap,
            columns,
        })
    }

    pub fn nrows(&self) -> usize {
        self.nrows
    }

    /// Bytes per row (NAXIS1).
    pub fn row_bytes(&self) -> usize {
        self.row_bytes
    }

    /// The heap of variable-length arrays (empty when PCOUNT = 0).
    pub fn heap(&self) -> &'a [u8] {
        self.heap
    }

    /// Which HDU this table is, for messages.
    pub fn hdu(&self) -> &HduRef {
        &self.hdu
    }

    /// Index of the column, case-insensitive (TTYPE case varies between writers); an exact
    /// match wins.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name == name)
            .or_else(|| {
                self.columns
                    .iter()
                    .position(|c| c.name.eq_ignore_ascii_case(name))
            })
    }

    fn named(&self, name: &str) -> Result<usize, FitsError> {
        self.column_index(name)
            .ok_or_else(|| FitsError::NoSuchColumn {
                hdu: self.hdu.clone(),
                column: name.to_owned(),
            })
    }

    /// Every element of every row of a numeric column, as f64: row-major, a row's repeat
    /// elements contiguous, a variable-length array's elements in turn (row boundaries
    /// are then lost: use [`BinTable::cell`]). TSCAL/TZERO applied; TNULL and NaN give NaN;
    /// logicals give 1, 0, or NaN for null. Strings, bits and complex numbers are refused.
    pub fn column_f64(&self, name: &str) -> Result<Vec<f64>, FitsError> {
        self.column_f64_at(self.named(name)?)
    }

    /// [`BinTable::column_f64`] by column index.
    pub fn column_f64_at(&self, col: usize) -> Result<Vec<f64>, FitsError> {
        let c = self.column(col)?;
        if matches!(
            c.tform.code,
            TypeCode::Char | TypeCode::Bit | TypeCode::ComplexFloat | TypeCode::ComplexDouble
        ) {
            return Err(FitsError::NotNumeric {
                hdu: self.hdu.clone(),
                column: c.name.clone(),
                tform: c.tform.to_string(),
            });
        }
        if c.is_var_array() {
            let cells = (0..self.nrows)
                .map(|row| self.heap_array(row, c).map(|(_, bytes)| bytes))
                .collect::<Result<Vec<_>, _>>()?;
            let mut out = Vec::with_capacity(cells.iter().map(|b| b.len()).sum());
            numbers(&mut out, cells.into_iter(), c);
            return Ok(out);
        }
        let mut out = Vec::with_capacity(self.nrows.saturating_mul(c.repeat));
        if c.repeat == 0 || self.nrows == 0 {
            return Ok(out);
        }
        let (start, end) = (c.offset, c.offset + c.repeat * c.tform.code.size());
        let cells = self
            .rows
            .chunks_exact(self.row_bytes)
            .map(|row| &row[start..end]);
        numbers(&mut out, cells, c);
        Ok(out)
    }

    fn column(&self, col: usize) -> Result<&ColumnInfo, FitsError> {
        self.columns.get(col).ok_or_else(|| FitsError::NoSuchCell {
            hdu: self.hdu.clone(),
            row: 0,
            col,
            nrows: self.nrows,
            ncols: self.columns.len(),
        })
    }

    /// The bytes of a variable-length array in the heap, and its element count.
    fn heap_array(&self, row: usize, c: &ColumnInfo) -> Result<(usize, &'a [u8]), FitsError> {
        let at = row * self.row_bytes + c.offset;
        let d = &self.rows[at..at + c.tform.width().unwrap_or(0)];
        let (n, start) = match c.tform.array {
            Some(v) if v.long => (be_u64(&d[..8]), be_u64(&d[8..16])),
            _ => (be_u32(&d[..4]) as u64, be_u32(&d[4..8]) as u64),
        };
        let out_of_range = |len: u64| FitsError::HeapOutOfRange {
            hdu: self.hdu.clone(),
            column: c.name.clone(),
            row,
            start,
            len,
            heap_len: self.heap.len(),
        };
        let count = usize::try_from(n).map_err(|_| out_of_range(u64::MAX))?;
        let len = c
            .tform
            .code
            .bytes_for(count)
            .ok_or_else(|| out_of_range(u64::MAX))?;
        let bytes = usize::try_from(start)
            .ok()
            .and_then(|s| Some(s..s.checked_add(len)?))
            .and_then(|r| self.heap.get(r))
            .ok_or_else(|| out_of_range(len as u64))?;
        Ok((count, bytes))
    }

    /// One typed cell: scalars for repeat 1 (without TDIM), arrays otherwise; strings
    /// without trailing NULs and blanks (a TDIM with two axes or more on `A` gives an array
    /// of strings); a variable-length array from the heap.
    pub fn cell(&self, row: usize, col: usize) -> Result<Cell, FitsError> {
        let Some(c) = self.columns.get(col).filter(|_| row < self.nrows) else {
            return Err(FitsError::NoSuchCell {
                hdu: self.hdu.clone(),
                row,
                col,
                nrows: self.nrows,
                ncols: self.columns.len(),
            });
        };
        let (count, bytes) = if c.is_var_array() {
            self.heap_array(row, c)?
        } else {
            let at = row * self.row_bytes + c.offset;
            let width = c.tform.width().unwrap_or(0);
            (c.repeat, &self.rows[at..at + width])
        };
        Ok(match c.tform.code {
            TypeCode::Char => match c.tdim.as_deref() {
                Some([first, _, ..]) if *first > 0 && !c.is_var_array() => Cell::Array(
                    bytes
                        .chunks(*first)
                        .take(c.tdim.iter().flatten().skip(1).product())
                        .map(|s| Cell::Text(text(s)))
                        .collect(),
                ),
                _ => Cell::Text(text(bytes)),
            },
            TypeCode::Bit => Cell::Bits(
                (0..count)
                    .map(|i| bytes[i / 8] & (0x80 >> (i % 8)) != 0)
                    .collect(),
            ),
            code => {
                let size = code.size();
                let mut cells = bytes.chunks_exact(size).take(count).map(|e| element(e, c));
                if count == 1 && c.tdim.is_none() && !c.is_var_array() {
                    cells.next().unwrap_or(Cell::Null)
                } else {
                    Cell::Array(cells.collect())
                }
            }
        })
    }
}

/// A string cell: up to the first NUL, trailing blanks dropped (FITS 4.0 §7.3.3.1).
pub(crate) fn text(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    let s = &bytes[..end];
    let keep = s.iter().rposition(|&b| b != b' ').map_or(0, |p| p + 1);
    String::from_utf8_lossy(&s[..keep]).into_owned()
}

#[inline]
fn be_u32(b: &[u8]) -> u32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[..4]);
    u32::from_be_bytes(a)
}

#[inline]
fn be_u64(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_be_bytes(a)
}

/// One element (of `code.size()` bytes) as a cell.
fn element(b: &[u8], c: &ColumnInfo) -> Cell {
    let float = |v: f64| {
        if v.is_nan() {
            Cell::Null
        } else {
            Cell::Float(v)
        }
    };
    let int = |raw: i64| {
        if c.null == Some(raw) {
            return Cell::Null;
        }
        match c.integer_kind() {
            IntegerKind::Plain => Cell::Int(raw),
            IntegerKind::Offset(z) => Cell::Int(raw + z),
            IntegerKind::Unsigned64 => Cell::UInt((raw as u64) ^ (1 << 63)),
            IntegerKind::Scaled => Cell::Float(raw as f64 * c.scale + c.zero),
        }
    };
    match c.tform.code {
        TypeCode::Logical => match b[0] {
            b'T' => Cell::Bool(true),
            b'F' => Cell::Bool(false),
            _ => Cell::Null,
        },
        TypeCode::Byte => int(b[0] as i64),
        TypeCode::Short => int(i16::from_be_bytes([b[0], b[1]]) as i64),
        TypeCode::Int => int(be_u32(b) as i32 as i64),
        TypeCode::Long => int(be_u64(b) as i64),
        TypeCode::Float => float(f32::from_bits(be_u32(b)) as f64 * c.scale + c.zero),
        TypeCode::Double => float(f64::from_bits(be_u64(b)) * c.scale + c.zero),
        TypeCode::ComplexFloat => Cell::Complex(
            f32::from_bits(be_u32(b)) as f64,
            f32::from_bits(be_u32(&b[4..])) as f64,
        ),
        TypeCode::ComplexDouble => {
            Cell::Complex(f64::from_bits(be_u64(b)), f64::from_bits(be_u64(&b[8..])))
        }
        // Not elements of this kind (handled by the caller).
        TypeCode::Char | TypeCode::Bit => Cell::Null,
    }
}

/// Appends every element of every cell (each a whole number of elements) as f64. The
/// type is matched once per column, and each type gets its own loop over the cells, so
/// the per-element work is one load, one convert, one multiply-add.
fn numbers<'b>(out: &mut Vec<f64>, cells: impl Iterator<Item = &'b [u8]>, c: &ColumnInfo) {
    let (scale, zero, null) = (c.scale, c.zero, c.null);
    let unsigned = c.integer_kind() == IntegerKind::Unsigned64;
    let int = |raw: i64| -> f64 {
        if null == Some(raw) {
            f64::NAN
        } else if unsigned {
            ((raw as u64) ^ (1 << 63)) as f64
        } else {
            raw as f64 * scale + zero
        }
    };
    match c.tform.code {
        TypeCode::Logical => gather::<1>(out, cells, |[b]| match b {
            b'T' => 1.0,
            b'F' => 0.0,
            _ => f64::NAN,
        }),
        TypeCode::Byte => gather::<1>(out, cells, |[b]| int(b as i64)),
        TypeCode::Short => gather::<2>(out, cells, |b| int(i16::from_be_bytes(b) as i64)),
        TypeCode::Int => gather::<4>(out, cells, |b| int(i32::from_be_bytes(b) as i64)),
        TypeCode::Long => gather::<8>(out, cells, |b| int(i64::from_be_bytes(b))),
        TypeCode::Float => gather::<4>(out, cells, |b| f32::from_be_bytes(b) as f64 * scale + zero),
        TypeCode::Double => gather::<8>(out, cells, |b| f64::from_be_bytes(b) * scale + zero),
        TypeCode::Char | TypeCode::Bit | TypeCode::ComplexFloat | TypeCode::ComplexDouble => {}
    }
}

#[inline(always)]
fn gather<'b, const N: usize>(
    out: &mut Vec<f64>,
    cells: impl Iterator<Item = &'b [u8]>,
    f: impl Fn([u8; N]) -> f64,
) {
    for cell in cells {
        let (elements, _) = cell.as_chunks::<N>();
        out.extend(elements.iter().map(|b| f(*b)));
    }
}
