//! A plot as data: axes, series, an optional image and marks. The quick-look builds its
//! histograms, curves and maps as `Chart`s in pure code (tested on the host); the browser
//! draws any `Chart` the same way on a canvas or as SVG, and exports its numbers as the
//! same table the results view exports (CSV or VOTable), so a plot and its figures never
//! disagree.

use crate::standards::votable::column::{NullMask, TextData};
use crate::standards::votable::{ArraySize, Column, ColumnData, Datatype, Field, Table};

/// One axis: what it shows, in which unit, how.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Axis {
    pub label: String,
    pub unit: String,
    pub log: bool,
    /// Fixed range; `None` fits the data.
    pub range: Option<(f64, f64)>,
    /// Values grow to the left (right ascension on a sky map).
    pub reversed: bool,
    /// How tick values are written.
    pub labels: Labels,
}

/// How an axis writes its tick values.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Labels {
    #[default]
    Plain,
    /// The axis is an offset in degrees from `centre` along right ascension, scaled by
    /// cos(dec) (a tangent-plane map): ticks say the right ascension there.
    RaOffset { centre: f64, cos_dec: f64 },
    /// An offset in degrees from `centre` in declination: ticks say the declination.
    DecOffset { centre: f64 },
    /// The axis is MJD (UTC): ticks say the time of day in UTC.
    UtcFromMjd,
    /// The axis is MJD (UTC) over several nights: ticks say the date and the time.
    UtcDateFromMjd,
    /// The axis is MJD (UTC) over months or years: ticks say the date.
    DateFromMjd,
}

impl Labels {
    pub fn format(&self, v: f64) -> String {
        match *self {
            Labels::Plain => {
                let a = v.abs();
                if a != 0.0 && !(1e-3..1e5).contains(&a) {
                    format!("{v:.1e}")
                } else {
                    let s = format!("{v:.4}");
                    let s = s.trim_end_matches('0').trim_end_matches('.');
                    if s == "-0" {
                        "0".into()
                    } else {
                        s.to_owned()
                    }
                }
            }
            Labels::RaOffset { centre, cos_dec } => {
                let ra = (centre + v / cos_dec.max(1e-6)).rem_euclid(360.0);
                format!("{ra:.2}°")
            }
            Labels::DecOffset { centre } => format!("{:+.2}°", centre + v),
            Labels::UtcFromMjd => {
                let iso = crate::standards::time::mjd_to_iso(v);
                // "YYYY-MM-DDTHH:MM:SS…": the time of day is what changes along a run.
                iso.get(11..19).map(str::to_owned).unwrap_or(iso)
            }
            Labels::DateFromMjd => {
                let iso = crate::standards::time::mjd_to_iso(v);
                iso.get(..10).map(str::to_owned).unwrap_or(iso)
            }
            Labels::UtcDateFromMjd => {
                let iso = crate::standards::time::mjd_to_iso(v);
                match (iso.get(..10), iso.get(11..16)) {
                    (Some(d), Some(t)) => format!("{d} {t}"),
                    _ => iso,
                }
            }
        }
    }
}

impl Axis {
    pub fn new(label: &str, unit: &str) -> Axis {
        Axis {
            label: label.into(),
            unit: unit.into(),
            ..Axis::default()
        }
    }

    pub fn log(mut self) -> Axis {
        self.log = true;
        self
    }

    pub fn range(mut self, lo: f64, hi: f64) -> Axis {
        self.range = Some((lo, hi));
        self
    }

    /// "label [unit]", as an axis caption and a column description.
    pub fn caption(&self) -> String {
        if self.unit.is_empty() {
            self.label.clone()
        } else {
            format!("{} [{}]", self.label, self.unit)
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// A histogram: `x` holds n + 1 bin edges for n values.
    Steps,
    /// A curve through (x, y).
    Line,
    /// Markers at (x, y), with error bars when `err` is given.
    Points,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub label: String,
    pub rgb: (u8, u8, u8),
    pub style: Style,
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub err: Option<Vec<f64>>,
}

impl Series {
    /// The (lo, hi, y, err) of each value: bins for steps, points otherwise.
    pub fn rows(&self) -> impl Iterator<Item = (f64, f64, f64, Option<f64>)> + '_ {
        let steps = self.style == Style::Steps;
        self.y.iter().enumerate().filter_map(move |(k, &y)| {
            let err = self.err.as_ref().and_then(|e| e.get(k).copied());
            if steps {
                Some((*self.x.get(k)?, *self.x.get(k + 1)?, y, err))
            } else {
                let x = *self.x.get(k)?;
                Some((x, x, y, err))
            }
        })
    }
}

/// A map of values on a regular grid: `values[iy * nx + ix]`, `iy` growing with y.
#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    pub nx: usize,
    pub ny: usize,
    pub values: Vec<f64>,
    /// The grid's outer edges in axis units.
    pub x: (f64, f64),
    pub y: (f64, f64),
    /// Colours on a logarithmic scale (counts maps span decades).
    pub log: bool,
    /// What a pixel holds ("counts", "migration probability").
    pub label: String,
}

