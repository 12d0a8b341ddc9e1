//! XML-RPC (the wire format of the SAMP Web Profile): methodCall and methodResponse,
//! written and read.
//!
//! Why a reader of our own rather than `crate::standards::xml`: XML-RPC strings keep their
//! whitespace, and a `<value>` with no type element is a string (the XML-RPC spec's
//! default, which JSAMP's hub uses: `<value>x</value>`). Everything from the hub is
//! outside input, so the reader bounds depth and size, refuses DTDs (no entity
//! expansion), and says what was wrong instead of panicking.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// An XML-RPC value. SAMP itself uses only strings, arrays and structs; the other types
/// are read so that a peer sending them gets a clear message, not a parse failure.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Bool(bool),
    Double(f64),
    /// The base64 text as sent (SAMP never uses it; kept, not decoded).
    Base64(String),
    DateTime(String),
    Array(Vec<Value>),
    /// Members in document order (duplicate names are kept; readers take the first).
    Struct(Vec<(String, Value)>),
    /// The common `<nil/>` extension.
    Nil,
}

impl Value {
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The member of a struct of that name.
    pub fn member(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Struct(m) => m.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The type's name, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Str(_) => "string",
            Value::Int(_) => "int",
            Value::Bool(_) => "boolean",
            Value::Double(_) => "double",
            Value::Base64(_) => "base64",
            Value::DateTime(_) => "dateTime.iso8601",
            Value::Array(_) => "array",
            Value::Struct(_) => "struct",
            Value::Nil => "nil",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct MethodCall {
    pub method: String,
    pub params: Vec<Value>,
}

/// A methodResponse: one value, or a fault.
#[derive(Clone, Debug, PartialEq)]
pub enum Response {
    Ok(Value),
    Fault { code: i64, message: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum XmlRpcError {
    /// Not well-formed XML (with where).
    Xml {
        line: usize,
        column: usize,
        message: String,
    },
    /// Well-formed, but not the XML-RPC shape expected.
    Shape(String),
    /// Bigger or deeper than any SAMP message has reason to be.
    TooLarge(String),
}

impl std::fmt::Display for XmlRpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            XmlRpcError::Xml {
                line,
                column,
                message,
            } => write!(
                f,
                "the hub's answer is not well-formed XML (line {line}, column {column}): {message}"
            ),
            XmlRpcError::Shape(m) => write!(f, "the hub's answer is not valid XML-RPC: {m}"),
            XmlRpcError::TooLarge(m) => write!(f, "the hub's answer is refused: {m}"),
        }
    }
}

impl std::error::Error for XmlRpcError {}

/// Largest document read: SAMP messages carry URLs and short strings, never tables.
pub const MAX_BYTES: usize = 4 << 20;
/// Deepest element nesting accepted (a SAMP message is about 12 deep).
pub const MAX_DEPTH: usize = 64;
/// Most elements in one document.
const MAX_NODES: usize = 200_000;

// ---------------------------------------------------------------------------------------
// Writing

/// Text as XML character data. Characters XML 1.0 cannot carry (most C0 controls) become
/// U+FFFD; CR is written as a reference so that it survives line-end normalisation.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

fn write_value(out: &mut String, v: &Value) {
    out.push_str("<value>");
    match v {
        Value::Str(s) => {
            out.push_str("<string>");
            escape_into(out, s);
            out.push_str("</string>");
        }
        Value::Int(n) => {
            // i4 is all plain XML-RPC has; larger numbers use the common i8 extension.
            if i32::try_from(*n).is_ok() {
                out.push_str(&format!("<int>{n}</int>"));
            } else {
                out.push_str(&format!("<i8>{n}</i8>"));
            }
        }
        Value::Bool(b) => out.push_str(if *b {
            "<boolean>1</boolean>"
        } else {
            "<boolean>0</boolean>"
        }),
        Value::Double(d) => {
            // XML-RPC doubles have no exponent, NaN or infinity.
            let d = if d.is_finite() { *d } else { 0.0 };
            out.push_str(&format!("<double>{d:?}</double>"));
        }
        Value::Base64(s) => {
            out.push_str("<base64>");
            escape_into(out, s);
            out.push_str("</base64>");
        }
        Value::DateTime(s) => {
            out.push_str("<dateTime.iso8601>");
            escape_into(out, s);
            out.push_str("</dateTime.iso8601>");
        }
        Value::Array(items) => {
            out.push_str("<array><data>");
            for i in items {
                write_value(out, i);
            }
            out.push_str("</data></array>");
        }
        Value::Struct(members) => {
            out.push_str("<struct>");
            for (k, v) in members {
                out.push_str("<member><name>");
                escape_into(out, k);
                out.push_str("</name>");
                write_value(out, v);
                out.push_str("</member>");
            }
            out.push_str("</struct>");
        }
        Value::Nil => out.push_str("<nil/>"),
    }
    out.push_str("</value>");
}

/// A methodCall document.
pub fn encode_call(call: &MethodCall) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodCall><methodName>");
    escape_into(&mut out, &call.method);
    out.push_str("</methodName><params>");
    for p in &call.params {
        out.push_str("<param>");
        write_value(&mut out, p);
        out.push_str("</param>");
    }
    out.push_str("</params></methodCall>\n");
    out
}

