//! The runtime configuration a deployer edits without rebuilding: `config.json` next to
//! `index.html`, optionally overridden key by key by `config.local.json`.

use serde::Deserialize;
use serde_json::Value;

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct ServicePreset {
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default)]
pub struct Config {
    /// The page's title and heading.
    pub title: String,
    /// A line under the title.
    pub tagline: String,
    /// A logo beside the title: relative to the bundle, or http(s). Anything else is
    /// dropped. (Under a strict CSP an image must come from the same origin.)
    pub logo_url: String,
    /// TAP services offered in the picker; the first is preselected.
    pub services: Vec<ServicePreset>,
    /// Sesame base URL (`…/cgi-bin/nph-sesame`): the first mirror unless set.
    pub sesame_url: String,
    /// Sesame mirrors offered in the settings.
    pub sesame_mirrors: Vec<ServicePreset>,
    /// The RegTAP service searched to find TAP services.
    pub registry_url: String,
    /// Resolvers in the order Sesame should try them (S Simbad, N NED, V VizieR).
    pub sesame_resolvers: String,
    pub default_target: String,
    pub default_radius_deg: f64,
    pub default_top: u64,
    pub default_maxrec: u64,
    /// The ADQL the editor starts with (empty: the query generated from the target).
    pub default_adql: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "voscope".into(),
            tagline: "Resolve a name, query any TAP service, read the result — in the browser."
                .into(),
            logo_url: String::new(),
            services: Vec::new(),
            sesame_url: crate::standards::sesame::CDS_BASE.into(),
            sesame_mirrors: vec![
                ServicePreset {
                    name: "CDS (Strasbourg)".into(),
                    url: crate::standards::sesame::CDS_BASE.into(),
                    description: String::new(),
                },
                ServicePreset {
                    name: "CfA (Cambridge, MA)".into(),
                    url: crate::standards::sesame::CFA_BASE.into(),
                    description: String::new(),
                },
            ],
            registry_url: "https://reg.g-vo.org/tap".into(),
            sesame_resolvers: "SNV".into(),
            default_target: "Crab".into(),
            default_radius_deg: 1.0,
            default_top: 1000,
            default_maxrec: 1000,
            default_adql: String::new(),
        }
    }
}

impl Config {
    /// Reads the layers in order; each later layer overrides the keys it sets. A layer
    /// that is not a JSON object is an error naming the layer.
    pub fn from_layers(layers: &[(&str, &str)]) -> Result<Config, String> {
        let mut merged = serde_json::Map::new();
        for (name, text) in layers {
            let value: Value =
                serde_json::from_str(text).map_err(|e| format!("{name} is not valid JSON: {e}"))?;
            let Value::Object(map) = value else {
                return Err(format!("{name} must hold a JSON object"));
            };
            merged.extend(map);
        }
        let mut config: Config = serde_json::from_value(Value::Object(merged))
            .map_err(|e| format!("the configuration has a wrong value: {e}"))?;
        // Only http(s) services are offered; anything else is dropped, not linked.
        config
            .services
            .retain(|s| crate::standards::urls::is_http(&s.url));
        if !logo_is_safe(&config.logo_url) {
            config.logo_url.clear();
        }
        Ok(config)
    }
}

/// A logo URL is http(s), or relative without a scheme (`logo.svg`, `img/logo.png`):
/// never `javascript:` or `data:`.
fn logo_is_safe(url: &str) -> bool {
    if crate::standards::urls::is_http(url) {
        return true;
    }
    let u = url.trim().to_ascii_lowercase();
    let scheme_end = u.find(':');
    let path_start = u.find(['/', '?', '#']).unwrap_or(u.len());
    !u.is_empty() && !u.starts_with("//") && scheme_end.is_none_or(|c| c > path_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_config_reads() {
        let text = include_str!("../../public/config.json");
        let c = Config::from_layers(&[("config.json", text)]).unwrap();
        assert!(c.services.len() >= 4);
        assert!(c.services[0].url.starts_with("http://127.0.0.1"));
        assert_eq!(c.sesame_url, crate::standards::sesame::CDS_BASE);
    }

    #[test]
    fn local_layer_overrides() {
        let c = Config::from_layers(&[
            ("a", r#"{"sesame_url":"https://x/y","default_top":5,"services":[{"name":"bad","url":"javascript:1"},{"name":"ok","url":"https://a/tap"}]}"#),
            ("b", r#"{"sesame_url":"http://127.0.0.1:8082/cgi-bin/nph-sesame"}"#),
        ])
        .unwrap();
        assert_eq!(c.sesame_url, "http://127.0.0.1:8082/cgi-bin/nph-sesame");
        assert_eq!(c.default_top, 5);
        assert_eq!(c.services.len(), 1);
        assert!(Config::from_layers(&[("x", "[1]")]).is_err());
        for (logo, kept) in [
            ("logo.svg", true),
            ("img/a:b.png", true),
            ("https://obs.example/logo.png", true),
            ("javascript:alert(1)", false),
            ("data:image/svg+xml,<svg/>", false),
            ("//evil.example/x.png", false),
        ] {
            let c = Config::from_layers(&[("a", &format!("{{\"logo_url\":{logo:?}}}"))]).unwrap();
            assert_eq!(!c.logo_url.is_empty(), kept, "{logo}");
        }
        assert!(Config::from_layers(&[("x", "{")])
            .unwrap_err()
            .contains("x is not valid JSON"));
    }
}
