//! Writing a table as a VOTable 1.4 document, in TABLEDATA, BINARY or BINARY2.
//!
//! Used for exports (BINARY2 is compact and keeps every null) and by the benchmark's
//! data generator. Text is always escaped; nothing a service sent can become markup.

use std::fmt::Write as _;

use super::column::{ColumnData, Value};
use super::datatype::Datatype;
use super::model::{Field, Param, Serialization, Table};

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
}

fn attr(out: &mut String, name: &str, value: Option<&str>) {
    if let Some(v) = value {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        escape(v, out);
        out.push('"');
    }
}

/// The integer that stands for null in BINARY (v1), which has no null flags: the
/// FIELD's own VALUES null, else the type's most negative value (255 for bytes).
fn binary_null(field: &Field) -> Option<i64> {
    if let Some(v) = field.values.as_ref().and_then(|v| v.null.as_deref()) {
        if let Ok(n) = v.trim().parse() {
            return Some(n);
        }
    }
    match field.datatype {
        Datatype::UnsignedByte => Some(255),
        Datatype::Short => Some(i16::MIN as i64),
        Datatype::Int => Some(i32::MIN as i64),
        Datatype::Long => Some(i64::MIN),
        _ => None,
    }
}

/// A PARAM of the table (service facts such as a DataLink's ID, a query's parameters).
fn param_xml(out: &mut String, p: &Param) {
    out.push_str("<PARAM");
    field_head(out, &p.field);
    attr(out, "value", Some(&p.value));
    out.push('>');
    if let Some(d) = &p.field.description {
        out.push_str("<DESCRIPTION>");
        escape(d, out);
        out.push_str("</DESCRIPTION>");
    }
    out.push_str("</PARAM>\n");
}

fn field_xml(out: &mut String, f: &Field, serialization: Serialization) {
    out.push_str("<FIELD");
    field_head(out, f);
    out.push('>');
    field_body(out, f, serialization);
}

/// The attributes FIELD and PARAM share.
fn field_head(out: &mut String, f: &Field) {
    attr(out, "name", Some(&f.name));
    attr(out, "ID", f.id.as_deref());
    attr(out, "datatype", Some(f.datatype.as_str()));
    let arraysize = f.arraysize.as_ref().map(|a| a.to_string());
    attr(out, "arraysize", arraysize.as_deref());
    attr(out, "unit", f.unit.as_deref());
    attr(out, "ucd", f.ucd.as_deref());
    attr(out, "utype", f.utype.as_deref());
    attr(out, "xtype", f.xtype.as_deref());
    attr(out, "ref", f.reference.as_deref());
    let width = f.width.map(|w| w.to_string());
    attr(out, "width", width.as_deref());
    attr(out, "precision", f.precision.as_deref());
}

fn field_body(out: &mut String, f: &Field, serialization: Serialization) {
    if let Some(d) = &f.description {
        out.push_str("<DESCRIPTION>");
        escape(d, out);
        out.push_str("</DESCRIPTION>");
    }
    let null = match serialization {
        Serialization::Binary => binary_null(f).map(|n| n.to_string()),
        _ => f.values.as_ref().and_then(|v| v.null.clone()),
    };
    if f.datatype.is_integer() {
        if let Some(n) = null {
            out.push_str("<VALUES");
            attr(out, "null", Some(&n));
            out.push_str("/>");
        }
    }
    for l in &f.links {
        out.push_str("<LINK");
        attr(
            out,
            "href",
            l.href.as_deref().filter(|h| {
                let h = h.to_ascii_lowercase();
                h.starts_with("http://") || h.starts_with("https://")
            }),
        );
        attr(out, "title", l.title.as_deref());
        attr(out, "content-role", l.content_role.as_deref());
        out.push_str("/>");
    }
    out.push_str("</FIELD>\n");
}

/// Writes `table` as a complete document. `infos` are (name, value, content) INFOs put
/// in the RESOURCE before the table (provenance of an export, say).
pub fn write(
    table: &Table,
    serialization: Serialization,
    infos: &[(String, String, String)],
) -> Vec<u8> {
    let mut head = String::new();
    head.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    head.push_str("<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\">\n");
    head.push_str("<RESOURCE type=\"results\">\n");
    for (name, value, content) in infos {
        head.push_str("<INFO");
        attr(&mut head, "name", Some(name));
        attr(&mut head, "value", Some(value));
        head.push('>');
        escape(content, &mut head);
        head.push_str("</INFO>\n");
    }
    head.push_str("<TABLE");
    attr(&mut head, "name", table.name.as_deref());
    let nrows = table.row_count().to_string();
    attr(&mut head, "nrows", Some(&nrows));
    head.push_str(">\n");
    if let Some(d) = &table.description {
        head.push_str("<DESCRIPTION>");
        escape(d, &mut head);
        head.push_str("</DESCRIPTION>\n");
    }
    for p in &table.meta.params {
        param_xml(&mut head, p);
    }
    for f in &table.fields {
        field_xml(&mut head, f, serialization);
    }
    head.push_str("<DATA>");
    let mut out = head.into_bytes();
    match serialization {
        Serialization::TableData => write_tabledata(table, &mut out),
        Serialization::Binary | Serialization::Binary2 => {
            out.extend_from_slice(if serialization == Serialization::Binary {
                b"<BINARY>"
            } else {
                b"<BINARY2>"
            });
            out.extend_from_slice(b"<STREAM encoding=\"base64\">\n");
            let raw = binary_rows(table, serialization == Serialization::Binary2);
            base64_lines(&raw, &mut out);
            out.extend_from_slice(b"</STREAM>");
            out.extend_from_slice(if serialization == Serialization::Binary {
                b"</BINARY>"
            } else {
                b"</BINARY2>"
            });
        }
    }
    out.extend_from_slice(b"</DATA>\n</TABLE>\n</RESOURCE>\n</VOTABLE>\n");
    out
}