/// A methodResponse document (what a hub sends; used by the tests and the fuzz target).
pub fn encode_response(r: &Response) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodResponse>");
    match r {
        Response::Ok(v) => {
            out.push_str("<params><param>");
            write_value(&mut out, v);
            out.push_str("</param></params>");
        }
        Response::Fault { code, message } => {
            out.push_str("<fault>");
            write_value(
                &mut out,
                &Value::Struct(vec![
                    ("faultCode".into(), Value::Int(*code)),
                    ("faultString".into(), Value::Str(message.clone())),
                ]),
            );
            out.push_str("</fault>");
        }
    }
    out.push_str("</methodResponse>\n");
    out
}

// ---------------------------------------------------------------------------------------
// Reading

/// An element with its raw (untrimmed) text: strings keep their whitespace.
#[derive(Debug, Default)]
struct Node {
    name: String,
    children: Vec<Node>,
    text: String,
}

impl Node {
    fn elements(&self) -> impl Iterator<Item = &Node> {
        self.children.iter()
    }

    fn only_child(&self, what: &str) -> Result<&Node, XmlRpcError> {
        let mut it = self.children.iter();
        match (it.next(), it.next()) {
            (Some(c), None) => Ok(c),
            (None, _) => Err(shape(format!("<{}> is empty, {what} expected", self.name))),
            (Some(_), Some(_)) => Err(shape(format!(
                "<{}> holds several elements, one {what} expected",
                self.name
            ))),
        }
    }

    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
}

fn shape(m: impl Into<String>) -> XmlRpcError {
    XmlRpcError::Shape(m.into())
}

fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or(name).to_owned()
}

