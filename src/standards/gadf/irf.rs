//! The instrument response HDUs of a GADF run: effective area (AEFF_2D), energy
//! dispersion (EDISP_2D), point-spread function (PSF_TABLE) and background (BKG_3D).
//!
//! Each is one row of vector columns: the axes as _LO/_HI pairs and the matrix with a
//! TDIM whose first axis varies fastest. The matrices are kept flat in that order and
//! indexed through methods, so no reader or caller transposes anything. The offset axis
//! (THETA) of the H.E.S.S. DR1 files has THETA_LO == THETA_HI: nodes, not bins, so it is
//! kept as node values.

use super::read::{table, Table};
use super::GadfError;
use crate::standards::fits::Fits;

/// Lower and upper edges of one axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    pub lo: Vec<f64>,
    pub hi: Vec<f64>,
}

impl Axis {
    pub fn len(&self) -> usize {
        self.lo.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lo.is_empty()
    }

    /// The bin with lo ≤ v < hi (edges as stored, f32 widened to f64).
    pub fn bin(&self, v: f64) -> Option<usize> {
        self.lo
            .iter()
            .zip(&self.hi)
            .position(|(&lo, &hi)| lo <= v && v < hi)
    }

    /// Geometric bin centres (for log axes such as energy).
    pub fn log_centres(&self) -> Vec<f64> {
        self.lo
            .iter()
            .zip(&self.hi)
            .map(|(&a, &b)| (a * b).sqrt())
            .collect()
    }

    /// Arithmetic bin centres.
    pub fn centres(&self) -> Vec<f64> {
        self.lo
            .iter()
            .zip(&self.hi)
            .map(|(&a, &b)| (a + b) / 2.0)
            .collect()
    }

    /// The node nearest to v, by the lower edge (for zero-width offset nodes).
    pub fn nearest_node(&self, v: f64) -> Option<usize> {
        (0..self.lo.len())
            .min_by(|&a, &b| (self.lo[a] - v).abs().total_cmp(&(self.lo[b] - v).abs()))
    }
}

fn axis(t: &Table<'_, '_>, base: &str, unit: Option<&'static str>) -> Result<Axis, GadfError> {
    let (lo_name, hi_name) = (format!("{base}_LO"), format!("{base}_HI"));
    if let Some(u) = unit {
        t.require_unit(&lo_name, u)?;
    }
    let lo = t.column(&lo_name)?;
    let hi = t.column(&hi_name)?;
    if lo.len() != hi.len() || lo.is_empty() {
        return Err(t.bad_shape(
            &hi_name,
            format!("{} upper edges for {} lower edges", hi.len(), lo.len()),
        ));
    }
    Ok(Axis { lo, hi })
}

/// Reads `name`, checking it holds prod(dims) values and that its TDIM (when given)
/// lists the axes in this order, first fastest.
fn matrix(t: &Table<'_, '_>, name: &str, dims: &[usize]) -> Result<Vec<f64>, GadfError> {
    let values = t.column(name)?;
    let want: usize = dims.iter().product();
    if let Some(tdim) = t.tdim(name) {
        if tdim != dims {
            return Err(t.bad_shape(
                name,
                format!("TDIM is {tdim:?} but the axis columns give {dims:?} (first axis fastest)"),
            ));
        }
    }
    if values.len() != want {
        return Err(t.bad_shape(
            name,
            format!(
                "{} values, the axes need {want} (the table must have exactly one row)",
                values.len()
            ),
        ));
    }
    Ok(values)
}

/// Effective area A(E_true, θ) in m².
#[derive(Clone, Debug, PartialEq)]
pub struct Aeff2d {
    /// True energy, TeV.
    pub energy: Axis,
    /// Offset from the pointing, degrees (nodes in DR1).
    pub theta: Axis,
    /// `values[itheta * n_energy + ienergy]`, m².
    pub values: Vec<f64>,
    /// Safe energy range (LO_THRES, HI_THRES), TeV, when the header gives it.
    pub lo_thres: Option<f64>,
    pub hi_thres: Option<f64>,
}

impl Aeff2d {
    pub fn read(fits: &Fits<'_>) -> Result<Aeff2d, GadfError> {
        let t = table(fits, "AEFF")?;
        let energy = axis(&t, "ENERG", Some("TeV"))?;
        let theta = axis(&t, "THETA", Some("deg"))?;
        let values = matrix(&t, "EFFAREA", &[energy.len(), theta.len()])?;
        Ok(Aeff2d {
            energy,
            theta,
            values,
            lo_thres: t.opt_f64("LO_THRES"),
            hi_thres: t.opt_f64("HI_THRES"),
        })
    }

    pub fn value(&self, itheta: usize, ienergy: usize) -> f64 {
        self.values[itheta * self.energy.len() + ienergy]
    }

