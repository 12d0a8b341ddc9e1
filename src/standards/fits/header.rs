//! FITS header cards (FITS 4.0 §4): 80-character records in 2880-byte blocks, up to END.
//!
//! Values are read in free format, which is what every writer in use produces; the fixed
//! format is a special case of it. Long strings (`&` + CONTINUE) are joined into one value,
//! and `HIERARCH` keys are kept under the name after `HIERARCH`, as astropy does.

use super::error::FitsError;

pub const CARD: usize = 80;
pub const BLOCK: usize = 2880;

/// A keyword's value, typed as the card wrote it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Str(String),
    Bool(bool),
    Int(i64),
    Float(f64),
    Complex(f64, f64),
    /// A value indicator with nothing after it (an undefined value, FITS 4.0 §4.2.7).
    Undefined,
    /// Text that is none of the above (e.g. an unquoted date): kept, so the card can be
    /// shown, but no typed getter returns it.
    Unparsed(String),
}

impl Value {
    /// The value as FITS would write it, for display (strings unquoted).
    pub fn to_text(&self) -> String {
        match self {
            Value::Str(s) | Value::Unparsed(s) => s.clone(),
            Value::Bool(b) => if *b { "T" } else { "F" }.to_owned(),
            Value::Int(i) => i.to_string(),
            Value::Float(v) => v.to_string(),
            Value::Complex(re, im) => format!("({re}, {im})"),
            Value::Undefined => String::new(),
        }
    }
}

/// One keyword record. COMMENT, HISTORY and blank-keyword cards have no value; their text
/// is in `comment`.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub key: String,
    pub value: Option<Value>,
    pub comment: Option<String>,
    /// 1-based number of the card in its HDU's header (the first card of a CONTINUE chain).
    pub number: usize,
}

/// The cards of one HDU, in order, without END.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Header {
    cards: Vec<Card>,
}

impl Header {
    pub fn from_cards(cards: Vec<Card>) -> Header {
        Header { cards }
    }

    /// The card of a keyword, case-insensitive; the first one when it is repeated.
    pub fn card(&self, key: &str) -> Option<&Card> {
        self.cards
            .iter()
            .find(|c| c.value.is_some() && c.key.eq_ignore_ascii_case(key))
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.card(key).and_then(|c| c.value.as_ref())
    }

