//! BINARY and BINARY2 streams: base64 text in, typed rows out, chunk by chunk.
//!
//! Decoded bytes wait in `pending` only until they form whole rows, so memory stays
//! bounded by one chunk plus one row, whatever the size of the stream.

use super::base64::{Base64Decoder, Base64Error};
use super::builder::ColumnBuilder;
use super::error::ErrorKind;
use super::warnings::Warnings;

#[derive(Debug)]
pub struct DataError {
    pub kind: ErrorKind,
    pub message: String,
    /// Offset within the base64 text fed so far, when known.
    pub text_offset: Option<usize>,
}

impl From<Base64Error> for DataError {
    fn from(e: Base64Error) -> Self {
        DataError {
            kind: ErrorKind::Data,
            message: format!("bad base64 in STREAM: {}", e.message),
            text_offset: Some(e.offset),
        }
    }
}

pub struct BinaryDecoder {
    binary2: bool,
    base64: Base64Decoder,
    pending: Vec<u8>,
    start: usize,
    lens: Vec<usize>,
    pub rows: usize,
}

impl BinaryDecoder {
    pub fn new(binary2: bool) -> BinaryDecoder {
        BinaryDecoder {
            binary2,
            base64: Base64Decoder::new(),
            pending: Vec::new(),
            start: 0,
            lens: Vec::new(),
            rows: 0,
        }
    }

    /// Decodes more base64 text and appends every complete row to the builders.
    pub fn feed(
        &mut self,
        text: &[u8],
        builders: &mut [ColumnBuilder],
        warnings: &mut Warnings,
    ) -> Result<(), DataError> {
        self.base64.feed(text, &mut self.pending)?;
        self.drain(builders, warnings);
        Ok(())
    }

    /// Ends the stream: leftover bytes that do not make a whole row are an error.
    pub fn finish(
        &mut self,
        builders: &mut [ColumnBuilder],
        warnings: &mut Warnings,
    ) -> Result<(), DataError> {
        self.base64.finish(&mut self.pending)?;
        self.drain(builders, warnings);
        let left = self.pending.len() - self.start;
        if left > 0 {
            return Err(DataError {
                kind: ErrorKind::Data,
                message: format!(
                    "the STREAM ends inside row {} ({left} bytes left over): the data is cut or does not match the FIELDs",
                    self.rows + 1
                ),
                text_offset: None,
            });
        }
        Ok(())
    }

    fn drain(&mut self, builders: &mut [ColumnBuilder], warnings: &mut Warnings) {
        let flag_bytes = if self.binary2 {
            builders.len().div_ceil(8)
        } else {
            0
        };
        loop {
            let buf = &self.pending[self.start..];
            // Measure the whole row before touching any builder.
            let mut p = flag_bytes;
            self.lens.clear();
            let mut complete = p <= buf.len();
            if complete {
                for b in builders.iter() {
                    match b.binary_len(&buf[p..]) {
                        Some(len) if p.saturating_add(len) <= buf.len() => {
                            self.lens.push(len);
                            p += len;
                        }
                        _ => {
                            complete = false;
                            break;
                        }
                    }
                }
            }
            if !complete || p == 0 {
                break;
            }
            self.rows += 1;
            let mut off = flag_bytes;
            for (j, b) in builders.iter_mut().enumerate() {
                let len = self.lens[j];
                let flag = self.binary2.then(|| (buf[j / 8] >> (7 - j % 8)) & 1 == 1);
                if let Err(e) = b.push_binary(&buf[off..off + len], flag) {
                    b.push_null();
                    warnings.push_cell(self.rows, j, &e.to_string(), 0);
                }
                off += len;
            }
            self.start += p;
        }
        // Compact once the consumed prefix dominates.
        if self.start > 0 && self.start * 2 >= self.pending.len() {
            self.pending.drain(..self.start);
            self.start = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::votable::datatype::{ArraySize, Datatype};
    use crate::standards::votable::model::Field;

    fn b64(bytes: &[u8]) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let v = (chunk[0] as u32) << 16
                | (*chunk.get(1).unwrap_or(&0) as u32) << 8
                | *chunk.get(2).unwrap_or(&0) as u32;
            for k in 0..4 {
                if k <= chunk.len() {
                    out.push(A[(v >> (18 - 6 * k)) as usize & 63] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    #[test]
    fn binary2_flags_and_chunking() {
        let mut name = Field::new("name", Datatype::Char);
        name.arraysize = Some(ArraySize::parse("*").unwrap());
        let fields = [name, Field::new("n", Datatype::Int)];
        // Row 1: flags 0b0100_0000 (n null), "Crab", n=0. Row 2: no flags, "", 7.
        let mut raw = vec![0b0100_0000, 0, 0, 0, 4];
        raw.extend_from_slice(b"Crab");
        raw.extend_from_slice(&[0, 0, 0, 0]);
        raw.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0, 7]);
        let text = b64(&raw);
        for split in 0..text.len() {
            let mut builders: Vec<_> = fields.iter().map(|f| ColumnBuilder::new(f, 0)).collect();
            let mut w = Warnings::default();
            let mut d = BinaryDecoder::new(true);
            d.feed(&text.as_bytes()[..split], &mut builders, &mut w)
                .unwrap();
            d.feed(&text.as_bytes()[split..], &mut builders, &mut w)
                .unwrap();
            d.finish(&mut builders, &mut w).unwrap();
            let cols: Vec<_> = builders.into_iter().map(|b| b.finish()).collect();
            assert_eq!(cols[0].str_at(0), Some("Crab"));
            assert!(cols[1].is_null(0));
            // BINARY2: an empty string without its flag is an empty string, not null.
            assert_eq!(cols[0].str_at(1), Some(""));
            assert_eq!(cols[1].f64_at(1), Some(7.0));
        }
    }

    #[test]
    fn cut_row_is_an_error() {
        let fields = [Field::new("x", Datatype::Double)];
        let mut builders: Vec<_> = fields.iter().map(|f| ColumnBuilder::new(f, 0)).collect();
        let mut w = Warnings::default();
        let mut d = BinaryDecoder::new(false);
        d.feed(
            b64(&[0, 0, 0, 0, 0, 0, 0, 0, 1, 2]).as_bytes(),
            &mut builders,
            &mut w,
        )
        .unwrap();
        let e = d.finish(&mut builders, &mut w).unwrap_err();
        assert!(e.message.contains("row 2"), "{}", e.message);
    }

    #[test]
    fn hostile_count_does_not_allocate() {
        let mut name = Field::new("name", Datatype::Char);
        name.arraysize = Some(ArraySize::parse("*").unwrap());
        let mut builders = vec![ColumnBuilder::new(&name, 0)];
        let mut w = Warnings::default();
        let mut d = BinaryDecoder::new(false);
        d.feed(
            b64(&[0xff, 0xff, 0xff, 0xff, b'a']).as_bytes(),
            &mut builders,
            &mut w,
        )
        .unwrap();
        assert!(d.finish(&mut builders, &mut w).is_err());
    }
}
