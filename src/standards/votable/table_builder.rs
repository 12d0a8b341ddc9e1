//! Building a table from cell text, with the reader's own parsing rules.

use super::builder::{CellError, ColumnBuilder};
use super::model::{Field, Table};

/// Builds a [`Table`](Table) row by row from cell text, with the reader's
/// own parsing rules (for data made elsewhere: generated tables, CSV imports).
pub struct TableBuilder {
    fields: Vec<Field>,
    builders: Vec<ColumnBuilder>,
}

impl TableBuilder {
    pub fn new(fields: Vec<Field>, capacity: usize) -> TableBuilder {
        let builders = fields
            .iter()
            .map(|f| ColumnBuilder::new(f, capacity))
            .collect();
        TableBuilder { fields, builders }
    }

    /// One row: `None` is a null cell, `Some(text)` is read as a TABLEDATA cell.
    pub fn push_row(&mut self, cells: &[Option<&str>]) -> Result<(), CellError> {
        for (j, b) in self.builders.iter_mut().enumerate() {
            match cells.get(j).copied().flatten() {
                Some(text) => b.push_text(text)?,
                None => b.push_null(),
            }
        }
        Ok(())
    }

    pub fn finish(self) -> Table {
        Table {
            columns: self
                .builders
                .into_iter()
                .map(ColumnBuilder::finish)
                .collect(),
            fields: self.fields,
            ..Default::default()
        }
    }
}
