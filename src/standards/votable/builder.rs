//! Column builders: turn TABLEDATA cell text or BINARY element bytes into typed columns.
//!
//! Null conventions follow VOTable 1.5 and astropy's reading of them: an empty TD is
//! null for numbers and booleans; an integer equal to `VALUES null` is null (in arrays,
//! element by element); a NaN float is null; a BINARY2 row flag makes any cell null. An
//! empty string is an empty string, not a null, as astropy reads it; a string equal to a
//! `VALUES null` is null.

use super::column::{ArrayData, Column, ColumnData, NullMask, TextData, TooLarge};
use super::datatype::{ArraySize, Datatype};
use super::model::Field;

/// Why one cell could not be read. The caller adds row, field and position.
#[derive(Debug, Clone, PartialEq)]
pub enum CellError {
    BadNumber {
        text: String,
        datatype: Datatype,
    },
    OutOfRange {
        text: String,
        datatype: Datatype,
    },
    BadBoolean(String),
    /// A base64-encoded TD whose byte count does not fit the FIELD.
    BadEncoded(usize),
    TooLarge,
}

impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CellError::BadNumber { text, datatype } => {
                write!(f, "{:?} is not a valid {datatype}", shorten(text))
            }
            CellError::OutOfRange { text, datatype } => {
                write!(f, "{:?} does not fit in a {datatype}", shorten(text))
            }
            CellError::BadBoolean(text) => {
                write!(
                    f,
                    "{:?} is not a boolean (T, F, true, false, 1, 0, ?)",
                    shorten(text)
                )
            }
            CellError::BadEncoded(n) => {
                write!(f, "a base64-encoded cell of {n} bytes does not match the FIELD's datatype and arraysize")
            }
            CellError::TooLarge => f.write_str("the column holds more than 4 GiB"),
        }
    }
}

impl From<TooLarge> for CellError {
    fn from(_: TooLarge) -> Self {
        CellError::TooLarge
    }
}

/// XML whitespace trimmed, cheaply when there is none (the usual case).
#[inline(always)]
fn trim_xml(s: &str) -> &str {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if !f.is_ascii_whitespace() && !l.is_ascii_whitespace() => s,
        // An empty cell (a null): nothing to trim.
        (None, _) => s,
        _ => s.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r')),
    }
}

pub(crate) fn shorten(text: &str) -> String {
    if text.chars().count() > 60 {
        let mut s: String = text.chars().take(57).collect();
        s.push_str("...");
        s
    } else {
        text.to_owned()
    }
}

/// How the cells of a field are shaped.
#[derive(Clone, Debug, PartialEq)]
enum Shape {
    /// One number or boolean per cell.
    Scalar,
    /// One string per cell; `fixed` is the BINARY width in characters.
    String { fixed: Option<usize> },
    /// Several elements per cell. Complex numbers are arrays of (re, im) pairs.
    Array(ArraySize),
}

/// The TABLEDATA cells [`ColumnBuilder::push_text`] reads without the general path: the
/// column kinds of nearly every TAP result, decided once from the FIELD.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fast {
    /// A string per cell.
    Text,
    /// A scalar double.
    Double,
    /// A scalar short, int or long.
    Integer,
    Other,
}

/// Builds one column. Created from the FIELD, fed cell by cell.
#[derive(Debug)]
pub struct ColumnBuilder {
    datatype: Datatype,
    shape: Shape,
    /// VALUES null for integer types, already parsed.
    null_int: Option<i64>,
    /// VALUES null for floats (rare: most use NaN).
    null_float: Option<f64>,
    /// VALUES null for strings (rare, but real: "-" or "NULL").
    null_text: Option<String>,
    column: Column,
    /// The declared row count (0 if none): text arenas grow towards it.
    expected_rows: usize,
    fast: Fast,
    /// Created for a TABLE without FIELDs.
    untyped: bool,
    /// astropy writes variable-length bit arrays one byte per bit (not packed as
    /// VOTable says); set for documents astropy wrote so they read as astropy reads them.
    bytes_per_bit: bool,
}

