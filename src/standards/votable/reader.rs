//! The document reader: quick-xml events for the metadata, the hand scanners of
//! `tabledata` and `binary` for the data sections.
//!
//! Element names are matched by local name, so `<VOTABLE>`, `<vot:VOTABLE>` and any
//! namespace URI (1.0 … 1.5, or a mismatched one) read alike. Unknown elements are
//! skipped whole. Nothing from a DTD is expanded.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::binary::BinaryDecoder;
use super::builder::{parse_float, parse_int, ColumnBuilder};
use super::column::Value;
use super::datatype::{ArraySize, Datatype};
use super::error::{ErrorKind, VoTableError};
use super::model::*;
use super::tabledata::{Scan, TableDataScanner};
use super::warnings::Warnings;

/// Deeper RESOURCE/GROUP nesting than this is hostile, not scientific.
const MAX_DEPTH: usize = 64;
/// Base64 text is decoded in slices of this size, bounding the decoded buffer.
const STREAM_CHUNK: usize = 256 * 1024;

/// Parses a complete VOTable document.
pub fn parse(bytes: &[u8]) -> Result<VoTable, VoTableError> {
    let src = to_utf8(bytes)?;
    let mut p = Parser::new(&src, Mode::Whole);
    p.document()
}

/// Said when a DOCTYPE declares entities (a billion laughs, `SYSTEM "file:///etc/passwd"`).
pub const DTD_ENTITIES: &str = "The document declares DTD entities; they were refused: \
     none is expanded and no file or URL they name is read (references such as &name; are \
     shown as written).";

pub(crate) const NOT_STREAMABLE: &str = "not UTF-8: read as a whole";

/// Where the first data section of a document starts, and what reading it needs.
pub(crate) struct DataStart {
    /// Offset of the section's first content byte (after `<TABLEDATA>` or `<STREAM …>`).
    pub offset: usize,
    pub serialization: Serialization,
    pub fields: Vec<Field>,
    pub builders: Vec<ColumnBuilder>,
    pub warnings: Warnings,
}

/// What the start of a document says.
pub(crate) enum Probe {
    /// The first data section starts here: read it incrementally.
    Data(Box<DataStart>),
    /// The document is complete and has no data section to stream.
    Complete,
}

/// Reads a document prefix up to the start of its first data section. `Truncated`
/// errors mean: not enough bytes yet.
pub(crate) fn probe(bytes: &[u8]) -> Result<Probe, VoTableError> {
    if std::str::from_utf8(bytes).is_err() {
        // A prefix may end inside a multi-byte character: try without the last bytes.
        let valid = match std::str::from_utf8(bytes) {
            Ok(_) => bytes.len(),
            Err(e) => e.valid_up_to(),
        };
        if bytes.len() - valid >= 4 {
            // Not UTF-8 (Latin-1, UTF-16, gzip): no streaming, read whole at the end.
            return Err(VoTableError::new(ErrorKind::Unsupported, NOT_STREAMABLE));
        }
        return probe(&bytes[..valid]);
    }
    let mut p = Parser::new(bytes, Mode::Probe);
    match p.document() {
        Ok(_) => Ok(Probe::Complete),
        Err(_) if p.probed.is_some() => {
            Ok(Probe::Data(Box::new(p.probed.take().expect("checked"))))
        }
        // Whatever the prefix lacked at its end may still come.
        Err(e) if p.hit_eof => Err(VoTableError {
            kind: ErrorKind::Truncated,
            ..e
        }),
        Err(e) => Err(e),
    }
}

/// Parses a document whose first data section was read by the streaming reader: the
/// section is empty in `bytes`, and its rows are in `builders`.
pub(crate) fn parse_injected(
    bytes: &[u8],
    builders: Vec<ColumnBuilder>,
    warnings: Warnings,
) -> Result<VoTable, VoTableError> {
    let src = to_utf8(bytes)?;
    let mut p = Parser::new(&src, Mode::Inject(Some((builders, warnings))));
    p.document()
}

/// Whether the parser reads everything, stops at the first data section, or takes the
/// first data section's rows from a streaming reader.
enum Mode {
    Whole,
    Probe,
    Inject(Option<(Vec<ColumnBuilder>, Warnings)>),
}

