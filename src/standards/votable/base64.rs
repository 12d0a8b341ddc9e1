//! Incremental base64 decoding of a BINARY/BINARY2 STREAM.
//!
//! STREAM text arrives in arbitrary chunks with line breaks every 76 characters (or
//! none), so the decoder keeps up to three pending sextets between calls and skips XML
//! whitespace. Invalid characters are errors with their offset, never silently dropped.

const INVALID: u8 = 0xff;
const SPACE: u8 = 0xfe;
const PAD: u8 = 0xfd;

const TABLE: [u8; 256] = {
    let mut t = [INVALID; 256];
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut i = 0;
    while i < 64 {
        t[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    t[b' ' as usize] = SPACE;
    t[b'\n' as usize] = SPACE;
    t[b'\r' as usize] = SPACE;
    t[b'\t' as usize] = SPACE;
    t[b'=' as usize] = PAD;
    t
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base64Error {
    /// Offset of the offending byte within all input fed so far.
    pub offset: usize,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Base64Decoder {
    acc: u32,
    pending: u8,
    padding: u8,
    consumed: usize,
}

impl Base64Decoder {
    pub fn new() -> Base64Decoder {
        Base64Decoder::default()
    }

    /// Decodes `input`, appending bytes to `out`.
    pub fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<(), Base64Error> {
        out.reserve(input.len() / 4 * 3 + 3);
        let mut i = 0;
        let n = input.len();
        while i < n {
            // Fast path: whole quads of alphabet characters with nothing pending.
            if self.pending == 0 && self.padding == 0 {
                while i + 4 <= n {
                    let a = TABLE[input[i] as usize];
                    let b = TABLE[input[i + 1] as usize];
                    let c = TABLE[input[i + 2] as usize];
                    let d = TABLE[input[i + 3] as usize];
                    if (a | b | c | d) & 0xc0 != 0 {
                        break;
                    }
                    let v = (a as u32) << 18 | (b as u32) << 12 | (c as u32) << 6 | d as u32;
                    out.extend_from_slice(&[(v >> 16) as u8, (v >> 8) as u8, v as u8]);
                    i += 4;
                }
                if i >= n {
                    break;
                }
            }
            let byte = input[i];
            let v = TABLE[byte as usize];
            match v {
                SPACE => {}
                PAD => {
                    self.padding += 1;
                    if self.pending + self.padding > 4 || self.pending < 2 {
                        return Err(self.error(i, "misplaced '=' padding"));
                    }
                    if self.pending + self.padding == 4 {
                        self.flush_partial(out);
                    }
                }
                INVALID => {
                    return Err(self.error(i, &format!("byte {:?} is not base64", char::from(byte))))
                }
                sextet => {
                    if self.padding > 0 {
                        return Err(self.error(i, "data after '=' padding"));
                    }
                    self.acc = self.acc << 6 | sextet as u32;
                    self.pending += 1;
                    if self.pending == 4 {
                        let v = self.acc;
                        out.extend_from_slice(&[(v >> 16) as u8, (v >> 8) as u8, v as u8]);
                        self.acc = 0;
                        self.pending = 0;
                    }
                }
            }
            i += 1;
        }
        self.consumed += n;
        Ok(())
    }

    fn flush_partial(&mut self, out: &mut Vec<u8>) {
        let v = self.acc << (6 * (4 - self.pending as u32));
        match self.pending {
            2 => out.push((v >> 16) as u8),
            3 => out.extend_from_slice(&[(v >> 16) as u8, (v >> 8) as u8]),
            _ => {}
        }
        self.acc = 0;
        self.pending = 0;
    }

    fn error(&self, i: usize, message: &str) -> Base64Error {
        Base64Error {
            offset: self.consumed + i,
            message: message.to_owned(),
        }
    }

    /// Ends the stream: a dangling group without padding is accepted (some writers omit
    /// it) when it can carry whole bytes.
    pub fn finish(&mut self, out: &mut Vec<u8>) -> Result<(), Base64Error> {
        match self.pending {
            0 => Ok(()),
            1 => Err(self.error(0, "the stream ends in the middle of a base64 group")),
            _ => {
                self.flush_partial(out);
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(s: &str) -> Result<Vec<u8>, Base64Error> {
        let mut d = Base64Decoder::new();
        let mut out = Vec::new();
        d.feed(s.as_bytes(), &mut out)?;
        d.finish(&mut out)?;
        Ok(out)
    }

    #[test]
    fn plain_padded_and_wrapped() {
        assert_eq!(decode("Q3JhYg==").unwrap(), b"Crab");
        assert_eq!(decode("Q3Jh\nYg==\n").unwrap(), b"Crab");
        assert_eq!(decode("  VmVsYQ").unwrap(), b"Vela");
        assert_eq!(decode("").unwrap(), b"");
    }

    #[test]
    fn chunked_equals_whole() {
        let text = "SC5FLlMuUy4gb2JzZXJ2YXRpb24gMDIzNTIz\r\nZGF0YQ==";
        let whole = decode(text).unwrap();
        for split in 0..text.len() {
            let mut d = Base64Decoder::new();
            let mut out = Vec::new();
            d.feed(&text.as_bytes()[..split], &mut out).unwrap();
            d.feed(&text.as_bytes()[split..], &mut out).unwrap();
            d.finish(&mut out).unwrap();
            assert_eq!(out, whole, "split at {split}");
        }
    }

    #[test]
    fn errors_name_the_offset() {
        let e = decode("Q3Jh*Yg==").unwrap_err();
        assert_eq!(e.offset, 4);
        assert!(decode("Q===").is_err());
        assert!(decode("Q3JhYg==Q3Jh").is_err());
        assert!(decode("Q").is_err());
    }
}