impl ColumnBuilder {
    pub fn new(field: &Field, capacity: usize) -> ColumnBuilder {
        let datatype = field.datatype;
        let shape = match &field.arraysize {
            None if datatype.is_complex() => Shape::Array(ArraySize {
                dims: vec![1],
                variable: false,
            }),
            None => {
                if datatype.is_text() {
                    Shape::String { fixed: Some(1) }
                } else {
                    Shape::Scalar
                }
            }
            Some(a) if datatype.is_text() && !a.is_multi_dim() => Shape::String {
                fixed: a.fixed_count(),
            },
            Some(a) if a.is_single() && !datatype.is_complex() => Shape::Scalar,
            Some(a) => Shape::Array(a.clone()),
        };
        let null_raw = field.values.as_ref().and_then(|v| v.null.as_deref());
        let null_int = if datatype.is_integer() || datatype == Datatype::Bit {
            null_raw.and_then(|s| parse_int(s.trim()))
        } else {
            None
        };
        // Floats have NaN, but VALUES null applies to them too (astropy masks equal values).
        let null_float = match datatype {
            Datatype::Float | Datatype::Double => null_raw.and_then(|s| parse_float(s.trim())),
            _ => None,
        };
        let element_null = null_int.map(|v| v as f64).or(null_float);
        let null_text = if datatype.is_text() {
            null_raw.map(str::to_owned)
        } else {
            None
        };
        let element = empty_data(datatype, capacity);
        let data = match &shape {
            Shape::Scalar => element,
            Shape::String { .. } => ColumnData::Text(TextData::with_rows(capacity)),
            Shape::Array(_) => ColumnData::Array(
                ArrayData::new(match datatype {
                    // Strings in a multi-dimensional char array: one element per string.
                    Datatype::Char | Datatype::UnicodeChar => ColumnData::Text(TextData::default()),
                    _ => empty_data(datatype, 0),
                })
                .with_element_null(element_null),
            ),
        };
        let fast = match (&shape, &data) {
            (Shape::String { .. }, ColumnData::Text(_)) => Fast::Text,
            (Shape::Scalar, ColumnData::Double(_)) => Fast::Double,
            (Shape::Scalar, ColumnData::Short(_) | ColumnData::Int(_) | ColumnData::Long(_)) => {
                Fast::Integer
            }
            _ => Fast::Other,
        };
        ColumnBuilder {
            datatype,
            shape,
            fast,
            null_int,
            null_float,
            null_text,
            column: Column {
                data,
                nulls: NullMask::with_capacity(capacity),
            },
            expected_rows: capacity,
            untyped: false,
            bytes_per_bit: false,
        }
    }

    /// Reads variable-length bit arrays as astropy writes them: one byte per bit for
    /// `*`, each item on whole bytes for `AxB*`.
    pub fn astropy_bit_arrays(&mut self) {
        if let Shape::Array(a) = &self.shape {
            self.bytes_per_bit = self.datatype == Datatype::Bit && a.variable;
        }
    }

    /// A scalar complex with a NaN part is null (as astropy reads it).
    fn complex_scalar_nan(&self) -> bool {
        let scalar = matches!(&self.shape, Shape::Array(a) if !a.variable && a.dims == [1]);
        if !(scalar && self.datatype.is_complex()) {
            return false;
        }
        let ColumnData::Array(a) = &self.column.data else {
            return false;
        };
        let n = a.values.len();
        n >= 2
            && (a.values.f64_at(n - 1).is_some_and(f64::is_nan)
                || a.values.f64_at(n - 2).is_some_and(f64::is_nan))
    }

    /// Bytes holding `count` bits of this (bit) field.
    fn bit_bytes(&self, count: usize, size: &ArraySize) -> usize {
        if !self.bytes_per_bit {
            return count.div_ceil(8);
        }
        let inner = size.inner_count();
        if size.dims.len() == 1 || inner == 0 {
            count
        } else {
            (count / inner).saturating_mul(inner.div_ceil(8))
        }
    }

    /// A text column for a TABLE without FIELDs (a documented recovery).
    pub fn untyped_text(rows_before: usize) -> ColumnBuilder {
        let mut b = ColumnBuilder::new(
            &Field {
                arraysize: Some(ArraySize {
                    dims: vec![0],
                    variable: true,
                }),
                ..Field::new("", Datatype::Char)
            },
            rows_before,
        );
        for _ in 0..rows_before {
            b.push_null();
        }
        b.untyped = true;
        b
    }

    /// Rows so far.
    pub fn rows(&self) -> usize {
        self.column.len()
    }

    /// A copy of the first `n` rows built so far.
    pub fn head(&self, n: usize) -> Column {
        self.column.head(n)
    }

    pub fn is_untyped(&self) -> bool {
        self.untyped
    }

    /// Makes room for `factor` times the rows held now (see
    /// [`ColumnData::try_reserve_scaled`]); false if memory is short.
    pub fn try_reserve_scaled(&mut self, factor: f64) -> bool {
        let rows = self.column.len();
        let more = ((rows as f64) * (factor - 1.0)).ceil().max(0.0) as usize;
        self.column.nulls.try_reserve(more) && self.column.data.try_reserve_scaled(factor)
    }

    pub fn finish(self) -> Column {
        self.column
    }

