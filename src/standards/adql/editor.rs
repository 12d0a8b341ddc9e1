//! What the ADQL editor shows while a user types: colours for the tokens, and what may
//! come at the cursor (tables after FROM, columns of the tables in the query, functions,
//! keywords). Pure functions of the text, the cursor and the service's schema.

use super::functions::FUNCTIONS;
use super::lexer::{tokenize, TokenKind};
use super::reserved::is_reserved;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Keyword,
    Function,
    Identifier,
    Delimited,
    Number,
    Str,
    Operator,
    Comment,
    /// From a lexical error to the end: an unclosed string, a stray character.
    Error,
}

impl Class {
    pub fn css(self) -> &'static str {
        match self {
            Class::Keyword => "tok-kw",
            Class::Function => "tok-fn",
            Class::Identifier => "tok-id",
            Class::Delimited => "tok-did",
            Class::Number => "tok-num",
            Class::Str => "tok-str",
            Class::Operator => "tok-op",
            Class::Comment => "tok-cmt",
            Class::Error => "tok-err",
        }
    }
}

/// Byte spans of the query with their classes; the text between spans is whitespace.
pub fn highlight(query: &str) -> Vec<(usize, usize, Class)> {
    let (tokens, error_at) = match tokenize(query) {
        Ok(t) => (t, None),
        Err(e) => {
            // Colour what precedes the error, then mark the rest.
            let head = &query[..e.offset];
            (tokenize(head).unwrap_or_default(), Some(e.offset))
        }
    };
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let text = t.text(query);
        let class = match t.kind {
            TokenKind::Eof => continue,
            TokenKind::Word => {
                let next_is_paren = tokens
                    .get(i + 1)
                    .is_some_and(|n| n.kind == TokenKind::Op && n.text(query) == "(");
                let upper = text.to_ascii_uppercase();
                if next_is_paren
                    && (super::functions::lookup(&upper).is_some() || !is_reserved(text))
                {
                    Class::Function
                } else if is_reserved(text) || is_keyword(&upper) {
                    Class::Keyword
                } else {
                    Class::Identifier
                }
            }
            TokenKind::Delimited => Class::Delimited,
            TokenKind::Number => Class::Number,
            TokenKind::Str => Class::Str,
            TokenKind::Op => Class::Operator,
            TokenKind::Comment => Class::Comment,
        };
        out.push((t.start, t.end, class));
    }
    if let Some(at) = error_at {
        out.push((at, query.len(), Class::Error));
    }
    out
}

const KEYWORDS: &[&str] = &[
    "SELECT",
    "FROM",
    "WHERE",
    "AND",
    "OR",
    "NOT",
    "AS",
    "TOP",
    "DISTINCT",
    "ALL",
    "ORDER",
    "BY",
    "ASC",
    "DESC",
    "GROUP",
    "HAVING",
    "JOIN",
    "NATURAL",
    "INNER",
    "LEFT",
    "RIGHT",
    "FULL",
    "OUTER",
    "CROSS",
    "ON",
    "USING",
    "BETWEEN",
    "IN",
    "LIKE",
    "ILIKE",
    "IS",
    "NULL",
    "EXISTS",
    "UNION",
    "INTERSECT",
    "EXCEPT",
    "OFFSET",
    "WITH",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "CAST",
];

fn is_keyword(upper: &str) -> bool {
    KEYWORDS.contains(&upper)
}

/// A table known to the editor: its name and columns (with a short description).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KnownTable {
    pub name: String,
    pub description: String,
    pub columns: Vec<(String, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Table,
    Column,
    Function,
    Keyword,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: String,
}

