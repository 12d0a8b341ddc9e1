//! Helpers shared by the GADF readers: a named table, its columns and keywords, each
//! missing piece reported as the GadfError that names it.

use super::GadfError;
use crate::standards::fits::{BinTable, Fits, Header};

pub(crate) struct Table<'f, 'a> {
    pub extname: &'static str,
    pub header: &'f Header,
    pub table: &'f BinTable<'a>,
}

pub(crate) fn table<'f, 'a>(
    fits: &'f Fits<'a>,
    extname: &'static str,
) -> Result<Table<'f, 'a>, GadfError> {
    let hdu = fits.hdu(extname).ok_or_else(|| GadfError::MissingHdu {
        extname: extname.to_owned(),
    })?;
    let table = hdu.table().ok_or_else(|| GadfError::NotATable {
        extname: extname.to_owned(),
    })?;
    Ok(Table {
        extname,
        header: &hdu.header,
        table,
    })
}

impl Table<'_, '_> {
    /// Every value of a numeric column as f64 (vector cells flattened).
    pub fn column(&self, name: &str) -> Result<Vec<f64>, GadfError> {
        if self.table.column_index(name).is_none() {
            return Err(GadfError::MissingColumn {
                extname: self.extname.to_owned(),
                column: name.to_owned(),
            });
        }
        Ok(self.table.column_f64(name)?)
    }

    /// A column's TUNIT, trimmed, if it has one.
    pub fn unit(&self, name: &str) -> Option<&str> {
        let i = self.table.column_index(name)?;
        self.table
            .columns
            .get(i)?
            .unit
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
    }

    /// A column's TDIM axes (first axis varies fastest), if it has one.
    pub fn tdim(&self, name: &str) -> Option<Vec<usize>> {
        let i = self.table.column_index(name)?;
        self.table.columns.get(i)?.tdim.clone()
    }

    /// Refuses a column whose unit is given and is not `expected` (a missing TUNIT is
    /// taken as GADF's unit).
    pub fn require_unit(&self, name: &str, expected: &'static str) -> Result<(), GadfError> {
        match self.unit(name) {
            Some(u) if !u.eq_ignore_ascii_case(expected) => Err(GadfError::BadUnit {
                extname: self.extname.to_owned(),
                column: name.to_owned(),
                unit: u.to_owned(),
                expected,
            }),
            _ => Ok(()),
        }
    }

    pub fn f64_key(&self, key: &str) -> Result<f64, GadfError> {
        self.header
            .get_f64(key)
            .ok_or_else(|| self.missing_key(key))
    }

    pub fn opt_f64(&self, key: &str) -> Option<f64> {
        self.header.get_f64(key)
    }

    pub fn opt_str(&self, key: &str) -> Option<String> {
        self.header
            .get_str(key)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    }

    pub fn missing_key(&self, key: &str) -> GadfError {
        GadfError::MissingKeyword {
            extname: self.extname.to_owned(),
            key: key.to_owned(),
        }
    }

    pub fn bad_shape(&self, column: &str, cause: String) -> GadfError {
        GadfError::BadShape {
            extname: self.extname.to_owned(),
            column: column.to_owned(),
            cause,
        }
    }
}
