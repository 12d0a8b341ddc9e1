//! A synchronous TAP query (`/sync`, TAP 1.1 §2.3.1), as form parameters.

use super::service::ServiceUrl;

#[derive(Clone, Debug, PartialEq)]
pub struct SyncQuery {
    pub service: ServiceUrl,
    pub adql: String,
    /// MAXREC; `None` leaves the service's default.
    pub maxrec: Option<u64>,
    /// RESPONSEFORMAT; `None` is the service's default (a VOTable).
    pub format: Option<String>,
    /// Names of tables sent along (as multipart parts of the same names).
    pub uploads: Vec<String>,
}

impl SyncQuery {
    pub fn new(service: ServiceUrl, adql: impl Into<String>) -> SyncQuery {
        SyncQuery {
            service,
            adql: adql.into(),
            maxrec: None,
            format: None,
            uploads: Vec::new(),
        }
    }

    pub fn url(&self) -> String {
        self.service.sync()
    }

    /// The parameters of the POST body (application/x-www-form-urlencoded, a "simple"
    /// request that needs no CORS preflight: DaCHS answers none).
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut p = vec![
            ("REQUEST", "doQuery".to_owned()),
            ("LANG", "ADQL".to_owned()),
            ("QUERY", self.adql.clone()),
        ];
        if let Some(n) = self.maxrec {
            p.push(("MAXREC", n.to_string()));
        }
        if let Some(f) = &self.format {
            p.push(("RESPONSEFORMAT", f.clone()));
        }
        if !self.uploads.is_empty() {
            // Names were checked when the files were chosen; a bad one fails the query
            // at the service with its own message rather than here.
            let param = super::upload::upload_param(&self.uploads).unwrap_or_default();
            p.push(("UPLOAD", param));
        }
        p
    }

    /// The same query as one GET URL, for "copy link" and curl.
    pub fn get_url(&self) -> String {
        let query: Vec<String> = self
            .params()
            .into_iter()
            .map(|(k, v)| format!("{k}={}", form_encode(&v)))
            .collect();
        format!("{}?{}", self.url(), query.join("&"))
    }
}

/// application/x-www-form-urlencoded encoding of one value.
pub fn form_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3 / 2);
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_and_get_url() {
        let s = ServiceUrl::parse("http://127.0.0.1:8081/tap").unwrap();
        let mut q = SyncQuery::new(s, "SELECT TOP 1 * FROM ivoa.obscore WHERE obs_id='a b'");
        q.maxrec = Some(100);
        let p = q.params();
        assert_eq!(p[0], ("REQUEST", "doQuery".to_owned()));
        assert_eq!(p[3], ("MAXREC", "100".to_owned()));
        assert_eq!(
            q.get_url(),
            "http://127.0.0.1:8081/tap/sync?REQUEST=doQuery&LANG=ADQL&QUERY=SELECT+TOP+1+*+FROM+ivoa.obscore+WHERE+obs_id%3D%27a+b%27&MAXREC=100"
        );
    }
}