    /// A null cell (missing TD, BINARY2 flag already consumed the bytes).
    pub fn push_null(&mut self) {
        match &mut self.column.data {
            ColumnData::Bool(v) | ColumnData::UByte(v) => v.push(0),
            ColumnData::Short(v) => v.push(0),
            ColumnData::Int(v) => v.push(0),
            ColumnData::Long(v) => v.push(0),
            ColumnData::Float(v) => v.push(f32::NAN),
            ColumnData::Double(v) => v.push(f64::NAN),
            // An empty string cannot overflow the arena.
            ColumnData::Text(t) => {
                let _ = t.push("");
            }
            ColumnData::Array(a) => {
                let _ = a.end_row();
            }
        }
        self.column.nulls.push(true);
    }

    /// The common TABLEDATA cells (text, and doubles and integers the fast parsers
    /// read), pushed without building a `Result`; `false`: nothing was pushed, use
    /// [`ColumnBuilder::push_text`].
    #[inline(always)]
    pub fn push_fast(&mut self, raw: &str) -> bool {
        match self.fast {
            Fast::Text => {
                let s = trim_xml(raw);
                if self.null_text.is_some() {
                    return false;
                }
                let ColumnData::Text(t) = &mut self.column.data else {
                    return false;
                };
                if !t.push_within_limit(s, self.expected_rows) {
                    return false;
                }
                self.column.nulls.push(false);
                true
            }
            Fast::Double => {
                let s = trim_xml(raw);
                let ColumnData::Double(v) = &mut self.column.data else {
                    return false;
                };
                if s.is_empty() {
                    v.push(f64::NAN);
                    self.column.nulls.push(true);
                    return true;
                }
                let Some(x) = parse_float_fast(s.as_bytes()) else {
                    return false;
                };
                v.push(x);
                self.column.nulls.push(self.null_float == Some(x));
                true
            }
            Fast::Integer => {
                let s = trim_xml(raw);
                if s.is_empty() {
                    return false;
                }
                let Some(x) = parse_int(s) else {
                    return false;
                };
                match &mut self.column.data {
                    ColumnData::Long(v) => v.push(x),
                    ColumnData::Int(v) if i32::try_from(x).is_ok() => v.push(x as i32),
                    ColumnData::Short(v) if i16::try_from(x).is_ok() => v.push(x as i16),
                    _ => return false,
                }
                self.column.nulls.push(self.null_int == Some(x));
                true
            }
            Fast::Other => false,
        }
    }

    /// A string cell (its VALUES null, if any, marks it null).
    #[inline]
    fn push_string(&mut self, raw: &str) -> Result<(), CellError> {
        let s = trim_xml(raw);
        let null = self.null_text.as_deref() == Some(s);
        if let ColumnData::Text(t) = &mut self.column.data {
            t.push_expecting(s, self.expected_rows)?;
        }
        self.column.nulls.push(null);
        Ok(())
    }

    /// One TABLEDATA cell, entities already decoded.
    #[inline]
    pub fn push_text(&mut self, raw: &str) -> Result<(), CellError> {
        match self.fast {
            Fast::Text => self.push_string(raw),
            Fast::Double => {
                let s = trim_xml(raw);
                if s.is_empty() {
                    self.push_null();
                    return Ok(());
                }
                if let (ColumnData::Double(v), Some(x)) = (&mut self.column.data, parse_float(s)) {
                    v.push(x);
                    self.column
                        .nulls
                        .push(x.is_nan() || self.null_float == Some(x));
                    return Ok(());
                }
                self.push_scalar(s)
            }
            Fast::Integer => {
                let s = trim_xml(raw);
                if s.is_empty() {
                    self.push_null();
                    return Ok(());
                }
                let Some(x) = parse_int(s) else {
                    return self.push_scalar(s);
                };
                match &mut self.column.data {
                    ColumnData::Long(v) => v.push(x),
                    ColumnData::Int(v) if i32::try_from(x).is_ok() => v.push(x as i32),
                    ColumnData::Short(v) if i16::try_from(x).is_ok() => v.push(x as i16),
                    _ => return self.push_scalar(s),
                }
                self.column.nulls.push(self.null_int == Some(x));
                Ok(())
            }
            Fast::Other => match self.shape {
                Shape::String { .. } => self.push_string(raw),
                Shape::Scalar => {
                    let s = trim_xml(raw);
                    if s.is_empty() {
                        self.push_null();
                        return Ok(());
                    }
                    self.push_scalar(s)
                }
                Shape::Array(_) => self.push_array_text(raw),
            },
        }
    }

