//! Typed columnar storage: one typed vector and one null mask per column.
//!
//! The table view, sorting, plots and SAMP all read these vectors directly, so a
//! million-row result costs a few flat allocations, not a million row objects.

use serde::Serialize;

/// One bit per row; a set bit means the cell is null.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NullMask {
    bits: Vec<u64>,
    len: usize,
    nulls: usize,
}

impl NullMask {
    /// Makes room for `rows` more rows; false if memory is short (nothing changes).
    pub fn try_reserve(&mut self, rows: usize) -> bool {
        self.bits.try_reserve(rows.div_ceil(64)).is_ok()
    }

    /// The first `n` rows.
    pub fn head(&self, n: usize) -> NullMask {
        let mut m = NullMask::with_capacity(n.min(self.len));
        for i in 0..n.min(self.len) {
            m.push(self.is_null(i));
        }
        m
    }

    pub fn with_capacity(rows: usize) -> NullMask {
        NullMask {
            bits: Vec::with_capacity(rows.div_ceil(64)),
            len: 0,
            nulls: 0,
        }
    }

    #[inline]
    pub fn push(&mut self, null: bool) {
        let word = self.len / 64;
        if word == self.bits.len() {
            self.bits.push(0);
        }
        if let Some(w) = self.bits.get_mut(word) {
            *w |= (null as u64) << (self.len % 64);
        }
        self.nulls += null as usize;
        self.len += 1;
    }

    #[inline]
    pub fn is_null(&self, row: usize) -> bool {
        row < self.len && (self.bits[row / 64] >> (row % 64)) & 1 == 1
    }

    pub fn set_null(&mut self, row: usize) {
        if row < self.len && !self.is_null(row) {
            self.bits[row / 64] |= 1u64 << (row % 64);
            self.nulls += 1;
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn null_count(&self) -> usize {
        self.nulls
    }

    pub fn heap_bytes(&self) -> usize {
        self.bits.capacity() * 8
    }
}

/// Variable-length strings packed end to end: string `i` is `bytes[ends[i-1]..ends[i]]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextData {
    bytes: String,
    ends: Vec<u32>,
}

impl TextData {
    /// Makes room for `rows` more strings of `bytes` bytes in all.
    pub fn try_reserve(&mut self, rows: usize, bytes: usize) -> bool {
        self.bytes.try_reserve(bytes).is_ok() && self.ends.try_reserve(rows).is_ok()
    }

    /// Bytes held (the strings' total length).
    pub fn byte_len(&self) -> usize {
        self.bytes.len()
    }

    /// Bytes the column can hold before it grows (tests of the sizing ahead).
    pub fn byte_capacity(&self) -> usize {
        self.bytes.capacity()
    }

    /// Room for the offsets of `rows` strings (the table's declared row count).
    pub fn with_rows(rows: usize) -> TextData {
        TextData {
            bytes: String::new(),
            ends: Vec::with_capacity(rows),
        }
    }

    #[inline]
    pub fn push(&mut self, s: &str) -> Result<(), TooLarge> {
        self.push_expecting(s, 0)
    }

    /// [`TextData::push`] in a column expected to reach `expected_rows` strings: when the
    /// arena is full, it grows for the rest of the rows at the mean length so far.
    #[inline]
    pub fn push_expecting(&mut self, s: &str, expected_rows: usize) -> Result<(), TooLarge> {
        if self.bytes.capacity() - self.bytes.len() < s.len() {
            self.grow(s.len(), expected_rows);
        }
        self.bytes.push_str(s);
        let end = u32::try_from(self.bytes.len()).map_err(|_| TooLarge)?;
        self.ends.push(end);
        Ok(())
    }

