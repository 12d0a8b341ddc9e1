//! The TABLEDATA body, scanned by hand rather than through the XML event reader.
//!
//! This is the hot loop of every TAP result: a row is `<TR><TD>…</TD>…</TR>`, so the
//! scanner jumps from `<` to `<` with memchr, borrows cell text straight from the input,
//! and decodes entities or CDATA only in the cells that have them. It consumes whole rows
//! only, so it can be fed a growing buffer while a download is still arriving.

use std::borrow::Cow;

use super::base64::Base64Decoder;
use super::builder::{CellError, ColumnBuilder};
use super::error::ErrorKind;
use super::warnings::Warnings;

/// Where the scan stopped.
#[derive(Debug, PartialEq, Eq)]
pub enum Scan {
    /// `</TABLEDATA>` was read; `end` is the offset just after it.
    Done { end: usize },
    /// Only `consumed` bytes held complete rows; feed the rest again with more data.
    NeedMore { consumed: usize },
}

#[derive(Debug)]
pub struct ScanError {
    pub kind: ErrorKind,
    /// Offset in the buffer given to [`TableDataScanner::scan`].
    pub offset: usize,
    pub message: String,
}

fn err(kind: ErrorKind, offset: usize, message: impl Into<String>) -> ScanError {
    ScanError {
        kind,
        offset,
        message: message.into(),
    }
}

#[derive(Default)]
pub struct TableDataScanner {
    pub rows: usize,
    /// Cells that are not UTF-8 are read as ISO-8859-1 (the document did not declare
    /// UTF-8), as the whole-document reader reads such documents.
    pub latin1: bool,
    /// Line breaks in the bytes of the rows (and what lies between them) read so far:
    /// the streaming reader needs them for line numbers, and counting them here, mostly
    /// on the fly, saves a pass over the data.
    pub newlines: usize,
    /// Line breaks of the row being read, exact only while `row_exact`: a row that left
    /// the fast path is counted again, whole, at its end.
    row_newlines: usize,
    row_exact: bool,
    /// Cells of the row being read: ranges into the buffer, or owned decoded text.
    cells: Vec<Cow<'static, str>>,
    spans: Vec<(usize, usize, u8)>,
}

/// Span flags: the text holds `&` (decode entities) / the TD says encoding="base64" /
/// the text may hold non-ASCII bytes (validate UTF-8).
const HAS_AMP: u8 = 1;
const BASE64: u8 = 2;
const NON_ASCII: u8 = 4;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// A mask whose lowest set bit is the high bit of the first byte of `w` (little-endian
/// order) that is `<`, `&`, a line break or above 0x7f; zero if there is none. (The classic "has zero
/// byte" test on `w ^ c`: a borrow can mark bytes after a match, never before one.)
#[inline]
fn specials(w: u64) -> u64 {
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    has_zero(w ^ (ONES * b'<' as u64))
        | has_zero(w ^ (ONES * b'&' as u64))
        | has_zero(w ^ (ONES * b'\n' as u64))
        | (w & HIGHS)
}

#[inline]
fn skip_space(buf: &[u8], mut i: usize) -> usize {
    while i < buf.len() && matches!(buf[i], b' ' | b'\n' | b'\r' | b'\t') {
        i += 1;
    }
    i
}

/// The local part of a tag name (`vot:TD` → `TD`).
#[inline]
fn local(name: &[u8]) -> &[u8] {
    match memchr::memrchr(b':', name) {
        Some(p) => &name[p + 1..],
        None => name,
    }
}

/// Reads the tag name starting at `i` (just after `<` or `</`); returns (name, end).
/// A name is ASCII letters, digits and `_-.:` (every VOTable element's is); anything
/// else ends it, so `<v<vot:TD>` or a name with stray bytes never passes for a `TD`.
#[inline]
fn tag_name(buf: &[u8], i: usize) -> (&[u8], usize) {
    let mut j = i;
    while j < buf.len()
        && (buf[j].is_ascii_alphanumeric() || matches!(buf[j], b'_' | b'-' | b'.' | b':'))
    {
        j += 1;
    }
    (&buf[i..j], j)
}

