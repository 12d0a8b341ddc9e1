//! How far a long action has got, in words that mean something: what is done (rows and
//! bytes, or runs), of how much where that is known, the rate, and the time left.
//!
//! The rate is measured from the first unit received, not from the request: the wait for
//! a service to start answering says nothing about how fast the answer then comes, and
//! counting it would make the estimate of the time left too long. No rate or estimate is
//! given before a second of data (a guess from a few chunks jumps about), and none when
//! the total is unknown or was wrong (a gzip-encoded answer's Content-Length counts the
//! compressed bytes: once more arrived than announced, the total is dropped).

use super::cells::human_size;

/// What the action counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Bytes of a download or a file.
    Bytes,
    /// Event lists of a quick-look stack.
    Runs,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub unit: Unit,
    /// Units done so far.
    pub done: f64,
    /// Units in all, when known (Content-Length, a file's size, the runs asked for).
    pub total: Option<f64>,
    /// Rows read so far, for a table being read.
    pub rows: Option<usize>,
    /// Bytes read so far, when the unit is not bytes (the runs' downloads).
    pub bytes: Option<f64>,
    /// When the first unit came, and how many had come then (ms, units).
    first: Option<(f64, f64)>,
    /// The latest update's time (ms).
    at: f64,
}

/// Seconds of data before a rate and an estimate are given.
const SETTLE_MS: f64 = 1000.0;

impl Progress {
    pub fn new(unit: Unit, total: Option<f64>, now_ms: f64) -> Progress {
        Progress {
            unit,
            done: 0.0,
            total: total.filter(|t| t.is_finite() && *t > 0.0),
            rows: None,
            bytes: None,
            first: None,
            at: now_ms,
        }
    }

    /// Records that `done` units are done at `now_ms`.
    pub fn update(&mut self, done: f64, now_ms: f64) {
        if self.first.is_none() && done > 0.0 {
            self.first = Some((now_ms, done));
        }
        self.done = done;
        self.at = now_ms;
        if self.total.is_some_and(|t| done > t) {
            self.total = None;
        }
    }

    /// Units per second since the first unit came, once there is a second of data.
    pub fn rate(&self) -> Option<f64> {
        let (t0, d0) = self.first?;
        let dt = self.at - t0;
        (dt >= SETTLE_MS && self.done > d0).then(|| (self.done - d0) / (dt / 1000.0))
    }

    /// The fraction done, when the total is known.
    pub fn fraction(&self) -> Option<f64> {
        self.total.map(|t| (self.done / t).clamp(0.0, 1.0))
    }

    /// Seconds left at the current rate, when the total is known.
    pub fn seconds_left(&self) -> Option<f64> {
        let rate = self.rate()?;
        let total = self.total?;
        Some(((total - self.done).max(0.0)) / rate)
    }

    /// "12 345 rows, 45.2 MB of 876 MB (5 %), 38.1 MB/s, about 22 s left": the parts known.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(rows) = self.rows {
            parts.push(format!("{} rows", grouped(rows as u64)));
        }
        match self.unit {
            Unit::Bytes => parts.push(match self.total {
                Some(t) => format!(
                    "{} of {} ({})",
                    human_size(self.done),
                    human_size(t),
                    percent(self.done / t)
                ),
                None => format!("{} so far", human_size(self.done)),
            }),
            Unit::Runs => {
                let done = self.done as u64;
                parts.push(match self.total {
                    Some(t) => format!("{done} of {} runs read", t as u64),
                    None => format!("{done} runs read"),
                });
                if let Some(b) = self.bytes.filter(|b| *b > 0.0) {
                    parts.push(format!("{} downloaded", human_size(b)));
                }
            }
        }
        if let Some(rate) = self.rate() {
            parts.push(match self.unit {
                Unit::Bytes => format!("{}/s", human_size(rate)),
                Unit::Runs => format!("{} runs/s", one_decimal(rate)),
            });
        }
        if let Some(s) = self.seconds_left() {
            if self.fraction().is_some_and(|f| f < 1.0) {
                parts.push(format!("about {} left", duration(s)));
            }
        }
        parts.join(", ")
    }
}

