//! The ObsCore cone search the query form generates.

use super::quote::{identifier, number, table_name};

/// `SELECT TOP n * FROM table WHERE 1=CONTAINS(POINT('ICRS', ra_col, dec_col),
/// CIRCLE('ICRS', ra, dec, radius))`, in degrees.
#[derive(Clone, Debug, PartialEq)]
pub struct ConeQuery {
    pub table: String,
    pub ra_column: String,
    pub dec_column: String,
    pub ra: f64,
    pub dec: f64,
    pub radius: f64,
    pub top: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConeError {
    NotFinite(&'static str),
    RaOutOfRange,
    DecOutOfRange,
    RadiusOutOfRange,
}

impl std::fmt::Display for ConeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConeError::NotFinite(what) => write!(f, "the {what} is not a number"),
            ConeError::RaOutOfRange => f.write_str("RA must be between 0 and 360 degrees"),
            ConeError::DecOutOfRange => f.write_str("Dec must be between -90 and +90 degrees"),
            ConeError::RadiusOutOfRange => {
                f.write_str("the radius must be greater than 0 and at most 180 degrees")
            }
        }
    }
}

impl ConeQuery {
    /// An ObsCore cone around a position.
    pub fn obscore(ra: f64, dec: f64, radius: f64, top: Option<u64>) -> ConeQuery {
        ConeQuery {
            table: "ivoa.obscore".into(),
            ra_column: "s_ra".into(),
            dec_column: "s_dec".into(),
            ra,
            dec,
            radius,
            top,
        }
    }

    pub fn to_adql(&self) -> Result<String, ConeError> {
        let ra = number(self.ra).ok_or(ConeError::NotFinite("RA"))?;
        let dec = number(self.dec).ok_or(ConeError::NotFinite("Dec"))?;
        let radius = number(self.radius).ok_or(ConeError::NotFinite("radius"))?;
        if !(0.0..=360.0).contains(&self.ra) {
            return Err(ConeError::RaOutOfRange);
        }
        if !(-90.0..=90.0).contains(&self.dec) {
            return Err(ConeError::DecOutOfRange);
        }
        if !(self.radius > 0.0 && self.radius <= 180.0) {
            return Err(ConeError::RadiusOutOfRange);
        }
        let top = self.top.map(|n| format!("TOP {n} ")).unwrap_or_default();
        Ok(format!(
            "SELECT {top}* FROM {} WHERE 1=CONTAINS(POINT('ICRS', {}, {}), CIRCLE('ICRS', {ra}, {dec}, {radius}))",
            table_name(&self.table),
            identifier(&self.ra_column),
            identifier(&self.dec_column),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crab_cone() {
        let q = ConeQuery::obscore(83.63308, 22.0145, 0.5, Some(1000));
        assert_eq!(
            q.to_adql().unwrap(),
            "SELECT TOP 1000 * FROM ivoa.obscore WHERE 1=CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 83.63308, 22.0145, 0.5))"
        );
    }

    #[test]
    fn bad_positions_are_refused() {
        assert_eq!(
            ConeQuery::obscore(f64::NAN, 0.0, 1.0, None).to_adql(),
            Err(ConeError::NotFinite("RA"))
        );
        assert_eq!(
            ConeQuery::obscore(10.0, 95.0, 1.0, None).to_adql(),
            Err(ConeError::DecOutOfRange)
        );
        assert_eq!(
            ConeQuery::obscore(10.0, 5.0, 0.0, None).to_adql(),
            Err(ConeError::RadiusOutOfRange)
        );
    }
}
