//! CDS Sesame name resolution: the request URL and the `-oxp` XML answer.
//!
//! Sesame answers HTTP 200 whether or not it found the name; "not found" is an
//! `<INFO>` saying so inside a `<Resolver>` (or no resolver at all), so it is read from
//! the document, never from the status.

use quick_xml::events::Event;
use quick_xml::Reader;

/// The public CDS Sesame service. Deployments and tests point elsewhere via settings.
pub const CDS_BASE: &str = "https://cds.unistra.fr/cgi-bin/nph-sesame";
/// The CfA mirror of Sesame.
pub const CFA_BASE: &str = "http://vizier.cfa.harvard.edu/viz-bin/nph-sesame";

/// Resolver choices: Sesame's letters and what users call them.
pub const RESOLVERS: &[(&str, &str)] = &[
    ("SNV", "Simbad, then NED, then VizieR"),
    ("S", "Simbad"),
    ("N", "NED"),
    ("V", "VizieR"),
    ("~SNV", "all of them (every answer)"),
];

/// The answer of one resolver (Simbad, NED, VizieR) for one name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResolverAnswer {
    /// As Sesame names it, e.g. `S=Simbad (via url)`.
    pub name: String,
    pub oname: Option<String>,
    pub otype: Option<String>,
    /// Sexagesimal J2000 position as Sesame prints it.
    pub jpos: Option<String>,
    pub ra: Option<f64>,
    pub dec: Option<f64>,
    pub aliases: Vec<String>,
    pub infos: Vec<String>,
}

impl ResolverAnswer {
    /// `Simbad`, `NED`, `VizieR`: the part of the resolver name a user recognises.
    pub fn short_name(&self) -> &str {
        let n = self
            .name
            .split_once('=')
            .map_or(self.name.as_str(), |(_, r)| r);
        n.split_whitespace().next().unwrap_or(n)
    }

    pub fn position(&self) -> Option<(f64, f64)> {
        match (self.ra, self.dec) {
            (Some(ra), Some(dec)) => Some((ra, dec)),
            _ => None,
        }
    }
}

/// Everything Sesame said about one name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resolution {
    /// The name as Sesame echoes it.
    pub name: String,
    pub resolvers: Vec<ResolverAnswer>,
    /// INFO/ERROR text outside any resolver.
    pub infos: Vec<String>,
}

impl Resolution {
    /// The first resolver that gave a position (Sesame's own order: the one asked first).
    pub fn best(&self) -> Option<&ResolverAnswer> {
        self.resolvers.iter().find(|r| r.position().is_some())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SesameError {
    /// Sesame answered, and no resolver knows the name.
    NotFound { name: String, detail: String },
    /// The answer is not a Sesame document.
    Malformed(String),
}

impl std::fmt::Display for SesameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SesameError::NotFound { name, detail } if detail.is_empty() => {
                write!(
                    f,
                    "Sesame does not know {name:?}: check the spelling, or enter coordinates"
                )
            }
            SesameError::NotFound { name, detail } => write!(
                f,
                "Sesame does not know {name:?} ({detail}): check the spelling, or enter coordinates"
            ),
            SesameError::Malformed(why) => write!(f, "The Sesame answer could not be read: {why}"),
        }
    }
}

/// `{base}/-oxpI/{resolvers}?{name}`: XML output with plain-text positions and all
/// identifiers (aliases), resolvers in the order given (e.g. `SNV`: Simbad, then NED,
/// then VizieR; `~SNV` asks every one of them).
pub fn request_url(base: &str, resolvers: &str, name: &str) -> String {
    let base = base.trim().trim_end_matches('/');
    let resolvers: String = resolvers
        .chars()
        .filter(|c| matches!(c, 'S' | 'N' | 'V' | 'A' | '~'))
        .collect();
    let resolvers = if resolvers.is_empty() {
        "SNV".to_owned()
    } else {
        resolvers
    };
    format!("{base}/-oxpI/{resolvers}?{}", percent_encode(name.trim()))
}

fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Parses a `-ox`/`-oxp` answer. A document with no position anywhere is `NotFound`.
pub fn parse(xml: &[u8], asked: &str) -> Result<Resolution, SesameError> {
    let text = std::str::from_utf8(xml)
        .map_err(|_| SesameError::Malformed("the answer is not UTF-8 text".into()))?;
    let mut reader = Reader::from_str(text);
    let mut res = Resolution::default();
    let mut saw_root = false;
    let mut stack: Vec<String> = Vec::new();
    let mut current: Option<ResolverAnswer> = None;
    let mut buf = String::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| SesameError::Malformed(format!("malformed XML: {e}")))?;
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_owned();
                if stack.is_empty() {
                    if name != "Sesame" {
                        return Err(SesameError::Malformed(format!(
                            "expected a <Sesame> document, got <{name}>"
                        )));
                    }
                    saw_root = true;
                }
                if name == "Resolver" {
                    let mut r = ResolverAnswer::default();
                    for a in e.attributes().flatten() {
                        if a.key.local_name().as_ref() == "name" {
                            r.name = a.value.into_owned();
                        }
                    }
                    current = Some(r);
                }
                buf.clear();
                stack.push(name);
            }
            Event::Empty(e) if stack.is_empty() && e.local_name().as_ref() == "Sesame" => {
                saw_root = true;
            }
            Event::Text(t) => buf.push_str(&t.xml10_content()),
            Event::CData(t) => buf.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => match &*r {
                "lt" => buf.push('<'),
                "gt" => buf.push('>'),
                "amp" => buf.push('&'),
                "quot" => buf.push('"'),
                "apos" => buf.push('\''),
                other => {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        buf.push(c);
                    } else {
                        buf.push('&');
                        buf.push_str(other);
                        buf.push(';');
                    }
                }
            },
            Event::End(_) => {
                let Some(name) = stack.pop() else { continue };
                let value = buf.trim().to_owned();
                buf.clear();
                match (name.as_str(), current.as_mut()) {
                    ("Resolver", _) => {
                        if let Some(r) = current.take() {
                            res.resolvers.push(r);
                        }
                    }
                    ("name", None) if res.name.is_empty() => res.name = value,
                    ("INFO" | "ERROR", None) if !value.is_empty() => res.infos.push(value),
                    ("INFO" | "ERROR", Some(r)) if !value.is_empty() => r.infos.push(value),
                    ("oname", Some(r)) => r.oname = Some(value),
                    ("otype", Some(r)) => r.otype = Some(value),
                    ("jpos", Some(r)) => r.jpos = Some(value),
                    ("jradeg", Some(r)) => {
                        r.ra = value.parse().ok().filter(|v: &f64| v.is_finite())
                    }
                    ("jdedeg", Some(r)) => {
                        r.dec = value.parse().ok().filter(|v: &f64| v.is_finite())
                    }
                    ("alias", Some(r)) => r.aliases.push(value),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_root {
        return Err(SesameError::Malformed(
            "the answer is empty or not XML".into(),
        ));
    }
    if res.name.is_empty() {
        res.name = asked.to_owned();
    }
    if res.best().is_none() {
        let detail = res
            .resolvers
            .iter()
            .flat_map(|r| r.infos.iter())
            .chain(res.infos.iter())
            .map(|s| s.trim_matches('*').trim().to_owned())
            .find(|s| !s.is_empty())
            .unwrap_or_default();
        return Err(SesameError::NotFound {
            name: asked.to_owned(),
            detail,
        });
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOUND: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Sesame xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://cdsweb.u-strasbg.fr/xml/sesame_4x.xsd">
<Target option="SNV">
  <name>Crab</name>
  <!-- Q1 #1 -->
  <Resolver name="S=Simbad (via url)">
    <INFO>from cache</INFO>
    <otype>SNR</otype>
    <jpos>05:34:31.93 +22:00:52.1</jpos>
    <jradeg>83.63308</jradeg>
    <jdedeg>22.01450</jdedeg>
    <oname>M   1</oname>
    <alias>NAME Crab Nebula</alias>
    <alias>SNR G184.6-05.8</alias>
  </Resolver>
</Target>
</Sesame>"#;

    #[test]
    fn found() {
        let r = parse(FOUND.as_bytes(), "Crab").unwrap();
        let best = r.best().unwrap();
        assert_eq!(best.short_name(), "Simbad");
        assert_eq!(best.position(), Some((83.63308, 22.0145)));
        assert_eq!(best.otype.as_deref(), Some("SNR"));
        assert_eq!(best.aliases.len(), 2);
        assert_eq!(r.name, "Crab");
    }

    #[test]
    fn nothing_found() {
        let xml = r#"<?xml version="1.0"?><Sesame><Target option="SNV"><name>xyzzy</name>
          <Resolver name="S=Simbad (via url)"><INFO>*** Nothing found ***</INFO></Resolver></Target></Sesame>"#;
        let e = parse(xml.as_bytes(), "xyzzy").unwrap_err();
        assert_eq!(
            e,
            SesameError::NotFound {
                name: "xyzzy".into(),
                detail: "Nothing found".into()
            }
        );
    }

    #[test]
    fn html_is_malformed() {
        assert!(matches!(
            parse(b"<html><body>502</body></html>", "Crab"),
            Err(SesameError::Malformed(_))
        ));
        assert!(matches!(parse(b"", "Crab"), Err(SesameError::Malformed(_))));
    }

    #[test]
    fn url_shape() {
        assert_eq!(
            request_url(
                "http://127.0.0.1:8082/cgi-bin/nph-sesame/",
                "SNV",
                " PKS 2155-304 "
            ),
            "http://127.0.0.1:8082/cgi-bin/nph-sesame/-oxpI/SNV?PKS%202155-304"
        );
    }
}
