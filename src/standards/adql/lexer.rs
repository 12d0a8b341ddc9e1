//! ADQL 2.1 tokens (§2.1): identifiers, delimited identifiers, numbers, strings,
//! operators; `--` comments and whitespace are skipped but kept as spans for the
//! editor's highlighting.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A regular identifier or keyword (which is which depends on the parser's context).
    Word,
    /// `"…"`, inner `""` doubled.
    Delimited,
    Number,
    /// `'…'`, inner `''` doubled.
    Str,
    /// An operator or punctuation: the text says which.
    Op,
    Comment,
    Eof,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    /// Byte range in the query.
    pub start: usize,
    pub end: usize,
}

impl Token {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start..self.end]
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexError {
    pub offset: usize,
    pub message: String,
}

/// Splits a query into tokens (comments included, whitespace not); the last is `Eof`.
pub fn tokenize(src: &str) -> Result<Vec<Token>, LexError> {
    let b = src.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut i = 0;
    let err = |offset: usize, message: String| LexError { offset, message };
    while i < n {
        let c = b[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0c => {
                i += 1;
                continue;
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                while i < n && b[i] != b'\n' {
                    i += 1;
                }
                out.push(Token {
                    kind: TokenKind::Comment,
                    start,
                    end: i,
                });
                continue;
            }
            b'a'..=b'z' | b'A'..=b'Z' => {
                while i < n && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                out.push(Token {
                    kind: TokenKind::Word,
                    start,
                    end: i,
                });
            }
            b'"' => {
                i += 1;
                loop {
                    match b.get(i) {
                        None => {
                            return Err(err(
                                start,
                                "a delimited identifier (\"…\") is not closed".into(),
                            ))
                        }
                        Some(b'"') if b.get(i + 1) == Some(&b'"') => i += 2,
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
                if i - start == 2 {
                    return Err(err(start, "an empty delimited identifier (\"\")".into()));
                }
                out.push(Token {
                    kind: TokenKind::Delimited,
                    start,
                    end: i,
                });
            }
            b'\'' => {
                i += 1;
                loop {
                    match b.get(i) {
                        None => {
                            return Err(err(start, "a string literal ('…') is not closed".into()))
                        }
                        Some(b'\'') if b.get(i + 1) == Some(&b'\'') => i += 2,
                        Some(b'\'') => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
                out.push(Token {
                    kind: TokenKind::Str,
                    start,
                    end: i,
                });
            }
            b'0'..=b'9' | b'.' if c != b'.' || b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                if c == b'0'
                    && matches!(b.get(i + 1), Some(b'x' | b'X'))
                    && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
                {
                    i += 2;
                    while i < n && b[i].is_ascii_hexdigit() {
                        i += 1;
                    }
                } else {
                    while i < n && b[i].is_ascii_digit() {
                        i += 1;
                    }
                    if i < n && b[i] == b'.' {
                        i += 1;
                        while i < n && b[i].is_ascii_digit() {
                            i += 1;
                        }
                    }
                    if i < n && (b[i] == b'e' || b[i] == b'E') {
                        let mut j = i + 1;
                        if j < n && (b[j] == b'+' || b[j] == b'-') {
                            j += 1;
                        }
                        if j < n && b[j].is_ascii_digit() {
                            while j < n && b[j].is_ascii_digit() {
                                j += 1;
                            }
                            i = j;
                        }
                    }
                }
                out.push(Token {
                    kind: TokenKind::Number,
                    start,
                    end: i,
                });
            }
            _ => {
                let two = if i + 1 < n {
                    &b[i..i + 2]
                } else {
                    &b[i..i + 1]
                };
                let len = match two {
                    b"<>" | b"!=" | b"<=" | b">=" | b"||" => 2,
                    _ => match c {
                        b'=' | b'<' | b'>' | b'+' | b'-' | b'*' | b'/' | b'(' | b')' | b','
                        | b'.' | b'&' | b'|' | b'^' | b'~' | b';' => 1,
                        _ => {
                            let ch = src[i..].chars().next().unwrap_or('?');
                            return Err(err(i, format!("{ch:?} is not part of ADQL")));
                        }
                    },
                };
                i += len;
                out.push(Token {
                    kind: TokenKind::Op,
                    start,
                    end: i,
                });
            }
        }
    }
    out.push(Token {
        kind: TokenKind::Eof,
        start: n,
        end: n,
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(TokenKind, String)> {
        tokenize(src)
            .unwrap()
            .into_iter()
            .map(|t| (t.kind, t.text(src).to_owned()))
            .collect()
    }

    #[test]
    fn numbers_glued_to_words_split_as_adql_says() {
        let k = kinds("SELECT 89x, 2desc, 10e-5, .5, 0x1F, 1e FROM t");
        let texts: Vec<&str> = k.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "SELECT", "89", "x", ",", "2", "desc", ",", "10e-5", ",", ".5", ",", "0x1F", ",",
                "1", "e", "FROM", "t", ""
            ]
        );
    }

    #[test]
    fn strings_identifiers_comments() {
        let k = kinds("select \"c\"\"ho\", 'it''s' -- note\n from y");
        assert_eq!(k[1], (TokenKind::Delimited, "\"c\"\"ho\"".into()));
        assert_eq!(k[3], (TokenKind::Str, "'it''s'".into()));
        assert_eq!(k[4].0, TokenKind::Comment);
        assert!(tokenize("select 'open").is_err());
        assert!(tokenize("select %s").is_err());
        assert!(tokenize("select _x").is_err());
    }
}
