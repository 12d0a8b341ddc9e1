//! Reading a VOTable while it downloads.
//!
//! The header (everything before the first TABLEDATA or STREAM content) is small: it is
//! buffered and read with the whole-document parser in "probe" mode. The first data
//! section, which is the bulk of a TAP result, then goes chunk by chunk through the same
//! scanners the whole-document parser uses, keeping only the bytes of an unfinished row.
//! What follows the section (trailing INFOs such as OVERFLOW, other tables) is buffered
//! and read at the end together with the header, the streamed rows injected in place.
//!
//! So memory is the parsed columns plus one chunk, not the document, and the rows read
//! so far can be shown before the download ends.

use super::binary::BinaryDecoder;
use super::builder::ColumnBuilder;
use super::error::{ErrorKind, VoTableError};
use super::model::{Field, Serialization, Table, VoTable};
use super::reader::{self, DataStart, Probe, NOT_STREAMABLE};
use super::tabledata::{count_newlines, Scan, TableDataScanner};
use super::warnings::Warnings;

/// Data read before the columns are sized for a document of known length: enough rows
/// for their mean size to hold for the rest (rows of an answer are alike).
const SIZE_SAMPLE: usize = 2 << 20;

/// What the estimate of the columns' final size is raised by: a margin for rows that
/// are longer later on, so that the last rows do not double a full column.
const SIZE_MARGIN: f64 = 1.03;

/// The largest document the columns are sized for ahead: past this, a length is either
/// wrong or more than a page's memory holds, and the columns grow as they go.
const SIZE_AHEAD_MAX: usize = 3 << 30;

/// Unfinished rows shorter than this are scanned again at every chunk.
const RESCAN_MIN: usize = 256 * 1024;

enum Section {
    TableData(TableDataScanner),
    Binary(BinaryDecoder),
}

enum State {
    /// Buffering the header until the first data section starts.
    Header,
    /// The document cannot be streamed (not UTF-8): read it whole at the end.
    Whole,
    /// Inside the first data section.
    Data {
        section: Section,
        builders: Vec<ColumnBuilder>,
        warnings: Warnings,
    },
    /// After the first data section: buffering the rest.
    Tail {
        builders: Vec<ColumnBuilder>,
        warnings: Warnings,
        /// The closing tag the scanner consumed, restored for the final parse.
        close: &'static [u8],
    },
    Failed,
}

/// A push parser: [`StreamReader::feed`] chunks as they arrive, then [`StreamReader::finish`].
pub struct StreamReader {
    state: State,
    /// Bytes received and not yet consumed.
    buf: Vec<u8>,
    /// Absolute offset of `buf[0]` in the document.
    base: usize,
    /// The header, through the first data section's start tag.
    prefix: Vec<u8>,
    fields: Vec<Field>,
    serialization: Option<Serialization>,
    /// Line breaks inside the streamed data section (to report later lines correctly).
    data_newlines: usize,
    received: usize,
    /// Where the next probe should look for a data section's start tag.
    probe_from: usize,
    /// The unfinished row is not scanned again before the buffer holds this many bytes:
    /// a huge row (a 100 MB cell) is rescanned at doubling sizes, in linear time overall,
    /// not from its start at every chunk.
    rescan_at: usize,
    started: bool,
    /// The document's length, when known (Content-Length, a file's size), until the
    /// columns have been sized for it.
    expected: Option<usize>,
    /// Columns sized so far.
    sized: usize,
}

impl Default for StreamReader {
    fn default() -> Self {
        StreamReader::new()
    }
}

impl StreamReader {
    pub fn new() -> StreamReader {
        StreamReader {
            state: State::Header,
            buf: Vec::new(),
            base: 0,
            prefix: Vec::new(),
            fields: Vec::new(),
            serialization: None,
            data_newlines: 0,
            received: 0,
            probe_from: 0,
            rescan_at: 0,
            started: false,
            expected: None,
            sized: 0,
        }
    }