    /// The curve A(E) at one offset node.
    pub fn curve(&self, itheta: usize) -> &[f64] {
        let n = self.energy.len();
        &self.values[itheta * n..(itheta + 1) * n]
    }
}

/// Energy dispersion: probability density in migra = E_reco/E_true.
#[derive(Clone, Debug, PartialEq)]
pub struct Edisp2d {
    pub energy: Axis,
    pub migra: Axis,
    pub theta: Axis,
    /// `matrix[(itheta * n_migra + imigra) * n_energy + ienergy]`.
    pub matrix: Vec<f64>,
}

impl Edisp2d {
    pub fn read(fits: &Fits<'_>) -> Result<Edisp2d, GadfError> {
        let t = table(fits, "EDISP")?;
        let energy = axis(&t, "ENERG", Some("TeV"))?;
        let migra = axis(&t, "MIGRA", None)?;
        let theta = axis(&t, "THETA", Some("deg"))?;
        let matrix = matrix(&t, "MATRIX", &[energy.len(), migra.len(), theta.len()])?;
        Ok(Edisp2d {
            energy,
            migra,
            theta,
            matrix,
        })
    }

    pub fn value(&self, itheta: usize, imigra: usize, ienergy: usize) -> f64 {
        self.matrix[(itheta * self.migra.len() + imigra) * self.energy.len() + ienergy]
    }
}

/// Radial PSF table: dP/dΩ (sr⁻¹) against the distance from the true direction.
#[derive(Clone, Debug, PartialEq)]
pub struct PsfTable {
    pub energy: Axis,
    pub theta: Axis,
    /// Distance from the true direction, degrees.
    pub rad: Axis,
    /// `rpsf[(irad * n_theta + itheta) * n_energy + ienergy]`, sr⁻¹.
    pub rpsf: Vec<f64>,
}

impl PsfTable {
    pub fn read(fits: &Fits<'_>) -> Result<PsfTable, GadfError> {
        let t = table(fits, "PSF")?;
        let energy = axis(&t, "ENERG", Some("TeV"))?;
        let theta = axis(&t, "THETA", Some("deg"))?;
        let rad = axis(&t, "RAD", Some("deg"))?;
        let rpsf = matrix(&t, "RPSF", &[energy.len(), theta.len(), rad.len()])?;
        Ok(PsfTable {
            energy,
            theta,
            rad,
            rpsf,
        })
    }

    pub fn value(&self, irad: usize, itheta: usize, ienergy: usize) -> f64 {
        self.rpsf[(irad * self.theta.len() + itheta) * self.energy.len() + ienergy]
    }
}

/// Background rate per energy and solid angle in field-of-view coordinates.
#[derive(Clone, Debug, PartialEq)]
pub struct Bkg3d {
    /// Field-of-view coordinates, degrees.
    pub detx: Axis,
    pub dety: Axis,
    /// Reconstructed energy, TeV.
    pub energy: Axis,
    /// `bkg[(ienergy * n_dety + idety) * n_detx + idetx]`, MeV⁻¹ s⁻¹ sr⁻¹.
    pub bkg: Vec<f64>,
}

impl Bkg3d {
    pub fn read(fits: &Fits<'_>) -> Result<Bkg3d, GadfError> {
        let t = table(fits, "BKG")?;
        let detx = axis(&t, "DETX", Some("deg"))?;
        let dety = axis(&t, "DETY", Some("deg"))?;
        let energy = axis(&t, "ENERG", Some("TeV"))?;
        let bkg = matrix(&t, "BKG", &[detx.len(), dety.len(), energy.len()])?;
        Ok(Bkg3d {
            detx,
            dety,
            energy,
            bkg,
        })
    }

    pub fn value(&self, ienergy: usize, idety: usize, idetx: usize) -> f64 {
        self.bkg[(ienergy * self.dety.len() + idety) * self.detx.len() + idetx]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_bins_are_half_open_and_nodes_are_nearest() {
        let a = Axis {
            lo: vec![0.9085177, 1.0000001],
            hi: vec![1.0000001, 1.1],
        };
        assert_eq!(
            a.bin(1.0),
            Some(0),
            "FORMAT.md: 1 TeV falls below the stored f32 edge 1.0000001"
        );
        assert_eq!(a.bin(1.0000001), Some(1));
        assert_eq!(a.bin(1.1), None);
        let theta = Axis {
            lo: vec![0.0, 0.5, 1.0],
            hi: vec![0.0, 0.5, 1.0],
        };
        assert_eq!(theta.bin(0.5), None, "zero-width nodes hold no bin");
        assert_eq!(theta.nearest_node(0.7), Some(1));
        assert_eq!(theta.nearest_node(0.8), Some(2));
    }
}