    /// A non-empty scalar cell, trimmed, of any type (the general path).
    #[inline(never)]
    fn push_scalar(&mut self, s: &str) -> Result<(), CellError> {
        let mut null = push_scalar_text(&mut self.column.data, self.datatype, s, self.null_int)?;
        if let Some(nf) = self.null_float {
            null |= self.column.data.f64_at(self.column.data.len() - 1) == Some(nf);
        }
        self.column.nulls.push(null);
        Ok(())
    }

    fn push_array_text(&mut self, raw: &str) -> Result<(), CellError> {
        let s = raw.trim();
        if s.is_empty() {
            self.push_null();
            return Ok(());
        }
        let datatype = self.datatype;
        let null_int = self.null_int;
        let ColumnData::Array(a) = &mut self.column.data else {
            unreachable!("array shape always has array data")
        };
        match datatype {
            Datatype::Char | Datatype::UnicodeChar => {
                // Multi-dimensional char: split the text into strings of the first dimension.
                let width = match &self.shape {
                    Shape::Array(size) => size.dims[0].max(1) as usize,
                    _ => 1,
                };
                if let ColumnData::Text(t) = a.values.as_mut() {
                    let chars: Vec<char> = raw.chars().collect();
                    for chunk in chars.chunks(width) {
                        let piece: String = chunk.iter().collect();
                        t.push(piece.trim_end_matches('\0'))?;
                    }
                }
            }
            Datatype::Bit => {
                // Bits may be written "0 1 1" or "011".
                for c in s.bytes().filter(|b| !b.is_ascii_whitespace()) {
                    let bit = match c {
                        b'0' => 0,
                        b'1' => 1,
                        _ => {
                            return Err(CellError::BadNumber {
                                text: s.to_owned(),
                                datatype,
                            })
                        }
                    };
                    if let ColumnData::Bool(v) = a.values.as_mut() {
                        v.push(bit);
                    }
                }
            }
            _ => {
                for token in s.split(|c: char| c.is_ascii_whitespace() || c == ',') {
                    if token.is_empty() {
                        continue;
                    }
                    if datatype.is_complex() {
                        // Complex values are written as "re im" pairs: each token is one part.
                        push_scalar_text(a.values.as_mut(), component_type(datatype), token, None)?;
                    } else {
                        let null = push_scalar_text(a.values.as_mut(), datatype, token, null_int)?;
                        mark_bool_element_null(a.values.as_mut(), null);
                    }
                }
            }
        }
        a.end_row()?;
        let null = self.complex_scalar_nan();
        self.column.nulls.push(null);
        Ok(())
    }

    /// A TABLEDATA cell written as `<TD encoding="base64">`: the BINARY bytes of the cell.
    pub fn push_encoded(&mut self, bytes: &[u8]) -> Result<(), CellError> {
        match self.binary_len(bytes) {
            Some(len) if len == bytes.len() => self.push_binary(bytes, None),
            _ => Err(CellError::BadEncoded(bytes.len())),
        }
    }

    /// Bytes one cell occupies in a BINARY stream, or `None` if `buf` is too short to
    /// tell (a variable-length count not yet arrived).
    pub fn binary_len(&self, buf: &[u8]) -> Option<usize> {
        // Counts come from the stream: saturate rather than overflow on hostile values
        // (a saturated length is never complete, so the row is reported as cut).
        let size = self.datatype.binary_size();
        match &self.shape {
            Shape::Scalar => Some(size),
            Shape::String { fixed: Some(n) } => Some(n.saturating_mul(size)),
            Shape::String { fixed: None } => {
                let count = read_count(buf)?;
                Some(count.saturating_mul(size).saturating_add(4))
            }
            Shape::Array(a) => {
                let count = match a.fixed_count() {
                    Some(n) => n,
                    None => read_count(buf)?.saturating_mul(a.inner_count()),
                };
                let bytes = if self.datatype == Datatype::Bit {
                    self.bit_bytes(count, a)
                } else {
                    count.saturating_mul(size)
                };
                Some(if a.variable {
                    bytes.saturating_add(4)
                } else {
                    bytes
                })
            }
        }
    }