/// Ensures the bytes are UTF-8: Latin-1 declared documents are transcoded, UTF-16 with
/// a BOM decoded, gzip recognised and refused with a message.
fn to_utf8(bytes: &[u8]) -> Result<Cow<'_, [u8]>, VoTableError> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(VoTableError::new(
            ErrorKind::Unsupported,
            "this is a gzip-compressed file; decompress it first (e.g. gunzip)",
        ));
    }
    let bytes = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(bytes);
    if bytes.starts_with(&[0xfe, 0xff]) || bytes.starts_with(&[0xff, 0xfe]) {
        let be = bytes[0] == 0xfe;
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if be {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect();
        return Ok(Cow::Owned(String::from_utf16_lossy(&units).into_bytes()));
    }
    if std::str::from_utf8(bytes).is_ok() {
        return Ok(Cow::Borrowed(bytes));
    }
    // Not UTF-8. Old services write ISO-8859-1 (and say so, or not): every byte is a char.
    if declares_utf8(bytes) {
        let valid = match std::str::from_utf8(bytes) {
            Ok(_) => bytes.len(),
            Err(e) => e.valid_up_to(),
        };
        return Err(VoTableError::new(
            ErrorKind::Xml,
            "the document says it is UTF-8 but holds bytes that are not",
        )
        .at(bytes, valid));
    }
    Ok(Cow::Owned(
        super::tabledata::utf8_or_latin1(bytes).into_bytes(),
    ))
}

/// Whether the XML declaration says UTF-8 explicitly. Documents that do not, yet hold
/// bytes that are not UTF-8, are read as ISO-8859-1 (what old services meant).
pub(crate) fn declares_utf8(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).to_ascii_lowercase();
    head.contains("encoding=\"utf-8\"") || head.contains("encoding='utf-8'")
}

/// A start tag, detached from the reader: local name and attributes.
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    empty: bool,
    offset: usize,
}

impl Tag {
    fn get(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn owned(&self, key: &str) -> Option<String> {
        self.get(key).map(str::to_owned)
    }
}

enum Ev {
    Start(Tag),
    End(String),
    Text(String),
    Eof,
}

struct Parser<'a> {
    src: &'a [u8],
    /// Offset of the reader's slice in `src` (the reader restarts after data sections).
    base: usize,
    xml: Reader<&'a [u8]>,
    warnings: Warnings,
    /// VALUES with an ID, for `<VALUES ref="…">` reuse.
    values_by_id: Vec<Values>,
    /// FIELDs of the tables read so far, by ID, for `<TABLE ref="…">` reuse.
    table_fields: Vec<(String, Vec<Field>)>,
    /// The file says astropy wrote it (see `ColumnBuilder::astropy_bit_arrays`).
    astropy_writer: bool,
    mode: Mode,
    /// Data sections met so far (the first is the one a streaming reader reads).
    data_sections: usize,
    /// Set by a probe that reached the first data section.
    probed: Option<DataStart>,
    /// The input ended (a probe's prefix may be incomplete rather than wrong).
    hit_eof: bool,
}

fn local_name(qname: &str) -> &str {
    match qname.rfind(':') {
        Some(p) => &qname[p + 1..],
        None => qname,
    }
}

