//! What a page starts with, and the link that reopens it.
//!
//! Three ways in carry the same few facts (service, target, radius, ADQL, view): the
//! query of the page's own URL (a shared link, or an iframe's `src`), and the options of
//! an embedding portal (`<vo-scope>` attributes or `voscope.mount(el, {…})`). The link the
//! app writes back into the address bar is made here too, so that reading a link and
//! writing one are the same code and a copied link reopens the same query.
//!
//! Only an embedding portal's own script may name a configuration (`config`): a link
//! could otherwise point the app at services chosen by whoever wrote the link.

use serde_json::{Map, Value};

use crate::standards::urls::is_http;

/// The results view a link opens on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Table,
    Plots,
    Provenance,
}

impl View {
    pub fn name(self) -> &'static str {
        match self {
            View::Table => "table",
            View::Plots => "plots",
            View::Provenance => "provenance",
        }
    }

    pub fn parse(s: &str) -> Option<View> {
        match s.trim().to_ascii_lowercase().as_str() {
            "table" => Some(View::Table),
            "plots" | "plot" | "sky" | "histogram" | "scatter" => Some(View::Plots),
            "provenance" => Some(View::Provenance),
            _ => None,
        }
    }
}

/// Where a deployment's configuration layer comes from, beyond config.json.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigLayer {
    /// A URL, relative to the bundle or absolute http(s).
    Url(String),
    /// Keys given directly by the embedding script.
    Inline(Map<String, Value>),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Launch {
    pub service: Option<String>,
    pub target: Option<String>,
    pub radius: Option<String>,
    pub adql: Option<String>,
    pub view: Option<View>,
    /// Run the query once the service is known.
    pub run: bool,
    /// Iframe mode: no page header, the panels only.
    pub embed: bool,
    pub title: Option<String>,
    pub config: Option<ConfigLayer>,
    /// What was given but not used, said to the user rather than dropped silently.
    pub problems: Vec<String>,
}

fn truthy(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "" | "1" | "true" | "yes" | "on"
    )
}

/// Longest ADQL a link may carry: beyond it a browser or server may cut the URL.
pub const MAX_LINK_ADQL: usize = 6000;

impl Launch {
    fn set(&mut self, key: &str, value: &str) {
        let text = || Some(value.to_owned()).filter(|v| !v.trim().is_empty());
        match key {
            "service" => {
                if is_http(value) {
                    self.service = Some(value.trim().to_owned());
                } else if !value.trim().is_empty() {
                    self.problems.push(format!(
                        "The service {value:?} is not an http(s) address; it was not used."
                    ));
                }
            }
            "target" => self.target = text(),
            "radius" => match value.trim().parse::<f64>() {
                Ok(r) if r.is_finite() && r > 0.0 && r <= 180.0 => {
                    self.radius = Some(value.trim().to_owned())
                }
                _ => self.problems.push(format!(
                    "The radius {value:?} is not a number of degrees between 0 and 180; it was not used."
                )),
            },
            "adql" | "query" => self.adql = text(),
            "view" => match View::parse(value) {
                Some(v) => self.view = Some(v),
                None => self.problems.push(format!(
                    "There is no view {value:?}: table, plots or provenance."
                )),
            },
            "run" => self.run = truthy(value),
            "embed" => self.embed = truthy(value),
            "title" => self.title = text(),
            _ => {}
        }
    }

    /// Reads a URL's query (`?service=…&target=…`, with or without the `?`).
    pub fn from_query(query: &str) -> Launch {
        let mut launch = Launch::default();
        for (k, v) in parse_query(query) {
            launch.set(&k, &v);
        }
        launch
    }

    /// Reads an embedding's options: a JSON object of strings (or numbers, booleans),
    /// where `config` may be a URL or an object of configuration keys.
    pub fn from_options(json: &str) -> Launch {
        let mut launch = Launch::default();
        let map = match serde_json::from_str::<Value>(json) {
            Ok(Value::Object(map)) => map,
            Ok(Value::Null) => Map::new(),
            Ok(_) | Err(_) => {
                launch
                    .problems
                    .push("The embedding options are not a JSON object; none was used.".into());
                return launch;
            }
        };
        for (k, v) in map {
            match (k.as_str(), v) {
                ("config", Value::String(url)) if !url.trim().is_empty() => {
                    launch.config = Some(ConfigLayer::Url(url.trim().to_owned()))
                }
                ("config", Value::Object(keys)) => launch.config = Some(ConfigLayer::Inline(keys)),
                (_, Value::String(s)) => launch.set(&k, &s),
                (_, Value::Number(n)) => launch.set(&k, &n.to_string()),
                (_, Value::Bool(b)) => launch.set(&k, if b { "1" } else { "0" }),
                (_, Value::Null) => {}
                (key, _) => launch.problems.push(format!(
                    "The embedding option {key:?} has a value of the wrong kind."
                )),
            }
        }
        launch
    }
}

/// The state a link should carry.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkState<'a> {
    pub service: &'a str,
    pub target: &'a str,
    pub radius: &'a str,
    pub adql: &'a str,
    pub view: View,
    pub embed: bool,
    pub run: bool,
}