    pub fn get_str(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Integers and floats alike (`TSTART = 123890826.` is a float card).
    pub fn get_f64(&self, key: &str) -> Option<f64> {
        match self.get(key)? {
            Value::Int(i) => Some(*i as f64),
            Value::Float(v) => Some(*v),
            _ => None,
        }
    }

    /// Integer cards only, and floats with an integral value (some writers put `2.` for 2).
    pub fn get_i64(&self, key: &str) -> Option<i64> {
        match self.get(key)? {
            Value::Int(i) => Some(*i),
            Value::Float(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => Some(*v as i64),
            _ => None,
        }
    }

    pub fn get_bool(&self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn cards(&self) -> &[Card] {
        &self.cards
    }
}

/// Reads the header that starts at `start` (a block boundary). Returns the header and the
/// offset of the block after the END card's block, where the data begin.
pub fn parse_header(bytes: &[u8], start: usize, hdu: usize) -> Result<(Header, usize), FitsError> {
    let mut cards: Vec<Card> = Vec::new();
    let mut at = start;
    let mut number = 0;
    loop {
        let Some(raw) = bytes.get(at..at + CARD) else {
            return Err(FitsError::HeaderCut {
                hdu,
                file_len: bytes.len(),
            });
        };
        number += 1;
        let card_at = at;
        let bad = |cause: String| FitsError::BadCard {
            hdu,
            card: number,
            offset: card_at,
            cause,
        };
        if let Some(pos) = raw.iter().position(|b| !(0x20..=0x7e).contains(b)) {
            return Err(bad(format!(
                "byte 0x{:02x} at column {} is not printable ASCII",
                raw[pos],
                pos + 1
            )));
        }
        // Checked above: every byte is printable ASCII, so this is valid UTF-8.
        let text = std::str::from_utf8(raw).map_err(|e| bad(e.to_string()))?;
        at += CARD;
        let key = text[..8].trim_end();
        if key == "END" && text[8..].trim().is_empty() {
            // The header's last block must be whole: a file cut inside it is cut.
            let data = at.div_ceil(BLOCK) * BLOCK;
            if data > bytes.len() {
                return Err(FitsError::HeaderCut {
                    hdu,
                    file_len: bytes.len(),
                });
            }
            return Ok((Header { cards }, data));
        }
        if key == "CONTINUE" {
            if let Some(prev) = continued(&mut cards) {
                let (value, comment) = parse_value(&text[8..]).map_err(bad)?;
                if let Some(Value::Str(more)) = value {
                    append_long_string(prev, &more, comment);
                    continue;
                }
            }
            // A CONTINUE that does not continue a string is commentary (FITS 4.0 §4.2.1.2).
            cards.push(commentary(key, text, number));
            continue;
        }
        if key.eq_ignore_ascii_case("HIERARCH") {
            cards.push(hierarch(text, number).map_err(bad)?);
            continue;
        }
        if let Some(pos) = key
            .bytes()
            .position(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        {
            return Err(bad(format!(
                "the keyword {key:?} has a character {:?} that keywords cannot have",
                key.as_bytes()[pos] as char
            )));
        }
        if matches!(key, "COMMENT" | "HISTORY" | "") || &text[8..10] != "= " {
            cards.push(commentary(key, text, number));
            continue;
        }
        let (value, comment) = parse_value(&text[10..]).map_err(bad)?;
        cards.push(Card {
            key: key.to_ascii_uppercase(),
            value: Some(value.unwrap_or(Value::Undefined)),
            comment,
            number,
        });
    }
}

/// A card without a value: its text after the keyword is kept as the comment.
fn commentary(key: &str, text: &str, number: usize) -> Card {
    Card {
        key: key.to_owned(),
        value: None,
        comment: Some(text[8..].trim_end().to_owned()),
        number,
    }
}

/// The previous card, if it is a string value that ends with the `&` of a long string.
fn continued(cards: &mut [Card]) -> Option<&mut Card> {
    let last = cards.last_mut()?;
    match &last.value {
        Some(Value::Str(s)) if s.ends_with('&') => Some(last),
        _ => None,
    }
}

fn append_long_string(card: &mut Card, more: &str, comment: Option<String>) {
    if let Some(Value::Str(s)) = &mut card.value {
        s.pop();
        s.push_str(more);
    }
    if let Some(c) = comment {
        match &mut card.comment {
            Some(old) => {
                old.push(' ');
                old.push_str(&c);
            }
            None => card.comment = Some(c),
        }
    }
}

/// `HIERARCH ESO DET CHIP NAME = 'x' / comment`: the key is the words before `=`.
fn hierarch(text: &str, number: usize) -> Result<Card, String> {
    let rest = &text[8..];
    match rest.find('=') {
        Some(eq) if !rest[..eq].contains('\'') => {
            let key = rest[..eq].split_whitespace().collect::<Vec<_>>().join(" ");
            let (value, comment) = parse_value(&rest[eq + 1..])?;
            Ok(Card {
                key: key.to_ascii_uppercase(),
                value: Some(value.unwrap_or(Value::Undefined)),
                comment,
                number,
            })
        }
        _ => Ok(Card {
            key: "HIERARCH".to_owned(),
            value: None,
            comment: Some(rest.trim_end().to_owned()),
            number,
        }),
    }
}

/// Reads a value field (what follows `= `): the value, and the comment after `/`.
fn parse_value(field: &str) -> Result<(Option<Value>, Option<String>), String> {
    let s = field.trim_start();
    if let Some(body) = s.strip_prefix('\'') {
        let mut out = String::new();
        let mut chars = body.char_indices();
        let mut end = None;
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if body[i + 1..].starts_with('\'') {
                    out.push('\'');
                    chars.next();
                } else {
                    end = Some(i + 1);
                    break;
                }
            } else {
                out.push(c);
            }
        }
        let Some(end) = end else {
            return Err("a string value has no closing quote".to_owned());
        };
        let after = body[end..].trim_start();
        let comment = match after.strip_prefix('/') {
            Some(c) => Some(c.trim().to_owned()),
            None if after.is_empty() => None,
            // Text after the closing quote without '/': a comment, written carelessly.
            None => Some(after.trim_end().to_owned()),
        };
        let trimmed = out.trim_end_matches(' ').len();
        out.truncate(trimmed);
        return Ok((Some(Value::Str(out)), comment));
    }
    let (raw, comment) = match s.find('/') {
        Some(p) => (s[..p].trim(), Some(s[p + 1..].trim().to_owned())),
        None => (s.trim(), None),
    };
    if raw.is_empty() {
        return Ok((None, comment));
    }
    Ok((Some(scalar(raw)), comment))
}

fn scalar(raw: &str) -> Value {
    match raw {
        "T" => return Value::Bool(true),
        "F" => return Value::Bool(false),
        _ => {}
    }
    if let Some(inner) = raw.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        if let Some((re, im)) = inner.split_once(',') {
            if let (Some(re), Some(im)) = (number(re.trim()), number(im.trim())) {
                return Value::Complex(re.as_f64(), im.as_f64());
            }
        }
        return Value::Unparsed(raw.to_owned());
    }
    match number(raw) {
        Some(n) => n,
        None => Value::Unparsed(raw.to_owned()),
    }
}

impl Value {
    fn as_f64(&self) -> f64 {
        match self {
            Value::Int(i) => *i as f64,
            Value::Float(v) => *v,
            _ => f64::NAN,
        }
    }
}

/// An integer or a FITS real (`1.`, `.5`, `1.0E+3`, `1.0D-3`); not Rust's `inf`/`nan`.
fn number(raw: &str) -> Option<Value> {
    let digits = raw.strip_prefix(['+', '-']).unwrap_or(raw);
    if digits.is_empty() {
        return None;
    }
    if digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(match raw.parse::<i64>() {
            Ok(i) => Value::Int(i),
            // Past i64: keep the magnitude as a float.
            Err(_) => Value::Float(raw.parse::<f64>().ok()?),
        });
    }
    let (mantissa, exponent) = match digits.find(['E', 'e', 'D', 'd']) {
        Some(p) => (&digits[..p], Some(&digits[p + 1..])),
        None => (digits, None),
    };
    let mantissa_ok = mantissa.bytes().any(|b| b.is_ascii_digit())
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && mantissa.bytes().filter(|&b| b == b'.').count() <= 1;
    let exponent_ok = exponent.is_none_or(|e| {
        let d = e.strip_prefix(['+', '-']).unwrap_or(e);
        !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())
    });
    if !(mantissa_ok && exponent_ok) {
        return None;
    }
    let normal = raw.replace(['D', 'd'], "E");
    normal.parse::<f64>().ok().map(Value::Float)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A header from card texts, each padded to 80 columns, END added, padded to a block.
    pub(crate) fn block(cards: &[&str]) -> Vec<u8> {
        let mut out = Vec::new();
        for c in cards.iter().chain(std::iter::once(&"END")) {
            let mut c = c.as_bytes().to_vec();
            c.resize(CARD, b' ');
            out.extend_from_slice(&c);
        }
        out.resize(out.len().div_ceil(BLOCK) * BLOCK, b' ');
        out
    }

    fn header(cards: &[&str]) -> Header {
        parse_header(&block(cards), 0, 0).unwrap().0
    }

    #[test]
    fn values_of_every_kind() {
        let h = header(&[
            "SIMPLE  =                    T / conforms",
            "TSTART  =           123890826. / MET",
            "BIG     =              1.0E+3",
            "DEXP    =              2.5D-2",
            "HALF    = .5",
            "NEG     =                  -42 / an integer",
            "HUGE    = 123456789012345678901234",
            "NAME    = 'O''Hara  '           / a quote inside",
            "LEADING = '  x'",
            "EMPTY   = ''",
            "CPLX    = (1.5, -2)",
            "UNDEF   =                      / nothing",
            "DATE    = 2020-01-01",
            "INF     = inf",
            "COMMENT   free text, = not a value",
            "HISTORY written by a test",
            "        blank keyword",
            "NOEQ     7",
        ]);
        assert_eq!(h.get_bool("simple"), Some(true));
        assert_eq!(h.get_f64("TSTART"), Some(123890826.0));
        assert_eq!(h.get("TSTART"), Some(&Value::Float(123890826.0)));
        assert_eq!(h.get_i64("TSTART"), Some(123890826));
        assert_eq!(h.get_f64("BIG"), Some(1000.0));
        assert_eq!(h.get_f64("DEXP"), Some(0.025));
        assert_eq!(h.get_f64("HALF"), Some(0.5));
        assert_eq!(h.get_i64("NEG"), Some(-42));
        assert_eq!(
            h.card("NEG").unwrap().comment.as_deref(),
            Some("an integer")
        );
        assert_eq!(h.get_f64("HUGE"), Some(1.2345678901234568e23));
        assert_eq!(h.get_i64("HUGE"), None);
        assert_eq!(h.get_str("NAME"), Some("O'Hara"));
        assert_eq!(h.get_str("LEADING"), Some("  x"));
        assert_eq!(h.get_str("EMPTY"), Some(""));
        assert_eq!(h.get("CPLX"), Some(&Value::Complex(1.5, -2.0)));
        assert_eq!(h.get("UNDEF"), Some(&Value::Undefined));
        assert_eq!(h.get("DATE"), Some(&Value::Unparsed("2020-01-01".into())));
        assert_eq!(h.get_f64("INF"), None);
        assert_eq!(h.get_str("TSTART"), None);
        let commentary: Vec<&str> = h
            .cards()
            .iter()
            .filter(|c| c.value.is_none())
            .map(|c| c.key.as_str())
            .collect();
        assert_eq!(commentary, ["COMMENT", "HISTORY", "", "NOEQ"]);
        assert_eq!(
            h.cards()[14].comment.as_deref(),
            Some("  free text, = not a value")
        );
        assert_eq!(h.cards()[14].number, 15);
    }

    #[test]
    fn long_strings_and_hierarch() {
        let h = header(&[
            "LONG    = 'abc&'  / first",
            "CONTINUE  'def&'",
            "CONTINUE  'ghi' / last",
            "CONTINUE  'orphan'",
            "HIERARCH ESO DET CHIP NAME = 'CCD 1' / chip",
            "HIERARCH ESO TEL ALT = 45.5",
        ]);
        assert_eq!(h.get_str("LONG"), Some("abcdefghi"));
        assert_eq!(
            h.card("LONG").unwrap().comment.as_deref(),
            Some("first last")
        );
        assert_eq!(h.get_str("ESO DET CHIP NAME"), Some("CCD 1"));
        assert_eq!(h.get_f64("eso tel alt"), Some(45.5));
        assert_eq!(h.cards()[1].key, "CONTINUE");
        assert_eq!(h.cards()[1].number, 4);
        assert_eq!(h.cards().len(), 4);
    }

    #[test]
    fn corrupt_cards_are_refused_with_their_place() {
        let bytes = block(&["SIMPLE  = T", "BAD     = 'no end"]);
        let e = parse_header(&bytes, 0, 0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "HDU 0, card 2 (byte 80): a string value has no closing quote: the header is corrupt"
        );
        let mut bytes = block(&["SIMPLE  = T", "GOOD    = 1", "NAME    = 'x'"]);
        bytes[165] = 0xff;
        let e = parse_header(&bytes, 0, 3).unwrap_err();
        assert!(
            matches!(
                e,
                FitsError::BadCard {
                    hdu: 3,
                    card: 3,
                    offset: 160,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e.to_string().contains("0xff at column 6"), "{e}");
        let e = parse_header(&block(&["NA(XIS  = 3"]), 0, 0).unwrap_err();
        assert!(e.to_string().contains("'('"), "{e}");
    }

    #[test]
    fn a_header_without_end_is_cut() {
        let bytes = block(&["SIMPLE  = T"]);
        let e = parse_header(&bytes[..2800], 0, 0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "HDU 0: the file ends at byte 2800, inside the header: the file is cut"
        );
        let (h, data) = parse_header(&bytes, 0, 0).unwrap();
        assert_eq!((h.cards().len(), data), (1, 2880));
    }
}
