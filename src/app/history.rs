//! The query history kept in the browser's local storage: the queries run, newest first,
//! so yesterday's query is one click away. Pure: the UI stores the JSON text.
//!
//! Running the same query on the same service again moves it to the top rather than
//! adding a copy. The list is capped, and a stored text that does not read (another
//! version, a hand edit) is an empty history, not an error that blocks the page.

use serde::{Deserialize, Serialize};

/// Entries kept; older ones fall off.
pub const MAX_ENTRIES: usize = 50;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// When it ran (ISO 8601, UTC).
    pub at: String,
    pub service: String,
    pub adql: String,
    /// The target typed, if any, so the form can be refilled too.
    #[serde(default)]
    pub target: String,
    /// Rows returned, or None if it failed.
    #[serde(default)]
    pub rows: Option<usize>,
    /// What went wrong, in a line.
    #[serde(default)]
    pub error: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub entries: Vec<Entry>,
}

impl History {
    pub fn from_json(text: &str) -> History {
        serde_json::from_str(text).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{\"entries\":[]}".into())
    }

    /// Adds a run at the top, replacing an earlier run of the same query on the same
    /// service (compared without surrounding white space).
    pub fn push(&mut self, entry: Entry) {
        let key = (
            entry.service.trim().to_owned(),
            entry.adql.trim().to_owned(),
        );
        self.entries
            .retain(|e| (e.service.trim(), e.adql.trim()) != (key.0.as_str(), key.1.as_str()));
        self.entries.insert(0, entry);
        self.entries.truncate(MAX_ENTRIES);
    }

    pub fn remove(&mut self, index: usize) {
        if index < self.entries.len() {
            self.entries.remove(index);
        }
    }
}

/// The first line of a query, shortened for a list.
pub fn summary(adql: &str, max_chars: usize) -> String {
    let flat: String = adql.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        flat
    } else {
        let cut: String = flat.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(service: &str, adql: &str, rows: usize) -> Entry {
        Entry {
            at: "2026-12-01T20:00:00Z".into(),
            service: service.into(),
            adql: adql.into(),
            target: String::new(),
            rows: Some(rows),
            error: None,
        }
    }

    #[test]
    fn a_repeated_query_moves_to_the_top_and_the_list_is_capped() {
        let mut h = History::default();
        h.push(entry("s1", "SELECT 1", 1));
        h.push(entry("s2", "SELECT 1", 1));
        h.push(entry("s1", "  SELECT 1\n", 5));
        assert_eq!(h.entries.len(), 2);
        assert_eq!(
            (h.entries[0].service.as_str(), h.entries[0].rows),
            ("s1", Some(5))
        );
        for i in 0..(MAX_ENTRIES + 10) {
            h.push(entry("s", &format!("SELECT {i}"), i));
        }
        assert_eq!(h.entries.len(), MAX_ENTRIES);
        assert_eq!(h.entries[0].adql, format!("SELECT {}", MAX_ENTRIES + 9));
        h.remove(0);
        h.remove(999);
        assert_eq!(h.entries.len(), MAX_ENTRIES - 1);
    }

    #[test]
    fn stored_text_round_trips_and_garbage_is_an_empty_history() {
        let mut h = History::default();
        h.push(entry("s", "SELECT \"é\" FROM t", 3));
        assert_eq!(History::from_json(&h.to_json()), h);
        assert_eq!(History::from_json("{not json"), History::default());
        assert_eq!(History::from_json("[1,2]"), History::default());
        // An entry from an older version without the optional keys still reads.
        let old = r#"{"entries":[{"at":"x","service":"s","adql":"q"}]}"#;
        assert_eq!(History::from_json(old).entries[0].rows, None);
    }

    #[test]
    fn summaries_are_one_short_line() {
        assert_eq!(summary("SELECT *\n  FROM t", 40), "SELECT * FROM t");
        assert_eq!(summary("SELECT a, b, c FROM t", 10), "SELECT a,…");
    }
}