    /// One BINARY/BINARY2 cell from exactly `binary_len` bytes; `flag` is the BINARY2 null
    /// flag, `None` in BINARY, where an empty variable-length array can only mean null.
    pub fn push_binary(&mut self, cell: &[u8], flag: Option<bool>) -> Result<(), CellError> {
        let flagged = flag.unwrap_or(false);
        let datatype = self.datatype;
        match &self.shape {
            Shape::Scalar => {
                let mut null =
                    push_scalar_binary(&mut self.column.data, datatype, cell, self.null_int);
                if let Some(nf) = self.null_float {
                    null |= self.column.data.f64_at(self.column.data.len() - 1) == Some(nf);
                }
                self.column.nulls.push(null || flagged);
            }
            Shape::String { fixed } => {
                let body = if fixed.is_some() { cell } else { &cell[4..] };
                let text = decode_binary_text(datatype, body);
                let null = flagged || self.null_text.as_deref() == Some(text.as_str());
                if let ColumnData::Text(t) = &mut self.column.data {
                    t.push_expecting(&text, self.expected_rows)?;
                }
                self.column.nulls.push(null);
            }
            Shape::Array(size) => {
                let body = if size.variable { &cell[4..] } else { cell };
                let ColumnData::Array(a) = &mut self.column.data else {
                    unreachable!("array shape always has array data")
                };
                match datatype {
                    Datatype::Bit => {
                        let count = match size.fixed_count() {
                            Some(n) => n,
                            None => read_count(cell).unwrap_or(0) * size.inner_count(),
                        };
                        let inner = size.inner_count().max(1);
                        let per_item = if self.bytes_per_bit && size.dims.len() > 1 {
                            Some(inner.div_ceil(8))
                        } else {
                            None
                        };
                        if let ColumnData::Bool(v) = a.values.as_mut() {
                            if self.bytes_per_bit && per_item.is_none() {
                                v.extend(body.iter().take(count).map(|&b| (b != 0) as u8));
                            } else {
                                for i in 0..count {
                                    let (byte, bit) = match per_item {
                                        Some(n) => {
                                            ((i / inner) * n + (i % inner) / 8, (i % inner) % 8)
                                        }
                                        None => (i / 8, i % 8),
                                    };
                                    v.push((body[byte] >> (7 - bit)) & 1);
                                }
                            }
                        }
                    }
                    Datatype::Char | Datatype::UnicodeChar => {
                        let width = size.dims[0].max(1) as usize * datatype.binary_size();
                        if let ColumnData::Text(t) = a.values.as_mut() {
                            for chunk in body.chunks(width) {
                                t.push(&decode_binary_text(datatype, chunk))?;
                            }
                        }
                    }
                    _ => {
                        let (elem_type, elem_size) = if datatype.is_complex() {
                            let c = component_type(datatype);
                            (c, c.binary_size())
                        } else {
                            (datatype, datatype.binary_size())
                        };
                        for chunk in body.chunks_exact(elem_size) {
                            let null =
                                push_scalar_binary(a.values.as_mut(), elem_type, chunk, None);
                            mark_bool_element_null(a.values.as_mut(), null);
                        }
                    }
                }
                a.end_row()?;
                let empty_v1 = flag.is_none() && size.variable && a.range(a.len() - 1).is_empty();
                let null = flagged || empty_v1 || self.complex_scalar_nan();
                self.column.nulls.push(null);
            }
        }
        Ok(())
    }
}

/// A null element of a boolean array is stored as 2 (scalars use the null mask).
fn mark_bool_element_null(values: &mut ColumnData, null: bool) {
    if let (ColumnData::Bool(v), true) = (values, null) {
        if let Some(last) = v.last_mut() {
            *last = 2;
        }
    }
}

fn component_type(datatype: Datatype) -> Datatype {
    if datatype == Datatype::FloatComplex {
        Datatype::Float
    } else {
        Datatype::Double
    }
}

fn empty_data(datatype: Datatype, capacity: usize) -> ColumnData {
    match datatype {
        Datatype::Boolean | Datatype::Bit => ColumnData::Bool(Vec::with_capacity(capacity)),
        Datatype::UnsignedByte => ColumnData::UByte(Vec::with_capacity(capacity)),
        Datatype::Short => ColumnData::Short(Vec::with_capacity(capacity)),
        Datatype::Int => ColumnData::Int(Vec::with_capacity(capacity)),
        Datatype::Long => ColumnData::Long(Vec::with_capacity(capacity)),
        Datatype::Float | Datatype::FloatComplex => ColumnData::Float(Vec::with_capacity(capacity)),
        Datatype::Double | Datatype::DoubleComplex => {
            ColumnData::Double(Vec::with_capacity(capacity))
        }
        Datatype::Char | Datatype::UnicodeChar => ColumnData::Text(TextData::default()),
    }
}

#[inline]
fn read_count(buf: &[u8]) -> Option<usize> {
    let b: [u8; 4] = buf.get(..4)?.try_into().ok()?;
    Some(u32::from_be_bytes(b) as usize)
}

