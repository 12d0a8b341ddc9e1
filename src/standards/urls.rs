//! The one test of "may this be fetched or linked": an http(s) URL. Service text,
//! configuration and links all pass through it, so `javascript:`, `data:` and friends are
//! refused the same way everywhere.

/// `http://…` or `https://…`, case-insensitive, surrounding blanks ignored.
pub fn is_http(url: &str) -> bool {
    let u = url.trim().as_bytes();
    let has = |p: &str| u.len() >= p.len() && u[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    has("http://") || has("https://")
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_http_and_https() {
        for (u, ok) in [
            ("http://a/tap", true),
            (" HTTPS://A/tap ", true),
            ("javascript:alert(1)", false),
            ("data:text/html,x", false),
            ("//host/x", false),
            ("ftp://a/b", false),
            ("http:/a", false),
            ("", false),
        ] {
            assert_eq!(super::is_http(u), ok, "{u}");
        }
    }
}
