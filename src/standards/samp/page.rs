//! What the SAMP panel decides without the network: whether this page can reach a hub
//! at all, which URL lets a desktop tool fetch the same table, which products an image
//! viewer can load.

use crate::standards::tap::{ServiceUrl, SyncQuery};

pub fn is_loopback(host: &str) -> bool {
    let h = host.trim_matches(['[', ']']).to_ascii_lowercase();
    h == "localhost" || h.ends_with(".localhost") || h == "::1" || h.starts_with("127.")
}

/// Why this page may be kept from the hub on http://localhost, or `None` when nothing
/// stands in the way (an http page on a loopback address).
///
/// Browsers treat a page on https calling http://localhost as mixed content (Chromium
/// and Firefox exempt loopback, Safari does not), and Chromium's Private/Local Network
/// Access asks the user before a public page may reach a local address — while the SAMP
/// hubs (astropy, JSAMP) send no `Access-Control-Allow-Private-Network`.
pub fn origin_hint(protocol: &str, hostname: &str) -> Option<String> {
    let https = protocol.eq_ignore_ascii_case("https:");
    let local = is_loopback(hostname);
    match (https, local) {
        (false, true) => None,
        (true, true) => Some(
            "This page is served over https: some browsers (Safari) block its calls to the hub on \
             http://localhost as mixed content. If the connection fails, open voscope from \
             http://localhost or http://127.0.0.1."
                .into(),
        ),
        (_, false) => Some(format!(
            "This page comes from {hostname}, not from your own machine. The SAMP hub listens on \
             http://localhost:21012: Chromium-based browsers ask you to allow this site to reach \
             devices on your local network (allow it), others may refuse outright{}. Running \
             voscope locally (scripts/serve, or any static server on 127.0.0.1) always works.",
            if https {
                "; an https page calling http://localhost is also mixed content for Safari"
            } else {
                ""
            }
        )),
    }
}

/// The state of Chromium's Local Network Access permission for this page, as the
/// Permissions API reports it ("loopback-network", or "local-network-access" before
/// Chromium split it): `Unknown` where the browser has no such permission (Firefox,
/// Safari) or the page could not ask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalAccess {
    Granted,
    Prompt,
    Denied,
    Unknown,
}

impl LocalAccess {
    pub fn from_state(state: &str) -> LocalAccess {
        match state {
            "granted" => LocalAccess::Granted,
            "prompt" => LocalAccess::Prompt,
            "denied" => LocalAccess::Denied,
            _ => LocalAccess::Unknown,
        }
    }
}

/// Why no hub answered a page on `hostname`, and whether the browser is known to be what
/// stopped it (`true`: the page's permission to reach this machine is denied, so a
/// running hub could not be reached either).
///
/// A page on a loopback address reaches http://localhost freely. A page from another
/// host — a deployed voscope — is, for Chromium (142 on), a public page calling a
/// loopback address: Local Network Access lets it through only once the user allowed the
/// site ("Apps on this device" / "Local network access" in its site settings). Mixed
/// content is not the obstacle there: http://localhost counts as potentially trustworthy.
pub fn no_hub_reason(hostname: &str, access: LocalAccess) -> (bool, String) {
    const START: &str = "start TOPCAT or Aladin (each starts a hub) or astropy's samp_hub";
    if is_loopback(hostname) || access == LocalAccess::Granted {
        return (
            false,
            format!(
                "no SAMP hub answers on http://localhost:21012; {START} — voscope keeps looking"
            ),
        );
    }
    match access {
        LocalAccess::Denied => (
            true,
            format!(
                "your browser does not let this page (from {hostname}) reach the hub on                  http://localhost:21012: this site's permission to reach apps on this device                  (Local Network Access) is set to Block. Allow it (the icon left of the address                  › Site settings › \"Apps on this device\" or \"Local network access\"), or open                  voscope from http://localhost — voscope keeps looking"
            ),
        ),
        LocalAccess::Prompt => (
            false,
            format!(
                "no SAMP hub answers on http://localhost:21012. If your browser asks whether                  {hostname} may reach apps on this device, answer Allow; otherwise {START} —                  voscope keeps looking"
            ),
        ),
        _ => (
            false,
            format!(
                "no SAMP hub answers on http://localhost:21012; {START}. If one runs, your                  browser may be keeping this page (from {hostname}) from reaching your machine:                  open voscope from http://localhost instead — voscope keeps looking"
            ),
        ),
    }
}

