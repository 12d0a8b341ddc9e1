//! The GTI HDU: the good time intervals, outside which events are not to be counted.

use super::read::table;
use super::GadfError;
use crate::standards::fits::Fits;

/// Good time intervals as (START, STOP) MET seconds, in file order. An event at t is
/// inside when START ≤ t < STOP for some interval.
#[derive(Clone, Debug, PartialEq)]
pub struct Gti {
    pub intervals: Vec<(f64, f64)>,
}

impl Gti {
    pub fn read(fits: &Fits<'_>) -> Result<Gti, GadfError> {
        let t = table(fits, "GTI")?;
        let start = t.column("START")?;
        let stop = t.column("STOP")?;
        if start.len() != stop.len() {
            return Err(t.bad_shape(
                "STOP",
                format!("{} values for {} STARTs", stop.len(), start.len()),
            ));
        }
        Ok(Gti {
            intervals: start.into_iter().zip(stop).collect(),
        })
    }

    pub fn contains(&self, t: f64) -> bool {
        self.intervals.iter().any(|&(a, b)| a <= t && t < b)
    }

    /// Total time inside the intervals, seconds.
    pub fn duration(&self) -> f64 {
        self.intervals.iter().map(|&(a, b)| (b - a).max(0.0)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_is_half_open() {
        let g = Gti {
            intervals: vec![(10.0, 20.0), (30.0, 35.0)],
        };
        assert!(g.contains(10.0) && g.contains(19.999) && g.contains(30.0));
        assert!(!g.contains(20.0) && !g.contains(25.0) && !g.contains(35.0) && !g.contains(9.0));
        assert_eq!(g.duration(), 15.0);
    }
}