/// `?service=…&target=…`: what [`Launch::from_query`] reads back into the same state.
/// An ADQL too long for a link is left out (the link then reopens the form, not the query).
pub fn to_query(s: &LinkState<'_>) -> String {
    let mut parts: Vec<(&str, &str)> = Vec::new();
    if s.embed {
        parts.push(("embed", "1"));
    }
    if !s.service.trim().is_empty() {
        parts.push(("service", s.service.trim()));
    }
    if !s.target.trim().is_empty() {
        parts.push(("target", s.target.trim()));
    }
    if !s.radius.trim().is_empty() {
        parts.push(("radius", s.radius.trim()));
    }
    if !s.adql.trim().is_empty() && s.adql.len() <= MAX_LINK_ADQL {
        parts.push(("adql", s.adql));
    }
    if s.view != View::Table {
        parts.push(("view", s.view.name()));
    }
    if s.run {
        parts.push(("run", "1"));
    }
    if parts.is_empty() {
        return String::new();
    }
    let body: Vec<String> = parts
        .into_iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    format!("?{}", body.join("&"))
}

/// Splits `a=1&b=x%20y` (form encoding: `+` is a space); a leading `?` is skipped.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .strip_prefix('?')
        .unwrap_or(query)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Percent-decodes form text; a broken escape is kept as it was, and bytes that are not
/// UTF-8 become U+FFFD rather than an error: a hand-edited link still opens.
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (
                    b.get(i + 1).and_then(|&c| hex(c)),
                    b.get(i + 2).and_then(|&c| hex(c)),
                ) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes everything but the unreserved characters (RFC 3986).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &c in s.as_bytes() {
        if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~') {
            out.push(c as char);
        } else {
            out.push_str(&format!("%{c:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_link_reads_back_the_same() {
        let adql = "SELECT TOP 10 * FROM ivoa.obscore\nWHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 83.63, 22.01, 0.5)) AND em_min < 1e-6 -- ü & = + %";
        let link = to_query(&LinkState {
            service: "http://127.0.0.1:8081/tap",
            target: "Crab Nebula",
            radius: "0.5",
            adql,
            view: View::Plots,
            embed: true,
            run: true,
        });
        assert!(!link.contains(' ') && !link.contains('\n'), "{link}");
        let l = Launch::from_query(&link);
        assert_eq!(l.service.as_deref(), Some("http://127.0.0.1:8081/tap"));
        assert_eq!(l.target.as_deref(), Some("Crab Nebula"));
        assert_eq!(l.radius.as_deref(), Some("0.5"));
        assert_eq!(l.adql.as_deref(), Some(adql));
        assert_eq!(l.view, Some(View::Plots));
        assert!(l.embed && l.run);
        assert!(l.problems.is_empty());
    }

    #[test]
    fn hostile_or_broken_values_are_refused_with_a_reason() {
        let l = Launch::from_query("?service=javascript:alert(1)&radius=-3&view=evil&target=%ZZ%4");
        assert_eq!(l.service, None);
        assert_eq!(l.radius, None);
        assert_eq!(l.view, None);
        assert_eq!(l.target.as_deref(), Some("%ZZ%4"));
        assert_eq!(l.problems.len(), 3, "{:?}", l.problems);
        assert!(l.problems[0].contains("not an http(s) address"));
        // A link cannot name a configuration; only an embedding script can.
        assert_eq!(
            Launch::from_query("config=https://evil/c.json").config,
            None
        );
        assert_eq!(decode("%C3%A9+x%2"), "é x%2");
        assert_eq!(decode("%FF"), "\u{FFFD}");
    }

    #[test]
    fn embedding_options_take_strings_numbers_and_a_config() {
        let l = Launch::from_options(
            r#"{"service":"https://dc.g-vo.org/tap","radius":0.25,"run":true,"config":{"title":"Portal"},"view":"sky"}"#,
        );
        assert_eq!(l.radius.as_deref(), Some("0.25"));
        assert!(l.run);
        assert_eq!(l.view, Some(View::Plots));
        match l.config {
            Some(ConfigLayer::Inline(m)) => assert_eq!(m["title"], "Portal"),
            other => panic!("{other:?}"),
        }
        let u = Launch::from_options(r#"{"config":"portal-config.json"}"#);
        assert_eq!(
            u.config,
            Some(ConfigLayer::Url("portal-config.json".into()))
        );
        assert_eq!(Launch::from_options("[1]").problems.len(), 1);
        assert!(Launch::from_options("null").problems.is_empty());
    }

    #[test]
    fn an_adql_too_long_for_a_link_is_left_out() {
        let long = "x".repeat(MAX_LINK_ADQL + 1);
        let link = to_query(&LinkState {
            service: "https://a/tap",
            adql: &long,
            ..Default::default()
        });
        assert_eq!(link, "?service=https%3A%2F%2Fa%2Ftap");
        assert_eq!(to_query(&LinkState::default()), "");
    }
}