/// Parses an integer as VOTable writes them: decimal, or hexadecimal with `0x`.
#[inline]
pub(crate) fn parse_int(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        let v = u64::from_str_radix(hex, 16).ok()? as i64;
        return Some(if neg { v.wrapping_neg() } else { v });
    }
    // Fast path for plain decimal digits (the common case).
    let bytes = digits.as_bytes();
    if bytes.is_empty() || bytes.len() > 18 || !bytes.iter().all(u8::is_ascii_digit) {
        return s.parse::<i64>().ok();
    }
    let mut v: i64 = 0;
    for &b in bytes {
        v = v * 10 + (b - b'0') as i64;
    }
    Some(if neg { -v } else { v })
}

/// Pushes one scalar from text; returns whether it is null.
#[inline]
fn push_scalar_text(
    data: &mut ColumnData,
    datatype: Datatype,
    s: &str,
    null_int: Option<i64>,
) -> Result<bool, CellError> {
    let bad = || CellError::BadNumber {
        text: s.to_owned(),
        datatype,
    };
    let range = || CellError::OutOfRange {
        text: s.to_owned(),
        datatype,
    };
    match data {
        ColumnData::Double(v) => {
            let x = parse_float(s).ok_or_else(bad)?;
            v.push(x);
            Ok(x.is_nan())
        }
        ColumnData::Float(v) => {
            let x = parse_float(s).ok_or_else(bad)? as f32;
            v.push(x);
            Ok(x.is_nan())
        }
        ColumnData::Bool(v) => {
            let b = match s {
                "T" | "t" | "1" | "true" | "TRUE" | "True" => Some(1),
                "F" | "f" | "0" | "false" | "FALSE" | "False" => Some(0),
                "?" => None,
                _ => return Err(CellError::BadBoolean(s.to_owned())),
            };
            v.push(b.unwrap_or(0));
            Ok(b.is_none())
        }
        _ => {
            let Some(x) = parse_int(s) else {
                // Services do write NaN into integer columns; it can only mean null.
                if s.eq_ignore_ascii_case("nan") {
                    push_int(data, 0);
                    return Ok(true);
                }
                // "3.0" in an integer column: accept integral values written as floats.
                let f = s.parse::<f64>().map_err(|_| bad())?;
                if f.fract() != 0.0 || !f.is_finite() || f.abs() > 9.2e18 {
                    return Err(bad());
                }
                let x = f as i64;
                if !fits(data, x) {
                    return Err(range());
                }
                push_int(data, x);
                return Ok(null_int == Some(x));
            };
            if !fits(data, x) {
                return Err(range());
            }
            push_int(data, x);
            Ok(null_int == Some(x))
        }
    }
}

#[inline]
fn fits(data: &ColumnData, x: i64) -> bool {
    match data {
        ColumnData::UByte(_) => (0..=255).contains(&x),
        ColumnData::Short(_) => i16::try_from(x).is_ok(),
        ColumnData::Int(_) => i32::try_from(x).is_ok(),
        _ => true,
    }
}

#[inline]
fn push_int(data: &mut ColumnData, x: i64) {
    match data {
        ColumnData::UByte(v) => v.push(x as u8),
        ColumnData::Short(v) => v.push(x as i16),
        ColumnData::Int(v) => v.push(x as i32),
        ColumnData::Long(v) => v.push(x),
        ColumnData::Bool(v) => v.push((x != 0) as u8),
        _ => {}
    }
}

/// Exact powers of ten: every one up to 1e22 is a double.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Clinger's fast path: a decimal whose digits make an integer below 2^53 and with a
/// small power of ten is one exact integer times or divided by one exact power of ten,
/// so a single correctly rounded operation gives the correctly rounded result. `None`:
/// use the general algorithm.
#[inline(always)]
fn parse_float_fast(s: &[u8]) -> Option<f64> {
    let (neg, s) = match s.first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let n = s.len();
    let mut mantissa: u64 = 0;
    let mut i = 0;
    // Digits accumulate with wrapping arithmetic; more than 19 significant digits
    // (which could wrap) are caught below.
    while i < n {
        let d = s[i].wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        mantissa = mantissa.wrapping_mul(10).wrapping_add(d as u64);
        i += 1;
    }
    let int_digits = i;
    let mut frac_digits = 0;
    if i < n && s[i] == b'.' {
        i += 1;
        let start = i;
        while i < n {
            let d = s[i].wrapping_sub(b'0');
            if d > 9 {
                break;
            }
            mantissa = mantissa.wrapping_mul(10).wrapping_add(d as u64);
            i += 1;
        }
        frac_digits = i - start;
    }
    let digits = int_digits + frac_digits;
    if digits == 0 {
        return None;
    }
    if digits > 19 {
        // Leading zeros (0.000000000000000000012) are not significant.
        let significant = s[..i]
            .iter()
            .filter(|&&b| b != b'.')
            .skip_while(|&&b| b == b'0')
            .count();
        if significant > 19 {
            return None;
        }
    }
    if mantissa > 1 << 53 {
        return None;
    }
    let mut scale = -(frac_digits as i64);
    if i < n && (s[i] == b'e' || s[i] == b'E') {
        i += 1;
        let (eneg, start) = match s.get(i) {
            Some(b'-') => (true, i + 1),
            Some(b'+') => (false, i + 1),
            _ => (false, i),
        };
        i = start;
        let mut e: i64 = 0;
        while i < n && s[i].is_ascii_digit() && e < 1000 {
            e = e * 10 + (s[i] - b'0') as i64;
            i += 1;
        }
        if i == start {
            return None;
        }
        scale += if eneg { -e } else { e };
    }
    if i != n {
        return None;
    }
    let m = mantissa as f64;
    let v = if scale >= 0 {
        *POW10.get(scale as usize)? * m
    } else {
        m / *POW10.get((-scale) as usize)?
    };
    Some(if neg { -v } else { v })
}

