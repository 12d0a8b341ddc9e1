//! What the SAMP log says, in words a user reads: "TOPCAT took the table" rather than
//! "answered samp.ok to table.load.votable". The MType stays available as the detail a
//! developer (or a bug report) needs.

use super::messages::{SampResponse, Status};

/// The thing a message carries, named for a person: `what("table.load.votable", "t1")`
/// is "the table t1".
pub fn what(mtype: &str, about: &str) -> String {
    let thing = match mtype {
        "table.load.votable" => "the table",
        "table.load.fits" => "the FITS table",
        "image.load.fits" => "the FITS file",
        "coord.pointAt.sky" => "the position of",
        "table.select.rowList" => "the selection:",
        "table.highlight.row" => "the highlighted",
        "spectrum.load.ssa-generic" => "the spectrum",
        _ => "the message",
    };
    match (thing, about.trim()) {
        ("the message", "") => format!("the message {mtype}"),
        ("the message", a) => format!("the message {mtype} ({a})"),
        (t, "") => t.trim_end_matches([':', ' ']).replace(" of", "").to_owned(),
        (t, a) => format!("{t} {a}"),
    }
}

/// A peer's answer as a sentence, and whether it went well.
pub fn answer(who: &str, what: &str, r: &SampResponse) -> (bool, String) {
    let text = r
        .error_text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    match (&r.status, text) {
        (Status::Ok, _) => (true, format!("{who} took {what}.")),
        (Status::Warning, Some(t)) => (true, format!("{who} took {what}, with a warning: {t}")),
        (Status::Warning, None) => (true, format!("{who} took {what}, with a warning.")),
        (Status::Error, Some(t)) => (false, format!("{who} refused {what}: {t}")),
        (Status::Error, None) => (false, format!("{who} refused {what}.")),
        (Status::Other(s), _) => (
            false,
            format!("{who} answered {what} with an unknown status {s:?}."),
        ),
    }
}

/// The technical line kept beside the sentence (tooltip): the MType and SAMP status.
pub fn detail(mtype: &str, about: &str, r: Option<&SampResponse>) -> String {
    match r {
        Some(r) => format!("{mtype} ({about}): {}", r.summary()),
        None => format!("{mtype} ({about})"),
    }
}

/// What a client takes, from the MTypes it subscribes to (those voscope sends).
pub fn takes(mtypes: &[&str]) -> String {
    let names: Vec<&str> = mtypes
        .iter()
        .filter_map(|m| {
            Some(match *m {
                "table.load.votable" => "tables",
                "table.load.fits" => "FITS tables",
                "image.load.fits" => "FITS files",
                "coord.pointAt.sky" => "sky positions",
                "table.highlight.row" => "row highlights",
                "table.select.rowList" => "selections",
                _ => return None,
            })
        })
        .collect();
    if names.is_empty() {
        "takes nothing voscope sends".into()
    } else {
        format!("takes {}", names.join(", "))
    }
}

/// Initials for a client's badge ("TOPCAT" → "T", "voscope test recorder" → "VT"): its
/// icon, which is on another origin, is not loaded under the page's strict CSP.
pub fn initials(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphanumeric())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: Status, text: Option<&str>) -> SampResponse {
        SampResponse {
            status,
            result: Vec::new(),
            error_text: text.map(str::to_owned),
        }
    }

    #[test]
    fn messages_are_named_for_people() {
        assert_eq!(
            what("table.load.votable", "voscope-1-2"),
            "the table voscope-1-2"
        );
        assert_eq!(what("coord.pointAt.sky", "row 5"), "the position of row 5");
        assert_eq!(
            what("table.select.rowList", "2 rows of t"),
            "the selection: 2 rows of t"
        );
        assert_eq!(what("x.custom", ""), "the message x.custom");
        assert_eq!(what("table.load.votable", ""), "the table");
    }

    #[test]
    fn clients_are_described_by_what_they_take() {
        assert_eq!(
            takes(&["table.load.votable", "coord.pointAt.sky", "x.other"]),
            "takes tables, sky positions"
        );
        assert_eq!(takes(&[]), "takes nothing voscope sends");
        assert_eq!(initials("TOPCAT"), "T");
        assert_eq!(initials("voscope-test-recorder"), "VT");
        assert_eq!(initials(""), "");
    }

    #[test]
    fn answers_say_who_did_what() {
        let ok = response(Status::Ok, None);
        assert_eq!(
            answer("TOPCAT", "the table t", &ok),
            (true, "TOPCAT took the table t.".into())
        );
        let err = response(Status::Error, Some(" no such table "));
        assert_eq!(
            answer("Aladin", "the selection: 2 rows of t", &err),
            (
                false,
                "Aladin refused the selection: 2 rows of t: no such table".into()
            )
        );
        assert_eq!(
            detail("table.load.votable", "t", Some(&ok)),
            "table.load.votable (t): samp.ok"
        );
    }
}