    /// [`TextData::push_expecting`] when the arena stays under 4 GiB; `false` (nothing
    /// pushed) otherwise.
    #[inline(always)]
    pub fn push_within_limit(&mut self, s: &str, expected_rows: usize) -> bool {
        let Ok(end) = u32::try_from(self.bytes.len() + s.len()) else {
            return false;
        };
        if self.bytes.capacity() - self.bytes.len() < s.len() {
            self.grow(s.len(), expected_rows);
        }
        self.bytes.push_str(s);
        self.ends.push(end);
        true
    }

    /// Makes room for `extra` more bytes. Doubling (what `String` does) copies the
    /// arena at every step and leaves it up to half empty at the end; with a declared
    /// row count and enough rows to judge the mean length, it reserves for the rows
    /// still to come (+1/16), and at least 1/16 of what it holds, so an estimate that
    /// falls short costs a few more copies, not quadratic time.
    #[cold]
    fn grow(&mut self, extra: usize, expected_rows: usize) {
        let rows = self.ends.len();
        let len = self.bytes.len();
        if rows < 1000 || expected_rows <= rows {
            self.bytes.reserve(extra);
            return;
        }
        let rest = (len as u64).saturating_mul((expected_rows - rows) as u64) / rows as u64;
        let rest = usize::try_from(rest.saturating_add(rest / 16)).unwrap_or(usize::MAX);
        self.bytes.reserve_exact(extra.max(rest).max(len / 16));
    }

    #[inline]
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.bytes[start..self.ends[i] as usize]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn heap_bytes(&self) -> usize {
        self.bytes.capacity() + self.ends.capacity() * 4
    }

    fn head(&self, n: usize) -> TextData {
        let n = n.min(self.ends.len());
        let end = if n == 0 { 0 } else { self.ends[n - 1] as usize };
        TextData {
            bytes: self.bytes[..end].to_owned(),
            ends: self.ends[..n].to_vec(),
        }
    }
}

/// The column's text arena or row offsets passed 4 GiB: more than a browser can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

/// Arrays (and complex numbers, stored as pairs): every row's elements flattened into
/// one typed vector; row `i` is `values[ends[i-1]..ends[i]]`.
#[derive(Clone, Debug, PartialEq)]
pub struct ArrayData {
    pub values: Box<ColumnData>,
    ends: Vec<u32>,
    /// `VALUES null` of a numeric array: elements equal to it are nulls.
    pub element_null: Option<f64>,
}

impl ArrayData {
    pub fn new(values: ColumnData) -> ArrayData {
        ArrayData {
            values: Box::new(values),
            ends: Vec::new(),
            element_null: None,
        }
    }

    pub fn with_element_null(mut self, null: Option<f64>) -> ArrayData {
        self.element_null = null;
        self
    }

    /// Closes the current row after its elements were pushed to `values`.
    #[inline]
    pub fn end_row(&mut self) -> Result<(), TooLarge> {
        let end = u32::try_from(self.values.len()).map_err(|_| TooLarge)?;
        self.ends.push(end);
        Ok(())
    }