fn write_tabledata(table: &Table, out: &mut Vec<u8>) {
    out.extend_from_slice(b"<TABLEDATA>\n");
    let mut row = String::new();
    for i in 0..table.row_count() {
        row.clear();
        row.push_str("<TR>");
        for c in &table.columns {
            if c.is_null(i) {
                row.push_str("<TD/>");
                continue;
            }
            row.push_str("<TD>");
            td_text(&c.value(i), &mut row);
            row.push_str("</TD>");
        }
        row.push_str("</TR>\n");
        out.extend_from_slice(row.as_bytes());
    }
    out.extend_from_slice(b"</TABLEDATA>");
}

fn td_text(v: &Value, out: &mut String) {
    match v {
        Value::Null => {}
        Value::Bool(b) => out.push(if *b { 'T' } else { 'F' }),
        Value::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Float(x) => {
            let _ = write!(out, "{x}");
        }
        Value::Special(s) => out.push_str(if *s == "inf" { "+Inf" } else { "-Inf" }),
        Value::Text(t) => escape(t, out),
        Value::Array(items) => {
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                match item {
                    Value::Null => out.push_str("NaN"),
                    other => td_text(other, out),
                }
            }
        }
    }
}

fn binary_rows(table: &Table, binary2: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let nulls: Vec<Option<i64>> = table.fields.iter().map(binary_null).collect();
    let flag_bytes = table.fields.len().div_ceil(8);
    for i in 0..table.row_count() {
        if binary2 {
            let start = out.len();
            out.resize(start + flag_bytes, 0);
            for (j, c) in table.columns.iter().enumerate() {
                if c.is_null(i) {
                    out[start + j / 8] |= 0x80 >> (j % 8);
                }
            }
        }
        for (j, (f, c)) in table.fields.iter().zip(&table.columns).enumerate() {
            let null = c.is_null(i);
            binary_cell(f, &c.data, i, null, nulls[j], &mut out);
        }
    }
    out
}

fn binary_cell(
    f: &Field,
    data: &ColumnData,
    i: usize,
    null: bool,
    int_null: Option<i64>,
    out: &mut Vec<u8>,
) {
    let fixed = f.arraysize.as_ref().and_then(|a| a.fixed_count());
    match data {
        ColumnData::Text(t) => {
            let s = if null { "" } else { t.get(i) };
            let unicode = f.datatype == Datatype::UnicodeChar;
            let units: Vec<u8> = if unicode {
                s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect()
            } else {
                s.chars()
                    .map(|c| if (c as u32) < 256 { c as u8 } else { b'?' })
                    .collect()
            };
            let width = if unicode { 2 } else { 1 };
            match fixed.or(if f.arraysize.is_none() { Some(1) } else { None }) {
                Some(n) => {
                    let mut cell = units;
                    cell.resize(n * width, 0);
                    out.extend_from_slice(&cell);
                }
                None => {
                    out.extend_from_slice(&((units.len() / width) as u32).to_be_bytes());
                    out.extend_from_slice(&units);
                }
            }
        }
        ColumnData::Double(v) => {
            out.extend_from_slice(&(if null { f64::NAN } else { v[i] }).to_be_bytes())
        }
        ColumnData::Float(v) => {
            out.extend_from_slice(&(if null { f32::NAN } else { v[i] }).to_be_bytes())
        }
        ColumnData::Long(v) => {
            let x = if null { int_null.unwrap_or(0) } else { v[i] };
            out.extend_from_slice(&x.to_be_bytes());
        }
        ColumnData::Int(v) => {
            let x = if null {
                int_null.unwrap_or(0) as i32
            } else {
                v[i]
            };
            out.extend_from_slice(&x.to_be_bytes());
        }
        ColumnData::Short(v) => {
            let x = if null {
                int_null.unwrap_or(0) as i16
            } else {
                v[i]
            };
            out.extend_from_slice(&x.to_be_bytes());
        }
        ColumnData::UByte(v) => out.push(if null {
            int_null.unwrap_or(0) as u8
        } else {
            v[i]
        }),
        ColumnData::Bool(v) => out.push(if null {
            b'?'
        } else if v[i] != 0 {
            b'T'
        } else {
            b'F'
        }),
        ColumnData::Array(a) => {
            let range = a.range(i);
            let count = range.len();
            let per_step = f.arraysize.as_ref().map_or(1, |s| s.inner_count().max(1));
            let complex = if f.datatype.is_complex() { 2 } else { 1 };
            if fixed.is_none() && !(f.arraysize.is_none() && f.datatype.is_complex()) {
                out.extend_from_slice(&((count / complex / per_step) as u32).to_be_bytes());
            }
            if f.datatype == Datatype::Bit {
                let mut bytes = vec![0u8; count.div_ceil(8)];
                for (k, j) in range.enumerate() {
                    if a.values.f64_at(j).unwrap_or(0.0) != 0.0 {
                        bytes[k / 8] |= 0x80 >> (k % 8);
                    }
                }
                out.extend_from_slice(&bytes);
                return;
            }
            for j in range {
                binary_cell(
                    &Field::new("", element_type(f.datatype)),
                    &a.values,
                    j,
                    false,
                    None,
                    out,
                );
            }
        }
    }
}

