//! Why a document was rejected, said so that a user can act on it.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Not XML at all, or XML that breaks the XML rules.
    Xml,
    /// Well-formed XML whose root is not VOTABLE (an HTML error page, a UWS job, ...).
    NotVoTable,
    /// The document stops before its end (a cut download).
    Truncated,
    /// VOTable structure the reader cannot use (unknown datatype, bad arraysize, ...).
    Structure,
    /// The data section is not decodable (bad base64, a row cut in the middle).
    Data,
    /// Valid, but not something a browser client can read inline (external STREAM,
    /// FITS or Parquet serializations, gzip-compressed bytes).
    Unsupported,
}

/// A rejected document: the cause, and where it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoTableError {
    pub kind: ErrorKind,
    pub message: String,
    /// 1-based line and column of the byte where the problem was seen.
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl VoTableError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> VoTableError {
        VoTableError {
            kind,
            message: message.into(),
            line: None,
            column: None,
        }
    }

    /// Attaches the line and column of byte `offset` of `src`.
    pub fn at(mut self, src: &[u8], offset: usize) -> VoTableError {
        let (line, column) = line_column(src, offset);
        self.line = Some(line);
        self.column = Some(column);
        self
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(src: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = &src[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

impl fmt::Display for VoTableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, "line {l}, column {c}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for VoTableError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        let src = b"<a>\n  <b>\n";
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 6), (2, 3));
        let e = VoTableError::new(ErrorKind::Xml, "boom").at(src, 6);
        assert_eq!(e.to_string(), "line 2, column 3: boom");
    }
}
