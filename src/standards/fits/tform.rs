//! Binary-table column formats, TFORMn (FITS 4.0 §7.3.1): `rT`, and `rPt(max)` / `rQt(max)`
//! for variable-length arrays whose elements live in the heap.

use std::fmt;

/// The data type letter of a column or of a variable-length array's elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeCode {
    /// `L`: one byte, 'T', 'F' or 0 (null).
    Logical,
    /// `X`: bits, packed from the most significant bit, whole bytes per cell.
    Bit,
    /// `B`: unsigned byte.
    Byte,
    /// `I`: 16-bit integer.
    Short,
    /// `J`: 32-bit integer.
    Int,
    /// `K`: 64-bit integer.
    Long,
    /// `A`: ASCII characters.
    Char,
    /// `E`: IEEE 754 single.
    Float,
    /// `D`: IEEE 754 double.
    Double,
    /// `C`: a pair of singles.
    ComplexFloat,
    /// `M`: a pair of doubles.
    ComplexDouble,
}

impl TypeCode {
    pub fn from_letter(c: u8) -> Option<TypeCode> {
        Some(match c {
            b'L' => TypeCode::Logical,
            b'X' => TypeCode::Bit,
            b'B' => TypeCode::Byte,
            b'I' => TypeCode::Short,
            b'J' => TypeCode::Int,
            b'K' => TypeCode::Long,
            b'A' => TypeCode::Char,
            b'E' => TypeCode::Float,
            b'D' => TypeCode::Double,
            b'C' => TypeCode::ComplexFloat,
            b'M' => TypeCode::ComplexDouble,
            _ => return None,
        })
    }

    pub fn letter(self) -> char {
        match self {
            TypeCode::Logical => 'L',
            TypeCode::Bit => 'X',
            TypeCode::Byte => 'B',
            TypeCode::Short => 'I',
            TypeCode::Int => 'J',
            TypeCode::Long => 'K',
            TypeCode::Char => 'A',
            TypeCode::Float => 'E',
            TypeCode::Double => 'D',
            TypeCode::ComplexFloat => 'C',
            TypeCode::ComplexDouble => 'M',
        }
    }

    /// Bytes of one element; bits are counted by [`TypeCode::bytes_for`].
    pub fn size(self) -> usize {
        match self {
            TypeCode::Logical | TypeCode::Bit | TypeCode::Byte | TypeCode::Char => 1,
            TypeCode::Short => 2,
            TypeCode::Int | TypeCode::Float => 4,
            TypeCode::Long | TypeCode::Double | TypeCode::ComplexFloat => 8,
            TypeCode::ComplexDouble => 16,
        }
    }

    /// Bytes that `count` elements take (bits are packed into whole bytes).
    pub fn bytes_for(self, count: usize) -> Option<usize> {
        match self {
            TypeCode::Bit => Some(count.div_ceil(8)),
            t => count.checked_mul(t.size()),
        }
    }

    pub fn is_integer(self) -> bool {
        matches!(
            self,
            TypeCode::Byte | TypeCode::Short | TypeCode::Int | TypeCode::Long
        )
    }
}

/// The heap part of a `P`/`Q` column: each row holds a descriptor (count, offset) of
/// 2×32 bits (`P`) or 2×64 bits (`Q`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VarArray {
    pub element: TypeCode,
    /// `Q` (64-bit descriptor) rather than `P`.
    pub long: bool,
    /// The `(max)` the writer declared, if any; a hint, not a limit that is checked.
    pub max: Option<usize>,
}

/// One parsed TFORMn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tform {
    /// Elements per row (for `A` characters, for `X` bits, for `P`/`Q` descriptors).
    pub repeat: usize,
    pub code: TypeCode,
    /// Set for `P`/`Q` columns; `code` is then the element type.
    pub array: Option<VarArray>,
}

