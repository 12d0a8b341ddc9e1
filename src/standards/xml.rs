//! A small element tree for the VO's small documents (VOSI, UWS, TAPRegExt): local
//! names, attributes, text. Namespaces and prefixes are dropped (services mix them
//! freely); DTD entities are never expanded; depth and size are bounded.

use quick_xml::events::Event;
use quick_xml::Reader;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Element {
    /// Local name (prefix dropped).
    pub name: String,
    /// (local name, value) pairs; `xsi:type` becomes `type`.
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    /// Text directly inside the element, trimmed.
    pub text: String,
}

const MAX_DEPTH: usize = 100;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for XmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Parses a document into its root element.
pub fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        // Not UTF-8: read as ISO-8859-1 rather than refuse.
        Err(_) => std::borrow::Cow::Owned(bytes.iter().map(|&b| b as char).collect::<String>()),
    };
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let err = |reader: &Reader<&[u8]>, message: String| {
        let at = reader.error_position().max(reader.buffer_position()) as usize;
        let (line, column) =
            crate::standards::votable::line_column(text.as_bytes(), at.min(text.len()));
        XmlError {
            line,
            column,
            message,
        }
    };
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| err(&reader, format!("malformed XML: {e}")))?;
        match event {
            Event::Start(e) | Event::Empty(e) if root.is_some() => {
                let _ = e;
                return Err(err(&reader, "content after the root element".into()));
            }
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(err(&reader, "elements nested too deeply".into()));
                }
                stack.push(element(&e));
            }
            Event::Empty(e) => {
                let el = element(&e);
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let Some(mut el) = stack.pop() else {
                    return Err(err(&reader, "an end tag without its start".into()));
                };
                el.text = el.text.trim().to_owned();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                } else if !t.xml10_content().trim().is_empty() {
                    return Err(err(&reader, "text outside the root element".into()));
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    let s = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => match &*r {
                            "lt" => "<".into(),
                            "gt" => ">".into(),
                            "amp" => "&".into(),
                            "quot" => "\"".into(),
                            "apos" => "'".into(),
                            other => format!("&{other};"),
                        },
                    };
                    top.text.push_str(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(err(
            &reader,
            format!("the document ends inside <{}>", stack[stack.len() - 1].name),
        ));
    }
    root.ok_or_else(|| XmlError {
        line: 1,
        column: 1,
        message: "the document is empty".into(),
    })
}

fn element(e: &quick_xml::events::BytesStart<'_>) -> Element {
    let attrs = e
        .attributes()
        .with_checks(false)
        .flatten()
        .map(|a| {
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.clone().into_owned());
            (local(a.key.as_ref()).to_owned(), value)
        })
        .collect();
    Element {
        name: local(e.name().as_ref()).to_owned(),
        attrs,
        children: Vec::new(),
        text: String::new(),
    }
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first child of that name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child of that name.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of the first child of that name, if any and not empty.
    pub fn child_text(&self, name: &str) -> Option<String> {
        self.child(name)
            .map(|c| c.text.clone())
            .filter(|t| !t.is_empty())
    }

    /// Every descendant of that name, depth first.
    pub fn descendants<'a>(&'a self, name: &'a str) -> Vec<&'a Element> {
        let mut out = Vec::new();
        let mut stack: Vec<&Element> = self.children.iter().rev().collect();
        while let Some(e) = stack.pop() {
            if e.name == name {
                out.push(e);
            }
            stack.extend(e.children.iter().rev());
        }
        out
    }
}

/// The five entities XML predefines; any other needs a DTD, which the VO readers never
/// expand.
pub fn predefined_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_with_prefixes_and_entities() {
        let doc = parse(br#"<?xml version="1.0"?><vosi:capabilities xmlns:vosi="x"><capability standardID="ivo://ivoa.net/std/TAP" xsi:type="tr:TableAccess"><language><name>ADQL</name><description>a &lt;b&gt; &#65;</description></language></capability></vosi:capabilities>"#).unwrap();
        assert_eq!(doc.name, "capabilities");
        let cap = doc.child("capability").unwrap();
        assert_eq!(cap.attr("type"), Some("tr:TableAccess"));
        assert_eq!(cap.descendants("description")[0].text, "a <b> A");
    }

    #[test]
    fn broken_documents_say_where() {
        let e = parse(b"<a>\n<b></a>").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(parse(b"").is_err());
        assert!(parse(b"<a/><b/>").is_err());
        let deep = "<a>".repeat(500);
        assert!(parse(deep.as_bytes())
            .unwrap_err()
            .message
            .contains("deeply"));
    }
}