/// Finds the `>` closing a tag, honouring quoted attribute values; returns
/// (offset after `>`, self-closing).
#[inline]
fn tag_end(buf: &[u8], mut i: usize) -> Option<(usize, bool)> {
    let mut quote = 0u8;
    while i < buf.len() {
        let b = buf[i];
        if quote != 0 {
            if b == quote {
                quote = 0;
            }
        } else if b == b'"' || b == b'\'' {
            quote = b;
        } else if b == b'>' {
            return Some((i + 1, i > 0 && buf[i - 1] == b'/'));
        }
        i += 1;
    }
    None
}

impl TableDataScanner {
    /// Scans rows from `buf`, which starts just after `<TABLEDATA>` (or after the last
    /// consumed row). `at_eof` says no more bytes will come.
    pub fn scan(
        &mut self,
        buf: &[u8],
        at_eof: bool,
        builders: &mut Vec<ColumnBuilder>,
        warnings: &mut Warnings,
    ) -> Result<Scan, ScanError> {
        let mut i = 0;
        let n = buf.len();
        let need_more = |consumed: usize, at: usize| {
            if at_eof {
                Err(err(
                    ErrorKind::Truncated,
                    at,
                    "the document ends inside TABLEDATA (the download was cut?)",
                ))
            } else {
                Ok(Scan::NeedMore { consumed })
            }
        };
        loop {
            // Between rows. Fast path: `<TR>` exactly, as nearly every writer writes it.
            let j = skip_space(buf, i);
            if buf[j..].starts_with(b"<TR>") {
                match self.read_row(buf, j + 4)? {
                    Some(end) => {
                        self.finish_row(buf, j, builders, warnings)?;
                        self.newlines += count_newlines(&buf[i..j])
                            + if self.row_exact {
                                self.row_newlines
                            } else {
                                count_newlines(&buf[j..end])
                            };
                        i = end;
                        continue;
                    }
                    None => return need_more(i, j),
                }
            }
            let Some(lt) = memchr::memchr(b'<', &buf[i..]) else {
                return need_more(i, n);
            };
            let lt = i + lt;
            self.check_text(buf, i, lt)?;
            if lt + 1 >= n {
                return need_more(i, lt);
            }
            match buf[lt + 1] {
                b'!' => {
                    // A comment between rows.
                    let Some(end) = memchr::memmem::find(&buf[lt..], b"-->") else {
                        return need_more(i, lt);
                    };
                    self.check_text(buf, lt, lt + end)?;
                    self.newlines += count_newlines(&buf[i..lt + end + 3]);
                    i = lt + end + 3;
                    continue;
                }
                b'?' => {
                    let Some(end) = memchr::memmem::find(&buf[lt..], b"?>") else {
                        return need_more(i, lt);
                    };
                    self.newlines += count_newlines(&buf[i..lt + end + 2]);
                    i = lt + end + 2;
                    continue;
                }
                b'/' => {
                    let (name, after) = tag_name(buf, lt + 2);
                    let Some((end, _)) = self.tag_end(buf, after)? else {
                        return need_more(i, lt);
                    };
                    if local(name) == b"TABLEDATA" {
                        self.newlines += count_newlines(&buf[i..end]);
                        return Ok(Scan::Done { end });
                    }
                    return Err(err(
                        ErrorKind::Xml,
                        lt,
                        format!(
                            "unexpected </{}> inside TABLEDATA",
                            String::from_utf8_lossy(name)
                        ),
                    ));
                }
                _ => {}
            }
            let (name, after) = tag_name(buf, lt + 1);
            if after >= n {
                return need_more(i, lt);
            }
            if local(name) != b"TR" {
                return Err(err(
                    ErrorKind::Xml,
                    lt,
                    format!(
                        "expected <TR> inside TABLEDATA, found <{}>",
                        String::from_utf8_lossy(name)
                    ),
                ));
            }
            let Some((body, empty_row)) = self.tag_end(buf, after)? else {
                return need_more(i, lt);
            };
            if empty_row {
                self.spans.clear();
                self.cells.clear();
                self.finish_row(buf, lt, builders, warnings)?;
                self.newlines += count_newlines(&buf[i..body]);
                i = body;
                continue;
            }
            match self.read_row(buf, body)? {
                Some(end) => {
                    self.finish_row(buf, lt, builders, warnings)?;
                    self.newlines += count_newlines(&buf[i..end]);
                    i = end;
                }
                None => return need_more(i, lt),
            }
        }
    }

