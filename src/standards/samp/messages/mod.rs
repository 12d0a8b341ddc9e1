//! The SAMP 1.3 Web Profile calls (§5: `samp.webhub.*`), what the hub answers to them,
//! the callbacks pulled from it, and the messages voscope sends and understands.
//!
//! SAMP values are strings, lists and maps only; numbers travel as strings (§3.3). Peers
//! that send XML-RPC ints, booleans or doubles anyway are read leniently (as their
//! decimal text) rather than refused.

use super::xmlrpc::{MethodCall, Response, Value, XmlRpcError};

/// The Web Profile hub's well-known address (SAMP 1.3 §5.3).
pub const HUB_URL: &str = "http://localhost:21012/";

/// A SAMP value (§3.3).
#[derive(Clone, Debug, PartialEq)]
pub enum SampValue {
    Str(String),
    List(Vec<SampValue>),
    Map(Vec<(String, SampValue)>),
}

impl SampValue {
    pub fn str(s: impl Into<String>) -> SampValue {
        SampValue::Str(s.into())
    }

    pub fn map<K: Into<String>>(pairs: impl IntoIterator<Item = (K, SampValue)>) -> SampValue {
        SampValue::Map(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            SampValue::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&SampValue> {
        match self {
            SampValue::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(SampValue::as_str)
    }

    /// The keys of a map, in order (an empty list for other values).
    pub fn keys(&self) -> Vec<String> {
        match self {
            SampValue::Map(m) => m.iter().map(|(k, _)| k.clone()).collect(),
            _ => Vec::new(),
        }
    }

    /// As XML-RPC: strings typed, lists as arrays, maps as structs; every string (and
    /// key) in SAMP's own character set ([`samp_string`]).
    pub fn to_xmlrpc(&self) -> Value {
        match self {
            SampValue::Str(s) => Value::Str(samp_string(s)),
            SampValue::List(l) => Value::Array(l.iter().map(SampValue::to_xmlrpc).collect()),
            SampValue::Map(m) => Value::Struct(
                m.iter()
                    .map(|(k, v)| (samp_string(k), v.to_xmlrpc()))
                    .collect(),
            ),
        }
    }

    /// From XML-RPC, leniently: scalars that SAMP does not have become their text.
    pub fn from_xmlrpc(v: &Value) -> SampValue {
        match v {
            Value::Str(s) | Value::Base64(s) | Value::DateTime(s) => SampValue::Str(s.clone()),
            Value::Int(n) => SampValue::Str(n.to_string()),
            Value::Bool(b) => SampValue::str(if *b { "1" } else { "0" }),
            Value::Double(d) => SampValue::Str(d.to_string()),
            Value::Nil => SampValue::Str(String::new()),
            Value::Array(items) => {
                SampValue::List(items.iter().map(SampValue::from_xmlrpc).collect())
            }
            Value::Struct(m) => SampValue::Map(
                m.iter()
                    .map(|(k, v)| (k.clone(), SampValue::from_xmlrpc(v)))
                    .collect(),
            ),
        }
    }
}

/// What went wrong talking to the hub, in words for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SampError {
    /// The hub answered with an XML-RPC fault (a refused registration, an expired key,
    /// an unknown recipient…): its own words.
    Fault { code: i64, message: String },
    /// The answer was not XML-RPC.
    Protocol(XmlRpcError),
    /// XML-RPC, but not the SAMP answer expected.
    Shape(String),
}

impl std::fmt::Display for SampError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SampError::Fault { message, .. } if message.trim().is_empty() => {
                write!(f, "the hub refused without saying why")
            }
            SampError::Fault { message, .. } => {
                write!(f, "the hub refused: {}", hub_words(message))
            }
            SampError::Protocol(e) => write!(f, "{e}"),
            SampError::Shape(m) => write!(f, "the hub's answer is not what SAMP specifies: {m}"),
        }
    }
}

/// `text` in the characters a SAMP string may hold (SAMP 1.3 §3.3: ASCII 0x09, 0x0a,
/// 0x0d and 0x20–0x7f). JSAMP enforces it: a reply whose error text holds "…" is refused
/// ("Bad SAMP string; contains character 0x2026") and the caller never gets an answer;
/// astropy lets it pass. Common typography becomes its ASCII spelling, anything else `?`.
pub fn samp_string(text: &str) -> String {
    if text
        .bytes()
        .all(|b| matches!(b, 0x09 | 0x0a | 0x0d | 0x20..=0x7f))
    {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\r' | ' '..='\u{7f}' => out.push(c),
            '…' => out.push_str("..."),
            '–' | '—' | '−' | '‐' => out.push('-'),
            '‘' | '’' | '′' => out.push('\''),
            '“' | '”' | '″' => out.push('"'),
            '«' | '‹' => out.push('<'),
            '»' | '›' => out.push('>'),
            '±' => out.push_str("+/-"),
            '×' => out.push('x'),
            '°' => out.push_str(" deg"),
            '\u{a0}' | '\u{2009}' | '\u{202f}' => out.push(' '),
            _ => out.push('?'),
        }
    }
    out
}

/// A hub's fault text without the exception class its implementation puts first: JSAMP
/// writes `org.astrogrid.samp.client.SampException: Client is not callable`, astropy
/// `<class 'astropy.samp.errors.SAMPProxyError'>:Registration denied`; the user needs the
/// words after it (the whole text when nothing else is left).
pub fn hub_words(message: &str) -> &str {
    let m = message.trim();
    let rest = if let Some(after) = m.strip_prefix("<class '") {
        after.split_once("'>").map(|(_, r)| r)
    } else {
        m.split_once(": ").and_then(|(class, r)| {
            let dotted = class.contains('.')
                && class
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '$');
            (dotted && (class.ends_with("Exception") || class.ends_with("Error"))).then_some(r)
        })
    };
    match rest.map(|r| r.trim_start_matches(':').trim()) {
        Some(r) if !r.is_empty() => r,
        _ => m,
    }
}

impl From<XmlRpcError> for SampError {
    fn from(e: XmlRpcError) -> SampError {
        SampError::Protocol(e)
    }
}

mod answers;
mod calls;
mod message;
mod response;

pub use answers::*;
pub use calls::*;
pub use message::*;
pub use response::*;

#[cfg(test)]
mod tests;