fn one_decimal(v: f64) -> String {
    if v >= 10.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn percent(f: f64) -> String {
    let p = (f * 100.0).clamp(0.0, 100.0);
    // 99.6 % is not "100 %" while something is still to come.
    if p > 99.0 && p < 100.0 {
        "99 %".into()
    } else {
        format!("{p:.0} %")
    }
}

/// 1234567 as "1 234 567" (thin groups, as the results view counts rows).
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// A time left, rounded as a person says it: "3 s", "45 s", "2 min 10 s", "1 h 5 min".
pub fn duration(seconds: f64) -> String {
    let s = seconds.max(0.0).ceil() as u64;
    match s {
        0..=59 => format!("{} s", s.max(1)),
        60..=3599 => {
            // Past a minute, ten seconds are as precise as an estimate is.
            let s10 = s.div_ceil(10) * 10;
            let (m, r) = (s10 / 60, s10 % 60);
            if r == 0 {
                format!("{m} min")
            } else {
                format!("{m} min {r} s")
            }
        }
        _ => {
            let m = s.div_ceil(60);
            format!("{} h {} min", m / 60, m % 60)
        }
    }
}

/// A body's length in the bytes its reader will see: Content-Length, unless the body is
/// content-encoded (then it counts the compressed bytes). A cross-origin answer may hide
/// its encoding; [`Progress::update`] drops a total that more bytes than it exceed.
pub fn announced_length(
    content_length: Option<&str>,
    content_encoding: Option<&str>,
) -> Option<u64> {
    if content_encoding.is_some_and(|e| !e.trim().eq_ignore_ascii_case("identity")) {
        return None;
    }
    content_length?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encoded_body_has_no_known_length() {
        assert_eq!(announced_length(Some("1234"), None), Some(1234));
        assert_eq!(
            announced_length(Some(" 1234 "), Some("identity")),
            Some(1234)
        );
        assert_eq!(announced_length(Some("1234"), Some("gzip")), None);
        assert_eq!(announced_length(Some("12x"), None), None);
        assert_eq!(announced_length(None, None), None);
    }

    #[test]
    fn no_rate_before_a_second_of_data_and_none_counted_for_the_wait() {
        let mut p = Progress::new(Unit::Bytes, Some(100e6), 0.0);
        // The service thinks for 5 s, then answers at 10 MB/s.
        p.update(1e6, 5000.0);
        p.update(5e6, 5400.0);
        assert_eq!(p.rate(), None, "under a second of data");
        assert_eq!(p.seconds_left(), None);
        p.update(21e6, 7000.0);
        let rate = p.rate().expect("two seconds of data");
        assert!((rate - 10e6).abs() < 1.0, "{rate}");
        let left = p.seconds_left().expect("total known");
        assert!((left - 7.9).abs() < 1e-9, "{left}");
    }

    #[test]
    fn describes_a_table_download_with_and_without_its_size() {
        let mut p = Progress::new(Unit::Bytes, Some(876.0 * 1024.0 * 1024.0), 0.0);
        p.rows = Some(12_345);
        p.update(1024.0 * 1024.0, 100.0);
        p.update(46.0 * 1024.0 * 1024.0, 1100.0);
        assert_eq!(
            p.describe(),
            "12\u{202f}345 rows, 46 MB of 876 MB (5 %), 45 MB/s, about 19 s left"
        );
        let mut q = Progress::new(Unit::Bytes, None, 0.0);
        q.rows = Some(7);
        q.update(2048.0, 10.0);
        assert_eq!(q.describe(), "7 rows, 2 kB so far");
    }

    #[test]
    fn a_total_exceeded_is_dropped_not_shown_as_over_100_percent() {
        // A gzip-encoded answer: Content-Length counted the compressed bytes.
        let mut p = Progress::new(Unit::Bytes, Some(1000.0), 0.0);
        p.update(900.0, 10.0);
        assert_eq!(p.fraction(), Some(0.9));
        p.update(1500.0, 2000.0);
        assert_eq!(p.total, None);
        assert_eq!(p.seconds_left(), None);
        assert!(
            p.describe().ends_with("so far, 302 bytes/s"),
            "{}",
            p.describe()
        );
    }

    #[test]
    fn zero_or_nonsense_totals_are_unknown() {
        assert_eq!(Progress::new(Unit::Bytes, Some(0.0), 0.0).total, None);
        assert_eq!(Progress::new(Unit::Bytes, Some(f64::NAN), 0.0).total, None);
        assert_eq!(Progress::new(Unit::Bytes, Some(-5.0), 0.0).total, None);
    }

    #[test]
    fn describes_a_stack_of_runs() {
        let mut p = Progress::new(Unit::Runs, Some(105.0), 0.0);
        p.bytes = Some(3.0 * 1024.0 * 1024.0);
        p.update(1.0, 200.0);
        assert_eq!(p.describe(), "1 of 105 runs read, 3 MB downloaded");
        p.update(41.0, 2200.0);
        assert_eq!(
            p.describe(),
            "41 of 105 runs read, 3 MB downloaded, 20 runs/s, about 4 s left"
        );
    }

    #[test]
    fn nothing_left_is_not_announced() {
        let mut p = Progress::new(Unit::Bytes, Some(100.0), 0.0);
        p.update(10.0, 0.0);
        p.update(100.0, 2000.0);
        assert!(!p.describe().contains("left"), "{}", p.describe());
        assert!(p.describe().contains("(100 %)"));
    }

    #[test]
    fn percent_never_rounds_up_to_done() {
        assert_eq!(percent(0.996), "99 %");
        assert_eq!(percent(1.0), "100 %");
        assert_eq!(percent(0.054), "5 %");
    }

    #[test]
    fn durations_and_groups_as_people_write_them() {
        assert_eq!(duration(0.2), "1 s");
        assert_eq!(duration(44.1), "45 s");
        assert_eq!(duration(61.0), "1 min 10 s");
        assert_eq!(duration(120.0), "2 min");
        assert_eq!(duration(3725.0), "1 h 3 min");
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1\u{202f}000");
        assert_eq!(grouped(1_234_567), "1\u{202f}234\u{202f}567");
    }
}