    /// Text between rows or cells is ignored, but must be text: in a document that
    /// declares UTF-8 (or declares nothing), bytes that are not UTF-8 are an error, as
    /// the whole-document reader finds them.
    fn check_text(&self, buf: &[u8], start: usize, end: usize) -> Result<(), ScanError> {
        if self.latin1 || buf[start..end].is_ascii() {
            return Ok(());
        }
        cell_str(buf, start, end).map(|_| ())
    }

    /// Text in the document's encoding: UTF-8, or ISO-8859-1 where nothing was declared
    /// and the bytes are not UTF-8 (as the whole-document reader transcodes them).
    fn text<'b>(&self, buf: &'b [u8], start: usize, end: usize) -> Result<Cow<'b, str>, ScanError> {
        match cell_str(buf, start, end) {
            Ok(s) => Ok(Cow::Borrowed(s)),
            Err(_) if self.latin1 => Ok(Cow::Owned(utf8_or_latin1(&buf[start..end]))),
            Err(e) => Err(e),
        }
    }

    /// [`tag_end`], with the tag's attribute text held to the document's encoding.
    fn tag_end(&self, buf: &[u8], after: usize) -> Result<Option<(usize, bool)>, ScanError> {
        match tag_end(buf, after) {
            Some((end, empty)) => {
                self.check_text(buf, after, end)?;
                Ok(Some((end, empty)))
            }
            None => Ok(None),
        }
    }

    /// Reads the cells of one row starting after `<TR>`; `None` if the row is incomplete.
    fn read_row(&mut self, buf: &[u8], mut i: usize) -> Result<Option<usize>, ScanError> {
        self.spans.clear();
        self.cells.clear();
        self.row_newlines = 0;
        self.row_exact = true;
        let n = buf.len();
        loop {
            // Fast path: `<TD>text</TD>` and `</TR>`, one pass over the text that also
            // notes entities, non-ASCII bytes and line breaks.
            let j = skip_space(buf, i);
            if j > i {
                self.row_newlines += count_newlines(&buf[i..j]);
            }
            if buf[j..].starts_with(b"<TD>") {
                let start = j + 4;
                let mut k = start;
                let mut flags = 0u8;
                loop {
                    if k + 8 <= n {
                        // Eight bytes at a time, jumping to the first `<`, `&`, line
                        // break or non-ASCII byte.
                        let w = u64::from_le_bytes(buf[k..k + 8].try_into().unwrap_or([b'<'; 8]));
                        let m = specials(w);
                        if m == 0 {
                            k += 8;
                            continue;
                        }
                        k += (m.trailing_zeros() / 8) as usize;
                    } else {
                        // The last bytes of the buffer.
                        while k < n
                            && buf[k] != b'<'
                            && buf[k] != b'&'
                            && buf[k] != b'\n'
                            && buf[k] < 0x80
                        {
                            k += 1;
                        }
                        if k >= n {
                            break;
                        }
                    }
                    match buf[k] {
                        b'<' => break,
                        b'&' => flags |= HAS_AMP,
                        b'\n' => self.row_newlines += 1,
                        _ => flags |= NON_ASCII,
                    }
                    k += 1;
                }
                if buf[k..].starts_with(b"</TD>") {
                    self.spans.push((start, k, flags));
                    i = k + 5;
                    continue;
                }
                let rest = &buf[k..];
                if b"</TD>".starts_with(rest)
                    || b"<![CDATA[".starts_with(rest)
                    || b"<!--".starts_with(rest)
                {
                    // Cut at the end of the buffer: wait for more.
                    return Ok(None);
                }
            } else if buf[j..].starts_with(b"<TD/>") {
                // An empty cell, as writers write nulls.
                self.spans.push((j + 5, j + 5, 0));
                i = j + 5;
                continue;
            } else if buf[j..].starts_with(b"</TR>") {
                return Ok(Some(j + 5));
            }
            // Off the fast path: the row's line breaks are counted at its end.
            self.row_exact = false;
            let Some(lt) = memchr::memchr(b'<', &buf[i..]) else {
                return Ok(None);
            };
            let lt = i + lt;
            self.check_text(buf, i, lt)?;
            if lt + 1 >= n {
                return Ok(None);
            }
            match buf[lt + 1] {
                b'/' => {
                    let (name, after) = tag_name(buf, lt + 2);
                    let Some((end, _)) = self.tag_end(buf, after)? else {
                        return Ok(None);
                    };
                    if local(name) == b"TR" {
                        return Ok(Some(end));
                    }
                    return Err(err(
                        ErrorKind::Xml,
                        lt,
                        format!(
                            "unexpected </{}> inside a TR",
                            String::from_utf8_lossy(name)
                        ),
                    ));
                }
                b'!' => {
                    let Some(end) = memchr::memmem::find(&buf[lt..], b"-->") else {
                        return Ok(None);
                    };
                    self.check_text(buf, lt, lt + end)?;
                    i = lt + end + 3;
                    continue;
                }
                _ => {}
            }
            let (name, after) = tag_name(buf, lt + 1);
            if after >= n {
                return Ok(None);
            }
            if local(name) != b"TD" {
                return Err(err(
                    ErrorKind::Xml,
                    lt,
                    format!(
                        "expected <TD> inside a TR, found <{}>",
                        String::from_utf8_lossy(name)
                    ),
                ));
            }
            let Some((start, empty)) = self.tag_end(buf, after)? else {
                return Ok(None);
            };
            if empty {
                self.spans.push((start, start, 0));
                i = start;
                continue;
            }
            let encoded = memchr::memmem::find(&buf[after..start], b"base64").is_some();
            // Fast path: plain text up to `</TD>`.
            let Some(close) = memchr::memchr(b'<', &buf[start..]) else {
                return Ok(None);
            };
            let close = start + close;
            if close + 1 < n && buf[close + 1] == b'/' {
                let (name, after) = tag_name(buf, close + 2);
                if after >= n {
                    return Ok(None);
                }
                let Some((end, _)) = self.tag_end(buf, after)? else {
                    return Ok(None);
                };
                if local(name) != b"TD" {
                    return Err(err(
                        ErrorKind::Xml,
                        close,
                        format!("a TD closed by </{}>", String::from_utf8_lossy(name)),
                    ));
                }
                let mut flags = NON_ASCII | if encoded { BASE64 } else { 0 };
                if memchr::memchr(b'&', &buf[start..close]).is_some() {
                    flags |= HAS_AMP;
                }
                self.spans.push((start, close, flags));
                i = end;
                continue;
            }
            if close + 1 >= n {
                return Ok(None);
            }
            // Slow path: CDATA sections or comments inside the cell.
            match self.read_mixed_cell(buf, start)? {
                Some((text, end)) => {
                    let flags = if encoded { BASE64 } else { 0 };
                    self.spans.push((usize::MAX, self.cells.len(), flags));
                    self.cells.push(Cow::Owned(text));
                    i = end;
                }
                None => return Ok(None),
            }
        }
    }

    /// A cell mixing text, CDATA and comments, up to `</TD>`.
    fn read_mixed_cell(
        &self,
        buf: &[u8],
        mut i: usize,
    ) -> Result<Option<(String, usize)>, ScanError> {
        let mut text = String::new();
        loop {
            let Some(lt) = memchr::memchr(b'<', &buf[i..]) else {
                return Ok(None);
            };
            let lt = i + lt;
            let chunk = self.text(buf, i, lt)?;
            text.push_str(&decode_entities(&chunk));
            let rest = &buf[lt..];
            if rest.starts_with(b"<![CDATA[") {
                let Some(end) = memchr::memmem::find(rest, b"]]>") else {
                    return Ok(None);
                };
                text.push_str(&self.text(buf, lt + 9, lt + end)?);
                i = lt + end + 3;
            } else if rest.starts_with(b"<!--") {
                let Some(end) = memchr::memmem::find(rest, b"-->") else {
                    return Ok(None);
                };
                i = lt + end + 3;
            } else if rest.starts_with(b"</") {
                let (name, after) = tag_name(buf, lt + 2);
                let Some((end, _)) = self.tag_end(buf, after)? else {
                    return Ok(None);
                };
                if local(name) != b"TD" {
                    return Err(err(ErrorKind::Xml, lt, "a TD closed by the wrong tag"));
                }
                return Ok(Some((text, end)));
            } else if rest.len() < 9 {
                return Ok(None);
            } else {
                return Err(err(
                    ErrorKind::Xml,
                    lt,
                    "markup inside a TD (cells hold text only)",
                ));
            }
        }
    }

    fn finish_row(
        &mut self,
        buf: &[u8],
        row_start: usize,
        builders: &mut Vec<ColumnBuilder>,
        warnings: &mut Warnings,
    ) -> Result<(), ScanError> {
        self.rows += 1;
        let row = self.rows;
        let declared = builders.len();
        let cells = self.spans.len();
        if cells > declared {
            if declared == 0 || builders.iter().all(|b| b.is_untyped()) {
                // A TABLE without FIELDs: keep the cells as text columns named col1, col2, ...
                while builders.len() < cells {
                    builders.push(ColumnBuilder::untyped_text(row - 1));
                }
            } else {
                warnings.push(format!(
                    "row {row} has {cells} cells but the table declares {declared} FIELDs: extra cells ignored"
                ));
                // Ignored, but still held to the document's encoding.
                for &(start, end, flags) in &self.spans[declared..] {
                    if start != usize::MAX && flags & NON_ASCII != 0 {
                        self.check_text(buf, start, end)?;
                    }
                }
            }
        } else if cells < declared {
            warnings.push(format!(
                "row {row} has {cells} cells but the table declares {declared} FIELDs: missing cells are null"
            ));
        }
        for (j, builder) in builders.iter_mut().enumerate() {
            let Some(&(start, end, flags)) = self.spans.get(j) else {
                builder.push_null();
                continue;
            };
            // Nearly every cell: ASCII text without entities, straight from the buffer.
            let pushed = if flags == 0 && start != usize::MAX {
                let text = ascii_str(&buf[start..end]);
                if builder.push_fast(text) {
                    continue;
                }
                builder.push_text(text)
            } else {
                self.push_marked(buf, (start, end, flags), builder)?
            };
            if let Err(e) = pushed {
                builder.push_null();
                warnings.push_cell(row, j, &e.to_string(), row_start);
            }
        }
        Ok(())
    }

    /// A cell with entities, non-ASCII bytes, CDATA or base64: decoded, then pushed.
    #[inline(never)]
    fn push_marked(
        &self,
        buf: &[u8],
        (start, end, flags): (usize, usize, u8),
        builder: &mut ColumnBuilder,
    ) -> Result<Result<(), CellError>, ScanError> {
        let text: Cow<'_, str> = if start == usize::MAX {
            Cow::Borrowed(self.cells[end].as_ref())
        } else {
            let s: Cow<'_, str> = if flags & NON_ASCII == 0 {
                Cow::Borrowed(ascii_str(&buf[start..end]))
            } else {
                match cell_str(buf, start, end) {
                    Ok(s) => Cow::Borrowed(s),
                    Err(_) if self.latin1 => Cow::Owned(utf8_or_latin1(&buf[start..end])),
                    Err(e) => return Err(e),
                }
            };
            if flags & HAS_AMP != 0 {
                Cow::Owned(decode_entities(&s).into_owned())
            } else {
                s
            }
        };
        Ok(if flags & BASE64 != 0 {
            let mut bytes = Vec::new();
            let mut decoder = Base64Decoder::new();
            match decoder
                .feed(text.as_bytes(), &mut bytes)
                .and_then(|()| decoder.finish(&mut bytes))
            {
                Ok(()) => builder.push_encoded(&bytes),
                Err(e) => Err(CellError::BadNumber {
                    text: format!("base64: {}", e.message),
                    datatype: crate::standards::votable::Datatype::Char,
                }),
            }
        } else {
            builder.push_text(&text)
        })
    }
}

