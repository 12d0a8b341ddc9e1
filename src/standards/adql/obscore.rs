//! The ObsCore query form: what an astronomer asks (a cone, a time interval, an energy
//! range in TeV, product types, levels, collections, facilities) turned into one ADQL
//! query over `ivoa.obscore`. Every typed value enters the query as a quoted literal or
//! a checked number, so no input can change the query's structure.

use super::quote::{number, string_literal};

/// h·c in eV·m: a photon of energy E has the wavelength hc/E. ObsCore's em_min/em_max
/// are wavelengths in metres, whatever the band ("from TeV to m").
pub const HC_EV_M: f64 = 1.239_841_984e-6;

/// Energy units a gamma-ray astronomer types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnergyUnit {
    KeV,
    MeV,
    GeV,
    TeV,
    PeV,
}

impl EnergyUnit {
    pub fn ev(self) -> f64 {
        match self {
            EnergyUnit::KeV => 1e3,
            EnergyUnit::MeV => 1e6,
            EnergyUnit::GeV => 1e9,
            EnergyUnit::TeV => 1e12,
            EnergyUnit::PeV => 1e15,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            EnergyUnit::KeV => "keV",
            EnergyUnit::MeV => "MeV",
            EnergyUnit::GeV => "GeV",
            EnergyUnit::TeV => "TeV",
            EnergyUnit::PeV => "PeV",
        }
    }

    pub fn parse(s: &str) -> Option<EnergyUnit> {
        Some(match s {
            "keV" => EnergyUnit::KeV,
            "MeV" => EnergyUnit::MeV,
            "GeV" => EnergyUnit::GeV,
            "TeV" => EnergyUnit::TeV,
            "PeV" => EnergyUnit::PeV,
            _ => return None,
        })
    }
}

/// Wavelength in metres of a photon of `energy` in `unit`.
pub fn energy_to_wavelength(energy: f64, unit: EnergyUnit) -> f64 {
    HC_EV_M / (energy * unit.ev())
}

/// Energy in `unit` of a photon of wavelength `metres`.
pub fn wavelength_to_energy(metres: f64, unit: EnergyUnit) -> f64 {
    HC_EV_M / metres / unit.ev()
}

/// What the cone is tested against. Imaging Cherenkov telescopes observe in wobble mode
/// (pointing 0.5–1.5° off the source, a field of view ~5° across), so a run whose field
/// holds the target can point outside a small cone: the field test finds it, the
/// pointing test misses it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ConeTest {
    /// `s_region` (the observation's footprint) intersects the cone: ObsCore's own answer
    /// to "which observations cover this sky?".
    #[default]
    Field,
    /// The pointing (`s_ra`, `s_dec`) lies within the cone: for services whose
    /// `s_region` is empty or unusable.
    Pointing,
}