impl Tform {
    /// Parses `rT`, `rPt(max)`, `rQt(max)`, with `r` optional (1), blanks around allowed.
    pub fn parse(text: &str) -> Result<Tform, String> {
        let t = text.trim();
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        let repeat = if digits == 0 {
            1
        } else {
            t[..digits]
                .parse::<usize>()
                .map_err(|_| format!("the repeat count {:?} is too large", &t[..digits]))?
        };
        let rest = &t.as_bytes()[digits..];
        let Some(&letter) = rest.first() else {
            return Err("there is no data type letter after the repeat count".to_owned());
        };
        if letter == b'P' || letter == b'Q' {
            let Some(element) = rest.get(1).copied().and_then(TypeCode::from_letter) else {
                return Err(format!(
                    "a variable-length array ({}) needs an element type L X B I J K A E D C M after it",
                    letter as char
                ));
            };
            if repeat > 1 {
                return Err("a variable-length array column has a repeat count above 1".to_owned());
            }
            let tail = t[digits + 2..].trim();
            let max = if tail.is_empty() {
                None
            } else {
                let inner = tail
                    .strip_prefix('(')
                    .and_then(|s| s.strip_suffix(')'))
                    .ok_or_else(|| format!("{tail:?} after the element type is not (max)"))?;
                Some(
                    inner
                        .trim()
                        .parse::<usize>()
                        .map_err(|_| format!("the maximum length {inner:?} is not a count"))?,
                )
            };
            return Ok(Tform {
                repeat,
                code: element,
                array: Some(VarArray {
                    element,
                    long: letter == b'Q',
                    max,
                }),
            });
        }
        let Some(code) = TypeCode::from_letter(letter) else {
            return Err(format!(
                "{:?} is not a data type letter (L X B I J K A E D C M P Q)",
                letter as char
            ));
        };
        // Anything after the letter is reserved; `A` may carry a TDISP-like `rAw` (astropy
        // and cfitsio accept and ignore it for strings).
        let tail = t[digits + 1..].trim();
        let width_of_a = code == TypeCode::Char && tail.bytes().all(|b| b.is_ascii_digit());
        if !tail.is_empty() && !width_of_a {
            return Err(format!("unexpected {tail:?} after the data type letter"));
        }
        Ok(Tform {
            repeat,
            code,
            array: None,
        })
    }

    /// Bytes the column takes in each row.
    pub fn width(&self) -> Option<usize> {
        match self.array {
            Some(VarArray { long: false, .. }) => self.repeat.checked_mul(8),
            Some(VarArray { long: true, .. }) => self.repeat.checked_mul(16),
            None => self.code.bytes_for(self.repeat),
        }
    }
}

impl fmt::Display for Tform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.array {
            Some(v) => {
                write!(
                    f,
                    "{}{}{}",
                    self.repeat,
                    if v.long { 'Q' } else { 'P' },
                    v.element.letter()
                )?;
                if let Some(m) = v.max {
                    write!(f, "({m})")?;
                }
                Ok(())
            }
            None => write!(f, "{}{}", self.repeat, self.code.letter()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_with_and_without_repeat() {
        for (text, repeat, letter, width) in [
            ("L", 1, 'L', 1),
            ("16X", 16, 'X', 2),
            ("9X", 9, 'X', 2),
            ("B", 1, 'B', 1),
            ("3I", 3, 'I', 6),
            ("1J", 1, 'J', 4),
            ("K", 1, 'K', 8),
            ("18A", 18, 'A', 18),
            ("1E", 1, 'E', 4),
            ("92160E", 92160, 'E', 368640),
            ("2D", 2, 'D', 16),
            ("C", 1, 'C', 8),
            ("M", 1, 'M', 16),
            (" 0J ", 0, 'J', 0),
            ("20A8", 20, 'A', 20),
        ] {
            let t = Tform::parse(text).unwrap();
            assert_eq!(
                (t.repeat, t.code.letter(), t.width()),
                (repeat, letter, Some(width)),
                "{text}"
            );
            assert!(t.array.is_none());
        }
    }

    #[test]
    fn variable_length_arrays() {
        let t = Tform::parse("1PE(12)").unwrap();
        assert_eq!(
            t.array,
            Some(VarArray {
                element: TypeCode::Float,
                long: false,
                max: Some(12)
            })
        );
        assert_eq!((t.width(), t.to_string()), (Some(8), "1PE(12)".to_owned()));
        let t = Tform::parse("QD").unwrap();
        assert_eq!(
            t.array,
            Some(VarArray {
                element: TypeCode::Double,
                long: true,
                max: None
            })
        );
        assert_eq!(t.width(), Some(16));
        assert_eq!(
            Tform::parse("PA( 30 )").unwrap().array.unwrap().max,
            Some(30)
        );
    }

    #[test]
    fn bad_forms_say_what_is_wrong() {
        for (text, says) in [
            ("", "no data type letter"),
            ("12", "no data type letter"),
            ("3Z", "'Z' is not a data type letter"),
            ("PZ", "needs an element type"),
            ("2PE", "repeat count above 1"),
            ("PE(x)", "\"x\" is not a count"),
            ("PE12", "is not (max)"),
            ("3EE", "unexpected \"E\""),
            ("99999999999999999999999E", "too large"),
        ] {
            let e = Tform::parse(text).unwrap_err();
            assert!(e.contains(says), "{text}: {e}");
        }
        assert_eq!(Tform::parse("9999999999999999999E").unwrap().width(), None);
    }
}