/// Line breaks in `bytes`, eight bytes at a time without a branch per byte (memchr's
/// iterator stops at every match and, in wasm without SIMD, scans four bytes per step).
pub(crate) fn count_newlines(bytes: &[u8]) -> usize {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut words = bytes.chunks_exact(8);
    let mut count = 0usize;
    for w in &mut words {
        let x = u64::from_le_bytes(w.try_into().unwrap_or([0; 8])) ^ (ONES * b'\n' as u64);
        // High bit of each byte set where that byte of x is zero (no carries between bytes).
        let zero = !(((x & LOW7) + LOW7) | x | LOW7);
        count += zero.count_ones() as usize;
    }
    count + words.remainder().iter().filter(|&&b| b == b'\n').count()
}

/// A cell the fast path saw to be all ASCII.
#[inline]
fn ascii_str(bytes: &[u8]) -> &str {
    debug_assert!(bytes.is_ascii());
    // SAFETY: the fast path checked every byte of this span is below 0x80 (it sets
    // NON_ASCII otherwise), and ASCII is valid UTF-8.
    unsafe { std::str::from_utf8_unchecked(bytes) }
}

#[inline]
fn cell_str(buf: &[u8], start: usize, end: usize) -> Result<&str, ScanError> {
    std::str::from_utf8(&buf[start..end]).map_err(|e| {
        err(
            ErrorKind::Xml,
            start + e.valid_up_to(),
            "the document says it is UTF-8 but holds bytes that are not",
        )
    })
}