fn element_type(d: Datatype) -> Datatype {
    match d {
        Datatype::FloatComplex => Datatype::Float,
        Datatype::DoubleComplex => Datatype::Double,
        other => other,
    }
}

/// Base64 with a line break every 76 characters, as most writers do.
fn base64_lines(raw: &[u8], out: &mut Vec<u8>) {
    out.reserve(raw.len() / 3 * 4 + raw.len() / 57 + 8);
    for line in raw.chunks(57) {
        for chunk in line.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let v = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
            out.push(B64[(v >> 18) as usize & 63]);
            out.push(B64[(v >> 12) as usize & 63]);
            out.push(if chunk.len() > 1 {
                B64[(v >> 6) as usize & 63]
            } else {
                b'='
            });
            out.push(if chunk.len() > 2 {
                B64[v as usize & 63]
            } else {
                b'='
            });
        }
        out.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::votable::parse;

    const SRC: &str = r#"<VOTABLE><RESOURCE type="results"><TABLE>
      <PARAM name="band" datatype="double" unit="TeV" value="0.3"><DESCRIPTION>lower &amp; bound</DESCRIPTION></PARAM>
      <FIELD name="name" datatype="char" arraysize="*"><DESCRIPTION>a &lt;name&gt;</DESCRIPTION></FIELD>
      <FIELD name="n" datatype="int"/><FIELD name="x" datatype="double" unit="deg"/>
      <FIELD name="f" datatype="float"/><FIELD name="b" datatype="boolean"/>
      <FIELD name="s" datatype="short"/><FIELD name="code" datatype="char" arraysize="3"/>
      <FIELD name="v" datatype="double" arraysize="*"/><FIELD name="u" datatype="unicodeChar" arraysize="*"/>
      <DATA><TABLEDATA>
      <TR><TD>Crab &amp; co</TD><TD>1</TD><TD>83.63308</TD><TD>0.5</TD><TD>T</TD><TD>-3</TD><TD>abc</TD><TD>1 2 3</TD><TD>Ceçi</TD></TR>
      <TR><TD></TD><TD/><TD/><TD>NaN</TD><TD>?</TD><TD/><TD>x</TD><TD/><TD>வணக்கம்</TD></TR>
      </TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>"#;

    #[test]
    fn every_serialization_reads_back_the_same() {
        let doc = parse(SRC.as_bytes()).unwrap();
        let table = doc.results_table().unwrap();
        for ser in [
            Serialization::TableData,
            Serialization::Binary,
            Serialization::Binary2,
        ] {
            let bytes = write(
                table,
                ser,
                &[("QUERY_STATUS".into(), "OK".into(), String::new())],
            );
            let back = parse(&bytes).unwrap_or_else(|e| panic!("{ser:?}: {e}"));
            let t = back.results_table().unwrap();
            assert_eq!(t.fields.len(), table.fields.len());
            assert_eq!(t.fields[0].description.as_deref(), Some("a <name>"));
            let p = &t.meta.params[0];
            assert_eq!((p.field.name.as_str(), p.value.as_str()), ("band", "0.3"));
            assert_eq!(p.field.unit.as_deref(), Some("TeV"));
            assert_eq!(p.field.description.as_deref(), Some("lower & bound"));
            for (j, (a, b)) in table.columns.iter().zip(&t.columns).enumerate() {
                for i in 0..2 {
                    // BINARY (v1) cannot say "empty string" apart from "null": both read as "".
                    assert_eq!(a.value(i), b.value(i), "{ser:?} column {j} row {i}");
                }
            }
        }
    }
}
