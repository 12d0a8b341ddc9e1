//! VOTable primitive datatypes and `arraysize` shapes (VOTable 1.5 §2.1, §2.2).

use std::fmt;

/// The primitive datatypes of VOTable, plus the two non-standard spellings
/// (`string`, `unicodeString`) that real services still emit and astropy accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Datatype {
    Boolean,
    Bit,
    UnsignedByte,
    Short,
    Int,
    Long,
    Char,
    UnicodeChar,
    Float,
    Double,
    FloatComplex,
    DoubleComplex,
}

impl Datatype {
    /// Parses a `datatype` attribute. `None` means the name is not a VOTable datatype.
    pub fn parse(name: &str) -> Option<Datatype> {
        Some(match name {
            "boolean" => Datatype::Boolean,
            "bit" => Datatype::Bit,
            "unsignedByte" => Datatype::UnsignedByte,
            "short" => Datatype::Short,
            "int" => Datatype::Int,
            "long" => Datatype::Long,
            "char" | "string" => Datatype::Char,
            "unicodeChar" | "unicodeString" => Datatype::UnicodeChar,
            "float" => Datatype::Float,
            "double" => Datatype::Double,
            "floatComplex" => Datatype::FloatComplex,
            "doubleComplex" => Datatype::DoubleComplex,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Datatype::Boolean => "boolean",
            Datatype::Bit => "bit",
            Datatype::UnsignedByte => "unsignedByte",
            Datatype::Short => "short",
            Datatype::Int => "int",
            Datatype::Long => "long",
            Datatype::Char => "char",
            Datatype::UnicodeChar => "unicodeChar",
            Datatype::Float => "float",
            Datatype::Double => "double",
            Datatype::FloatComplex => "floatComplex",
            Datatype::DoubleComplex => "doubleComplex",
        }
    }

    /// Size in bytes of one element in the BINARY serializations; `bit` is packed
    /// and handled separately.
    pub fn binary_size(self) -> usize {
        match self {
            Datatype::Boolean | Datatype::Bit | Datatype::UnsignedByte | Datatype::Char => 1,
            Datatype::Short | Datatype::UnicodeChar => 2,
            Datatype::Int | Datatype::Float => 4,
            Datatype::Long | Datatype::Double | Datatype::FloatComplex => 8,
            Datatype::DoubleComplex => 16,
        }
    }

    pub fn is_text(self) -> bool {
        matches!(self, Datatype::Char | Datatype::UnicodeChar)
    }

    pub fn is_integer(self) -> bool {
        matches!(
            self,
            Datatype::UnsignedByte | Datatype::Short | Datatype::Int | Datatype::Long
        )
    }

    pub fn is_complex(self) -> bool {
        matches!(self, Datatype::FloatComplex | Datatype::DoubleComplex)
    }
}

impl fmt::Display for Datatype {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed `arraysize`: `"10"`, `"*"`, `"10*"`, `"3x4"`, `"3x*"`, `"2x3x5*"`.
///
/// The last dimension varies fastest in memory order is *not* what VOTable says: the
/// FIRST dimension varies fastest (FITS order). We only need the element counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArraySize {
    /// All dimensions; the last one is the upper bound (or 0 when unbounded) if `variable`.
    pub dims: Vec<u32>,
    /// The last dimension is variable (`*` or `n*`).
    pub variable: bool,
}

impl ArraySize {
    pub fn parse(text: &str) -> Result<ArraySize, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("empty arraysize".into());
        }
        let parts: Vec<&str> = text.split('x').collect();
        let mut dims = Vec::with_capacity(parts.len());
        let mut variable = false;
        for (i, part) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            let (num, star) = match part.strip_suffix('*') {
                Some(n) => (n, true),
                None => (*part, false),
            };
            if star && !last {
                return Err(format!(
                    "arraysize {text:?}: only the last dimension may be variable"
                ));
            }
            let n = if num.is_empty() {
                if !star {
                    return Err(format!("arraysize {text:?}: empty dimension"));
                }
                0
            } else {
                num.parse::<u32>()
                    .map_err(|_| format!("arraysize {text:?}: {num:?} is not a count"))?
            };
            if !star && n == 0 {
                return Err(format!("arraysize {text:?}: a fixed dimension of 0"));
            }
            variable |= star;
            dims.push(n);
        }
        Ok(ArraySize { dims, variable })
    }

    /// Number of elements in one row when the size is fixed.
    pub fn fixed_count(&self) -> Option<usize> {
        if self.variable {
            None
        } else {
            Some(self.dims.iter().map(|&d| d as usize).product())
        }
    }

    /// Elements per step of the last (possibly variable) dimension: the product of all
    /// dimensions but the last. A BINARY count prefix counts these steps, as astropy reads it.
    pub fn inner_count(&self) -> usize {
        self.dims[..self.dims.len() - 1]
            .iter()
            .map(|&d| d as usize)
            .product()
    }

    /// `arraysize="1"` on a number is a scalar in every reader we compare with.
    pub fn is_single(&self) -> bool {
        !self.variable && self.dims == [1]
    }

    pub fn is_multi_dim(&self) -> bool {
        self.dims.len() > 1
    }
}

impl fmt::Display for ArraySize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.dims.iter().enumerate() {
            if i > 0 {
                f.write_str("x")?;
            }
            let last = i + 1 == self.dims.len();
            if last && self.variable {
                if *d > 0 {
                    write!(f, "{d}")?;
                }
                f.write_str("*")?;
            } else {
                write!(f, "{d}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arraysize_forms() {
        let a = ArraySize::parse("*").unwrap();
        assert!(a.variable);
        assert_eq!(a.inner_count(), 1);
        let a = ArraySize::parse("10*").unwrap();
        assert!(a.variable);
        assert_eq!(a.dims, vec![10]);
        let a = ArraySize::parse("3x4").unwrap();
        assert_eq!(a.fixed_count(), Some(12));
        let a = ArraySize::parse("3x2x*").unwrap();
        assert_eq!(a.inner_count(), 6);
        assert_eq!(a.to_string(), "3x2x*");
        assert!(ArraySize::parse("*x3").is_err());
        assert!(ArraySize::parse("abc").is_err());
        assert!(ArraySize::parse("0").is_err());
        assert!(ArraySize::parse("1").unwrap().is_single());
    }

    #[test]
    fn datatype_names_round_trip() {
        for name in [
            "boolean",
            "bit",
            "unsignedByte",
            "short",
            "int",
            "long",
            "char",
            "unicodeChar",
            "float",
            "double",
            "floatComplex",
            "doubleComplex",
        ] {
            assert_eq!(Datatype::parse(name).unwrap().as_str(), name);
        }
        assert_eq!(Datatype::parse("string"), Some(Datatype::Char));
        assert_eq!(Datatype::parse("bar"), None);
    }
}
