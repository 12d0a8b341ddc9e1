//! A FITS binary table as a VOTable model, so the results view, plots, exports and SAMP
//! show FITS tables like any TAP answer: names, units, descriptions, UCDs and datatypes
//! from the header, and every other header keyword as a PARAM (COMMENT/HISTORY as INFOs)
//! for the provenance view.

use super::bintable::{BinTable, Cell, ColumnInfo, IntegerKind};
use super::error::FitsError;
use super::header::{Card, Value as HeaderValue};
use super::tform::TypeCode;
use super::Fits;
use crate::standards::votable::column::{ArrayData, NullMask, TextData, TooLarge};
use crate::standards::votable::{
    ArraySize, Column, ColumnData, Datatype, Field, Info, Param, Resource, Table, Value, VoTable,
};

/// The VOTable datatype a column's values take. Integers keep their width unless TZERO
/// moves them out of it (unsigned conventions widen to the next signed type, VOTable has
/// no signed byte); other TSCAL/TZERO give doubles, as do unsigned 64-bit integers
/// (VOTable has no type that holds them all).
fn datatype(c: &ColumnInfo) -> Datatype {
    let kind = c.integer_kind();
    let fits = |lo: i64, hi: i64, z: i64| -> Datatype {
        let (lo, hi) = (lo + z, hi + z);
        if lo >= 0 && hi <= 255 {
            Datatype::UnsignedByte
        } else if lo >= i16::MIN as i64 && hi <= i16::MAX as i64 {
            Datatype::Short
        } else if lo >= i32::MIN as i64 && hi <= i32::MAX as i64 {
            Datatype::Int
        } else {
            Datatype::Long
        }
    };
    match (c.tform.code, kind) {
        (TypeCode::Logical, _) => Datatype::Boolean,
        (TypeCode::Bit, _) => Datatype::Bit,
        (TypeCode::Char, _) => Datatype::Char,
        (TypeCode::Byte, IntegerKind::Plain) => Datatype::UnsignedByte,
        (TypeCode::Short, IntegerKind::Plain) => Datatype::Short,
        (TypeCode::Int, IntegerKind::Plain) => Datatype::Int,
        (TypeCode::Long, IntegerKind::Plain) => Datatype::Long,
        (TypeCode::Byte, IntegerKind::Offset(z)) => fits(0, 255, z),
        (TypeCode::Short, IntegerKind::Offset(z)) => fits(i16::MIN as i64, i16::MAX as i64, z),
        (TypeCode::Int, IntegerKind::Offset(z)) => fits(i32::MIN as i64, i32::MAX as i64, z),
        (TypeCode::Float, _) if c.scale == 1.0 && c.zero == 0.0 => Datatype::Float,
        (TypeCode::ComplexFloat, _) => Datatype::FloatComplex,
        (TypeCode::ComplexDouble, _) => Datatype::DoubleComplex,
        _ => Datatype::Double,
    }
}

/// VOTable `arraysize`: none for scalars, TDIM's axes, the repeat count, or `*` (`max*`)
/// for variable-length arrays.
fn arraysize(c: &ColumnInfo, dt: Datatype) -> Option<ArraySize> {
    if let Some(v) = c.tform.array {
        return Some(ArraySize {
            dims: vec![v.max.and_then(|m| u32::try_from(m).ok()).unwrap_or(0)],
            variable: true,
        });
    }
    let dims: Vec<u32> = match &c.tdim {
        Some(d) if !(dt == Datatype::Char && d.len() < 2) => d
            .iter()
            .map(|&n| u32::try_from(n).unwrap_or(u32::MAX))
            .collect(),
        _ if c.repeat == 1 => return None,
        _ => vec![u32::try_from(c.repeat).unwrap_or(u32::MAX)],
    };
    if dims.contains(&0) {
        // VOTable has no fixed size 0: an always-empty array is a variable one.
        return Some(ArraySize {
            dims: vec![0],
            variable: true,
        });
    }
    Some(ArraySize {
        dims,
        variable: false,
    })
}

fn field(c: &ColumnInfo) -> Field {
    let dt = datatype(c);
    let mut f = Field::new(c.name.clone(), dt);
    f.arraysize = arraysize(c, dt);
    f.unit = c.unit.clone();
    f.ucd = c.ucd.clone();
    f.description = c.description.clone();
    f
}

