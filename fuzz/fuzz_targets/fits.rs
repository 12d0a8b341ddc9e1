//! The FITS reader on arbitrary bytes: parse, then every numeric column through
//! `column_f64`, every cell through `cell`, and every binary table through `to_votable`.
//! None may panic or allocate beyond what the input can justify. Besides:
//! - a parsed file's HDUs are numbered in order, the first is the primary;
//! - `column_f64` of a fixed-size column gives rows × repeat values, and agrees with the
//!   cells (NaN where the cell is null);
//! - a table that converts has the same rows and columns in the VOTable model;
//! - every error has a message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use voscope::standards::fits::{self, Cell, Fits, HduKind};

fn flat(cell: &Cell, out: &mut Vec<Option<f64>>) {
    match cell {
        Cell::Null => out.push(None),
        Cell::Bool(b) => out.push(Some(f64::from(u8::from(*b)))),
        Cell::Int(i) => out.push(Some(*i as f64)),
        Cell::UInt(u) => out.push(Some(*u as f64)),
        Cell::Float(f) => out.push(Some(*f)),
        Cell::Array(items) => items.iter().for_each(|c| flat(c, out)),
        Cell::Complex(..) | Cell::Text(_) | Cell::Bits(_) => out.push(Some(f64::NAN)),
    }
}

fuzz_target!(|data: &[u8]| {
    let parsed = match Fits::parse(data) {
        Ok(f) => f,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    assert!(matches!(
        parsed.hdus.first().map(|h| &h.kind),
        Some(HduKind::Primary)
    ));
    for (i, hdu) in parsed.hdus.iter().enumerate() {
        assert_eq!(hdu.index, i);
        if let Some(name) = hdu.extname() {
            assert!(parsed.hdu(name).is_some());
        }
        let Some(t) = hdu.table() else { continue };
        for (j, c) in t.columns.iter().enumerate() {
            assert_eq!(
                t.column_index(&c.name)
                    .map(|k| t.columns[k].name.eq_ignore_ascii_case(&c.name)),
                Some(true)
            );
            let numbers = t.column_f64_at(j);
            let mut cells = Vec::new();
            let mut cell_error = None;
            for row in 0..t.nrows() {
                match t.cell(row, j) {
                    Ok(cell) => flat(&cell, &mut cells),
                    Err(e) => {
                        assert!(!e.to_string().is_empty());
                        cell_error = Some(e);
                        break;
                    }
                }
            }
            match numbers {
                Ok(v) => {
                    if !c.is_var_array() {
                        assert_eq!(v.len(), t.nrows() * c.repeat, "{}", c.name);
                    }
                    if cell_error.is_none() {
                        assert_eq!(v.len(), cells.len(), "{}", c.name);
                        for (x, y) in v.iter().zip(&cells) {
                            match y {
                                None => assert!(x.is_nan(), "{}: {x}", c.name),
                                Some(y) => assert!(
                                    x == y || (x.is_nan() && y.is_nan()),
                                    "{}: {x} {y}",
                                    c.name
                                ),
                            }
                        }
                    }
                }
                Err(e) => assert!(!e.to_string().is_empty()),
            }
        }
        match fits::to_votable(&parsed, i) {
            Ok(vot) => {
                let table = vot.results_table().expect("a results table");
                assert_eq!(table.fields.len(), t.columns.len());
                assert_eq!(table.columns.len(), t.columns.len());
                for col in &table.columns {
                    assert_eq!(col.len(), t.nrows());
                }
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
});
