//! Recoveries the reader made, collected for the user without flooding them.

/// At most this many warnings are kept word for word; the rest are counted.
const KEEP: usize = 20;

#[derive(Clone, Debug, Default)]
pub struct Warnings {
    list: Vec<String>,
    suppressed: usize,
}

impl Warnings {
    pub fn push(&mut self, message: String) {
        if self.list.len() < KEEP {
            self.list.push(message);
        } else {
            self.suppressed += 1;
        }
    }

    /// A cell that could not be read and was made null.
    pub fn push_cell(&mut self, row: usize, column: usize, message: &str, _offset: usize) {
        self.push(format!(
            "row {row}, column {}: {message}; the cell is shown as null",
            column + 1
        ));
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.list.len() + self.suppressed
    }

    pub fn into_vec(mut self) -> Vec<String> {
        if self.suppressed > 0 {
            self.list.push(format!(
                "... and {} more warnings like these",
                self.suppressed
            ));
        }
        self.list
    }
}
