//! Plots of a result, the data side: projections, histograms, coverage intervals, and a
//! rasteriser that turns up to millions of points into pixels in one pass. The browser
//! side (ui/plots/) draws frames and labels with plotters and lays these pixels in.

pub mod chart;
pub mod data;
pub mod hist;
pub mod hits;
pub mod projection;
pub mod raster;

pub use projection::Projection;
