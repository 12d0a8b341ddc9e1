//! The quick-look analysis of DL3 event lists: what an astronomer looks at first (counts
//! map, θ² signal, spectrum, light curve, instrument response, run facts), computed in
//! the page from the event list itself. Pure: slices and `gadf` models in, numbers out;
//! drawing belongs to the UI.
//!
//! Everything is f64 (TIME needs it; positions and energies are widened on reading).

pub mod bins;
pub mod charts;
pub mod counts_map;
pub mod irf_view;
pub mod light_curve;
pub mod lima;
pub mod met_time;
pub mod products;
pub mod reference;
pub mod regions;
pub mod run_facts;
pub mod sky;
pub mod spectrum;
pub mod stack;
pub mod theta2;

use serde::Serialize;

/// The attribution the H.E.S.S. DL3 DR1 terms ask for wherever the data are shown (the
/// quick-look, the page's credits), with the terms' one restriction.
pub const HESS_ATTRIBUTION: &str = "This work made use of data from the H.E.S.S. DL3 public test data release 1 (HESS DL3 DR1, H.E.S.S. collaboration, 2018). No scientific publications may be derived from these data.";

/// A reconstructed-energy cut in TeV: min ≤ E < max. Unbounded ends are infinite
/// (and serialise to JSON as null).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct EnergyRange {
    pub min_tev: f64,
    pub max_tev: f64,
}

impl Default for EnergyRange {
    /// Every event.
    fn default() -> Self {
        EnergyRange {
            min_tev: f64::NEG_INFINITY,
            max_tev: f64::INFINITY,
        }
    }
}

impl EnergyRange {
    pub fn contains(&self, e: f64) -> bool {
        e >= self.min_tev && e < self.max_tev
    }
}