/// The URL a desktop tool fetches to load the same result: the TAP sync query as one
/// GET (the tool runs the query again; it cannot read the browser's memory).
pub fn table_url(service: &str, adql: &str, maxrec: Option<u64>) -> Result<String, String> {
    if adql.trim().is_empty() {
        return Err("this table did not come from a TAP query, so there is no URL to send".into());
    }
    let service = ServiceUrl::parse(service)?;
    if adql.to_ascii_uppercase().contains("TAP_UPLOAD.") {
        return Err(
            "this query joins an uploaded table, which a URL cannot carry: the receiver could not run it"
                .into(),
        );
    }
    let mut q = SyncQuery::new(service, adql);
    q.maxrec = maxrec;
    Ok(q.get_url())
}

/// Rows are matched by their position in the table; a query without ORDER BY may give
/// them in another order when the receiver runs it again.
pub fn order_note(adql: &str) -> Option<&'static str> {
    let upper = adql.to_ascii_uppercase();
    let has_order = upper
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| w == ["ORDER", "BY"]);
    (!has_order && !adql.trim().is_empty()).then_some(
        "The query has no ORDER BY: the receiver runs it again, and rows are matched by position, \
         so highlighted rows may differ if the service returns them in another order.",
    )
}

/// Whether a product's access_format is FITS (what `image.load.fits` carries).
pub fn is_fits(access_format: &str) -> bool {
    let f = access_format.to_ascii_lowercase();
    f.contains("fits") && !crate::standards::datalink::is_datalink(&f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_http_needs_no_hint() {
        assert_eq!(origin_hint("http:", "127.0.0.1"), None);
        assert_eq!(origin_hint("http:", "localhost"), None);
        assert_eq!(origin_hint("http:", "[::1]"), None);
        assert!(origin_hint("https:", "localhost")
            .unwrap()
            .contains("mixed content"));
        let public = origin_hint("https:", "voscope.example.org").unwrap();
        assert!(public.contains("voscope.example.org") && public.contains("local network"));
        assert!(public.contains("mixed content"));
        assert!(!origin_hint("http:", "192.168.1.5")
            .unwrap()
            .contains("mixed"));
    }

    #[test]
    fn no_hub_says_what_stands_in_the_way() {
        let (blocked, local) = no_hub_reason("127.0.0.1", LocalAccess::Unknown);
        assert!(!blocked);
        assert!(local.starts_with("no SAMP hub answers on http://localhost:21012; start TOPCAT"));
        assert!(!local.contains("browser"));
        // A local page is never blocked, whatever a permission says.
        assert!(!no_hub_reason("localhost", LocalAccess::Denied).0);
        let (blocked, denied) = no_hub_reason("voscope.example.org", LocalAccess::Denied);
        assert!(blocked);
        assert!(denied.contains("voscope.example.org") && denied.contains("set to Block"));
        assert!(denied.contains("Apps on this device") && denied.contains("http://localhost"));
        let (blocked, prompt) = no_hub_reason("voscope.example.org", LocalAccess::Prompt);
        assert!(!blocked && prompt.contains("answer Allow"));
        let (blocked, granted) = no_hub_reason("voscope.example.org", LocalAccess::Granted);
        assert!(!blocked && granted == local);
        let (blocked, unknown) = no_hub_reason("voscope.example.org", LocalAccess::Unknown);
        assert!(
            !blocked && unknown.contains("may be keeping this page (from voscope.example.org)")
        );
        assert_eq!(LocalAccess::from_state("denied"), LocalAccess::Denied);
        assert_eq!(LocalAccess::from_state("granted"), LocalAccess::Granted);
        assert_eq!(LocalAccess::from_state("prompt"), LocalAccess::Prompt);
        assert_eq!(LocalAccess::from_state("x"), LocalAccess::Unknown);
    }

    #[test]
    fn table_url_is_the_sync_get() {
        assert_eq!(
            table_url("http://127.0.0.1:8081/tap/", "SELECT TOP 5 obs_id FROM ivoa.obscore ORDER BY obs_id", Some(5)).unwrap(),
            "http://127.0.0.1:8081/tap/sync?REQUEST=doQuery&LANG=ADQL&QUERY=SELECT+TOP+5+obs_id+FROM+ivoa.obscore+ORDER+BY+obs_id&MAXREC=5"
        );
        assert!(
            table_url("http://h/tap", "SELECT * FROM tap_upload.t", None)
                .unwrap_err()
                .contains("uploaded")
        );
        assert!(table_url("http://h/tap", " ", None).is_err());
        assert!(table_url("SAMP: topcat", "SELECT 1", None).is_err());
    }

    #[test]
    fn order_and_fits() {
        assert!(order_note("SELECT * FROM t").is_some());
        assert!(order_note("SELECT * FROM t\nORDER\tBY a").is_none());
        assert!(order_note("").is_none());
        assert!(is_fits("image/fits"));
        assert!(is_fits("application/fits"));
        assert!(!is_fits("application/x-votable+xml;content=datalink"));
        assert!(!is_fits("text/html"));
    }
}