/// Parses a float as VOTable writers write them, including `NaN`, `Inf`, `+Inf`, `-Inf`.
#[inline]
pub(crate) fn parse_float(s: &str) -> Option<f64> {
    if let Some(v) = parse_float_fast(s.as_bytes()) {
        return Some(v);
    }
    match s.parse::<f64>() {
        Ok(v) => Some(v),
        Err(_) => match s.to_ascii_lowercase().as_str() {
            "+inf" | "inf" | "+infinity" | "infinity" => Some(f64::INFINITY),
            "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
            "nan" | "+nan" | "-nan" => Some(f64::NAN),
            _ => None,
        },
    }
}

/// Pushes one scalar from its big-endian bytes; returns whether it is null.
#[inline]
fn push_scalar_binary(
    data: &mut ColumnData,
    datatype: Datatype,
    b: &[u8],
    null_int: Option<i64>,
) -> bool {
    match data {
        ColumnData::Double(v) => {
            let x = f64::from_be_bytes(b[..8].try_into().unwrap_or([0; 8]));
            v.push(x);
            x.is_nan()
        }
        ColumnData::Float(v) => {
            let x = f32::from_be_bytes(b[..4].try_into().unwrap_or([0; 4]));
            v.push(x);
            x.is_nan()
        }
        ColumnData::Int(v) => {
            let x = i32::from_be_bytes(b[..4].try_into().unwrap_or([0; 4]));
            v.push(x);
            null_int == Some(x as i64)
        }
        ColumnData::Long(v) => {
            let x = i64::from_be_bytes(b[..8].try_into().unwrap_or([0; 8]));
            v.push(x);
            null_int == Some(x)
        }
        ColumnData::Short(v) => {
            let x = i16::from_be_bytes(b[..2].try_into().unwrap_or([0; 2]));
            v.push(x);
            null_int == Some(x as i64)
        }
        ColumnData::UByte(v) => {
            v.push(b[0]);
            null_int == Some(b[0] as i64)
        }
        ColumnData::Bool(v) => {
            if datatype == Datatype::Bit {
                // The spec puts a lone bit in the high bit; astropy writes 0x08. Any set bit is true.
                v.push((b[0] != 0) as u8);
                return false;
            }
            let value = match b[0] {
                b'T' | b't' | b'1' => Some(1),
                b'F' | b'f' | b'0' => Some(0),
                _ => None,
            };
            v.push(value.unwrap_or(0));
            value.is_none()
        }
        ColumnData::Text(_) | ColumnData::Array(_) => false,
    }
}

