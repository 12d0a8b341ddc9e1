//! Plots of the result (plotters on a canvas, exportable as PNG and SVG): the sky
//! (a tangent plane fitted to the data around the target, or Hammer all-sky; ICRS or
//! galactic; points and footprints), a histogram of any numeric column, a scatter of any
//! two, and the time and energy coverage a gamma-ray astronomer reads an ObsCore result
//! through. Axes are in the units the table shows (TeV, UTC dates).
//!
//! One file per idea: the data of each kind (`sky`, `histogram`, `scatter`, `coverage`),
//! drawing it (`draw`), the controls (`controls`) and the panel that ties them to the
//! result (`view`). Frames, grids and labels are drawn by plotters; the points go
//! through the rasteriser (one pass for a million points) and are laid into the
//! plotting area. Selections are shared with the table: a box drawn or a point clicked
//! selects rows, selected rows are drawn larger and in red, and counted on the plot.

mod controls;
mod coverage;
mod draw;
mod histogram;
mod scatter;
mod sky;
mod view;

pub(super) use draw::draw_canvas;
pub use view::Plots;

use crate::app::cells::Rendering;
use crate::app::plot::chart::Labels;
use crate::app::plot::data::SkyFrame;
use crate::app::plot::hist::Histogram;
use crate::app::plot::Projection;
use crate::standards::votable::Table;

pub(super) const WIDTH: u32 = 760;
pub(super) const HEIGHT: u32 = 460;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Sky,
    Histogram,
    Scatter,
    Time,
    Energy,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    pub kind: Kind,
    pub frame: SkyFrame,
    pub zoom: bool,
    pub footprints: bool,
    pub column: Option<usize>,
    pub column2: Option<usize>,
    pub bins: usize,
    pub logx: bool,
    pub logy: bool,
}

/// The data of a plot, in plot coordinates (log axes already as log10).
#[derive(Default)]
pub(super) struct Prepared {
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub xlabel: String,
    pub ylabel: String,
    /// How tick values are written on linear axes (dates for MJD).
    pub xticks: Labels,
    pub yticks: Labels,
    pub title: String,
    pub logx: bool,
    pub logy: bool,
    /// (row, x, y)
    pub points: Vec<(u32, f64, f64)>,
    /// (row, x0, x1, y)
    pub segments: Vec<(u32, f64, f64, f64)>,
    pub hist: Option<(Histogram, Vec<Vec<u32>>)>,
    pub sky: Option<Projection>,
    pub outlines: Vec<(u32, Vec<(f64, f64)>)>,
    /// Counted cells (x, y, count) of a density map computed by the service.
    pub cells: Vec<(f64, f64, u64)>,
    pub target: Option<(f64, f64)>,
    pub note: Option<String>,
}

pub(super) fn log_or(v: f64, log: bool) -> f64 {
    if log {
        if v > 0.0 {
            v.log10()
        } else {
            f64::NAN
        }
    } else {
        v
    }
}

/// The plot of `rows` of the table that `spec` asks for.
fn prepare(
    t: &Table,
    renderings: &[Rendering],
    rows: &[u32],
    spec: &Spec,
    target: Option<(f64, f64)>,
) -> Result<Prepared, String> {
    let p = Prepared {
        x: (0.0, 1.0),
        y: (0.0, 1.0),
        logx: spec.logx,
        logy: spec.logy,
        ..Prepared::default()
    };
    match spec.kind {
        Kind::Sky => sky::prepare(t, rows, spec, target, p),
        Kind::Histogram => histogram::prepare(t, renderings, rows, spec, p),
        Kind::Scatter => scatter::prepare(t, renderings, rows, spec, p),
        Kind::Time | Kind::Energy => coverage::prepare(t, rows, spec.kind, p),
    }
}