impl ConeTest {
    /// Words for the form: what a match means.
    pub fn describe(self) -> &'static str {
        match self {
            ConeTest::Field => "field of view (s_region) intersects the cone",
            ConeTest::Pointing => "pointing (s_ra, s_dec) within the radius",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ConeTest::Field => "field",
            ConeTest::Pointing => "pointing",
        }
    }

    pub fn parse(s: &str) -> ConeTest {
        if s == "pointing" {
            ConeTest::Pointing
        } else {
            ConeTest::Field
        }
    }

    /// The ADQL condition for a cone (degrees, ICRS; already checked numbers).
    pub fn condition(self, ra: &str, dec: &str, r: &str) -> String {
        match self {
            ConeTest::Field => {
                format!("1=INTERSECTS(s_region, CIRCLE('ICRS', {ra}, {dec}, {r}))")
            }
            ConeTest::Pointing => {
                format!("1=CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', {ra}, {dec}, {r}))")
            }
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ObsCoreForm {
    pub table: String,
    /// (ra, dec, radius), degrees, ICRS.
    pub cone: Option<(f64, f64, f64)>,
    /// Whether the cone is tested against the field of view or the pointing.
    pub cone_test: ConeTest,
    /// MJD bounds; an observation matches if it overlaps [start, end].
    pub time_start: Option<f64>,
    pub time_end: Option<f64>,
    /// Energy bounds in `energy_unit`; an observation matches if its band overlaps.
    pub energy_min: Option<f64>,
    pub energy_max: Option<f64>,
    pub energy_unit: Option<EnergyUnit>,
    pub dataproduct_types: Vec<String>,
    pub calib_levels: Vec<u8>,
    pub collections: Vec<String>,
    pub facilities: Vec<String>,
    pub top: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormError(pub String);

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn num(v: f64, what: &str) -> Result<String, FormError> {
    number(v).ok_or_else(|| FormError(format!("the {what} is not a number")))
}

fn in_list(column: &str, values: &[String]) -> String {
    let items: Vec<String> = values.iter().map(|v| string_literal(v)).collect();
    if items.len() == 1 {
        format!("{column} = {}", items[0])
    } else {
        format!("{column} IN ({})", items.join(", "))
    }
}

impl ObsCoreForm {
    pub fn new() -> ObsCoreForm {
        ObsCoreForm {
            table: "ivoa.obscore".into(),
            ..ObsCoreForm::default()
        }
    }

    /// The WHERE conditions, one per constraint the form holds.
    pub fn conditions(&self) -> Result<Vec<String>, FormError> {
        let mut c = Vec::new();
        if let Some((ra, dec, r)) = self.cone {
            if !(0.0..=360.0).contains(&ra) || !(-90.0..=90.0).contains(&dec) {
                return Err(FormError("the target position is outside the sky".into()));
            }
            if !(r > 0.0 && r <= 180.0) {
                return Err(FormError(
                    "the radius must be greater than 0 and at most 180 degrees".into(),
                ));
            }
            c.push(self.cone_test.condition(
                &num(ra, "RA")?,
                &num(dec, "Dec")?,
                &num(r, "radius")?,
            ));
        }
        if let (Some(a), Some(b)) = (self.time_start, self.time_end) {
            if a > b {
                return Err(FormError("the time interval ends before it starts".into()));
            }
        }
        if let Some(end) = self.time_end {
            c.push(format!("t_min <= {}", num(end, "end time")?));
        }
        if let Some(start) = self.time_start {
            c.push(format!("t_max >= {}", num(start, "start time")?));
        }
        if self.energy_min.is_some() || self.energy_max.is_some() {
            let unit = self.energy_unit.unwrap_or(EnergyUnit::TeV);
            for e in [self.energy_min, self.energy_max].into_iter().flatten() {
                if e.is_nan() || e <= 0.0 {
                    return Err(FormError("energies must be positive".into()));
                }
            }
            if let (Some(a), Some(b)) = (self.energy_min, self.energy_max) {
                if a > b {
                    return Err(FormError("the lowest energy is above the highest".into()));
                }
            }
            // Higher energy, shorter wavelength: E_min bounds em_min from above.
            if let Some(e) = self.energy_min {
                c.push(format!(
                    "em_min <= {}",
                    num(energy_to_wavelength(e, unit), "energy")?
                ));
            }
            if let Some(e) = self.energy_max {
                c.push(format!(
                    "em_max >= {}",
                    num(energy_to_wavelength(e, unit), "energy")?
                ));
            }
        }
        if !self.dataproduct_types.is_empty() {
            c.push(in_list("dataproduct_type", &self.dataproduct_types));
        }
        if !self.calib_levels.is_empty() {
            let items: Vec<String> = self.calib_levels.iter().map(|l| l.to_string()).collect();
            c.push(if items.len() == 1 {
                format!("calib_level = {}", items[0])
            } else {
                format!("calib_level IN ({})", items.join(", "))
            });
        }
        if !self.collections.is_empty() {
            c.push(in_list("obs_collection", &self.collections));
        }
        if !self.facilities.is_empty() {
            c.push(in_list("facility_name", &self.facilities));
        }
        Ok(c)
    }

    pub fn to_adql(&self) -> Result<String, FormError> {
        let conditions = self.conditions()?;
        let top = self.top.map(|n| format!("TOP {n} ")).unwrap_or_default();
        let table = super::quote::table_name(if self.table.is_empty() {
            "ivoa.obscore"
        } else {
            &self.table
        });
        let mut q = format!("SELECT {top}* FROM {table}");
        if !conditions.is_empty() {
            q.push_str("\nWHERE ");
            q.push_str(&conditions.join("\n  AND "));
        }
        Ok(q)
    }
}

/// The query that fills a choice list (facilities, collections, product types).
pub fn distinct_values(table: &str, column: &str) -> String {
    format!(
        "SELECT DISTINCT {c} FROM {t} WHERE {c} IS NOT NULL ORDER BY {c}",
        c = super::quote::identifier(column),
        t = super::quote::table_name(table)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::adql::{check, Dialect};

    #[test]
    fn tev_to_metres() {
        // 1 TeV is 1.2398e-18 m; the H.E.S.S. DR1 fixture's em_min for 100 TeV is 1.239842e-20.
        assert!((energy_to_wavelength(1.0, EnergyUnit::TeV) - 1.239841984e-18).abs() < 1e-30);
        assert!((energy_to_wavelength(100.0, EnergyUnit::TeV) - 1.239842e-20).abs() < 1e-25);
        assert!((wavelength_to_energy(3.043451e-18, EnergyUnit::TeV) - 0.4074).abs() < 1e-4);
    }

    #[test]
    fn every_combination_is_valid_adql() {
        let mut f = ObsCoreForm::new();
        f.cone = Some((83.63308, 22.0145, 1.0));
        f.time_start = Some(53000.0);
        f.time_end = Some(54000.0);
        f.energy_min = Some(0.3);
        f.energy_max = Some(10.0);
        f.energy_unit = Some(EnergyUnit::TeV);
        f.dataproduct_types = vec!["event".into(), "cube".into()];
        f.calib_levels = vec![2];
        f.collections = vec!["HESS-DL3-DR1".into()];
        f.facilities = vec!["H.E.S.S.".into(), "O'Brien's \"scope\"".into()];
        f.top = Some(100);
        let q = f.to_adql().unwrap();
        assert!(check(&q, &Dialect::default()).is_ok(), "{q}");
        assert!(q.contains("em_min <= 4.13280661"), "{q}");
        assert!(q.contains("'O''Brien''s \"scope\"'"), "{q}");
        // Each constraint alone is valid too.
        for k in 0..7 {
            let mut g = ObsCoreForm::new();
            match k {
                0 => g.cone = f.cone,
                1 => g.time_start = f.time_start,
                2 => g.time_end = f.time_end,
                3 => g.energy_max = f.energy_max,
                4 => g.dataproduct_types = f.dataproduct_types.clone(),
                5 => g.calib_levels = vec![1, 2, 3],
                _ => g.facilities = f.facilities.clone(),
            }
            let q = g.to_adql().unwrap();
            assert!(check(&q, &Dialect::default()).is_ok(), "{q}");
        }
    }

    #[test]
    fn the_cone_tests_the_field_unless_asked_for_the_pointing() {
        let mut f = ObsCoreForm::new();
        f.cone = Some((83.63308, 22.0145, 1.0));
        let q = f.to_adql().unwrap();
        assert!(
            q.contains("1=INTERSECTS(s_region, CIRCLE('ICRS', 83.63308, 22.0145, 1))"),
            "{q}"
        );
        assert!(check(&q, &Dialect::default()).is_ok(), "{q}");
        f.cone_test = ConeTest::Pointing;
        let q = f.to_adql().unwrap();
        assert!(
            q.contains(
                "1=CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 83.63308, 22.0145, 1))"
            ),
            "{q}"
        );
        assert!(check(&q, &Dialect::default()).is_ok(), "{q}");
        assert_eq!(
            ConeTest::parse(ConeTest::Pointing.code()),
            ConeTest::Pointing
        );
        assert_eq!(ConeTest::parse("anything else"), ConeTest::Field);
    }

    #[test]
    fn hostile_values_stay_literals() {
        let mut f = ObsCoreForm::new();
        f.collections = vec!["x') OR 1=1 --".into()];
        let q = f.to_adql().unwrap();
        assert_eq!(
            q,
            "SELECT * FROM ivoa.obscore\nWHERE obs_collection = 'x'') OR 1=1 --'"
        );
        assert!(check(&q, &Dialect::default()).is_ok());
    }

    #[test]
    fn inconsistent_forms_are_explained() {
        let mut f = ObsCoreForm::new();
        f.time_start = Some(2.0);
        f.time_end = Some(1.0);
        assert!(f.to_adql().unwrap_err().0.contains("ends before"));
        let mut f = ObsCoreForm::new();
        f.energy_min = Some(-1.0);
        assert!(f.to_adql().is_err());
    }
}
