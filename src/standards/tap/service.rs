//! A TAP service's base URL, as users paste it.

/// A normalised TAP base URL: no trailing slash, no `/sync` or `/async` endpoint
/// pasted by mistake, and only http(s).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceUrl(String);

impl ServiceUrl {
    pub fn parse(text: &str) -> Result<ServiceUrl, String> {
        let mut url = text.trim().to_owned();
        if url.is_empty() {
            return Err("enter the base URL of a TAP service, e.g. http://dc.g-vo.org/tap".into());
        }
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            return Err(format!(
                "{url:?} is not an http:// or https:// URL; a TAP service's base URL looks like http://dc.g-vo.org/tap"
            ));
        }
        if url.contains(char::is_whitespace) {
            return Err(format!("{url:?} contains spaces"));
        }
        if let Some(q) = url.find(['?', '#']) {
            url.truncate(q);
        }
        while url.ends_with('/') {
            url.pop();
        }
        for endpoint in [
            "/sync",
            "/async",
            "/capabilities",
            "/tables",
            "/availability",
            "/examples",
        ] {
            if url.to_ascii_lowercase().ends_with(endpoint) {
                url.truncate(url.len() - endpoint.len());
                break;
            }
        }
        if url.len() <= "https://".len() {
            return Err(format!("{text:?} has no host"));
        }
        Ok(ServiceUrl(url))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn endpoint(&self, name: &str) -> String {
        format!("{}/{name}", self.0)
    }

    pub fn sync(&self) -> String {
        self.endpoint("sync")
    }
}

impl std::fmt::Display for ServiceUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_pasted_urls() {
        let u = ServiceUrl::parse(" http://127.0.0.1:8081/tap/ ").unwrap();
        assert_eq!(u.as_str(), "http://127.0.0.1:8081/tap");
        assert_eq!(u.sync(), "http://127.0.0.1:8081/tap/sync");
        let u = ServiceUrl::parse("https://gea.esac.esa.int/tap-server/tap/sync?REQUEST=doQuery")
            .unwrap();
        assert_eq!(u.as_str(), "https://gea.esac.esa.int/tap-server/tap");
        assert!(ServiceUrl::parse("javascript:alert(1)").is_err());
        assert!(ServiceUrl::parse("").is_err());
        assert!(ServiceUrl::parse("http://").is_err());
    }
}