    /// Says how long the document is (Content-Length, a file's size): once a sample of
    /// the data is read, the columns are sized for the whole at once, so that no growth
    /// copies a large column later (a pause of the page) and memory is not doubled by
    /// the last growth. A length that is wrong costs at most the margin, or nothing.
    pub fn expect_length(&mut self, bytes: usize) {
        self.expected = (bytes > 0 && bytes <= SIZE_AHEAD_MAX).then_some(bytes);
    }

    /// Sizes the columns for the expected length once the sample is read: one column
    /// per chunk, each from the data read by then, so that the page is held by one
    /// column's allocation at a time (committing 900 MB at once took 0.2 s in Chromium).
    fn size_ahead(&mut self) {
        let Some(total) = self.expected else {
            return;
        };
        let State::Data { builders, .. } = &mut self.state else {
            return;
        };
        // The data bytes read so far: what came after the header, less the unfinished
        // row in the buffer.
        let data = self.base.saturating_sub(self.prefix.len());
        if data < SIZE_SAMPLE || builders.first().is_none_or(|b| b.rows() == 0) {
            return;
        }
        let rest = total.saturating_sub(self.prefix.len());
        let Some(column) = builders.get_mut(self.sized) else {
            self.expected = None;
            return;
        };
        self.sized += 1;
        if rest <= data || !column.try_reserve_scaled(rest as f64 / data as f64 * SIZE_MARGIN) {
            // Read past the length said (it was wrong), or memory is short: the columns
            // grow as they go.
            self.expected = None;
        }
    }

    /// Bytes fed so far.
    pub fn bytes_received(&self) -> usize {
        self.received
    }

    /// Rows of the first table read so far.
    pub fn rows_read(&self) -> usize {
        match &self.state {
            State::Data { builders, .. } | State::Tail { builders, .. } => {
                builders.first().map_or(0, ColumnBuilder::rows)
            }
            _ => 0,
        }
    }

    /// The first `n` rows of the first table read so far, for showing before the end.
    pub fn preview(&self, n: usize) -> Option<Table> {
        let builders = match &self.state {
            State::Data { builders, .. } | State::Tail { builders, .. } => builders,
            _ => return None,
        };
        let columns = builders.iter().map(|b| b.head(n)).collect();
        Some(Table {
            fields: self.fields.clone(),
            columns,
            serialization: self.serialization,
            ..Table::default()
        })
    }

    /// Takes the next chunk of the document.
    pub fn feed(&mut self, mut chunk: &[u8]) -> Result<(), VoTableError> {
        if !self.started {
            self.started = true;
            if let Some(rest) = chunk.strip_prefix(&[0xef, 0xbb, 0xbf]) {
                chunk = rest;
            }
        }
        self.received += chunk.len();
        self.buf.extend_from_slice(chunk);
        let result = self.advance(false);
        if result.is_err() {
            self.state = State::Failed;
        } else if self.expected.is_some() {
            self.size_ahead();
        }
        result
    }

    /// Ends the document and returns it whole, streamed rows included.
    pub fn finish(mut self) -> Result<VoTable, VoTableError> {
        self.advance(true)?;
        match std::mem::replace(&mut self.state, State::Failed) {
            State::Header | State::Whole => reader::parse(&self.buf),
            State::Tail {
                builders,
                warnings,
                close,
            } => {
                let mut doc = std::mem::take(&mut self.prefix);
                let prefix_lines = memchr::memchr_iter(b'\n', &doc).count();
                doc.extend_from_slice(close);
                doc.extend_from_slice(&self.buf);
                reader::parse_injected(&doc, builders, warnings).map_err(|mut e| {
                    if let Some(line) = e.line.as_mut() {
                        if *line > prefix_lines {
                            *line += self.data_newlines;
                        }
                    }
                    e
                })
            }
            State::Data { .. } => Err(self.error_at(
                ErrorKind::Truncated,
                self.base + self.buf.len(),
                "the document ends inside the table data (the download was cut?)",
            )),
            State::Failed => Err(VoTableError::new(
                ErrorKind::Xml,
                "the reader stopped at an earlier error",
            )),
        }
    }