fn empty(dt: Datatype) -> ColumnData {
    match dt {
        Datatype::Boolean | Datatype::Bit => ColumnData::Bool(Vec::new()),
        Datatype::UnsignedByte => ColumnData::UByte(Vec::new()),
        Datatype::Short => ColumnData::Short(Vec::new()),
        Datatype::Int => ColumnData::Int(Vec::new()),
        Datatype::Long => ColumnData::Long(Vec::new()),
        Datatype::Float | Datatype::FloatComplex => ColumnData::Float(Vec::new()),
        Datatype::Double | Datatype::DoubleComplex => ColumnData::Double(Vec::new()),
        Datatype::Char | Datatype::UnicodeChar => ColumnData::Text(TextData::default()),
    }
}

/// Pushes one scalar cell; `null` is the value an integer null is stored as (a null
/// element of an array is recognised by it). Returns whether the cell was null.
fn push(data: &mut ColumnData, cell: &Cell, null: i64) -> Result<bool, TooLarge> {
    let n = null;
    match (data, cell) {
        (ColumnData::Bool(v), Cell::Bool(b)) => v.push(u8::from(*b)),
        (ColumnData::Bool(v), Cell::Null) => {
            v.push(2);
            return Ok(true);
        }
        (ColumnData::UByte(v), Cell::Int(i)) => v.push(*i as u8),
        (ColumnData::Short(v), Cell::Int(i)) => v.push(*i as i16),
        (ColumnData::Int(v), Cell::Int(i)) => v.push(*i as i32),
        (ColumnData::Long(v), Cell::Int(i)) => v.push(*i),
        (ColumnData::Float(v), Cell::Float(x)) => v.push(*x as f32),
        (ColumnData::Double(v), Cell::Float(x)) => v.push(*x),
        (ColumnData::Double(v), Cell::Int(i)) => v.push(*i as f64),
        (ColumnData::Double(v), Cell::UInt(u)) => v.push(*u as f64),
        (ColumnData::Float(v), Cell::Complex(re, im)) => v.extend([*re as f32, *im as f32]),
        (ColumnData::Double(v), Cell::Complex(re, im)) => v.extend([*re, *im]),
        (ColumnData::Text(t), Cell::Text(s)) => t.push(s)?,
        (ColumnData::Bool(v), Cell::Bits(bits)) => v.extend(bits.iter().map(|&b| u8::from(b))),
        (ColumnData::Array(a), Cell::Array(items)) => {
            for item in items {
                push(&mut a.values, item, null)?;
            }
            a.end_row()?;
        }
        (ColumnData::Array(a), cell @ (Cell::Complex(..) | Cell::Bits(_) | Cell::Text(_))) => {
            push(&mut a.values, cell, null)?;
            a.end_row()?;
        }
        (data, _) => {
            match data {
                ColumnData::UByte(v) => v.push(n as u8),
                ColumnData::Short(v) => v.push(n as i16),
                ColumnData::Int(v) => v.push(n as i32),
                ColumnData::Long(v) => v.push(n),
                ColumnData::Float(v) => v.push(f32::NAN),
                ColumnData::Double(v) => v.push(f64::NAN),
                ColumnData::Text(t) => t.push("")?,
                ColumnData::Bool(v) => v.push(2),
                ColumnData::Array(a) => a.end_row()?,
            }
            return Ok(true);
        }
    }
    Ok(false)
}

/// The column's data, read cell by cell.
fn column(t: &BinTable<'_>, col: usize, f: &Field) -> Result<Column, FitsError> {
    let c = &t.columns[col];
    let scalar = f.arraysize.is_none() && !f.datatype.is_complex();
    let string =
        f.datatype == Datatype::Char && f.arraysize.as_ref().is_none_or(|a| !a.is_multi_dim());
    // What a null integer element is stored as: TNULL moved by the TZERO offset.
    let null = match (c.null, c.integer_kind()) {
        (Some(n), IntegerKind::Plain) => Some(n),
        (Some(n), IntegerKind::Offset(z)) => n.checked_add(z),
        _ => None,
    };
    let mut data = if scalar || string {
        empty(f.datatype)
    } else {
        ColumnData::Array(
            ArrayData::new(empty(f.datatype)).with_element_null(null.map(|n| n as f64)),
        )
    };
    let mut nulls = NullMask::with_capacity(t.nrows());
    let too_large = |_| FitsError::Layout {
        hdu: t.hdu().clone(),
        cause: format!("column {} holds more than a browser can (4 GiB)", c.name),
    };
    for row in 0..t.nrows() {
        let cell = t.cell(row, col)?;
        let is_null = push(&mut data, &cell, null.unwrap_or(0)).map_err(too_large)?;
        nulls.push(is_null && scalar);
    }
    Ok(Column { data, nulls })
}

