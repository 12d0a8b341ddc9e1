//! The few URL operations UWS needs: joining a job's relative links to its URL, and
//! deciding which links may become clickable (http(s) only).

/// Whether a URL is an absolute http(s) URL (the only links the UI makes clickable).
pub fn is_http(url: &str) -> bool {
    let l = url.trim().to_ascii_lowercase();
    (l.starts_with("http://") || l.starts_with("https://")) && l.len() > "https://".len()
}

/// `scheme://host[:port]` of an absolute URL.
pub fn origin(url: &str) -> Option<&str> {
    let after = url.find("://")? + 3;
    let end = url[after..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |p| after + p);
    Some(&url[..end])
}

/// `href` resolved against `base` (RFC 3986 in the forms services use: absolute,
/// scheme-relative, absolute-path, or relative to the base's directory). Dot segments
/// are removed. Returns None for a non-http(s) result.
pub fn resolve(base: &str, href: &str) -> Option<String> {
    let href = href.trim();
    let scheme_len = href.find(':').filter(|&p| {
        p > 0
            && href[..p]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && href.as_bytes()[0].is_ascii_alphabetic()
    });
    let out = if scheme_len.is_some() {
        href.to_owned()
    } else if let Some(rest) = href.strip_prefix("//") {
        let scheme = base.split("://").next()?;
        format!("{scheme}://{rest}")
    } else if href.starts_with('/') {
        format!("{}{href}", origin(base)?)
    } else {
        let base = base.split(['?', '#']).next().unwrap_or(base);
        let origin = origin(base)?;
        let path = &base[origin.len()..];
        let dir = match path.rfind('/') {
            Some(p) => &path[..=p],
            None => "/",
        };
        if href.is_empty() {
            base.to_owned()
        } else {
            format!("{origin}{dir}{href}")
        }
    };
    let out = remove_dots(&out);
    is_http(&out).then_some(out)
}

fn remove_dots(url: &str) -> String {
    let Some(origin) = origin(url) else {
        return url.to_owned();
    };
    let rest = &url[origin.len()..];
    let (path, tail) = match rest.find(['?', '#']) {
        Some(p) => (&rest[..p], &rest[p..]),
        None => (rest, ""),
    };
    if !path.contains("/.") {
        return url.to_owned();
    }
    let mut segs: Vec<&str> = Vec::new();
    let parts: Vec<&str> = path.split('/').skip(1).collect();
    for (i, s) in parts.iter().enumerate() {
        match *s {
            "." => {
                if i == parts.len() - 1 {
                    segs.push("");
                }
            }
            ".." => {
                segs.pop();
                if i == parts.len() - 1 {
                    segs.push("");
                }
            }
            s => segs.push(s),
        }
    }
    format!("{origin}/{}{tail}", segs.join("/"))
}

/// Percent-encodes a query-string value (RFC 3986 unreserved characters kept).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_of_a_job() {
        let job = "http://127.0.0.1:8081/tap/async/abc";
        assert_eq!(
            resolve(job, "abc/results/result").as_deref(),
            Some("http://127.0.0.1:8081/tap/async/abc/results/result")
        );
        assert_eq!(
            resolve(job, "/tap/async/abc/error").as_deref(),
            Some("http://127.0.0.1:8081/tap/async/abc/error")
        );
        assert_eq!(
            resolve(job, "../sync").as_deref(),
            Some("http://127.0.0.1:8081/tap/sync")
        );
        assert_eq!(
            resolve("https://a.org/x/y?q=1", "//b.org/z").as_deref(),
            Some("https://b.org/z")
        );
        assert_eq!(
            resolve(job, "https://s3.org/r?a=1&b=2").as_deref(),
            Some("https://s3.org/r?a=1&b=2")
        );
        assert_eq!(resolve(job, "javascript:alert(1)"), None);
        assert_eq!(resolve(job, "file:///etc/passwd"), None);
        assert_eq!(resolve("notaurl", "x"), None);
    }

    #[test]
    fn encoding_and_schemes() {
        assert_eq!(encode("2026-12-01T10:00:00Z"), "2026-12-01T10%3A00%3A00Z");
        assert_eq!(encode("a b&c"), "a%20b%26c");
        assert!(is_http("HTTPS://x.org") && !is_http("ftp://x.org") && !is_http("http://"));
        assert_eq!(origin("http://h:1/p?q"), Some("http://h:1"));
    }
}