    fn error_at(&self, kind: ErrorKind, absolute: usize, message: &str) -> VoTableError {
        // Line: header lines + data lines already dropped + lines in the buffer before.
        let in_buf = absolute.saturating_sub(self.base).min(self.buf.len());
        let before = &self.buf[..in_buf];
        let line = memchr::memchr_iter(b'\n', &self.prefix).count()
            + self.data_newlines
            + memchr::memchr_iter(b'\n', before).count()
            + 1;
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        VoTableError {
            kind,
            message: message.to_owned(),
            line: Some(line),
            column: Some(column),
        }
    }

    /// Drops `n` consumed bytes of the data section from the buffer.
    fn consume(&mut self, n: usize) {
        let newlines = count_newlines(&self.buf[..n]);
        self.consume_counted(n, newlines);
    }

    /// [`StreamReader::consume`] of bytes holding `newlines` line breaks.
    fn consume_counted(&mut self, n: usize, newlines: usize) {
        debug_assert_eq!(newlines, count_newlines(&self.buf[..n]));
        self.data_newlines += newlines;
        self.buf.drain(..n);
        self.base += n;
    }

    fn advance(&mut self, at_eof: bool) -> Result<(), VoTableError> {
        loop {
            match &mut self.state {
                State::Failed => {
                    return Err(VoTableError::new(
                        ErrorKind::Xml,
                        "the reader stopped at an earlier error",
                    ))
                }
                State::Whole | State::Tail { .. } => return Ok(()),
                State::Header => {
                    // Probe only when a data section's start tag may have arrived.
                    let from = self.probe_from.saturating_sub(16);
                    let window = &self.buf[from.min(self.buf.len())..];
                    let hinted = memchr::memmem::find(window, b"TABLEDATA").is_some()
                        || memchr::memmem::find(window, b"STREAM").is_some();
                    if !hinted && !at_eof {
                        self.probe_from = self.buf.len();
                        return Ok(());
                    }
                    match reader::probe(&self.buf) {
                        Ok(Probe::Data(start)) => self.enter_data(*start),
                        Ok(Probe::Complete) => return Ok(()),
                        Err(e)
                            if e.kind == ErrorKind::Unsupported && e.message == NOT_STREAMABLE =>
                        {
                            self.state = State::Whole;
                            return Ok(());
                        }
                        // Not enough of the header yet; at the end, the final parse says why.
                        Err(e) if e.kind == ErrorKind::Truncated => {
                            self.probe_from = self.buf.len();
                            return Ok(());
                        }
                        Err(e) => return Err(e),
                    }
                }
                State::Data {
                    section,
                    builders,
                    warnings,
                } => match section {
                    Section::TableData(scanner) => {
                        if !at_eof && self.buf.len() < self.rescan_at {
                            return Ok(());
                        }
                        let counted = scanner.newlines;
                        match scanner.scan(&self.buf, at_eof, builders, warnings) {
                            Ok(Scan::NeedMore { consumed }) => {
                                let newlines = scanner.newlines - counted;
                                self.consume_counted(consumed, newlines);
                                self.rescan_at = if self.buf.len() > RESCAN_MIN {
                                    2 * self.buf.len()
                                } else {
                                    0
                                };
                                return Ok(());
                            }
                            Ok(Scan::Done { end }) => {
                                let newlines = scanner.newlines - counted;
                                self.consume_counted(end, newlines);
                                self.enter_tail(b"</TABLEDATA>");
                            }
                            Err(e) => {
                                let at = self.base + e.offset;
                                return Err(self.error_at(e.kind, at, &e.message));
                            }
                        }
                    }
                    Section::Binary(decoder) => {
                        let end = memchr::memchr(b'<', &self.buf);
                        let text_len = end.unwrap_or(self.buf.len());
                        let fed = decoder.feed(&self.buf[..text_len], builders, warnings);
                        let fed = fed.and_then(|()| match end {
                            Some(_) => decoder.finish(builders, warnings),
                            None => Ok(()),
                        });
                        if let Err(e) = fed {
                            let at = self.base + text_len;
                            return Err(self.error_at(e.kind, at, &e.message));
                        }
                        self.consume(text_len);
                        if end.is_none() {
                            return Ok(());
                        }
                        self.enter_tail(b"");
                    }
                },
            }
        }
    }