impl<'a> Parser<'a> {
    fn new(src: &'a [u8], mode: Mode) -> Parser<'a> {
        Parser {
            src,
            base: 0,
            xml: Self::reader(src),
            warnings: Warnings::default(),
            table_fields: Vec::new(),
            values_by_id: Vec::new(),
            astropy_writer: memchr::memmem::find(
                &src[..src.len().min(4096)],
                b"astropy.io.votable",
            )
            .is_some(),
            mode,
            data_sections: 0,
            probed: None,
            hit_eof: false,
        }
    }

    fn reader(slice: &'a [u8]) -> Reader<&'a [u8]> {
        let mut r = Reader::from_reader(slice);
        let c = r.config_mut();
        c.check_end_names = false;
        c.allow_unmatched_ends = true;
        c.expand_empty_elements = false;
        c.allow_dangling_amp = true;
        r
    }

    /// Restarts the XML reader at an absolute offset (after a hand-scanned section).
    fn jump(&mut self, offset: usize) {
        self.base = offset;
        self.xml = Self::reader(&self.src[offset..]);
    }

    fn pos(&self) -> usize {
        self.base + self.xml.buffer_position() as usize
    }

    fn error(&self, kind: ErrorKind, offset: usize, message: impl Into<String>) -> VoTableError {
        VoTableError::new(kind, message).at(self.src, offset)
    }

    fn next(&mut self) -> Result<Ev, VoTableError> {
        loop {
            let before = self.pos();
            let event = match self.xml.read_event() {
                Ok(e) => e,
                Err(e) => {
                    let at = self.base + self.xml.error_position() as usize;
                    // quick-xml's syntax errors all mean: a construct still open when the
                    // input ended (a cut download, or a prefix of a stream).
                    let truncated = matches!(e, quick_xml::Error::Syntax(_));
                    self.hit_eof |= truncated;
                    let kind = if truncated {
                        ErrorKind::Truncated
                    } else {
                        ErrorKind::Xml
                    };
                    let message = if truncated {
                        format!("the document ends before its end (the download was cut?): {e}")
                    } else {
                        format!("malformed XML: {e}")
                    };
                    return Err(self.error(kind, at, message));
                }
            };
            return Ok(match event {
                Event::Start(e) => Ev::Start(self.tag(&e, false, before)?),
                Event::Empty(e) => Ev::Start(self.tag(&e, true, before)?),
                Event::End(e) => Ev::End(local_name(e.name().as_ref()).to_owned()),
                Event::Text(t) => Ev::Text(t.xml10_content().into_owned()),
                Event::CData(t) => Ev::Text(t.xml10_content().into_owned()),
                Event::GeneralRef(r) => {
                    let text = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => match &*r {
                            "lt" => "<".into(),
                            "gt" => ">".into(),
                            "amp" => "&".into(),
                            "quot" => "\"".into(),
                            "apos" => "'".into(),
                            // Entities from a DTD are not expanded (no billion laughs).
                            other => format!("&{other};"),
                        },
                        Err(_) => format!("&{};", &*r),
                    };
                    Ev::Text(text)
                }
                Event::Eof => {
                    self.hit_eof = true;
                    Ev::Eof
                }
                Event::DocType(d) => {
                    if d.contains("<!ENTITY") {
                        self.warnings.push(DTD_ENTITIES.to_owned());
                    }
                    continue;
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => continue,
            });
        }
    }

    fn tag(&self, e: &BytesStart<'_>, empty: bool, offset: usize) -> Result<Tag, VoTableError> {
        let mut attrs = Vec::new();
        for a in e.attributes().with_checks(false) {
            let a = a.map_err(|err| {
                self.error(
                    ErrorKind::Xml,
                    offset,
                    format!("malformed attribute: {err}"),
                )
            })?;
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.clone().into_owned());
            attrs.push((local_name(a.key.as_ref()).to_owned(), value));
        }
        Ok(Tag {
            name: local_name(e.name().as_ref()).to_owned(),
            attrs,
            empty,
            offset,
        })
    }

    fn eof_error(&self, inside: &str) -> VoTableError {
        self.error(
            ErrorKind::Truncated,
            self.src.len(),
            format!("the document ends inside {inside} (the download was cut?)"),
        )
    }

    /// Skips the rest of an element whose start tag was just read.
    fn skip(&mut self, tag: &Tag) -> Result<(), VoTableError> {
        if tag.empty {
            return Ok(());
        }
        let mut depth = 1usize;
        loop {
            match self.next()? {
                Ev::Start(t) if !t.empty => depth += 1,
                Ev::End(..) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Ev::Eof => return Err(self.eof_error(&tag.name)),
                _ => {}
            }
        }
    }

    /// Text content of an element, nested markup (HTML in a DESCRIPTION) flattened.
    fn text(&mut self, tag: &Tag) -> Result<String, VoTableError> {
        let mut out = String::new();
        if tag.empty {
            return Ok(out);
        }
        let mut depth = 1usize;
        loop {
            match self.next()? {
                Ev::Text(t) => out.push_str(&t),
                Ev::Start(t) if !t.empty => depth += 1,
                Ev::End(..) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(out.trim().to_owned());
                    }
                }
                Ev::Eof => return Err(self.eof_error(&tag.name)),
                _ => {}
            }
        }
    }

    fn document(&mut self) -> Result<VoTable, VoTableError> {
        loop {
            match self.next()? {
                Ev::Start(tag) if tag.name == "VOTABLE" => {
                    let mut doc = VoTable {
                        version: tag.owned("version"),
                        ..VoTable::default()
                    };
                    self.votable(&tag, &mut doc)?;
                    doc.warnings = std::mem::take(&mut self.warnings).into_vec();
                    return Ok(doc);
                }
                Ev::Start(tag) => {
                    let what = match tag.name.to_ascii_lowercase().as_str() {
                        "html" | "body" | "head" => "an HTML page".to_owned(),
                        "job" => "a UWS job document".to_owned(),
                        _ => format!("a <{}> document", tag.name),
                    };
                    return Err(self.error(
                        ErrorKind::NotVoTable,
                        tag.offset,
                        format!("expected a VOTable but got {what}"),
                    ));
                }
                Ev::Text(t) if !t.trim().is_empty() => {
                    let at = self.pos().saturating_sub(t.len());
                    let start: String = t.trim().chars().take(80).collect();
                    return Err(self.error(
                        ErrorKind::NotVoTable,
                        at,
                        format!("expected a VOTable but got plain text: {start:?}"),
                    ));
                }
                Ev::Eof => {
                    return Err(self.error(ErrorKind::NotVoTable, 0, "the document is empty"))
                }
                _ => {}
            }
        }
    }

    fn votable(&mut self, tag: &Tag, doc: &mut VoTable) -> Result<(), VoTableError> {
        if tag.empty {
            return Ok(());
        }
        loop {
            match self.next()? {
                Ev::Start(t) => match t.name.as_str() {
                    "RESOURCE" => {
                        let r = self.resource(&t, 0)?;
                        doc.resources.push(r);
                    }
                    "DESCRIPTION" => doc.description = Some(self.text(&t)?),
                    "DEFINITIONS" => {
                        // VOTable 1.0: COOSYS and PARAMs wrapped in DEFINITIONS.
                        if !t.empty {
                            self.definitions(&mut doc.meta)?;
                        }
                    }
                    _ => self.meta_element(&t, &mut doc.meta, 0)?,
                },
                Ev::End(name) if name == "VOTABLE" => break,
                Ev::End(..) | Ev::Text(_) => {}
                Ev::Eof => return Err(self.eof_error("VOTABLE")),
            }
        }
        if doc.resources.is_empty() {
            self.warnings
                .push("the VOTABLE has no RESOURCE (not valid VOTable, read as empty)".into());
        }
        Ok(())
    }

    fn definitions(&mut self, meta: &mut Meta) -> Result<(), VoTableError> {
        loop {
            match self.next()? {
                Ev::Start(t) => self.meta_element(&t, meta, 0)?,
                Ev::End(name) if name == "DEFINITIONS" => return Ok(()),
                Ev::Eof => return Err(self.eof_error("DEFINITIONS")),
                _ => {}
            }
        }
    }

    /// INFO, PARAM, GROUP, COOSYS, TIMESYS, LINK, or an element skipped whole.
    fn meta_element(&mut self, t: &Tag, meta: &mut Meta, depth: usize) -> Result<(), VoTableError> {
        match t.name.as_str() {
            "INFO" => {
                let info = self.info(t)?;
                meta.infos.push(info);
            }
            "PARAM" => {
                let p = self.param(t)?;
                meta.params.push(p);
            }
            "GROUP" => {
                let g = self.group(t, depth + 1)?;
                meta.groups.push(g);
            }
            "COOSYS" => {
                meta.coosys.push(CooSys {
                    id: t.owned("ID"),
                    system: t.owned("system"),
                    equinox: t.owned("equinox"),
                    epoch: t.owned("epoch"),
                    refposition: t.owned("refposition"),
                });
                self.skip(t)?;
            }
            "TIMESYS" => {
                meta.timesys.push(TimeSys {
                    id: t.owned("ID"),
                    timeorigin: t.owned("timeorigin"),
                    timescale: t.owned("timescale"),
                    refposition: t.owned("refposition"),
                });
                self.skip(t)?;
            }
            "LINK" => {
                meta.links.push(link(t));
                self.skip(t)?;
            }
            _ => self.skip(t)?,
        }
        Ok(())
    }

    fn info(&mut self, t: &Tag) -> Result<Info, VoTableError> {
        Ok(Info {
            name: t.owned("name").unwrap_or_default(),
            value: t.owned("value").unwrap_or_default(),
            id: t.owned("ID"),
            content: self.text(t)?,
        })
    }

    fn resource(&mut self, tag: &Tag, depth: usize) -> Result<Resource, VoTableError> {
        if depth > MAX_DEPTH {
            return Err(self.error(
                ErrorKind::Structure,
                tag.offset,
                format!("RESOURCEs nested more than {MAX_DEPTH} deep"),
            ));
        }
        let mut r = Resource {
            name: tag.owned("name"),
            id: tag.owned("ID"),
            kind: tag.owned("type"),
            utype: tag.owned("utype"),
            ..Resource::default()
        };
        if tag.empty {
            return Ok(r);
        }
        loop {
            match self.next()? {
                Ev::Start(t) => match t.name.as_str() {
                    "RESOURCE" => {
                        let child = self.resource(&t, depth + 1)?;
                        r.resources.push(child);
                    }
                    "TABLE" => {
                        let table = self.table(&t)?;
                        r.tables.push(table);
                    }
                    "DESCRIPTION" => r.description = Some(self.text(&t)?),
                    "VODML" => {
                        let raw = self.raw_element(&t)?;
                        r.mivot.push(raw);
                    }
                    _ => self.meta_element(&t, &mut r.meta, depth)?,
                },
                Ev::End(name) if name == "RESOURCE" => return Ok(r),
                Ev::Eof => return Err(self.eof_error("RESOURCE")),
                _ => {}
            }
        }
    }

    /// The element's exact XML text (for MIVOT blocks, kept for later use).
    fn raw_element(&mut self, t: &Tag) -> Result<String, VoTableError> {
        self.skip(t)?;
        let end = self.pos().min(self.src.len());
        Ok(String::from_utf8_lossy(&self.src[t.offset..end]).into_owned())
    }

    fn table(&mut self, tag: &Tag) -> Result<Table, VoTableError> {
        let mut table = Table {
            name: tag.owned("name"),
            id: tag.owned("ID"),
            ucd: tag.owned("ucd"),
            utype: tag.owned("utype"),
            nrows_declared: tag.get("nrows").and_then(|n| n.trim().parse().ok()),
            ..Table::default()
        };
        if !tag.empty {
            self.table_body(tag, &mut table)?;
        }
        self.inherit_fields(tag, &mut table);
        if let Some(id) = &table.id {
            self.table_fields.push((id.clone(), table.fields.clone()));
        }
        if table.columns.is_empty() {
            // No DATA: the columns exist, with no rows.
            table.columns = table
                .fields
                .iter()
                .map(|f| ColumnBuilder::new(f, 0).finish())
                .collect();
        }
        Ok(table)
    }

    fn table_body(&mut self, tag: &Tag, table: &mut Table) -> Result<(), VoTableError> {
        loop {
            match self.next()? {
                Ev::Start(t) => match t.name.as_str() {
                    "FIELD" => {
                        let f = self.field(&t)?;
                        table.fields.push(f);
                    }
                    "DESCRIPTION" => table.description = Some(self.text(&t)?),
                    "DATA" => {
                        self.inherit_fields(tag, table);
                        self.data(&t, table)?;
                    }
                    _ => self.meta_element(&t, &mut table.meta, 0)?,
                },
                Ev::End(name) if name == "TABLE" => return Ok(()),
                Ev::Eof => return Err(self.eof_error("TABLE")),
                _ => {}
            }
        }
    }

    /// A TABLE with `ref` and no FIELDs of its own takes those of the referenced TABLE.
    fn inherit_fields(&mut self, tag: &Tag, table: &mut Table) {
        let Some(r) = tag.get("ref") else { return };
        if !table.fields.is_empty() {
            return;
        }
        match self.table_fields.iter().find(|(id, _)| id == r) {
            Some((_, fields)) => table.fields = fields.clone(),
            None => self.warnings.push(format!(
                "TABLE ref={r:?} names no earlier TABLE; it has no columns"
            )),
        }
    }

    fn field_attrs(&mut self, t: &Tag, what: &str) -> Result<Field, VoTableError> {
        let name = t
            .owned("name")
            .or_else(|| t.owned("ID"))
            .unwrap_or_default();
        let datatype = match t.get("datatype") {
            Some(d) => Datatype::parse(d.trim()).ok_or_else(|| {
                self.error(
                    ErrorKind::Structure,
                    t.offset,
                    format!("{what} {name:?} has an unknown datatype {d:?}"),
                )
            })?,
            None => {
                // Required by the schema, but missing in real error documents (NED):
                // reading the value as text loses nothing.
                self.warnings
                    .push(format!("{what} {name:?} has no datatype; read as text"));
                Datatype::Char
            }
        };
        let arraysize = match t.get("arraysize") {
            None if t.get("datatype").is_none() => Some(ArraySize {
                dims: vec![0],
                variable: true,
            }),
            None => None,
            Some(a) => match ArraySize::parse(a) {
                Ok(a) => Some(a),
                Err(msg) if what == "PARAM" => {
                    // A PARAM's value is read whole; a bad arraysize there only matters as text.
                    let _ = msg;
                    Some(ArraySize {
                        dims: vec![0],
                        variable: true,
                    })
                }
                Err(msg) => {
                    return Err(self.error(
                        ErrorKind::Structure,
                        t.offset,
                        format!("{what} {name:?}: {msg}"),
                    ))
                }
            },
        };
        let mut f = Field::new(name, datatype);
        f.id = t.owned("ID");
        f.arraysize = arraysize;
        f.width = t.get("width").and_then(|w| w.trim().parse().ok());
        f.precision = t.owned("precision");
        f.unit = t.owned("unit");
        f.ucd = t.owned("ucd");
        f.utype = t.owned("utype");
        f.xtype = t.owned("xtype");
        f.reference = t.owned("ref");
        Ok(f)
    }

    /// The children of FIELD and PARAM: DESCRIPTION, VALUES, LINK.
    fn field_children(&mut self, t: &Tag, f: &mut Field) -> Result<(), VoTableError> {
        if t.empty {
            return Ok(());
        }
        loop {
            match self.next()? {
                Ev::Start(c) => match c.name.as_str() {
                    "DESCRIPTION" => f.description = Some(self.text(&c)?),
                    "VALUES" => f.values = Some(self.values(&c)?),
                    "LINK" => {
                        f.links.push(link(&c));
                        self.skip(&c)?;
                    }
                    _ => self.skip(&c)?,
                },
                Ev::End(..) => return Ok(()),
                Ev::Eof => return Err(self.eof_error(&t.name)),
                Ev::Text(_) => {}
            }
        }
    }

    fn field(&mut self, t: &Tag) -> Result<Field, VoTableError> {
        let mut f = self.field_attrs(t, "FIELD")?;
        self.field_children(t, &mut f)?;
        Ok(f)
    }

    fn param(&mut self, t: &Tag) -> Result<Param, VoTableError> {
        let mut f = self.field_attrs(t, "PARAM")?;
        let value = t.owned("value").unwrap_or_default();
        self.field_children(t, &mut f)?;
        let parsed = param_value(&f, &value);
        Ok(Param {
            field: f,
            value,
            parsed,
        })
    }

    fn values(&mut self, t: &Tag) -> Result<Values, VoTableError> {
        let mut v = Values {
            id: t.owned("ID"),
            null: t.owned("null"),
            reference: t.owned("ref"),
            ..Values::default()
        };
        if t.empty {
            return Ok(self.resolve_values(v));
        }
        loop {
            match self.next()? {
                Ev::Start(c) => {
                    match c.name.as_str() {
                        "MIN" => v.min = c.owned("value"),
                        "MAX" => v.max = c.owned("value"),
                        "OPTION" => v
                            .options
                            .push((c.owned("name"), c.owned("value").unwrap_or_default())),
                        _ => {}
                    }
                    // OPTIONs may nest; their inner OPTIONs are flattened into the list.
                    if c.name != "OPTION" {
                        self.skip(&c)?;
                    }
                }
                Ev::End(name) if name == "VALUES" => return Ok(self.resolve_values(v)),
                Ev::Eof => return Err(self.eof_error("VALUES")),
                _ => {}
            }
        }
    }

    /// Registers a VALUES with an ID; fills a `ref`-only VALUES from its target.
    fn resolve_values(&mut self, mut v: Values) -> Values {
        if let Some(r) = &v.reference {
            if let Some(target) = self
                .values_by_id
                .iter()
                .find(|t| t.id.as_deref() == Some(r))
            {
                v.null = v.null.or_else(|| target.null.clone());
                v.min = v.min.or_else(|| target.min.clone());
                v.max = v.max.or_else(|| target.max.clone());
                if v.options.is_empty() {
                    v.options = target.options.clone();
                }
            }
        }
        if v.id.is_some() {
            self.values_by_id.push(v.clone());
        }
        v
    }

    fn group(&mut self, t: &Tag, depth: usize) -> Result<Group, VoTableError> {
        if depth > MAX_DEPTH {
            return Err(self.error(
                ErrorKind::Structure,
                t.offset,
                format!("GROUPs nested more than {MAX_DEPTH} deep"),
            ));
        }
        let mut g = Group {
            name: t.owned("name"),
            id: t.owned("ID"),
            reference: t.owned("ref"),
            ucd: t.owned("ucd"),
            utype: t.owned("utype"),
            ..Group::default()
        };
        if t.empty {
            return Ok(g);
        }
        loop {
            match self.next()? {
                Ev::Start(c) => match c.name.as_str() {
                    "DESCRIPTION" => g.description = Some(self.text(&c)?),
                    "FIELDref" => {
                        g.field_refs.extend(c.owned("ref"));
                        self.skip(&c)?;
                    }
                    "PARAMref" => {
                        g.param_refs.extend(c.owned("ref"));
                        self.skip(&c)?;
                    }
                    "PARAM" => {
                        let p = self.param(&c)?;
                        g.params.push(p);
                    }
                    "GROUP" => {
                        let child = self.group(&c, depth + 1)?;
                        g.groups.push(child);
                    }
                    _ => self.skip(&c)?,
                },
                Ev::End(name) if name == "GROUP" => return Ok(g),
                Ev::Eof => return Err(self.eof_error("GROUP")),
                _ => {}
            }
        }
    }

    fn data(&mut self, t: &Tag, table: &mut Table) -> Result<(), VoTableError> {
        if t.empty {
            return Ok(());
        }
        // Re-reading a streamed document, the first data section's builders are replaced
        // by the streamed ones: reserving a million rows for them would only raise the
        // peak memory.
        let rows_hint = match self.mode {
            Mode::Inject(Some(_)) => 0,
            _ => table.nrows_declared.map_or(0, |n| n.min(1 << 20) as usize),
        };
        let mut builders: Vec<ColumnBuilder> = table
            .fields
            .iter()
            .map(|f| ColumnBuilder::new(f, rows_hint))
            .collect();
        if self.astropy_writer {
            builders
                .iter_mut()
                .for_each(ColumnBuilder::astropy_bit_arrays);
        }
        loop {
            match self.next()? {
                Ev::Start(c) => match c.name.as_str() {
                    "TABLEDATA" => {
                        table.serialization = Some(Serialization::TableData);
                        if !c.empty {
                            self.section_start(Serialization::TableData, table, &mut builders)?;
                            self.tabledata(&mut builders)?;
                        }
                    }
                    "BINARY" | "BINARY2" => {
                        let binary2 = c.name == "BINARY2";
                        table.serialization = Some(if binary2 {
                            Serialization::Binary2
                        } else {
                            Serialization::Binary
                        });
                        if !c.empty {
                            self.binary(&c, binary2, table, &mut builders)?;
                        }
                    }
                    "FITS" => {
                        return Err(self.error(
                            ErrorKind::Unsupported,
                            c.offset,
                            "the table data is in FITS serialization, which voscope does not read; ask the service for TABLEDATA, BINARY or BINARY2",
                        ))
                    }
                    "PARQUET" => {
                        return Err(self.error(
                            ErrorKind::Unsupported,
                            c.offset,
                            "the table data is in an external Parquet file (a non-standard serialization voscope does not read)",
                        ))
                    }
                    "INFO" => {
                        let info = self.info(&c)?;
                        table.meta.infos.push(info);
                    }
                    _ => self.skip(&c)?,
                },
                Ev::End(name) if name == "DATA" => break,
                Ev::Eof => return Err(self.eof_error("DATA")),
                _ => {}
            }
        }
        table.columns = builders.into_iter().map(ColumnBuilder::finish).collect();
        // A TABLE without FIELDs whose rows were kept as text: name the columns.
        for i in table.fields.len()..table.columns.len() {
            let mut f = Field::new(format!("col{}", i + 1), Datatype::Char);
            f.arraysize = Some(ArraySize {
                dims: vec![0],
                variable: true,
            });
            table.fields.push(f);
        }
        Ok(())
    }

    fn tabledata(&mut self, builders: &mut Vec<ColumnBuilder>) -> Result<(), VoTableError> {
        let start = self.pos();
        let mut scanner = TableDataScanner::default();
        let body = &self.src[start..];
        match scanner.scan(body, true, builders, &mut self.warnings) {
            Ok(Scan::Done { end }) => {
                self.jump(start + end);
                Ok(())
            }
            Ok(Scan::NeedMore { .. }) => Err(self.eof_error("TABLEDATA")),
            Err(e) => Err(self.error(e.kind, start + e.offset, e.message)),
        }
    }

    /// At the content start of a data section: a probe stops here (the first time), an
    /// injecting parse takes the streamed rows.
    fn section_start(
        &mut self,
        serialization: Serialization,
        table: &Table,
        builders: &mut Vec<ColumnBuilder>,
    ) -> Result<(), VoTableError> {
        self.data_sections += 1;
        if self.data_sections > 1 {
            return Ok(());
        }
        match &mut self.mode {
            Mode::Whole => Ok(()),
            Mode::Probe => {
                self.probed = Some(DataStart {
                    offset: self.pos(),
                    serialization,
                    fields: table.fields.clone(),
                    builders: std::mem::take(builders),
                    warnings: std::mem::take(&mut self.warnings),
                });
                Err(VoTableError::new(
                    ErrorKind::Truncated,
                    "probe reached the data",
                ))
            }
            Mode::Inject(slot) => {
                if let Some((streamed, warnings)) = slot.take() {
                    *builders = streamed;
                    // The streamed warnings begin with the header's, which this re-parse
                    // of the same header has just produced again.
                    self.warnings = warnings;
                }
                Ok(())
            }
        }
    }

    fn binary(
        &mut self,
        tag: &Tag,
        binary2: bool,
        table: &Table,
        builders: &mut Vec<ColumnBuilder>,
    ) -> Result<(), VoTableError> {
        loop {
            match self.next()? {
                Ev::Start(s) if s.name == "STREAM" => {
                    if let Some(href) = s.get("href") {
                        return Err(self.error(
                            ErrorKind::Unsupported,
                            s.offset,
                            format!(
                                "the table data is not inlined: the STREAM points to {href:?}; voscope reads inline data only"
                            ),
                        ));
                    }
                    let encoding = s.get("encoding").unwrap_or("");
                    if !encoding.eq_ignore_ascii_case("base64") {
                        return Err(self.error(
                            ErrorKind::Unsupported,
                            s.offset,
                            format!("an inline STREAM must be base64-encoded, this one says encoding={encoding:?}"),
                        ));
                    }
                    if s.empty {
                        continue;
                    }
                    let kind = if binary2 {
                        Serialization::Binary2
                    } else {
                        Serialization::Binary
                    };
                    self.section_start(kind, table, builders)?;
                    let start = self.pos();
                    let Some(lt) = memchr::memchr(b'<', &self.src[start..]) else {
                        return Err(self.eof_error("STREAM"));
                    };
                    let text = &self.src[start..start + lt];
                    let mut decoder = BinaryDecoder::new(binary2);
                    let mut fed = 0;
                    for chunk in text.chunks(STREAM_CHUNK) {
                        decoder
                            .feed(chunk, builders, &mut self.warnings)
                            .map_err(|e| {
                                let at = start + e.text_offset.unwrap_or(fed);
                                self.error(e.kind, at, e.message)
                            })?;
                        fed += chunk.len();
                    }
                    decoder
                        .finish(builders, &mut self.warnings)
                        .map_err(|e| self.error(e.kind, start + lt, e.message))?;
                    self.jump(start + lt);
                }
                Ev::Start(other) => self.skip(&other)?,
                Ev::End(name) if name == tag.name => return Ok(()),
                Ev::End(..) | Ev::Text(_) => {}
                Ev::Eof => return Err(self.eof_error(&tag.name)),
            }
        }
    }
}

fn link(t: &Tag) -> Link {
    Link {
        href: t.owned("href"),
        title: t.owned("title"),
        content_role: t.owned("content-role"),
        content_type: t.owned("content-type"),
        value: t.owned("value"),
        gref: t.owned("gref"),
    }
}

/// A PARAM's value read by its datatype: scalars as numbers, the rest as text.
fn param_value(f: &Field, value: &str) -> Value {
    let v = value.trim();
    if v.is_empty() {
        return Value::Null;
    }
    if f.datatype.is_text() || !f.is_scalar() {
        return Value::Text(value.to_owned());
    }
    match f.datatype {
        Datatype::Boolean => match v {
            "T" | "t" | "true" | "1" => Value::Bool(true),
            "F" | "f" | "false" | "0" => Value::Bool(false),
            _ => Value::Null,
        },
        Datatype::Float | Datatype::Double => match parse_float(v) {
            Some(x) if x.is_finite() => Value::Float(x),
            _ => Value::Null,
        },
        _ => parse_int(v).map_or(Value::Null, Value::Int),
    }
}