/// Keywords that describe the table's structure, which the FIELDs now carry.
fn structural(key: &str) -> bool {
    const FIXED: &[&str] = &[
        "XTENSION", "BITPIX", "NAXIS", "PCOUNT", "GCOUNT", "TFIELDS", "THEAP", "EXTEND",
    ];
    const INDEXED: &[&str] = &[
        "NAXIS", "TTYPE", "TFORM", "TUNIT", "TDIM", "TSCAL", "TZERO", "TNULL", "TCOMM", "TUCD",
    ];
    FIXED.contains(&key)
        || INDEXED.iter().any(|p| {
            key.strip_prefix(p)
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
}

fn param(card: &Card, value: &HeaderValue) -> Param {
    let (dt, text, parsed) = match value {
        HeaderValue::Bool(b) => (Datatype::Boolean, value.to_text(), Value::Bool(*b)),
        HeaderValue::Int(i) => (Datatype::Long, i.to_string(), Value::Int(*i)),
        HeaderValue::Float(x) => (Datatype::Double, format!("{x:?}"), Value::Float(*x)),
        HeaderValue::Complex(re, im) => (
            Datatype::DoubleComplex,
            format!("{re:?} {im:?}"),
            Value::Array(vec![Value::Float(*re), Value::Float(*im)]),
        ),
        HeaderValue::Str(_) | HeaderValue::Unparsed(_) | HeaderValue::Undefined => {
            let s = value.to_text();
            (Datatype::Char, s.clone(), Value::Text(s))
        }
    };
    let mut field = Field::new(card.key.clone(), dt);
    if dt == Datatype::Char {
        field.arraysize = Some(ArraySize {
            dims: vec![0],
            variable: true,
        });
    }
    field.description = card.comment.clone().filter(|c| !c.is_empty());
    Param {
        field,
        value: text,
        parsed,
    }
}

/// The binary table in HDU `hdu_index` as a VOTable with one results table (named by
/// EXTNAME), its header keywords as PARAMs and its COMMENT/HISTORY cards as INFOs.
pub fn to_votable(fits: &Fits<'_>, hdu_index: usize) -> Result<VoTable, FitsError> {
    let Some(hdu) = fits.hdus.get(hdu_index) else {
        return Err(FitsError::NotATable {
            hdu: hdu_index,
            kind: format!("missing (the file has {} HDUs)", fits.hdus.len()),
        });
    };
    let Some(t) = hdu.table() else {
        let kind = match &hdu.kind {
            super::HduKind::Primary => "the primary HDU".to_owned(),
            super::HduKind::Image { .. } => "an image".to_owned(),
            super::HduKind::Other(x) => format!("a {x} extension"),
            super::HduKind::BinTable(_) => "a binary table".to_owned(),
        };
        return Err(FitsError::NotATable {
            hdu: hdu_index,
            kind,
        });
    };
    let fields: Vec<Field> = t.columns.iter().map(field).collect();
    let columns = fields
        .iter()
        .enumerate()
        .map(|(i, f)| column(t, i, f))
        .collect::<Result<Vec<_>, _>>()?;
    let mut table = Table {
        name: Some(
            hdu.extname()
                .map_or_else(|| format!("HDU {hdu_index}"), str::to_owned),
        ),
        nrows_declared: Some(t.nrows() as u64),
        fields,
        columns,
        ..Default::default()
    };
    let mut warnings = Vec::new();
    if let Some(c) = t
        .columns
        .iter()
        .find(|c| c.tform.code == TypeCode::Long && c.integer_kind() == IntegerKind::Unsigned64)
    {
        warnings.push(format!(
            "column {} holds unsigned 64-bit integers: shown as doubles, exact up to 2^53",
            c.name
        ));
    }
    for card in hdu.header.cards() {
        match &card.value {
            Some(v) if !structural(&card.key) => table.meta.params.push(param(card, v)),
            None if matches!(card.key.as_str(), "COMMENT" | "HISTORY") => {
                table.meta.infos.push(Info {
                    name: card.key.clone(),
                    value: card.comment.as_deref().unwrap_or("").trim().to_owned(),
                    ..Default::default()
                })
            }
            _ => {}
        }
    }
    Ok(VoTable {
        resources: vec![Resource {
            kind: Some("results".to_owned()),
            tables: vec![table],
            ..Default::default()
        }],
        warnings,
        ..Default::default()
    })
}