    fn enter_data(&mut self, start: DataStart) {
        self.prefix = self.buf[..start.offset].to_vec();
        self.buf.drain(..start.offset);
        self.base = start.offset;
        self.fields = start.fields;
        self.serialization = Some(start.serialization);
        let section = match start.serialization {
            Serialization::TableData => {
                let mut scanner = TableDataScanner::default();
                scanner.latin1 = !reader::declares_utf8(&self.prefix);
                Section::TableData(scanner)
            }
            Serialization::Binary => Section::Binary(BinaryDecoder::new(false)),
            Serialization::Binary2 => Section::Binary(BinaryDecoder::new(true)),
        };
        self.state = State::Data {
            section,
            builders: start.builders,
            warnings: start.warnings,
        };
    }

    fn enter_tail(&mut self, close: &'static [u8]) {
        if let State::Data {
            builders, warnings, ..
        } = std::mem::replace(&mut self.state, State::Failed)
        {
            self.state = State::Tail {
                builders,
                warnings,
                close,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0"?>
<VOTABLE version="1.4"><RESOURCE type="results">
<INFO name="QUERY_STATUS" value="OK"/>
<TABLE><FIELD name="name" datatype="char" arraysize="*"/><FIELD name="ra" datatype="double" unit="deg"/>
<DATA><TABLEDATA>
<TR><TD>Crab</TD><TD>83.633</TD></TR>
<TR><TD>Vela</TD><TD>128.836</TD></TR>
<TR><TD>PKS 2155-304</TD><TD>329.717</TD></TR>
</TABLEDATA></DATA></TABLE>
<INFO name="QUERY_STATUS" value="OVERFLOW"/>
</RESOURCE></VOTABLE>"#;

    fn read_in_chunks(doc: &[u8], size: usize) -> Result<VoTable, VoTableError> {
        let mut r = StreamReader::new();
        for chunk in doc.chunks(size) {
            r.feed(chunk)?;
        }
        r.finish()
    }

    #[test]
    fn newline_count() {
        let text: Vec<u8> = (0..1000u32)
            .map(|i| [b'\n', b'a', 0x8a, b'\r', 0xff, b'\t'][(i * 7 % 13 % 6) as usize])
            .collect();
        for start in 0..9 {
            let want = text[start..].iter().filter(|&&b| b == b'\n').count();
            assert_eq!(count_newlines(&text[start..]), want);
        }
    }

    #[test]
    fn chunked_equals_whole_and_keeps_trailing_infos() {
        let whole = reader::parse(DOC.as_bytes()).unwrap();
        for size in [1, 2, 3, 7, 64, 10_000] {
            let doc = read_in_chunks(DOC.as_bytes(), size).unwrap();
            let t = doc.results_table().unwrap();
            assert_eq!(t.row_count(), 3, "chunk {size}");
            assert_eq!(t.columns, whole.results_table().unwrap().columns);
            assert_eq!(
                doc.query_status(),
                crate::standards::votable::QueryStatus::Overflow
            );
        }
    }

    /// A TABLEDATA answer of `rows` rows: a string, a double and an int per row.
    fn big_doc(rows: usize) -> Vec<u8> {
        let mut doc = String::from(
            r#"<?xml version="1.0"?><VOTABLE version="1.4"><RESOURCE type="results"><TABLE>
<FIELD name="s_region" datatype="char" arraysize="*"/><FIELD name="ra" datatype="double"/>
<FIELD name="n" datatype="int"/><DATA><TABLEDATA>
"#,
        );
        for i in 0..rows {
            doc.push_str(&format!(
                "<TR><TD>POLYGON ICRS {}.{} -{}.5 {}.25 -{}.75</TD><TD>{}.{}</TD><TD>{}</TD></TR>\n",
                i % 360,
                i % 97,
                i % 90,
                (i * 7) % 360,
                i % 89,
                i % 360,
                i,
                i
            ));
        }
        doc.push_str("</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>\n");
        doc.into_bytes()
    }

    fn text_capacity(doc: &VoTable) -> (usize, usize) {
        match &doc.results_table().unwrap().columns[0].data {
            crate::standards::votable::ColumnData::Text(t) => (t.byte_len(), t.byte_capacity()),
            other => panic!("not text: {other:?}"),
        }
    }

    #[test]
    fn a_known_length_sizes_the_columns_once_and_reads_the_same() {
        let doc = big_doc(60_000);
        assert!(doc.len() > 2 * SIZE_SAMPLE, "{}", doc.len());
        let read = |expect: Option<usize>| {
            let mut r = StreamReader::new();
            if let Some(n) = expect {
                r.expect_length(n);
            }
            for chunk in doc.chunks(64 * 1024) {
                r.feed(chunk).unwrap();
            }
            r.finish().unwrap()
        };
        let grown = read(None);
        let sized = read(Some(doc.len()));
        let table = |d: &VoTable| d.results_table().unwrap().columns.clone();
        assert_eq!(table(&sized), table(&grown));
        assert_eq!(sized.results_table().unwrap().row_count(), 60_000);
        // Grown by doubling, the strings' buffer ends well above its length; sized ahead,
        // within the margin (and never short of it: no last doubling).
        let (len, grown_cap) = text_capacity(&grown);
        assert!(grown_cap as f64 > 1.06 * len as f64, "{len} {grown_cap}");
        let (len, cap) = text_capacity(&sized);
        assert!(
            cap >= len && (cap as f64) < 1.06 * len as f64,
            "{len} {cap}"
        );
        // A length that is wrong, too short or absurd, changes nothing read.
        for wrong in [doc.len() / 3, doc.len() * 50, usize::MAX, 0] {
            assert_eq!(table(&read(Some(wrong))), table(&grown), "{wrong}");
        }
    }

    #[test]
    fn preview_and_progress_before_the_end() {
        let bytes = DOC.as_bytes();
        let cut = DOC.find("<TR><TD>PKS").unwrap();
        let mut r = StreamReader::new();
        r.feed(&bytes[..cut]).unwrap();
        assert_eq!(r.rows_read(), 2);
        let p = r.preview(1).unwrap();
        assert_eq!(p.row_count(), 1);
        assert_eq!(p.columns[0].str_at(0), Some("Crab"));
        assert_eq!(p.fields[1].unit.as_deref(), Some("deg"));
        r.feed(&bytes[cut..]).unwrap();
        assert_eq!(r.finish().unwrap().results_table().unwrap().row_count(), 3);
    }

    #[test]
    fn a_cut_download_is_an_error_with_its_line() {
        let cut = DOC.find("<TR><TD>Vela").unwrap() + 10;
        let e = read_in_chunks(&DOC.as_bytes()[..cut], 5).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Truncated);
        assert_eq!(e.line, Some(7));
    }

    #[test]
    fn errors_after_the_data_keep_their_line_numbers() {
        let bad = DOC.replace(
            "</RESOURCE></VOTABLE>",
            "<INFO name=\"x\" value=\"1\"></RESOURCE></VOTABLE>",
        );
        let whole = reader::parse(bad.as_bytes());
        let streamed = read_in_chunks(bad.as_bytes(), 4);
        // Both read it (unclosed INFO closed by RESOURCE is tolerated) or both fail alike.
        match (whole, streamed) {
            (Ok(a), Ok(b)) => assert_eq!(a.all_infos().len(), b.all_infos().len()),
            (Err(a), Err(b)) => assert_eq!(a.line, b.line, "{a} / {b}"),
            (a, b) => panic!("whole {a:?} vs streamed {b:?}"),
        }
    }
}