fn parse_tree(bytes: &[u8]) -> Result<Node, XmlRpcError> {
    if bytes.len() > MAX_BYTES {
        return Err(XmlRpcError::TooLarge(format!(
            "{} bytes, more than the {} a SAMP message may take",
            bytes.len(),
            MAX_BYTES
        )));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| shape(format!("not UTF-8 text (byte {})", e.valid_up_to())))?;
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let at = |reader: &Reader<&[u8]>, message: String| {
        let pos = (reader.error_position().max(reader.buffer_position()) as usize).min(text.len());
        let (line, column) = crate::standards::votable::line_column(text.as_bytes(), pos);
        XmlRpcError::Xml {
            line,
            column,
            message,
        }
    };
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    let mut nodes = 0usize;
    let open = |e: &BytesStart<'_>| Node {
        name: local(e.name().as_ref()),
        ..Node::default()
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| at(&reader, e.to_string()))?;
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(at(&reader, "content after the root element".into()))
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                nodes += 1;
                if nodes > MAX_NODES {
                    return Err(XmlRpcError::TooLarge("too many elements".into()));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlRpcError::TooLarge(format!(
                        "elements nested more than {MAX_DEPTH} deep"
                    )));
                }
                let node = open(e);
                if matches!(event, Event::Empty(_)) {
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(node),
                        None => root = Some(node),
                    }
                } else {
                    stack.push(node);
                }
            }
            Event::End(_) => {
                let Some(node) = stack.pop() else {
                    return Err(at(&reader, "an end tag without its start".into()));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Text(t) => {
                let s = t.xml10_content();
                match stack.last_mut() {
                    Some(top) => top.text.push_str(&s),
                    None if s.trim().is_empty() => {}
                    None => return Err(at(&reader, "text outside the root element".into())),
                }
            }
            Event::CData(t) => {
                let s = t.xml10_content();
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match crate::standards::xml::predefined_entity(&r) {
                        Some(c) => c.to_owned(),
                        None => return Err(at(&reader, format!("unknown entity &{};", &*r))),
                    },
                    Err(e) => return Err(at(&reader, e.to_string())),
                };
                match stack.last_mut() {
                    Some(top) => top.text.push_str(&c),
                    None => return Err(at(&reader, "text outside the root element".into())),
                }
            }
            Event::DocType(_) => {
                return Err(at(
                    &reader,
                    "a DOCTYPE is not allowed in XML-RPC (entities are never expanded)".into(),
                ))
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(at(
            &reader,
            format!("the document ends inside <{}>", open.name),
        ));
    }
    root.ok_or_else(|| shape("the document is empty"))
}

fn read_value(v: &Node) -> Result<Value, XmlRpcError> {
    if v.name != "value" {
        return Err(shape(format!("<{}> where a <value> was expected", v.name)));
    }
    // No type element: a string, whitespace and all (XML-RPC's default type).
    if v.children.is_empty() {
        return Ok(Value::Str(v.text.clone()));
    }
    if !v.text.trim().is_empty() {
        return Err(shape("a <value> mixes text with a typed element"));
    }
    let t = v.only_child("a type element")?;
    let body = t.text.trim();
    let leaf = |t: &Node| -> Result<(), XmlRpcError> {
        match t.children.first() {
            Some(c) => Err(shape(format!("<{}> inside <{}>", c.name, t.name))),
            None => Ok(()),
        }
    };
    Ok(match t.name.as_str() {
        "string" => {
            leaf(t)?;
            Value::Str(t.text.clone())
        }
        "int" | "i4" | "i8" => {
            leaf(t)?;
            Value::Int(
                body.parse::<i64>()
                    .map_err(|_| shape(format!("<{}> holds {body:?}, not an integer", t.name)))?,
            )
        }
        "boolean" => {
            leaf(t)?;
            Value::Bool(match body {
                "1" | "true" => true,
                "0" | "false" => false,
                _ => return Err(shape(format!("<boolean> holds {body:?}, not 0 or 1"))),
            })
        }
        "double" => {
            leaf(t)?;
            let d = body
                .parse::<f64>()
                .map_err(|_| shape(format!("<double> holds {body:?}, not a number")))?;
            Value::Double(d)
        }
        "base64" => {
            leaf(t)?;
            Value::Base64(body.to_owned())
        }
        "dateTime.iso8601" => {
            leaf(t)?;
            Value::DateTime(body.to_owned())
        }
        "nil" => Value::Nil,
        "array" => {
            let data = t.only_child("<data>")?;
            if data.name != "data" {
                return Err(shape(format!(
                    "<{}> inside <array>, <data> expected",
                    data.name
                )));
            }
            Value::Array(data.elements().map(read_value).collect::<Result<_, _>>()?)
        }
        "struct" => {
            let mut members = Vec::with_capacity(t.children.len());
            for m in t.elements() {
                if m.name != "member" {
                    return Err(shape(format!(
                        "<{}> inside <struct>, <member> expected",
                        m.name
                    )));
                }
                let name = m
                    .child("name")
                    .ok_or_else(|| shape("a struct <member> without <name>"))?;
                let value = m
                    .child("value")
                    .ok_or_else(|| shape("a struct <member> without <value>"))?;
                members.push((name.text.clone(), read_value(value)?));
            }
            Value::Struct(members)
        }
        other => return Err(shape(format!("unknown value type <{other}>"))),
    })
}