/// Text of a BINARY char (ASCII, read as Latin-1 when not) or unicodeChar (UCS-2 BE)
/// cell, trailing NULs removed.
fn decode_binary_text(datatype: Datatype, body: &[u8]) -> String {
    if datatype == Datatype::UnicodeChar {
        let units: Vec<u16> = body
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        let s = String::from_utf16_lossy(&units);
        s.trim_end_matches('\0').to_owned()
    } else {
        let end = body.iter().rposition(|&b| b != 0).map_or(0, |p| p + 1);
        let body = &body[..end];
        // Stop at the first NUL as well: C writers pad with NUL after the string.
        let body = match memchr::memchr(0, body) {
            Some(p) => &body[..p],
            None => body,
        };
        match std::str::from_utf8(body) {
            Ok(s) => s.to_owned(),
            Err(_) => body.iter().map(|&b| b as char).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::votable::column::Value;
    use crate::standards::votable::model::Values;

    fn field(datatype: &str, arraysize: Option<&str>, null: Option<&str>) -> Field {
        let mut f = Field::new("x", Datatype::parse(datatype).unwrap());
        f.arraysize = arraysize.map(|a| ArraySize::parse(a).unwrap());
        if let Some(n) = null {
            f.values = Some(Values {
                null: Some(n.into()),
                ..Values::default()
            });
        }
        f
    }

    #[test]
    fn ints_with_null_value_and_hex() {
        let mut b = ColumnBuilder::new(&field("int", None, Some("-999")), 4);
        for s in ["12", "-999", "", "0x1F", " 7 "] {
            b.push_text(s).unwrap();
        }
        let c = b.finish();
        let v: Vec<Value> = (0..5).map(|i| c.value(i)).collect();
        assert_eq!(
            v,
            vec![
                Value::Int(12),
                Value::Null,
                Value::Null,
                Value::Int(31),
                Value::Int(7)
            ]
        );
    }

    #[test]
    fn short_out_of_range_is_an_error() {
        let mut b = ColumnBuilder::new(&field("short", None, None), 1);
        assert!(matches!(
            b.push_text("70000"),
            Err(CellError::OutOfRange { .. })
        ));
        assert!(matches!(
            b.push_text("abc"),
            Err(CellError::BadNumber { .. })
        ));
    }

    #[test]
    fn floats_nan_inf() {
        let mut b = ColumnBuilder::new(&field("double", None, None), 4);
        for s in ["1.5e3", "NaN", "-Inf", "+Inf", ""] {
            b.push_text(s).unwrap();
        }
        let c = b.finish();
        assert_eq!(c.f64_at(0), Some(1500.0));
        assert!(c.is_null(1));
        assert_eq!(c.value(2), Value::Special("-inf"));
        assert_eq!(c.value(3), Value::Special("inf"));
        assert!(c.is_null(4));
    }

    #[test]
    fn binary_variable_string_and_array() {
        let f = field("char", Some("*"), None);
        let b = ColumnBuilder::new(&f, 1);
        let cell = [0, 0, 0, 4, b'C', b'r', b'a', b'b'];
        assert_eq!(b.binary_len(&cell), Some(8));
        let mut b = b;
        b.push_binary(&cell, Some(false)).unwrap();
        assert_eq!(b.finish().str_at(0), Some("Crab"));

        let f = field("short", Some("2x*"), None);
        let mut b = ColumnBuilder::new(&f, 1);
        let cell = [0, 0, 0, 2, 0, 1, 0, 2, 0, 3, 0, 4];
        assert_eq!(b.binary_len(&cell), Some(12));
        b.push_binary(&cell, Some(false)).unwrap();
        assert_eq!(
            b.finish().value(0),
            Value::Array(vec![
                Value::Int(1),
                Value::Int(2),
                Value::Int(3),
                Value::Int(4)
            ])
        );
    }

    #[test]
    fn bits_packed_msb_first() {
        let f = field("bit", Some("10"), None);
        let mut b = ColumnBuilder::new(&f, 1);
        assert_eq!(b.binary_len(&[]), Some(2));
        b.push_binary(&[0b1010_0000, 0b0100_0000], Some(false))
            .unwrap();
        let v = b.finish().value(0);
        let Value::Array(bits) = v else { panic!() };
        let ones: Vec<usize> = bits
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == Value::Bool(true))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(ones, vec![0, 2, 9]);
    }

    #[test]
    fn fast_float_path_agrees_with_the_general_one() {
        let mut x: u64 = 0x2545F4914F6CDD1D;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            if !v.is_finite() {
                continue;
            }
            for text in [
                format!("{v}"),
                format!("{v:e}"),
                format!("{v:.6}"),
                format!("{:.9}", v / 1e300),
            ] {
                assert_eq!(
                    parse_float(&text).map(f64::to_bits),
                    text.parse::<f64>().ok().map(f64::to_bits),
                    "{text}"
                );
            }
        }
        for text in [
            "83.63308",
            "-30.22559",
            "1.239842e-20",
            "0.000403806",
            "+5",
            "5.",
            ".5",
            "1e22",
            "123456789012345",
            "1234567890123456",
            "1e",
            "e5",
            "-",
            "0.1e-3",
            "00012.5000",
        ] {
            assert_eq!(
                parse_float(text).map(f64::to_bits),
                text.parse::<f64>().ok().map(f64::to_bits),
                "{text}"
            );
        }
    }

    #[test]
    fn booleans() {
        let mut b = ColumnBuilder::new(&field("boolean", None, None), 3);
        for s in ["T", "false", "?", ""] {
            b.push_text(s).unwrap();
        }
        assert!(b.push_text("maybe").is_err());
        let c = b.finish();
        assert_eq!(c.value(0), Value::Bool(true));
        assert_eq!(c.value(1), Value::Bool(false));
        assert_eq!(c.value(2), Value::Null);
        assert_eq!(c.value(3), Value::Null);
    }
}