    pub fn range(&self, i: usize) -> std::ops::Range<usize> {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        start..self.ends[i] as usize
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn head(&self, n: usize) -> ArrayData {
        let n = n.min(self.ends.len());
        let end = if n == 0 { 0 } else { self.ends[n - 1] as usize };
        ArrayData {
            values: Box::new(self.values.head(end)),
            ends: self.ends[..n].to_vec(),
            element_null: self.element_null,
        }
    }
}

/// The typed values of a column. Nulls have a placeholder value (0, NaN, "") and a set
/// bit in the column's [`NullMask`].
#[derive(Clone, Debug, PartialEq)]
pub enum ColumnData {
    /// 0 = false, 1 = true; inside arrays 2 = null element.
    Bool(Vec<u8>),
    UByte(Vec<u8>),
    Short(Vec<i16>),
    Int(Vec<i32>),
    Long(Vec<i64>),
    Float(Vec<f32>),
    Double(Vec<f64>),
    Text(TextData),
    Array(ArrayData),
}

impl ColumnData {
    /// Makes room for what the column will hold when it is `factor` times as long as
    /// now (a streamed answer whose length is known): one reservation, instead of the
    /// doublings whose copies of a 100 MB column hold the page for a tenth of a second.
    /// False if memory is short; the column is then grown as it goes, as without.
    pub fn try_reserve_scaled(&mut self, factor: f64) -> bool {
        let more = |n: usize| ((n as f64) * (factor - 1.0)).ceil().max(0.0) as usize;
        match self {
            ColumnData::Bool(v) | ColumnData::UByte(v) => v.try_reserve(more(v.len())).is_ok(),
            ColumnData::Short(v) => v.try_reserve(more(v.len())).is_ok(),
            ColumnData::Int(v) => v.try_reserve(more(v.len())).is_ok(),
            ColumnData::Long(v) => v.try_reserve(more(v.len())).is_ok(),
            ColumnData::Float(v) => v.try_reserve(more(v.len())).is_ok(),
            ColumnData::Double(v) => v.try_reserve(more(v.len())).is_ok(),
            ColumnData::Text(t) => t.try_reserve(more(t.len()), more(t.byte_len())),
            ColumnData::Array(a) => {
                a.ends.try_reserve(more(a.ends.len())).is_ok()
                    && a.values.try_reserve_scaled(factor)
            }
        }
    }

    pub fn len(&self) -> usize {
        match self {
            ColumnData::Bool(v) | ColumnData::UByte(v) => v.len(),
            ColumnData::Short(v) => v.len(),
            ColumnData::Int(v) => v.len(),
            ColumnData::Long(v) => v.len(),
            ColumnData::Float(v) => v.len(),
            ColumnData::Double(v) => v.len(),
            ColumnData::Text(t) => t.len(),
            ColumnData::Array(a) => a.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The element at `i` as a number, for scalar numeric and boolean data.
    #[inline]
    pub fn f64_at(&self, i: usize) -> Option<f64> {
        Some(match self {
            ColumnData::Bool(v) | ColumnData::UByte(v) => v[i] as f64,
            ColumnData::Short(v) => v[i] as f64,
            ColumnData::Int(v) => v[i] as f64,
            ColumnData::Long(v) => v[i] as f64,
            ColumnData::Float(v) => v[i] as f64,
            ColumnData::Double(v) => v[i],
            ColumnData::Text(_) | ColumnData::Array(_) => return None,
        })
    }

    /// A copy of the first `n` elements (a preview while rows still arrive).
    pub fn head(&self, n: usize) -> ColumnData {
        let n = n.min(self.len());
        match self {
            ColumnData::Bool(v) => ColumnData::Bool(v[..n].to_vec()),
            ColumnData::UByte(v) => ColumnData::UByte(v[..n].to_vec()),
            ColumnData::Short(v) => ColumnData::Short(v[..n].to_vec()),
            ColumnData::Int(v) => ColumnData::Int(v[..n].to_vec()),
            ColumnData::Long(v) => ColumnData::Long(v[..n].to_vec()),
            ColumnData::Float(v) => ColumnData::Float(v[..n].to_vec()),
            ColumnData::Double(v) => ColumnData::Double(v[..n].to_vec()),
            ColumnData::Text(t) => ColumnData::Text(t.head(n)),
            ColumnData::Array(a) => ColumnData::Array(a.head(n)),
        }
    }

    pub fn heap_bytes(&self) -> usize {
        match self {
            ColumnData::Bool(v) | ColumnData::UByte(v) => v.capacity(),
            ColumnData::Short(v) => v.capacity() * 2,
            ColumnData::Int(v) => v.capacity() * 4,
            ColumnData::Long(v) => v.capacity() * 8,
            ColumnData::Float(v) => v.capacity() * 4,
            ColumnData::Double(v) => v.capacity() * 8,
            ColumnData::Text(t) => t.heap_bytes(),
            ColumnData::Array(a) => a.values.heap_bytes() + a.ends.capacity() * 4,
        }
    }

    /// One element as a [`Value`], for arrays and export; `None` past the end.
    fn value_at(&self, i: usize) -> Value {
        match self {
            // 2 marks a null element inside a boolean array.
            ColumnData::Bool(v) => match v[i] {
                0 => Value::Bool(false),
                1 => Value::Bool(true),
                _ => Value::Null,
            },
            ColumnData::UByte(v) => Value::Int(v[i] as i64),
            ColumnData::Short(v) => Value::Int(v[i] as i64),
            ColumnData::Int(v) => Value::Int(v[i] as i64),
            ColumnData::Long(v) => Value::Int(v[i]),
            ColumnData::Float(v) => Value::from_f64(v[i] as f64),
            ColumnData::Double(v) => Value::from_f64(v[i]),
            ColumnData::Text(t) => Value::Text(t.get(i).to_owned()),
            ColumnData::Array(a) => Value::Array(
                a.range(i)
                    .map(|j| match a.values.value_at(j) {
                        Value::Int(v) if a.element_null == Some(v as f64) => Value::Null,
                        Value::Float(v) if a.element_null == Some(v) => Value::Null,
                        v => v,
                    })
                    .collect(),
            ),
        }
    }
}

/// A column: typed data plus null mask, always of equal length.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub data: ColumnData,
    pub nulls: NullMask,
}

impl Column {
    pub fn len(&self) -> usize {
        self.nulls.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nulls.is_empty()
    }