fn read_params(params: Option<&Node>) -> Result<Vec<Value>, XmlRpcError> {
    let Some(params) = params else {
        return Ok(Vec::new());
    };
    params
        .elements()
        .map(|p| {
            if p.name != "param" {
                return Err(shape(format!("<{}> inside <params>", p.name)));
            }
            read_value(p.only_child("<value>")?)
        })
        .collect()
}

/// Reads a methodCall (what a client sends; the tests and the fuzz target use it).
pub fn decode_call(bytes: &[u8]) -> Result<MethodCall, XmlRpcError> {
    let root = parse_tree(bytes)?;
    if root.name != "methodCall" {
        return Err(shape(format!(
            "<{}> where <methodCall> was expected",
            root.name
        )));
    }
    let method = root
        .child("methodName")
        .ok_or_else(|| shape("a methodCall without <methodName>"))?
        .text
        .trim()
        .to_owned();
    if method.is_empty() {
        return Err(shape("an empty <methodName>"));
    }
    Ok(MethodCall {
        method,
        params: read_params(root.child("params"))?,
    })
}

/// Reads a methodResponse: its value, or its fault.
pub fn decode_response(bytes: &[u8]) -> Result<Response, XmlRpcError> {
    let root = parse_tree(bytes)?;
    if root.name != "methodResponse" {
        return Err(shape(format!(
            "<{}> where <methodResponse> was expected",
            root.name
        )));
    }
    if let Some(fault) = root.child("fault") {
        let v = read_value(fault.only_child("<value>")?)?;
        let code = match v.member("faultCode") {
            Some(Value::Int(n)) => *n,
            // Some servers send the code as a string.
            Some(Value::Str(s)) => s.trim().parse().unwrap_or(0),
            _ => 0,
        };
        let message = match v.member("faultString") {
            Some(Value::Str(s)) => s.clone(),
            Some(other) => format!("({})", other.kind()),
            None => String::new(),
        };
        return Ok(Response::Fault { code, message });
    }
    let mut params = read_params(root.child("params"))?;
    match params.len() {
        1 => Ok(Response::Ok(params.remove(0))),
        // An empty <params/> is how some servers answer a void method.
        0 => Ok(Response::Ok(Value::Str(String::new()))),
        n => Err(shape(format!(
            "a methodResponse with {n} params, one expected"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::str(x)
    }

    #[test]
    fn call_round_trips_every_type() {
        let call = MethodCall {
            method: "samp.webhub.notify".into(),
            params: vec![
                s("  spaced <&> \"quoted\" \r\n tab\t "),
                Value::Int(-42),
                Value::Int(1 << 40),
                Value::Bool(true),
                Value::Bool(false),
                Value::Double(-1.5e-7),
                Value::Array(vec![s("a"), Value::Array(vec![]), s("")]),
                Value::Struct(vec![
                    ("samp.mtype".into(), s("coord.pointAt.sky")),
                    ("é ü".into(), Value::Struct(vec![])),
                ]),
                Value::Nil,
                Value::DateTime("20261201T18:00:00".into()),
            ],
        };
        let xml = encode_call(&call);
        assert!(xml.contains("<i8>1099511627776</i8>"), "{xml}");
        assert!(xml.contains("&#13;"), "CR must survive: {xml}");
        assert_eq!(decode_call(xml.as_bytes()).unwrap(), call);
    }

    #[test]
    fn control_characters_are_replaced_not_written() {
        let xml = encode_call(&MethodCall {
            method: "m".into(),
            params: vec![s("a\u{1}b")],
        });
        assert!(!xml.contains('\u{1}'));
        assert_eq!(
            decode_call(xml.as_bytes()).unwrap().params,
            vec![s("a\u{fffd}b")]
        );
    }

    #[test]
    fn untyped_values_are_strings_with_their_whitespace() {
        // JSAMP's hub: <value>x</value>, and an empty <value/>.
        let doc = b"<?xml version='1.0'?><methodResponse><params><param><value><struct>\
            <member><name>samp.private-key</name><value>k-123</value></member>\
            <member><name>sp</name><value>  a b  </value></member>\
            <member><name>empty</name><value/></member>\
            <member><name>typed</name><value>\n  <string>t</string>\n</value></member>\
            </struct></value></param></params></methodResponse>";
        let Response::Ok(v) = decode_response(doc).unwrap() else {
            panic!("not ok")
        };
        assert_eq!(v.member("samp.private-key"), Some(&s("k-123")));
        assert_eq!(v.member("sp"), Some(&s("  a b  ")));
        assert_eq!(v.member("empty"), Some(&s("")));
        assert_eq!(v.member("typed"), Some(&s("t")));
    }

    #[test]
    fn typed_scalars() {
        let doc = "<methodResponse><params><param><value><array><data>\
            <value><i4> 7 </i4></value><value><int>+3</int></value>\
            <value><boolean>1</boolean></value><value><double>2.5</double></value>\
            <value><string/></value><value><base64>aGk=</base64></value>\
            <value><string>&lt;a&gt; &amp; &#233;&#x20AC; <![CDATA[<raw>]]></string></value>\
            </data></array></value></param></params></methodResponse>";
        let Response::Ok(Value::Array(items)) = decode_response(doc.as_bytes()).unwrap() else {
            panic!("not an array")
        };
        assert_eq!(
            items,
            vec![
                Value::Int(7),
                Value::Int(3),
                Value::Bool(true),
                Value::Double(2.5),
                s(""),
                Value::Base64("aGk=".into()),
                s("<a> & é€ <raw>"),
            ]
        );
    }

    #[test]
    fn faults_are_read_with_code_and_string() {
        let f = Response::Fault {
            code: 1,
            message: "Registration refused by the user".into(),
        };
        assert_eq!(decode_response(encode_response(&f).as_bytes()).unwrap(), f);
        // astropy's hub (Python xmlrpc): typed int code, untyped string.
        let doc = b"<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n\
            <member>\n<name>faultCode</name>\n<value><int>1</int></value>\n</member>\n\
            <member>\n<name>faultString</name>\n<value>&lt;class 'astropy.samp.errors.SAMPProxyError'&gt;:Private-key abc expired or invalid.</value>\n</member>\n\
            </struct></value>\n</fault>\n</methodResponse>\n";
        assert_eq!(
            decode_response(doc).unwrap(),
            Response::Fault {
                code: 1,
                message: "<class 'astropy.samp.errors.SAMPProxyError'>:Private-key abc expired or invalid.".into()
            }
        );
        // A code sent as a string.
        let doc = b"<methodResponse><fault><value><struct><member><name>faultCode</name><value>5</value></member></struct></value></fault></methodResponse>";
        assert_eq!(
            decode_response(doc).unwrap(),
            Response::Fault {
                code: 5,
                message: String::new()
            }
        );
    }

    #[test]
    fn void_response_is_an_empty_string() {
        assert_eq!(
            decode_response(b"<methodResponse><params/></methodResponse>").unwrap(),
            Response::Ok(s(""))
        );
    }

    fn err(doc: &str) -> XmlRpcError {
        match decode_response(doc.as_bytes()) {
            Err(e) => e,
            Ok(r) => panic!("accepted {doc:?} as {r:?}"),
        }
    }

    #[test]
    fn malformed_and_hostile_input_is_refused_with_a_reason() {
        assert!(matches!(err(""), XmlRpcError::Shape(m) if m.contains("empty")));
        assert!(matches!(
            err("<methodResponse><params>"),
            XmlRpcError::Xml { .. }
        ));
        assert!(matches!(
            err("<methodResponse></methodRespons>"),
            XmlRpcError::Xml { .. }
        ));
        assert!(
            matches!(err("<html><body>502</body></html>"), XmlRpcError::Shape(m) if m.contains("<html>"))
        );
        assert!(
            matches!(err("<methodResponse><params><param><value><int>x</int></value></param></params></methodResponse>"), XmlRpcError::Shape(m) if m.contains("not an integer"))
        );
        assert!(matches!(err("<methodResponse><params><param><value><int>99999999999999999999</int></value></param></params></methodResponse>"), XmlRpcError::Shape(_)));
        assert!(matches!(err("<methodResponse><params><param><value><boolean>2</boolean></value></param></params></methodResponse>"), XmlRpcError::Shape(_)));
        assert!(
            matches!(err("<methodResponse><params><param><value><blob/></value></param></params></methodResponse>"), XmlRpcError::Shape(m) if m.contains("blob"))
        );
        assert!(
            matches!(err("<methodResponse><params><param><value><struct><member><value>x</value></member></struct></value></param></params></methodResponse>"), XmlRpcError::Shape(m) if m.contains("<name>"))
        );
        assert!(
            matches!(err("<methodResponse><params><param><value>a<string>b</string></value></param></params></methodResponse>"), XmlRpcError::Shape(m) if m.contains("mixes"))
        );
        assert!(matches!(err("<methodResponse><params><param><value><string>a</string><string>b</string></value></param></params></methodResponse>"), XmlRpcError::Shape(_)));
        assert!(
            matches!(err("<methodResponse><params><param><value><array><value>a</value></array></value></param></params></methodResponse>"), XmlRpcError::Shape(m) if m.contains("<data>"))
        );
        assert!(
            matches!(err("<methodResponse><params><param><value>1</value></param><param><value>2</value></param></params></methodResponse>"), XmlRpcError::Shape(m) if m.contains("2 params"))
        );
        assert!(matches!(
            err("<methodResponse/><x/>"),
            XmlRpcError::Xml { .. }
        ));
        // Entities: a DTD is refused outright (billion laughs), unknown entities too.
        let laughs = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><methodResponse><params><param><value>&b;</value></param></params></methodResponse>";
        assert!(
            matches!(err(laughs), XmlRpcError::Xml { message, .. } if message.contains("DOCTYPE"))
        );
        assert!(
            matches!(err("<methodResponse><params><param><value>&nbsp;</value></param></params></methodResponse>"), XmlRpcError::Xml { message, .. } if message.contains("nbsp"))
        );
        // Depth and size bounds.
        let deep = format!(
            "<methodResponse><params><param>{}x{}</param></params></methodResponse>",
            "<value><array><data>".repeat(40),
            "</data></array></value>".repeat(40)
        );
        assert!(matches!(err(&deep), XmlRpcError::TooLarge(m) if m.contains("deep")));
        let big = format!("<methodResponse>{}</methodResponse>", " ".repeat(MAX_BYTES));
        assert!(matches!(err(&big), XmlRpcError::TooLarge(_)));
        // Not UTF-8.
        assert!(
            matches!(decode_response(b"<methodResponse>\xff</methodResponse>"), Err(XmlRpcError::Shape(m)) if m.contains("UTF-8"))
        );
    }

    #[test]
    fn errors_say_where() {
        let XmlRpcError::Xml { line, .. } = err("<methodResponse>\n<params>\n</param>") else {
            panic!()
        };
        assert_eq!(line, 3);
        assert!(err("<a>").to_string().contains("not well-formed"));
    }

    #[test]
    fn call_reader_needs_a_method_name() {
        assert!(decode_call(b"<methodCall><params/></methodCall>").is_err());
        assert!(decode_call(b"<methodCall><methodName> </methodName></methodCall>").is_err());
        let c = decode_call(b"<methodCall><methodName>samp.webhub.ping</methodName></methodCall>")
            .unwrap();
        assert_eq!(c.method, "samp.webhub.ping");
        assert!(c.params.is_empty());
    }
}