impl Image {
    pub fn value(&self, ix: usize, iy: usize) -> f64 {
        self.values
            .get(iy * self.nx + ix)
            .copied()
            .unwrap_or(f64::NAN)
    }

    /// The smallest and largest finite value (positive only on a log scale).
    pub fn value_range(&self) -> Option<(f64, f64)> {
        let usable = |v: &f64| v.is_finite() && (!self.log || *v > 0.0);
        let mut it = self.values.iter().copied().filter(usable);
        let first = it.next()?;
        Some(it.fold((first, first), |(lo, hi), v| (lo.min(v), hi.max(v))))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    /// A labelled cross (target, pointing).
    Cross {
        x: f64,
        y: f64,
        label: String,
        rgb: (u8, u8, u8),
    },
    /// A circle of radius `r` in axis units (an ON or OFF region).
    Circle {
        x: f64,
        y: f64,
        r: f64,
        label: String,
        rgb: (u8, u8, u8),
    },
    /// A vertical line (a cut, a threshold).
    VLine {
        x: f64,
        label: String,
        rgb: (u8, u8, u8),
    },
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chart {
    /// A short stable name, for files and element ids ("theta2", "counts-map").
    pub id: String,
    pub title: String,
    pub x: Axis,
    pub y: Axis,
    pub series: Vec<Series>,
    pub image: Option<Image>,
    pub marks: Vec<Mark>,
    /// Sentences shown under the plot (what was cut, what is missing).
    pub notes: Vec<String>,
    /// A degree is as long on x as on y (a sky map): drawn on a square plotting area.
    pub equal_axes: bool,
}

fn fold_range(acc: Option<(f64, f64)>, v: f64, log: bool) -> Option<(f64, f64)> {
    if !v.is_finite() || (log && v <= 0.0) {
        return acc;
    }
    Some(match acc {
        None => (v, v),
        Some((lo, hi)) => (lo.min(v), hi.max(v)),
    })
}

/// The range of an axis with nothing on it.
fn empty(log: bool) -> (f64, f64) {
    if log {
        (1.0, 10.0)
    } else {
        (0.0, 1.0)
    }
}

/// Widens an empty or degenerate range so that it can be drawn.
fn padded((lo, hi): (f64, f64), log: bool) -> (f64, f64) {
    if hi > lo {
        return (lo, hi);
    }
    if log {
        (lo / 10.0, hi * 10.0)
    } else if lo == 0.0 {
        (-1.0, 1.0)
    } else {
        let d = lo.abs() * 0.1;
        (lo - d, hi + d)
    }
}

impl Chart {
    /// The x and y ranges to draw: fixed where the axis says so, else the data's (with
    /// error bars, marks and the image), never empty.
    pub fn bounds(&self) -> ((f64, f64), (f64, f64)) {
        let (mut xr, mut yr) = (None, None);
        for s in &self.series {
            for &x in &s.x {
                xr = fold_range(xr, x, self.x.log);
            }
            for (k, &y) in s.y.iter().enumerate() {
                let e = s
                    .err
                    .as_ref()
                    .and_then(|e| e.get(k))
                    .copied()
                    .unwrap_or(0.0);
                yr = fold_range(yr, y - e, self.y.log);
                yr = fold_range(yr, y + e, self.y.log);
            }
        }
        if let Some(img) = &self.image {
            for v in [img.x.0, img.x.1] {
                xr = fold_range(xr, v, self.x.log);
            }
            for v in [img.y.0, img.y.1] {
                yr = fold_range(yr, v, self.y.log);
            }
        }
        for m in &self.marks {
            match m {
                Mark::Cross { x, y, .. } | Mark::Circle { x, y, .. } => {
                    xr = fold_range(xr, *x, self.x.log);
                    yr = fold_range(yr, *y, self.y.log);
                }
                Mark::VLine { x, .. } => xr = fold_range(xr, *x, self.x.log),
            }
        }
        // Bars and counts start at zero on a linear axis.
        if !self.y.log && self.series.iter().any(|s| s.style == Style::Steps) {
            yr = fold_range(yr, 0.0, false);
        }
        let x = self
            .x
            .range
            .unwrap_or_else(|| padded(xr.unwrap_or(empty(self.x.log)), self.x.log));
        let y = self.y.range.unwrap_or_else(|| {
            let (lo, hi) = padded(yr.unwrap_or(empty(self.y.log)), self.y.log);
            // Room above the highest value for the labels.
            if self.y.log {
                (lo, hi * 1.5)
            } else {
                (lo, hi + (hi - lo) * 0.05)
            }
        });
        (x, y)
    }

    /// The plotted numbers as a table: one row per bin or point of every series
    /// (`series`, `x_lo`, `x_hi`, `y`, `y_err`), or per pixel of the image (`x`, `y`,
    /// `value`, pixel centres); units from the axes. Exported by the same CSV and VOTable
    /// writers as a query's result.
    pub fn table(&self) -> Table {
        let mut t = Table {
            name: Some(self.id.clone()),
            description: Some(self.title.clone()),
            ..Table::default()
        };
        let unit = |a: &Axis| (!a.unit.is_empty()).then(|| a.unit.clone());
        let double = |name: &str, axis: Option<&Axis>, description: String| {
            let mut f = Field::new(name, Datatype::Double);
            f.unit = axis.and_then(unit);
            f.description = Some(description);
            f
        };
        let column = |v: Vec<f64>| {
            let mut nulls = NullMask::with_capacity(v.len());
            for x in &v {
                nulls.push(!x.is_finite());
            }
            Column {
                data: ColumnData::Double(v),
                nulls,
            }
        };
        if let Some(img) = &self.image {
            let (mut xs, mut ys, mut vs) = (Vec::new(), Vec::new(), Vec::new());
            let dx = (img.x.1 - img.x.0) / img.nx.max(1) as f64;
            let dy = (img.y.1 - img.y.0) / img.ny.max(1) as f64;
            for iy in 0..img.ny {
                for ix in 0..img.nx {
                    xs.push(img.x.0 + (ix as f64 + 0.5) * dx);
                    ys.push(img.y.0 + (iy as f64 + 0.5) * dy);
                    vs.push(img.value(ix, iy));
                }
            }
            t.fields = vec![
                double(
                    "x",
                    Some(&self.x),
                    format!("{} (pixel centre)", self.x.caption()),
                ),
                double(
                    "y",
                    Some(&self.y),
                    format!("{} (pixel centre)", self.y.caption()),
                ),
                double("value", None, img.label.clone()),
            ];
            t.columns = vec![column(xs), column(ys), column(vs)];
            return t;
        }
        let mut names = TextData::default();
        let (mut lo, mut hi, mut y, mut err) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for s in &self.series {
            for (a, b, v, e) in s.rows() {
                // Labels are short plot legends; nothing near TextData's limit.
                let _ = names.push(&s.label);
                lo.push(a);
                hi.push(b);
                y.push(v);
                err.push(e.unwrap_or(f64::NAN));
            }
        }
        let n = lo.len();
        let mut text = Field::new("series", Datatype::Char);
        text.arraysize = Some(ArraySize {
            dims: vec![0],
            variable: true,
        });
        text.description = Some("Which curve of the plot the row belongs to".into());
        t.fields = vec![
            text,
            double(
                "x_lo",
                Some(&self.x),
                format!("{}: lower bin edge", self.x.caption()),
            ),
            double(
                "x_hi",
                Some(&self.x),
                format!("{}: upper bin edge", self.x.caption()),
            ),
            double("y", Some(&self.y), self.y.caption()),
            double(
                "y_err",
                Some(&self.y),
                format!("{}: 1σ uncertainty", self.y.caption()),
            ),
        ];
        t.columns = vec![
            Column {
                data: ColumnData::Text(names),
                nulls: {
                    let mut m = NullMask::with_capacity(n);
                    (0..n).for_each(|_| m.push(false));
                    m
                },
            },
            column(lo),
            column(hi),
            column(y),
            column(err),
        ];
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hist() -> Chart {
        Chart {
            id: "h".into(),
            title: "t".into(),
            x: Axis::new("θ²", "deg2"),
            y: Axis::new("events", ""),
            series: vec![
                Series {
                    label: "ON".into(),
                    rgb: (0, 0, 0),
                    style: Style::Steps,
                    x: vec![0.0, 0.1, 0.2],
                    y: vec![5.0, 2.0],
                    err: Some(vec![2.2, 1.4]),
                },
                Series {
                    label: "OFF × α".into(),
                    rgb: (0, 0, 0),
                    style: Style::Steps,
                    x: vec![0.0, 0.1, 0.2],
                    y: vec![1.0, 1.5],
                    err: None,
                },
            ],
            ..Chart::default()
        }
    }

    #[test]
    fn steps_become_one_row_per_bin_with_units() {
        let t = hist().table();
        assert_eq!(t.row_count(), 4);
        let names: Vec<&str> = t.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["series", "x_lo", "x_hi", "y", "y_err"]);
        assert_eq!(t.fields[1].unit.as_deref(), Some("deg2"));
        assert_eq!(t.columns[0].str_at(3), Some("OFF × α"));
        assert_eq!(t.columns[1].f64_at(1), Some(0.1));
        assert_eq!(t.columns[2].f64_at(1), Some(0.2));
        assert_eq!(t.columns[3].f64_at(2), Some(1.0));
        assert_eq!(t.columns[4].f64_at(0), Some(2.2));
        // No error given: a null, not a zero.
        assert!(t.columns[4].is_null(3));
        let csv = crate::app::export::csv(&t, None);
        assert!(csv.starts_with("series,x_lo,x_hi,y,y_err"), "{csv}");
    }

    #[test]
    fn bounds_take_error_bars_and_start_bars_at_zero() {
        let ((x0, x1), (y0, y1)) = hist().bounds();
        assert_eq!((x0, x1), (0.0, 0.2));
        assert_eq!(y0, 0.0);
        assert!(y1 >= 7.2, "{y1}");
    }

    #[test]
    fn image_rows_are_pixel_centres() {
        let c = Chart {
            x: Axis::new("x", "deg"),
            y: Axis::new("y", "deg"),
            image: Some(Image {
                nx: 2,
                ny: 2,
                values: vec![1.0, 2.0, 3.0, 4.0],
                x: (-1.0, 1.0),
                y: (0.0, 2.0),
                log: true,
                label: "counts".into(),
            }),
            ..Chart::default()
        };
        let t = c.table();
        assert_eq!(t.row_count(), 4);
        assert_eq!(t.columns[0].f64_at(1), Some(0.5));
        assert_eq!(t.columns[1].f64_at(2), Some(1.5));
        assert_eq!(t.columns[2].f64_at(3), Some(4.0));
        assert_eq!(
            c.image.as_ref().and_then(Image::value_range),
            Some((1.0, 4.0))
        );
    }

    #[test]
    fn tick_labels_say_sky_and_clock_values() {
        let ra = Labels::RaOffset {
            centre: 83.63,
            cos_dec: 0.5,
        };
        assert_eq!(ra.format(1.0), "85.63°");
        assert_eq!(ra.format(-90.0), "263.63°");
        assert_eq!(Labels::DecOffset { centre: 22.01 }.format(-0.5), "+21.51°");
        // MJD 51910.5 is 2001-01-01 12:00 UTC.
        assert_eq!(Labels::UtcFromMjd.format(51910.5), "12:00:00");
        assert_eq!(Labels::UtcDateFromMjd.format(51911.25), "2001-01-02 06:00");
        assert_eq!(Labels::Plain.format(0.0125), "0.0125");
        assert_eq!(Labels::Plain.format(2.5e-5), "2.5e-5");
        assert_eq!(Labels::Plain.format(100.0), "100");
    }

    #[test]
    fn empty_and_log_ranges_stay_drawable() {
        let mut c = Chart {
            y: Axis::new("n", "").log(),
            ..Chart::default()
        };
        c.series.push(Series {
            label: "a".into(),
            rgb: (0, 0, 0),
            style: Style::Points,
            x: vec![1.0],
            y: vec![0.0],
            err: None,
        });
        let ((x0, x1), (y0, y1)) = c.bounds();
        assert!(x1 > x0 && y1 > y0 && y0 > 0.0);
    }
}