/// Decodes the five predefined entities and character references; anything else is
/// kept literally (no DTD entities: a billion laughs cannot expand here).
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let tail = &rest[p..];
        // An entity is short: look for its `;` in the next few bytes (by byte: the window
        // may end inside a multi-byte character).
        let window = &tail.as_bytes()[..tail.len().min(12)];
        let Some(semi) = window.iter().position(|&b| b == b';') else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let name = &tail[1..semi];
        let decoded = match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                let code = if let Some(hex) =
                    name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = name.strip_prefix('#') {
                    dec.parse::<u32>().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32)
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Text of a document that declared no encoding and is not UTF-8: what is valid UTF-8
/// stays so, every other byte is an ISO-8859-1 character (what old services meant). The
/// streaming reader decodes its cells the same way, so both readings agree.
pub(crate) fn utf8_or_latin1(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(chunk.invalid().iter().map(|&b| b as char));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::votable::datatype::Datatype;
    use crate::standards::votable::model::Field;

    fn builders() -> Vec<ColumnBuilder> {
        let mut name = Field::new("name", Datatype::Char);
        name.arraysize = Some(crate::standards::votable::datatype::ArraySize::parse("*").unwrap());
        vec![
            ColumnBuilder::new(&name, 0),
            ColumnBuilder::new(&Field::new("ra", Datatype::Double), 0),
        ]
    }

    #[test]
    fn rows_with_entities_cdata_and_prefixes() {
        let body = b"<TR><TD>A&amp;B</TD><TD>1.5</TD></TR>\n<vot:TR><vot:TD><![CDATA[<x>]]></vot:TD><vot:TD/></vot:TR><!-- c --></TABLEDATA>tail";
        let mut s = TableDataScanner::default();
        let mut b = builders();
        let mut w = Warnings::default();
        let r = s.scan(body, true, &mut b, &mut w).unwrap();
        assert_eq!(
            r,
            Scan::Done {
                end: body.len() - 4
            }
        );
        let cols: Vec<_> = b.into_iter().map(|b| b.finish()).collect();
        assert_eq!(cols[0].str_at(0), Some("A&B"));
        assert_eq!(cols[0].str_at(1), Some("<x>"));
        assert_eq!(cols[1].f64_at(0), Some(1.5));
        assert!(cols[1].is_null(1));
    }

    #[test]
    fn incremental_scan_equals_whole() {
        let body =
            b"<TR><TD>Crab</TD><TD>83.63</TD></TR><TR><TD>Vela</TD><TD>128.8</TD></TR></TABLEDATA>";
        for split in 1..body.len() {
            let mut s = TableDataScanner::default();
            let mut b = builders();
            let mut w = Warnings::default();
            let first = s.scan(&body[..split], false, &mut b, &mut w).unwrap();
            let Scan::NeedMore { consumed } = first else {
                assert_eq!(split, body.len());
                continue;
            };
            let r = s.scan(&body[consumed..], true, &mut b, &mut w).unwrap();
            assert!(matches!(r, Scan::Done { .. }));
            assert_eq!(s.rows, 2, "split {split}");
            let cols: Vec<_> = b.into_iter().map(|b| b.finish()).collect();
            assert_eq!(cols[0].str_at(1), Some("Vela"));
        }
    }

    #[test]
    fn line_breaks_are_counted_in_what_is_consumed() {
        let body = b"\n<TR>\n<TD>a\nb</TD> <TD>\r\n2</TD>\n</TR>\n<!-- x\ny -->\n<TR><TD>c</TD><TD><![CDATA[\n]]>\n</TD></TR>\n<TR a=\"\n\"><TD x=\"1\">\nlong cell text \n</TD><TD/></TR><TR/>\n<?pi\n?></TABLEDATA>tail";
        let total = body[..body.len() - 4]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        for split in 1..=body.len() {
            let mut s = TableDataScanner::default();
            let mut b = builders();
            let mut w = Warnings::default();
            let (consumed, done) = match s.scan(&body[..split], false, &mut b, &mut w).unwrap() {
                Scan::NeedMore { consumed } => (consumed, false),
                Scan::Done { end } => (end, true),
            };
            let want = body[..consumed].iter().filter(|&&b| b == b'\n').count();
            assert_eq!(s.newlines, want, "split {split}");
            if !done {
                let rest = s.scan(&body[consumed..], true, &mut b, &mut w).unwrap();
                assert!(matches!(rest, Scan::Done { .. }));
                assert_eq!(s.newlines, total, "split {split}");
            }
        }
    }

    #[test]
    fn truncated_and_misnested() {
        let mut w = Warnings::default();
        let e = TableDataScanner::default()
            .scan(b"<TR><TD>1</TD>", true, &mut builders(), &mut w)
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Truncated);
        let e = TableDataScanner::default()
            .scan(b"<TR><TD>1</TR>", true, &mut builders(), &mut w)
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Xml);
    }

    #[test]
    fn short_and_long_rows_recover_with_warnings() {
        let mut w = Warnings::default();
        let mut b = builders();
        TableDataScanner::default()
            .scan(
                b"<TR><TD>a</TD></TR><TR><TD>b</TD><TD>2</TD><TD>x</TD></TR></TABLEDATA>",
                true,
                &mut b,
                &mut w,
            )
            .unwrap();
        assert_eq!(w.len(), 2);
        let cols: Vec<_> = b.into_iter().map(|b| b.finish()).collect();
        assert!(cols[1].is_null(0));
        assert_eq!(cols[1].f64_at(1), Some(2.0));
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &lt;b&gt; &#65;&#x42; &bogus; &"),
            "a <b> AB &bogus; &"
        );
    }
}
