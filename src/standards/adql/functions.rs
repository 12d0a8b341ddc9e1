//! The functions ADQL 2.1 defines (§2.3, §2.4, §4), with how many arguments each takes
//! and what it returns, for checking calls and for the editor's completion.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arity {
    Exactly(usize),
    Between(usize, usize),
    AtLeast(usize),
    /// CIRCLE(point, r) | CIRCLE(ra, dec, r) | CIRCLE(frame, ra, dec, r)
    Circle,
    /// POLYGON([frame,] coordinate pairs…) | POLYGON([frame,] points…)
    Polygon,
}

#[derive(Clone, Copy, Debug)]
pub struct Function {
    pub name: &'static str,
    pub arity: Arity,
    pub returns: Ty,
    /// Shown by the editor's completion.
    pub signature: &'static str,
}

use Arity::*;
use Ty::*;

/// The type of a value expression, as far as syntax can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Numeric,
    Str,
    Geometry,
    Null,
    Unknown,
}

pub const FUNCTIONS: &[Function] = &[
    // Mathematical and trigonometric (§2.3)
    Function {
        name: "ABS",
        arity: Exactly(1),
        returns: Numeric,
        signature: "ABS(x)",
    },
    Function {
        name: "ACOS",
        arity: Exactly(1),
        returns: Numeric,
        signature: "ACOS(x)",
    },
    Function {
        name: "ASIN",
        arity: Exactly(1),
        returns: Numeric,
        signature: "ASIN(x)",
    },
    Function {
        name: "ATAN",
        arity: Exactly(1),
        returns: Numeric,
        signature: "ATAN(x)",
    },
    Function {
        name: "ATAN2",
        arity: Exactly(2),
        returns: Numeric,
        signature: "ATAN2(y, x)",
    },
    Function {
        name: "CEILING",
        arity: Exactly(1),
        returns: Numeric,
        signature: "CEILING(x)",
    },
    Function {
        name: "COS",
        arity: Exactly(1),
        returns: Numeric,
        signature: "COS(x)",
    },
    Function {
        name: "COT",
        arity: Exactly(1),
        returns: Numeric,
        signature: "COT(x)",
    },
    Function {
        name: "DEGREES",
        arity: Exactly(1),
        returns: Numeric,
        signature: "DEGREES(radians)",
    },
    Function {
        name: "EXP",
        arity: Exactly(1),
        returns: Numeric,
        signature: "EXP(x)",
    },
    Function {
        name: "FLOOR",
        arity: Exactly(1),
        returns: Numeric,
        signature: "FLOOR(x)",
    },
    Function {
        name: "LOG",
        arity: Exactly(1),
        returns: Numeric,
        signature: "LOG(x)",
    },
    Function {
        name: "LOG10",
        arity: Exactly(1),
        returns: Numeric,
        signature: "LOG10(x)",
    },
    Function {
        name: "MOD",
        arity: Exactly(2),
        returns: Numeric,
        signature: "MOD(x, y)",
    },
    Function {
        name: "PI",
        arity: Exactly(0),
        returns: Numeric,
        signature: "PI()",
    },
    Function {
        name: "POWER",
        arity: Exactly(2),
        returns: Numeric,
        signature: "POWER(x, y)",
    },
    Function {
        name: "RADIANS",
        arity: Exactly(1),
        returns: Numeric,
        signature: "RADIANS(degrees)",
    },
    Function {
        name: "RAND",
        arity: Between(0, 1),
        returns: Numeric,
        signature: "RAND([seed])",
    },
    Function {
        name: "ROUND",
        arity: Between(1, 2),
        returns: Numeric,
        signature: "ROUND(x[, digits])",
    },
    Function {
        name: "SIN",
        arity: Exactly(1),
        returns: Numeric,
        signature: "SIN(x)",
    },
    Function {
        name: "SQRT",
        arity: Exactly(1),
        returns: Numeric,
        signature: "SQRT(x)",
    },
    Function {
        name: "TAN",
        arity: Exactly(1),
        returns: Numeric,
        signature: "TAN(x)",
    },
    Function {
        name: "TRUNCATE",
        arity: Between(1, 2),
        returns: Numeric,
        signature: "TRUNCATE(x[, digits])",
    },
    // Aggregates
    Function {
        name: "AVG",
        arity: Exactly(1),
        returns: Numeric,
        signature: "AVG([DISTINCT] x)",
    },
    Function {
        name: "COUNT",
        arity: Exactly(1),
        returns: Numeric,
        signature: "COUNT(* | [DISTINCT] x)",
    },
    Function {
        name: "MAX",
        arity: Exactly(1),
        returns: Unknown,
        signature: "MAX(x)",
    },
    Function {
        name: "MIN",
        arity: Exactly(1),
        returns: Unknown,
        signature: "MIN(x)",
    },
    Function {
        name: "SUM",
        arity: Exactly(1),
        returns: Numeric,
        signature: "SUM([DISTINCT] x)",
    },
    // Strings (§4.4 in 2.1)
    Function {
        name: "LOWER",
        arity: Exactly(1),
        returns: Str,
        signature: "LOWER(s)",
    },
    Function {
        name: "UPPER",
        arity: Exactly(1),
        returns: Str,
        signature: "UPPER(s)",
    },
    // Geometry (§2.4, §4.2)
    Function {
        name: "AREA",
        arity: Exactly(1),
        returns: Numeric,
        signature: "AREA(region)",
    },
    Function {
        name: "BOX",
        arity: Between(3, 5),
        returns: Geometry,
        signature: "BOX(['frame',] ra, dec, width, height)",
    },
    Function {
        name: "CENTROID",
        arity: Exactly(1),
        returns: Geometry,
        signature: "CENTROID(region)",
    },
    Function {
        name: "CIRCLE",
        arity: Circle,
        returns: Geometry,
        signature: "CIRCLE(['frame',] ra, dec, radius)",
    },
    Function {
        name: "CONTAINS",
        arity: Exactly(2),
        returns: Numeric,
        signature: "CONTAINS(inner, outer)",
    },
    Function {
        name: "COORD1",
        arity: Exactly(1),
        returns: Numeric,
        signature: "COORD1(point)",
    },
    Function {
        name: "COORD2",
        arity: Exactly(1),
        returns: Numeric,
        signature: "COORD2(point)",
    },
    Function {
        name: "COORDSYS",
        arity: Exactly(1),
        returns: Str,
        signature: "COORDSYS(geometry)",
    },
    Function {
        name: "DISTANCE",
        arity: Between(2, 4),
        returns: Numeric,
        signature: "DISTANCE(point, point)",
    },
    Function {
        name: "INTERSECTS",
        arity: Exactly(2),
        returns: Numeric,
        signature: "INTERSECTS(region, region)",
    },
    Function {
        name: "POINT",
        arity: Between(2, 3),
        returns: Geometry,
        signature: "POINT(['frame',] ra, dec)",
    },
    Function {
        name: "POLYGON",
        arity: Polygon,
        returns: Geometry,
        signature: "POLYGON(['frame',] ra1, dec1, ra2, dec2, ra3, dec3, …)",
    },
    Function {
        name: "REGION",
        arity: Exactly(1),
        returns: Geometry,
        signature: "REGION('STC-S text')",
    },
    // Conditional and units (2.1 optional features). NULLIF, GREATEST and LEAST of the 2018
    // draft are not in the REC: they are user-defined functions where a service has them.
    Function {
        name: "COALESCE",
        arity: AtLeast(1),
        returns: Unknown,
        signature: "COALESCE(x, y, …)",
    },
    Function {
        name: "IN_UNIT",
        arity: Exactly(2),
        returns: Numeric,
        signature: "IN_UNIT(x, 'unit')",
    },
];

pub fn lookup(upper_name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == upper_name)
}
