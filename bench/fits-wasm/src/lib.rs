//! What the bench/fits page calls, on plain (already gunzipped) FITS bytes the page
//! passes in: the decode the app does (parse + EVENTS columns widened to f64), with a
//! checksum the astropy side computes the same way, and a profile of the quick-look
//! steps after the download (parse, DlRun::read, stacking, building the charts).

use voscope::standards::fits::Fits;
use voscope::standards::gadf::DlRun;
use voscope::app::quicklook::stack::{Stack, StackConfig};
use wasm_bindgen::prelude::*;

/// The EVENTS columns the quick-look reads, and EVENT_ID (an i64 column, so that the
/// integer path is timed as well).
const COLUMNS: [&str; 5] = ["EVENT_ID", "TIME", "RA", "DEC", "ENERGY"];

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance)]
    fn now() -> f64;
}

fn js_error(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

/// The wrapping sum of the f64 bit patterns, kept to 53 bits so a JS number holds it
/// exactly: order-independent and exact, so astropy's numpy sum must give the same
/// number for the same values (a float sum would depend on the summation order).
fn bits_sum(values: &[f64]) -> u64 {
    values.iter().fold(0u64, |a, v| a.wrapping_add(v.to_bits()))
}

const MASK53: u64 = (1 << 53) - 1;

/// Decodes one event list as the app does (Fits::parse of every HDU, then
/// BinTable::column_f64 of each column) and returns `[rows, checksum]`, the checksum
/// being [`bits_sum`] over the five columns, masked to 53 bits.
#[wasm_bindgen]
pub fn decode_events(bytes: &[u8]) -> Result<Vec<f64>, JsValue> {
    let fits = Fits::parse(bytes).map_err(js_error)?;
    let events = fits
        .hdu("EVENTS")
        .and_then(|h| h.table())
        .ok_or("no EVENTS table")?;
    let mut sum = 0u64;
    for name in COLUMNS {
        let column = events.column_f64(name).map_err(js_error)?;
        sum = sum.wrapping_add(bits_sum(&column));
    }
    Ok(vec![events.nrows() as f64, (sum & MASK53) as f64])
}

/// How many bytes of a FITS file hold every HDU up to and including the one named
/// `last` (its data unpadded): -1 while `prefix` does not yet hold all those headers
/// (or they are not readable). With it the page can stop inflating a `.fits.gz` once the
/// HDUs it needs are in: what the app could do for the stacked runs, whose EDISP, PSF and
/// BKG (more than half of each file) it throws away.
#[wasm_bindgen]
pub fn prefix_len(prefix: &[u8], last: &str) -> f64 {
    use voscope::standards::fits::header::{parse_header, BLOCK};
    let mut at = 0usize;
    for index in 0.. {
        let Ok((header, data_start)) = parse_header(prefix, at, index) else {
            return -1.0;
        };
        let axis = |k: String| header.get_i64(&k).and_then(|v| usize::try_from(v).ok());
        let (Some(naxis), Some(bitpix)) = (axis("NAXIS".into()), header.get_i64("BITPIX")) else {
            return -1.0;
        };
        let elements = if naxis == 0 {
            Some(0)
        } else {
            (1..=naxis).try_fold(1usize, |a, i| a.checked_mul(axis(format!("NAXIS{i}"))?))
        };
        let pcount = axis("PCOUNT".into()).unwrap_or(0);
        let gcount = axis("GCOUNT".into()).unwrap_or(1);
        let size = elements
            .and_then(|e| e.checked_add(if index == 0 { 0 } else { pcount }))
            .and_then(|e| e.checked_mul(gcount))
            .and_then(|e| e.checked_mul(bitpix.unsigned_abs() as usize / 8));
        let Some(end) = size.and_then(|s| data_start.checked_add(s)) else {
            return -1.0;
        };
        if header.get_str("EXTNAME").map(str::trim) == Some(last) {
            return end as f64;
        }
        at = end.div_ceil(BLOCK) * BLOCK;
    }
    -1.0
}

/// Bytes of linear memory: it only grows, so at the end it is the peak.
#[wasm_bindgen]
pub fn memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}

/// The quick-look's work after each download, step by step as `quicklook_state::open`
/// and `quicklook_view::analyse` do it, with the time of each step (ms).
#[wasm_bindgen]
pub struct StackProfile {
    runs: Vec<DlRun>,
    parse_ms: f64,
    read_ms: f64,
}

#[wasm_bindgen]
impl StackProfile {
    #[wasm_bindgen(constructor)]
    pub fn new() -> StackProfile {
        StackProfile {
            runs: Vec::new(),
            parse_ms: 0.0,
            read_ms: 0.0,
        }
    }

    /// Parses one run and reads it into a DlRun (every IRF, as the app does), then drops
    /// the IRFs but the first run's, as the app does.
    pub fn add(&mut self, bytes: &[u8]) -> Result<(), JsValue> {
        let t0 = now();
        let fits = Fits::parse(bytes).map_err(js_error)?;
        let t1 = now();
        let mut run = DlRun::read(&fits).map_err(js_error)?;
        self.parse_ms += t1 - t0;
        self.read_ms += now() - t1;
        if !self.runs.is_empty() {
            run.edisp = None;
            run.psf = None;
            run.bkg = None;
        }
        self.runs.push(run);
        Ok(())
    }

    /// Stacks every run on the first run's target and builds the quick-look charts (not
    /// drawn): `[parse_ms, read_ms, stack_ms, charts_ms, runs, events]`.
    pub fn finish(&self) -> Result<Vec<f64>, JsValue> {
        let first = self.runs.first().ok_or("no runs")?;
        let target = first
            .target()
            .unwrap_or((first.events.ra_pnt, first.events.dec_pnt));
        let t0 = now();
        let mut stack = Stack::new(StackConfig::quicklook(target));
        for r in &self.runs {
            stack.add(r);
        }
        let t1 = now();
        let pointings: Vec<(f64, f64)> = self
            .runs
            .iter()
            .map(|r| (r.events.ra_pnt, r.events.dec_pnt))
            .collect();
        use voscope::app::quicklook::charts;
        let mut n = 0usize;
        n += charts::counts_map(&stack, &pointings, true).series.len();
        n += charts::theta2(&stack).series.len();
        n += charts::spectrum(&stack).series.len();
        n += charts::light_curve(&stack, charts::CurveOf::ExcessRate)
            .series
            .len();
        n += [
            charts::effective_area(first),
            charts::psf_radius(first),
            charts::energy_dispersion(first),
            charts::background_rate(first),
        ]
        .iter()
        .flatten()
        .count();
        let t2 = now();
        if n == 0 {
            return Err("no chart was built".into());
        }
        Ok(vec![
            self.parse_ms,
            self.read_ms,
            t1 - t0,
            t2 - t1,
            stack.runs.len() as f64,
            stack.n_events as f64,
        ])
    }
}

impl Default for StackProfile {
    fn default() -> Self {
        StackProfile::new()
    }
}