    #[inline]
    pub fn is_null(&self, row: usize) -> bool {
        self.nulls.is_null(row)
    }

    /// The cell as a number, `None` for nulls, text and arrays. NaN cells are nulls.
    #[inline]
    pub fn f64_at(&self, row: usize) -> Option<f64> {
        if self.is_null(row) {
            return None;
        }
        self.data.f64_at(row).filter(|v| !v.is_nan())
    }

    /// The cell as text, `None` for nulls and non-text columns.
    pub fn str_at(&self, row: usize) -> Option<&str> {
        match &self.data {
            ColumnData::Text(t) if !self.is_null(row) => Some(t.get(row)),
            _ => None,
        }
    }

    /// The cell as a [`Value`] (null for nulls).
    pub fn value(&self, row: usize) -> Value {
        if row >= self.len() || self.is_null(row) {
            return Value::Null;
        }
        self.data.value_at(row)
    }

    pub fn heap_bytes(&self) -> usize {
        self.data.heap_bytes() + self.nulls.heap_bytes()
    }

    /// A copy of the first `n` rows.
    pub fn head(&self, n: usize) -> Column {
        Column {
            data: self.data.head(n),
            nulls: self.nulls.head(n),
        }
    }
}

/// A single cell, detached from the column: what export, JSON and the UI's text
/// rendering work with.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Non-finite floats, which JSON cannot carry as numbers: "inf", "-inf".
    Special(&'static str),
    Text(String),
    Array(Vec<Value>),
}

impl Value {
    fn from_f64(v: f64) -> Value {
        if v.is_nan() {
            Value::Null
        } else if v.is_infinite() {
            Value::Special(if v > 0.0 { "inf" } else { "-inf" })
        } else {
            Value::Float(v)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_mask_counts() {
        let mut m = NullMask::with_capacity(3);
        for i in 0..130 {
            m.push(i % 3 == 0);
        }
        assert_eq!(m.len(), 130);
        assert_eq!(m.null_count(), 44);
        assert!(m.is_null(129));
        assert!(!m.is_null(128));
        assert!(!m.is_null(1000));
        m.set_null(128);
        assert_eq!(m.null_count(), 45);
    }

    #[test]
    fn text_arena() {
        let mut t = TextData::default();
        t.push("Crab").unwrap();
        t.push("").unwrap();
        t.push("Vela X").unwrap();
        assert_eq!(t.get(0), "Crab");
        assert_eq!(t.get(1), "");
        assert_eq!(t.get(2), "Vela X");
    }
}