/// The byte offset of a caret the browser gives in UTF-16 code units (past the end: the
/// end; inside a surrogate pair: after the character).
pub fn byte_offset(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The UTF-16 offset (what the browser's selection takes) of a byte offset.
pub fn utf16_offset(text: &str, byte: usize) -> usize {
    text.char_indices()
        .take_while(|(i, _)| *i < byte)
        .map(|(_, c)| c.len_utf16())
        .sum()
}

/// The word being typed at `cursor` (byte offset; one inside a character counts as its
/// start): its start, and its text (may contain dots, e.g. `o.s_` or `ivoa.ob`).
pub fn word_at(query: &str, cursor: usize) -> (usize, &str) {
    let mut cursor = cursor.min(query.len());
    while !query.is_char_boundary(cursor) {
        cursor -= 1;
    }
    let head = &query[..cursor];
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    (start, &query[start..cursor])
}

/// Tables named in FROM/JOIN clauses, with their aliases, read leniently (the query may
/// be half-written).
pub fn tables_in(query: &str) -> Vec<(String, Option<String>)> {
    let tokens = match tokenize(query) {
        Ok(t) => t,
        Err(e) => tokenize(&query[..e.offset]).unwrap_or_default(),
    };
    let toks: Vec<_> = tokens
        .iter()
        .filter(|t| t.kind != TokenKind::Comment)
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    let word = |k: usize| toks.get(k).map(|t| t.text(query)).unwrap_or("");
    while i < toks.len() {
        let w = word(i).to_ascii_uppercase();
        let starts = w == "FROM" || w == "JOIN" || (w == "," && out_of_select(&toks, i, query));
        if starts
            && matches!(
                toks.get(i + 1).map(|t| t.kind),
                Some(TokenKind::Word | TokenKind::Delimited)
            )
        {
            let mut j = i + 1;
            let mut name = word(j).to_owned();
            while word(j + 1) == "."
                && toks
                    .get(j + 2)
                    .is_some_and(|t| matches!(t.kind, TokenKind::Word | TokenKind::Delimited))
            {
                name.push('.');
                name.push_str(word(j + 2));
                j += 2;
            }
            let mut alias = None;
            let mut k = j + 1;
            if word(k).eq_ignore_ascii_case("AS") {
                k += 1;
            }
            if let Some(t) = toks.get(k) {
                let a = t.text(query);
                if matches!(t.kind, TokenKind::Word | TokenKind::Delimited)
                    && !is_reserved(a)
                    && !is_keyword(&a.to_ascii_uppercase())
                {
                    alias = Some(a.trim_matches('"').to_owned());
                }
            }
            if !is_reserved(&name) {
                out.push((name.trim_matches('"').to_owned(), alias));
            }
            i = j;
        }
        i += 1;
    }
    out
}

/// Whether the comma at `i` separates FROM items (the last clause keyword before it is FROM).
fn out_of_select(toks: &[&super::lexer::Token], i: usize, query: &str) -> bool {
    for t in toks[..i].iter().rev() {
        let w = t.text(query).to_ascii_uppercase();
        match w.as_str() {
            "FROM" => return true,
            "SELECT" | "WHERE" | "GROUP" | "ORDER" | "HAVING" | "(" | ")" => return false,
            _ => {}
        }
    }
    false
}

/// What may complete the word at `cursor`, best first, at most `limit`.
pub fn completions(
    query: &str,
    cursor: usize,
    tables: &[KnownTable],
    limit: usize,
) -> Vec<Completion> {
    let (start, word) = word_at(query, cursor);
    let before = query[..start].trim_end();
    let last_kw = before
        .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_ascii_uppercase();
    let after_comma_in_from = before.ends_with(',') && {
        let toks = tokenize(before).unwrap_or_default();
        let refs: Vec<_> = toks.iter().collect();
        out_of_select(&refs, refs.len().saturating_sub(1), before)
    };
    let wants_table = matches!(last_kw.as_str(), "FROM" | "JOIN") && !before.ends_with(')')
        || after_comma_in_from;
    let lower = word.to_ascii_lowercase();
    let mut out: Vec<Completion> = Vec::new();
    let mut push = |c: Completion| {
        if out.len() < limit && !out.iter().any(|o| o.label == c.label) {
            out.push(c);
        }
    };
    if wants_table {
        for t in tables {
            if t.name.to_ascii_lowercase().starts_with(&lower)
                || t.name
                    .rsplit('.')
                    .next()
                    .is_some_and(|s| s.to_ascii_lowercase().starts_with(&lower))
            {
                push(Completion {
                    label: t.name.clone(),
                    kind: CompletionKind::Table,
                    detail: t.description.clone(),
                });
            }
        }
        return out;
    }
    // `alias.col` / `table.col`: the columns of that table only.
    if let Some((qualifier, col_prefix)) = word.rsplit_once('.') {
        let in_query = tables_in(query);
        let target = in_query
            .iter()
            .find(|(n, a)| {
                a.as_deref()
                    .is_some_and(|a| a.eq_ignore_ascii_case(qualifier))
                    || n.eq_ignore_ascii_case(qualifier)
                    || n.rsplit('.')
                        .next()
                        .is_some_and(|s| s.eq_ignore_ascii_case(qualifier))
            })
            .map(|(n, _)| n.clone())
            .unwrap_or_else(|| qualifier.to_owned());
        let col_lower = col_prefix.to_ascii_lowercase();
        for t in tables
            .iter()
            .filter(|t| t.name.eq_ignore_ascii_case(&target))
        {
            for (c, d) in &t.columns {
                if c.to_ascii_lowercase().starts_with(&col_lower) {
                    push(Completion {
                        label: format!("{qualifier}.{c}"),
                        kind: CompletionKind::Column,
                        detail: d.clone(),
                    });
                }
            }
        }
        // Or a table name being qualified by its schema.
        for t in tables {
            if t.name.to_ascii_lowercase().starts_with(&lower) {
                push(Completion {
                    label: t.name.clone(),
                    kind: CompletionKind::Table,
                    detail: t.description.clone(),
                });
            }
        }
        return out;
    }
    if lower.is_empty() {
        return out;
    }
    // Columns of the tables the query reads, then functions, then keywords.
    let in_query = tables_in(query);
    for (name, _) in &in_query {
        for t in tables.iter().filter(|t| t.name.eq_ignore_ascii_case(name)) {
            for (c, d) in &t.columns {
                if c.to_ascii_lowercase().starts_with(&lower) {
                    push(Completion {
                        label: c.clone(),
                        kind: CompletionKind::Column,
                        detail: format!("{} — {d}", t.name),
                    });
                }
            }
        }
    }
    for f in FUNCTIONS {
        if f.name.to_ascii_lowercase().starts_with(&lower) {
            push(Completion {
                label: f.name.to_owned(),
                kind: CompletionKind::Function,
                detail: f.signature.to_owned(),
            });
        }
    }
    for k in KEYWORDS {
        if k.to_ascii_lowercase().starts_with(&lower) {
            push(Completion {
                label: (*k).to_owned(),
                kind: CompletionKind::Keyword,
                detail: String::new(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Vec<KnownTable> {
        vec![
            KnownTable {
                name: "ivoa.obscore".into(),
                description: "ObsCore".into(),
                columns: vec![
                    ("s_ra".into(), "RA".into()),
                    ("s_dec".into(), "Dec".into()),
                    ("target_name".into(), "".into()),
                ],
            },
            KnownTable {
                name: "gammaobs.main".into(),
                description: "VHE".into(),
                columns: vec![("x_zen_pnt".into(), "zenith".into())],
            },
        ]
    }

    fn labels(q: &str, cursor: usize) -> Vec<String> {
        completions(q, cursor, &schema(), 20)
            .into_iter()
            .map(|c| c.label)
            .collect()
    }

    #[test]
    fn tables_after_from_columns_elsewhere() {
        let q = "SELECT * FROM iv";
        assert_eq!(labels(q, q.len()), vec!["ivoa.obscore"]);
        let q = "SELECT * FROM ma";
        assert_eq!(labels(q, q.len()), vec!["gammaobs.main"]);
        let q = "SELECT s_ FROM ivoa.obscore";
        assert_eq!(labels(q, 9), vec!["s_ra", "s_dec"]);
        let q = "SELECT o.s_d FROM ivoa.obscore AS o";
        assert_eq!(labels(q, 12), vec!["o.s_dec"]);
        let q = "SELECT * FROM ivoa.obscore WHERE 1=CONT";
        assert!(labels(q, q.len()).contains(&"CONTAINS".to_owned()));
        let q = "SELECT * FROM ivoa.obscore WHERE x ORD";
        assert!(labels(q, q.len()).contains(&"ORDER".to_owned()));
    }

    #[test]
    fn cursors_inside_characters_and_utf16_carets() {
        // Found by fuzzing: a byte offset inside "é" made word_at slice mid-character.
        let q = "\u{e9}-";
        assert_eq!(word_at(q, 1), (0, ""));
        assert!(completions(q, 1, &schema(), 20).len() <= 20);
        let q = "SELECT 'Ångström 𝛼', s_ FROM ivoa.obscore";
        let caret = q[..q.find(", s_").unwrap() + 4].encode_utf16().count();
        let at = byte_offset(q, caret);
        assert_eq!(&q[..at], "SELECT 'Ångström 𝛼', s_");
        assert_eq!(utf16_offset(q, at), caret);
        assert_eq!(labels(q, at), vec!["s_ra", "s_dec"]);
        assert_eq!(byte_offset(q, 10_000), q.len());
        assert_eq!(byte_offset("𝛼x", 1), 4);
    }

    #[test]
    fn tables_found_leniently() {
        assert_eq!(
            tables_in("SELECT a FROM ivoa.obscore AS o JOIN TAP_UPLOAD.t t2 ON o.x = t2.y, gammaobs.main WHERE"),
            vec![
                ("ivoa.obscore".to_owned(), Some("o".to_owned())),
                ("TAP_UPLOAD.t".to_owned(), Some("t2".to_owned())),
                ("gammaobs.main".to_owned(), None)
            ]
        );
    }

    #[test]
    fn highlight_classes() {
        let q = "SELECT TOP 5 s_ra, 'x' FROM t WHERE 1=CONTAINS(a, b) -- c";
        let h = highlight(q);
        let class_of = |text: &str| {
            let at = q.find(text).unwrap();
            h.iter().find(|(s, _, _)| *s == at).map(|(_, _, c)| *c)
        };
        assert_eq!(class_of("SELECT"), Some(Class::Keyword));
        assert_eq!(class_of("5"), Some(Class::Number));
        assert_eq!(class_of("s_ra"), Some(Class::Identifier));
        assert_eq!(class_of("'x'"), Some(Class::Str));
        assert_eq!(class_of("CONTAINS"), Some(Class::Function));
        assert_eq!(class_of("-- c"), Some(Class::Comment));
        let h = highlight("SELECT 'open");
        assert_eq!(h.last().map(|s| s.2), Some(Class::Error));
    }
}
